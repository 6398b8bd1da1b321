//! Rates: execution rates (집행률) and change rates (증감률).
//!
//! A rate is kept as the exact fraction it was computed from and rounded only
//! when shown, to one decimal, half away from zero, in integer arithmetic, so
//! 61.85% shows as 61.9% on every platform. A change from a zero base has no
//! rate: it is 순증 (a new item), not the "0.0%" hand-made reports print.

use crate::money::Won;
use serde::{Serialize, Serializer};
use std::fmt;

/// `part / whole` as a percentage, kept exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    part: i128,
    whole: i128,
}

impl Rate {
    /// `part / whole`, or `None` when `whole` is zero (no base, no rate).
    pub fn of(part: Won, whole: Won) -> Option<Rate> {
        (!whole.is_zero()).then(|| Rate {
            part: i128::from(part.get()),
            whole: i128::from(whole.get()),
        })
    }

    /// `part / whole` of two exact numbers (an indicator's actual against
    /// its target), or `None` when `whole` is zero.
    pub fn ratio(part: i128, whole: i128) -> Option<Rate> {
        (whole != 0).then_some(Rate { part, whole })
    }

    /// 100%.
    pub const FULL: Rate = Rate { part: 1, whole: 1 };

    /// Whether the rate is above 100% (compared exactly, before rounding).
    pub fn above_full(self) -> bool {
        let (p, w) = if self.whole < 0 {
            (-self.part, -self.whole)
        } else {
            (self.part, self.whole)
        };
        p > w
    }

    /// The rate in tenths of a percent, rounded half away from zero:
    /// 61.826…% → 618.
    pub fn tenths(self) -> i64 {
        let (mut num, mut den) = (self.part * 1000, self.whole);
        if den < 0 {
            num = -num;
            den = -den;
        }
        let q = num / den;
        let r = num % den;
        let rounded = if r.abs() * 2 >= den {
            q + r.signum()
        } else {
            q
        };
        // A percentage of two i64 amounts, ×1000, fits i64 unless the base is
        // absurdly small against the part; saturate rather than wrap.
        i64::try_from(rounded).unwrap_or(if rounded < 0 { i64::MIN } else { i64::MAX })
    }

    /// The rate as a float, for charts only (never for figures shown as text).
    #[allow(clippy::cast_precision_loss)]
    pub fn as_f64(self) -> f64 {
        self.part as f64 * 100.0 / self.whole as f64
    }

    /// `61.8%`, `△1.2%`.
    pub fn percent(self) -> String {
        format!("{}%", self.number())
    }

    /// `61.8`, `△1.2`: the figure without the percent sign.
    pub fn number(self) -> String {
        let t = self.tenths();
        let sign = if t < 0 { "△" } else { "" };
        let a = t.unsigned_abs();
        format!("{sign}{}.{}", crate::format::group(a / 10), a % 10)
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.percent())
    }
}

impl Serialize for Rate {
    /// Serialised as the rounded figure (61.8), the value a reader sees.
    #[allow(clippy::cast_precision_loss)]
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(self.tenths() as f64 / 10.0)
    }
}

/// A change between the prior year and this year (증감).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Change {
    /// This year minus the prior year (증감액).
    pub amount: Won,
    /// The change rate (증감률); see [`ChangeRate`].
    pub rate: ChangeRate,
}

/// The rate of a change, including the cases where there is no rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum ChangeRate {
    /// A rate against a non-zero base.
    Rate(Rate),
    /// From zero to something: 순증 (new).
    New,
    /// Zero both years: no change to speak of.
    None,
}

impl Change {
    /// The change from `prior` to `current`.
    pub fn between(current: Won, prior: Won) -> Change {
        let amount = current - prior;
        let rate = match Rate::of(amount, prior) {
            Some(r) => ChangeRate::Rate(r),
            None if current.is_zero() => ChangeRate::None,
            None => ChangeRate::New,
        };
        Change { amount, rate }
    }
}

impl ChangeRate {
    /// As shown in a report cell: `7.3%`, `△1.2%`, `순증`, `-`.
    pub fn cell(self) -> String {
        match self {
            ChangeRate::Rate(r) => r.percent(),
            ChangeRate::New => "순증".to_owned(),
            ChangeRate::None => "-".to_owned(),
        }
    }
}

/// An execution rate cell: `61.8%`, or `-` when the budget is zero.
pub fn rate_cell(part: Won, whole: Won) -> String {
    Rate::of(part, whole).map_or_else(|| "-".to_owned(), Rate::percent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn k(v: i64) -> Won {
        Won::new(v * 1000)
    }

    #[test]
    fn seed_rates() {
        assert_eq!(
            Rate::of(k(6_009_773), k(9_720_439)).unwrap().percent(),
            "61.8%"
        );
        assert_eq!(Rate::of(k(427), k(215_000)).unwrap().percent(), "0.2%");
        assert_eq!(
            Change::between(k(9_720_439), k(9_840_213)).rate.cell(),
            "△1.2%"
        );
        assert_eq!(Change::between(k(0), k(238_215)).rate.cell(), "△100.0%");
        assert_eq!(
            Change::between(k(1_217_617), k(1_728_990)).rate.cell(),
            "△29.6%"
        );
    }

    #[test]
    fn half_rounds_away_from_zero() {
        // 0.05% exactly → 0.1%; -0.05% → △0.1%.
        assert_eq!(
            Rate::of(Won::new(5), Won::new(10_000)).unwrap().percent(),
            "0.1%"
        );
        assert_eq!(
            Rate::of(Won::new(-5), Won::new(10_000)).unwrap().percent(),
            "△0.1%"
        );
        assert_eq!(
            Rate::of(Won::new(4), Won::new(10_000)).unwrap().percent(),
            "0.0%"
        );
        assert_eq!(
            Rate::of(Won::new(1), Won::new(8)).unwrap().percent(),
            "12.5%"
        );
        assert_eq!(
            Rate::of(Won::new(1), Won::new(3)).unwrap().percent(),
            "33.3%"
        );
        assert_eq!(
            Rate::of(Won::new(2), Won::new(3)).unwrap().percent(),
            "66.7%"
        );
    }

    #[test]
    fn zero_base_is_new_not_zero_percent() {
        assert_eq!(Change::between(k(35_000), k(0)).rate, ChangeRate::New);
        assert_eq!(Change::between(k(35_000), k(0)).rate.cell(), "순증");
        assert_eq!(Change::between(k(0), k(0)).rate.cell(), "-");
        assert_eq!(rate_cell(k(0), k(0)), "-");
        assert_eq!(rate_cell(k(0), k(784_058)), "0.0%");
    }

    #[test]
    fn large_rates_group_digits() {
        assert_eq!(
            Rate::of(Won::new(123_456), Won::new(10)).unwrap().percent(),
            "1,234,560.0%"
        );
    }

    proptest! {
        #[test]
        fn tenths_within_half_a_tenth(part in -1_000_000_000_000i64..1_000_000_000_000, whole in 1i64..1_000_000_000_000) {
            let t = Rate::of(Won::new(part), Won::new(whole)).unwrap().tenths();
            // |t/1000 - part/whole| <= 1/2000  ⇔  |t*whole - part*1000| * 2 <= whole
            let err = (i128::from(t) * i128::from(whole) - i128::from(part) * 1000).abs() * 2;
            prop_assert!(err <= i128::from(whole));
        }

        #[test]
        fn sign_symmetry(part in 0i64..1_000_000_000, whole in 1i64..1_000_000_000) {
            let p = Rate::of(Won::new(part), Won::new(whole)).unwrap().tenths();
            let n = Rate::of(Won::new(-part), Won::new(whole)).unwrap().tenths();
            prop_assert_eq!(p, -n);
        }
    }
}
