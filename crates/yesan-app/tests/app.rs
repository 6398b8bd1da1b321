//! The application layer on a fresh store of the default dataset: the
//! snapshot's report is the report computed from the entries; the default
//! date follows the one rule; schedule items due soon and past are split
//! by the 30-day rule; a file is checked and recorded with the same
//! problems.

use std::sync::Arc;
use yesan_app::Snapshot;
use yesan_app::import::{EntriesOutcome, Mode};
use yesan_store::Store;

async fn store(dir: &tempfile::TempDir) -> Store {
    let (store, created) =
        yesan_app::store::ready(dir.path().join("app.db").to_str().expect("utf8"), "test")
            .await
            .expect("ready");
    assert!(created);
    store
}

fn date(s: &str) -> chrono::NaiveDate {
    s.parse().expect("date")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_snapshot_report_is_the_report_of_the_entries() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let store = store(&dir).await;
    let d = yesan_app::years::load(&store).await.expect("load");
    for day in ["2023-10-18", "2023-03-31"] {
        let snap = Snapshot::read(&store, Some(date(day)))
            .await
            .expect("snapshot");
        let from_index = serde_json::to_value(snap.report()).expect("json");
        let from_entries = serde_json::to_value(yesan_report::build(&d, date(day))).expect("json");
        assert_eq!(from_index, from_entries, "{day}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_default_date_is_the_later_of_the_stated_date_and_the_latest_entry() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let store = store(&dir).await;
    // 2023 is over: the stated date, which no entry passes.
    let later = date("2024-02-01");
    assert_eq!(
        yesan_app::as_of::default_on(&store, later)
            .await
            .expect("date"),
        date("2023-10-18")
    );
    // Inside the year: today.
    let inside = date("2023-06-30");
    assert_eq!(
        yesan_app::as_of::default_on(&store, inside)
            .await
            .expect("date"),
        inside
    );
    let (import, ()) = yesan_app::import::entries(
        &store,
        "later.csv",
        std::io::Cursor::new(
            b"date,doc_no,kind,line,amount\n2023-12-01,L-1,commit,E3.2.2,1000\n".to_vec(),
        ),
        0,
        Mode::Record {
            actor: "test".into(),
        },
        (),
    )
    .await
    .expect("import");
    assert!(
        matches!(import.outcome, EntriesOutcome::Recorded(_)),
        "{import:?}"
    );
    assert_eq!(
        yesan_app::as_of::default_on(&store, later)
            .await
            .expect("date"),
        date("2023-12-01")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn schedule_items_due_within_thirty_days_and_past() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let store = store(&dir).await;
    let catalog = Arc::new(store.load_catalog().await.expect("catalog"));
    for (day, horizon) in [("2023-10-18", "2023-11-17"), ("2023-12-15", "2024-01-14")] {
        let (as_of, horizon) = (date(day), date(horizon));
        let snap = Snapshot::take(&store, 0, Arc::clone(&catalog), as_of)
            .await
            .expect("snapshot");
        let (soon, past) = snap.due();
        assert!(!soon.is_empty() || !past.is_empty(), "{day}");
        assert!(soon.iter().all(|i| as_of <= i.due && i.due <= horizon));
        assert!(soon.windows(2).all(|w| w[0].due <= w[1].due));
        assert!(past.iter().all(|i| i.due < as_of));
        assert!(past.windows(2).all(|w| w[0].due >= w[1].due));
        // Every dated item up to the horizon is either soon or past.
        let dated = catalog
            .projects
            .iter()
            .flat_map(|p| &p.schedule)
            .filter_map(|i| i.period.as_ref().and_then(|p| p.due()))
            .filter(|d| *d <= horizon)
            .count();
        assert_eq!(dated, soon.len() + past.len(), "{day}");
        if day == "2023-10-18" {
            assert!(!soon.is_empty(), "items due soon on {day}");
        } else {
            assert!(!past.is_empty(), "items past on {day}");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_is_checked_and_recorded_with_the_same_problems() {
    let dir = tempfile::TempDir::new().expect("tmp");
    let store = store(&dir).await;
    let bad = b"date,doc_no,kind,line,amount,ref\n\
2023-10-22,G1,commit,E3.2.2,1000,\n\
2023-10-22,X1,commit,E3.2.3,\"180,500,000\",\n\
2023-13-01,X3,commit,E3.2.2,5,\n\
2023-10-22,X2,disburse,E3.2.3,1,NOPE\n"
        .to_vec();
    let mut seen = Vec::new();
    for mode in [
        Mode::Check,
        Mode::Record {
            actor: "test".into(),
        },
    ] {
        let (import, ()) = yesan_app::import::entries(
            &store,
            "bad.csv",
            std::io::Cursor::new(bad.clone()),
            0,
            mode,
            (),
        )
        .await
        .expect("import");
        let EntriesOutcome::Refused(problems) = import.outcome else {
            panic!("refused: {import:?}");
        };
        let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [3, 4, 5]);
        assert!(
            problems[0]
                .say(yesan_domain::Lang::Ko)
                .starts_with("[amount] X1: 예산이 부족합니다"),
            "{problems:?}"
        );
        assert!(
            problems[0]
                .located("bad.csv")
                .starts_with("bad.csv:3: [amount]")
        );
        seen.push(problems);
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(
        store.entries().await.expect("entries").len(),
        24,
        "nothing written"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_project_sheet_is_saved_against_what_the_editor_read() {
    use yesan_app::edit::{ProjectSheet, Saved, save_project};
    let dir = tempfile::TempDir::new().expect("tmp");
    let store = store(&dir).await;
    let d = store.load_catalog().await.expect("catalog");
    let p = d
        .projects
        .iter()
        .find(|p| !p.indicators.is_empty())
        .expect("a project with indicators");
    let fy = d.budget.fiscal_year();
    let mut stale = ProjectSheet::of(p);
    stale.base = "0".repeat(64);
    assert!(matches!(
        save_project(&store, p, &stale, fy, "test")
            .await
            .expect("save"),
        Saved::Stale(_)
    ));
    let mut bad = ProjectSheet::of(p);
    bad.indicators[0].value = "많이".into();
    bad.schedule.push(yesan_app::edit::ScheduleText {
        text: "점검".into(),
        period: "13월".into(),
        group: String::new(),
    });
    let Saved::Refused(problems) = save_project(&store, p, &bad, fy, "test")
        .await
        .expect("save")
    else {
        panic!("refused");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert!(fields.contains(&"indicators.0.value"), "{fields:?}");
    assert!(fields.iter().any(|f| f.ends_with(".period")), "{fields:?}");
    let mut good = ProjectSheet::of(p);
    good.schedule.push(yesan_app::edit::ScheduleText {
        text: "점검".into(),
        period: "12월".into(),
        group: String::new(),
    });
    assert!(matches!(
        save_project(&store, p, &good, fy, "test")
            .await
            .expect("save"),
        Saved::Done
    ));
    let after = store.load_catalog().await.expect("catalog");
    let saved = after
        .projects
        .iter()
        .find(|q| q.code == p.code)
        .expect("project");
    assert_eq!(saved.schedule.len(), p.schedule.len() + 1);
}
