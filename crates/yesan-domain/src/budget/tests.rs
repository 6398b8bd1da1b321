//! Unit tests of the budget tree: construction, roll-ups, stated totals
//! and the figures each line shows.
use super::*;
use proptest::prelude::*;

fn line(code: &str, parent: Option<&str>, amount: Option<i64>, prior: Option<i64>) -> BudgetLine {
    BudgetLine {
        code: LineCode::parse(code).unwrap(),
        kind: LineKind::Expenditure,
        category: parent.is_none().then_some(Category::Program),
        name: code.to_owned(),
        parent: parent.map(|p| LineCode::parse(p).unwrap()),
        amount: amount.map(|a| Won::new(a * 1000)),
        prior: prior.map(|a| Won::new(a * 1000)),
        view_name: None,
        economic: None,
    }
}

fn messages(lines: Vec<BudgetLine>) -> Vec<String> {
    Budget::new(2023, String::new(), lines)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn overflowing_sums_are_refused_not_wrapped() {
    let mut a = line("E1.1", Some("E1"), None, None);
    a.amount = Some(Won::new(i64::MAX));
    let mut b = line("E1.2", Some("E1"), None, None);
    b.amount = Some(Won::new(i64::MAX));
    let f = messages(vec![line("E1", None, None, None), a.clone(), b]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].contains("too large to compute"), "{f:?}");
    // Two roots whose total overflows.
    let mut r2 = line("E2", None, None, None);
    r2.amount = Some(Won::new(i64::MAX));
    a.parent = None;
    a.category = Some(Category::Program);
    let f = messages(vec![a, r2]);
    assert!(f[0].contains("top-level lines is too large"), "{f:?}");
}

#[test]
fn self_parents_depth_and_negative_leaves_are_refused() {
    let f = messages(vec![line("E1", Some("E1"), Some(1), None)]);
    assert!(f[0].contains("its own parent"), "{f:?}");
    let mut chain = vec![line("L0", None, None, None)];
    for i in 1..=MAX_DEPTH + 5 {
        chain.push(line(
            &format!("L{i}"),
            Some(&format!("L{}", i - 1)),
            None,
            None,
        ));
    }
    chain.last_mut().unwrap().amount = Some(Won::new(1));
    let f = messages(chain);
    assert_eq!(
        f.len(),
        1,
        "one finding per branch that crosses the limit: {f:?}"
    );
    assert!(f[0].contains(&format!("L{MAX_DEPTH}")), "{f:?}");
    let f = messages(vec![
        line("E1", None, None, None),
        line("E1.1", Some("E1"), Some(-6_575), Some(-1)),
    ]);
    assert_eq!(f.len(), 2, "{f:?}");
    assert!(
        f[0].contains("△6,575천원") && f[0].contains("below zero"),
        "{f:?}"
    );
}

fn code(s: &str) -> LineCode {
    LineCode::parse(s).unwrap()
}

#[test]
fn rolls_up_and_checks_stated_totals() {
    let b = Budget::new(
        2023,
        "2022 최종예산".into(),
        vec![
            line("E3", None, Some(5_067_700), Some(5_338_493)),
            line("E3.1", Some("E3"), Some(1_537_060), None),
            line("E3.1.1", Some("E3.1"), Some(318_800), None),
            line("E3.1.2", Some("E3.1"), Some(838_260), None),
            line("E3.1.3", Some("E3.1"), Some(380_000), None),
            line("E3.2", Some("E3"), Some(3_530_640), None),
        ],
    )
    .unwrap();
    assert_eq!(
        b.figures(&code("E3")).unwrap().amount.thousands(),
        5_067_700
    );
    assert_eq!(
        b.figures(&code("E3")).unwrap().prior.unwrap().thousands(),
        5_338_493
    );
    assert_eq!(b.figures(&code("E3.1")).unwrap().prior, None);
}

#[test]
fn reports_sum_mismatch_with_the_right_total() {
    let err = Budget::new(
        2023,
        String::new(),
        vec![
            line("E", None, Some(100), None),
            line("E.1", Some("E"), Some(60), None),
            line("E.2", Some("E"), Some(30), None),
        ],
    )
    .unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(
        err[0].at,
        Locator::BudgetLine {
            code: "E".into(),
            field: "amount"
        }
    );
    assert_eq!(
        err[0].problem,
        Problem::SumMismatch {
            stated: "100천원".into(),
            computed: "90천원".into(),
            diff: "10천원".into()
        }
    );
}

#[test]
fn reports_unknown_and_late_parents_and_duplicates() {
    let err = Budget::new(
        2023,
        String::new(),
        vec![
            line("A", None, Some(1), None),
            line("A.1", Some("B"), Some(1), None),
            line("C.1", Some("C"), Some(1), None),
            line("C", None, None, None),
            line("A", None, Some(1), None),
        ],
    )
    .unwrap_err();
    let fields: Vec<_> = err
        .iter()
        .map(|f| (f.at.to_string(), f.problem.to_string()))
        .collect();
    assert!(
        fields[0].1.contains("there is no parent budget line 'B'"),
        "{fields:?}"
    );
    assert!(fields[1].1.contains("listed after"), "{fields:?}");
    assert!(
        fields[2].1.contains("duplicate budget line code 'A'"),
        "{fields:?}"
    );
}

#[test]
fn leaf_without_amount_is_missing() {
    let err = Budget::new(2023, String::new(), vec![line("A", None, None, None)]).unwrap_err();
    assert_eq!(
        err[0].problem,
        Problem::Missing {
            what: "amount (leaf line)"
        }
    );
}

#[test]
fn changing_a_leaf_moves_every_ancestor() {
    let b = Budget::new(
        2023,
        String::new(),
        vec![
            line("E", None, Some(100), None),
            line("E.1", Some("E"), Some(60), None),
            line("E.2", Some("E"), Some(40), None),
        ],
    )
    .unwrap();
    let b2 = b.with_leaf_amount(&code("E.1"), Won::new(70_000)).unwrap();
    assert_eq!(b2.figures(&code("E")).unwrap().amount, Won::new(110_000));
    assert!(b.with_leaf_amount(&code("E"), Won::ZERO).is_err());
}

#[test]
fn tree_order_and_leaves_under_a_line() {
    // Parents listed after a sibling's child still come out depth-first.
    let b = Budget::new(
        2023,
        String::new(),
        vec![
            line("E", None, None, None),
            line("E.1", Some("E"), None, None),
            line("E.2", Some("E"), Some(40), None),
            line("E.1.1", Some("E.1"), Some(60), None),
            line("E.1.2", Some("E.1"), Some(1), None),
        ],
    )
    .unwrap();
    let tree: Vec<(usize, &str)> = b
        .tree(LineKind::Expenditure)
        .into_iter()
        .map(|(d, l)| (d, l.code.as_str()))
        .collect();
    assert_eq!(
        tree,
        [(0, "E"), (1, "E.1"), (2, "E.1.1"), (2, "E.1.2"), (1, "E.2")]
    );
    let under = |c: &str| -> Vec<String> {
        b.leaves_under(&code(c))
            .iter()
            .map(|l| l.code.to_string())
            .collect()
    };
    assert_eq!(under("E.1"), ["E.1.1", "E.1.2"]);
    assert_eq!(under("E.2"), ["E.2"]);
    assert_eq!(under("E"), ["E.1.1", "E.1.2", "E.2"]);
    assert!(under("X").is_empty());
}

proptest! {
    /// For any tree, every parent equals the sum of its children and
    /// the total equals the sum of the leaves.
    #[test]
    fn roll_up_invariants(shape in proptest::collection::vec((0usize..100, 0i64..10_000_000), 1..60)) {
        let mut lines = vec![line("R", None, None, None)];
        for (i, (p, amt)) in shape.iter().enumerate() {
            let parent = lines[p % lines.len()].code.to_string();
            lines.push(line(&format!("L{i}"), Some(&parent), Some(*amt), Some(*amt / 2)));
        }
        // Parents given no amount become computed; leaves need one.
        let has_kids: std::collections::HashSet<String> = lines.iter().filter_map(|l| l.parent.as_ref().map(ToString::to_string)).collect();
        for l in &mut lines {
            if has_kids.contains(l.code.as_str()) { l.amount = None; l.prior = None; }
        }
        let b = Budget::new(2023, String::new(), lines).unwrap();
        for l in b.lines() {
            let kids: Vec<_> = b.children(&l.code).collect();
            if !kids.is_empty() {
                let s: Won = kids.iter().map(|k| b.figures(&k.code).unwrap().amount).sum();
                prop_assert_eq!(s, b.figures(&l.code).unwrap().amount);
                let sp: Won = kids.iter().map(|k| b.figures(&k.code).unwrap().prior.unwrap()).sum();
                prop_assert_eq!(sp, b.figures(&l.code).unwrap().prior.unwrap());
            }
        }
        let leaves: Won = b.leaves(LineKind::Expenditure).iter().map(|l| b.figures(&l.code).unwrap().amount).sum();
        prop_assert_eq!(leaves, b.total(LineKind::Expenditure).amount);
    }
}
