//! The consolidated view over two institutions held in memory: the
//! foundation's default dataset, and a second institution made from it with
//! other amounts and a ledger of three entries. Its figures are checked
//! against the seed (the first) and against sums done by hand here (the
//! second); the rendered formats are insta snapshots.

use yesan_domain::Won;
use yesan_domain::message::Lang;
use yesan_report::consolidated::{Consolidated, InstitutionFigures, Sort};
use yesan_testkit::as_of;

fn view(sort: Sort) -> Consolidated {
    let a = yesan_dataset::default_dataset().expect("default dataset");
    let margin = yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS;
    let figures = [
        InstitutionFigures::from_dataset("sdf", &a, as_of(), margin),
        InstitutionFigures::from_dataset(
            "stf",
            &yesan_testkit::second_institution(),
            as_of(),
            margin,
        ),
    ];
    Consolidated::build(as_of(), &figures, sort)
}

fn texts(c: &Consolidated, row: usize) -> Vec<String> {
    c.table(Lang::Ko).rows[row]
        .cells
        .iter()
        .map(|c| c.text.clone())
        .collect()
}

#[test]
fn both_institutions_figures_are_the_seeds_and_the_hand_sums() {
    let c = view(Sort::default());
    // The foundation, as the seed prints it (세입 총괄, 세출예산 집행현황).
    assert_eq!(
        texts(&c, 1)[..8],
        [
            "sdf",
            "서울디지털재단",
            "9,720,439",
            "9,720,439",
            "6,009,773",
            "4,953,409",
            "61.8",
            "51.0"
        ]
    );
    // The second: 9,720,439 + 500,000 on both sides; 200,000 + 30,000
    // committed, 150,000 paid. 230,000 / 10,220,439 = 2.25…% → 2.3;
    // 150,000 / 10,220,439 = 1.46…% → 1.5.
    assert_eq!(
        texts(&c, 2)[..8],
        [
            "stf",
            "서울테스트재단",
            "10,220,439",
            "10,220,439",
            "230,000",
            "150,000",
            "2.3",
            "1.5"
        ]
    );
    let b = &c.rows[1];
    assert_eq!(b.committed, Won::new(230_000_000));
    assert_eq!(b.disbursed, Won::new(150_000_000));
    // The city: 19,940,878 budgeted; 6,009,773 + 230,000 = 6,239,773
    // committed; 4,953,409 + 150,000 = 5,103,409 paid (천원, each rounded
    // from the exact won sums below).
    assert_eq!(
        texts(&c, 0)[..6],
        [
            "-",
            "합계",
            "19,940,878",
            "19,940,878",
            "6,239,773",
            "5,103,409"
        ]
    );
    assert_eq!(c.total.expenditure, Won::new(19_940_878_000));
    assert_eq!(
        c.total.committed,
        c.rows[0].committed + Won::new(230_000_000)
    );
    assert_eq!(
        c.total.disbursed,
        c.rows[0].disbursed + Won::new(150_000_000)
    );
    // Lagging: the second has paid almost nothing by October, so it lags
    // on more lines than the foundation; the total adds them.
    assert!(b.lagging_lines > c.rows[0].lagging_lines);
    assert!(b.lagging_projects >= 1 && b.lagging_projects <= b.lagging_lines);
    assert_eq!(
        c.total.lagging_lines,
        c.rows[0].lagging_lines + b.lagging_lines
    );
}

#[test]
fn sorted_by_disbursement_rate_the_foundation_comes_first() {
    let c = view(Sort::parse("disburse-rate").expect("sort"));
    let codes: Vec<&str> = c.rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(codes, ["sdf", "stf"]);
    let c = view(Sort::parse("disburse-rate:asc").expect("sort"));
    assert_eq!(c.rows[0].code, "stf");
}

#[test]
fn markdown() {
    insta::assert_snapshot!(yesan_report::consolidated::markdown(
        &view(Sort::default()),
        Lang::Ko
    ));
}

/// English second: the same figures under English titles, notes and the
/// institutions' English names.
#[test]
fn markdown_in_english() {
    let en = yesan_report::consolidated::markdown(&view(Sort::default()), Lang::En);
    assert!(en.contains("# 2023: Budget execution by institution (as of 2023-10-18)"));
    assert!(en.contains("| Payment rate |"), "{en}");
    assert!(
        en.contains("2 institutions, sorted by Code, ascending"),
        "{en}"
    );
    assert_eq!(
        yesan_report::consolidated::institutions_en(1),
        "1 institution"
    );
    assert!(!en.contains("지출률"), "{en}");
    let ko = yesan_report::consolidated::markdown(&view(Sort::default()), Lang::Ko);
    assert!(ko.contains("19,940,878"));
    assert!(en.contains("19,940,878"));
    insta::assert_snapshot!(en);
}

#[test]
fn html() {
    let h = yesan_report::consolidated::html(&view(Sort::default()), Lang::Ko).expect("html");
    assert!(!h.contains("<script") && !h.contains("<link"));
    insta::assert_snapshot!(h);
}

#[test]
fn json() {
    let j = yesan_report::consolidated::json(&view(Sort::default())).expect("json");
    let v: serde_json::Value = serde_json::from_str(&j).expect("valid json");
    assert_eq!(v["total"]["expenditure"], 19_940_878_000_i64);
    assert_eq!(v["rows"][1]["disburse_rate"], 1.5);
    insta::assert_snapshot!(j);
}
