//! A line's amount from its 산출기초: the sum of its items' products,
//! rounded to 천원 by the institution's rule ([`Rounding`]: kept exact,
//! 절상, 절사 or 반올림), with the rounding difference kept beside it so the
//! document can show it. Items are also grouped under their headings with a
//! subtotal each, in the order the headings first appear.

use super::error::BasisError;
use super::item::{BasisItem, ItemAmount};
use crate::bilingual::Bilingual;
use crate::money::{MoneyUnit, Won};
use serde::Serialize;

/// How a line's 산출기초 total becomes its amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// The exact sum in won (원단위), as most 예산서 keep it.
    #[default]
    Exact,
    /// Up to the next 천원 (천원 미만 절상).
    Up,
    /// Down to the 천원 (천원 미만 절사).
    Down,
    /// To the nearest 천원, 500원 up (천원 미만 반올림).
    HalfUp,
}

impl Rounding {
    /// Every rule, in the order forms list them.
    pub const ALL: [Rounding; 4] = [
        Rounding::Exact,
        Rounding::Up,
        Rounding::Down,
        Rounding::HalfUp,
    ];

    /// Parses the file spelling (`exact`, `up`, `down`, `half_up`) or the
    /// Korean name (`원단위`, `절상`, `절사`, `반올림`).
    pub fn parse(text: &str) -> Result<Rounding, BasisError> {
        let t = text.trim();
        match t.to_ascii_lowercase().as_str() {
            "exact" | "none" | "원단위" | "원 단위" | "없음" => Ok(Rounding::Exact),
            "up" | "ceil" | "절상" | "올림" => Ok(Rounding::Up),
            "down" | "floor" | "truncate" | "절사" | "버림" => Ok(Rounding::Down),
            "half_up" | "half-up" | "round" | "반올림" => Ok(Rounding::HalfUp),
            _ => Err(BasisError::UnknownRounding {
                text: crate::text::quoted(t),
            }),
        }
    }

    /// The file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::Exact => "exact",
            Rounding::Up => "up",
            Rounding::Down => "down",
            Rounding::HalfUp => "half_up",
        }
    }

    /// `won` rounded by the rule. Amounts are zero or more; a negative one
    /// is rounded symmetrically (절상 away from zero), as a reader would.
    pub fn apply(self, won: Won) -> Won {
        let w = won.get();
        let (q, r) = (w / 1000, w % 1000);
        let away = q + w.signum();
        let rounded = match self {
            Rounding::Exact => return won,
            _ if r == 0 => q,
            Rounding::Up => away,
            Rounding::Down => q,
            Rounding::HalfUp if r.abs() >= 500 => away,
            Rounding::HalfUp => q,
        };
        Won::new(rounded * 1000)
    }
}

impl Bilingual for Rounding {
    fn ko(&self) -> String {
        match self {
            Rounding::Exact => "원 단위 그대로",
            Rounding::Up => "천원 미만 절상",
            Rounding::Down => "천원 미만 절사",
            Rounding::HalfUp => "천원 미만 반올림",
        }
        .to_owned()
    }

    fn en(&self) -> String {
        match self {
            Rounding::Exact => "exact, in won",
            Rounding::Up => "rounded up to thousands",
            Rounding::Down => "rounded down to thousands",
            Rounding::HalfUp => "rounded half up to thousands",
        }
        .to_owned()
    }
}

/// A line's total by its 산출기초.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BasisTotal {
    /// Each item's product, in the items' order.
    pub items: Vec<ItemAmount>,
    /// The sum of the items' products in whole won.
    pub exact: Won,
    /// The line's amount: `exact` after the rounding rule.
    pub amount: Won,
    /// The rule applied.
    pub rounding: Rounding,
}

impl BasisTotal {
    /// The rounding difference, `amount − exact` (0 when kept exact).
    pub fn difference(&self) -> Won {
        self.amount - self.exact
    }

    /// Whether any item's product had a fraction of a won (dropped).
    pub fn fractions_dropped(&self) -> bool {
        self.items.iter().any(ItemAmount::has_fraction)
    }

    /// Checks an amount stated for the line (예산액 in a file, in `unit`)
    /// against this total. In 원 it must equal [`BasisTotal::amount`]. In
    /// 천원 it must equal the amount too, except that a total kept exact
    /// (원단위) cannot be written in 천원, so either 천원 next to it is
    /// taken (절사 or 절상).
    pub fn check_stated(&self, stated: Won, unit: MoneyUnit) -> Result<(), BasisError> {
        let agrees = match (unit, self.rounding) {
            (MoneyUnit::Thousand, Rounding::Exact) => {
                stated == Rounding::Down.apply(self.exact)
                    || stated == Rounding::Up.apply(self.exact)
            }
            _ => stated == self.amount,
        };
        if agrees {
            Ok(())
        } else {
            Err(BasisError::Disagrees {
                stated,
                computed: self.amount,
            })
        }
    }
}

/// The total of `items` under `rounding`. An empty list totals zero (a
/// line without items keeps its typed amount; the caller decides).
pub fn total(items: &[BasisItem], rounding: Rounding) -> Result<BasisTotal, BasisError> {
    let amounts = items
        .iter()
        .map(BasisItem::amount)
        .collect::<Result<Vec<_>, _>>()?;
    let exact = amounts
        .iter()
        .try_fold(Won::ZERO, |sum, a| sum.checked_add(a.won))
        .filter(|s| s.get().abs() <= i64::MAX - 1000)
        .ok_or_else(|| BasisError::TooLarge {
            item: "합계 / total".to_owned(),
        })?;
    Ok(BasisTotal {
        items: amounts,
        exact,
        amount: rounding.apply(exact),
        rounding,
    })
}

/// Items under one heading, with their subtotal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group<'a> {
    /// The heading; `None` for items without one.
    pub heading: Option<&'a str>,
    /// Positions of the items in the line's list, in order.
    pub items: Vec<usize>,
    /// The sum of their products in whole won (unrounded).
    pub subtotal: Won,
}

/// The items grouped under their headings, in the order each heading first
/// appears; the products come from `total` (same items, same order).
pub fn groups<'a>(items: &'a [BasisItem], total: &BasisTotal) -> Vec<Group<'a>> {
    let mut out: Vec<Group<'a>> = Vec::new();
    for (i, (item, amount)) in items.iter().zip(&total.items).enumerate() {
        let heading = item.group();
        match out.iter_mut().find(|g| g.heading == heading) {
            Some(g) => {
                g.items.push(i);
                g.subtotal += amount.won;
            }
            None => out.push(Group {
                heading,
                items: vec![i],
                subtotal: amount.won,
            }),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basis::item::{Factor, FactorUnit};
    use crate::decimal::Decimal;
    use proptest::prelude::*;

    fn item(group: Option<&str>, price: i64, count: i64) -> BasisItem {
        BasisItem::new(
            group,
            "항목",
            Won::new(price),
            vec![Factor::new(Decimal::from_int(count), FactorUnit::Unit("개".into()), 2).unwrap()],
        )
        .unwrap()
    }

    fn w(v: i64) -> Won {
        Won::new(v)
    }

    #[test]
    fn each_rule_on_a_remainder() {
        let t = |r: Rounding| total(&[item(None, 1_234_567, 1)], r).unwrap();
        let exact = t(Rounding::Exact);
        assert_eq!((exact.amount, exact.difference()), (w(1_234_567), w(0)));
        let up = t(Rounding::Up);
        assert_eq!((up.amount, up.difference()), (w(1_235_000), w(433)));
        let down = t(Rounding::Down);
        assert_eq!((down.amount, down.difference()), (w(1_234_000), w(-567)));
        let half = t(Rounding::HalfUp);
        assert_eq!((half.amount, half.difference()), (w(1_235_000), w(433)));
    }

    #[test]
    fn half_up_at_the_boundary() {
        assert_eq!(Rounding::HalfUp.apply(w(1_500)), w(2_000));
        assert_eq!(Rounding::HalfUp.apply(w(1_499)), w(1_000));
        assert_eq!(Rounding::Up.apply(w(1_001)), w(2_000));
        assert_eq!(Rounding::Up.apply(w(2_000)), w(2_000));
        assert_eq!(Rounding::Down.apply(w(1_999)), w(1_000));
        assert_eq!(Rounding::Exact.apply(w(1_999)), w(1_999));
        assert_eq!(Rounding::Up.apply(w(0)), w(0));
    }

    #[test]
    fn the_sum_is_rounded_not_each_item() {
        // 400 + 400 + 400 = 1,200 → 절상 2,000 (each item rounded up would be 3,000).
        let items = vec![item(None, 400, 1), item(None, 400, 1), item(None, 400, 1)];
        let t = total(&items, Rounding::Up).unwrap();
        assert_eq!(t.exact, w(1_200));
        assert_eq!(t.amount, w(2_000));
    }

    #[test]
    fn rules_parse_in_both_languages() {
        for r in Rounding::ALL {
            assert_eq!(Rounding::parse(r.as_str()), Ok(r));
        }
        assert_eq!(Rounding::parse("절상"), Ok(Rounding::Up));
        assert_eq!(Rounding::parse("절사"), Ok(Rounding::Down));
        assert_eq!(Rounding::parse("반올림"), Ok(Rounding::HalfUp));
        assert_eq!(Rounding::parse(" 원단위 "), Ok(Rounding::Exact));
        let e = Rounding::parse("사사오입").unwrap_err();
        assert!(e.ko().contains("절상"), "{}", e.ko());
        assert!(e.en().contains("half-up"), "{}", e.en());
        assert_eq!(Rounding::Up.ko(), "천원 미만 절상");
    }

    #[test]
    fn stated_amounts_checked_in_their_unit() {
        let items = [item(None, 1_915_200, 1)];
        let exact = total(&items, Rounding::Exact).unwrap();
        assert_eq!(exact.check_stated(w(1_915_200), MoneyUnit::Won), Ok(()));
        // In 천원 an exact total may be written either side.
        assert_eq!(
            exact.check_stated(w(1_915_000), MoneyUnit::Thousand),
            Ok(())
        );
        assert_eq!(
            exact.check_stated(w(1_916_000), MoneyUnit::Thousand),
            Ok(())
        );
        assert_eq!(
            exact.check_stated(w(1_917_000), MoneyUnit::Thousand),
            Err(BasisError::Disagrees {
                stated: w(1_917_000),
                computed: w(1_915_200)
            })
        );
        let up = total(&items, Rounding::Up).unwrap();
        assert_eq!(up.check_stated(w(1_916_000), MoneyUnit::Thousand), Ok(()));
        let e = up
            .check_stated(w(1_915_000), MoneyUnit::Thousand)
            .unwrap_err();
        assert_eq!(
            e.ko(),
            "산출기초 합계 1,916,000원이 예산액 1,915,000원과 다릅니다(차이 △1,000원)"
        );
    }

    #[test]
    fn groups_in_order_of_first_heading() {
        let items = vec![
            item(Some("운영비"), 1_000, 2),
            item(None, 500, 1),
            item(Some("인건비성 경비"), 3_000, 1),
            item(Some("운영비"), 100, 1),
        ];
        let t = total(&items, Rounding::Exact).unwrap();
        let g = groups(&items, &t);
        assert_eq!(g.len(), 3);
        assert_eq!(
            (g[0].heading, g[0].items.clone(), g[0].subtotal),
            (Some("운영비"), vec![0, 3], w(2_100))
        );
        assert_eq!((g[1].heading, g[1].subtotal), (None, w(500)));
        assert_eq!(
            (g[2].heading, g[2].subtotal),
            (Some("인건비성 경비"), w(3_000))
        );
        assert_eq!(g.iter().map(|g| g.subtotal).sum::<Won>(), t.exact);
    }

    #[test]
    fn empty_totals_zero() {
        let t = total(&[], Rounding::Up).unwrap();
        assert_eq!((t.exact, t.amount), (Won::ZERO, Won::ZERO));
    }

    fn rule() -> impl Strategy<Value = Rounding> {
        prop::sample::select(Rounding::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn sum_and_rounding_invariants(
            prices in prop::collection::vec((0i64..50_000_000, 0i64..1_000), 0..20),
            r in rule(),
        ) {
            let items: Vec<BasisItem> = prices.iter().map(|&(p, n)| item(None, p, n)).collect();
            let t = total(&items, r).unwrap();
            // The exact total is the sum of the products.
            let by_hand: i64 = prices.iter().map(|&(p, n)| p * n).sum();
            prop_assert_eq!(t.exact, w(by_hand));
            // The amount is the exact total moved by less than 1,000원, in 천원 unless kept exact.
            let d = t.difference().get();
            prop_assert!(d.abs() < 1_000);
            match r {
                Rounding::Exact => prop_assert_eq!(d, 0),
                Rounding::Up => prop_assert!(d >= 0 && t.amount.get() % 1_000 == 0),
                Rounding::Down => prop_assert!(d <= 0 && t.amount.get() % 1_000 == 0),
                Rounding::HalfUp => prop_assert!(d.abs() <= 500 && t.amount.get() % 1_000 == 0),
            }
            // The groups' subtotals add up to the exact total.
            let sub: Won = groups(&items, &t).iter().map(|g| g.subtotal).sum();
            prop_assert_eq!(sub, t.exact);
            // Rounding the total is the same whatever the items' order.
            let mut rev = items.clone();
            rev.reverse();
            prop_assert_eq!(total(&rev, r).unwrap().amount, t.amount);
            // The total always agrees with itself as stated in 원.
            prop_assert_eq!(t.check_stated(t.amount, MoneyUnit::Won), Ok(()));
        }

        #[test]
        fn rounding_is_idempotent(v in 0i64..1_000_000_000_000, r in rule()) {
            let once = r.apply(w(v));
            prop_assert_eq!(r.apply(once), once);
            prop_assert!(Rounding::Down.apply(w(v)) <= w(v) && w(v) <= Rounding::Up.apply(w(v)));
        }
    }
}
