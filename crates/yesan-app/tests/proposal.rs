//! The draft budget (예산안) story on both backends (PostgreSQL where
//! `YESAN_TEST_POSTGRES_URL` names a server): a planner opens 2024, makes
//! its draft from 2023, changes two 산출기초 items and saves version 2; the
//! diff shows exactly those changes; the draft is submitted; its saver
//! cannot approve it, another user can; 2024's 본예산 is then the draft's;
//! a further save is refused; a refused call writes nothing. A second story
//! approves a draft before the year is opened, and opening takes it; a
//! third finds a recorded year with a 본예산 already, which refuses the draft.
//!
//! Figures, by hand (the default dataset has no amendments in 2023, so
//! 2023's final budget is its recorded amounts, in 천원 × 1,000):
//! - 2023 E3.2.1 (디지털 약자 역량강화 교육) = 883,000,000원, given here the
//!   items 강사료 50,000 × 40명 × 100회 = 200,000,000, 운영인력
//!   3,000,000 × 19명 × 11개월 = 627,000,000, 교재 28,000 × 2,000부 =
//!   56,000,000 (sum 883,000,000, so version 1 equals 2023);
//! - version 2 changes item 1 to 55,000 × 40 × 100 = 220,000,000 and item 3
//!   to 28,123 × 2,000 × 95% = 53,433,700; exact sum 220,000,000 +
//!   627,000,000 + 53,433,700 = 900,433,700, rounded up (절상) to
//!   900,434,000 (difference +300);
//! - 증감액 900,434,000 − 883,000,000 = 17,434,000; 증감률 17,434,000 ÷
//!   883,000,000 = 1.974…% → 2.0;
//! - E3.2 = 900,434,000 + 280,400,000 + 215,000,000 = 1,395,834,000 (2023:
//!   1,378,400,000); E3 = 5,067,700,000 + 17,434,000 = 5,085,134,000;
//! - 세출 합계 2023 = 2,396,332 + 1,472,349 + 5,067,700 + 784,058 천원 =
//!   9,720,439,000원; the draft: 9,737,873,000원.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;
mod ready;
use ready::{postgres, sqlite};

use yesan_app::Error;
use yesan_app::proposal::{
    self, EditItem, EditLine, ItemChange, ProposalEdit, ProposalError, Resolution, Status,
};
use yesan_domain::basis::{BasisItem, Rounding, parse_item};
use yesan_domain::policy::Policy;
use yesan_domain::{LineCode, Won};
use yesan_store::Store;

fn code(s: &str) -> LineCode {
    LineCode::parse(s).expect("code")
}

fn item(text: &str) -> BasisItem {
    parse_item(text, None).expect("item").item
}

fn edit_item(description: &str, price: &str, factors: &str) -> EditItem {
    EditItem {
        group: None,
        description: description.into(),
        unit_price: price.into(),
        factors: factors.into(),
    }
}

fn resolution() -> Resolution {
    Resolution {
        date: "2023-12-20".parse().expect("date"),
        number: "제2023-12호".into(),
        note: "원안 의결".into(),
    }
}

/// The second version's edit: items 1 and 3 of E3.2.1 changed.
fn version_two() -> ProposalEdit {
    ProposalEdit {
        lines: vec![EditLine {
            economic: None,
            code: "E3.2.1".into(),
            amount: None,
            items: vec![
                edit_item("강사료", "55,000원", "40명 × 100회"),
                edit_item("운영인력", "3,000,000", "19명 × 11개월"),
                edit_item("교재", "28,123", "2,000부*95%"),
            ],
        }],
    }
}

async fn prepare(store: &Store) {
    let policy = Policy {
        rounding: Rounding::Up,
        ..Policy::default()
    };
    store.set_policy(&policy, "admin").await.expect("policy");
    store
        .set_basis(
            2023,
            &code("E3.2.1"),
            &[
                item("강사료 50,000원 × 40명 × 100회"),
                item("운영인력 3,000,000원 × 19명 × 11개월"),
                item("교재 28,000원 × 2,000부"),
            ],
            "planner",
        )
        .await
        .expect("2023 items");
}

/// What a refused call must leave as it was.
async fn written(store: &Store) -> (i64, usize, usize) {
    let p = store.proposal(2024).await.expect("read").expect("a draft");
    (
        store.version().await.expect("audit"),
        p.versions.len(),
        p.events.len(),
    )
}

fn row<'a>(v: &'a proposal::ProposalView, c: &str) -> &'a proposal::ViewRow {
    v.rows.iter().find(|r| r.code == c).expect("row")
}

async fn story(store: Store) {
    prepare(&store).await;
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("2024 opens");

    let v1 = proposal::create(&store, 2024, "kim")
        .await
        .expect("created");
    assert_eq!((v1.year, v1.base_year, v1.version), (2024, 2023, 1));
    assert_eq!(v1.status, Status::Editing);
    let r = row(&v1, "E3.2.1");
    assert_eq!(
        (r.amount, r.current, r.change),
        (883_000_000, 883_000_000, 0)
    );
    assert_eq!(r.items.len(), 3);
    assert_eq!(r.items[1].amount, 627_000_000);
    assert_eq!(v1.totals[1].amount, 9_720_439_000);
    // A second draft of the same year is refused.
    assert!(matches!(
        proposal::create(&store, 2024, "kim").await,
        Err(Error::Proposal(ProposalError::Exists { year: 2024 }))
    ));

    // The live preview and the saved version agree.
    let preview = proposal::preview(&store, 2024, &version_two())
        .await
        .expect("preview");
    assert_eq!(preview.version, 0);
    assert_eq!(row(&preview, "E3.2.1").amount, 900_434_000);
    assert_eq!(written(&store).await.1, 1, "a preview saves nothing");

    // A bad edit is refused whole, naming line, item and field.
    let before = written(&store).await;
    let mut bad = version_two();
    bad.lines[0].items[2].unit_price = "이만원".into();
    let err = proposal::save(&store, 2024, &bad, "", "kim")
        .await
        .expect_err("refused");
    let text = err.to_string();
    assert!(text.starts_with("과목 E3.2.1 산출기초 3번 단가:"), "{text}");
    assert_eq!(written(&store).await, before);

    let n = proposal::save(&store, 2024, &version_two(), "강사료 인상", "kim")
        .await
        .expect("saved");
    assert_eq!(n, 2);
    let v2 = proposal::view(&store, 2024, None).await.expect("view");
    assert_eq!(v2.version, 2);
    assert_eq!(v2.versions.len(), 2);
    assert_eq!(v2.versions[1].note, "강사료 인상");
    let r = row(&v2, "E3.2.1");
    assert_eq!(r.exact, Some(900_433_700));
    assert_eq!(r.rounding, Some(300));
    assert_eq!((r.amount, r.current), (900_434_000, 883_000_000));
    assert_eq!((r.change, r.rate.as_deref()), (17_434_000, Some("2.0")));
    assert_eq!(row(&v2, "E3.2").amount, 1_395_834_000);
    assert_eq!(row(&v2, "E3").amount, 5_085_134_000);
    assert_eq!(v2.totals[1].amount, 9_737_873_000);
    assert_eq!(v2.totals[1].current, 9_720_439_000);
    let group = v2
        .programs
        .iter()
        .find(|p| p.code.as_deref() == Some("E3.2"))
        .expect("program group");
    assert_eq!((group.amount, group.change), (1_395_834_000, 17_434_000));
    let earlier = proposal::view(&store, 2024, Some(1)).await.expect("v1");
    assert_eq!(row(&earlier, "E3.2.1").amount, 883_000_000);

    let d = proposal::diff(&store, 2024, 1, 2).await.expect("diff");
    let codes: Vec<&str> = d.lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["E3", "E3.2", "E3.2.1"]);
    let leaf = &d.lines[2];
    assert_eq!((leaf.from, leaf.to), (Some(883_000_000), Some(900_434_000)));
    assert_eq!(
        leaf.items,
        vec![
            ItemChange::Changed {
                item: 1,
                from: "강사료 50,000원 × 40명 × 100회".into(),
                to: "강사료 55,000원 × 40명 × 100회".into(),
            },
            ItemChange::Changed {
                item: 3,
                from: "교재 28,000원 × 2,000부".into(),
                to: "교재 28,123원 × 2,000부 × 95%".into(),
            },
        ]
    );

    proposal::submit(&store, 2024, "kim")
        .await
        .expect("submitted");
    // Four-eyes: the submitter (and saver) cannot approve; nothing written.
    let before = written(&store).await;
    assert!(matches!(
        proposal::approve(&store, 2024, &resolution(), "kim").await,
        Err(Error::Proposal(ProposalError::SameAuthor { .. }))
    ));
    assert_eq!(written(&store).await, before);
    // Nor is a submitted draft saved.
    assert!(matches!(
        proposal::save(&store, 2024, &version_two(), "", "kim").await,
        Err(Error::Proposal(ProposalError::Submitted { year: 2024 }))
    ));
    assert_eq!(written(&store).await, before);

    proposal::approve(&store, 2024, &resolution(), "lee")
        .await
        .expect("approved");
    let approved = proposal::view(&store, 2024, None).await.expect("view");
    assert!(matches!(
        approved.status,
        Status::Approved { version: 2, ref by, ref resolution, .. }
            if by == "lee" && resolution.number == "제2023-12호"
    ));

    // 2024's 본예산 is the draft's.
    let y2024 = store.load_year(2024).await.expect("load").expect("2024");
    let amount = |c: &str| y2024.budget.line(&code(c)).and_then(|l| l.amount);
    assert_eq!(amount("E3.2.1"), Some(Won::new(900_434_000)));
    assert_eq!(amount("E3.2.3"), Some(Won::new(215_000_000)));
    assert_eq!(amount("E1"), Some(Won::new(2_396_332_000)));
    assert_eq!(
        y2024
            .budget
            .total(yesan_domain::LineKind::Expenditure)
            .amount,
        Won::new(9_737_873_000)
    );
    let basis = store.basis(2024).await.expect("basis");
    assert_eq!(basis[&code("E3.2.1")].len(), 3);
    assert_eq!(basis[&code("E3.2.1")][2].unit_price(), Won::new(28_123));

    // After approval nothing changes, and a refused call writes nothing.
    let before = written(&store).await;
    let err = proposal::save(&store, 2024, &version_two(), "", "kim")
        .await
        .expect_err("refused");
    assert!(
        err.to_string().starts_with(
            "승인된 예산안은 고칠 수 없습니다. 이후 변경은 추경 등 예산 변경으로 하세요"
        ),
        "{err}"
    );
    for refused in [
        proposal::submit(&store, 2024, "kim").await,
        proposal::return_to_planner(&store, 2024, "다시", "lee").await,
        proposal::approve(&store, 2024, &resolution(), "park").await,
    ] {
        assert!(matches!(
            refused,
            Err(Error::Proposal(ProposalError::Approved { year: 2024 }))
        ));
    }
    assert_eq!(written(&store).await, before);
}

/// A draft approved before its year is opened: opening takes its amounts.
async fn approved_before_opening(store: Store) {
    prepare(&store).await;
    proposal::create(&store, 2024, "kim")
        .await
        .expect("created");
    proposal::save(&store, 2024, &version_two(), "", "kim")
        .await
        .expect("saved");
    proposal::submit(&store, 2024, "park")
        .await
        .expect("submitted");
    // Returned, then submitted again.
    assert!(matches!(
        proposal::return_to_planner(&store, 2024, "", "lee").await,
        Err(Error::Proposal(ProposalError::BadText { .. }))
    ));
    proposal::return_to_planner(&store, 2024, "교재 단가 확인", "lee")
        .await
        .expect("returned");
    proposal::submit(&store, 2024, "park").await.expect("again");
    proposal::approve(&store, 2024, &resolution(), "lee")
        .await
        .expect("approved");
    assert!(store.load_year(2024).await.expect("load").is_none());
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("2024 opens");
    let y2024 = store.load_year(2024).await.expect("load").expect("2024");
    let amount = |c: &str| y2024.budget.line(&code(c)).and_then(|l| l.amount);
    assert_eq!(amount("E3.2.1"), Some(Won::new(900_434_000)));
    assert_eq!(amount("E4.3"), Some(Won::new(512_227_000)));
    assert_eq!(
        store.basis(2024).await.expect("basis")[&code("E3.2.1")].len(),
        3
    );
}

/// A recorded year with a 본예산 already does not take a draft: the
/// approval is refused, and nothing is written.
async fn year_with_a_budget_refuses(store: Store) {
    prepare(&store).await;
    let d2023 = store.load_year(2023).await.expect("load").expect("2023");
    let mut opened = yesan_app::year::open_next(&d2023, 2024, &[], &[])
        .expect("opened")
        .dataset;
    opened.budget = opened
        .budget
        .with_leaf_amount(&code("E4.3"), Won::new(1_000))
        .expect("an amount");
    store.add_year(&opened, "planner").await.expect("recorded");
    proposal::create(&store, 2024, "kim")
        .await
        .expect("created");
    proposal::submit(&store, 2024, "kim")
        .await
        .expect("submitted");
    let before = written(&store).await;
    let err = proposal::approve(&store, 2024, &resolution(), "lee")
        .await
        .expect_err("refused");
    assert!(
        matches!(
            &err,
            Error::Proposal(ProposalError::YearHasBudget { year: 2024, line, amount })
                if line == "E4.3" && *amount == Won::new(1_000)
        ),
        "{err}"
    );
    assert_eq!(written(&store).await, before);
    let y2024 = store.load_year(2024).await.expect("load").expect("2024");
    let e3 = y2024.budget.figures(&code("E3")).expect("E3").amount;
    assert_eq!(e3, Won::ZERO, "the year is as it was");
}

#[tokio::test(flavor = "multi_thread")]
async fn draft_budget_story_sqlite() {
    let (_dir, store) = sqlite().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn draft_budget_story_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn approved_draft_opens_its_year_sqlite() {
    let (_dir, store) = sqlite().await;
    approved_before_opening(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn approved_draft_opens_its_year_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    approved_before_opening(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_year_with_a_budget_refuses_the_draft_sqlite() {
    let (_dir, store) = sqlite().await;
    year_with_a_budget_refuses(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_year_with_a_budget_refuses_the_draft_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    year_with_a_budget_refuses(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}
