//! A draft's workbook round trip and its 예산서, on both backends
//! (PostgreSQL where `YESAN_TEST_POSTGRES_URL` names a server): version 1
//! exported and imported untouched is version 2 with the same content and
//! an empty diff; an edited unit price gives a version whose line and
//! totals are the hand-computed ones; a workbook with bad cells, or whose
//! lines do not match the draft's, is refused with each cell named and
//! nothing written; a leaf's changed 편성목 becomes its code (an unknown
//! one refused with its cell) and round-trips; an approved draft refuses
//! a workbook as it refuses a save; the draft's 예산서 names its version, then 본예산.
//!
//! Figures, by hand (2023's final budget is its recorded amounts): 2023
//! E3.2.1 = 883,000,000원, given the items 강사료 50,000 × 40명 × 100회 =
//! 200,000,000, 운영인력 3,000,000 × 19명 × 11개월 = 627,000,000, 교재
//! 28,000 × 2,000부 = 56,000,000. 강사료 at 55,000원: 55,000 × 40 × 100 =
//! 220,000,000; the line 220,000,000 + 627,000,000 + 56,000,000 =
//! 903,000,000 (a whole 천원, so 절상 keeps it); 세출 합계 9,720,439,000 +
//! 20,000,000 = 9,740,439,000.

#[path = "../../yesan-store/tests/common/mod.rs"]
mod common;
mod ready;
use ready::{postgres, sqlite};

use calamine::{Data, Reader, Xlsx};
use yesan_app::Error;
use yesan_app::proposal::{self, ProposalError, Resolution};
use yesan_app::proposal_files;
use yesan_domain::LineCode;
use yesan_domain::basis::{BasisItem, Rounding, parse_item};
use yesan_domain::policy::Policy;
use yesan_import::budget_workbook::{CellIssue, SHEET};
use yesan_store::Store;

fn item(text: &str) -> BasisItem {
    parse_item(text, None).expect("item").item
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
            &LineCode::parse("E3.2.1").expect("code"),
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

/// The workbook with cells replaced: `(row, col, text)`, 0-based; every
/// other cell copied as its value (formula cells as their results, which
/// the reader never reads).
fn edited(bytes: &[u8], changes: &[(u32, u32, &str)]) -> Vec<u8> {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = wb.worksheet_range(SHEET).expect("sheet");
    let mut out = rust_xlsxwriter::Workbook::new();
    let ws = out.add_worksheet();
    ws.set_name(SHEET).expect("name");
    let (r0, c0) = range.start().expect("start");
    for (r, row) in range.rows().enumerate() {
        for (c, v) in row.iter().enumerate() {
            let (r, c) = (
                r0 + u32::try_from(r).expect("r"),
                c0 + u32::try_from(c).expect("c"),
            );
            let col = u16::try_from(c).expect("col");
            if let Some((_, _, t)) = changes.iter().find(|(cr, cc, _)| *cr == r && *cc == c) {
                ws.write_string(r, col, *t).expect("cell");
                continue;
            }
            match v {
                Data::String(s) => {
                    ws.write_string(r, col, s).expect("cell");
                }
                Data::Float(f) => {
                    ws.write_number(r, col, *f).expect("cell");
                }
                #[allow(clippy::cast_precision_loss)]
                Data::Int(i) => {
                    ws.write_number(r, col, *i as f64).expect("cell");
                }
                _ => {}
            }
        }
    }
    out.save_to_buffer().expect("save")
}

/// The row (0-based) whose 행 구분, 과목코드 and 설명 (columns A, B, G) are
/// `kind`, `code` and `description` (any description when empty).
fn row_of(bytes: &[u8], kind: &str, code: &str, description: &str) -> u32 {
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    let range = wb.worksheet_range(SHEET).expect("sheet");
    let text = |r: u32, c: u32| match range.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    (0..u32::try_from(range.height()).expect("rows"))
        .find(|&r| {
            text(r, 0) == kind
                && text(r, 1) == code
                && (description.is_empty() || text(r, 6) == description)
        })
        .unwrap_or_else(|| panic!("no row {kind} {code} {description}"))
}

async fn written(store: &Store) -> (i64, usize) {
    let p = store.proposal(2024).await.expect("read").expect("a draft");
    (store.version().await.expect("audit"), p.versions.len())
}

async fn story(store: Store) {
    prepare(&store).await;
    proposal::create(&store, 2024, "kim")
        .await
        .expect("created");

    // Lossless: version 1 out and back in is version 2, equal to it.
    let v1 = proposal_files::workbook(&store, 2024, Some(1))
        .await
        .expect("workbook");
    let n = proposal_files::import_workbook(&store, 2024, &v1, "v1.xlsx", "", "kim")
        .await
        .expect("import")
        .expect("taken");
    assert_eq!(n, 2);
    let p = store.proposal(2024).await.expect("read").expect("draft");
    assert_eq!(p.versions[1].content, p.versions[0].content);
    assert_eq!(p.versions[1].info.note, "엑셀 v1.xlsx");
    let d = proposal::diff(&store, 2024, 1, 2).await.expect("diff");
    assert!(d.lines.is_empty(), "{d:?}");

    // 강사료 50,000 → 55,000원 in the 단가 cell (H).
    let lecture = row_of(&v1, "산출", "E3.2.1", "강사료");
    let v3 = edited(&v1, &[(lecture, 7, "55000")]);
    let n = proposal_files::import_workbook(&store, 2024, &v3, "v3.xlsx", "강사료 인상", "kim")
        .await
        .expect("import")
        .expect("taken");
    assert_eq!(n, 3);
    let view = proposal::view(&store, 2024, Some(3)).await.expect("view");
    let line = view.rows.iter().find(|r| r.code == "E3.2.1").expect("row");
    assert_eq!(line.items[0].amount, 220_000_000);
    assert_eq!(line.amount, 903_000_000);
    assert_eq!(line.change, 20_000_000);
    assert_eq!(view.totals[1].amount, 9_740_439_000);
    let d = proposal::diff(&store, 2024, 2, 3).await.expect("diff");
    // Only E3.2.1 (its item 1) changed, and its parents E3.2 and E3 by
    // the same 20,000,000.
    let codes: Vec<_> = d.lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["E3", "E3.2", "E3.2.1"], "{d:?}");
    assert_eq!(d.lines[2].items.len(), 1);

    // Bad cells: a price in words (H) and a quantity in words (I), both
    // listed; nothing written.
    let before = written(&store).await;
    let books = row_of(&v1, "산출", "E3.2.1", "교재");
    let bad = edited(&v1, &[(lecture, 7, "오만원"), (books, 8, "스무")]);
    let cells = proposal_files::import_workbook(&store, 2024, &bad, "bad.xlsx", "", "kim")
        .await
        .expect("import")
        .expect_err("refused");
    let at: Vec<_> = cells.iter().map(|c| c.cell.clone()).collect();
    assert_eq!(
        at,
        vec![format!("H{}", lecture + 1), format!("I{}", books + 1)]
    );
    assert!(cells.iter().all(|c| c.sheet == SHEET));
    assert_eq!(written(&store).await, before);

    // Lines that do not match the draft: a leaf renamed (D) and an item
    // moved to a code the draft lacks (B): both named, nothing written.
    let leaf = row_of(&v1, "과목", "E3.2.1", "");
    let moved = edited(&v1, &[(leaf, 3, "다른 이름"), (books, 1, "E9.9.9")]);
    let cells = proposal_files::import_workbook(&store, 2024, &moved, "m.xlsx", "", "kim")
        .await
        .expect("import")
        .expect_err("refused");
    assert!(
        cells.iter().any(|c| c.cell == format!("B{}", books + 1)),
        "{cells:?}"
    );
    assert_eq!(written(&store).await, before);
    let renamed = edited(&v1, &[(leaf, 3, "다른 이름")]);
    let cells = proposal_files::import_workbook(&store, 2024, &renamed, "r.xlsx", "", "kim")
        .await
        .expect("import")
        .expect_err("refused");
    assert_eq!(cells.len(), 1, "{cells:?}");
    assert_eq!(cells[0].cell, format!("D{}", leaf + 1));
    assert_eq!(cells[0].column, "과목명");
    assert!(matches!(&cells[0].issue, CellIssue::Differs { .. }));
    assert_eq!(written(&store).await, before);

    // A leaf's 편성목 (E) changed is the version's code: E3.2.3 given
    // 307-05 is version 4, its amount unchanged, the diff that line alone;
    // exported again and imported untouched, version 5 equals it.
    let bus = row_of(&v1, "과목", "E3.2.3", "");
    let unknown = edited(&v1, &[(bus, 4, "999-99")]);
    let cells = proposal_files::import_workbook(&store, 2024, &unknown, "u.xlsx", "", "kim")
        .await
        .expect("import")
        .expect_err("refused");
    assert_eq!(cells.len(), 1, "{cells:?}");
    assert_eq!(cells[0].cell, format!("E{}", bus + 1));
    assert_eq!(written(&store).await, before);
    let v3 = proposal_files::workbook(&store, 2024, Some(3))
        .await
        .expect("workbook");
    let coded = edited(&v3, &[(row_of(&v3, "과목", "E3.2.3", ""), 4, "307-05")]);
    let n = proposal_files::import_workbook(&store, 2024, &coded, "c.xlsx", "", "kim")
        .await
        .expect("import")
        .expect("taken");
    assert_eq!(n, 4);
    let view = proposal::view(&store, 2024, Some(4)).await.expect("view");
    let row = view.rows.iter().find(|r| r.code == "E3.2.3").expect("row");
    assert_eq!(row.economic.as_deref(), Some("307-05"));
    assert_eq!(row.amount, 215_000_000);
    let d = proposal::diff(&store, 2024, 3, 4).await.expect("diff");
    let codes: Vec<_> = d.lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["E3.2.3"], "{d:?}");
    let v4 = proposal_files::workbook(&store, 2024, Some(4))
        .await
        .expect("workbook");
    let n = proposal_files::import_workbook(&store, 2024, &v4, "v4.xlsx", "", "kim")
        .await
        .expect("import")
        .expect("taken");
    assert_eq!(n, 5);
    let p = store.proposal(2024).await.expect("read").expect("draft");
    assert_eq!(p.versions[4].content, p.versions[3].content);

    // The 예산서 of version 5, then approved.
    let parts = proposal_files::book(&store, 2024, None)
        .await
        .expect("book");
    assert_eq!(parts.edition, "2024년도 예산안 (5차)");
    let md = String::from_utf8(
        yesan_app::book::render(&parts, yesan_app::publish::ReportFormat::Markdown).expect("md"),
    )
    .expect("utf8");
    // 903,000,000원 = 903,000천원; 9,740,439,000원 = 9,740,439천원.
    assert!(md.contains("903,000"), "{md}");
    assert!(md.contains("9,740,439"), "{md}");
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
    let parts = proposal_files::book(&store, 2024, None)
        .await
        .expect("book");
    assert_eq!(parts.edition, "2024년도 본예산");
    // An approved draft takes no workbook; nothing written.
    let before = written(&store).await;
    assert!(matches!(
        proposal_files::import_workbook(&store, 2024, &v1, "v1.xlsx", "", "kim").await,
        Err(Error::Proposal(ProposalError::Approved { year: 2024 }))
    ));
    assert_eq!(written(&store).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn draft_workbook_round_trip_sqlite() {
    let (_dir, store) = sqlite().await;
    story(store).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn draft_workbook_round_trip_postgres() {
    let Some((store, url)) = postgres().await else {
        return;
    };
    story(store.clone()).await;
    store.close().await;
    common::drop_postgres_database(&url).await;
}
