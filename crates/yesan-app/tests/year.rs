//! Opening 2024 from the default dataset's 2023 and closing 2023, in
//! memory (the store's part is in the year-end walk story): the skeleton
//! keeps the lines with zero amounts, the carry-over funds the carried
//! commitments, a 2024 payment references one, and the 결산 adds up.

use yesan_app::year::{close, open_next, parse_carry};
use yesan_domain::dataset::Parts;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::year::{YearError, first_day, open_commitments};
use yesan_domain::{Dataset, LineKind, Won};

fn default_2023() -> Dataset {
    yesan_dataset::default_dataset().expect("default dataset")
}

fn with_entries(d: &Dataset, more: Vec<Entry>) -> Dataset {
    let mut entries = d.ledger.entries().to_vec();
    entries.extend(more);
    Dataset::new(Parts {
        institution: d.institution.clone(),
        org: d.org.clone(),
        staffing: d.staffing.clone(),
        budget: d.budget.clone(),
        programs: d.programs.clone(),
        projects: d.projects.clone(),
        amendments: d.amendments.clone(),
        expected: d.expected,
        entries,
    })
    .expect("valid")
}

#[test]
fn open_carry_pay_and_close() {
    let d23 = default_2023();
    let open = open_commitments(&d23.ledger);
    assert!(open.len() >= 2, "the default ledger has open commitments");
    let (a, b) = (&open[0], &open[1]);
    let half = Won::new(a.open.get() / 2);
    let args = vec![format!("{}:{}", a.doc_no, half.get()), b.doc_no.clone()];
    let opened = open_next(&d23, 2024, &parse_carry(&args).expect("args"), &[]).expect("open");
    let d24 = &opened.dataset;
    assert_eq!(d24.budget.fiscal_year(), 2024);
    assert_eq!(d24.institution.as_of, first_day(2024));
    assert_eq!(d24.staffing.as_of, first_day(2024));
    let codes = |d: &Dataset| {
        d.budget
            .lines()
            .iter()
            .map(|l| l.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(d24), codes(&d23));
    assert_eq!(d24.budget.total(LineKind::Expenditure).amount, Won::ZERO);
    assert_eq!(d24.projects.len(), d23.projects.len());
    // The 이월 amendment funds exactly the carried commitments.
    let jan1 = d24.budget_on(first_day(2024));
    assert_eq!(jan1.total(LineKind::Expenditure).amount, half + b.open);
    let carried: Vec<&Entry> = d24.ledger.entries().iter().collect();
    assert_eq!(carried.len(), 2);
    assert_eq!(carried[0].reference.as_deref(), Some(a.doc_no.as_str()));
    assert_eq!(carried[0].doc_no, format!("2023이월-{}", a.doc_no));

    // Paying the second in 2024 against its carried commitment.
    let pay = Entry {
        doc_no: "2024-D-1".into(),
        date: first_day(2024).succ_opt().expect("day"),
        kind: EntryKind::Disburse,
        line: b.line.clone(),
        amount: b.open,
        reference: Some(carried[1].doc_no.clone()),
        counterparty: None,
        memo: None,
    };
    let d24 = with_entries(d24, vec![pay.clone()]);
    // One won more than carried is refused by budget control.
    let over = Entry {
        doc_no: "2024-D-2".into(),
        amount: Won::new(1),
        ..pay
    };
    assert!(
        Dataset::new(Parts {
            institution: d24.institution.clone(),
            org: d24.org.clone(),
            staffing: d24.staffing.clone(),
            budget: d24.budget.clone(),
            programs: d24.programs.clone(),
            projects: d24.projects.clone(),
            amendments: d24.amendments.clone(),
            expected: d24.expected,
            entries: [d24.ledger.entries().to_vec(), vec![over]].concat(),
        })
        .is_err()
    );

    let closed = close(&d23, Some(&d24)).expect("close");
    let s = &closed.statement;
    assert_eq!(s.total.carried, half + b.open);
    assert_eq!(
        s.total.final_budget,
        s.total.disbursed + s.total.carried + s.total.lapsed
    );
    assert_eq!(
        s.total.final_budget,
        d23.budget_on(yesan_domain::year::last_day(2023))
            .total(LineKind::Expenditure)
            .amount
    );
    for l in &s.lines {
        let f = l.figures;
        assert_eq!(
            f.final_budget,
            f.disbursed + f.carried + f.lapsed,
            "{}",
            l.code
        );
        assert!(!f.lapsed.is_negative(), "{}", l.code);
    }
    // Certified: same figures, same bytes, same hash.
    assert_eq!(closed.sha256.len(), 64);
    assert_eq!(
        close(&d23, Some(&d24)).expect("again").sha256,
        closed.sha256
    );
    assert_ne!(close(&d23, None).expect("no carry").sha256, closed.sha256);
    assert!(closed.json.contains("\"carried\""));
}

#[test]
fn carrying_more_than_is_open_is_refused() {
    let d23 = default_2023();
    let a = &open_commitments(&d23.ledger)[0];
    let args = vec![format!("{}:{}", a.doc_no, a.open.get() + 1)];
    let e = open_next(&d23, 2024, &parse_carry(&args).expect("args"), &[]).expect_err("over");
    assert_eq!(
        e,
        YearError::ExceedsOpen {
            doc_no: a.doc_no.clone(),
            open: a.open,
            requested: a.open + Won::new(1)
        }
    );
    assert!(e.to_string().starts_with("이월 초과"), "{e}");
    assert!(matches!(
        open_next(&d23, 2025, &[], &[]),
        Err(YearError::NotNextYear {
            previous: 2023,
            year: 2025
        })
    ));
    assert!(parse_carry(&["X:abc".into()]).is_err());
}

#[test]
fn an_ended_project_leaves_with_its_line_unless_carried() {
    let d23 = default_2023();
    let p = &d23.projects[0];
    let opened = open_next(&d23, 2024, &[], std::slice::from_ref(&p.code)).expect("open");
    assert!(opened.dataset.projects.iter().all(|q| q.code != p.code));
    assert!(opened.dataset.budget.line(&p.line).is_none());
    assert_eq!(opened.dataset.projects.len(), d23.projects.len() - 1);
    // Carrying a commitment on its line keeps the line.
    let open = open_commitments(&d23.ledger);
    let (q, c) = d23
        .projects
        .iter()
        .find_map(|q| open.iter().find(|c| c.line == q.line).map(|c| (q, c)))
        .expect("a project with an open commitment");
    let choice = yesan_domain::year::CarryChoice {
        doc_no: c.doc_no.clone(),
        amount: None,
    };
    let kept = open_next(&d23, 2024, &[choice], std::slice::from_ref(&q.code)).expect("open");
    assert!(kept.dataset.projects.iter().all(|x| x.code != q.code));
    assert!(kept.dataset.budget.line(&q.line).is_some());
    let unknown = yesan_domain::ProjectCode::parse("NOPE").expect("code");
    assert!(matches!(
        open_next(&d23, 2024, &[], &[unknown]),
        Err(YearError::UnknownProject { .. })
    ));
}

/// The years of one institution in memory, as the store keeps them.
#[derive(Default)]
struct Mem {
    years: std::sync::Mutex<std::collections::BTreeMap<i32, Dataset>>,
    closed: std::sync::Mutex<Vec<(i32, String, String)>>,
}

impl yesan_app::year::Years for Mem {
    type Failure = yesan_app::Error;
    async fn load_year(&self, year: i32) -> Result<Option<Dataset>, Self::Failure> {
        Ok(self.years.lock().expect("lock").get(&year).cloned())
    }
    async fn add_year(&self, d: &Dataset, _actor: &str) -> Result<(), Self::Failure> {
        self.years
            .lock()
            .expect("lock")
            .insert(d.budget.fiscal_year(), d.clone());
        Ok(())
    }
    async fn close_year(
        &self,
        year: i32,
        sha: &str,
        json: &str,
        _actor: &str,
    ) -> Result<(), Self::Failure> {
        self.closed
            .lock()
            .expect("lock")
            .push((year, sha.into(), json.into()));
        Ok(())
    }
    async fn closed_years(&self) -> Result<Vec<i32>, Self::Failure> {
        Ok(self
            .closed
            .lock()
            .expect("lock")
            .iter()
            .map(|c| c.0)
            .collect())
    }
}

#[tokio::test]
async fn open_and_close_through_the_store_calls() {
    use yesan_app::year::{close_recorded, open};
    let mem = Mem::default();
    let d23 = default_2023();
    let oc = open_commitments(&d23.ledger);
    mem.years.lock().expect("lock").insert(2023, d23);
    let carry = parse_carry(&[oc[0].doc_no.clone()]).expect("args");
    assert!(matches!(
        open(&mem, 2025, &[], &[], "planner").await,
        Err(yesan_app::Error::Invalid(m)) if m.ko.contains("2024년 자료가 없어")
    ));
    let opened = open(&mem, 2024, &carry, &[], "planner")
        .await
        .expect("open");
    assert_eq!(opened.carry.total(), oc[0].open);
    assert!(
        open(&mem, 2024, &[], &[], "planner").await.is_err(),
        "opened twice"
    );
    let closed = close_recorded(&mem, 2023, "planner").await.expect("close");
    // Nothing more is carried out of a closed year (its certificate says
    // what was): reopening 2024 from scratch with a carry-over is refused.
    mem.years.lock().expect("lock").remove(&2024);
    assert!(matches!(
        open(&mem, 2024, &carry, &[], "planner").await,
        Err(yesan_app::Error::Invalid(m)) if m.ko.contains("마감되어 이월할 수 없습니다")
    ));
    assert_eq!(closed.statement.total.carried, oc[0].open);
    let kept = mem.closed.lock().expect("lock").clone();
    assert_eq!(
        kept,
        vec![(2023, closed.sha256.clone(), closed.json.clone())]
    );
    assert!(matches!(
        close_recorded(&mem, 2023, "planner").await,
        Err(yesan_app::Error::Invalid(m)) if m.ko.contains("이미 결산으로 마감")
    ));
}

#[test]
fn the_statement_in_every_format() {
    use yesan_app::publish::ReportFormat as F;
    let closed = close(&default_2023(), None).expect("close");
    let r = closed.report(yesan_domain::message::Lang::Ko);
    let md =
        String::from_utf8(yesan_app::year::render(&r, F::Markdown).expect("md")).expect("utf8");
    assert!(
        md.starts_with("# 서울디지털재단 2023회계연도 세출 결산"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&yesan_app::year::render(&r, F::Json).expect("json")).expect("json");
    assert_eq!(json["statement"]["total"]["carried"], 0);
    let html = yesan_app::year::render(&r, F::Html).expect("html");
    assert!(html.starts_with(b"<!DOCTYPE html>"));
    assert!(
        yesan_app::year::render(&r, F::Pdf)
            .expect("pdf")
            .starts_with(b"%PDF")
    );
    for f in [F::Xlsx, F::Hwpx] {
        assert!(
            yesan_app::year::render(&r, f)
                .expect("zip")
                .starts_with(b"PK")
        );
    }
}
