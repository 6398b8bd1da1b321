//! One heading, one number (issue 12, item 3): after a transfer of
//! 20,000천원 into 2-2 (로봇활용 시민체감 서비스 운영, 본예산 280,400천원
//! in the seed) from 2-3 (디지털 돌봄 체험버스 운영, 215,000천원), the
//! report's 「2023년 예산」 and strategy tables, headed 예산액 as the seed
//! heads them, show 예산현액 (300,400) and say so under the table; with
//! no amendment in effect they are the seed's, without the note.

use chrono::NaiveDate;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta, Schedule};
use yesan_domain::{Dataset, ExecutionStatus, LineCode, Won};
use yesan_report::{Format, build_with, markdown, render};

/// The report on `on` with `amendments` in effect, as the application
/// builds it from a snapshot (the budget amended on the date).
fn report(d: &Dataset, amendments: &[Amendment], on: NaiveDate) -> (String, yesan_report::Report) {
    let amended = Schedule::new(amendments).budget_on(&d.budget, on);
    let status = ExecutionStatus::compute(&amended, &d.ledger, on);
    let r = build_with(d, &amended, &status);
    (markdown::render(&r), r)
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).expect("date")
}

#[test]
fn the_reports_budget_heading_means_the_current_budget_and_says_so() {
    let d = yesan_dataset::default_dataset().expect("default dataset");
    let seed = render(&d, day(10, 18), Format::Markdown).expect("render");
    assert!(!seed.contains("※ 예산액"), "no amendment, no note");
    let transfer = [Amendment {
        no: "2023-전용-1".into(),
        date: day(10, 20),
        kind: AmendmentKind::Diversion,
        note: "대표이사 승인".into(),
        changes: vec![
            LineDelta {
                line: LineCode::parse("E3.2.2").expect("code"),
                delta: Won::new(20_000_000),
            },
            LineDelta {
                line: LineCode::parse("E3.2.3").expect("code"),
                delta: Won::new(-20_000_000),
            },
        ],
    }];
    let (md, r) = report(&d, &transfer, day(10, 31));
    let program = &md[md.find("2023년 예산").expect("the table")..];
    let program = &program[..program.find("\n#").unwrap_or(program.len())];
    assert!(program.contains("| 예산액 |"), "{program}");
    assert!(
        program.contains("| 로봇활용 시민체감 서비스 운영 | 300,400 |"),
        "{program}"
    );
    assert!(
        program.contains("| 디지털 돌봄 체험버스 운영 | 195,000 |"),
        "{program}"
    );
    assert!(
        program.contains("※ 예산액: ’23.10.31. 현재 예산현액 (본예산에 추경·전용·이용·이월 반영)"),
        "{program}"
    );
    // The strategy table (PDF, HWPX, XLSX; Markdown and HTML show the
    // strategy as headings) carries the same note.
    assert_eq!(r.strategy_table.columns[3].title, "예산액");
    assert_eq!(r.strategy_table.notes, r.general.program_budget.table.notes);
    assert_eq!(md.matches("※ 예산액:").count(), 1);
    // Before the amendment's date nothing differs: no note.
    let (before, r) = report(&d, &transfer, day(10, 19));
    assert!(!before.contains("※ 예산액"));
    assert!(r.strategy_table.notes.is_empty());
}
