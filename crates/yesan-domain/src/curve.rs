//! The expected execution curve (집행 계획 곡선) and lagging lines.
//!
//! How much of its budget a line "should" have paid by a date is, by
//! default, straight-line over the fiscal year (the share of the year
//! elapsed). When the prior year's monthly curve is recorded, that curve is
//! used instead, interpolated within the month, since public spending is
//! seasonal (slow in spring, heavy in December). A line lags when its
//! disbursement rate trails the expected rate by more than a margin.

use crate::code::LineCode;
use crate::execution::{ExecutionStatus, LineExecution};
use crate::money::Won;
use crate::rate::Rate;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

/// Cumulative disbursement rate at the end of each month of the prior year,
/// in tenths of a percent (e.g. 510 = 51.0%).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthlyCurve(pub [u16; 12]);

impl MonthlyCurve {
    /// Checks the curve: never decreasing, never above 100%.
    pub fn new(months: [u16; 12]) -> Result<MonthlyCurve, crate::message::Text> {
        use crate::message::Text;
        if months.windows(2).any(|w| w[1] < w[0]) {
            return Err(Text::new(
                "월별 누계 집행률은 줄어들 수 없습니다",
                "a cumulative monthly curve cannot decrease",
            ));
        }
        if months.iter().any(|m| *m > 1000) {
            return Err(Text::new(
                "집행률은 100%(1000)를 넘을 수 없습니다",
                "a rate cannot exceed 100.0% (1000)",
            ));
        }
        Ok(MonthlyCurve(months))
    }
}

/// The expected cumulative disbursement curve over a fiscal year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(tag = "kind", content = "months", rename_all = "snake_case")]
pub enum ExpectedCurve {
    /// The share of the year elapsed.
    #[default]
    StraightLine,
    /// The prior year's monthly curve.
    PriorYear(MonthlyCurve),
}

fn days_in_month(d: NaiveDate) -> u32 {
    let (y, m) = (d.year(), d.month());
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(30, |l| l.day())
}

impl ExpectedCurve {
    /// The expected cumulative rate on `date`, as a fraction of a budget
    /// (`Rate` of 1,000,000 out of …); returned as parts per million so that
    /// it composes with integer won.
    pub fn expected_ppm(&self, fiscal_year: i32, date: NaiveDate) -> i64 {
        let start = NaiveDate::from_ymd_opt(fiscal_year, 1, 1).unwrap_or(date);
        let end = NaiveDate::from_ymd_opt(fiscal_year, 12, 31).unwrap_or(date);
        if date < start {
            return 0;
        }
        if date >= end {
            return 1_000_000;
        }
        match self {
            ExpectedCurve::StraightLine => {
                let elapsed = (date - start).num_days() + 1;
                let total = (end - start).num_days() + 1;
                elapsed * 1_000_000 / total
            }
            ExpectedCurve::PriorYear(MonthlyCurve(m)) => {
                let i = date.month0() as usize;
                let before = if i == 0 { 0 } else { i64::from(m[i - 1]) };
                let at_end = i64::from(m[i]);
                let frac_num = i64::from(date.day());
                let frac_den = i64::from(days_in_month(date));
                (before * 1000) + (at_end - before) * 1000 * frac_num / frac_den
            }
        }
    }

    /// The expected rate on `date` as a [`Rate`] (for display).
    pub fn expected_rate(&self, fiscal_year: i32, date: NaiveDate) -> Option<Rate> {
        Rate::of(
            Won::new(self.expected_ppm(fiscal_year, date)),
            Won::new(1_000_000),
        )
    }
}

/// A line whose disbursement trails the expected curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Lagging {
    /// The line.
    pub line: LineCode,
    /// Its figures.
    pub execution: LineExecution,
    /// How far behind, in tenths of a percentage point.
    pub gap_tenths: i64,
}

/// The lines of `candidates` whose disbursement rate trails `expected_ppm`
/// by more than `margin_tenths` percentage-point tenths, worst first. Lines
/// with no budget are never lagging.
pub fn lagging(
    status: &ExecutionStatus,
    candidates: &[LineCode],
    expected_ppm: i64,
    margin_tenths: i64,
) -> Vec<Lagging> {
    let mut out: Vec<Lagging> = candidates
        .iter()
        .filter_map(|code| {
            let x = status.line(code);
            let rate_tenths = x.disburse_rate()?.tenths();
            let gap = expected_ppm / 1000 - rate_tenths;
            (gap > margin_tenths).then(|| Lagging {
                line: code.clone(),
                execution: x,
                gap_tenths: gap,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.gap_tenths
            .cmp(&a.gap_tenths)
            .then_with(|| a.line.cmp(&b.line))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2023, m, day).unwrap()
    }

    #[test]
    fn straight_line() {
        let c = ExpectedCurve::StraightLine;
        assert_eq!(c.expected_ppm(2023, d(12, 31)), 1_000_000);
        // 2023-10-18 is day 291 of 365: 79.7%.
        assert_eq!(c.expected_rate(2023, d(10, 18)).unwrap().percent(), "79.7%");
        assert_eq!(
            c.expected_ppm(2023, NaiveDate::from_ymd_opt(2022, 12, 31).unwrap()),
            0
        );
    }

    #[test]
    fn prior_year_curve_interpolates_within_the_month() {
        let mut m = [0u16; 12];
        for (i, v) in m.iter_mut().enumerate() {
            *v = u16::try_from((i + 1) * 50).unwrap();
        }
        m[11] = 1000;
        let c = ExpectedCurve::PriorYear(MonthlyCurve::new(m).unwrap());
        assert_eq!(c.expected_ppm(2023, d(1, 31)), 50_000);
        // Half-way through April between 15.0% and 20.0%.
        assert_eq!(c.expected_ppm(2023, d(4, 15)), 175_000);
        assert!(MonthlyCurve::new([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]).is_err());
    }
}
