//! The institution's expected execution curve (기대 집행 곡선).
//!
//! How much of its budget a line "should" have paid by a date, when no
//! monthly spending plan says (`plan.rs`), is straight-line over the
//! fiscal year (the share of the year elapsed) by default. When the prior
//! year's monthly curve is known — computed from the previous recorded
//! year's payments ([`MonthlyCurve::from_payments`]), or stated in the
//! dataset — that curve is used instead, interpolated within the month,
//! since public spending is seasonal (slow in spring, heavy in December).
//! Whether a line lags is `lagging.rs`'s rule.

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

    /// The curve of a year whose expenditure budget was `final_budget`
    /// (예산현액 on December 31st) and which paid `paid_by_month` (net,
    /// month by month): the cumulative payment rate at each month end.
    /// `None` when nothing was paid or there was no budget: a year without
    /// recorded payments has no curve to learn from. Net cancellations
    /// never make the curve fall (a month keeps the rate reached before),
    /// and it never passes 100%.
    pub fn from_payments(final_budget: Won, paid_by_month: [Won; 12]) -> Option<MonthlyCurve> {
        if final_budget.get() <= 0 || paid_by_month.iter().all(|w| w.is_zero()) {
            return None;
        }
        let mut months = [0u16; 12];
        let mut paid = Won::ZERO;
        let mut reached = 0u16;
        for (i, w) in paid_by_month.iter().enumerate() {
            paid += *w;
            let tenths = Rate::of(paid, final_budget).map_or(0, Rate::tenths);
            let t = u16::try_from(tenths.clamp(0, 1000)).unwrap_or(0);
            reached = reached.max(t);
            months[i] = reached;
        }
        Some(MonthlyCurve(months))
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

pub(crate) fn days_in_month(d: NaiveDate) -> u32 {
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

    #[test]
    fn a_recorded_year_gives_its_cumulative_curve() {
        let w = Won::new;
        let mut paid = [Won::ZERO; 12];
        paid[2] = w(100);
        paid[5] = w(300);
        paid[6] = w(-50); // a cancellation: the curve keeps 40.0%
        paid[11] = w(400);
        let c = MonthlyCurve::from_payments(w(1000), paid).unwrap();
        assert_eq!(
            c.0,
            [0, 0, 100, 100, 100, 400, 400, 400, 400, 400, 400, 750]
        );
        assert!(MonthlyCurve::new(c.0).is_ok());
        assert_eq!(MonthlyCurve::from_payments(w(1000), [Won::ZERO; 12]), None);
        assert_eq!(MonthlyCurve::from_payments(Won::ZERO, paid), None);
        // Overspent (a budget cut after the payments): capped at 100%.
        paid[0] = w(5000);
        assert_eq!(
            MonthlyCurve::from_payments(w(1000), paid).unwrap().0[0],
            1000
        );
    }
}
