//! The draft budget's records (schema 17) on both backends: a draft and
//! its versions are written once and read back through the domain's
//! constructors; a second draft of a year, a refused edit and a save of a
//! submitted draft write nothing; the database itself refuses changing or
//! deleting a version, an event or the draft; a backup carries them and a
//! restore reads them back equal.
//!
//! Figures by hand: 2023's E3.2.3 is 215,000천원 = 215,000,000원, which the
//! draft's version 1 keeps; version 2 types 230,000,000원.

mod common;

use std::collections::BTreeMap;
use yesan_domain::LineCode;
use yesan_domain::basis::Rounding;
use yesan_domain::proposal::{Content, EditLine, EventKind, ProposalEdit, ProposalError, Status};
use yesan_store::{Store, StoreError};

fn e323() -> LineCode {
    LineCode::parse("E3.2.3").expect("code")
}

fn edit() -> ProposalEdit {
    ProposalEdit {
        lines: vec![EditLine {
            economic: None,
            code: "E3.2.3".into(),
            amount: Some(230_000_000),
            items: vec![],
        }],
    }
}

async fn counts(store: &Store) -> (i64, usize, usize) {
    let p = store.proposal(2024).await.expect("read").expect("draft");
    (
        store.version().await.expect("v"),
        p.versions.len(),
        p.events.len(),
    )
}

async fn records(store: Store, fresh: Store) {
    let d = yesan_dataset::parse("default.toml", yesan_dataset::DEFAULT_TOML.as_bytes())
        .expect("parses");
    store.init(&d, "tester").await.expect("init");
    assert!(store.proposal(2024).await.expect("read").is_none());
    let final_2023 = yesan_domain::prior::final_budget(&d);
    let content = Content::from_base(
        2024,
        &d.budget,
        &[],
        &BTreeMap::new(),
        &final_2023,
        Rounding::Exact,
    )
    .expect("content");
    assert_eq!(content.amount(&e323()).get(), 215_000_000);
    store
        .create_proposal(&content, "kim")
        .await
        .expect("created");
    let before = counts(&store).await;
    assert!(matches!(
        store.create_proposal(&content, "kim").await,
        Err(StoreError::Proposal(ProposalError::Exists { year: 2024 }))
    ));
    assert!(matches!(
        store
            .save_proposal(2024, "", "kim", |_| Err(ProposalError::BadText {
                field: "메모"
            }))
            .await,
        Err(StoreError::Proposal(ProposalError::BadText { .. }))
    ));
    assert_eq!(counts(&store).await, before, "refusals write nothing");
    let n = store
        .save_proposal(2024, "조정", "kim", |c| {
            c.with_edit(&edit(), Rounding::Exact)
        })
        .await
        .expect("saved");
    assert_eq!(n, 2);
    let p = store.proposal(2024).await.expect("read").expect("draft");
    assert_eq!(
        (p.year, p.base_year, p.created_by.as_str()),
        (2024, 2023, "kim")
    );
    assert_eq!(p.versions[0].content, content);
    assert_eq!(p.latest().content.amount(&e323()).get(), 230_000_000);
    assert_eq!(p.latest().info.note, "조정");
    let status = store
        .proposal_event(2024, EventKind::Submitted, "kim")
        .await
        .expect("submitted");
    assert!(matches!(status, Status::Submitted { version: 2, .. }));
    let before = counts(&store).await;
    assert!(matches!(
        store
            .save_proposal(2024, "", "kim", |c| c.with_edit(&edit(), Rounding::Exact))
            .await,
        Err(StoreError::Proposal(ProposalError::Submitted {
            year: 2024
        }))
    ));
    assert_eq!(counts(&store).await, before);
    // The database refuses changing or deleting what was written.
    for sql in [
        "UPDATE proposal_versions SET note = 'x'",
        "DELETE FROM proposal_versions",
        "UPDATE proposal_events SET actor = 'lee'",
        "DELETE FROM proposal_events",
        "UPDATE budget_proposals SET created_by = 'lee'",
        "DELETE FROM budget_proposals",
    ] {
        assert!(
            sqlx::query(sql).execute(store.pool()).await.is_err(),
            "{sql}"
        );
    }
    assert_eq!(counts(&store).await, before);
    let log = store.audit_log(10).await.expect("log");
    for action in ["create_proposal", "save_proposal", "proposal_event"] {
        assert!(log.iter().any(|r| r.action == action), "{action}");
    }
    // A backup carries the draft; a restore reads it back equal.
    let mut out = Vec::new();
    store.backup(&mut out).await.expect("backup");
    fresh.restore(&out[..], "restorer").await.expect("restore");
    let fresh = fresh
        .scoped(store.institution_code(), Some(2023))
        .await
        .expect("scoped");
    assert_eq!(
        fresh.proposal(2024).await.expect("read"),
        store.proposal(2024).await.expect("read")
    );
}

#[tokio::test]
async fn sqlite_keeps_draft_budgets() {
    let (_a, store) = common::sqlite_store().await;
    let (_b, fresh) = common::sqlite_store().await;
    records(store, fresh).await;
}

#[tokio::test]
async fn postgres_keeps_draft_budgets() {
    let Some((store, url)) = common::postgres_store_and_url().await else {
        return;
    };
    let Some((fresh, url2)) = common::postgres_store_and_url().await else {
        return;
    };
    records(store.clone(), fresh.clone()).await;
    store.close().await;
    fresh.close().await;
    common::drop_postgres_database(&url).await;
    common::drop_postgres_database(&url2).await;
}
