//! Money. Every amount in Yesan is an integer number of Korean won held in
//! [`Won`]; there are no floating-point amounts anywhere. Reports show 천원
//! (thousands of won), so conversion to and from thousands lives here too.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// An amount of Korean won. Negative amounts are allowed (change amounts,
/// cancellations); arithmetic panics on overflow in debug builds just like
/// `i64`, and the checked constructors refuse values that could overflow a
/// realistic roll-up (±9.2 × 10^15 won leaves ample room for a city budget).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Won(i64);

/// Why an amount could not be made into [`Won`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The amount does not fit in 64-bit won after converting its unit.
    OutOfRange {
        /// The value as written.
        value: i64,
        /// The unit it was written in.
        unit: MoneyUnit,
    },
    /// An unknown unit name.
    UnknownUnit(String),
}

impl crate::message::Localized for MoneyError {
    fn say(&self, lang: crate::message::Lang) -> String {
        match self {
            MoneyError::OutOfRange { value, unit } => crate::ko_en!(
                lang,
                "금액이 너무 큽니다: {value} {unit}",
                "amount out of range: {value} {unit}"
            ),
            MoneyError::UnknownUnit(u) => crate::ko_en!(
                lang,
                "알 수 없는 금액 단위 '{u}'입니다. 원 또는 천원으로 쓰세요",
                "unknown money unit '{u}'; expected '원' or '천원'"
            ),
        }
    }
}

crate::bilingual_display!(MoneyError);

/// The unit amounts are written in, in a dataset or an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum MoneyUnit {
    /// Won.
    #[serde(rename = "원")]
    Won,
    /// Thousands of won, the unit of Korean public-finance reports.
    #[default]
    #[serde(rename = "천원")]
    Thousand,
}

impl MoneyUnit {
    /// Parses `원` / `천원` (and the English `won` / `thousand`).
    pub fn parse(s: &str) -> Result<Self, MoneyError> {
        match s.trim() {
            "원" | "won" | "KRW" => Ok(Self::Won),
            "천원" | "thousand" | "kKRW" => Ok(Self::Thousand),
            other => Err(MoneyError::UnknownUnit(other.to_owned())),
        }
    }

    /// How many won one of this unit is.
    pub fn factor(self) -> i64 {
        match self {
            Self::Won => 1,
            Self::Thousand => 1_000,
        }
    }

    /// The Korean name, as written in datasets and units lines.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Won => "원",
            Self::Thousand => "천원",
        }
    }
}

impl fmt::Display for MoneyUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Largest magnitude accepted from outside: keeps sums of millions of
/// entries far from `i64::MAX`.
const MAX_ABS_WON: i64 = 1_000_000_000_000_000; // 10^18 / 10^3 headroom

impl Won {
    /// Zero won.
    pub const ZERO: Won = Won(0);

    /// Wraps a number of won. Internal arithmetic uses this; values coming
    /// from users go through [`Won::from_unit`].
    pub const fn new(won: i64) -> Self {
        Won(won)
    }

    /// Converts a value written in `unit`, refusing values out of range.
    pub fn from_unit(value: i64, unit: MoneyUnit) -> Result<Self, MoneyError> {
        value
            .checked_mul(unit.factor())
            .filter(|w| w.abs() <= MAX_ABS_WON)
            .map(Won)
            .ok_or(MoneyError::OutOfRange { value, unit })
    }

    /// The amount in won.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// The amount in `unit`, rounded half away from zero (so 1,500원 is 2천원
    /// and △1,500원 is △2천원, as a reader would round by hand).
    pub fn in_unit(self, unit: MoneyUnit) -> i64 {
        let f = unit.factor();
        let q = self.0 / f;
        let r = self.0 % f;
        if r.abs() * 2 >= f { q + r.signum() } else { q }
    }

    /// The amount in 천원, rounded half away from zero.
    pub fn thousands(self) -> i64 {
        self.in_unit(MoneyUnit::Thousand)
    }

    /// Whether the amount is zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Checked addition, for sums over data that came from outside.
    pub fn checked_add(self, other: Won) -> Option<Won> {
        self.0.checked_add(other.0).map(Won)
    }
}

impl Add for Won {
    type Output = Won;
    fn add(self, rhs: Won) -> Won {
        Won(self.0 + rhs.0)
    }
}

impl AddAssign for Won {
    fn add_assign(&mut self, rhs: Won) {
        self.0 += rhs.0;
    }
}

impl Sub for Won {
    type Output = Won;
    fn sub(self, rhs: Won) -> Won {
        Won(self.0 - rhs.0)
    }
}

impl SubAssign for Won {
    fn sub_assign(&mut self, rhs: Won) {
        self.0 -= rhs.0;
    }
}

impl Neg for Won {
    type Output = Won;
    fn neg(self) -> Won {
        Won(-self.0)
    }
}

impl Sum for Won {
    fn sum<I: Iterator<Item = Won>>(iter: I) -> Won {
        iter.fold(Won::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Won> for Won {
    fn sum<I: Iterator<Item = &'a Won>>(iter: I) -> Won {
        iter.copied().sum()
    }
}

/// Won shown in 천원, as every report table writes money: rounded half
/// away from zero, thousands separators, `△` for negatives
/// (`-1_234_500` won → `△1,235`). The one formatter of report figures.
pub fn thousand_won(w: Won) -> String {
    crate::format::amount(w.thousands())
}

impl fmt::Display for Won {
    /// `1,234,000원`, `△1,000원`: the full amount in won with the Korean
    /// negative sign. Reports use [`crate::format`] for 천원 columns.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}원", crate::format::amount(self.0))
    }
}

/// An amount of won as a sentence in `lang` says it: `1,234원`,
/// `1,234 won` (negative amounts with the Korean △ in both).
pub fn won(amount: Won, lang: crate::message::Lang) -> String {
    let n = crate::format::amount(amount.get());
    match lang {
        crate::message::Lang::Ko => format!("{n}원"),
        crate::message::Lang::En => format!("{n} won"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn won_in_thousands() {
        assert_eq!(thousand_won(Won::new(1_234_567_890)), "1,234,568");
        assert_eq!(thousand_won(Won::new(-1_234_500)), "△1,235");
        assert_eq!(thousand_won(Won::new(499)), "0");
    }

    #[test]
    fn converts_thousands() {
        assert_eq!(
            Won::from_unit(8_089_247, MoneyUnit::Thousand),
            Ok(Won::new(8_089_247_000))
        );
        assert_eq!(Won::new(8_089_247_000).thousands(), 8_089_247);
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Won::new(1_499).thousands(), 1);
        assert_eq!(Won::new(1_500).thousands(), 2);
        assert_eq!(Won::new(-1_500).thousands(), -2);
        assert_eq!(Won::new(-1_499).thousands(), -1);
        assert_eq!(Won::new(499).thousands(), 0);
    }

    #[test]
    fn refuses_out_of_range() {
        assert!(matches!(
            Won::from_unit(i64::MAX / 10, MoneyUnit::Thousand),
            Err(MoneyError::OutOfRange { .. })
        ));
    }

    #[test]
    fn parses_units() {
        assert_eq!(MoneyUnit::parse("천원"), Ok(MoneyUnit::Thousand));
        assert_eq!(MoneyUnit::parse("원"), Ok(MoneyUnit::Won));
        assert!(MoneyUnit::parse("달러").is_err());
    }

    #[test]
    fn displays_won() {
        assert_eq!(Won::new(-1_234_000).to_string(), "△1,234,000원");
    }

    proptest! {
        #[test]
        fn unit_round_trip(v in -1_000_000_000_000i64..1_000_000_000_000) {
            let w = Won::from_unit(v, MoneyUnit::Thousand).unwrap();
            prop_assert_eq!(w.thousands(), v);
        }

        #[test]
        fn rounding_is_within_half_a_unit(w in -1_000_000_000_000i64..1_000_000_000_000) {
            let t = Won::new(w).thousands();
            prop_assert!((t * 1000 - w).abs() <= 500);
        }

        #[test]
        fn sum_is_order_independent(mut v in proptest::collection::vec(-1_000_000_000i64..1_000_000_000, 0..50)) {
            let a: Won = v.iter().map(|&x| Won::new(x)).sum();
            v.reverse();
            let b: Won = v.iter().map(|&x| Won::new(x)).sum();
            prop_assert_eq!(a, b);
        }
    }
}
