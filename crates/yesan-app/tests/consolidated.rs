//! The consolidated view over two institutions in one database, sharing
//! line codes: the foundation (the default dataset) and a second one made
//! from it with 500,000천원 more on 인건비 and 서울시출연금 and a ledger of
//! three entries, both added with `add_institution`. Every figure is
//! checked against the seed (the first) or against sums done by hand here
//! (the second and the city's total), on SQLite and on PostgreSQL.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod store_common;

use chrono::NaiveDate;
use yesan_app::consolidated::{Sort, consolidated};
use yesan_domain::{InstitutionCode, Won};
use yesan_store::Store;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

#[derive(Clone, Copy)]
enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh, empty database; the guard keeps a SQLite directory alive.
async fn fresh(backend: Backend) -> Option<(Option<tempfile::TempDir>, Store)> {
    Some(match backend {
        Backend::Sqlite => {
            let (dir, store) = store_common::sqlite_store().await;
            (Some(dir), store)
        }
        Backend::Postgres => (None, store_common::postgres_store().await?),
    })
}

async fn both_institutions_figures_are_the_hand_sums(backend: Backend) {
    let Some((_dir, store)) = fresh(backend).await else {
        return;
    };
    let a = yesan_dataset::default_dataset().expect("default dataset");
    let inst = |c: &str| InstitutionCode::parse(c).expect("code");
    let sa = store
        .add_institution(&inst("sdf"), &[a], "test")
        .await
        .expect("add sdf");
    let sb = store
        .add_institution(&inst("stf"), &[yesan_testkit::second_institution()], "test")
        .await
        .expect("add stf");
    let c = consolidated(&store, as_of(), Sort::default())
        .await
        .expect("view");
    assert_eq!(c.rows.len(), 2);
    let cells = |row: usize| -> Vec<String> {
        c.table(yesan_domain::message::Lang::Ko).rows[row]
            .cells
            .iter()
            .map(|c| c.text.clone())
            .collect()
    };
    // The seed's 세입 총괄 and 세출예산 집행현황 totals.
    assert_eq!(
        cells(1)[..8],
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
    // By hand: 9,720,439 + 500,000; 200,000 + 30,000 committed; 150,000
    // paid; 230,000 / 10,220,439 = 2.25…% and 150,000 / 10,220,439 = 1.46…%.
    assert_eq!(
        cells(2)[..8],
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
    assert_eq!(c.rows[1].committed, Won::new(230_000_000));
    assert_eq!(c.rows[1].disbursed, Won::new(150_000_000));
    // The city: 19,940,878; 6,239,773; 5,103,409 (천원).
    assert_eq!(
        cells(0)[..6],
        [
            "-",
            "합계",
            "19,940,878",
            "19,940,878",
            "6,239,773",
            "5,103,409"
        ]
    );
    assert_eq!(c.total.revenue, Won::new(19_940_878_000));
    // The lagging counts are the dashboard's (the status the app gives
    // each store), and the city adds them.
    for (row, store) in [(0, &sa), (1, &sb)] {
        let st = yesan_app::status::status(
            store,
            Some(as_of()),
            yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS,
            false,
        )
        .await
        .expect("status");
        assert_eq!(c.rows[row].lagging_lines, st.report.lagging.len());
        let projects: std::collections::BTreeSet<&str> = st
            .report
            .lagging
            .iter()
            .filter_map(|l| l.project.as_deref())
            .collect();
        assert_eq!(c.rows[row].lagging_projects, projects.len());
    }
    assert!(c.rows[1].lagging_lines > c.rows[0].lagging_lines);
    assert_eq!(
        c.total.lagging_lines,
        c.rows[0].lagging_lines + c.rows[1].lagging_lines
    );
    // The city's budgets are kept decoded between reads (by the change
    // counter): read again unchanged, the same figures; after a recording,
    // the new ones. 1,000 won committed on 2023-10-01 in stf.
    let again = consolidated(&store, as_of(), Sort::default())
        .await
        .expect("view");
    assert_eq!(again.rows, c.rows);
    sb.record(
        &[yesan_domain::execution::Entry {
            doc_no: "CACHE-1".into(),
            date: NaiveDate::from_ymd_opt(2023, 10, 1).expect("date"),
            kind: yesan_domain::execution::EntryKind::Commit,
            line: yesan_domain::LineCode::parse("E3.2.3").expect("code"),
            amount: Won::new(1_000),
            reference: None,
            counterparty: None,
            memo: None,
        }],
        "finance",
        "form",
    )
    .await
    .expect("record");
    let after = consolidated(&store, as_of(), Sort::default())
        .await
        .expect("view");
    assert_eq!(after.rows[1].committed, Won::new(230_001_000));
    assert_eq!(after.rows[0], c.rows[0]);
    // The day's totals are kept by their snapshot's day as well: an
    // earlier date reads its own (less committed by then), and the first
    // date again its own.
    let earlier = consolidated(
        &store,
        NaiveDate::from_ymd_opt(2023, 3, 31).expect("date"),
        Sort::default(),
    )
    .await
    .expect("view");
    assert!(earlier.rows[1].committed < after.rows[1].committed);
    assert!(earlier.rows[0].committed < after.rows[0].committed);
    let later = consolidated(&store, as_of(), Sort::default())
        .await
        .expect("view");
    assert_eq!(later.rows, after.rows);
    // Sorted by 지출률, the foundation first; ascending, the other.
    let by_rate = consolidated(
        &store,
        as_of(),
        Sort::parse("disburse-rate:asc").expect("sort"),
    )
    .await
    .expect("view");
    assert_eq!(by_rate.rows[0].code, "stf");
    // A date of a year neither recorded: no rows, a zero total.
    let none = consolidated(
        &store,
        NaiveDate::from_ymd_opt(2022, 6, 30).expect("date"),
        Sort::default(),
    )
    .await
    .expect("view");
    assert!(none.rows.is_empty());
    assert_eq!(none.total.expenditure, Won::ZERO);
}

mod both_institutions {
    #[tokio::test(flavor = "multi_thread")]
    async fn sqlite() {
        super::both_institutions_figures_are_the_hand_sums(super::Backend::Sqlite).await;
    }
    #[tokio::test(flavor = "multi_thread")]
    async fn postgres() {
        super::both_institutions_figures_are_the_hand_sums(super::Backend::Postgres).await;
    }
}
