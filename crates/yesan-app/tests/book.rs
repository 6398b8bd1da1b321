//! The 예산서 of a recorded year through the application layer, on both
//! backends (PostgreSQL where `YESAN_TEST_POSTGRES_URL` names a server):
//! the default dataset's 2023 with 산출기초 set on one line and the
//! institution's rule 절상, rendered in every format; the economic view
//! (no line of the seed carries a code: everything under 미분류); a date
//! outside the year refused. Figures worked out by hand in the comments.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;

use chrono::NaiveDate;
use yesan_app::book;
use yesan_app::publish::ReportFormat;
use yesan_domain::LineCode;
use yesan_domain::basis::Rounding;
use yesan_store::Store;

async fn story(store: Store) {
    yesan_app::store::ensure_initialized(&store, "tester")
        .await
        .expect("the default dataset");
    let store = store
        .scoped(store.institution_code(), None)
        .await
        .expect("the institution");
    let mut policy = store.policy().await.expect("policy");
    policy.rounding = Rounding::Up;
    store
        .set_policy(&policy, "tester")
        .await
        .expect("policy set");
    let item = yesan_testkit::book::item;
    let line = LineCode::parse("E3.1.1").expect("code");
    store
        .set_basis(
            2023,
            &line,
            &[
                item(
                    Some("운영비"),
                    "강사료",
                    50_000,
                    &[("20", "명"), ("10", "회")],
                ),
                item(
                    Some("운영비"),
                    "다과비",
                    3_000,
                    &[("20", "명"), ("10", "회"), ("95", "%")],
                ),
                item(None, "교재", 12_345, &[("3", "권")]),
            ],
            "tester",
        )
        .await
        .expect("산출기초 set");
    let parts = book::recorded(&store, Some(2023), None)
        .await
        .expect("parts");
    assert_eq!(
        parts.date,
        NaiveDate::from_ymd_opt(2023, 12, 31).expect("date")
    );
    assert_eq!(parts.rounding, Rounding::Up);
    let md =
        String::from_utf8(book::render(&parts, ReportFormat::Markdown).expect("md")).expect("utf8");
    // 50,000 × 20 × 10 = 10,000,000; 3,000 × 20 × 10 × 95% = 570,000
    // (운영비 10,570,000); 12,345 × 3 = 37,035; 계 10,607,035 → 절상
    // 10,608,000, 끝수 965.
    for want in [
        "| [운영비] | 10,570,000 |",
        "| ◦ 다과비 3,000원 × 20명 × 10회 × 95% | 570,000 |",
        "| 계 | 10,607,035 |",
        "| 천원 미만 절상 (끝수 965) | 10,608,000 |",
        // The seed's 세출 total, 9,720,439천원.
        "| **세출 합계** |  |  | 9,720,439 |",
    ] {
        assert!(md.contains(want), "{want} missing in\n{md}");
    }
    for f in [
        ReportFormat::Html,
        ReportFormat::Json,
        ReportFormat::Pdf,
        ReportFormat::Xlsx,
        ReportFormat::Hwpx,
    ] {
        assert!(
            !book::render(&parts, f).expect("rendered").is_empty(),
            "{f:?}"
        );
    }
    let e = book::economic(&store, Some(2023), None)
        .await
        .expect("economic");
    let md = e.markdown();
    assert!(md.contains("| **계** | 합계 | 9,720,439 |"), "{md}");
    assert!(md.contains("| 미분류 | 9,720,439 |"), "{md}");
    let refused = book::recorded(&store, Some(2023), NaiveDate::from_ymd_opt(2024, 1, 5)).await;
    assert!(
        matches!(refused, Err(yesan_app::Error::Invalid(_))),
        "{refused:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_recorded_years_book_sqlite() {
    let (_dir, store) = common::sqlite_store().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_recorded_years_book_postgres() {
    if let Some(store) = common::postgres_store().await {
        story(store).await;
    }
}
