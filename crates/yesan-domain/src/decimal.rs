//! Decimal numbers as people write them in 산출기초 and indicator targets:
//! `42`, `1.5`, `11.75`, `1,234`. A [`Decimal`] is an exact `units /
//! 10^scale` (never a float), kept in its shortest form so that equal
//! values compare equal (`1.50` is `1.5`). Quantities, ratios and indicator
//! values use it; money stays [`crate::Won`].

use crate::bilingual::Bilingual;
use serde::{Serialize, Serializer};
use std::cmp::Ordering;
use std::fmt;

/// An exact decimal number: `units / 10^scale`, at most [`Decimal::MAX_SCALE`]
/// digits after the point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Decimal {
    units: i64,
    scale: u8,
}

/// Why text is not a [`Decimal`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecimalError {
    /// Nothing written.
    #[error("{}", self.ko())]
    Empty,
    /// Not a number at all.
    #[error("{}", self.ko())]
    NotANumber {
        /// The text as written (cut short).
        text: String,
    },
    /// More digits after the point than kept.
    #[error("{}", self.ko())]
    TooPrecise {
        /// The text as written (cut short).
        text: String,
        /// The most digits after the point.
        max: u8,
    },
    /// Thousands separators in the wrong places (`48,00`).
    #[error("{}", self.ko())]
    Grouping {
        /// The text as written (cut short).
        text: String,
    },
    /// Too large to keep exactly.
    #[error("{}", self.ko())]
    TooLarge {
        /// The text as written (cut short).
        text: String,
    },
}

impl Bilingual for DecimalError {
    fn ko(&self) -> String {
        match self {
            Self::Empty => "숫자가 비어 있습니다".to_owned(),
            Self::NotANumber { text } => format!("'{text}'은(는) 숫자가 아닙니다"),
            Self::TooPrecise { text, max } => {
                format!("'{text}': 소수점 아래는 {max}자리까지 씁니다")
            }
            Self::Grouping { text } => {
                format!("'{text}': 천 단위 쉼표의 자리가 맞지 않습니다(예: 48,000)")
            }
            Self::TooLarge { text } => format!("'{text}': 숫자가 너무 큽니다"),
        }
    }

    fn en(&self) -> String {
        match self {
            Self::Empty => "the number is empty".to_owned(),
            Self::NotANumber { text } => format!("'{text}' is not a number"),
            Self::TooPrecise { text, max } => {
                format!("'{text}': at most {max} digits after the decimal point")
            }
            Self::Grouping { text } => {
                format!("'{text}': thousands separators are misplaced (e.g. 48,000)")
            }
            Self::TooLarge { text } => format!("'{text}': the number is too large"),
        }
    }
}

impl Decimal {
    /// The most digits kept after the decimal point.
    pub const MAX_SCALE: u8 = 6;
    /// Zero.
    pub const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    /// `units / 10^scale`, in its shortest form; `None` when `scale` is
    /// past [`Decimal::MAX_SCALE`].
    pub fn new(units: i64, scale: u8) -> Option<Decimal> {
        (scale <= Self::MAX_SCALE).then(|| Decimal { units, scale }.shortest())
    }

    /// A whole number.
    pub const fn from_int(v: i64) -> Decimal {
        Decimal { units: v, scale: 0 }
    }

    fn shortest(mut self) -> Decimal {
        while self.scale > 0 && self.units % 10 == 0 {
            self.units /= 10;
            self.scale -= 1;
        }
        if self.units == 0 {
            self.scale = 0;
        }
        self
    }

    /// Parses `42`, `1.5`, `1,234.5`, `-3`, `△3`. Thousands separators, when
    /// written, must group the whole part by three.
    pub fn parse(text: &str) -> Result<Decimal, DecimalError> {
        let t = text.trim();
        let quoted = || crate::text::quoted(t);
        if t.is_empty() {
            return Err(DecimalError::Empty);
        }
        let (negative, body) = match t.strip_prefix(['-', '△']) {
            Some(rest) => (true, rest.trim_start()),
            None => (false, t),
        };
        let (whole, frac) = match body.split_once('.') {
            Some((w, f)) => (w, f),
            None => (body, ""),
        };
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() && frac.is_empty()
            || !digits_only(&whole.replace(',', ""))
            || !digits_only(frac)
            || (body.contains('.') && frac.is_empty())
        {
            return Err(DecimalError::NotANumber { text: quoted() });
        }
        if whole.contains(',') {
            let mut groups = whole.split(',');
            let first = groups.next().unwrap_or_default();
            if first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3) {
                return Err(DecimalError::Grouping { text: quoted() });
            }
        }
        let frac = frac.trim_end_matches('0');
        let scale = u8::try_from(frac.len())
            .ok()
            .filter(|&s| s <= Self::MAX_SCALE)
            .ok_or_else(|| DecimalError::TooPrecise {
                text: quoted(),
                max: Self::MAX_SCALE,
            })?;
        let all: String = whole
            .chars()
            .filter(|c| *c != ',')
            .chain(frac.chars())
            .collect();
        let magnitude: i64 = if all.is_empty() {
            0
        } else {
            all.parse()
                .map_err(|_| DecimalError::TooLarge { text: quoted() })?
        };
        let units = if negative { -magnitude } else { magnitude };
        Ok(Decimal { units, scale }.shortest())
    }

    /// The value times `10^scale`.
    pub const fn units(self) -> i64 {
        self.units
    }

    /// Digits after the decimal point.
    pub const fn scale(self) -> u8 {
        self.scale
    }

    /// Whether the value is zero.
    pub const fn is_zero(self) -> bool {
        self.units == 0
    }

    /// Whether the value is below zero.
    pub const fn is_negative(self) -> bool {
        self.units < 0
    }

    /// Whether the value has no fractional part.
    pub const fn is_whole(self) -> bool {
        self.scale == 0
    }

    /// The value as the fraction `(numerator, denominator)`, the
    /// denominator a power of ten.
    pub fn fraction(self) -> (i128, i128) {
        (i128::from(self.units), 10_i128.pow(u32::from(self.scale)))
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let (a, da) = self.fraction();
        let (b, db) = other.fraction();
        (a * db).cmp(&(b * da))
    }
}

impl fmt::Display for Decimal {
    /// `1,234.5`, `△3`: thousands separators and the Korean negative sign,
    /// as report figures are written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.units < 0 { "△" } else { "" };
        let abs = self.units.unsigned_abs();
        let div = 10_u64.pow(u32::from(self.scale));
        let whole = crate::format::group(abs / div);
        if self.scale == 0 {
            write!(f, "{sign}{whole}")
        } else {
            let frac = abs % div;
            write!(
                f,
                "{sign}{whole}.{frac:0width$}",
                width = usize::from(self.scale)
            )
        }
    }
}

impl Serialize for Decimal {
    /// As the text a reader sees without separators (`1234.5`), so that no
    /// float ever carries the value.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.to_string().replace(',', "").replace('△', "-"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn parses_what_people_write() {
        assert_eq!(d("42"), Decimal::from_int(42));
        assert_eq!(d("1.5"), Decimal::new(15, 1).unwrap());
        assert_eq!(d("1.50"), d("1.5"));
        assert_eq!(d("1,234.5").units(), 12_345);
        assert_eq!(d("11.75").to_string(), "11.75");
        assert_eq!(d("△3"), Decimal::from_int(-3));
        assert_eq!(d("-3"), Decimal::from_int(-3));
        assert_eq!(d(".5"), Decimal::new(5, 1).unwrap());
        assert_eq!(d("0.000"), Decimal::ZERO);
    }

    #[test]
    fn refuses_what_is_not_a_number() {
        assert_eq!(Decimal::parse(" "), Err(DecimalError::Empty));
        for bad in ["abc", "1.2.3", "1.", "--1", "1e5", "12개"] {
            assert!(
                matches!(Decimal::parse(bad), Err(DecimalError::NotANumber { .. })),
                "{bad}"
            );
        }
        assert!(matches!(
            Decimal::parse("48,00"),
            Err(DecimalError::Grouping { .. })
        ));
        assert!(matches!(
            Decimal::parse("1,2345"),
            Err(DecimalError::Grouping { .. })
        ));
        assert!(matches!(
            Decimal::parse("0.1234567"),
            Err(DecimalError::TooPrecise { max: 6, .. })
        ));
        assert!(matches!(
            Decimal::parse("99999999999999999999"),
            Err(DecimalError::TooLarge { .. })
        ));
    }

    #[test]
    fn messages_in_each_language() {
        let e = Decimal::parse("48,00").unwrap_err();
        assert!(e.ko().contains("쉼표"), "{}", e.ko());
        assert!(e.en().contains("separators"), "{}", e.en());
        assert_eq!(e.to_string(), e.ko());
    }

    #[test]
    fn orders_by_value() {
        assert!(d("1.5") < d("2"));
        assert!(d("△1") < d("0.1"));
        assert_eq!(d("2.0").cmp(&d("2")), Ordering::Equal);
    }

    #[test]
    fn shows_with_separators() {
        assert_eq!(d("1234567.25").to_string(), "1,234,567.25");
        assert_eq!(d("0.05").to_string(), "0.05");
        assert_eq!(d("-0.5").to_string(), "△0.5");
    }

    proptest! {
        #[test]
        fn display_parses_back(units in -1_000_000_000_000i64..1_000_000_000_000, scale in 0u8..=6) {
            let v = Decimal::new(units, scale).unwrap();
            prop_assert_eq!(Decimal::parse(&v.to_string()).unwrap(), v);
        }
    }
}
