//! The closing statement (결산) report: figures computed by hand here
//! (never taken from Yesan's output), and snapshots of the Markdown and
//! HTML layouts.

use chrono::NaiveDate;
use yesan_domain::amendment::Schedule;
use yesan_domain::budget::{Budget, BudgetLine, Category, LineKind};
use yesan_domain::execution::{Entry, EntryKind, Ledger};
use yesan_domain::year::{CarryChoice, CarryOver, ClosingStatement};
use yesan_domain::{LineCode, Won};
use yesan_report::closing;

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("test data")
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("test data")
}

/// 인건비 (P.1 기본급 10,000천원) and 사업비 (G.1 시민교육 6,000천원,
/// G.2 연구 4,000천원).
fn statement() -> ClosingStatement {
    let l = |c: &str, n: &str, p: Option<&str>, cat: Option<Category>, a: Option<i64>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: cat,
        name: n.into(),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
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
    .expect("test data");
    let e = |doc: &str, m, kind, line: &str, won, r: Option<&str>| Entry {
        doc_no: doc.into(),
        date: day(m, 1),
        kind,
        line: code(line),
        amount: Won::new(won),
        reference: r.map(Into::into),
        counterparty: Some("(주)가나".into()),
        memo: None,
    };
    use EntryKind::*;
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
    .expect("test data");
    // Carried: C-2 all that is open (3,000천원), C-3 1,500천원 of 2,000.
    let carry = CarryOver::select(
        2023,
        &ledger,
        &[
            CarryChoice::parse("C-2").expect("test data"),
            CarryChoice::parse("C-3:1500000").expect("test data"),
        ],
    )
    .expect("test data");
    ClosingStatement::of("서울디지털재단", &b, &Schedule::default(), &ledger, &carry)
        .expect("test data")
}

fn row<'a>(md: &'a str, label: &str) -> Vec<&'a str> {
    let line = md
        .lines()
        .find(|l| {
            l.trim_start_matches("| ")
                .trim_start_matches("**")
                .starts_with(label)
        })
        .unwrap_or_else(|| panic!("no row {label} in\n{md}"));
    line.trim_matches('|')
        .split('|')
        .map(|c| c.trim().trim_matches('*'))
        .collect()
}

#[test]
fn figures_by_hand() {
    let md = closing::markdown(&closing::build(&statement()));
    // 기본급: 10,000 − 9,500 − 0 = 500 lapses; 95.0% paid.
    assert_eq!(
        row(&md, "기본급"),
        ["기본급", "10,000", "9,500", "0", "500", "95.0"]
    );
    // 시민교육: 6,000 − 2,000 − 3,000 = 1,000; 연구: 4,000 − 1,000 − 1,500 = 1,500.
    assert_eq!(
        row(&md, "시민교육"),
        ["시민교육", "6,000", "2,000", "3,000", "1,000", "33.3"]
    );
    assert_eq!(
        row(&md, "연구"),
        ["연구", "4,000", "1,000", "1,500", "1,500", "25.0"]
    );
    assert_eq!(
        row(&md, "사업비"),
        ["사업비", "10,000", "3,000", "4,500", "2,500", "30.0"]
    );
    // 합계: 20,000 = 12,500 + 4,500 + 3,000.
    assert_eq!(
        row(&md, "합계"),
        ["합계", "20,000", "12,500", "4,500", "3,000", "62.5"]
    );
    assert_eq!(
        row(&md, "C-3"),
        ["C-3", "2023이월-C-3", "연구", "(주)가나", "1,500"]
    );
    assert_eq!(row(&md, "계"), ["계", "2건", "", "", "4,500"]);
    assert!(md.contains("(’23.12.31. 기준, 단위 : 천원, %)"));
}

#[test]
fn the_roll_up_places_sum_their_rows() {
    let r = closing::build(&statement());
    for (i, p) in r.places.iter().enumerate() {
        if p.children.is_empty() {
            continue;
        }
        let sum: i64 = p.children.iter().map(|&c| r.figures[c].lapsed.get()).sum();
        assert_eq!(sum, r.figures[i].lapsed.get(), "row {i}");
    }
    assert_eq!(r.places[0].children, vec![1, 3]);
    let json: serde_json::Value =
        serde_json::from_str(&closing::json(&r).expect("test data")).expect("test data");
    assert_eq!(json["statement"]["total"]["lapsed"], 3_000_000);
}

#[test]
fn markdown_and_html_layouts() {
    let r = closing::build(&statement());
    insta::assert_snapshot!("closing_md", closing::markdown(&r));
    let html = closing::html(&r).expect("test data");
    let body = &html[html.find("<body>").expect("test data")..];
    insta::assert_snapshot!("closing_html", body);
}
