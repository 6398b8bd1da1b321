//! A flat budget export imported into the 2024 draft budget, on both
//! backends (PostgreSQL where `YESAN_TEST_POSTGRES_URL` names a server):
//! 2024 is opened from 2023, its draft made from 2023; a file whose one
//! 산출기초 disagrees with its 예산액 is refused naming that row and cell,
//! nothing written; the same file right, in CP949, becomes version 2 with
//! the tree and items below; the UTF-8 file again matches every line and
//! changes nothing; the draft is approved and 2024's 본예산 holds the new
//! lines. A second story approves it before 2024 is opened, and opening
//! carries the new lines.
//!
//! Figures, by hand (the file is in 천원; the institution rounds up, 절상):
//! - 사업비 › 디지털포용 종합지원 › 디지털 돌봄 체험버스 운영 is 2023's
//!   E3.2.3 (215,000,000 typed); the file puts lines below it:
//!   일반운영비 E3.2.3.1 (201) › 사무관리비 E3.2.3.1.1 (201-01): 강사료
//!   50,000 × 20 × 10 = 10,000,000 and 교재 구입 48,000 × 42 × 95% =
//!   1,915,200, sum 11,915,200 → 11,916,000; 민간이전 E3.2.3.2 (307) ›
//!   민간위탁금 E3.2.3.2.1 (307-05) 200,000,000 typed. E3.2.3 =
//!   211,916,000.
//! - 기록관 운영 is new under E3.2 (E3.2.1–3; 2023 has no E3.2.4): E3.2.4;
//!   일반운영비 E3.2.4.1 › 사무관리비 E3.2.4.1.1: 40,000 × 29 × 6 =
//!   6,960,000 (from the 사업명's parentheses); 여비 E3.2.4.2 › 국내여비
//!   E3.2.4.2.1: 20,000 × 5 × 4 = 400,000. E3.2.4 = 7,360,000.
//! - E3.2 = 883,000,000 + 280,400,000 + 211,916,000 + 7,360,000 =
//!   1,382,676,000; 세출 합계 9,720,439,000 − 215,000,000 + 211,916,000 +
//!   7,360,000 = 9,724,715,000.
//! - The disagreeing file says 7,000천원 for 6,960,000원: its row 7.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;
mod ready;
use ready::{postgres, sqlite};

use yesan_app::Error;
use yesan_app::proposal::{self, Resolution};
use yesan_app::proposal_flat::import_flat;
use yesan_domain::basis::Rounding;
use yesan_domain::policy::Policy;
use yesan_domain::{EconomicCode, LineCode, Won};
use yesan_store::Store;

const GOOD: &[u8] = include_bytes!("fixtures/draft-flat.csv");
const CP949: &[u8] = include_bytes!("fixtures/draft-flat-cp949.csv");
const DISAGREES: &[u8] = include_bytes!("fixtures/draft-flat-disagrees.csv");

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

async fn written(store: &Store) -> (i64, usize, usize) {
    let p = store.proposal(2024).await.expect("read").expect("a draft");
    (
        store.version().await.expect("audit"),
        p.versions.len(),
        p.events.len(),
    )
}

async fn story(store: Store) {
    let policy = Policy {
        rounding: Rounding::Up,
        ..Policy::default()
    };
    store.set_policy(&policy, "admin").await.expect("policy");
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("2024 opens");
    proposal::create(&store, 2024, "kim")
        .await
        .expect("created");

    // Refused whole, naming the row and the cell; nothing written.
    let before = written(&store).await;
    let err = import_flat(&store, 2024, DISAGREES, "예산.csv", "", "kim")
        .await
        .expect_err("refused");
    let Error::Flat(e) = &err else {
        panic!("{err}");
    };
    assert_eq!(e.row_errors.len(), 1, "{err}");
    assert_eq!(e.row_errors[0].line, 7);
    assert!(
        e.row_errors[0]
            .column
            .as_deref()
            .is_some_and(|c| c.starts_with("예산액")),
        "{err}"
    );
    assert_eq!(written(&store).await, before);

    // The CP949 file: version 2.
    let got = import_flat(&store, 2024, CP949, "예산.csv", "1차 요구", "kim")
        .await
        .expect("imported");
    assert_eq!(got.version, 2);
    let codes = |list: &[yesan_app::proposal_flat::PlacedLine]| {
        list.iter().map(|p| p.code.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(codes(&got.matched), ["E3", "E3.2", "E3.2.3"]);
    assert_eq!(
        codes(&got.added),
        [
            "E3.2.3.1",
            "E3.2.3.1.1",
            "E3.2.3.2",
            "E3.2.3.2.1",
            "E3.2.4",
            "E3.2.4.1",
            "E3.2.4.1.1",
            "E3.2.4.2",
            "E3.2.4.2.1"
        ]
    );
    assert_eq!(got.opened, [(code("E3.2.3"), Won::new(215_000_000))]);
    let p = store.proposal(2024).await.expect("read").expect("draft");
    assert_eq!(p.latest().info.note, "1차 요구 (예산.csv)");
    let v = &p.latest().content;
    let amount = |c: &str| v.amount(&code(c)).get();
    assert_eq!(amount("E3.2.3.1.1"), 11_916_000);
    assert_eq!(amount("E3.2.3.2.1"), 200_000_000);
    assert_eq!(amount("E3.2.3"), 211_916_000);
    assert_eq!(amount("E3.2.4.1.1"), 6_960_000);
    assert_eq!(amount("E3.2.4.2.1"), 400_000);
    assert_eq!(amount("E3.2.4"), 7_360_000);
    assert_eq!(amount("E3.2"), 1_382_676_000);
    assert_eq!(
        v.budget().total(yesan_domain::LineKind::Expenditure).amount,
        Won::new(9_724_715_000)
    );
    assert_eq!(v.items()[&code("E3.2.3.1.1")].len(), 2);
    assert_eq!(
        v.items()[&code("E3.2.4.1.1")][0].description(),
        "기록관 환경정비"
    );
    let line = |c: &str| v.budget().line(&code(c)).expect("line").clone();
    assert_eq!(line("E3.2.4").name, "기록관 운영");
    assert_eq!(
        line("E3.2.3.2.1").economic,
        Some(EconomicCode::parse("307-05").expect("code"))
    );

    // The same file in UTF-8 again: every line matched, nothing changes.
    let again = import_flat(&store, 2024, GOOD, "예산.csv", "", "kim")
        .await
        .expect("again");
    assert_eq!(
        (again.version, again.matched.len(), again.added.len()),
        (3, 12, 0)
    );
    let d = proposal::diff(&store, 2024, 2, 3).await.expect("diff");
    assert!(d.lines.is_empty(), "{d:?}");

    // Approval into the opened 2024: the new lines join it with their
    // amounts as its 본예산.
    proposal::submit(&store, 2024, "kim")
        .await
        .expect("submitted");
    proposal::approve(
        &store,
        2024,
        &Resolution {
            date: "2023-12-20".parse().expect("date"),
            number: "제2023-12호".into(),
            note: String::new(),
        },
        "lee",
    )
    .await
    .expect("approved");
    let y = store.load_year(2024).await.expect("load").expect("2024");
    let figure = |c: &str| y.budget.figures(&code(c)).expect("line").amount.get();
    assert_eq!(figure("E3.2.4.1.1"), 6_960_000);
    assert_eq!(figure("E3.2.4"), 7_360_000);
    assert_eq!(figure("E3.2.3"), 211_916_000);
    assert_eq!(figure("E3.2"), 1_382_676_000);
    assert_eq!(
        y.budget.total(yesan_domain::LineKind::Expenditure).amount,
        Won::new(9_724_715_000)
    );
    assert_eq!(
        store.basis(2024).await.expect("basis")[&code("E3.2.3.1.1")].len(),
        2
    );
    // New lines sit after their siblings.
    let under: Vec<&str> = y
        .budget
        .children(&code("E3.2"))
        .map(|l| l.code.as_str())
        .collect();
    assert_eq!(under, ["E3.2.1", "E3.2.2", "E3.2.3", "E3.2.4"]);
}

/// Approved before 2024 is opened: opening carries the new lines.
async fn approved_before_opening(store: Store) {
    let policy = Policy {
        rounding: Rounding::Up,
        ..Policy::default()
    };
    store.set_policy(&policy, "admin").await.expect("policy");
    proposal::create(&store, 2024, "kim")
        .await
        .expect("created");
    import_flat(&store, 2024, GOOD, "예산.csv", "", "kim")
        .await
        .expect("imported");
    proposal::submit(&store, 2024, "kim")
        .await
        .expect("submitted");
    proposal::approve(
        &store,
        2024,
        &Resolution {
            date: "2023-12-20".parse().expect("date"),
            number: "제2023-12호".into(),
            note: String::new(),
        },
        "lee",
    )
    .await
    .expect("approved");
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("2024 opens");
    let y = store.load_year(2024).await.expect("load").expect("2024");
    let figure = |c: &str| y.budget.figures(&code(c)).expect("line").amount.get();
    assert_eq!(figure("E3.2.4.2.1"), 400_000);
    assert_eq!(figure("E3.2.3"), 211_916_000);
    assert_eq!(
        y.budget.total(yesan_domain::LineKind::Expenditure).amount,
        Won::new(9_724_715_000)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn flat_export_into_the_draft_sqlite() {
    let (_dir, store) = sqlite().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn flat_export_into_the_draft_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn approved_flat_draft_opens_its_year_sqlite() {
    let (_dir, store) = sqlite().await;
    approved_before_opening(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn approved_flat_draft_opens_its_year_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    approved_before_opening(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}
