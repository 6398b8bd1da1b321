//! Fixtures shared by the tests of several crates (a dev-dependency of
//! yesan-report, yesan-publish and yesan-app; never of the product). Each
//! is data a test states its expected figures against by hand — the
//! figures are in the doc comments — so a fixture here must not change
//! without the tests that use it.

pub mod book;

use chrono::NaiveDate;
use yesan_domain::amendment::Schedule;
use yesan_domain::budget::{Budget, BudgetLine, Category, LineKind};
use yesan_domain::execution::{Entry, EntryKind, Ledger};
use yesan_domain::year::{CarryChoice, CarryOver, ClosingStatement};
use yesan_domain::{Dataset, LineCode, Won};

/// The seed's as-of date, 2023-10-18.
pub fn as_of() -> NaiveDate {
    day(10, 18)
}

/// A date of 2023.
pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("a date of 2023")
}

/// A line code.
pub fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("a line code")
}

/// An entry with no counterparty or memo.
pub fn entry(
    doc: &str,
    date: NaiveDate,
    kind: EntryKind,
    line: &str,
    amount: i64,
    reference: Option<&str>,
) -> Entry {
    Entry {
        doc_no: doc.into(),
        date,
        kind,
        line: code(line),
        amount: Won::new(amount),
        reference: reference.map(str::to_owned),
        counterparty: None,
        memo: None,
    }
}

/// The second institution of the consolidated view's tests, 서울테스트재단
/// (code `stf` where a test adds it): the default dataset with 인건비 (E1)
/// and 서울시출연금 (R1) each 500,000천원 larger, so 10,220,439천원 on
/// both sides, and a ledger of three entries: 200,000천원 committed on E1
/// (2-1) of which 150,000 paid (3-2), and 30,000 committed on E3.1.1 (4-3).
pub fn second_institution() -> Dataset {
    let mut d = yesan_dataset::default_dataset().expect("the default dataset");
    d.institution.name_ko = "서울테스트재단".into();
    d.institution.name_en = "Seoul Test Foundation".into();
    let amounts = [("E1", 2_896_332_000), ("R1", 8_589_247_000)]
        .into_iter()
        .map(|(c, a)| (code(c), Won::new(a)))
        .collect();
    d.budget = d.budget.with_leaf_amounts(&amounts).expect("budget");
    d.schedule = Schedule::new(&d.amendments);
    let entries = vec![
        entry("B-1", day(2, 1), EntryKind::Commit, "E1", 200_000_000, None),
        entry(
            "B-2",
            day(3, 2),
            EntryKind::Disburse,
            "E1",
            150_000_000,
            Some("B-1"),
        ),
        entry(
            "B-3",
            day(4, 3),
            EntryKind::Commit,
            "E3.1.1",
            30_000_000,
            None,
        ),
    ];
    d.ledger = Ledger::new(&d.budget, &d.schedule, entries).expect("ledger");
    d
}

/// A small closed year for the 결산 tests: 인건비 (P.1 기본급 10,000천원)
/// and 사업비 (G.1 시민교육 6,000천원, G.2 연구 4,000천원); committed
/// 9,500 / 5,000 / 3,000 and paid 9,500 / 2,000 / 1,000 (counterparty
/// (주)가나); carried over C-2 whole (3,000) and 1,500 of C-3's 2,000. So
/// 불용액 500 / 1,000 / 1,500, 3,000 in all, of 20,000 예산현액.
pub fn small_closing(institution: &str) -> ClosingStatement {
    let l = |c: &str, n: &str, p: Option<&str>, cat: Option<Category>, a: Option<i64>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: cat,
        name: n.into(),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    };
    let b = Budget::new(
        2023,
        String::new(),
        vec![
            l("P", "인건비", None, Some(Category::Personnel), None),
            l("P.1", "기본급", Some("P"), None, Some(10_000_000)),
            l("G", "사업비", None, Some(Category::Program), None),
            l("G.1", "시민교육", Some("G"), None, Some(6_000_000)),
            l("G.2", "연구", Some("G"), None, Some(4_000_000)),
        ],
    )
    .expect("budget");
    let e = |doc: &str, m, kind, line: &str, won, r: Option<&str>| Entry {
        counterparty: Some("(주)가나".into()),
        ..entry(doc, day(m, 1), kind, line, won, r)
    };
    use EntryKind::{Commit, Disburse};
    let ledger = Ledger::new(
        &b,
        &Schedule::default(),
        vec![
            e("C-1", 1, Commit, "P.1", 9_500_000, None),
            e("D-1", 12, Disburse, "P.1", 9_500_000, Some("C-1")),
            e("C-2", 3, Commit, "G.1", 5_000_000, None),
            e("D-2", 6, Disburse, "G.1", 2_000_000, Some("C-2")),
            e("C-3", 9, Commit, "G.2", 3_000_000, None),
            e("D-3", 11, Disburse, "G.2", 1_000_000, Some("C-3")),
        ],
    )
    .expect("ledger");
    let choices =
        [CarryChoice::parse("C-2"), CarryChoice::parse("C-3:1500000")].map(|c| c.expect("choice"));
    let carry = CarryOver::select(2023, &ledger, &choices).expect("carry-over");
    ClosingStatement::of(institution, &b, &Schedule::default(), &ledger, &carry)
        .expect("closing statement")
}
