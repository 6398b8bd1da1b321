//! The budget formulation commands' arguments (`yesan budget …`: the flat
//! export check, the 예산서, the economic view, and the draft budget's
//! `yesan budget draft …`), apart from the main command table in `cli.rs`.

use crate::cli_format::ReportFormat;
use chrono::NaiveDate;
use clap::{Subcommand, ValueEnum};
use std::path::PathBuf;

/// Budget formulation commands.
#[derive(Debug, Subcommand)]
pub enum BudgetCommand {
    /// 평면 예산 파일(CSV/XLSX: 정책사업·단위사업·세부사업·편성목·통계목·예산액·산출기초)을 검사합니다. 아무것도 기록하지 않습니다
    /// / check a flat budget export (CSV/XLSX with 정책사업, 단위사업, 세부사업, 편성목, 통계목, 예산액, 산출기초 columns) against a year; writes nothing.
    CheckFlat {
        /// CSV 또는 XLSX 파일 / CSV or XLSX file.
        file: PathBuf,
        /// 대조할 회계연도 (기본: 현재 연도) / the fiscal year to check against (default: the current one).
        #[arg(long)]
        year: Option<i32>,
    },
    /// 예산서(세입세출예산서: 산출기초, 총괄, 사업별·성질별 예산)를 씁니다 / the 예산서: every line with its 산출기초, the summary, the program and economic views.
    Book {
        /// 회계연도 (기본: 현재 연도) / the fiscal year (default: the current one).
        #[arg(long)]
        year: Option<i32>,
        /// 기준일 (기본: 그 해의 12월 31일) / the date the budget is read on (default: the year's last day).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// 출력 파일 (기본: 표준출력; xlsx·pdf·hwpx는 필수) / output file (default: stdout; required for xlsx, pdf, hwpx).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 성질별(편성목·통계목) 예산 / the budget by economic classification.
    Economic {
        /// 회계연도 (기본: 현재 연도) / the fiscal year (default: the current one).
        #[arg(long)]
        year: Option<i32>,
        /// 기준일 (기본: 그 해의 12월 31일) / the date the budget is read on (default: the year's last day).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 형식: md 또는 json / format: md or json.
        #[arg(long, default_value = "md", value_parser = ["md", "json"])]
        format: String,
    },
    /// 예산안: 만들기, 보기, 차수, 비교, 저장, 제출, 반려, 승인 / the draft budget (예산안): create, show, versions, diff, save, submit, return, approve.
    Draft {
        /// What to do.
        #[command(subcommand)]
        what: DraftCommand,
        /// 작업자 이름 (기본: cli:$USER) / who acts (default: cli:$USER).
        #[arg(long, global = true)]
        actor: Option<String>,
    },
}

/// Formats of `yesan budget draft show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftFormat {
    /// Markdown (천원).
    Md,
    /// JSON (원).
    Json,
}

/// `yesan budget draft …`.
#[derive(Debug, Subcommand)]
pub enum DraftCommand {
    /// 전년도에서 YEAR년 예산안 1차를 만듭니다 / create version 1 of YEAR's draft from the year before.
    Create {
        /// 회계연도 / the fiscal year.
        year: i32,
    },
    /// 예산안과 전년도 대비 (증감액, 증감률) / the draft against the current year.
    Show {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 차수 (기본: 마지막) / version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value_t = DraftFormat::Md)]
        format: DraftFormat,
    },
    /// 차수 목록과 상태 / the versions and the status.
    Versions {
        /// 회계연도 / the fiscal year.
        year: i32,
    },
    /// 두 차수의 차이 / the difference between two versions.
    Diff {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 앞 차수 / the earlier version.
        from: u32,
        /// 뒤 차수 / the later version.
        to: u32,
    },
    /// 편집(JSON: {"lines":[{"code","amount","items":[{"group","description","unit_price","factors"}]}]})을 새 차수로 저장 / save an edit (JSON) as a new version.
    Save {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 편집 JSON 파일 / the edit as JSON.
        #[arg(long = "from")]
        file: PathBuf,
        /// 메모 / note.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 평면 예산 파일(정책사업·단위사업·세부사업·편성목·통계목·예산액·산출기초; CSV/XLSX, UTF-8 또는 CP949)을 새 차수로: 이름으로 과목을 맞추고 없는 과목은 추가. 문제가 하나라도 있으면 아무것도 기록하지 않습니다
    /// / import a flat budget export as a new version: lines matched by their names, the others added; one problem and nothing is written.
    ImportFlat {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 파일 / the file.
        file: PathBuf,
        /// 메모 (파일 이름이 덧붙습니다) / note (the file's name is added).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 승인 요청 / submit for approval.
    Submit {
        /// 회계연도 / the fiscal year.
        year: i32,
    },
    /// 편집 중으로 반려 / return to editing.
    Return {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 반려 사유 / why.
        #[arg(long)]
        reason: String,
    },
    /// 이사회 의결로 승인: 본예산이 됩니다 (제출자가 아닌 사람) / approve with the board's resolution; it becomes the 본예산 (not by its submitter).
    Approve {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 의결일 (YYYY-MM-DD) / the resolution's date.
        #[arg(long)]
        date: chrono::NaiveDate,
        /// 의결 번호 / the resolution's number.
        #[arg(long)]
        number: String,
        /// 비고 / note.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 예산안 한 차수를 산출기초와 함께 엑셀(XLSX)로 / a version with its 산출기초 as the editable workbook.
    Export {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 차수 (기본: 마지막) / version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
        /// 출력 파일 (.xlsx) / output file (.xlsx).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// 고친 엑셀을 새 차수로 저장 (문제 셀이 하나라도 있으면 모두 나열하고 아무것도 기록하지 않음) / take an edited workbook as a new version (every bad cell listed, nothing written).
    Import {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 통합문서 (.xlsx) / the workbook.
        file: PathBuf,
        /// 메모 (기본: 파일 이름) / note (default: the file's name).
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 예산안 한 차수의 예산서 / the 예산서 of a version.
    Book {
        /// 회계연도 / the fiscal year.
        year: i32,
        /// 차수 (기본: 마지막) / version (default: the latest).
        #[arg(long)]
        version: Option<u32>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// 출력 파일 (기본: 표준출력; xlsx·pdf·hwpx는 필수) / output file (default: stdout; required for xlsx, pdf, hwpx).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}
