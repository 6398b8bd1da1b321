//! Line mappings recorded by the planner (issue 11, item 2), on both
//! backends, a fresh database each: 2024 opened from the default
//! dataset's 2023 compares by code until a rename is recorded; then its
//! prior-year column and the multi-year view take the renamed line's
//! figure from the old line. A refused mapping and a closed year write
//! nothing.
//!
//! Figures from `data/default.toml` (2023 has no amendments, so its final
//! budget on 12-31 is its budget): E3.2.2 (디지털 시민역량 강화, 2023)
//! 280,400천원; E3.2.3 215,000천원; their parent E3.2 1,378,400천원.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;

use yesan_app::mappings::{self, MappingError, Request};
use yesan_domain::{LineCode, Won};
use yesan_store::{Store, StoreError};

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn prior_of(d: &yesan_domain::Dataset, c: &str) -> Option<Won> {
    d.budget.figures(&code(c)).and_then(|f| f.prior)
}

async fn audit_count(store: &Store) -> usize {
    store.audit_log(10_000).await.expect("audit").len()
}

async fn story(store: Store) {
    yesan_app::store::ensure_initialized(&store, "tester")
        .await
        .expect("the default dataset");
    let store = store
        .scoped(store.institution_code(), None)
        .await
        .expect("the institution");
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("2024 opened");
    let y24 = store
        .scoped(store.institution_code(), Some(2024))
        .await
        .expect("2024");

    // By code: 2024's E3.2.3 compares with 2023's E3.2.3.
    let before = yesan_app::years::catalog(&y24).await.expect("catalog");
    assert_eq!(prior_of(&before, "E3.2.3"), Some(Won::new(215_000_000)));
    assert_eq!(prior_of(&before, "E3.2"), Some(Won::new(1_378_400_000)));

    // The two lines traded codes in 2024 (a reorganization).
    let request = Request {
        clear: false,
        add: vec![
            mappings::rename("--rename", "E3.2.2=E3.2.3", "조직개편").expect("parses"),
            mappings::rename("--rename", "E3.2.3=E3.2.2", "조직개편").expect("parses"),
        ],
    };
    let list = mappings::record(&store, 2024, &request, "planner")
        .await
        .expect("recorded");
    assert_eq!(list.len(), 2);
    assert_eq!(mappings::list(&store, 2024).await.expect("list"), list);
    let after = yesan_app::years::catalog(&y24).await.expect("catalog");
    // 2023's final budget of the old line E3.2.2: 280,400천원.
    assert_eq!(prior_of(&after, "E3.2.3"), Some(Won::new(280_400_000)));
    assert_eq!(prior_of(&after, "E3.2.2"), Some(Won::new(215_000_000)));
    // Both years agree on the parent.
    assert_eq!(prior_of(&after, "E3.2"), Some(Won::new(1_378_400_000)));
    let loaded = yesan_app::years::load(&y24).await.expect("load");
    assert_eq!(prior_of(&loaded, "E3.2.3"), Some(Won::new(280_400_000)));
    // The multi-year view: 2024's E3.2.3 row shows 2023's E3.2.2.
    let view = yesan_app::years::view_stored(&y24).await.expect("view");
    assert_eq!(view.years, [2022, 2023, 2024]);
    let row = view
        .rows
        .iter()
        .find(|r| r.code.as_deref() == Some("E3.2.3"))
        .expect("E3.2.3");
    assert_eq!(row.amounts[1], Some(Won::new(280_400_000)));
    // And the export carries them.
    let file = yesan_app::years::recorded(&y24).await.expect("recorded");
    assert_eq!(file.mappings_of(2024), list.as_slice());

    // A refused mapping writes nothing: the list, the audit log and the
    // priors stay as they were.
    let audits = audit_count(&store).await;
    let bad = Request {
        clear: false,
        add: vec![mappings::rename("--rename", "E9.9=E3.1.1", "").expect("parses")],
    };
    let err = mappings::record(&store, 2024, &bad, "planner")
        .await
        .expect_err("E9.9 is not a 2023 line");
    let text = err.to_string();
    assert!(
        matches!(&err, yesan_app::Error::Mapping(MappingError::Refused(r)) if r.len() == 1),
        "{err:?}"
    );
    assert!(
        text.starts_with("--rename E9.9=E3.1.1: 3번째 과목 연결의 전년도 과목 E9.9"),
        "{text}"
    );
    assert!(text.contains("2023년 예산에 없습니다"), "{text}");
    let split = Request {
        clear: true,
        add: vec![
            mappings::split("--split", "E3.2.2=E3.2.2:100원,E3.2.3:200원", "").expect("parses"),
        ],
    };
    let err = mappings::record(&store, 2024, &split, "planner")
        .await
        .expect_err("the amounts are not 280,400천원");
    assert!(
        err.to_string().contains("전년도 최종예산 280,400,000원"),
        "{err}"
    );
    assert_eq!(mappings::list(&store, 2024).await.expect("list"), list);
    assert_eq!(audit_count(&store).await, audits);
    let err = mappings::record(&store, 2022, &request, "planner")
        .await
        .expect_err("2021 is not recorded");
    assert!(
        matches!(
            err,
            yesan_app::Error::Mapping(MappingError::NoPrevious {
                year: 2022,
                previous: 2021
            })
        ),
        "{err:?}"
    );

    // Clearing compares by code again.
    let cleared = Request {
        clear: true,
        add: Vec::new(),
    };
    assert!(
        mappings::record(&store, 2024, &cleared, "planner")
            .await
            .expect("cleared")
            .is_empty()
    );
    let again = yesan_app::years::catalog(&y24).await.expect("catalog");
    assert_eq!(prior_of(&again, "E3.2.3"), Some(Won::new(215_000_000)));
    mappings::record(&store, 2024, &request, "planner")
        .await
        .expect("recorded again");

    // A closed year's mappings stay as they are.
    yesan_app::year::close_recorded(&store, 2024, "planner")
        .await
        .expect("2024 closed");
    let audits = audit_count(&store).await;
    let err = mappings::record(&store, 2024, &cleared, "planner")
        .await
        .expect_err("closed");
    assert!(
        matches!(
            err,
            yesan_app::Error::Store(StoreError::YearClosed { year: 2024, .. })
        ),
        "{err:?}"
    );
    assert_eq!(mappings::list(&store, 2024).await.expect("list"), list);
    assert_eq!(audit_count(&store).await, audits);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_rename_moves_the_prior_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_recorded_rename_moves_the_prior_postgres() {
    if let Some(store) = common::postgres_store().await {
        story(store).await;
    }
}
