//! A draft line's 편성목·통계목 set by hand, on both backends (PostgreSQL
//! where `YESAN_TEST_POSTGRES_URL` names a server): version 2 gives E3.2.3
//! (디지털 돌봄 체험버스 운영) the code 307-05 민간위탁금; the view and the
//! diff show it; the version's 예산서 economic view counts the line there;
//! an unknown code refuses the save and writes nothing; approval writes the
//! code into 2024's 본예산.
//!
//! Figures, by hand: 2023 E3.2.3 = 215,000 천원 = 215,000,000원 (the
//! default dataset, no amendments), kept as the draft's typed amount. The
//! dataset's lines carry no codes, so 307 민간이전 and 307-05 민간위탁금
//! each hold exactly E3.2.3's 215,000,000원.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;
mod ready;
use ready::{postgres, sqlite};

use yesan_app::Error;
use yesan_app::proposal::{self, EditLine, ProposalEdit, ProposalError, Resolution};
use yesan_app::proposal_files;
use yesan_domain::economic::EconomicCode;
use yesan_domain::{LineCode, Won};
use yesan_store::Store;

fn set(code: &str, economic: &str) -> ProposalEdit {
    ProposalEdit {
        lines: vec![EditLine {
            code: code.into(),
            amount: Some(215_000_000),
            items: vec![],
            economic: Some(economic.into()),
        }],
    }
}

async fn story(store: Store) {
    yesan_app::year::open(&store, 2024, &[], &[], "planner")
        .await
        .expect("2024 opens");
    proposal::create(&store, 2024, "kim")
        .await
        .expect("created");

    // An unknown code: refused, naming the line and the field; nothing
    // written.
    let before = store.version().await.expect("audit");
    let err = proposal::save(&store, 2024, &set("E3.2.3", "999-99"), "", "kim")
        .await
        .expect_err("refused");
    assert!(
        matches!(&err, Error::Proposal(ProposalError::Edit(p)) if p.len() == 1),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("과목 E3.2.3 편성목·통계목"),
        "{err}"
    );
    assert_eq!(store.version().await.expect("audit"), before);

    let n = proposal::save(
        &store,
        2024,
        &set("E3.2.3", "307-05 민간위탁금"),
        "성질 지정",
        "kim",
    )
    .await
    .expect("saved");
    assert_eq!(n, 2);
    let view = proposal::view(&store, 2024, Some(2)).await.expect("view");
    let row = view.rows.iter().find(|r| r.code == "E3.2.3").expect("row");
    assert_eq!(row.economic.as_deref(), Some("307-05"));
    assert_eq!(row.amount, 215_000_000);
    let d = proposal::diff(&store, 2024, 1, 2).await.expect("diff");
    assert_eq!(d.lines.len(), 1, "{d:?}");
    let change = d.lines[0].economic.as_ref().expect("code changed");
    assert_eq!((change.from.as_str(), change.to.as_str()), ("", "307-05"));

    // The version's 예산서, by economic classification.
    let parts = proposal_files::book(&store, 2024, Some(2))
        .await
        .expect("book");
    let book = yesan_report::book::build(&parts.input()).expect("built");
    let at = |code: &str| {
        book.economic
            .rows
            .iter()
            .find(|r| r.code.as_deref() == Some(code))
            .unwrap_or_else(|| panic!("no row {code}"))
    };
    assert_eq!(
        (
            at("307").name.as_str(),
            at("307").amount,
            at("307").lines.clone()
        ),
        ("민간이전", Won::new(215_000_000), vec!["E3.2.3".to_owned()])
    );
    assert_eq!(
        (at("307-05").name.as_str(), at("307-05").amount),
        ("민간위탁금", Won::new(215_000_000))
    );

    // Approved: 2024's 본예산 carries the code.
    proposal::submit(&store, 2024, "kim")
        .await
        .expect("submitted");
    let res = Resolution {
        date: "2023-12-20".parse().expect("date"),
        number: "제2023-12호".into(),
        note: String::new(),
    };
    proposal::approve(&store, 2024, &res, "lee")
        .await
        .expect("approved");
    let y2024 = store.load_year(2024).await.expect("load").expect("2024");
    let line = y2024
        .budget
        .line(&LineCode::parse("E3.2.3").expect("code"))
        .expect("line");
    assert_eq!(
        line.economic,
        Some(EconomicCode::parse("307-05").expect("code"))
    );
    assert_eq!(line.amount, Some(Won::new(215_000_000)));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_lines_economic_code_sqlite() {
    let (_dir, store) = sqlite().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_draft_lines_economic_code_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}
