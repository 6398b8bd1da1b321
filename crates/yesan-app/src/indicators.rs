//! Indicator targets (성과목표) for management evaluation: setting a
//! project indicator's target for the year, recording its dated actuals,
//! and reading every project's targets against actuals on a date.
//!
//! Input comes as typed text (the command line's arguments, the project
//! page's forms) and is parsed here into the domain's `Target` and
//! `Actual`; every mistake is an [`IndicatorError`] naming the field by
//! its label (목표, 기준값, 실적, 날짜 …), Korean first. The project and
//! its indicator must exist in the year; the domain's `Plan::new` checks
//! the values before the store writes them, so a refused input writes
//! nothing. Actuals are append-only: a correction is a later update.
//!
//! The reading ([`board`]) is the report's: each project sheet carries
//! its targets (`yesan_report::targets`, 달성률 capped as the institution
//! sets, the output measure's cost per unit from the sheet's own disbursed
//! amount), so the command line, the project page, the dashboard and the
//! report show the same figures.

use crate::{Error, Snapshot};
use chrono::NaiveDate;
use serde::Serialize;
use std::fmt::Write as _;
use yesan_domain::bilingual::Bilingual;
use yesan_domain::code::ProjectCode;
use yesan_domain::decimal::Decimal;
use yesan_domain::message::Lang;
use yesan_domain::target::{Actual, Direction, Plan, Progress, Target, TargetError};
use yesan_report::targets::{
    TargetInput, TargetView, direction_text, rate_text, target_text, unit_cost_text,
};
use yesan_report::words::Words;
use yesan_store::{IndicatorPlan, Store};

/// A field of the target and actual forms, named by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// 사업.
    Project,
    /// 지표.
    Indicator,
    /// 목표 (the year's).
    Target,
    /// 기준값.
    Baseline,
    /// 분기 목표.
    Quarters,
    /// 방향.
    Direction,
    /// 날짜 (of an actual).
    Date,
    /// 실적.
    Value,
    /// 메모.
    Note,
}

impl Field {
    /// The label in Korean.
    pub fn ko(self) -> &'static str {
        match self {
            Field::Project => "사업",
            Field::Indicator => "지표",
            Field::Target => "목표",
            Field::Baseline => "기준값",
            Field::Quarters => "분기 목표",
            Field::Direction => "방향",
            Field::Date => "날짜",
            Field::Value => "실적",
            Field::Note => "메모",
        }
    }

    /// The label in English.
    pub fn en(self) -> &'static str {
        match self {
            Field::Project => "project",
            Field::Indicator => "indicator",
            Field::Target => "target",
            Field::Baseline => "baseline",
            Field::Quarters => "quarter targets",
            Field::Direction => "direction",
            Field::Date => "date",
            Field::Value => "actual",
            Field::Note => "note",
        }
    }

    /// The form field's name on the project page.
    pub fn name(self) -> &'static str {
        match self {
            Field::Project => "project",
            Field::Indicator => "indicator",
            Field::Target => "target",
            Field::Baseline => "baseline",
            Field::Quarters => "quarters",
            Field::Direction => "direction",
            Field::Date => "date",
            Field::Value => "value",
            Field::Note => "note",
        }
    }
}

/// A target or an actual that cannot be recorded; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} / {}", self.ko(), self.en())]
pub enum IndicatorError {
    /// A number that does not parse.
    Number {
        /// Which field.
        field: Field,
        /// What was typed.
        given: String,
    },
    /// A field left empty that must be given.
    Missing {
        /// Which field.
        field: Field,
    },
    /// Not four quarter targets.
    Quarters {
        /// What was typed.
        given: String,
    },
    /// A direction other than higher or lower.
    Direction {
        /// What was typed.
        given: String,
    },
    /// A date that does not parse.
    Date {
        /// What was typed.
        given: String,
    },
    /// No such project in the year.
    NoProject {
        /// What was typed.
        given: String,
        /// The fiscal year.
        year: i32,
    },
    /// The project has no indicator of that id.
    NoIndicator {
        /// The project.
        project: String,
        /// What was typed.
        given: String,
    },
    /// An actual dated in a year the institution does not record.
    NoYear {
        /// The date's year.
        year: i32,
    },
    /// An actual for an indicator without a target in the year.
    NoTarget {
        /// The project.
        project: String,
        /// The indicator.
        indicator: String,
        /// The fiscal year.
        year: i32,
    },
    /// The domain refused the value (below zero, a fourth quarter not the
    /// year's target, a date outside the year, a bad note).
    Refused {
        /// The field it is about.
        field: Field,
        /// The domain's reason.
        error: TargetError,
    },
}

impl IndicatorError {
    /// The field the error is about.
    pub fn field(&self) -> Field {
        match self {
            Self::Number { field, .. } | Self::Missing { field } | Self::Refused { field, .. } => {
                *field
            }
            Self::Quarters { .. } => Field::Quarters,
            Self::Direction { .. } => Field::Direction,
            Self::Date { .. } | Self::NoYear { .. } => Field::Date,
            Self::NoProject { .. } => Field::Project,
            Self::NoIndicator { .. } | Self::NoTarget { .. } => Field::Indicator,
        }
    }
}

impl Bilingual for IndicatorError {
    fn ko(&self) -> String {
        let label = self.field().ko();
        match self {
            Self::Number { given, .. } => {
                format!("{label} '{given}': 0 이상의 숫자를 쓰세요(예: 1,500 또는 92.5)")
            }
            Self::Missing { .. } => format!("{label}을(를) 입력하세요"),
            Self::Quarters { given } => format!(
                "{label} '{given}': 1~4분기 말까지의 목표 네 개를 쉼표나 빗금으로 나누어 쓰세요(예: 500,1000,1500,2000)"
            ),
            Self::Direction { given } => {
                format!("{label} '{given}': higher(높을수록 좋음) 또는 lower(낮을수록 좋음)입니다")
            }
            Self::Date { given } => format!("{label} '{given}': 날짜는 YYYY-MM-DD로 씁니다"),
            Self::NoYear { year } => format!("{label}: {year}년은 기록되어 있지 않습니다"),
            Self::NoProject { given, year } => {
                format!("{label} '{given}': {year}년에 그런 사업이 없습니다")
            }
            Self::NoIndicator { project, given } => {
                format!("{label} '{given}': 사업 {project}에 그런 지표가 없습니다")
            }
            Self::NoTarget {
                project,
                indicator,
                year,
            } => format!(
                "{label} '{indicator}': 사업 {project}의 {year}년 목표가 없습니다. 목표를 먼저 정하세요"
            ),
            // The domain names the value; said here with the form's label.
            Self::Refused {
                error: TargetError::Negative { value, .. },
                ..
            } => format!("{label} {value}: 0보다 작을 수 없습니다"),
            Self::Refused { error, .. } => format!("{label}: {}", error.ko()),
        }
    }

    fn en(&self) -> String {
        let label = self.field().en();
        match self {
            Self::Number { given, .. } => {
                format!("{label} '{given}': write a number of at least 0 (e.g. 1,500 or 92.5)")
            }
            Self::Missing { .. } => format!("{label}: required"),
            Self::Quarters { given } => format!(
                "{label} '{given}': give four targets, by the end of each quarter, separated by commas or slashes (e.g. 500,1000,1500,2000)"
            ),
            Self::Direction { given } => {
                format!("{label} '{given}': higher (higher is better) or lower (lower is better)")
            }
            Self::Date { given } => format!("{label} '{given}': write the date as YYYY-MM-DD"),
            Self::NoYear { year } => format!("{label}: {year} is not recorded"),
            Self::NoProject { given, year } => {
                format!("{label} '{given}': no such project in {year}")
            }
            Self::NoIndicator { project, given } => {
                format!("{label} '{given}': project {project} has no such indicator")
            }
            Self::NoTarget {
                project,
                indicator,
                year,
            } => format!(
                "{label} '{indicator}': project {project} has no target for {year}; set the target first"
            ),
            Self::Refused {
                error: TargetError::Negative { value, .. },
                ..
            } => format!("{label} {value} cannot be below zero"),
            Self::Refused { error, .. } => format!("{label}: {}", error.en()),
        }
    }
}

/// A target as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetText {
    /// The project's code (`2-1`).
    pub project: String,
    /// The indicator's id within the project.
    pub indicator: String,
    /// The year's target.
    pub target: String,
    /// The baseline (기준값); empty for none.
    pub baseline: String,
    /// The targets by the end of each quarter; all empty for none.
    pub quarters: [String; 4],
    /// `higher` or `lower` (상향, 하향, 높을수록, 낮을수록).
    pub direction: String,
    /// Whether it is the project's output measure.
    pub output: bool,
}

/// An actual as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ActualText {
    /// The project's code.
    pub project: String,
    /// The indicator's id.
    pub indicator: String,
    /// The date the value describes (`YYYY-MM-DD`).
    pub date: String,
    /// The value.
    pub value: String,
    /// Where it comes from, or why it changed.
    pub note: String,
}

/// `a,b,c,d` (or separated by `/`, `;` or spaces, so that `1,500` may keep
/// its separator) as the four quarter fields; empty text for none.
///
/// # Errors
/// [`IndicatorError::Quarters`] for other than four parts.
pub fn split_quarters(text: &str) -> Result<[String; 4], IndicatorError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(Default::default());
    }
    let parts: Vec<&str> = if t.contains(['/', ';']) || t.split_whitespace().count() > 1 {
        t.split(['/', ';', ' '])
            .map(|p| p.trim_matches(',').trim())
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        t.split(',').map(str::trim).collect()
    };
    <[String; 4]>::try_from(parts.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>()).map_err(
        |_| IndicatorError::Quarters {
            given: t.to_owned(),
        },
    )
}

fn number(field: Field, text: &str) -> Result<Decimal, IndicatorError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(IndicatorError::Missing { field });
    }
    Decimal::parse(t).map_err(|_| IndicatorError::Number {
        field,
        given: t.to_owned(),
    })
}

/// The domain's refusal, with the field it is about.
fn refused(error: TargetError) -> IndicatorError {
    let field = match &error {
        TargetError::Negative { field, .. } => match *field {
            "기준치" => Field::Baseline,
            "목표" => Field::Target,
            "분기 목표" => Field::Quarters,
            _ => Field::Value,
        },
        TargetError::QuarterYear { .. } => Field::Quarters,
        TargetError::OutsideYear { .. } => Field::Date,
        TargetError::BadNote => Field::Note,
    };
    IndicatorError::Refused { field, error }
}

/// Parses `t` into the domain's target for `year`, checked by the domain.
///
/// # Errors
/// The first field that does not parse, or the domain's refusal.
pub fn parse_target(t: &TargetText, year: i32) -> Result<Target, IndicatorError> {
    let target = number(Field::Target, &t.target)?;
    let baseline = match t.baseline.trim() {
        "" => None,
        b => Some(number(Field::Baseline, b)?),
    };
    let quarters = if t.quarters.iter().all(|q| q.trim().is_empty()) {
        None
    } else {
        let mut q = [Decimal::ZERO; 4];
        for (slot, text) in q.iter_mut().zip(&t.quarters) {
            *slot = number(Field::Quarters, text)?;
        }
        Some(q)
    };
    let direction = Direction::parse(&t.direction).ok_or_else(|| {
        if t.direction.trim().is_empty() {
            IndicatorError::Missing {
                field: Field::Direction,
            }
        } else {
            IndicatorError::Direction {
                given: t.direction.trim().to_owned(),
            }
        }
    })?;
    let target = Target {
        baseline,
        year: target,
        quarters,
        direction,
    };
    Plan::new(year, target.clone(), Vec::new()).map_err(refused)?;
    Ok(target)
}

/// Parses `a` into the domain's actual (the year is the date's).
///
/// # Errors
/// The first field that does not parse, or the domain's refusal.
pub fn parse_actual(a: &ActualText) -> Result<Actual, IndicatorError> {
    let given = a.date.trim();
    if given.is_empty() {
        return Err(IndicatorError::Missing { field: Field::Date });
    }
    let date = NaiveDate::parse_from_str(given, "%Y-%m-%d").map_err(|_| IndicatorError::Date {
        given: given.to_owned(),
    })?;
    let actual = Actual {
        date,
        value: number(Field::Value, &a.value)?,
        note: a.note.replace("\r\n", "\n").trim().to_owned(),
    };
    let probe = Target {
        baseline: None,
        year: Decimal::ZERO,
        quarters: None,
        direction: Direction::Higher,
    };
    Plan::new(chrono::Datelike::year(&date), probe, vec![actual.clone()]).map_err(refused)?;
    Ok(actual)
}

/// The project and indicator as typed, checked against `store`'s year.
async fn locate(
    store: &Store,
    project: &str,
    indicator: &str,
) -> Result<(ProjectCode, String), Error> {
    let year = store.current_scope().await?.1;
    let no_project = || {
        Error::Indicator(IndicatorError::NoProject {
            given: project.trim().to_owned(),
            year,
        })
    };
    if project.trim().is_empty() {
        return Err(Error::Indicator(IndicatorError::Missing {
            field: Field::Project,
        }));
    }
    let code = ProjectCode::parse(project.trim()).map_err(|_| no_project())?;
    let catalog = store.load_catalog().await?;
    let p = catalog
        .projects
        .iter()
        .find(|p| p.code == code)
        .ok_or_else(no_project)?;
    let id = indicator.trim();
    if id.is_empty() {
        return Err(Error::Indicator(IndicatorError::Missing {
            field: Field::Indicator,
        }));
    }
    if !p.indicators.iter().any(|i| i.id == id) {
        return Err(Error::Indicator(IndicatorError::NoIndicator {
            project: code.to_string(),
            given: id.to_owned(),
        }));
    }
    Ok((code, id.to_owned()))
}

/// Sets the target of an indicator in `store`'s year (replacing any,
/// keeping its actuals); as the output measure, another indicator of the
/// project stops being one. Returns the year.
///
/// # Errors
/// [`Error::Indicator`] for a refused input (nothing written); the store's.
pub async fn set_target(store: &Store, t: &TargetText, actor: &str) -> Result<i32, Error> {
    let year = store.current_scope().await?.1;
    let (project, indicator) = locate(store, &t.project, &t.indicator).await?;
    let target = parse_target(t, year).map_err(Error::Indicator)?;
    store
        .set_target(year, &project, &indicator, &target, t.output, actor)
        .await?;
    Ok(year)
}

/// Records a dated actual of an indicator with a target in the date's
/// year (append-only). Returns the year.
///
/// # Errors
/// [`Error::Indicator`] for a refused input (nothing written); the store's.
pub async fn record_actual(store: &Store, a: &ActualText, actor: &str) -> Result<i32, Error> {
    let actual = parse_actual(a).map_err(Error::Indicator)?;
    let store = &match crate::as_of::year_of(store, Some(actual.date)).await {
        Err(Error::Store(yesan_store::StoreError::NoSuchYear { year, .. })) => {
            return Err(Error::Indicator(IndicatorError::NoYear { year }));
        }
        other => other?,
    };
    let year = store.current_scope().await?.1;
    let (project, indicator) = locate(store, &a.project, &a.indicator).await?;
    let has_target = store
        .indicator_plans(year)
        .await?
        .iter()
        .any(|p| p.project == project && p.indicator == indicator);
    if !has_target {
        return Err(Error::Indicator(IndicatorError::NoTarget {
            project: project.to_string(),
            indicator,
            year,
        }));
    }
    store
        .add_actual(year, &project, &indicator, &actual, actor)
        .await?;
    Ok(year)
}

/// The stored plans as the report takes them.
pub fn inputs(plans: &[IndicatorPlan]) -> Vec<TargetInput<'_>> {
    plans
        .iter()
        .map(|p| TargetInput {
            project: &p.project,
            indicator: &p.indicator,
            plan: &p.plan,
            is_output: p.is_output,
        })
        .collect()
}

/// One project's targets on the date.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectTargets {
    /// The project's code.
    pub code: String,
    /// Its title.
    pub title: String,
    /// Where it stands: its worst indicator's progress.
    pub progress: Progress,
    /// Its indicators with targets.
    pub targets: Vec<TargetView>,
}

/// Every project's targets against actuals on a date.
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    /// The date.
    pub as_of: NaiveDate,
    /// Whether 달성률 is capped at 100%.
    pub cap_achievement: bool,
    /// The projects with at least one target, in the sheets' order.
    pub projects: Vec<ProjectTargets>,
}

impl Board {
    /// How many projects are achieved, on track and behind.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |g: Progress| self.projects.iter().filter(|p| p.progress == g).count();
        (
            n(Progress::Achieved),
            n(Progress::OnTrack),
            n(Progress::Behind),
        )
    }

    /// The board as Markdown: one table of every indicator with a target.
    pub fn markdown(&self) -> String {
        let b = self;
        let w = Words::of(Lang::Ko);
        let mut o = format!(
            "# 성과지표 목표 대비 실적 / indicator targets ({})\n\n",
            b.as_of
        );
        if b.cap_achievement {
            o.push_str("달성률은 100%를 넘지 않게 표시합니다 / rates are capped at 100%\n\n");
        }
        if b.projects.is_empty() {
            o.push_str("기록된 목표가 없습니다 / no targets recorded\n");
            return o;
        }
        let (achieved, on_track, behind) = b.counts();
        let _ = writeln!(
            o,
            "달성 {achieved} · 정상 추진 {on_track} · 미흡 {behind} / achieved, on track, behind\n"
        );
        o.push_str(
            "| 사업 | 지표 | 기준값 | 목표 | 실적 | 기준일 | 달성률 | 방향 | 단위당 비용 |\n",
        );
        o.push_str("|:---|:---|---:|---:|---:|:---:|---:|:---:|---:|\n");
        for p in &b.projects {
            for t in &p.targets {
                let _ = writeln!(
                    o,
                    "| {} {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    p.code,
                    p.title,
                    t.name,
                    t.baseline
                        .map_or_else(|| "-".into(), |v| format!("{v}{}", t.unit)),
                    target_text(&w, t),
                    t.actual
                        .map_or_else(|| "-".into(), |v| format!("{v}{}", t.unit)),
                    t.actual_date.map(|d| d.to_string()).unwrap_or_default(),
                    rate_text(&w, t),
                    direction_text(&w, t.direction),
                    unit_cost_text(&w, t),
                );
            }
        }
        o
    }
}

/// The board of `snap`: its report's sheets with targets.
pub fn board_of(snap: &Snapshot) -> Board {
    let projects = if snap.indicators.is_empty() {
        Vec::new()
    } else {
        snap.report()
            .sheets
            .into_iter()
            .filter(|s| !s.targets.is_empty())
            .map(|s| ProjectTargets {
                progress: s
                    .targets
                    .iter()
                    .map(|t| t.progress)
                    .min()
                    .unwrap_or(Progress::Behind),
                code: s.code,
                title: s.title,
                targets: s.targets,
            })
            .collect()
    };
    Board {
        as_of: snap.as_of,
        cap_achievement: snap.cap_achievement,
        projects,
    }
}

/// Every project's targets against actuals on `as_of` (the default date
/// when `None`), in the year of the date.
///
/// # Errors
/// The store's.
pub async fn board(store: &Store, as_of: Option<NaiveDate>) -> Result<Board, Error> {
    let snap = Snapshot::read(store, as_of).await?;
    Ok(board_of(&snap))
}

#[cfg(test)]
#[path = "indicators_tests.rs"]
mod tests;
