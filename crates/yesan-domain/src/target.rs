//! Indicator targets (성과목표) and their achievement (달성률), as
//! management evaluation (경영평가) reads them: an indicator has a baseline
//! (기준치), a target for the year and optionally one per quarter, a
//! direction (higher or lower is better) and dated updates of its actual
//! value. The achievement rate is computed, never stored:
//!
//! - higher is better (상향): 실적 ÷ 목표;
//! - lower is better (하향): 목표 ÷ 실적 (halving a complaint count
//!   against its target is 200%).
//!
//! A zero target of a higher-is-better indicator, or a zero actual of a
//! lower-is-better one, gives no ratio ([`NoRate`]); whether the target was
//! met is still known. An institution may cap rates at 100% ([`Plan::assess`]
//! takes the setting). The cost per unit of output (disbursed ÷ actual) is
//! computed here too ([`cost_per_unit`]).

use crate::bilingual::Bilingual;
use crate::decimal::Decimal;
use crate::money::Won;
use crate::rate::Rate;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Which way an indicator improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (상향 지표): users served, satisfaction.
    Higher,
    /// Lower is better (하향 지표): complaints, processing days.
    Lower,
}

impl Direction {
    /// `higher` / `lower`, as in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }
    }

    /// Parses the file spelling or the Korean (`상향`, `하향`).
    pub fn parse(text: &str) -> Option<Direction> {
        match text.trim() {
            "higher" | "상향" | "높을수록" => Some(Direction::Higher),
            "lower" | "하향" | "낮을수록" => Some(Direction::Lower),
            _ => None,
        }
    }
}

/// Why a plan was refused, or why there is no rate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.ko())]
pub enum TargetError {
    /// A target, baseline or actual below zero.
    Negative {
        /// `기준치`, `목표`, `분기 목표` or `실적`.
        field: &'static str,
        /// The value.
        value: Decimal,
    },
    /// The fourth quarter's target is not the year's target.
    QuarterYear {
        /// The fourth quarter's target.
        q4: Decimal,
        /// The year's target.
        year: Decimal,
    },
    /// An actual dated outside the plan's fiscal year.
    OutsideYear {
        /// The date.
        date: NaiveDate,
        /// The fiscal year.
        year: i32,
    },
    /// An actual's note with a control character or too long.
    BadNote,
}

impl Bilingual for TargetError {
    fn ko(&self) -> String {
        match self {
            Self::Negative { field, value } => {
                format!("{field} {value}: 0보다 작을 수 없습니다")
            }
            Self::QuarterYear { q4, year } => format!(
                "4분기 목표 {q4}이(가) 연간 목표 {year}과(와) 다릅니다. 분기 목표는 분기 말까지의 목표입니다"
            ),
            Self::OutsideYear { date, year } => {
                format!("실적 일자 {date}이(가) {year}년 밖에 있습니다")
            }
            Self::BadNote => "실적 메모는 1,000자 이하, 제어 문자 없이 씁니다".to_owned(),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Negative { field, value } => {
                let field = match *field {
                    "기준치" => "baseline",
                    "목표" => "target",
                    "분기 목표" => "quarter target",
                    _ => "actual",
                };
                format!("{field} {value} cannot be below zero")
            }
            Self::QuarterYear { q4, year } => format!(
                "the fourth quarter's target {q4} differs from the year's target {year}; a quarter's target is the target by its end"
            ),
            Self::OutsideYear { date, year } => {
                format!("the actual's date {date} is outside {year}")
            }
            Self::BadNote => {
                "an actual's note has at most 1,000 characters and no control characters".to_owned()
            }
        }
    }
}

/// Why an achievement rate or a unit cost cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoRate {
    /// Higher is better and the target is zero: any actual meets it.
    ZeroTarget,
    /// Lower is better and the actual is zero: better than any ratio.
    ZeroActual,
    /// No output yet: nothing to divide the cost by.
    ZeroOutput,
}

impl Bilingual for NoRate {
    fn ko(&self) -> String {
        match self {
            NoRate::ZeroTarget => "목표가 0이라 달성률을 계산하지 않습니다",
            NoRate::ZeroActual => "실적이 0이라(하향 지표) 달성률을 계산하지 않습니다",
            NoRate::ZeroOutput => "산출 실적이 0이라 단위당 비용을 계산하지 않습니다",
        }
        .to_owned()
    }

    fn en(&self) -> String {
        match self {
            NoRate::ZeroTarget => "no achievement rate: the target is zero",
            NoRate::ZeroActual => "no achievement rate: the actual is zero (lower is better)",
            NoRate::ZeroOutput => "no cost per unit: the output is zero",
        }
        .to_owned()
    }
}

/// An indicator's target for a fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// 기준치: where the indicator stood before (last year's actual).
    pub baseline: Option<Decimal>,
    /// The target for the year (by December 31st).
    pub year: Decimal,
    /// Targets by the end of each quarter; the fourth is the year's.
    pub quarters: Option<[Decimal; 4]>,
    /// Which way is better.
    pub direction: Direction,
}

/// One dated update of the actual value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Actual {
    /// The date the value describes.
    pub date: NaiveDate,
    /// The value.
    pub value: Decimal,
    /// Where it comes from, or why it changed.
    pub note: String,
}

/// An indicator's target and its actual updates for one fiscal year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    fiscal_year: i32,
    target: Target,
    actuals: Vec<Actual>,
}

/// Where an indicator stands on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// The target in force (the quarter's, or the year's).
    pub target: Decimal,
    /// The latest actual on or before the date.
    pub actual: Decimal,
    /// Whether the target is met (at or beyond it, in its direction).
    pub met: bool,
    /// The achievement rate, capped when the institution caps it.
    pub rate: Result<Rate, NoRate>,
    /// Whether the cap lowered the rate.
    pub capped: bool,
}

/// The achievement rate of `actual` against `target` (see the module).
pub fn achievement(target: Decimal, actual: Decimal, direction: Direction) -> Result<Rate, NoRate> {
    let (t, td) = target.fraction();
    let (a, ad) = actual.fraction();
    // t/td against a/ad, over the common denominator.
    let (t, a) = (t * ad, a * td);
    match direction {
        Direction::Higher => Rate::ratio(a, t).ok_or(NoRate::ZeroTarget),
        Direction::Lower if a == 0 && t == 0 => Ok(Rate::FULL),
        Direction::Lower => Rate::ratio(t, a).ok_or(NoRate::ZeroActual),
    }
}

fn met(target: Decimal, actual: Decimal, direction: Direction) -> bool {
    match direction {
        Direction::Higher => actual >= target,
        Direction::Lower => actual <= target,
    }
}

impl Plan {
    /// A plan for `fiscal_year`: no value below zero, the fourth quarter's
    /// target the year's, every actual dated in the year and its note at
    /// most 1,000 characters without control characters (tab and line
    /// feed aside). Actuals are kept in date order, those of one date in
    /// the order given (the last one given counts).
    pub fn new(
        fiscal_year: i32,
        target: Target,
        mut actuals: Vec<Actual>,
    ) -> Result<Plan, TargetError> {
        let negative = |field, value: Decimal| {
            if value.is_negative() {
                Err(TargetError::Negative { field, value })
            } else {
                Ok(())
            }
        };
        if let Some(b) = target.baseline {
            negative("기준치", b)?;
        }
        negative("목표", target.year)?;
        if let Some(q) = target.quarters {
            for v in q {
                negative("분기 목표", v)?;
            }
            if q[3] != target.year {
                return Err(TargetError::QuarterYear {
                    q4: q[3],
                    year: target.year,
                });
            }
        }
        for a in &actuals {
            negative("실적", a.value)?;
            if a.date.year() != fiscal_year {
                return Err(TargetError::OutsideYear {
                    date: a.date,
                    year: fiscal_year,
                });
            }
            let bad = |c: char| c.is_control() && c != '\t' && c != '\n';
            if a.note.chars().count() > 1_000 || a.note.chars().any(bad) {
                return Err(TargetError::BadNote);
            }
        }
        actuals.sort_by_key(|a| a.date);
        Ok(Plan {
            fiscal_year,
            target,
            actuals,
        })
    }

    /// The fiscal year.
    pub fn fiscal_year(&self) -> i32 {
        self.fiscal_year
    }

    /// The target.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The actual updates in date order.
    pub fn actuals(&self) -> &[Actual] {
        &self.actuals
    }

    /// The target in force on `date`: its quarter's when quarters are set,
    /// else the year's.
    pub fn target_on(&self, date: NaiveDate) -> Decimal {
        match self.target.quarters {
            Some(q) => q[(date.month0() / 3) as usize],
            None => self.target.year,
        }
    }

    /// The latest actual dated on or before `date` (of one date, the last
    /// recorded).
    pub fn actual_on(&self, date: NaiveDate) -> Option<&Actual> {
        self.actuals.iter().rev().find(|a| a.date <= date)
    }

    /// Where the indicator stands on `date`, or `None` before its first
    /// actual. With `cap`, a rate above 100% shows as 100%.
    pub fn assess(&self, date: NaiveDate, cap: bool) -> Option<Assessment> {
        let actual = self.actual_on(date)?.value;
        let target = self.target_on(date);
        let raw = achievement(target, actual, self.target.direction);
        let over = raw.is_ok_and(Rate::above_full);
        let rate = match raw {
            Ok(_) if cap && over => Ok(Rate::FULL),
            Err(NoRate::ZeroActual) if cap => Ok(Rate::FULL),
            other => other,
        };
        Some(Assessment {
            target,
            actual,
            met: met(target, actual, self.target.direction),
            capped: cap && (over || raw == Err(NoRate::ZeroActual)),
            rate,
        })
    }
}

/// How far an indicator has come on a date, for the dashboard's count:
/// the year's target met (달성), the target in force met — a quarter's,
/// when quarters are set — but not yet the year's (정상 추진), or neither,
/// no actual recorded yet included (미흡). Without quarter targets the
/// target in force is the year's, so such an indicator is achieved or
/// behind. Ordered worst first, so a project's standing is the minimum of
/// its indicators'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Progress {
    /// Below the target in force, or nothing reported.
    Behind,
    /// At the target in force (a quarter's), short of the year's.
    OnTrack,
    /// At the year's target.
    Achieved,
}

impl Plan {
    /// Where the indicator stands on `date` (see [`Progress`]).
    pub fn progress(&self, date: NaiveDate) -> Progress {
        let Some(actual) = self.actual_on(date).map(|a| a.value) else {
            return Progress::Behind;
        };
        let direction = self.target.direction;
        if met(self.target.year, actual, direction) {
            Progress::Achieved
        } else if met(self.target_on(date), actual, direction) {
            Progress::OnTrack
        } else {
            Progress::Behind
        }
    }
}

/// Cost per unit of output: `disbursed ÷ output`, exact, shown in whole won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UnitCost {
    /// The cost per unit, rounded half away from zero to whole won.
    pub won: Won,
}

/// What each unit of output cost: the disbursed amount divided by the
/// output indicator's actual (50,000,000원 for 2,000명 is 25,000원 per
/// 명). Rounded to whole won half away from zero, once, at the end.
pub fn cost_per_unit(disbursed: Won, output: Decimal) -> Result<UnitCost, NoRate> {
    let (n, d) = output.fraction();
    if n == 0 {
        return Err(NoRate::ZeroOutput);
    }
    // disbursed / (n / d) = disbursed × d / n.
    let num = i128::from(disbursed.get()) * d;
    let (q, r) = (num / n, num % n);
    let rounded = if 2 * r.abs() >= n.abs() {
        q + if (r < 0) == (n < 0) { 1 } else { -1 }
    } else {
        q
    };
    Ok(UnitCost {
        won: Won::new(i64::try_from(rounded).unwrap_or(i64::MAX)),
    })
}

#[cfg(test)]
#[path = "target_tests.rs"]
mod tests;
