//! Command-line arguments (clap). Korean first, then English, in help.

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use crate::cli_budget::{BudgetCommand, DraftCommand, DraftFormat};
pub use crate::cli_format::ReportFormat;

/// 예산 — 기관의 조직·예산·집행·사업을 한곳에서 관리하고 업무현황 보고서를 만듭니다.
/// Yesan keeps an institution's organisation, budget, execution and projects
/// in one place and produces its business status report from them.
#[derive(Debug, Parser)]
#[command(name = "yesan", version, about, long_about = None)]
pub struct Cli {
    /// 데이터베이스: SQLite 파일 경로 또는 postgres:// URL / database: a SQLite file path, a sqlite:// or a postgres:// URL.
    /// 없으면 기본 데이터셋으로 만듭니다 / created from the default dataset when missing.
    #[arg(long, global = true, env = "YESAN_DB", default_value = "yesan.db")]
    pub db: String,

    /// 기관 코드: 데이터베이스에 기관이 하나면 생략할 수 있습니다 / institution code; may be left
    /// out when the database holds one institution.
    #[arg(long, global = true, env = "YESAN_INSTITUTION", value_name = "CODE")]
    pub institution: Option<String>,

    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// 데이터셋으로 데이터베이스를 만듭니다 / create the database from a dataset.
    Init {
        /// 데이터셋 파일 (기본: 내장된 서울디지털재단 2023) / dataset file (default: the built-in dataset).
        #[arg(long)]
        dataset: Option<PathBuf>,
    },
    /// 데이터셋 파일 또는 데이터베이스를 검사합니다 / check a dataset file, or the database.
    Check {
        /// 검사할 데이터셋 파일 / dataset file to check (default: the database).
        file: Option<PathBuf>,
    },
    /// 업무현황 보고서를 만듭니다 / produce the business status report.
    Report {
        /// 기준일 / as-of date (default: today within the fiscal year, else the later of the dataset's date and the latest entry's).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// 보고서 언어 (ko, en) / the report's language (ko, en).
        #[arg(long, value_parser = ReportLang::parse, default_value = "ko")]
        lang: ReportLang,
        /// 출력 파일 (기본: 표준출력) / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 기관별 예산 집행 종합현황 (시 전체): 기관마다 세입·세출예산, 원인행위, 지출, 집행률, 집행부진 과목·사업 수
    /// / the city's consolidated view: every institution's budget, commitments, disbursements, rates and lagging counts on a date.
    Consolidated {
        /// 기준일 / as-of date (default: as for `report`).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value_t = ConsolidatedFormat::Md)]
        format: ConsolidatedFormat,
        /// 정렬 기준: code, name, revenue, expenditure, committed, disbursed, commit-rate, disburse-rate, lagging-lines, lagging-projects (뒤에 :asc 또는 :desc) / sort column, optionally with :asc or :desc.
        #[arg(long, value_name = "COLUMN", allow_hyphen_values = true)]
        sort: Option<String>,
        /// 보고서 언어 (ko, en) / the report's language (ko, en).
        #[arg(long, value_parser = ReportLang::parse, default_value = "ko")]
        lang: ReportLang,
        /// 출력 파일 (기본: 표준출력) / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 시 공개자료 패키지(CSV + datapackage.json)를 이 디렉터리에 씁니다 / write the city open data package into this directory instead.
        #[arg(long, value_name = "DIR")]
        opendata: Option<PathBuf>,
    },
    /// 집행현황: 모든 과목·사업·사업군·분류·합계의 원인행위율과 지출률, 지출 부진 과목, 월별 곡선
    /// / execution status on a date: every line at every level with both rates, lagging lines, monthly curve.
    Status {
        /// 기준일 / as-of date (default: today within the fiscal year, else the later of the dataset's date and the latest entry's).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
        /// 부진 판정 여유 (%p) / lagging margin in percentage points.
        #[arg(long, default_value_t = yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS as f64 / 10.0)]
        margin: f64,
    },
    /// 회계시스템 파일(CSV/XLSX, UTF-8 또는 CP949)을 가져옵니다 / import a file from the accounting system (CSV/XLSX, UTF-8 or CP949).
    Import {
        /// What to import.
        #[command(subcommand)]
        what: Import,
    },
    /// 백업 파일을 만듭니다 (실행 중에도 안전) / write a backup (safe while the server runs).
    Backup {
        /// 백업 파일 / backup file.
        file: PathBuf,
        /// 모든 기관 (기본: --institution의 기관) / every institution (default: the one --institution names).
        #[arg(long)]
        all: bool,
    },
    /// 빈 데이터베이스에 백업을 복원합니다 / restore a backup into an empty database.
    Restore {
        /// 백업 파일 / backup file.
        file: PathBuf,
        /// 행 수와 체크섬이 없는 이전 형식(yesan-backup/1)도 받아들입니다 (다른 검사는 모두 합니다)
        /// / also accept an archive of the first format (yesan-backup/1), which has no row counts
        /// or checksum to show it is whole (every other check still applies).
        #[arg(long)]
        accept_unsealed: bool,
    },
    /// 웹 애플리케이션을 실행합니다 / serve the web application.
    /// 사용자가 없으면 관리자(admin) 계정을 만들고 일회용 비밀번호를 한 번 보여 줍니다 /
    /// with no users yet, creates an `admin` account and prints its one-time password once.
    Serve {
        /// 주소 / address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "YESAN_BIND")]
        bind: std::net::SocketAddr,
        /// 로그인 없이 읽기 전용 공개 / read-only pages without sign-in (disclosure).
        #[arg(long)]
        public: bool,
        /// 쿠키에 Secure 표시 (TLS 뒤에서) / mark cookies Secure (behind TLS).
        #[arg(long)]
        secure_cookies: bool,
    },
    /// 사용자 계정 / user accounts.
    User {
        /// What to do.
        #[command(subcommand)]
        what: UserCommand,
    },
    /// 연도별 현황: 기록된 연도의 예산(과목 연결로 비교), 집행률, 인원 / the multi-year view:
    /// the recorded years' budget by line (compared through the line mappings), execution rates, headcount.
    Years {
        /// 데이터셋 파일 (기본: 데이터베이스) / dataset file (default: the database).
        #[arg(long)]
        dataset: Option<PathBuf>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value_t = YearsFormat::Md)]
        format: YearsFormat,
        /// 출력 파일 (기본: 표준출력) / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 데이터를 내보냅니다 / export data.
    Export {
        /// What to export.
        #[command(subcommand)]
        what: Export,
    },
    /// 기관: 목록, 추가 / institutions: list, add.
    Institution {
        /// What to do.
        #[command(subcommand)]
        what: InstitutionCommand,
    },
    /// 회계연도 열기·이월·과목 연결·결산 (기획) / open a fiscal year with carry-over, record line mappings, close one (결산; planners).
    Year {
        /// What to do.
        #[command(subcommand)]
        what: YearCommand,
    },
    /// 구조 편집 (기획): 과목·사업군·사업·부서·설립목적을 변경일과 함께 바꿉니다. 웹의 구조 편집 양식과 같은 칸을 이름=값으로 적습니다
    /// / structural edits (planners): lines, program groups, projects, units, the profile, dated; the web forms' fields as NAME=VALUE.
    ///
    /// 예 / e.g.: yesan structure add-line --date 2023-10-20 code=E3.2.4 name=새사업 parent=E3.2 amount=30,000,000 amendment_no=2023-추경-1 note=이사회의결
    Structure {
        /// 할 일 / what to do.
        #[arg(value_enum)]
        edit: StructureEdit,
        /// 변경일 / the date the change takes effect.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// 양식의 칸: 이름=값 (code, name, parent, amount, amendment_no, amendment_kind, note, source, program, line, title, executive, team, officer_name, officer_ext, purpose, background, content, budget_notes, kind, head_name, head_ext, duties, successor, purpose_source, businesses)
        /// / the form's fields as NAME=VALUE.
        #[arg(value_name = "NAME=VALUE")]
        fields: Vec<String>,
    },
    /// 예산 편성: 평면 예산 파일 검사 (기획) / budget formulation: check a flat budget export (planners).
    Budget {
        /// What to do.
        #[command(subcommand)]
        what: BudgetCommand,
    },
    /// 월별 집행계획: 가져오기와 판정 보기 / monthly spending plans: import, and what each line is judged against.
    Plan {
        /// What to do.
        #[command(subcommand)]
        what: PlanCommand,
    },
    /// 성과지표 목표·실적·달성률 / indicator targets, actuals and achievement.
    Indicator {
        /// What to do.
        #[command(subcommand)]
        what: IndicatorCommand,
    },
}

/// `yesan indicator …`.
#[derive(Debug, Subcommand)]
pub enum IndicatorCommand {
    /// 사업 지표의 올해 목표를 정합니다(있으면 바꾸고, 실적은 그대로) / set a project indicator's target for the year (replacing any; its actuals stay).
    Target {
        /// 사업 코드 (예: 2-1) / the project's code (e.g. 2-1).
        project: String,
        /// 지표 ID (예: learners) / the indicator's id (e.g. learners).
        indicator: String,
        /// 연간 목표 / the year's target.
        #[arg(long)]
        target: String,
        /// 기준값 / the baseline.
        #[arg(long)]
        baseline: Option<String>,
        /// 1~4분기 말까지의 목표 네 개 (예: 500,1000,1500,2000; 4분기는 연간 목표) / four targets by the end of each quarter (the fourth is the year's).
        #[arg(long)]
        quarters: Option<String>,
        /// 방향: higher(높을수록 좋음) 또는 lower(낮을수록 좋음) / higher or lower is better.
        #[arg(long)]
        direction: String,
        /// 사업의 산출 지표로 삼습니다(단위당 비용 = 지출액 ÷ 실적; 사업마다 하나) / the project's output measure (cost per unit = disbursed ÷ actual; one per project).
        #[arg(long)]
        output: bool,
    },
    /// 지표의 실적을 날짜와 함께 기록합니다(고침은 나중 날짜의 새 실적으로) / record a dated actual (a correction is a later one).
    Actual {
        /// 사업 코드 / the project's code.
        project: String,
        /// 지표 ID / the indicator's id.
        indicator: String,
        /// 실적 기준일 / the date the value describes.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// 실적 / the value.
        #[arg(long)]
        value: String,
        /// 메모 / a note.
        #[arg(long, default_value = "")]
        note: String,
    },
    /// 사업마다 목표 대비 실적, 달성률, 단위당 비용 / every project's targets against actuals, 달성률 and cost per unit.
    Show {
        /// 기준일 / as-of date (default: as for `status`).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 형식 / format.
        #[arg(long, value_enum, default_value = "md")]
        format: IndicatorFormat,
    },
}

/// `yesan indicator show --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IndicatorFormat {
    /// Markdown.
    Md,
    /// JSON.
    Json,
}

/// The structural edits `yesan structure` makes (one use case each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StructureEdit {
    /// 과목 추가 (예산은 amount로 함께) / add a line (its money with amount=…).
    AddLine,
    /// 과목 이름 바꾸기 / rename a line.
    RenameLine,
    /// 과목 옮기기 / move a line under another parent.
    MoveLine,
    /// 과목 폐지 / retire a line.
    RetireLine,
    /// 사업군 추가 / add a program group.
    AddProgram,
    /// 사업 추가 / add a project.
    AddProject,
    /// 사업 종료 / end a project.
    EndProject,
    /// 부서 추가 / add a unit.
    AddUnit,
    /// 부서 이름 바꾸기 / rename a unit.
    RenameUnit,
    /// 부서 옮기기 / move a unit.
    MoveUnit,
    /// 부서 폐지 / dissolve a unit.
    DissolveUnit,
    /// 주요업무 / a unit's duties.
    SetDuties,
    /// 부서장 / a unit's head.
    SetHead,
    /// 설립목적·목적사업 / the purpose and purpose businesses.
    SetProfile,
}

/// `yesan plan …`.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// 집행계획 파일(CSV/XLSX, UTF-8 또는 CP949)을 기록합니다. 한 행이라도 문제가 있으면 아무것도 기록하지 않습니다
    /// / record a plan file (CSV/XLSX, UTF-8 or CP949); one bad row and nothing is recorded.
    /// 열 / columns: 예산과목 또는 사업, 방식(누계비율·월별금액), 적용일, 1월…12월, 비고.
    Import {
        /// 파일 / the file.
        file: PathBuf,
        /// 적용일이 빈 행의 적용일 (기본: 기준일) / the date of rows without one (default: the default as-of date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
    },
    /// 과목마다 판정 기준(집행계획·전년도 곡선·직선), 기대 지출률, 격차, 부족액, 판정과 기록된 계획
    /// / every line's basis, expected rate, gap, money trailed and severity, and the recorded plans.
    Show {
        /// 기준일 / as-of date (default: as for `status`).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
        /// 형식 (csv: 기록된 계획을 가져오기 형식으로) / format (csv: the recorded plans in the import format).
        #[arg(long, value_enum, default_value_t = StatusFormat::Table)]
        format: StatusFormat,
    },
}

/// Institution commands.
#[derive(Debug, Subcommand)]
pub enum InstitutionCommand {
    /// 기관 목록: 코드, 이름, 회계연도, 마감된 연도 / list institutions: code, names, years, closed years.
    List,
    /// 데이터셋 파일로 기관을 추가합니다 / add an institution from a dataset file.
    Add {
        /// 기관 코드 (영문 소문자·숫자·하이픈) / institution code.
        code: String,
        /// 데이터셋 파일 / dataset file.
        #[arg(long)]
        dataset: PathBuf,
    },
}

/// Things `yesan import` reads. A file is one transaction: if any row is bad
/// or refused by budget control, nothing is imported and every bad row is
/// listed. Re-importing a file adds nothing (doc_no / 변경번호 are keys).
#[derive(Debug, Subcommand)]
pub enum Import {
    /// 집행 전표 / ledger entries: date(일자), doc_no(결의번호), kind(구분), line(예산과목), amount(금액), ref(참조), counterparty(거래처), memo(적요).
    Entries {
        /// CSV 또는 XLSX 파일 / CSV or XLSX file.
        file: PathBuf,
    },
    /// 예산과목(code,name,parent,kind,amount,prior) 또는 예산 변경(no,date,kind,line,amount,note) / budget lines or amendments.
    Budget {
        /// CSV 또는 XLSX 파일 / CSV or XLSX file.
        file: PathBuf,
    },
}

/// Account commands. Passwords are read from standard input (one line), so
/// they never appear in the shell history or the process list.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// 사용자 추가 (비밀번호는 표준입력) / add a user (password on stdin).
    Add {
        /// 사용자 이름 / user name.
        name: String,
        /// 역할 / role: admin, planner, finance, team_editor, viewer, auditor(감사: 감사기록 열람).
        #[arg(long)]
        role: String,
        /// 부서 코드 (team_editor) / unit code (team editors).
        #[arg(long)]
        unit: Option<String>,
    },
    /// 비밀번호 변경 (표준입력) / set a password (on stdin).
    Passwd {
        /// 사용자 이름 / user name.
        name: String,
    },
    /// 역할 변경 (기관의 마지막 관리자는 바꿀 수 없음) / change a role (not the institution's last administrator's).
    Role {
        /// 사용자 이름 / user name.
        name: String,
        /// 역할 / role: admin, planner, finance, team_editor, viewer, auditor.
        role: String,
        /// 부서 코드 (team_editor) / unit code (team editors).
        #[arg(long)]
        unit: Option<String>,
    },
    /// 사용자 목록 / list users.
    List,
    /// 계정 비활성화: 세션이 바로 끝나고 로그인할 수 없습니다 / deactivate an account: its sessions end at once and it cannot sign in.
    Deactivate {
        /// 사용자 이름 / user name.
        name: String,
    },
    /// 계정 다시 활성화 / reactivate an account.
    Activate {
        /// 사용자 이름 / user name.
        name: String,
    },
    /// 다른 기관에서의 역할을 줍니다 (본 기관이면 역할을 바꿈) / grant a role in another institution
    /// (in the account's home institution, its role there changes).
    Grant {
        /// 사용자 이름 (--institution 기관의 계정) / user name (an account of the --institution institution).
        name: String,
        /// 역할을 받을 기관 코드 / the institution the role is in.
        #[arg(long = "in", value_name = "INST")]
        target: String,
        /// 역할 / role: admin, planner, finance, team_editor, viewer, auditor.
        #[arg(long)]
        role: String,
        /// 부서 코드 (team_editor; 그 기관의 부서) / unit code (team editors; a unit of that institution).
        #[arg(long)]
        unit: Option<String>,
    },
    /// 다른 기관에서 받은 역할을 회수합니다 / revoke the role granted in another institution.
    Revoke {
        /// 사용자 이름 / user name.
        name: String,
        /// 기관 코드 / the institution.
        #[arg(long = "in", value_name = "INST")]
        target: String,
    },
    /// 시스템 역할: city-reader(모든 기관 열람), sysadmin(기관 추가) / a system-wide flag:
    /// city-reader (reads every institution) or sysadmin (adds institutions).
    System {
        /// 사용자 이름 / user name.
        name: String,
        /// city-reader 또는 sysadmin / city-reader or sysadmin.
        flag: String,
        /// 해제합니다 / take the flag away.
        #[arg(long)]
        off: bool,
    },
    /// 사용자의 기관별 역할과 시스템 역할 / an account's roles by institution and its system flags.
    Roles {
        /// 사용자 이름 / user name.
        name: String,
    },
}

/// Things `yesan export` writes.
#[derive(Debug, Subcommand)]
pub enum Export {
    /// 데이터베이스 전체를 데이터셋 형식(TOML)으로 / the whole database as a dataset (TOML).
    Dataset {
        /// 출력 파일 / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 집행 전표 CSV (가져오기와 같은 형식) / ledger entries as CSV, in the import format.
    Entries {
        /// 출력 파일 / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 예산과목 CSV: code,name,parent,kind,amount,prior (원) / budget lines as CSV, amounts in won.
    Budget {
        /// 출력 파일 / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 공공데이터: 예산(전년도 포함)·집행·인력·사업·지표의 CSV(BOM)와 JSON, datapackage.json
    /// / open data: budget with the prior year, execution, staffing, projects, indicators as CSV and JSON with a Frictionless datapackage.json.
    Opendata {
        /// 출력 디렉터리 (없으면 만듭니다) / output directory (created if missing).
        dir: PathBuf,
        /// 집행 기준일 / as-of date of execution (default: as for `report`).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<NaiveDate>,
    },
}

/// Formats of `yesan years`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum YearsFormat {
    /// Markdown.
    Md,
    /// Self-contained HTML.
    Html,
    /// JSON.
    Json,
}

/// Status formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// A table for the terminal.
    Table,
    /// CSV, amounts in won.
    Csv,
    /// JSON: everything, with monthly curves per line.
    Json,
}

/// Formats of the consolidated view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConsolidatedFormat {
    /// Markdown.
    Md,
    /// Self-contained HTML.
    Html,
    /// JSON: every row as data.
    Json,
    /// XLSX workbook, the total as formulas (needs -o).
    Xlsx,
    /// PDF, A4 (needs -o).
    Pdf,
}

/// The languages of the report's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportLang {
    /// 한국어 (the seed's words).
    Ko,
    /// English.
    En,
}

impl ReportLang {
    /// `ko` or `en`; anything else is refused in both languages.
    ///
    /// # Errors
    /// The bilingual message for a language the report is not written in.
    pub fn parse(s: &str) -> Result<ReportLang, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ko" => Ok(ReportLang::Ko),
            "en" => Ok(ReportLang::En),
            _ => Err(format!(
                "보고서 언어는 ko(한국어) 또는 en(영어)입니다: {s:?} \
                 / the report's language is ko (Korean) or en (English), not {s:?}"
            )),
        }
    }

    /// As the domain names it.
    pub fn lang(self) -> yesan_domain::message::Lang {
        match self {
            ReportLang::Ko => yesan_domain::message::Lang::Ko,
            ReportLang::En => yesan_domain::message::Lang::En,
        }
    }
}

/// What `yesan year` does.
#[derive(Debug, Subcommand)]
pub enum YearCommand {
    /// 전년도에서 새 회계연도를 엽니다 (과목·사업·조직·인력을 이어받고 금액은 0원; 이월 원인행위 포함)
    /// / open a fiscal year from the previous one (lines, projects, organization, staffing; amounts zero; carry-over).
    Open {
        /// 열 회계연도 / the year to open.
        year: i32,
        /// 이월할 원인행위: 결의번호[:금액(원)], 금액을 빼면 미지급잔액 전부 (여러 번)
        /// / a commitment to carry over: DOC[:AMOUNT in won], all that is open without an amount (repeatable).
        #[arg(long = "carry", value_name = "DOC[:AMOUNT]")]
        carry: Vec<String>,
        /// 전년도로 끝나는 사업 코드 (여러 번) / a project that ends with the previous year (repeatable).
        #[arg(long = "end-project", value_name = "CODE")]
        end_project: Vec<String>,
    },
    /// 과목 연결을 기록합니다: 조직개편으로 이름이 바뀌거나 합치거나 나뉜 과목의 전년도 예산을 이어 줍니다
    /// (기록 전에 두 연도 예산으로 검사; 거부되면 아무것도 쓰지 않음)
    /// / record line mappings from the year before (renamed, merged, split lines), checked against both years first.
    Map {
        /// 과목 연결을 기록할 회계연도 (전년도에서 이어짐) / the year the mappings belong to (from the year before).
        year: i32,
        /// 이름 바꿈: 전년도코드=올해코드 (여러 번) / a rename: OLD=NEW (repeatable).
        #[arg(long = "rename", value_name = "OLD=NEW")]
        rename: Vec<String>,
        /// 합침: 전년도코드,전년도코드=올해코드 (여러 번) / a merge: A,B=NEW (repeatable).
        #[arg(long = "merge", value_name = "A,B=NEW")]
        merge: Vec<String>,
        /// 나눔: 전년도코드=올해코드:몫,올해코드:몫 — 몫은 비율(60, 40%) 또는 금액(3_000_000원) (여러 번)
        /// / a split: OLD=NEW1:share,NEW2:share, shares as ratios (60, 40%) or amounts in won (3_000_000원) (repeatable).
        #[arg(long = "split", value_name = "OLD=NEW1:SHARE,NEW2:SHARE")]
        split: Vec<String>,
        /// 비고 (이번에 더하는 연결 모두에) / a note for the mappings added now (e.g. 조직개편).
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// 기록된 과목 연결을 먼저 모두 지웁니다 (혼자 쓰면 코드로 비교) / remove the recorded mappings first (alone: compare by code again).
        #[arg(long)]
        clear: bool,
    },
    /// 기록된 과목 연결 목록 (Markdown 표) / list a year's line mappings (Markdown table).
    Mappings {
        /// 회계연도 / the year.
        year: i32,
    },
    /// 12월 31일 현재 미지급 원인행위 (이월 후보) / commitments open on 12-31 (what may be carried over).
    OpenCommitments {
        /// 회계연도 / the year.
        year: i32,
    },
    /// 회계연도를 결산하고 마감합니다: 결산서를 쓰고, 이후 그 연도의 기록은 거부됩니다
    /// / close a fiscal year: write the closing statement (결산); afterwards nothing dated in it is recorded.
    Close {
        /// 마감할 회계연도 / the year to close.
        year: i32,
        /// 결산서 형식 / format of the closing statement.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// 결산서 언어 (ko, en) / the statement's language (ko, en).
        #[arg(long, value_parser = ReportLang::parse, default_value = "ko")]
        lang: ReportLang,
        /// 출력 파일 (기본: 표준출력) / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// 마감된 회계연도의 결산서를 마감 때 인증한 그대로 다시 씁니다 (SHA-256 확인)
    /// / the closing statement of a closed year, as certified at closing (its SHA-256 checked).
    Statement {
        /// 마감된 회계연도 / the closed year.
        year: i32,
        /// 결산서 형식 / format of the closing statement.
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// 결산서 언어 (ko, en) / the statement's language (ko, en).
        #[arg(long, value_parser = ReportLang::parse, default_value = "ko")]
        lang: ReportLang,
        /// 출력 파일 (기본: 표준출력) / output file (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}
