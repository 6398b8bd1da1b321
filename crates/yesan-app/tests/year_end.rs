//! The year-end walk (issue 11's Done-when), on both backends: open 2024
//! from the default dataset's 2023 carrying two open commitments, pay one
//! in 2024 against its carried commitment, close 2023; then a 2023-dated
//! entry is refused by the store and by the database itself, the 결산
//! shows 이월액 and 불용액 that add up, and the certified statement's hash
//! is in the audit log.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;

use chrono::NaiveDate;
use yesan_app::year::{close_recorded, open, parse_carry};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::year::{first_day, last_day, open_commitments};
use yesan_domain::{LineKind, Won};
use yesan_store::{Store, StoreError};

fn entry(
    doc: &str,
    date: NaiveDate,
    kind: EntryKind,
    line: &yesan_domain::LineCode,
    won: Won,
    r: Option<&str>,
) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: line.clone(),
        amount: won,
        reference: r.map(Into::into),
        counterparty: None,
        memo: None,
    }
}

async fn story(store: Store) {
    let d23 = yesan_dataset::default_dataset().expect("dataset");
    store.init(&d23, "tester").await.expect("init");
    let open23 = open_commitments(&d23.ledger);
    let (a, b) = (&open23[0], &open23[1]);
    let half_b = Won::new(b.open.get() / 2);

    // Open 2024, carrying all of a and half of b.
    let carry =
        parse_carry(&[a.doc_no.clone(), format!("{}:{}", b.doc_no, half_b.get())]).expect("carry");
    let opened = open(&store, 2024, &carry, &[], "planner")
        .await
        .expect("open 2024");
    assert_eq!(opened.carry.total(), a.open + half_b);
    let y24 = store
        .scoped(store.institution_code(), Some(2024))
        .await
        .expect("2024 handle");
    assert_eq!(y24.fiscal_year(), 2024);
    let d24 = y24.load().await.expect("load 2024");
    let codes = |d: &yesan_domain::Dataset| {
        d.budget
            .lines()
            .iter()
            .map(|l| l.code.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(codes(&d24), codes(&d23));
    // 2024's priors are 2023's final budget (예산현액 on 12-31), computed
    // from the recorded 2023 through the mapping (by code).
    let c24 = yesan_app::years::catalog(&y24)
        .await
        .expect("2024 with priors");
    let final23 = d23.budget_on(last_day(2023));
    for l in c24.budget.lines() {
        assert_eq!(
            c24.budget.figures(&l.code).and_then(|f| f.prior),
            final23.figures(&l.code).map(|f| f.amount),
            "{}",
            l.code
        );
    }
    assert_eq!(
        c24.budget.total(LineKind::Expenditure).prior,
        Some(final23.total(LineKind::Expenditure).amount)
    );
    assert_eq!(
        d24.budget_on(first_day(2024))
            .total(LineKind::Expenditure)
            .amount,
        a.open + half_b,
        "the 이월 amendment funds the carried commitments, nothing else"
    );

    // Pay a in full in 2024, against its carried commitment.
    let carried_a = format!("2023이월-{}", a.doc_no);
    y24.record(
        &[entry(
            "2024-D-1",
            NaiveDate::from_ymd_opt(2024, 1, 15).expect("d"),
            EntryKind::Disburse,
            &a.line,
            a.open,
            Some(&carried_a),
        )],
        "finance",
        "form",
    )
    .await
    .expect("a 2024 payment against the carried commitment");

    // Close 2023 (the handle of 2023 and the one of 2024 are one institution).
    let closed = close_recorded(&store, 2023, "planner")
        .await
        .expect("close 2023");
    let s = &closed.statement;
    assert_eq!(s.total.carried, a.open + half_b);
    assert_eq!(
        s.total.final_budget,
        s.total.disbursed + s.total.carried + s.total.lapsed
    );
    assert_eq!(
        s.total.final_budget,
        d23.budget_on(last_day(2023))
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
    let line_a = s
        .lines
        .iter()
        .find(|l| l.code == a.line)
        .expect("a's line")
        .figures;
    assert!(line_a.carried >= a.open);
    assert_eq!(store.closed_years().await.expect("closed"), [2023]);
    let audit = store.audit_log(5).await.expect("audit");
    assert!(
        audit.iter().any(|e| e.action == "close_year"
            && e.after
                .as_deref()
                .is_some_and(|x| x.contains(&closed.sha256))),
        "{audit:?}"
    );

    // A 2023-dated entry is refused by the store, with the reason …
    let late = entry(
        "LATE-1",
        NaiveDate::from_ymd_opt(2023, 12, 30).expect("d"),
        EntryKind::Commit,
        &a.line,
        Won::new(1_000),
        None,
    );
    let err = store
        .record(&[late], "finance", "form")
        .await
        .expect_err("closed");
    assert!(
        matches!(err, StoreError::YearClosed { year: 2023, .. }),
        "{err:?}"
    );
    // … and by the database itself.
    let raw = format!(
        "INSERT INTO entries (institution_id, fiscal_year, doc_no, date, kind, line, amount, recorded_at) \
         VALUES (1, 2023, 'RAW-1', '2023-12-30', 'commit', '{}', 5, '2023-12-30T00:00:00Z')",
        a.line
    );
    let err = sqlx::query(&raw)
        .execute(store.pool())
        .await
        .expect_err("the trigger");
    assert!(err.to_string().contains("마감"), "{err}");

    // The 2024 ledger still takes its own year's entries.
    let b_carried = format!("2023이월-{}", b.doc_no);
    y24.record(
        &[entry(
            "2024-D-2",
            NaiveDate::from_ymd_opt(2024, 2, 1).expect("d"),
            EntryKind::Disburse,
            &b.line,
            half_b,
            Some(&b_carried),
        )],
        "finance",
        "form",
    )
    .await
    .expect("2024 stays open");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_year_end_walk_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_year_end_walk_postgres() {
    if let Some(store) = common::postgres_store().await {
        story(store).await;
    }
}
