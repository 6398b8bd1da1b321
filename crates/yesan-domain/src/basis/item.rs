//! One 산출기초 item: a unit price in 원 multiplied by one or more factors
//! with their units (`50,000원 × 20명 × 10회`, `48,000원 × 42개 × 95%`),
//! with a description and an optional group heading (인건비성 경비, 운영비).
//!
//! The product is exact: a percentage is the fraction it names (95% is
//! 95/100), decimals are kept as written (1.5개월), nothing passes through
//! a float. **A product with a fraction of a won** (10,001원 × 33% =
//! 3,300.33원) counts as its whole won, the fraction dropped (원 미만
//! 절사), because budget figures are whole won; the item says so
//! ([`ItemAmount::has_fraction`]) so the document can show the exact
//! product beside the amount used.

use super::error::BasisError;
use crate::decimal::Decimal;
use crate::money::Won;
use serde::Serialize;
use std::fmt;

/// The most factors an item may have (real 산출기초 use two to four).
pub const MAX_FACTORS: usize = 8;
/// The most characters in an item's description.
pub const MAX_DESCRIPTION: usize = 200;
/// The most characters in a group heading.
pub const MAX_GROUP: usize = 100;
/// The most characters in a unit (`개월`, `회선`, `km`).
pub const MAX_UNIT: usize = 8;

/// The unit a factor counts in.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", content = "unit", rename_all = "snake_case")]
pub enum FactorUnit {
    /// A percentage: the factor is `value / 100`.
    Percent,
    /// A counting word: 명, 회, 개월, 식, 개 …
    Unit(String),
    /// A bare number.
    Bare,
}

impl FactorUnit {
    /// The unit as written: `%`, `명`, or nothing. A word that cannot be a
    /// unit (empty, a digit first, spaces, operators, too long) is refused
    /// with `position`, the term's place in its formula.
    pub fn parse(unit: &str, position: usize) -> Result<FactorUnit, BasisError> {
        let u = unit.trim();
        if u.is_empty() {
            return Ok(FactorUnit::Bare);
        }
        if u == "%" || u == "％" {
            return Ok(FactorUnit::Percent);
        }
        let bad = u.chars().count() > MAX_UNIT
            || u.starts_with(|c: char| c.is_ascii_digit())
            || u.chars().any(|c| {
                c.is_whitespace()
                    || c.is_control()
                    || matches!(
                        c,
                        '*' | '×' | '✕' | '⨯' | '=' | '(' | ')' | ',' | '%' | '％'
                    )
            });
        if bad {
            return Err(BasisError::BadUnit {
                position,
                unit: crate::text::quoted(u),
            });
        }
        Ok(FactorUnit::Unit(u.to_owned()))
    }

    fn suffix(&self) -> &str {
        match self {
            FactorUnit::Percent => "%",
            FactorUnit::Unit(u) => u,
            FactorUnit::Bare => "",
        }
    }
}

/// One factor of an item: a non-negative number with its unit.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Factor {
    value: Decimal,
    unit: FactorUnit,
}

impl Factor {
    /// A factor; `position` (the term's place in its formula, 1 being the
    /// unit price) is named when it is refused for being below zero.
    pub fn new(value: Decimal, unit: FactorUnit, position: usize) -> Result<Factor, BasisError> {
        if value.is_negative() {
            return Err(BasisError::NegativeFactor {
                position,
                part: format!("{value}{}", unit.suffix()),
            });
        }
        Ok(Factor { value, unit })
    }

    /// The number as written (95 for 95%).
    pub fn value(&self) -> Decimal {
        self.value
    }

    /// The unit.
    pub fn unit(&self) -> &FactorUnit {
        &self.unit
    }

    /// The factor as an exact fraction `(numerator, power of ten)`: 95% is
    /// `(95, 2)`, 1.5 is `(15, 1)`.
    fn exact(&self) -> (i128, u32) {
        let extra = if self.unit == FactorUnit::Percent {
            2
        } else {
            0
        };
        (
            i128::from(self.value.units()),
            u32::from(self.value.scale()) + extra,
        )
    }
}

impl fmt::Display for Factor {
    /// `42개`, `95%`, `1.5개월`, `3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value, self.unit.suffix())
    }
}

/// One 산출기초 item.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct BasisItem {
    group: Option<String>,
    description: String,
    unit_price: Won,
    factors: Vec<Factor>,
}

/// An item's product: exact, and in whole won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ItemAmount {
    /// The product in whole won, any fraction of a won dropped.
    pub won: Won,
    /// The exact product times `10^scale`.
    #[serde(skip)]
    numerator: i128,
    #[serde(skip)]
    scale: u32,
}

impl ItemAmount {
    /// Whether the exact product had a fraction of a won (dropped in
    /// [`ItemAmount::won`]).
    pub fn has_fraction(&self) -> bool {
        self.scale > 0
    }

    /// The exact product as shown: `3,300.33원`, `1,915,200원`.
    pub fn exact_text(&self) -> String {
        let div = 10_i128.pow(self.scale);
        let whole = crate::format::amount(self.won.get());
        if self.scale == 0 {
            format!("{whole}원")
        } else {
            let frac = (self.numerator % div).unsigned_abs();
            format!("{whole}.{frac:0w$}원", w = self.scale as usize)
        }
    }
}

fn checked_text(text: &str, field: &'static str, max: usize) -> Result<String, BasisError> {
    let t = text.trim();
    if t.chars().count() > max {
        return Err(BasisError::TextTooLong { field, max });
    }
    if t.chars().any(char::is_control) {
        return Err(BasisError::ControlCharacter {
            text: crate::text::quoted(t),
        });
    }
    Ok(t.to_owned())
}

impl BasisItem {
    /// An item. The description may be empty (a line whose only item is
    /// its formula); the price is zero or more; there is at least one and
    /// at most [`MAX_FACTORS`] factors; the product must fit in won.
    pub fn new(
        group: Option<&str>,
        description: &str,
        unit_price: Won,
        factors: Vec<Factor>,
    ) -> Result<BasisItem, BasisError> {
        let description = checked_text(description, "설명", MAX_DESCRIPTION)?;
        let group = match group.map(str::trim).filter(|g| !g.is_empty()) {
            Some(g) => Some(checked_text(g, "묶음", MAX_GROUP)?),
            None => None,
        };
        if unit_price.is_negative() {
            return Err(BasisError::NegativePrice { price: unit_price });
        }
        if factors.is_empty() {
            return Err(BasisError::NoFactor {
                text: crate::text::quoted(&format!("{description} {unit_price}")),
            });
        }
        if factors.len() > MAX_FACTORS {
            return Err(BasisError::TooManyFactors {
                count: factors.len(),
                max: MAX_FACTORS,
            });
        }
        let item = BasisItem {
            group,
            description,
            unit_price,
            factors,
        };
        item.amount()?;
        Ok(item)
    }

    /// The group heading the item sits under, if any.
    pub fn group(&self) -> Option<&str> {
        self.group.as_deref()
    }

    /// What the item is for (강사료, 기록관 환경정비).
    pub fn description(&self) -> &str {
        &self.description
    }

    /// The unit price (단가).
    pub fn unit_price(&self) -> Won {
        self.unit_price
    }

    /// The factors, in order.
    pub fn factors(&self) -> &[Factor] {
        &self.factors
    }

    /// The same item with another description (the importer names an item
    /// after its line when its text gave none).
    pub fn described(mut self, description: &str) -> Result<BasisItem, BasisError> {
        self.description = checked_text(description, "설명", MAX_DESCRIPTION)?;
        Ok(self)
    }

    /// The product, exact and in whole won.
    pub fn amount(&self) -> Result<ItemAmount, BasisError> {
        // Fractions are powers of ten; beyond 10^30 an i128 has no room.
        const MAX_SCALE: u32 = 30;
        let too_large = || BasisError::TooLarge {
            item: crate::text::quoted(&self.formula()),
        };
        let mut num = i128::from(self.unit_price.get());
        let mut scale = 0_u32;
        for f in &self.factors {
            let (n, s) = f.exact();
            num = num.checked_mul(n).ok_or_else(too_large)?;
            scale += s;
            while scale > 0 && num % 10 == 0 {
                num /= 10;
                scale -= 1;
            }
            if scale > MAX_SCALE {
                return Err(too_large());
            }
        }
        let whole = i64::try_from(num / 10_i128.pow(scale)).map_err(|_| too_large())?;
        Ok(ItemAmount {
            won: Won::new(whole),
            numerator: num,
            scale,
        })
    }

    /// The formula as a 예산서 writes it: `50,000원 × 20명 × 10회`.
    pub fn formula(&self) -> String {
        let mut s = format!("{}원", crate::format::amount(self.unit_price.get()));
        for f in &self.factors {
            s.push_str(" × ");
            s.push_str(&f.to_string());
        }
        s
    }
}

impl fmt::Display for BasisItem {
    /// `강사료 50,000원 × 20명 × 10회`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.description.is_empty() {
            f.write_str(&self.formula())
        } else {
            write!(f, "{} {}", self.description, self.formula())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(v: &str, unit: &str) -> Factor {
        Factor::new(
            Decimal::parse(v).unwrap(),
            FactorUnit::parse(unit, 2).unwrap(),
            2,
        )
        .unwrap()
    }

    fn item(price: i64, factors: &[(&str, &str)]) -> Result<BasisItem, BasisError> {
        BasisItem::new(
            None,
            "항목",
            Won::new(price),
            factors.iter().map(|(v, u)| factor(v, u)).collect(),
        )
    }

    #[test]
    fn product_of_price_and_factors() {
        let i = item(50_000, &[("20", "명"), ("10", "회")]).unwrap();
        let a = i.amount().unwrap();
        assert_eq!(a.won, Won::new(10_000_000));
        assert!(!a.has_fraction());
        assert_eq!(i.formula(), "50,000원 × 20명 × 10회");
        assert_eq!(i.to_string(), "항목 50,000원 × 20명 × 10회");
    }

    #[test]
    fn percentages_are_exact_fractions() {
        // 48,000 × 42 × 95% = 1,915,200 exactly.
        let a = item(48_000, &[("42", "개"), ("95", "%")])
            .unwrap()
            .amount()
            .unwrap();
        assert_eq!(a.won, Won::new(1_915_200));
        assert!(!a.has_fraction());
        // 11.75% of 1,000,000 = 117,500.
        let a = item(1_000_000, &[("11.75", "%")])
            .unwrap()
            .amount()
            .unwrap();
        assert_eq!(a.won, Won::new(117_500));
    }

    #[test]
    fn a_fraction_of_a_won_is_dropped_and_shown() {
        // 10,001 × 33% = 3,300.33 → 3,300원.
        let a = item(10_001, &[("33", "%")]).unwrap().amount().unwrap();
        assert_eq!(a.won, Won::new(3_300));
        assert!(a.has_fraction());
        assert_eq!(a.exact_text(), "3,300.33원");
        // 1.5개월 × 333원 = 499.5 → 499원.
        let a = item(333, &[("1.5", "개월")]).unwrap().amount().unwrap();
        assert_eq!(a.won, Won::new(499));
        assert_eq!(a.exact_text(), "499.5원");
    }

    #[test]
    fn refuses_what_cannot_be_an_item() {
        assert!(matches!(item(1_000, &[]), Err(BasisError::NoFactor { .. })));
        assert!(matches!(
            item(-1, &[("1", "식")]),
            Err(BasisError::NegativePrice { .. })
        ));
        let many: Vec<(&str, &str)> = vec![("2", "회"); 9];
        assert_eq!(
            item(1, &many),
            Err(BasisError::TooManyFactors { count: 9, max: 8 })
        );
        assert!(matches!(
            item(i64::MAX / 2, &[("1000", "개")]),
            Err(BasisError::TooLarge { .. })
        ));
        assert!(matches!(
            Factor::new(Decimal::from_int(-2), FactorUnit::Bare, 3),
            Err(BasisError::NegativeFactor { position: 3, .. })
        ));
        assert!(matches!(
            BasisItem::new(
                None,
                &"가".repeat(201),
                Won::new(1),
                vec![factor("1", "식")]
            ),
            Err(BasisError::TextTooLong {
                field: "설명",
                max: 200
            })
        ));
    }

    #[test]
    fn units_are_short_words() {
        assert_eq!(FactorUnit::parse("%", 2), Ok(FactorUnit::Percent));
        assert_eq!(FactorUnit::parse("", 2), Ok(FactorUnit::Bare));
        assert_eq!(
            FactorUnit::parse("개월", 2),
            Ok(FactorUnit::Unit("개월".to_owned()))
        );
        for bad in ["3명", "명 회", "아주아주아주긴단위", "a=b"] {
            assert!(
                matches!(
                    FactorUnit::parse(bad, 4),
                    Err(BasisError::BadUnit { position: 4, .. })
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn group_headings_are_kept_trimmed() {
        let i = BasisItem::new(
            Some(" 운영비 "),
            "다과",
            Won::new(5_000),
            vec![factor("10", "회")],
        )
        .unwrap();
        assert_eq!(i.group(), Some("운영비"));
        let i = BasisItem::new(
            Some("  "),
            "다과",
            Won::new(5_000),
            vec![factor("10", "회")],
        )
        .unwrap();
        assert_eq!(i.group(), None);
    }
}
