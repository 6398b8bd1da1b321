//! An institution's own rules for budget formulation and evaluation, the
//! choices the field leaves to each institution: how a 산출기초 total is
//! rounded to 천원, whether every expenditure line must carry a 편성목·통계목
//! code, and whether achievement rates are capped at 100%. Kept as
//! key–value pairs in files and the store ([`Policy::pairs`]), so a new
//! setting needs no new column.

use crate::basis::Rounding;
use crate::bilingual::Bilingual;
use crate::budget::{Budget, LineKind};
use crate::finding::{Finding, Locator};
use serde::Serialize;

/// The institution's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Policy {
    /// How a line's 산출기초 total becomes its amount.
    pub rounding: Rounding,
    /// Whether every expenditure leaf must carry a 편성목·통계목 code
    /// (`yesan check` lists the lines without one).
    pub require_economic: bool,
    /// Whether achievement rates above 100% show as 100%.
    pub cap_achievement: bool,
}

/// A setting that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.ko())]
pub enum PolicyError {
    /// A key Yesan does not know.
    UnknownKey {
        /// The key as written.
        key: String,
    },
    /// A value the key does not take.
    BadValue {
        /// The key.
        key: &'static str,
        /// The value as written.
        value: String,
    },
}

impl Bilingual for PolicyError {
    fn ko(&self) -> String {
        match self {
            Self::UnknownKey { key } => format!(
                "알 수 없는 설정 '{key}'. basis_rounding, require_economic, cap_achievement 중 하나를 쓰세요"
            ),
            Self::BadValue { key, value } => match *key {
                ROUNDING => format!(
                    "{key} = '{value}': exact(원단위), up(절상), down(절사), half_up(반올림) 중 하나를 쓰세요"
                ),
                _ => format!("{key} = '{value}': true 또는 false를 쓰세요"),
            },
        }
    }

    fn en(&self) -> String {
        match self {
            Self::UnknownKey { key } => format!(
                "unknown setting '{key}'; use basis_rounding, require_economic or cap_achievement"
            ),
            Self::BadValue { key, value } => match *key {
                ROUNDING => {
                    format!("{key} = '{value}': use exact, up, down or half_up")
                }
                _ => format!("{key} = '{value}': use true or false"),
            },
        }
    }
}

const ROUNDING: &str = "basis_rounding";
const REQUIRE_ECONOMIC: &str = "require_economic";
const CAP: &str = "cap_achievement";

impl Policy {
    /// The settings as `(key, value)` pairs, every key, in a fixed order.
    pub fn pairs(&self) -> [(&'static str, String); 3] {
        [
            (ROUNDING, self.rounding.as_str().to_owned()),
            (REQUIRE_ECONOMIC, self.require_economic.to_string()),
            (CAP, self.cap_achievement.to_string()),
        ]
    }

    /// Settings from `(key, value)` pairs; a key left out keeps its
    /// default.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Policy, PolicyError> {
        let mut p = Policy::default();
        for (key, value) in pairs {
            let flag = |key: &'static str| match value.trim() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(PolicyError::BadValue {
                    key,
                    value: crate::text::quoted(value),
                }),
            };
            match key.trim() {
                ROUNDING => {
                    p.rounding = Rounding::parse(value).map_err(|_| PolicyError::BadValue {
                        key: ROUNDING,
                        value: crate::text::quoted(value),
                    })?;
                }
                REQUIRE_ECONOMIC => p.require_economic = flag(REQUIRE_ECONOMIC)?,
                CAP => p.cap_achievement = flag(CAP)?,
                other => {
                    return Err(PolicyError::UnknownKey {
                        key: crate::text::quoted(other),
                    });
                }
            }
        }
        Ok(p)
    }

    /// What the settings ask of a budget that the budget itself does not
    /// enforce: with `require_economic`, every expenditure leaf without a
    /// 편성목·통계목 code, in tree order.
    pub fn check(&self, budget: &Budget) -> Vec<Finding> {
        if !self.require_economic {
            return Vec::new();
        }
        budget
            .leaves(LineKind::Expenditure)
            .into_iter()
            .filter(|l| l.economic.is_none())
            .map(|l| {
                Finding::invalid(
                    Locator::BudgetLine {
                        code: l.code.to_string(),
                        field: "economic",
                    },
                    {
                        let (code, name) = (&l.code, &l.name);
                        crate::text!(
                            "{code} {name}: 편성목·통계목이 없습니다. 이 기관은 세출 과목마다 씁니다(설정 {REQUIRE_ECONOMIC})",
                            "{code} {name}: no economic classification code; this institution requires one on every expenditure line (setting {REQUIRE_ECONOMIC})"
                        )
                    },
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::budget::{BudgetLine, Category};
    use crate::code::LineCode;
    use crate::economic::EconomicCode;
    use crate::money::Won;

    fn line(code: &str, parent: Option<&str>, economic: Option<&str>) -> BudgetLine {
        BudgetLine {
            code: LineCode::parse(code).unwrap(),
            kind: LineKind::Expenditure,
            category: parent.is_none().then_some(Category::Program),
            name: format!("과목 {code}"),
            parent: parent.map(|p| LineCode::parse(p).unwrap()),
            amount: Some(Won::new(1_000)).filter(|_| parent.is_some()),
            prior: None,
            view_name: None,
            economic: economic.map(|e| EconomicCode::parse(e).unwrap()),
        }
    }

    #[test]
    fn pairs_round_trip() {
        let p = Policy {
            rounding: Rounding::Up,
            require_economic: true,
            cap_achievement: false,
        };
        let pairs = p.pairs();
        let back = Policy::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, Ok(p));
        assert_eq!(Policy::from_pairs([]), Ok(Policy::default()));
        assert_eq!(
            Policy::from_pairs([("basis_rounding", "절상")]).map(|p| p.rounding),
            Ok(Rounding::Up)
        );
    }

    #[test]
    fn bad_settings_are_named() {
        let e = Policy::from_pairs([("rounding", "up")]).unwrap_err();
        assert!(matches!(e, PolicyError::UnknownKey { .. }));
        let e = Policy::from_pairs([("require_economic", "yes")]).unwrap_err();
        assert_eq!(e.ko(), "require_economic = 'yes': true 또는 false를 쓰세요");
        assert_eq!(e.en(), "require_economic = 'yes': use true or false");
        assert!(matches!(
            Policy::from_pairs([("basis_rounding", "사사오입")]),
            Err(PolicyError::BadValue {
                key: "basis_rounding",
                ..
            })
        ));
    }

    #[test]
    fn lists_expenditure_leaves_without_a_code_when_required() {
        let b = Budget::new(
            2024,
            "2023 최종예산".into(),
            vec![
                line("E1", None, None),
                line("E1.1", Some("E1"), Some("201-01")),
                line("E1.2", Some("E1"), None),
            ],
        )
        .unwrap();
        assert!(Policy::default().check(&b).is_empty());
        let required = Policy {
            require_economic: true,
            ..Policy::default()
        };
        let f = required.check(&b);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].at,
            Locator::BudgetLine {
                code: "E1.2".into(),
                field: "economic"
            }
        );
        assert!(f[0].to_string().contains("편성목·통계목이 없습니다"));
    }

    #[test]
    fn a_budget_refuses_unknown_codes_and_codes_on_revenue() {
        let mut unknown = line("E1.1", Some("E1"), Some("203-02"));
        unknown.name = "시책".into();
        let e =
            Budget::new(2024, String::new(), vec![line("E1", None, None), unknown]).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].to_string().contains("203-02"), "{}", e[0]);
        let mut revenue = line("R1", None, Some("201-01"));
        revenue.kind = LineKind::Revenue;
        revenue.category = None;
        revenue.amount = Some(Won::new(5));
        let e = Budget::new(2024, String::new(), vec![revenue]).unwrap_err();
        assert!(e[0].to_string().contains("세출 과목에만"), "{}", e[0]);
    }
}
