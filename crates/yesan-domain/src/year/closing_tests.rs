//! The closing statement's figures by hand, and its roll-up invariants
//! under any ledger and any admissible carry-over (proptest).

use super::*;
use crate::amendment::{Amendment, AmendmentKind, LineDelta};
use crate::budget::BudgetLine;
use crate::entry::{Entry, EntryKind};
use crate::year::{CarryChoice, open_commitments};
use proptest::prelude::*;

fn code(s: &str) -> LineCode {
    LineCode::parse(s).unwrap()
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).unwrap()
}

/// P (인건비) = P.1 1,000; G (사업비) = G.1 (G.1.a 600 + G.1.b 400) + G.2 300.
fn budget() -> Budget {
    let l = |c: &str, p: Option<&str>, cat: Option<Category>, a: Option<i64>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: cat,
        name: format!("{c} 과목"),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    };
    Budget::new(
        2023,
        String::new(),
        vec![
            l("P", None, Some(Category::Personnel), None),
            l("P.1", Some("P"), None, Some(1000)),
            l("G", None, Some(Category::Program), None),
            l("G.1", Some("G"), None, None),
            l("G.1.a", Some("G.1"), None, Some(600)),
            l("G.1.b", Some("G.1"), None, Some(400)),
            l("G.2", Some("G"), None, Some(300)),
        ],
    )
    .unwrap()
}

fn entry(
    doc: &str,
    date: NaiveDate,
    kind: EntryKind,
    line: &str,
    won: i64,
    r: Option<&str>,
) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: code(line),
        amount: Won::new(won),
        reference: r.map(Into::into),
        counterparty: None,
        memo: None,
    }
}

#[test]
fn figures_by_hand() {
    use EntryKind::*;
    let b = budget();
    // A 추경 of +200 on G.2 in July: its 예산현액 on 12-31 is 500.
    let amendments = vec![Amendment {
        no: "2023-추경-1".into(),
        date: day(7, 1),
        kind: AmendmentKind::Supplementary,
        note: "추경".into(),
        changes: vec![LineDelta {
            line: code("G.2"),
            delta: Won::new(200),
        }],
    }];
    let schedule = Schedule::new(&amendments);
    let ledger = Ledger::new(
        &b,
        &schedule,
        vec![
            entry("C1", day(2, 1), Commit, "P.1", 900, None),
            entry("D1", day(3, 1), Disburse, "P.1", 900, Some("C1")),
            entry("C2", day(4, 1), Commit, "G.1.a", 500, None),
            entry("D2", day(5, 1), Disburse, "G.1.a", 300, Some("C2")),
            entry("Y2", day(5, 9), DisburseCancel, "G.1.a", 100, Some("D2")),
            entry("C3", day(8, 1), Commit, "G.2", 450, None),
            entry("D3", day(9, 1), Disburse, "G.2", 150, Some("C3")),
        ],
    )
    .unwrap();
    // Open on 12-31: C2 500 − 300 + 100 = 300; C3 450 − 150 = 300.
    let open: Vec<i64> = open_commitments(&ledger)
        .iter()
        .map(|o| o.open.get())
        .collect();
    assert_eq!(open, vec![300, 300]);
    let carry = CarryOver::select(
        2023,
        &ledger,
        &[
            CarryChoice {
                doc_no: "C2".into(),
                amount: Some(Won::new(250)),
            },
            CarryChoice {
                doc_no: "C3".into(),
                amount: None,
            },
        ],
    )
    .unwrap();
    let s = ClosingStatement::of("재단", &b, &schedule, &ledger, &carry).unwrap();
    let row = |c: &str| {
        let f = s.lines.iter().find(|l| l.code == code(c)).unwrap().figures;
        [f.final_budget, f.disbursed, f.carried, f.lapsed].map(Won::get)
    };
    assert_eq!(row("P.1"), [1000, 900, 0, 100]);
    assert_eq!(row("G.1.a"), [600, 200, 250, 150]);
    assert_eq!(row("G.1.b"), [400, 0, 0, 400]);
    assert_eq!(row("G.1"), [1000, 200, 250, 550]);
    assert_eq!(row("G.2"), [500, 150, 300, 50]);
    assert_eq!(row("G"), [1500, 350, 550, 600]);
    let t = s.total;
    assert_eq!(
        [t.final_budget, t.disbursed, t.carried, t.lapsed].map(Won::get),
        [2500, 1250, 550, 700]
    );
    assert_eq!(s.categories.len(), 2);
    assert_eq!(s.categories[0].0, Category::Personnel);
    assert_eq!(s.closed_on, day(12, 31));
}

#[test]
fn a_carry_over_of_another_year_or_ledger_is_refused() {
    let b = budget();
    let ledger = Ledger::default();
    let e = ClosingStatement::of(
        "재단",
        &b,
        &Schedule::default(),
        &ledger,
        &CarryOver::none(2022),
    )
    .unwrap_err();
    assert!(matches!(
        e,
        YearError::WrongYear {
            carried_from: 2022,
            fiscal_year: 2023
        }
    ));
    // A carry-over checked against nothing: G.2 would lapse △700.
    let forged = CarryOver {
        from_year: 2023,
        items: vec![crate::year::CarriedCommitment {
            original: "C9".into(),
            line: code("G.2"),
            amount: Won::new(1000),
            counterparty: None,
            memo: None,
        }],
    };
    let e = ClosingStatement::of("재단", &b, &Schedule::default(), &ledger, &forged).unwrap_err();
    assert!(
        e.to_string().contains("불용액이 0원보다 작습니다: G.2"),
        "{e}"
    );
}

const LEAVES: [&str; 4] = ["P.1", "G.1.a", "G.1.b", "G.2"];

proptest! {
    /// Whatever was committed, paid and carried (within what is open), the
    /// four figures add up on every row (예산현액 = 지출 + 이월 + 불용),
    /// every parent is the sum of its children, the total the sum of the
    /// categories, 불용액 is never negative and the 이월액 is all carried.
    /// At most 30 commitments of at most 10원 fit every leaf (G.2 has 300).
    #[test]
    fn closing_adds_up_at_every_level(
        cases in proptest::collection::vec((0usize..4, 1i64..=10, 1u32..28, 0i64..=10, 0i64..=12, any::<bool>()), 0..30)
    ) {
        let b = budget();
        let mut entries = Vec::new();
        let mut choices = Vec::new();
        for (i, (l, a, d, pay, carry, pick)) in cases.iter().enumerate() {
            let c = format!("C{i}");
            entries.push(entry(&c, day(6, *d), EntryKind::Commit, LEAVES[*l], *a, None));
            let pay = (*pay).min(*a);
            if pay > 0 {
                entries.push(entry(&format!("D{i}"), day(6, *d), EntryKind::Disburse, LEAVES[*l], pay, Some(&c)));
            }
            let open = a - pay;
            if *pick && open > 0 {
                choices.push(CarryChoice { doc_no: c, amount: Some(Won::new((*carry).clamp(1, open))) });
            }
        }
        let ledger = Ledger::new(&b, &Schedule::default(), entries).expect("valid by construction");
        let carry = CarryOver::select(2023, &ledger, &choices).expect("within what is open");
        let s = ClosingStatement::of("재단", &b, &Schedule::default(), &ledger, &carry).expect("adds up");
        let by: HashMap<&LineCode, ClosingFigures> = s.lines.iter().map(|l| (&l.code, l.figures)).collect();
        for l in &s.lines {
            let f = l.figures;
            prop_assert_eq!(f.final_budget, f.disbursed + f.carried + f.lapsed);
            prop_assert!(!f.lapsed.is_negative());
            if !l.leaf {
                let kids = b.children(&l.code).fold(ClosingFigures::default(), |a, k| a.add(by[&k.code]));
                prop_assert_eq!(kids, f);
            }
        }
        let cats = s.categories.iter().fold(ClosingFigures::default(), |a, (_, f)| a.add(*f));
        prop_assert_eq!(cats, s.total);
        prop_assert_eq!(s.total.carried, carry.total());
        prop_assert_eq!(s.total.final_budget, Won::new(2300));
    }
}
