//! Unit tests and the roll-up proptest of the computed prior column.

use super::*;
use crate::budget::{BudgetLine, Category, LineKind, PriorSource};
use proptest::prelude::*;

fn code(s: &str) -> LineCode {
    LineCode::parse(s).unwrap()
}

/// `(code, parent, amount)`; top-level lines are expenditure programs,
/// `R…` lines revenue.
fn budget(year: i32, lines: &[(&str, Option<&str>, Option<i64>)]) -> Budget {
    let lines = lines
        .iter()
        .map(|&(c, p, a)| {
            let kind = if c.starts_with('R') {
                LineKind::Revenue
            } else {
                LineKind::Expenditure
            };
            BudgetLine {
                code: code(c),
                kind,
                category: (p.is_none() && kind == LineKind::Expenditure)
                    .then_some(Category::Program),
                name: c.into(),
                parent: p.map(code),
                amount: a.map(Won::new),
                prior: None,
                view_name: None,
                economic: None,
            }
        })
        .collect();
    Budget::new(year, String::new(), lines).unwrap()
}

fn map(from: &[&str], to: &[&str], split: Option<Split>) -> LineMapping {
    LineMapping {
        from: from.iter().map(|c| code(c)).collect(),
        to: to.iter().map(|c| code(c)).collect(),
        split,
        note: String::new(),
    }
}

fn prior(p: &HashMap<LineCode, Won>, c: &str) -> Option<i64> {
    p.get(&code(c)).map(|w| w.get())
}

/// The seed's shape: 2022 has 사업비 E3 as one line, 2023 has program
/// groups and projects below it that 2022 did not; R3 has the same two
/// children in both years.
#[test]
fn seed_shape_compares_projects_at_the_category() {
    let prev = budget(
        2022,
        &[
            ("R3", None, None),
            ("R3.1", Some("R3"), Some(25_500)),
            ("R3.2", Some("R3"), Some(259_920)),
            ("E3", None, Some(5_338_493)),
        ],
    );
    let cur = budget(
        2023,
        &[
            ("R3", None, None),
            ("R3.1", Some("R3"), Some(3_500)),
            ("R3.2", Some("R3"), Some(372_000)),
            ("E3", None, None),
            ("E3.1", Some("E3"), None),
            ("E3.1.1", Some("E3.1"), Some(318_800)),
            ("E3.2", Some("E3"), Some(1_000)),
        ],
    );
    let p = compute(&prev, &cur, &[]).unwrap();
    assert_eq!(prior(&p, "R3"), Some(285_420));
    assert_eq!(prior(&p, "R3.1"), Some(25_500));
    assert_eq!(prior(&p, "E3"), Some(5_338_493));
    assert_eq!(prior(&p, "E3.1"), None);
    assert_eq!(prior(&p, "E3.1.1"), None);
    assert_eq!(prior(&p, "E3.2"), None);
    let b = cur.with_computed_priors(&p, 2022).unwrap();
    assert_eq!(b.prior_source(), PriorSource::Computed { year: 2022 });
    assert!(!b.has_typed_priors());
    assert_eq!(
        b.total(LineKind::Expenditure).prior,
        Some(Won::new(5_338_493))
    );
}

#[test]
fn ended_child_moves_the_comparison_up() {
    let prev = budget(
        2022,
        &[
            ("E1", None, None),
            ("E1.1", Some("E1"), Some(100)),
            ("E1.2", Some("E1"), Some(50)),
        ],
    );
    // E1.2 ended: E1.1's prior alone would not add up to E1's.
    let cur = budget(2023, &[("E1", None, None), ("E1.1", Some("E1"), Some(120))]);
    let p = compute(&prev, &cur, &[]).unwrap();
    assert_eq!(prior(&p, "E1"), Some(150));
    assert_eq!(prior(&p, "E1.1"), None);
}

#[test]
fn rename_merge_and_split() {
    let prev = budget(
        2022,
        &[
            ("E1", None, None),
            ("E1.1", Some("E1"), Some(100)),
            ("E1.2", Some("E1"), Some(50)),
            ("E1.3", Some("E1"), Some(1_001)),
        ],
    );
    let cur = budget(
        2023,
        &[
            ("E1", None, None),
            ("E1.9", Some("E1"), Some(1)),
            ("E1.5", Some("E1"), Some(1)),
            ("E1.6", Some("E1"), Some(1)),
        ],
    );
    let mappings = [
        map(&["E1.1", "E1.2"], &["E1.9"], None),
        map(
            &["E1.3"],
            &["E1.5", "E1.6"],
            Some(Split::Ratios(vec![1, 1])),
        ),
    ];
    let p = compute(&prev, &cur, &mappings).unwrap();
    assert_eq!(prior(&p, "E1.9"), Some(150));
    // 1,001 halves: the odd won goes to the earlier line.
    assert_eq!(prior(&p, "E1.5"), Some(501));
    assert_eq!(prior(&p, "E1.6"), Some(500));
    assert_eq!(prior(&p, "E1"), Some(1_151));
    let by_amount = [
        map(&["E1.1", "E1.2"], &["E1.9"], None),
        map(
            &["E1.3"],
            &["E1.5", "E1.6"],
            Some(Split::Amounts(vec![Won::new(1_000), Won::new(1)])),
        ),
    ];
    let p = compute(&prev, &cur, &by_amount).unwrap();
    assert_eq!(prior(&p, "E1.6"), Some(1));
}

#[test]
fn broken_mappings_are_typed_errors() {
    let prev = budget(2022, &[("E1", None, Some(10)), ("R1", None, Some(10))]);
    let cur = budget(
        2023,
        &[
            ("E1", None, Some(1)),
            ("E2", None, Some(1)),
            ("R1", None, Some(1)),
        ],
    );
    let errs = compute(&prev, &cur, &[map(&["E9"], &["E7"], None)]).unwrap_err();
    assert_eq!(
        errs,
        vec![
            PriorError::UnknownFrom {
                number: 1,
                year: 2022,
                code: code("E9")
            },
            PriorError::UnknownTo {
                number: 1,
                year: 2023,
                code: code("E7")
            },
        ]
    );
    assert!(errs[0].to_string().contains("2022년 예산에 없습니다"));
    let errs = compute(&prev, &cur, &[map(&["E1"], &["E1", "E2"], None)]).unwrap_err();
    assert_eq!(
        errs,
        vec![PriorError::SplitWithoutShares {
            number: 1,
            count: 2
        }]
    );
    assert!(
        errs[0]
            .to_string()
            .contains("비율(ratios)이나 금액(amounts)이 없습니다")
    );
    let errs = compute(
        &prev,
        &cur,
        &[map(
            &["E1"],
            &["E1", "E2"],
            Some(Split::Amounts(vec![Won::new(3), Won::new(3)])),
        )],
    )
    .unwrap_err();
    assert_eq!(
        errs,
        vec![PriorError::SplitAmounts {
            number: 1,
            stated: Won::new(6),
            total: Won::new(10)
        }]
    );
    let errs = compute(&prev, &cur, &[map(&["R1"], &["E2"], None)]).unwrap_err();
    assert!(matches!(
        errs[..],
        [PriorError::KindMismatch { number: 1, .. }]
    ));
    let errs = compute(
        &prev,
        &cur,
        &[map(&["E1"], &["E2"], None), map(&["E1"], &["E1"], None)],
    )
    .unwrap_err();
    assert!(matches!(
        errs[..],
        [PriorError::MappedTwice {
            number: 2,
            side: "from",
            ..
        }]
    ));
    let errs = compute(
        &prev,
        &cur,
        &[map(&["E1"], &["E1", "E2"], Some(Split::Ratios(vec![0, 0])))],
    )
    .unwrap_err();
    assert_eq!(errs, vec![PriorError::ZeroRatios { number: 1 }]);
}

#[test]
fn explicit_from_is_not_also_mapped_by_code() {
    let prev = budget(2022, &[("E1", None, Some(10)), ("E2", None, Some(20))]);
    let cur = budget(2023, &[("E1", None, Some(1)), ("E2", None, Some(1))]);
    // E2 was renamed E1; the new E2 has no counterpart.
    let p = compute(&prev, &cur, &[map(&["E2"], &["E1"], None)]).unwrap();
    assert_eq!(prior(&p, "E1"), Some(20));
    assert_eq!(prior(&p, "E2"), None);
}

type Kids = Vec<(u8, u32)>;

fn kids() -> impl Strategy<Value = Kids> {
    prop::collection::vec((1_u8..=5, 0_u32..1_000_000), 0..4)
}

/// Top-level lines E1…En, each a leaf (no children given) or with children.
fn build(year: i32, spec: &[Kids], leaf: i64) -> Budget {
    let mut lines: Vec<(String, Option<String>, Option<i64>)> = Vec::new();
    for (n, kids) in spec.iter().enumerate() {
        let t = format!("E{}", n + 1);
        let mut seen = HashSet::default();
        let kids: Vec<_> = kids.iter().filter(|(k, _)| seen.insert(*k)).collect();
        lines.push((t.clone(), None, kids.is_empty().then_some(leaf)));
        for (k, a) in kids {
            lines.push((format!("{t}.{k}"), Some(t.clone()), Some(i64::from(*a))));
        }
    }
    let refs: Vec<(&str, Option<&str>, Option<i64>)> = lines
        .iter()
        .map(|(c, p, a)| (c.as_str(), p.as_deref(), *a))
        .collect();
    budget(year, &refs)
}

proptest! {
    /// When every top-level line maps (the same codes in both years), the
    /// total prior is the previous year's total final budget, whatever
    /// changed below (children added, ended, changed).
    #[test]
    fn total_prior_is_previous_total(
        spec in prop::collection::vec((kids(), kids()), 1..5),
        leaf in 0_i64..1_000_000,
    ) {
        let prev: Vec<Kids> = spec.iter().map(|s| s.0.clone()).collect();
        let cur: Vec<Kids> = spec.iter().map(|s| s.1.clone()).collect();
        let p = build(2022, &prev, leaf);
        let c = build(2023, &cur, 7);
        let priors = compute(&p, &c, &[]).unwrap();
        let b = c.with_computed_priors(&priors, 2022).unwrap();
        prop_assert_eq!(
            b.total(LineKind::Expenditure).prior,
            Some(p.total(LineKind::Expenditure).amount)
        );
    }
}
