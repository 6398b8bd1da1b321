//! The monthly spending plan (월별 집행계획): how much of a budget line's
//! or a project's money the planning team expects to have paid out by the
//! end of each month of the fiscal year. The early warning judges a line
//! against its plan where one is recorded (`lagging.rs`).
//!
//! A plan is written one of two ways, as planners keep them: the
//! **cumulative rate** at each month end (누계 지출률, e.g. 0, 5, 12, …,
//! 100 %), or the **amount planned for each month** (월별 지출계획액 in
//! won, the 자금계획's form), whose running sum is the cumulative plan.
//! Plans are dated versions: a revision (after a 추경, say) is a new
//! version from its date on, and a date's judgement takes the version in
//! force on it, so a change dated later never rewrites an earlier date's
//! warning. Nothing is ever overwritten.

use crate::budget::{Budget, Category, LineKind};
use crate::code::{LineCode, ProjectCode};
use crate::message::{Lang, Localized};
use crate::money::Won;
use crate::{bilingual_display, ko_en};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// What a plan is for: a budget line, or a project (whose budget line it
/// then covers, wherever the project's line is).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", content = "code", rename_all = "snake_case")]
pub enum PlanTarget {
    /// 예산과목.
    Line(LineCode),
    /// 사업.
    Project(ProjectCode),
}

impl PlanTarget {
    /// `line` or `project`, as stored.
    pub fn kind(&self) -> &'static str {
        match self {
            PlanTarget::Line(_) => "line",
            PlanTarget::Project(_) => "project",
        }
    }

    /// The code as text.
    pub fn code(&self) -> &str {
        match self {
            PlanTarget::Line(c) => c.as_str(),
            PlanTarget::Project(c) => c.as_str(),
        }
    }
}

impl fmt::Display for PlanTarget {
    /// Korean: `예산과목 E1`, `사업 2-2` (the web renders it in its
    /// reader's language through [`Localized`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.say(Lang::Ko))
    }
}

impl Localized for PlanTarget {
    fn say(&self, lang: Lang) -> String {
        match (self, lang) {
            (PlanTarget::Line(c), Lang::Ko) => format!("예산과목 {c}"),
            (PlanTarget::Project(c), Lang::Ko) => format!("사업 {c}"),
            (PlanTarget::Line(c), Lang::En) => format!("line {c}"),
            (PlanTarget::Project(c), Lang::En) => format!("project {c}"),
        }
    }
}

/// How a plan's twelve figures are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "form", content = "months", rename_all = "snake_case")]
pub enum PlanFigures {
    /// 누계 지출률 at each month end, in tenths of a percent (125 = 12.5%).
    CumulativeRates([u16; 12]),
    /// 월별 지출계획액: the amount planned for each month, in won.
    MonthlyAmounts([Won; 12]),
}

impl PlanFigures {
    /// `rates` or `amounts`, as stored.
    pub fn form(&self) -> &'static str {
        match self {
            PlanFigures::CumulativeRates(_) => "rates",
            PlanFigures::MonthlyAmounts(_) => "amounts",
        }
    }

    /// The twelve figures as stored: tenths of a percent or won.
    pub fn values(&self) -> [i64; 12] {
        match self {
            PlanFigures::CumulativeRates(r) => r.map(i64::from),
            PlanFigures::MonthlyAmounts(a) => a.map(Won::get),
        }
    }

    /// The sum of the monthly amounts; `None` for rates.
    pub fn planned_total(&self) -> Option<Won> {
        match self {
            PlanFigures::CumulativeRates(_) => None,
            PlanFigures::MonthlyAmounts(a) => Some(a.iter().copied().sum()),
        }
    }

    /// The figures from their stored form (`rates` or `amounts`), checked.
    ///
    /// # Errors
    /// Every broken rule, month by month; [`PlanError::UnknownForm`].
    pub fn from_stored(form: &str, values: [i64; 12]) -> Result<PlanFigures, Vec<PlanError>> {
        match form {
            "rates" => {
                let mut out = [0u16; 12];
                let mut errors = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    match u16::try_from(*v) {
                        Ok(t) => out[i] = t,
                        Err(_) => errors.push(PlanError::RateOutOfRange {
                            month: month_no(i),
                            tenths: *v,
                        }),
                    }
                }
                if errors.is_empty() {
                    PlanFigures::rates(out)
                } else {
                    Err(errors)
                }
            }
            "amounts" => PlanFigures::amounts(values.map(Won::new)),
            other => Err(vec![PlanError::UnknownForm {
                form: crate::text::quoted(other),
            }]),
        }
    }

    /// Cumulative rates, checked: none above 100%, none below the month
    /// before.
    ///
    /// # Errors
    /// Every month that breaks a rule.
    pub fn rates(tenths: [u16; 12]) -> Result<PlanFigures, Vec<PlanError>> {
        let mut errors = Vec::new();
        for (i, t) in tenths.iter().enumerate() {
            if *t > 1000 {
                errors.push(PlanError::RateOutOfRange {
                    month: month_no(i),
                    tenths: i64::from(*t),
                });
            } else if i > 0 && *t < tenths[i - 1] && tenths[i - 1] <= 1000 {
                errors.push(PlanError::Decreasing {
                    month: month_no(i),
                    tenths: *t,
                    before: tenths[i - 1],
                });
            }
        }
        if errors.is_empty() {
            Ok(PlanFigures::CumulativeRates(tenths))
        } else {
            Err(errors)
        }
    }

    /// Monthly amounts, checked: none below zero, and the year's sum in
    /// range.
    ///
    /// # Errors
    /// Every month that breaks a rule.
    pub fn amounts(won: [Won; 12]) -> Result<PlanFigures, Vec<PlanError>> {
        let errors: Vec<PlanError> = won
            .iter()
            .enumerate()
            .filter(|(_, w)| w.is_negative() || w.get() > MAX_PLAN_WON)
            .map(|(i, w)| PlanError::AmountOutOfRange {
                month: month_no(i),
                amount: *w,
            })
            .collect();
        if errors.is_empty() {
            Ok(PlanFigures::MonthlyAmounts(won))
        } else {
            Err(errors)
        }
    }

    /// The planned cumulative figure at each month end: tenths of a
    /// percent for rates, won for amounts.
    pub fn month_ends(&self) -> [i64; 12] {
        match self {
            PlanFigures::CumulativeRates(r) => r.map(i64::from),
            PlanFigures::MonthlyAmounts(a) => {
                let mut out = [0i64; 12];
                let mut sum = 0i64;
                for (i, w) in a.iter().enumerate() {
                    sum += w.get();
                    out[i] = sum;
                }
                out
            }
        }
    }

    /// What the plan expects paid by `date` of `fiscal_year` from a line
    /// whose budget (예산현액) is `budget`: the share in parts per million
    /// and the amount, interpolated by day within the month. An amount
    /// plan expects at most the budget.
    pub fn expected(&self, budget: Won, fiscal_year: i32, date: NaiveDate) -> (i64, Won) {
        match self {
            PlanFigures::CumulativeRates(r) => {
                // Tenths of a percent × 1000 are parts per million.
                let ppm = interpolate(&r.map(|t| i64::from(t) * 1000), fiscal_year, date);
                (ppm, share_of(budget, ppm))
            }
            PlanFigures::MonthlyAmounts(_) => {
                let at = interpolate(&self.month_ends(), fiscal_year, date);
                let amount = Won::new(at.min(budget.get().max(0)));
                let ppm = if budget.get() > 0 {
                    i64::try_from(i128::from(amount.get()) * 1_000_000 / i128::from(budget.get()))
                        .unwrap_or(1_000_000)
                } else {
                    0
                };
                (ppm, amount)
            }
        }
    }
}

/// The largest monthly amount a plan accepts (one trillion won a month is
/// far past any institution's budget, and keeps a year's sum far from
/// overflow).
const MAX_PLAN_WON: i64 = 1_000_000_000_000_000;

fn month_no(index: usize) -> u32 {
    u32::try_from(index + 1).unwrap_or(12)
}

/// `ppm` parts per million of `budget`, rounded down to the won.
pub fn share_of(budget: Won, ppm: i64) -> Won {
    let w = i128::from(budget.get()) * i128::from(ppm) / 1_000_000;
    Won::new(i64::try_from(w).unwrap_or(budget.get()))
}

/// The value on `date` of a cumulative figure given at each month end of
/// `fiscal_year` (`ends`): zero before the year, the previous month's end
/// plus the day's share of the month's step within it, December's figure
/// from its last day on.
pub(crate) fn interpolate(ends: &[i64; 12], fiscal_year: i32, date: NaiveDate) -> i64 {
    if date.year() < fiscal_year {
        return 0;
    }
    if date.year() > fiscal_year || (date.month() == 12 && date.day() == 31) {
        return ends[11];
    }
    let i = date.month0() as usize;
    let before = if i == 0 { 0 } else { ends[i - 1] };
    let step = i128::from(ends[i] - before) * i128::from(date.day())
        / i128::from(crate::curve::days_in_month(date));
    before + i64::try_from(step).unwrap_or(0)
}

/// A recorded plan: what it is for, from when, its figures and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SpendingPlan {
    /// The line or project.
    pub target: PlanTarget,
    /// The date from which this version is in force.
    pub effective: NaiveDate,
    /// The twelve figures.
    pub figures: PlanFigures,
    /// 비고: why (e.g. "2차 추경 반영").
    pub note: String,
}

/// A plan version as the store holds it: the plan and who recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanVersion {
    /// Its number among the institution's year's plans, in recorded order.
    pub seq: i64,
    /// The plan.
    pub plan: SpendingPlan,
    /// Who recorded it.
    pub actor: String,
    /// When it was recorded (UTC, as the audit log keeps time).
    pub recorded_at: String,
}

/// Why a plan is refused. Each names the month or field it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanError {
    /// A cumulative rate above 100% (or below zero).
    RateOutOfRange {
        /// 1 to 12.
        month: u32,
        /// As given, in tenths.
        tenths: i64,
    },
    /// A cumulative rate below the month before's.
    Decreasing {
        /// 1 to 12.
        month: u32,
        /// This month's, in tenths.
        tenths: u16,
        /// The month before's.
        before: u16,
    },
    /// A monthly amount below zero (or absurdly large).
    AmountOutOfRange {
        /// 1 to 12.
        month: u32,
        /// As given.
        amount: Won,
    },
    /// Neither rates nor amounts.
    UnknownForm {
        /// As given.
        form: String,
    },
    /// The plan's date is not in the fiscal year.
    OutsideYear {
        /// The date given.
        date: NaiveDate,
        /// The year.
        year: i32,
    },
    /// No such line in the budget.
    UnknownLine {
        /// The code given.
        line: LineCode,
    },
    /// No such project.
    UnknownProject {
        /// The code given.
        project: ProjectCode,
    },
    /// A revenue line has no spending to plan.
    Revenue {
        /// The line.
        line: LineCode,
    },
    /// The reserve (예비비) is not planned to be spent.
    Reserve {
        /// The line.
        line: LineCode,
    },
    /// A plan's monthly amounts add up to more than the line's budget.
    OverBudget {
        /// The line or project.
        target: PlanTarget,
        /// The sum of the months.
        planned: Won,
        /// 예산현액 on the plan's date.
        budget: Won,
    },
    /// The line sits inside (or around) another planned line.
    Overlaps {
        /// The plan's target.
        target: PlanTarget,
        /// Its line.
        line: LineCode,
        /// The other planned target.
        other: PlanTarget,
        /// Its line.
        other_line: LineCode,
    },
    /// The same target twice in one batch.
    Twice {
        /// The line or project.
        target: PlanTarget,
        /// Where it was first given.
        first: usize,
    },
}

impl std::error::Error for PlanError {}

impl Localized for PlanError {
    fn say(&self, lang: Lang) -> String {
        match self {
            PlanError::RateOutOfRange { month, .. } => ko_en!(
                lang,
                "{month}월 누계 지출률은 0%에서 100% 사이여야 합니다",
                "month {month}: a cumulative rate must lie between 0% and 100%"
            ),
            PlanError::Decreasing {
                month,
                tenths,
                before,
            } => {
                let (now, was) = (
                    tenths_text(i64::from(*tenths)),
                    tenths_text(i64::from(*before)),
                );
                ko_en!(
                    lang,
                    "{month}월 누계 지출률({now})이 전월({was})보다 낮습니다. 누계는 줄지 않습니다",
                    "month {month}: the cumulative rate {now} is below the month before's {was}"
                )
            }
            PlanError::AmountOutOfRange { month, amount } => ko_en!(
                lang,
                "{month}월 계획액 {amount}은(는) 쓸 수 없습니다. 0원 이상이어야 합니다",
                "month {month}: a planned amount must be zero or more, not {amount}"
            ),
            PlanError::UnknownForm { form } => ko_en!(
                lang,
                "계획 방식 '{form}'은(는) 없습니다. 누계 지출률 또는 월별 금액입니다",
                "unknown plan form '{form}': cumulative rates or monthly amounts"
            ),
            PlanError::OutsideYear { date, year } => ko_en!(
                lang,
                "계획 적용일 {date}은(는) {year}회계연도 밖입니다",
                "the plan's date {date} is outside fiscal year {year}"
            ),
            PlanError::UnknownLine { line } => ko_en!(
                lang,
                "예산과목 {line}이(가) 예산에 없습니다",
                "no budget line {line}"
            ),
            PlanError::UnknownProject { project } => ko_en!(
                lang,
                "사업 {project}이(가) 없습니다",
                "no project {project}"
            ),
            PlanError::Revenue { line } => ko_en!(
                lang,
                "{line}은(는) 세입 과목입니다. 집행계획은 세출 과목에만 세웁니다",
                "{line} is a revenue line; plans are for expenditure"
            ),
            PlanError::Reserve { line } => ko_en!(
                lang,
                "{line}은(는) 예비비입니다. 예비비는 집행계획과 부진 판정에서 빠집니다",
                "{line} is the reserve, which is neither planned nor judged"
            ),
            PlanError::OverBudget {
                target,
                planned,
                budget,
            } => {
                let t = target.say(lang);
                ko_en!(
                    lang,
                    "{t}의 월별 계획액 합계 {planned}이(가) 예산현액 {budget}보다 많습니다",
                    "{t}: the monthly amounts add up to {planned}, more than the current budget {budget}"
                )
            }
            PlanError::Overlaps {
                target,
                line,
                other,
                other_line,
            } => {
                let (t, o) = (target.say(lang), other.say(lang));
                ko_en!(
                    lang,
                    "{t}의 예산과목 {line}은(는) 집행계획이 있는 {o}({other_line})와 겹칩니다. 상위·하위 과목에 따로 세울 수 없습니다",
                    "{t}'s line {line} overlaps {o}'s line {other_line}, which has a plan; plan either the parent or its parts"
                )
            }
            PlanError::Twice { target, first } => {
                let t = target.say(lang);
                ko_en!(
                    lang,
                    "{t}의 계획이 {first}번째 줄(행)에도 있습니다. 한 번에 하나만 기록합니다",
                    "{t} is planned twice; also at line {first}"
                )
            }
        }
    }
}

bilingual_display!(PlanError);

/// The form field a [`PlanError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanField {
    /// The line or project.
    Target,
    /// The plan's date.
    Date,
    /// How the figures are written.
    Form,
    /// One month's figure (1 to 12).
    Month(u32),
}

impl PlanError {
    /// The field the refusal is about.
    pub fn field(&self) -> PlanField {
        match self {
            PlanError::RateOutOfRange { month, .. }
            | PlanError::Decreasing { month, .. }
            | PlanError::AmountOutOfRange { month, .. } => PlanField::Month(*month),
            PlanError::UnknownForm { .. } => PlanField::Form,
            PlanError::OutsideYear { .. } => PlanField::Date,
            PlanError::OverBudget { .. } => PlanField::Month(12),
            PlanError::UnknownLine { .. }
            | PlanError::UnknownProject { .. }
            | PlanError::Revenue { .. }
            | PlanError::Reserve { .. }
            | PlanError::Overlaps { .. }
            | PlanError::Twice { .. } => PlanField::Target,
        }
    }
}

/// `12.5%` from tenths.
pub fn tenths_text(t: i64) -> String {
    let sign = if t < 0 { "△" } else { "" };
    format!("{sign}{}.{}%", t.unsigned_abs() / 10, t.unsigned_abs() % 10)
}

/// Where a plan's target stands in the budget: the line it covers.
///
/// # Errors
/// [`PlanError::UnknownLine`], [`PlanError::UnknownProject`],
/// [`PlanError::Revenue`], [`PlanError::Reserve`].
pub fn line_of(
    target: &PlanTarget,
    budget: &Budget,
    projects: &HashMap<ProjectCode, LineCode>,
) -> Result<LineCode, PlanError> {
    let line = match target {
        PlanTarget::Line(l) => l.clone(),
        PlanTarget::Project(p) => projects
            .get(p)
            .cloned()
            .ok_or_else(|| PlanError::UnknownProject { project: p.clone() })?,
    };
    let l = budget
        .line(&line)
        .ok_or_else(|| PlanError::UnknownLine { line: line.clone() })?;
    if l.kind != LineKind::Expenditure {
        return Err(PlanError::Revenue { line });
    }
    if is_reserve(budget, &line) {
        return Err(PlanError::Reserve { line });
    }
    Ok(line)
}

/// Whether `line` is the reserve (예비비) or under it.
pub fn is_reserve(budget: &Budget, line: &LineCode) -> bool {
    Reserve::of(budget).holds(line)
}

/// The budget's reserve line and the lines under it, found once, to ask
/// of many lines whether they are it or under it ([`is_reserve`] for one
/// line): a set look-up each, where a walk up each line's parents cost a
/// look-up per level (the consolidated view asks it of every leaf of
/// every institution).
#[derive(Debug, Clone)]
pub struct Reserve<'b> {
    under: rustc_hash::FxHashSet<&'b str>,
}

impl<'b> Reserve<'b> {
    /// The reserve of `budget`, if it has one.
    pub fn of(budget: &'b Budget) -> Reserve<'b> {
        let mut under = rustc_hash::FxHashSet::default();
        let root = budget
            .category_line(Category::Reserve)
            .and_then(|r| budget.position(&r.code));
        let mut stack: Vec<usize> = root.into_iter().collect();
        while let Some(i) = stack.pop() {
            under.insert(budget.lines()[i].code.as_str());
            stack.extend_from_slice(budget.children_at(i));
        }
        Reserve { under }
    }

    /// Whether `line` is the reserve or under it.
    pub fn holds(&self, line: &LineCode) -> bool {
        !self.under.is_empty() && self.under.contains(line.as_str())
    }
}

impl SpendingPlan {
    /// Checks a plan before it is recorded: its date in the budget's
    /// fiscal year, its target an expenditure line (or a project's) that
    /// is not the reserve, amounts within the line's budget as amended on
    /// the plan's date (`budget_on_date`), and its line neither inside nor
    /// around a line another target's plan covers (`recorded`: the targets
    /// already planned, any version).
    ///
    /// # Errors
    /// Every rule it breaks.
    pub fn check(
        &self,
        budget_on_date: &Budget,
        current_budget: impl Fn(&LineCode) -> Won,
        projects: &HashMap<ProjectCode, LineCode>,
        recorded: &[PlanTarget],
    ) -> Result<LineCode, Vec<PlanError>> {
        let mut errors = Vec::new();
        let year = budget_on_date.fiscal_year();
        if self.effective.year() != year {
            errors.push(PlanError::OutsideYear {
                date: self.effective,
                year,
            });
        }
        let line = match line_of(&self.target, budget_on_date, projects) {
            Ok(l) => l,
            Err(e) => {
                errors.push(e);
                return Err(errors);
            }
        };
        if let Some(planned) = self.figures.planned_total() {
            let budget = current_budget(&line);
            if planned > budget {
                errors.push(PlanError::OverBudget {
                    target: self.target.clone(),
                    planned,
                    budget,
                });
            }
        }
        let nests = |a: &LineCode, b: &LineCode| {
            a == b || budget_on_date.ancestors(a).iter().any(|x| &x.code == b)
        };
        for other in recorded.iter().filter(|t| **t != self.target) {
            let Ok(other_line) = line_of(other, budget_on_date, projects) else {
                continue;
            };
            if nests(&line, &other_line) || nests(&other_line, &line) {
                errors.push(PlanError::Overlaps {
                    target: self.target.clone(),
                    line: line.clone(),
                    other: other.clone(),
                    other_line,
                });
                break;
            }
        }
        if errors.is_empty() {
            Ok(line)
        } else {
            Err(errors)
        }
    }
}

/// The plans in force on `date`: for each target, the version with the
/// latest effective date on or before it (of two on one date, the one
/// recorded later).
pub fn in_force(versions: &[PlanVersion], date: NaiveDate) -> Vec<&PlanVersion> {
    let mut best: HashMap<&PlanTarget, &PlanVersion> = HashMap::new();
    for v in versions.iter().filter(|v| v.plan.effective <= date) {
        let slot = best.entry(&v.plan.target).or_insert(v);
        if (v.plan.effective, v.seq) > (slot.plan.effective, slot.seq) {
            *slot = v;
        }
    }
    let mut out: Vec<&PlanVersion> = best.into_values().collect();
    out.sort_by(|a, b| a.plan.target.cmp(&b.plan.target));
    out
}

/// The plans in force on `date` by the line each covers (a project's plan
/// by its project's line; a target no longer in the budget is left out).
pub fn by_line<'a>(
    versions: &'a [PlanVersion],
    date: NaiveDate,
    budget: &Budget,
    projects: &HashMap<ProjectCode, LineCode>,
) -> HashMap<LineCode, &'a SpendingPlan> {
    in_force(versions, date)
        .into_iter()
        .filter_map(|v| {
            line_of(&v.plan.target, budget, projects)
                .ok()
                .map(|l| (l, &v.plan))
        })
        .collect()
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
