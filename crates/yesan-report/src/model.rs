//! The typed report data: every table and figure of the report, computed
//! once by [`crate::build`], which the renderers (markdown, HTML, JSON, and
//! `yesan-publish`'s XLSX and PDF) only lay out.

use crate::table::Table;
use chrono::NaiveDate;
use serde::Serialize;
use yesan_domain::Won;
use yesan_domain::period::Period;
use yesan_domain::rate::{Change, Rate};

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The language of the report's text (its figures are the same in
    /// every language); not part of the data.
    #[serde(skip)]
    pub lang: yesan_domain::message::Lang,
    /// Title, names and dates.
    pub meta: Meta,
    /// Ⅰ 일반현황.
    pub general: General,
    /// Ⅱ 정책목표 및 추진전략: the strategy hierarchy.
    pub strategy: Vec<StrategyGroup>,
    /// Ⅱ as the table every format lays out.
    pub strategy_table: Table,
    /// Ⅲ 주요 현안업무: one sheet per project.
    pub sheets: Vec<Sheet>,
    /// Ⅳ 세입·세출예산 세부현황.
    pub detail: Detail,
}

/// Title, names and dates.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// e.g. `서울디지털재단`.
    pub name_ko: String,
    /// e.g. `Seoul Digital Foundation`.
    pub name_en: String,
    /// Fiscal year.
    pub fiscal_year: i32,
    /// The date execution is computed for.
    pub as_of: NaiveDate,
    /// `’23.10.18.` (English `2023-10-18`): the as-of date as units lines
    /// write it.
    pub as_of_label: String,
    /// e.g. `2023 업무현황`.
    pub title: String,
}

/// Ⅰ 일반현황.
#[derive(Debug, Clone, Serialize)]
pub struct General {
    /// 설립목적.
    pub purpose: String,
    /// Its legal source.
    pub purpose_source: String,
    /// 목적사업.
    pub businesses: Vec<String>,
    /// `1실 1본부 7팀`.
    pub org_summary: String,
    /// The organisation chart under the head of the institution.
    pub org_chart: Vec<OrgNode>,
    /// 인력.
    pub staffing: StaffingView,
    /// 팀별 주요업무.
    pub duties: Table,
    /// 세입 총괄.
    pub revenue_summary: BudgetTable,
    /// 세출 총괄.
    pub expenditure_summary: BudgetTable,
    /// The budget by program group and project (예산).
    pub program_budget: ProgramBudget,
}

/// A unit in the chart.
#[derive(Debug, Clone, Serialize)]
pub struct OrgNode {
    /// Unit code.
    pub code: String,
    /// Name.
    pub name: String,
    /// 실, 본부, 팀.
    pub kind: String,
    /// `경영전략실장 주성환`.
    pub head: Option<String>,
    /// Units under it.
    pub children: Vec<OrgNode>,
}

/// One grade's staffing.
#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    /// Grade.
    pub grade: String,
    /// 정원.
    pub authorized: i64,
    /// 현원.
    pub current: i64,
    /// 과부족.
    pub difference: i64,
}

/// 인력.
#[derive(Debug, Clone, Serialize)]
pub struct StaffingView {
    /// The date of the counts.
    pub as_of: NaiveDate,
    /// 현원 + 정원 외.
    pub headcount: i64,
    /// Total 정원.
    pub authorized: i64,
    /// Total 현원.
    pub current: i64,
    /// Total 과부족.
    pub difference: i64,
    /// By grade.
    pub grades: Vec<GradeView>,
    /// 정원 외 인력: kind and count.
    pub outside_quota: Vec<(String, i64)>,
    /// `(’23.10.18. 기준, 단위: 명)`.
    pub units: String,
    /// The table as shown.
    pub table: Table,
}

/// A budget line compared with the prior year.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Line code (`None` for the total).
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// 예산현액, won.
    pub amount: Won,
    /// Prior year's final budget, won.
    pub prior: Option<Won>,
    /// 증감.
    pub change: Option<Change>,
}

/// A table of [`ComparisonRow`]s.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetTable {
    /// Rows, the total first.
    pub rows: Vec<ComparisonRow>,
    /// As shown.
    pub table: Table,
}

/// A group of the program view.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramGroupView {
    /// Group name (구분).
    pub name: String,
    /// 소계, won.
    pub subtotal: Won,
    /// Its lines: name and amount.
    pub items: Vec<(String, Won)>,
}

/// The budget by program group (예산).
#[derive(Debug, Clone, Serialize)]
pub struct ProgramBudget {
    /// Groups: the program groups, 행정운영경비, 예비비.
    pub groups: Vec<ProgramGroupView>,
    /// 총예산 계.
    pub total: Won,
    /// As shown.
    pub table: Table,
}

/// Ⅱ: a program group with its projects.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyGroup {
    /// `1`.
    pub code: String,
    /// `디지털서울 싱크탱크`.
    pub name: String,
    /// The group's budget.
    pub budget: Won,
    /// Its projects.
    pub projects: Vec<StrategyProject>,
}

/// Ⅱ: one project in the hierarchy.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyProject {
    /// `1-1`.
    pub code: String,
    /// Title.
    pub title: String,
    /// Responsible team.
    pub team: String,
    /// Budget.
    pub budget: Won,
}

/// A person on a sheet's header line.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// `혁신사업본부장`, `담당`.
    pub role: String,
    /// Name(s).
    pub name: String,
    /// Phone as shown (`570-4613`, `4630`).
    pub phone: String,
}

/// A rendered outline element.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutlineView {
    /// A bullet.
    Item {
        /// Depth.
        depth: usize,
        /// Marker.
        marker: String,
        /// Text with indicator tokens resolved.
        text: String,
        /// Dates the text mentions (e.g. `(7.24.)`), parsed.
        dates: Vec<Period>,
    },
    /// A table inside the outline.
    Table {
        /// Depth.
        depth: usize,
        /// Header cells.
        header: Vec<String>,
        /// Body rows.
        rows: Vec<Vec<String>>,
    },
}

/// An indicator as shown.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Name.
    pub name: String,
    /// Value.
    pub value: i64,
    /// Unit.
    pub unit: String,
    /// `40,525명`.
    pub display: String,
    /// As-of date.
    pub as_of: Option<NaiveDate>,
    /// Parts as `어르신 5,625명`.
    pub breakdown: Vec<(String, i64)>,
}

/// A schedule item as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    /// The heading it sits under.
    pub group: Option<String>,
    /// Text.
    pub text: String,
    /// Period label.
    pub period: Option<String>,
    /// Parsed dates.
    pub start: Option<NaiveDate>,
    /// Parsed dates.
    pub end: Option<NaiveDate>,
}

/// Ⅲ: one project sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    /// `1-1`.
    pub code: String,
    /// Title.
    pub title: String,
    /// Program group code.
    pub program: String,
    /// Program group name.
    pub program_name: String,
    /// Header line.
    pub contacts: Vec<ContactView>,
    /// One-paragraph purpose.
    pub purpose: String,
    /// 추진배경, line by line (notes start with ※).
    pub background: Vec<String>,
    /// 사업내용.
    pub content: Vec<String>,
    /// 사업예산 (the budget line's amount).
    pub budget: Won,
    /// `318,800천원`.
    pub budget_display: String,
    /// Notes on the budget.
    pub budget_notes: Vec<String>,
    /// 추진실적 heading.
    pub achievements_heading: String,
    /// 추진실적.
    pub achievements: Vec<OutlineView>,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
    /// 향후일정 heading.
    pub schedule_heading: String,
    /// 향후일정.
    pub schedule: Vec<ScheduleView>,
    /// Execution of the project's line as of the date.
    pub execution: ExecutionRow,
    /// Indicator targets against actuals (none when no target is recorded,
    /// and then not serialised: a year without targets reads as before).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub targets: Vec<crate::targets::TargetView>,
    /// The targets as the table every format lays out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_table: Option<Table>,
}

/// One row of the execution table.
#[derive(Debug, Clone, Serialize)]
pub struct ExecutionRow {
    /// Line code (`None` for the total).
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// 예산현액.
    pub budget: Won,
    /// 원인행위액.
    pub committed: Won,
    /// 지출액.
    pub disbursed: Won,
    /// 원인행위율.
    pub commit_rate: Option<Rate>,
    /// 지출률.
    pub disburse_rate: Option<Rate>,
}

/// Ⅳ.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// 세입예산: every revenue leaf.
    pub revenue: BudgetTable,
    /// 세출예산 집행현황.
    pub execution: Vec<ExecutionRow>,
    /// The execution table as shown.
    pub execution_table: Table,
    /// Execution per project, in sheet order (names `1-1. 제목`).
    pub project_execution: Vec<ExecutionRow>,
    /// The same as a table, with the execution table's columns.
    pub project_execution_table: Table,
}
