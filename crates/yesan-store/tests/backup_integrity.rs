//! A backup is restored whole or not at all: an archive cut short, changed
//! in one digit, missing a row, of an unknown schema, or whose data breaks
//! a rule of the domain is refused and leaves the database empty, so that
//! a correct restore afterwards works. On SQLite and PostgreSQL.

mod common;

use chrono::NaiveDate;
use common::{postgres_store, sqlite_store};
use sha2::{Digest, Sha256};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won};
use yesan_store::{OlderBackups, Store, StoreError};

async fn populate(store: &Store) {
    store
        .init(
            &yesan_dataset::default_dataset().expect("dataset"),
            "tester",
        )
        .await
        .expect("init");
    let d = NaiveDate::from_ymd_opt(2023, 10, 20).expect("date");
    let e = |doc: &str, kind, amount, r: Option<&str>| Entry {
        doc_no: doc.into(),
        date: d,
        kind,
        line: LineCode::parse("E3.2.3").expect("code"),
        amount: Won::new(amount),
        reference: r.map(Into::into),
        counterparty: None,
        memo: None,
    };
    store
        .record(
            &[
                e("I-1", EntryKind::Commit, 1_000_000, None),
                e("I-2", EntryKind::Disburse, 400_000, Some("I-1")),
            ],
            "finance",
            "t",
        )
        .await
        .expect("record");
}

async fn backup(store: &Store) -> String {
    let mut out = Vec::new();
    store.backup(&mut out).await.expect("backup");
    String::from_utf8(out).expect("utf8")
}

/// The archive's lines without its seal.
fn body(archive: &str) -> Vec<String> {
    let mut lines: Vec<String> = archive.lines().map(str::to_owned).collect();
    let seal = lines.pop().expect("a seal");
    assert!(seal.starts_with("{\"end\":"), "{seal}");
    lines
}

/// `lines` sealed again as the backup writer would: row counts per table
/// and the checksum of everything before the seal (so that what is wrong
/// is only what a test changed on purpose).
fn seal(lines: &[String]) -> String {
    let mut text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let mut counts = serde_json::Map::new();
    for l in &lines[1..] {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        let t = v["table"].as_str().expect("table").to_owned();
        let n = counts
            .get(&t)
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0);
        counts.insert(t, (n + 1).into());
    }
    let sha: String = Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    text.push_str(&serde_json::json!({"end": {"rows": counts, "sha256": sha}}).to_string());
    text.push('\n');
    text
}

/// The line of `table` whose text contains `marker`.
fn row_index(lines: &[String], table: &str, marker: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(&format!("\"table\":\"{table}\"")) && l.contains(marker))
        .unwrap_or_else(|| panic!("no {table} row with {marker}"))
}

async fn refused(store: &Store, archive: &str, why: &str) -> StoreError {
    let err = store
        .restore(archive.as_bytes(), "restorer")
        .await
        .expect_err(why);
    assert!(
        !store.is_initialized().await.expect("check"),
        "{why}: nothing was written ({err})"
    );
    assert_eq!(
        store.audit_log(5).await.expect("log").len(),
        0,
        "{why}: not even an audit record"
    );
    err
}

fn says(err: &StoreError, what: &[&str]) {
    let text = err.to_string();
    for w in what {
        assert!(text.contains(w), "expected '{w}' in: {text}");
    }
}

async fn integrity(from: Store, to: Store) {
    populate(&from).await;
    let good = backup(&from).await;
    let lines = body(&good);
    assert!(
        lines[0].contains("\"format\":\"yesan-backup/2\""),
        "{}",
        lines[0]
    );
    let n = lines.len();

    // Cut at a line boundary: half the file, and everything but the seal.
    let half: String = lines[..n / 2].iter().map(|l| format!("{l}\n")).collect();
    let err = refused(&to, &half, "cut in half").await;
    says(&err, &["seal is missing"]);
    let unsealed: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let err = refused(&to, &unsealed, "cut before the seal").await;
    says(&err, &["seal is missing", &format!("line {}", n + 1)]);

    // One digit of an amount changed (1,000,000 → 1,000,001).
    let i = row_index(&lines, "entries", "\"doc_no\":\"I-1\"");
    let mut flipped = lines.clone();
    flipped[i] = flipped[i].replace("\"amount\":1000000", "\"amount\":1000001");
    assert_ne!(flipped[i], lines[i]);
    let mut archive: String = flipped.iter().map(|l| format!("{l}\n")).collect();
    archive.push_str(good.lines().last().expect("seal"));
    archive.push('\n');
    let err = refused(&to, &archive, "a flipped digit").await;
    says(&err, &["checksum"]);

    // The disbursement's row dropped.
    let i = row_index(&lines, "entries", "\"doc_no\":\"I-2\"");
    let mut dropped = lines.clone();
    dropped.remove(i);
    let mut archive: String = dropped.iter().map(|l| format!("{l}\n")).collect();
    archive.push_str(good.lines().last().expect("seal"));
    archive.push('\n');
    let err = refused(&to, &archive, "a dropped row").await;
    says(
        &err,
        &[
            "table entries",
            "the seal says 26 row(s), the backup holds 25",
        ],
    );

    // A schema this version does not know, though sealed correctly.
    let mut future = lines.clone();
    future[0] = future[0].replace("\"schema\":8", "\"schema\":99");
    let err = refused(&to, &seal(&future), "schema 99").await;
    says(&err, &["unknown schema 99", "line 1"]);

    // Sealed correctly, but the data breaks budget control: the
    // disbursement pays ten times what was committed.
    let i = row_index(&lines, "entries", "\"doc_no\":\"I-2\"");
    let mut over = lines.clone();
    over[i] = over[i].replace("\"amount\":400000", "\"amount\":4000000");
    assert_ne!(over[i], lines[i]);
    let err = refused(&to, &seal(&over), "an over-payment").await;
    assert!(
        matches!(err, StoreError::Inconsistent(_)),
        "a broken rule: {err}"
    );

    // Sealed correctly, but with a date no calendar has.
    let mut bad_date = lines.clone();
    bad_date[i] = bad_date[i].replace("2023-10-20", "2023-13-45");
    refused(&to, &seal(&bad_date), "a bad date").await;

    // Sealed correctly, but missing every other row.
    let halved: Vec<String> = lines
        .iter()
        .enumerate()
        .filter(|(k, _)| *k == 0 || k % 2 == 1)
        .map(|(_, l)| l.clone())
        .collect();
    refused(&to, &seal(&halved), "half the rows").await;

    // Anything after the seal.
    let mut trailing = good.clone();
    trailing.push_str(&lines[1]);
    trailing.push('\n');
    let err = refused(&to, &trailing, "rows after the seal").await;
    says(&err, &["after its seal"]);

    // After all that, the real backup restores, and is the same data.
    let rows = to
        .restore(good.as_bytes(), "restorer")
        .await
        .expect("restore");
    assert_eq!(usize::try_from(rows).expect("rows"), n - 1);
    assert_eq!(
        to.load().await.expect("load"),
        from.load().await.expect("load")
    );
}

#[tokio::test]
async fn sqlite_refuses_every_damaged_backup_and_then_restores_the_right_one() {
    let (_a, from) = sqlite_store().await;
    let (_b, to) = sqlite_store().await;
    integrity(from, to).await;
}

#[tokio::test]
async fn postgres_refuses_every_damaged_backup_and_then_restores_the_right_one() {
    let Some(from) = postgres_store().await else {
        return;
    };
    let Some(to) = postgres_store().await else {
        return;
    };
    integrity(from, to).await;
}

#[tokio::test]
async fn an_unsealed_archive_of_the_first_format_needs_explicit_acceptance() {
    let (_a, from) = sqlite_store().await;
    populate(&from).await;
    let good = backup(&from).await;
    let mut lines = body(&good);
    lines[0] = lines[0].replace("yesan-backup/2", "yesan-backup/1");
    let old: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let (_b, to) = sqlite_store().await;
    let err = refused(&to, &old, "unsealed").await;
    says(&err, &["yesan-backup/1", "--accept-unsealed"]);
    // Accepted, it is still checked against every rule…
    let i = row_index(&lines, "entries", "\"doc_no\":\"I-2\"");
    let mut over = lines.clone();
    over[i] = over[i].replace("\"amount\":400000", "\"amount\":4000000");
    let over: String = over.iter().map(|l| format!("{l}\n")).collect();
    let err = to
        .restore_with(over.as_bytes(), "restorer", OlderBackups::Accept)
        .await
        .expect_err("a broken rule");
    assert!(matches!(err, StoreError::Inconsistent(_)), "{err}");
    assert!(!to.is_initialized().await.expect("check"));
    // …and restores when whole.
    to.restore_with(old.as_bytes(), "restorer", OlderBackups::Accept)
        .await
        .expect("accepted");
    assert_eq!(
        to.load().await.expect("load"),
        from.load().await.expect("load")
    );
}

/// A mapping the tests record: 2023's E3.2.3 was the previous year's
/// E3.2.3 and E3.2.2 merged (the store keeps it; whether it fits is the
/// application's check).
fn merge() -> yesan_domain::prior::LineMapping {
    yesan_domain::prior::LineMapping {
        from: vec![
            LineCode::parse("E3.2.2").expect("code"),
            LineCode::parse("E3.2.3").expect("code"),
        ],
        to: vec![LineCode::parse("E3.2.3").expect("code")],
        split: None,
        note: "조직개편".into(),
    }
}

/// The line mappings travel in the archive (since schema 4); an archive of
/// schema 3, written before they were kept, still restores (with none),
/// but may not hold them. An archive of schema 4 has no `active` column
/// for accounts: they restore active.
async fn mappings_and_older_archives(from: Store, to: Store, again: Store) {
    populate(&from).await;
    let split = yesan_domain::prior::LineMapping {
        from: vec![LineCode::parse("E1.1.1").expect("code")],
        to: vec![
            LineCode::parse("E1.1.1").expect("code"),
            LineCode::parse("E1.1.2").expect("code"),
        ],
        split: Some(yesan_domain::prior::Split::Amounts(vec![
            Won::new(700),
            Won::new(300),
        ])),
        note: String::new(),
    };
    from.set_mappings(2023, &[merge(), split.clone()], "planner")
        .await
        .expect("mappings");
    // Accounts, one of them deactivated: schema 5 keeps which.
    for name in ["kim", "lee"] {
        from.add_user(
            &yesan_store::NewUser {
                name,
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
                role: yesan_domain::access::Role::Viewer,
                unit: None,
                must_change: false,
            },
            "admin",
        )
        .await
        .expect("a user");
    }
    assert!(from.set_active("lee", false, "admin").await.expect("off"));
    let good = backup(&from).await;
    assert!(good.starts_with("{\"format\":\"yesan-backup/2\",\"schema\":8}"));
    assert!(good.contains("\"table\":\"line_mappings\""));
    to.restore(good.as_bytes(), "restorer")
        .await
        .expect("restored");
    assert_eq!(to.mappings(2023).await.expect("mappings"), [merge(), split]);
    let active: Vec<(String, bool)> = to
        .users()
        .await
        .expect("users")
        .into_iter()
        .map(|u| (u.name, u.active))
        .collect();
    assert_eq!(active, [("kim".into(), true), ("lee".into(), false)]);
    // Schema 3: the same archive without the mappings.
    let mut lines: Vec<String> = body(&good)
        .into_iter()
        .filter(|l| !l.contains("\"table\":\"line_mappings\""))
        .collect();
    lines[0] = lines[0].replace("\"schema\":8", "\"schema\":3");
    again
        .restore(seal(&lines).as_bytes(), "restorer")
        .await
        .expect("a schema-3 archive restores");
    assert_eq!(
        again.load().await.expect("load"),
        from.load().await.expect("load")
    );
    assert!(again.mappings(2023).await.expect("none").is_empty());
    // Schema 7: written before a closed year kept its curve (store schema
    // 18); its closed years restore without one.
    let (_f, seven) = sqlite_store().await;
    let mut lines = body(&good);
    lines[0] = lines[0].replace("\"schema\":8", "\"schema\":7");
    seven
        .restore(seal(&lines).as_bytes(), "restorer")
        .await
        .expect("a schema-7 archive restores");
    assert_eq!(
        seven.load().await.expect("load"),
        from.load().await.expect("load")
    );
    // Schema 6: written before the draft budgets (store schema 17); it
    // restores with none.
    let (_e, six) = sqlite_store().await;
    let mut lines = body(&good);
    lines[0] = lines[0].replace("\"schema\":8", "\"schema\":6");
    six.restore(seal(&lines).as_bytes(), "restorer")
        .await
        .expect("a schema-6 archive restores");
    assert!(six.proposal(2024).await.expect("read").is_none());
    // Schema 4: accounts without `active`.
    let (_d, four) = sqlite_store().await;
    let lines: Vec<String> = body(&good)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                return l.replace("\"schema\":8", "\"schema\":4");
            }
            let mut v: serde_json::Value = serde_json::from_str(&l).expect("a row");
            if v["table"] == "users" {
                v["row"]
                    .as_object_mut()
                    .expect("a row")
                    .remove("active")
                    .expect("schema 5 writes active");
            }
            v.to_string()
        })
        .collect();
    four.restore(seal(&lines).as_bytes(), "restorer")
        .await
        .expect("a schema-4 archive restores");
    let users = four.users().await.expect("users");
    assert!(
        users.len() == 2 && users.iter().all(|u| u.active),
        "{users:?}"
    );
    // A schema-3 archive holding a table schema 3 did not have is refused.
    let (_c, fresh) = sqlite_store().await;
    let mut odd = body(&good);
    odd[0] = odd[0].replace("\"schema\":8", "\"schema\":3");
    let err = refused(&fresh, &seal(&odd), "schema 3 with mappings").await;
    says(&err, &["line_mappings"]);
}

#[tokio::test]
async fn sqlite_backups_carry_the_line_mappings_and_older_archives_restore() {
    let (_a, from) = sqlite_store().await;
    let (_b, to) = sqlite_store().await;
    let (_c, again) = sqlite_store().await;
    mappings_and_older_archives(from, to, again).await;
}

#[tokio::test]
async fn postgres_backups_carry_the_line_mappings_and_older_archives_restore() {
    let (Some(from), Some(to), Some(again)) = (
        postgres_store().await,
        postgres_store().await,
        postgres_store().await,
    ) else {
        return;
    };
    mappings_and_older_archives(from, to, again).await;
}
