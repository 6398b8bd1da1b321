//! The consolidated view over two institutions built in memory: figures
//! checked against sums done by hand here, the order, the total.

use super::*;

fn won(v: i64) -> Won {
    Won::new(v)
}

/// A status: its total, and how many lines and projects lag.
fn status(
    budget: i64,
    committed: i64,
    disbursed: i64,
    (lagging_lines, lagging_projects): (usize, usize),
) -> StatusSummary {
    StatusSummary {
        total: yesan_domain::execution::LineExecution {
            budget: won(budget),
            committed: won(committed),
            disbursed: won(disbursed),
        },
        margin_points: 10.0,
        lagging_lines,
        lagging_projects,
    }
}

fn figures() -> Vec<InstitutionFigures> {
    vec![
        InstitutionFigures {
            code: "sdf".into(),
            name_ko: "서울디지털재단".into(),
            name_en: "Seoul Digital Foundation".into(),
            fiscal_year: 2023,
            revenue: won(1_000_000),
            status: status(
                1_000_000,
                600_000,
                300_000,
                // E1 and E2 of project 1-1, and E3 of none.
                (3, 1),
            ),
        },
        InstitutionFigures {
            code: "abc".into(),
            name_ko: "가나다재단".into(),
            name_en: "ABC Foundation".into(),
            fiscal_year: 2023,
            revenue: won(3_000_000),
            status: status(2_000_000, 1_500_000, 1_234_500, (1, 1)),
        },
    ]
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

#[test]
fn rows_and_total_are_the_institutions_figures() {
    let c = Consolidated::build(as_of(), &figures(), Sort::default());
    assert_eq!(c.rows[0].code, "abc");
    let sdf = &c.rows[1];
    assert_eq!(sdf.expenditure, won(1_000_000));
    assert_eq!(sdf.commit_rate.map(Rate::tenths), Some(600));
    assert_eq!(sdf.lagging_lines, 3);
    // Two lagging lines of one project, one line of none: one project.
    assert_eq!(sdf.lagging_projects, 1);
    // 1,234,500 / 2,000,000 = 61.725 % → 61.7.
    assert_eq!(c.rows[0].disburse_rate.map(Rate::tenths), Some(617));
    let t = &c.total;
    assert_eq!(t.revenue, won(4_000_000));
    assert_eq!(t.expenditure, won(3_000_000));
    assert_eq!(t.committed, won(2_100_000));
    assert_eq!(t.disbursed, won(1_534_500));
    // 1,534,500 / 3,000,000 = 51.15 % → 51.2 (half up).
    assert_eq!(t.disburse_rate.map(Rate::tenths), Some(512));
    assert_eq!(t.commit_rate.map(Rate::tenths), Some(700));
    assert_eq!((t.lagging_lines, t.lagging_projects), (4, 2));
}

#[test]
fn sorts_by_any_column_both_ways() {
    let f = figures();
    let codes = |s: &str| -> Vec<String> {
        Consolidated::build(as_of(), &f, Sort::parse(s).expect("sort"))
            .rows
            .into_iter()
            .map(|r| r.code)
            .collect()
    };
    assert_eq!(codes("disburse-rate"), ["abc", "sdf"]);
    assert_eq!(codes("disburse-rate:asc"), ["sdf", "abc"]);
    assert_eq!(codes("lagging-lines"), ["sdf", "abc"]);
    assert_eq!(codes("name"), ["abc", "sdf"]);
    assert_eq!(codes("-code"), ["sdf", "abc"]);
    let c = Consolidated::build(as_of(), &f, Sort::default())
        .sorted(Sort::parse("revenue:asc").expect("sort"));
    assert_eq!(c.rows[0].code, "sdf");
}

#[test]
fn the_table_shows_thousands_and_rates() {
    let t = Consolidated::build(as_of(), &figures(), Sort::default())
        .table(yesan_domain::message::Lang::Ko);
    assert_eq!(t.rows.len(), 3);
    assert_eq!(t.rows[0].kind, RowKind::Total);
    let texts: Vec<&str> = t.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "-", "합계", "4,000", "3,000", "2,100", "1,535", "70.0", "51.2", "4", "2"
        ]
    );
    assert_eq!(
        t.units.as_deref(),
        Some("(’23.10.18. 기준, 단위 : 천원, %, 개)")
    );
}
