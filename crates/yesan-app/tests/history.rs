//! The staffing table is dated: saving it with a later 기준일 adds a
//! version and leaves every report as of an earlier date as it was. On
//! both backends (PostgreSQL where `YESAN_TEST_POSTGRES_URL` names a
//! server).

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;
mod ready;

use ready::{postgres, sqlite};
use yesan_app::Snapshot;
use yesan_app::edit::{Saved, StaffingText, fingerprint, save_staffing};
use yesan_store::Store;

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

fn report_text(snap: &Snapshot) -> String {
    yesan_report::markdown::render(&snap.report())
}

async fn story(store: Store) {
    let before = store.load().await.expect("load").staffing;
    assert_eq!(before.as_of, date("2023-10-18"));
    // One more 5급 in post from 2023-10-31 (54 people in all), saved as
    // the planning team saves it.
    let grades = before
        .grades
        .iter()
        .map(|g| {
            let current = if g.grade == "5급" {
                g.current + 1
            } else {
                g.current
            };
            (
                g.grade.clone(),
                g.authorized.to_string(),
                current.to_string(),
            )
        })
        .collect();
    let outside = before
        .outside_quota
        .iter()
        .map(|o| (o.kind.clone(), o.count.to_string()))
        .collect();
    let text = StaffingText {
        base: fingerprint(&before),
        as_of: "2023-10-31".into(),
        grades,
        outside,
    };
    let saved = save_staffing(&store, &before, &text, "planner")
        .await
        .expect("saved");
    assert!(matches!(saved, Saved::Done), "{saved:?}");

    // The report as of 10-18 still says the seed's staffing line.
    let on_18 = report_text(
        &Snapshot::read(&store, Some(date("2023-10-18")))
            .await
            .expect("snapshot"),
    );
    assert!(on_18.contains("인력 : 53명"), "{on_18}");
    assert!(on_18.contains("’23.10.18. 기준"), "{on_18}");
    assert!(!on_18.contains("인력 : 54명"), "{on_18}");
    // As of 10-31 it shows the new table.
    let on_31 = report_text(
        &Snapshot::read(&store, Some(date("2023-10-31")))
            .await
            .expect("snapshot"),
    );
    assert!(on_31.contains("인력 : 54명"), "{on_31}");
    assert!(on_31.contains("’23.10.31. 기준"), "{on_31}");
    // Both versions are kept; the store as of a date agrees.
    assert_eq!(
        store.staffing_versions().await.expect("versions"),
        [date("2023-10-18"), date("2023-10-31")]
    );
    assert_eq!(
        store
            .load_on(date("2023-10-18"))
            .await
            .expect("load")
            .staffing,
        before
    );
    assert_eq!(
        store.load().await.expect("load").staffing.as_of,
        date("2023-10-31"),
        "the editor sees the latest table"
    );
    // Before the first version, the first one is in force.
    let (_, first) = store.dated_on(date("2023-01-01")).await.expect("dated");
    assert_eq!(first, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_later_staffing_change_leaves_the_earlier_report_unchanged_sqlite() {
    let (_dir, store) = sqlite().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_later_staffing_change_leaves_the_earlier_report_unchanged_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}
