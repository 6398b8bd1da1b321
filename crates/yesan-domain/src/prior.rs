//! The prior-year column computed from the recorded previous year.
//!
//! A year-N line's prior is the previous year's final budget (예산현액 on
//! 12-31 of N-1, every amendment of that year included) of the N-1 lines
//! mapped to it. Lines map by code unless the planner recorded a
//! [`LineMapping`] for a reorganization: a rename or a merge (`from` codes →
//! one `to` code) or a split (one or more `from` codes → several `to` codes,
//! with the ratio or the amounts of the split). The comparison is shown at
//! the level where both years agree: a parent whose children all have a
//! prior shows their sum; when that sum differs from the parent's own
//! mapped prior (a project ended or started below it), only the parent is
//! compared and its children show none. Typed priors are refused here: a
//! year whose previous year is recorded has its priors computed.

use crate::budget::Budget;
use crate::code::LineCode;
use crate::dataset::Dataset;
use crate::money::Won;
pub use crate::provenance::PriorSource;
use chrono::NaiveDate;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

impl Budget {
    /// Whether some prior-year figure shown was typed in rather than
    /// computed (the report marks such figures).
    pub fn has_typed_priors(&self) -> bool {
        self.prior_source() == PriorSource::Typed
            && self
                .lines()
                .iter()
                .any(|l| self.figures(&l.code).is_some_and(|f| f.prior.is_some()))
    }
}

/// How a split divides the previous year's final budget among its `to`
/// lines, in their order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// Integer weights, e.g. `[60, 40]`; the won left over by rounding go
    /// to the largest remainders, so the parts add up exactly.
    Ratios(Vec<u32>),
    /// The amounts, which must add up to the final budget of `from`.
    Amounts(Vec<Won>),
}

/// One reorganization recorded by the planner for year N: the N-1 lines
/// `from` became the year-N lines `to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineMapping {
    /// Codes in the previous year.
    pub from: Vec<LineCode>,
    /// Codes in this year.
    pub to: Vec<LineCode>,
    /// How a split divides the amount (required when `to` has several lines).
    pub split: Option<Split>,
    /// Why (e.g. 조직개편), shown to readers.
    pub note: String,
}

/// A mapping or prior that cannot be used. `number` is the mapping's
/// 1-based position in the year's list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PriorError {
    /// A `from` code the previous year does not have.
    #[error(
        "{number}번째 과목 연결의 전년도 과목 {code}이(가) {year}년 예산에 없습니다 / mapping {number}: line {code} is not in the {year} budget"
    )]
    UnknownFrom {
        /// Position of the mapping.
        number: usize,
        /// The previous year.
        year: i32,
        /// The code.
        code: LineCode,
    },
    /// A `to` code this year does not have.
    #[error(
        "{number}번째 과목 연결의 올해 과목 {code}이(가) {year}년 예산에 없습니다 / mapping {number}: line {code} is not in the {year} budget"
    )]
    UnknownTo {
        /// Position of the mapping.
        number: usize,
        /// This year.
        year: i32,
        /// The code.
        code: LineCode,
    },
    /// `from` or `to` is empty.
    #[error(
        "{number}번째 과목 연결에 {side} 과목이 없습니다 / mapping {number} names no line in `{side}`"
    )]
    Empty {
        /// Position of the mapping.
        number: usize,
        /// `from` or `to`.
        side: &'static str,
    },
    /// Several `to` lines and no ratio or amounts.
    #[error(
        "{number}번째 과목 연결은 {count}개 과목으로 나뉘는데 나누는 비율(ratios)이나 금액(amounts)이 없습니다 / mapping {number} splits into {count} lines but gives neither ratios nor amounts"
    )]
    SplitWithoutShares {
        /// Position of the mapping.
        number: usize,
        /// How many `to` lines.
        count: usize,
    },
    /// The split lists a different number of parts than `to` has lines.
    #[error(
        "{number}번째 과목 연결의 나눔이 {given}개인데 올해 과목은 {expected}개입니다 / mapping {number}: {given} parts given for {expected} lines"
    )]
    SplitCount {
        /// Position of the mapping.
        number: usize,
        /// Lines in `to`.
        expected: usize,
        /// Parts given.
        given: usize,
    },
    /// Every ratio is zero.
    #[error(
        "{number}번째 과목 연결의 비율이 모두 0입니다 / mapping {number}: the ratios are all zero"
    )]
    ZeroRatios {
        /// Position of the mapping.
        number: usize,
    },
    /// The split's amounts do not add up to the final budget of `from`.
    #[error(
        "{number}번째 과목 연결의 나눈 금액 합계 {stated}이(가) 전년도 최종예산 {total}과(와) 다릅니다 / mapping {number}: the amounts add up to {stated}, not the final budget {total}"
    )]
    SplitAmounts {
        /// Position of the mapping.
        number: usize,
        /// Sum of the amounts given.
        stated: Won,
        /// The final budget of `from`.
        total: Won,
    },
    /// A line named by two mappings on the same side.
    #[error(
        "과목 {code}이(가) 과목 연결 {side}에 두 번 있습니다 ({number}번째) / line {code} appears twice in `{side}` (mapping {number})"
    )]
    MappedTwice {
        /// Position of the second mapping naming it.
        number: usize,
        /// `from` or `to`.
        side: &'static str,
        /// The code.
        code: LineCode,
    },
    /// Revenue mapped to expenditure or back.
    #[error(
        "{number}번째 과목 연결이 세입 과목과 세출 과목을 잇습니다 ({from} → {to}) / mapping {number} joins revenue and expenditure ({from} → {to})"
    )]
    KindMismatch {
        /// Position of the mapping.
        number: usize,
        /// A `from` code.
        from: LineCode,
        /// A `to` code.
        to: LineCode,
    },
    /// A typed prior in a year whose previous year is recorded.
    #[error(
        "과목 {code}의 전년도 예산은 입력할 수 없습니다: {previous}년이 기록되어 있어 그 최종예산에서 계산됩니다 / line {code}: the prior cannot be typed, it is computed from the recorded {previous}"
    )]
    TypedPrior {
        /// The line.
        code: LineCode,
        /// The recorded previous year.
        previous: i32,
    },
    /// The "previous" dataset is not the year before.
    #[error(
        "{previous}년은 {year}년의 전년도가 아닙니다 / {previous} is not the year before {year}"
    )]
    NotPrevious {
        /// This year.
        year: i32,
        /// The year given as previous.
        previous: i32,
    },
}

/// Each line's prior by code.
pub type Priors = HashMap<LineCode, Won>;

/// The last day of a fiscal year, on which its final budget stands.
pub fn year_end(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

/// The previous year's final budget: 예산현액 on 12-31, amendments included.
pub fn final_budget(previous: &Dataset) -> Budget {
    previous.budget_on(year_end(previous.budget.fiscal_year()))
}

/// `current` with its prior column computed from `previous` (the year
/// before, as recorded) through `mappings` (this year's).
///
/// # Errors
/// Every [`PriorError`] found: unknown codes, bad splits, typed priors.
pub fn with_priors(
    current: &Dataset,
    previous: &Dataset,
    mappings: &[LineMapping],
) -> Result<Dataset, Vec<PriorError>> {
    let (year, prev_year) = (current.budget.fiscal_year(), previous.budget.fiscal_year());
    if prev_year + 1 != year {
        return Err(vec![PriorError::NotPrevious {
            year,
            previous: prev_year,
        }]);
    }
    let typed: Vec<PriorError> = current
        .budget
        .lines()
        .iter()
        .filter(|l| l.prior.is_some())
        .map(|l| PriorError::TypedPrior {
            code: l.code.clone(),
            previous: prev_year,
        })
        .collect();
    if !typed.is_empty() {
        return Err(typed);
    }
    let priors = compute(&final_budget(previous), &current.budget, mappings)?;
    // `compute` keeps the tree's sums, so the rebuilt budget cannot fail;
    // keep the record as it is if it ever did.
    let budget = current
        .budget
        .with_computed_priors(&priors, prev_year)
        .unwrap_or_else(|_| current.budget.clone());
    Ok(Dataset {
        budget,
        ..current.clone()
    })
}

/// Each year-N line's prior from the previous year's final budget
/// `previous` through `mappings` (by code otherwise), reconciled with the
/// tree so that it is shown only where both years agree.
///
/// # Errors
/// Every [`PriorError`] of the mappings.
pub fn compute(
    previous: &Budget,
    current: &Budget,
    mappings: &[LineMapping],
) -> Result<HashMap<LineCode, Won>, Vec<PriorError>> {
    let value = |c: &LineCode| previous.figures(c).map(|f| f.amount);
    compute_from(previous, &value, current, mappings, true)
}

/// Like [`compute`], with each previous-year line's figure from `value`
/// (`None`: unknown, and so is every figure mapped from it). With `exact`
/// a split's amounts must add up to the pool; without it (figures of an
/// earlier year carried through the same mapping) they are weights.
///
/// # Errors
/// Every [`PriorError`] of the mappings.
pub fn compute_from(
    previous: &Budget,
    value: &dyn Fn(&LineCode) -> Option<Won>,
    current: &Budget,
    mappings: &[LineMapping],
    exact: bool,
) -> Result<HashMap<LineCode, Won>, Vec<PriorError>> {
    let mut errors = Vec::new();
    let mut direct: HashMap<LineCode, Won> = HashMap::default();
    let mut from_seen: HashSet<&LineCode> = HashSet::default();
    let mut to_seen: HashSet<&LineCode> = HashSet::default();
    for (i, m) in mappings.iter().enumerate() {
        let number = i + 1;
        let before = errors.len();
        for (side, codes) in [("from", &m.from), ("to", &m.to)] {
            if codes.is_empty() {
                errors.push(PriorError::Empty { number, side });
            }
        }
        for code in &m.from {
            if previous.line(code).is_none() {
                errors.push(PriorError::UnknownFrom {
                    number,
                    year: previous.fiscal_year(),
                    code: code.clone(),
                });
            }
            if !from_seen.insert(code) {
                errors.push(PriorError::MappedTwice {
                    number,
                    side: "from",
                    code: code.clone(),
                });
            }
        }
        for code in &m.to {
            if current.line(code).is_none() {
                errors.push(PriorError::UnknownTo {
                    number,
                    year: current.fiscal_year(),
                    code: code.clone(),
                });
            }
            if !to_seen.insert(code) {
                errors.push(PriorError::MappedTwice {
                    number,
                    side: "to",
                    code: code.clone(),
                });
            }
        }
        if errors.len() > before {
            continue;
        }
        let kinds = |b: &Budget, c: &LineCode| b.line(c).map(|l| l.kind);
        if let Some((f, t)) = m.from.iter().find_map(|f| {
            m.to.iter()
                .find(|t| kinds(previous, f) != kinds(current, t))
                .map(|t| (f, t))
        }) {
            errors.push(PriorError::KindMismatch {
                number,
                from: f.clone(),
                to: t.clone(),
            });
            continue;
        }
        let Some(pool) = m
            .from
            .iter()
            .map(value)
            .try_fold(Won::ZERO, |s, v| s.checked_add(v?))
        else {
            continue;
        };
        let weighted;
        let m = match (&m.split, exact) {
            (Some(Split::Amounts(a)), false) => {
                weighted = LineMapping {
                    split: Some(Split::Ratios(
                        a.iter()
                            .map(|w| u32::try_from(w.get().max(0) / 1000).unwrap_or(u32::MAX))
                            .collect(),
                    )),
                    ..m.clone()
                };
                &weighted
            }
            _ => m,
        };
        match split(number, pool, m) {
            Ok(parts) => direct.extend(m.to.iter().cloned().zip(parts)),
            Err(e) if exact => errors.push(e),
            // Carried figures of an earlier year: a split whose weights
            // vanish in rounding leaves its lines without them.
            Err(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // An N-1 line that a mapping takes is not also mapped by code, unless
    // the year-N line of that code holds every line it went to (a split
    // below it keeps the comparison at the line itself).
    let consumed: HashSet<&LineCode> = mappings
        .iter()
        .flat_map(|m| {
            m.from.iter().filter(|f| {
                !m.to
                    .iter()
                    .all(|t| current.ancestors(t).iter().any(|a| &a.code == *f))
            })
        })
        .collect();
    for l in current.lines() {
        if to_seen.contains(&l.code) || consumed.contains(&l.code) {
            continue;
        }
        if let Some(p) = previous.line(&l.code).filter(|p| p.kind == l.kind)
            && let Some(v) = value(&p.code)
        {
            direct.insert(l.code.clone(), v);
        }
    }
    Ok(reconcile(current, direct))
}

/// The amounts of `m`'s `to` lines from the pooled final budget `pool`.
fn split(number: usize, pool: Won, m: &LineMapping) -> Result<Vec<Won>, PriorError> {
    let count = m.to.len();
    match &m.split {
        None if count == 1 => Ok(vec![pool]),
        None => Err(PriorError::SplitWithoutShares { number, count }),
        Some(Split::Amounts(a)) if a.len() != count => Err(PriorError::SplitCount {
            number,
            expected: count,
            given: a.len(),
        }),
        Some(Split::Ratios(r)) if r.len() != count => Err(PriorError::SplitCount {
            number,
            expected: count,
            given: r.len(),
        }),
        Some(Split::Amounts(a)) => {
            let stated = a
                .iter()
                .try_fold(Won::ZERO, |s, w| s.checked_add(*w))
                .unwrap_or(Won::new(i64::MAX));
            if stated == pool && a.iter().all(|w| !w.is_negative()) {
                Ok(a.clone())
            } else {
                Err(PriorError::SplitAmounts {
                    number,
                    stated,
                    total: pool,
                })
            }
        }
        Some(Split::Ratios(r)) => {
            let weight: i128 = r.iter().map(|&w| i128::from(w)).sum();
            if weight == 0 {
                return Err(PriorError::ZeroRatios { number });
            }
            let total = i128::from(pool.get());
            let mut parts: Vec<(i128, i128)> = r
                .iter()
                .map(|&w| {
                    let x = total * i128::from(w);
                    (x / weight, x % weight)
                })
                .collect();
            let mut left = total - parts.iter().map(|p| p.0).sum::<i128>();
            let mut order: Vec<usize> = (0..count).collect();
            // Largest remainder first; ties to the earlier line.
            order.sort_by_key(|&i| std::cmp::Reverse(parts[i].1));
            for &i in &order {
                if left <= 0 {
                    break;
                }
                parts[i].0 += 1;
                left -= 1;
            }
            Ok(parts
                .into_iter()
                .map(|(q, _)| Won::new(i64::try_from(q).unwrap_or(i64::MAX)))
                .collect())
        }
    }
}

/// Priors kept only where both years agree: a parent whose children all
/// have priors takes their sum, unless its own mapped prior differs, when
/// the comparison moves up to it and its subtree shows none.
fn reconcile(current: &Budget, mut direct: HashMap<LineCode, Won>) -> HashMap<LineCode, Won> {
    let lines = current.lines();
    // Parents come before their children, so a reverse pass sees every
    // child before its parent.
    for l in lines.iter().rev() {
        let kids: Vec<&LineCode> = current.children(&l.code).map(|c| &c.code).collect();
        if kids.is_empty() {
            continue;
        }
        let sum: Option<Won> = kids
            .iter()
            .map(|k| direct.get(*k).copied())
            .try_fold(Won::ZERO, |s, p| s.checked_add(p?));
        match (sum, direct.get(&l.code).copied()) {
            (Some(s), Some(own)) if s != own => clear_below(current, &l.code, &mut direct),
            (Some(s), _) => {
                direct.insert(l.code.clone(), s);
            }
            (None, _) => {}
        }
    }
    direct
}

fn clear_below(current: &Budget, code: &LineCode, direct: &mut HashMap<LineCode, Won>) {
    let kids: Vec<LineCode> = current.children(code).map(|c| c.code.clone()).collect();
    for k in kids {
        direct.remove(&k);
        clear_below(current, &k, direct);
    }
}

#[cfg(test)]
#[path = "prior_tests.rs"]
mod tests;
