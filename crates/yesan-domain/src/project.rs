//! The strategy hierarchy and the project sheets: program groups (사업군),
//! their projects, and each project's purpose, background, budget notes,
//! achievements, indicators and schedule.

use crate::code::{LineCode, ProjectCode, UnitCode};
use crate::finding::{Finding, Locator, Problem};
use crate::format;
pub use crate::indicator::{Indicator, Part};
use crate::org::Contact;
use crate::outline::Outline;
use crate::period::Period;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashSet;

/// A program group: a child of the 사업비 line, named by that line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Program {
    /// `1` … `4`.
    pub code: ProjectCode,
    /// The group's budget line.
    pub line: LineCode,
}

/// One schedule item (향후일정).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScheduleItem {
    /// What will be done.
    pub text: String,
    /// When, if stated.
    pub period: Option<Period>,
    /// The heading the item sits under, if any.
    pub group: Option<String>,
}

/// A project sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Project {
    /// `1-1` … `4-2`.
    pub code: ProjectCode,
    /// The program group.
    pub program: ProjectCode,
    /// The project's budget line.
    pub line: LineCode,
    /// Title.
    pub title: String,
    /// The unit whose head is the responsible executive.
    pub executive: UnitCode,
    /// The responsible team.
    pub team: UnitCode,
    /// The officer in charge (담당).
    pub officer: Contact,
    /// One-paragraph purpose.
    pub purpose: String,
    /// 추진배경.
    pub background: String,
    /// 사업내용.
    pub content: String,
    /// Notes on 사업예산.
    pub budget_notes: Vec<String>,
    /// Heading of the achievements (default 추진실적).
    pub achievements_heading: Option<String>,
    /// Heading of the schedule (default 향후일정).
    pub schedule_heading: Option<String>,
    /// 추진실적.
    pub achievements: Outline,
    /// Indicators.
    pub indicators: Vec<Indicator>,
    /// 향후일정.
    pub schedule: Vec<ScheduleItem>,
}

impl Project {
    /// The achievements heading, defaulted.
    pub fn achievements_heading(&self) -> &str {
        self.achievements_heading.as_deref().unwrap_or("추진실적")
    }

    /// The schedule heading, defaulted.
    pub fn schedule_heading(&self) -> &str {
        self.schedule_heading.as_deref().unwrap_or("향후일정")
    }

    /// Checks indicators (unique ids, breakdowns that sum) and the
    /// outline's tokens.
    pub fn check(&self, findings: &mut Vec<Finding>) {
        let code = self.code.to_string();
        let mut ids = HashSet::new();
        for ind in &self.indicators {
            let at = |field| Locator::Indicator {
                project: code.clone(),
                id: ind.id.clone(),
                field,
            };
            if !ids.insert(&ind.id) {
                findings.push(Finding::new(
                    at("id"),
                    Problem::Duplicate {
                        what: "indicator id",
                        key: ind.id.clone(),
                    },
                ));
            }
            if !ind.breakdown.is_empty() && ind.breakdown_sum().is_none() {
                findings.push(Finding::invalid(
                    at("breakdown"),
                    crate::text!(
                        "세부 항목의 합계가 너무 커서 셀 수 없습니다",
                        "the breakdown's sum is too large to compute"
                    ),
                ));
            } else if let Some(sum) = ind.breakdown_sum().filter(|s| *s != ind.value) {
                findings.push(Finding::invalid(
                    at("breakdown"),
                    {
                        let (s, v) = (format::amount(sum), format::amount(ind.value));
                        let by = ind.value.checked_sub(sum).map_or_else(|| "?".to_owned(), format::amount);
                        let sj = crate::message::josa(&s, "이", "가");
                        let vj = crate::message::josa(&v, "과", "와");
                        let so = crate::message::josa(&s, "으로", "로");
                        crate::text!(
                            "세부 항목의 합 {sj} 지표값 {vj} 다릅니다. 지표값을 {so} 하거나 세부 항목을 {by}만큼 고치세요",
                            "the breakdown sums to {s}, not the indicator's value {v}; make the value {s} or change the parts by {by}"
                        )
                    },
                ));
            }
            let mut labels = HashSet::new();
            for p in &ind.breakdown {
                if !labels.insert(&p.label) {
                    findings.push(Finding::new(
                        at("breakdown"),
                        Problem::Duplicate {
                            what: "breakdown label",
                            key: p.label.clone(),
                        },
                    ));
                }
            }
        }
        for e in self.achievements.token_errors(&self.indicators) {
            findings.push(Finding::invalid(
                Locator::Project {
                    code: code.clone(),
                    field: "achievements",
                },
                crate::message::Localized::text(&e),
            ));
        }
    }
}

/// How far ahead a schedule item counts as due soon.
pub const DUE_SOON_DAYS: i64 = 30;

/// A schedule item with a due date, and the project it belongs to.
#[derive(Debug, Clone, Copy)]
pub struct DueItem<'a> {
    /// The project.
    pub project: &'a Project,
    /// The item.
    pub item: &'a ScheduleItem,
    /// Its period.
    pub period: &'a Period,
    /// When it is due: its period's end, else its start.
    pub due: NaiveDate,
}

/// The schedule items due within [`DUE_SOON_DAYS`] of `as_of` (on or after
/// it; soonest first) and those already past (due before it; latest
/// first). Items without a dated period are neither.
pub fn due_items(projects: &[Project], as_of: NaiveDate) -> (Vec<DueItem<'_>>, Vec<DueItem<'_>>) {
    let horizon = as_of + chrono::Duration::days(DUE_SOON_DAYS);
    let (mut soon, mut past) = (Vec::new(), Vec::new());
    for project in projects {
        for item in &project.schedule {
            let Some(period) = &item.period else { continue };
            let Some(due) = period.due() else { continue };
            let row = DueItem {
                project,
                item,
                period,
                due,
            };
            if due < as_of {
                past.push(row);
            } else if due <= horizon {
                soon.push(row);
            }
        }
    }
    soon.sort_by_key(|r| r.due);
    past.sort_by_key(|r| std::cmp::Reverse(r.due));
    (soon, past)
}
