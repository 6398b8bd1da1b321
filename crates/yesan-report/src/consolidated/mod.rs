//! The city's consolidated view (기관별 종합현황): as of a date, one row per
//! institution — revenue and expenditure budget (예산현액), 원인행위,
//! 지출, both rates, and how many lines and projects lag the expected
//! curve — and the city's totals. Computed once into [`Consolidated`]
//! from each institution's [`StatusSummary`] (the total and the lagging
//! lines and projects of its status report, counted, by the same
//! judgement, so the lagging rule is the status report's, not written
//! again); [`Consolidated::table`] lays it
//! out for every renderer (Markdown, HTML, JSON here; PDF, XLSX and the
//! open data package in `yesan-publish`).

mod render;
mod sort;

pub use render::{html, institutions_en, json, markdown};
pub use sort::{Direction, Sort, SortError, SortKey};

use crate::cells::{money_cell, rate_value, short_label};
use crate::status::{StatusInput, StatusSummary};
use crate::table::{Align, Cell, Column, Row, RowKind, Table};
use chrono::NaiveDate;
use serde::Serialize;
use yesan_domain::Won;
use yesan_domain::budget::{Budget, LineKind};
use yesan_domain::execution::ExecutionStatus;
use yesan_domain::message::Lang;
use yesan_domain::rate::Rate;
use yesan_domain::{Dataset, LineCode, glossary};

/// What the consolidated view needs of one institution: who it is, and
/// its budget and status on the date.
#[derive(Debug, Clone)]
pub struct InstitutionFigures {
    /// Institution code.
    pub code: String,
    /// Korean name.
    pub name_ko: String,
    /// English name.
    pub name_en: String,
    /// The fiscal year the figures are of.
    pub fiscal_year: i32,
    /// 세입예산 (revenue, as amended on the date).
    pub revenue: Won,
    /// The institution's status on the date: its total and how many lines
    /// and projects lag, judged as its dashboard's status report judges them.
    pub status: StatusSummary,
}

impl InstitutionFigures {
    /// From the budget as amended on the date and the status summed up on
    /// it.
    pub fn new(
        code: impl Into<String>,
        name_ko: impl Into<String>,
        name_en: impl Into<String>,
        budget: &Budget,
        status: StatusSummary,
    ) -> InstitutionFigures {
        InstitutionFigures {
            code: code.into(),
            name_ko: name_ko.into(),
            name_en: name_en.into(),
            fiscal_year: budget.fiscal_year(),
            revenue: budget.total(LineKind::Revenue).amount,
            status,
        }
    }

    /// From a dataset held in memory (a file, a test): the budget as
    /// amended on `as_of`, the ledger summed to it, the status report by
    /// `margin_tenths`, as the application computes them from a store.
    pub fn from_dataset(
        code: impl Into<String>,
        d: &Dataset,
        as_of: NaiveDate,
        margin_tenths: i64,
    ) -> InstitutionFigures {
        let budget = d.budget_on(as_of);
        let status = ExecutionStatus::compute(&budget, &d.ledger, as_of);
        let projects: Vec<(String, LineCode)> = d
            .projects
            .iter()
            .map(|p| (p.code.to_string(), p.line.clone()))
            .collect();
        let report = StatusSummary::build(&StatusInput {
            budget: &budget,
            status: &status,
            projects: &projects,
            // Curves are not shown here; the lagging lines do not use them.
            monthly: &[],
            expected: d.expected,
            // A dataset file records no spending plans.
            plans: &std::collections::HashMap::new(),
            margin_tenths,
        });
        InstitutionFigures::new(
            code,
            d.institution.name_ko.clone(),
            d.institution.name_en.clone(),
            &budget,
            report,
        )
    }
}

/// One row of the consolidated table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsolidatedRow {
    /// Institution code; empty for the city's total.
    pub code: String,
    /// Korean name (`합계` for the total).
    pub name_ko: String,
    /// English name.
    pub name_en: String,
    /// Fiscal year; `None` for the total (institutions may differ).
    pub fiscal_year: Option<i32>,
    /// 세입예산.
    pub revenue: Won,
    /// 세출예산 (예산현액).
    pub expenditure: Won,
    /// 원인행위액.
    pub committed: Won,
    /// 지출액.
    pub disbursed: Won,
    /// 원인행위율.
    pub commit_rate: Option<Rate>,
    /// 지출률.
    pub disburse_rate: Option<Rate>,
    /// Lines lagging the expected curve.
    pub lagging_lines: usize,
    /// Projects with a lagging line.
    pub lagging_projects: usize,
}

impl ConsolidatedRow {
    /// The institution's name in `lang` (the Korean one where no English
    /// name is recorded).
    pub fn name(&self, lang: Lang) -> &str {
        lang.name(&self.name_ko, &self.name_en)
    }
}

/// The consolidated view on a date.
#[derive(Debug, Clone, Serialize)]
pub struct Consolidated {
    /// The date.
    pub as_of: NaiveDate,
    /// The order of `rows`.
    pub sort: Sort,
    /// One row per institution, in `sort` order.
    pub rows: Vec<ConsolidatedRow>,
    /// The city's totals (rates of the summed figures, counts summed).
    pub total: ConsolidatedRow,
    /// The lagging margin the status reports used, in percentage points.
    pub margin_points: f64,
}

/// The default lagging margin in points, for a view of no institution.
#[allow(clippy::cast_precision_loss)]
const DEFAULT_MARGIN_POINTS: f64 = yesan_domain::as_of::DEFAULT_LAGGING_MARGIN_TENTHS as f64 / 10.0;

fn row(f: &InstitutionFigures) -> ConsolidatedRow {
    let t = f.status.total;
    let (expenditure, committed, disbursed) = (t.budget, t.committed, t.disbursed);
    ConsolidatedRow {
        code: f.code.clone(),
        name_ko: f.name_ko.clone(),
        name_en: f.name_en.clone(),
        fiscal_year: Some(f.fiscal_year),
        revenue: f.revenue,
        expenditure,
        committed,
        disbursed,
        commit_rate: Rate::of(committed, expenditure),
        disburse_rate: Rate::of(disbursed, expenditure),
        lagging_lines: f.status.lagging_lines,
        lagging_projects: f.status.lagging_projects,
    }
}

impl Consolidated {
    /// Computes every row and the total, ordered by `sort`.
    pub fn build(
        as_of: NaiveDate,
        institutions: &[InstitutionFigures],
        sort: Sort,
    ) -> Consolidated {
        let mut rows: Vec<ConsolidatedRow> = institutions.iter().map(row).collect();
        rows.sort_by(|a, b| sort.compare(a, b));
        let sum = |f: fn(&ConsolidatedRow) -> Won| rows.iter().map(f).sum::<Won>();
        let (expenditure, committed, disbursed) = (
            sum(|r| r.expenditure),
            sum(|r| r.committed),
            sum(|r| r.disbursed),
        );
        let total = ConsolidatedRow {
            code: String::new(),
            name_ko: "합계".into(),
            name_en: "Total".into(),
            fiscal_year: None,
            revenue: sum(|r| r.revenue),
            expenditure,
            committed,
            disbursed,
            commit_rate: Rate::of(committed, expenditure),
            disburse_rate: Rate::of(disbursed, expenditure),
            lagging_lines: rows.iter().map(|r| r.lagging_lines).sum(),
            lagging_projects: rows.iter().map(|r| r.lagging_projects).sum(),
        };
        Consolidated {
            as_of,
            sort,
            rows,
            total,
            margin_points: institutions
                .first()
                .map_or(DEFAULT_MARGIN_POINTS, |f| f.status.margin_points),
        }
    }

    /// The same rows in another order.
    pub fn sorted(mut self, sort: Sort) -> Consolidated {
        self.rows.sort_by(|a, b| sort.compare(a, b));
        self.sort = sort;
        self
    }

    /// The title, `기관별 예산 집행 종합현황` / `Budget execution by
    /// institution`.
    pub fn title(&self, lang: Lang) -> &'static str {
        lang.pick(
            "기관별 예산 집행 종합현황",
            "Budget execution by institution",
        )
    }

    /// The column titles, in [`SortKey::ALL`]'s order.
    pub fn column_titles(lang: Lang) -> [(&'static str, SortKey); 10] {
        let t = |ko: &'static str, en: &'static str| lang.pick(ko, en);
        let g = |term: glossary::Term| crate::words::Words::of(lang).term(term);
        [
            (t("기관코드", "Code"), SortKey::Code),
            (t("기관명", "Institution"), SortKey::Name),
            (t("세입예산", "Revenue budget"), SortKey::Revenue),
            (
                t("세출예산(예산현액)", "Expenditure budget (current)"),
                SortKey::Expenditure,
            ),
            (g(glossary::COMMITTED), SortKey::Committed),
            (g(glossary::DISBURSED), SortKey::Disbursed),
            (g(glossary::COMMIT_RATE), SortKey::CommitRate),
            (g(glossary::DISBURSE_RATE), SortKey::DisburseRate),
            (t("집행부진 과목", "Lagging lines"), SortKey::LaggingLines),
            (
                t("집행부진 사업", "Lagging projects"),
                SortKey::LaggingProjects,
            ),
        ]
    }

    /// The order in words: `지출률 내림차순` / `Payment rate, descending`.
    pub fn sort_label(&self, lang: Lang) -> String {
        let title = Self::column_titles(lang)
            .into_iter()
            .find(|(_, k)| *k == self.sort.key)
            .map_or("", |(t, _)| t);
        match (lang, self.sort.direction) {
            (Lang::Ko, Direction::Asc) => format!("{title} 오름차순"),
            (Lang::Ko, Direction::Desc) => format!("{title} 내림차순"),
            (Lang::En, Direction::Asc) => format!("{title}, ascending"),
            (Lang::En, Direction::Desc) => format!("{title}, descending"),
        }
    }

    /// The table every renderer lays out, in `lang`: the city's total first
    /// (as the report's tables put 계 first), then the institutions in
    /// order; an institution without an English name keeps its Korean one.
    pub fn table(&self, lang: Lang) -> Table {
        let columns = Self::column_titles(lang)
            .into_iter()
            .map(|(t, k)| Column {
                title: t.into(),
                align: match k {
                    SortKey::Code => Align::Center,
                    SortKey::Name => Align::Left,
                    _ => Align::Right,
                },
            })
            .collect();
        let name = |r: &ConsolidatedRow| r.name(lang).to_owned();
        let cells = |r: &ConsolidatedRow| -> Vec<Cell> {
            let rate = |x: Option<Rate>| {
                Cell::rate(
                    x.map_or_else(|| "-".to_owned(), Rate::number),
                    rate_value(x),
                )
            };
            #[allow(clippy::cast_possible_wrap)]
            let count = |n: usize| Cell::figure(yesan_domain::format::amount(n as i64), n as i64);
            vec![
                // The total has no code; `-` as the report's empty cells.
                Cell::text(if r.code.is_empty() {
                    "-".to_owned()
                } else {
                    r.code.clone()
                }),
                Cell::text(name(r)),
                money_cell(r.revenue),
                money_cell(r.expenditure),
                money_cell(r.committed),
                money_cell(r.disbursed),
                rate(r.commit_rate),
                rate(r.disburse_rate),
                count(r.lagging_lines),
                count(r.lagging_projects),
            ]
        };
        let mut rows = vec![Row {
            kind: RowKind::Total,
            cells: cells(&self.total),
        }];
        rows.extend(self.rows.iter().map(|r| Row {
            kind: RowKind::Normal,
            cells: cells(r),
        }));
        let (units, notes) = match lang {
            Lang::Ko => (
                format!("({} 기준, 단위 : 천원, %, 개)", short_label(self.as_of)),
                vec![
                    "※ 예산현액: 기준일 현재 변경(추경·전용·이월) 반영 예산".into(),
                    format!(
                        "※ 집행부진: 지출률이 기대 지출률(월별 집행계획, 없으면 전년도 월별 곡선이나 직선)보다 {}%p 넘게 낮은 세출 과목(예비비 제외)과 그 과목의 사업",
                        self.margin_points
                    ),
                ],
            ),
            Lang::En => (
                format!(
                    "(As of {}; KRW thousand, %, count)",
                    self.as_of.format("%Y-%m-%d")
                ),
                vec![
                    "※ Current budget: the budget with every amendment (supplementary budget, transfers, carry-over) in effect on the date".into(),
                    format!(
                        "※ Lagging: an expenditure line (the reserve excepted) whose payment rate is more than {} points below the expected rate (its monthly spending plan, else the year before's monthly curve or a straight line), and the projects of such lines",
                        self.margin_points
                    ),
                ],
            ),
        };
        let mut table = Table {
            id: "consolidated".into(),
            units: Some(units),
            groups: Vec::new(),
            columns,
            rows,
            notes,
        };
        crate::cells::localize_figures(&crate::words::Words::of(lang), &mut table);
        table
    }
}

#[cfg(test)]
mod tests;
