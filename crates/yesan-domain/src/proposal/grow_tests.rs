//! Unit tests of lines brought into a draft ([`Content::merged`]) and of
//! their adoption into a recorded year; figures by hand in the comments.
//! The draft is the one of `tests`: E1 300,000; E3 › E3.1 › E3.1.1
//! 125,000 (items, 절상), E3.1.2 200,000; E4 50,000; E3.1.3 was retired in
//! the base year.

use super::edit::Parsed;
use super::tests::{code, first, item};
use super::*;
use crate::basis::Rounding;
use crate::bilingual::Bilingual;
use crate::budget::{Budget, BudgetLine, LineKind};
use crate::code::LineCode;
use crate::economic::EconomicCode;
use crate::money::Won;

fn existing(c: &str, value: Option<Parsed>) -> Incoming {
    Incoming {
        slot: Slot::Existing(code(c)),
        economic: None,
        value,
    }
}

fn new(parent: Parent, name: &str, value: Option<Parsed>) -> Incoming {
    Incoming {
        slot: Slot::New {
            parent,
            name: name.into(),
        },
        economic: None,
        value,
    }
}

#[test]
fn matched_lines_take_the_files_figures_and_new_lines_the_next_free_code() {
    let c = first(Rounding::Up);
    let mut typed = existing("E3.1.2", Some(Parsed::Amount(Won::new(300_000))));
    typed.economic = Some(EconomicCode::parse("307-05").unwrap());
    let incoming = [
        existing("E3", None),
        existing("E3.1", None),
        typed,
        // E3.1 has E3.1.1, E3.1.2; E3.1.3 is reserved (the base year's):
        // the new line is E3.1.4.
        new(
            Parent::Line(code("E3.1")),
            "교육",
            Some(Parsed::Amount(Won::new(1_000))),
        ),
        // E3 has E3.1 only: E3.2, and below it E3.2.1.
        new(Parent::Line(code("E3")), "기록관리", None),
        new(
            Parent::Incoming(4),
            "기록관 환경정비",
            Some(Parsed::Items(vec![item(
                "기록관 환경정비 40,000원*29개*6회",
            )])),
        ),
    ];
    let m = c
        .merged(&incoming, &[code("E3.1.3")], Rounding::Up)
        .unwrap();
    assert_eq!(
        m.codes.iter().map(LineCode::as_str).collect::<Vec<_>>(),
        ["E3", "E3.1", "E3.1.2", "E3.1.4", "E3.2", "E3.2.1"]
    );
    assert_eq!(m.added, [false, false, false, true, true, true]);
    let b = m.content.budget();
    // 40,000 × 29 × 6 = 6,960,000 (already whole 천원).
    assert_eq!(m.content.amount(&code("E3.2.1")), Won::new(6_960_000));
    assert_eq!(m.content.amount(&code("E3.2")), Won::new(6_960_000));
    assert_eq!(
        b.line(&code("E3.1.2")).unwrap().economic,
        Some(EconomicCode::parse("307-05").unwrap())
    );
    // E3: 125,000 + 300,000 + 1,000 + 6,960,000 = 7,386,000; with E1
    // 300,000 and E4 50,000: 7,736,000.
    assert_eq!(m.content.amount(&code("E3")), Won::new(7_386_000));
    assert_eq!(b.total(LineKind::Expenditure).amount, Won::new(7_736_000));
    // New lines sit after their siblings, parents before children.
    let order: Vec<&str> = b.lines().iter().map(|l| l.code.as_str()).collect();
    assert_eq!(
        order,
        [
            "R1", "E1", "E3", "E3.1", "E3.1.1", "E3.1.2", "E3.1.4", "E3.2", "E3.2.1", "E4"
        ]
    );
    // The stored form reads back.
    assert_eq!(
        Content::from_record(&m.content.record()).unwrap(),
        m.content
    );
}

#[test]
fn conflicts_with_the_draft_are_all_named_and_nothing_is_taken() {
    let c = first(Rounding::Up);
    let incoming = [
        // E3.1 has lines below it in the draft.
        existing("E3.1", Some(Parsed::Amount(Won::new(5)))),
        // A top line the draft does not have, and a line below it (not
        // refused again).
        new(Parent::Top, "새 정책", None),
        new(
            Parent::Incoming(1),
            "새 단위",
            Some(Parsed::Amount(Won::new(5))),
        ),
    ];
    let Err(ProposalError::Merge(problems)) = c.merged(&incoming, &[], Rounding::Up) else {
        panic!("refused");
    };
    assert_eq!(
        problems,
        [
            MergeProblem {
                at: 0,
                issue: MergeIssue::ParentInDraft { code: code("E3.1") }
            },
            MergeProblem {
                at: 1,
                issue: MergeIssue::NoTopLine
            },
        ]
    );
    assert!(
        problems[0]
            .ko()
            .starts_with("예산안의 과목 E3.1에는 하위 과목이 있어")
    );
    assert!(
        problems[0]
            .en()
            .starts_with("the draft's line E3.1 has lines below it")
    );
}

#[test]
fn a_leaf_the_file_puts_lines_below_becomes_their_parent() {
    // E3.1.1 held 125,000 from its items; the file gives it one line of
    // 7,000: it is now 7,000, its items gone from this version.
    let c = first(Rounding::Up);
    let below = new(
        Parent::Line(code("E3.1.1")),
        "세부",
        Some(Parsed::Amount(Won::new(7_000))),
    );
    let m = c.merged(&[below], &[], Rounding::Up).unwrap();
    assert_eq!(m.codes, [code("E3.1.1.1")]);
    assert_eq!(m.opened, [(code("E3.1.1"), Won::new(125_000))]);
    assert!(!m.content.budget().is_leaf(&code("E3.1.1")));
    assert!(!m.content.items().contains_key(&code("E3.1.1")));
    assert_eq!(m.content.amount(&code("E3.1.1")), Won::new(7_000));
    // E3.1: 7,000 + 200,000.
    assert_eq!(m.content.amount(&code("E3.1")), Won::new(207_000));
}

#[test]
fn adoption_adds_the_lines_the_year_lacks() {
    let c = first(Rounding::Up);
    let m = c
        .merged(
            &[new(
                Parent::Line(code("E3.1")),
                "교육",
                Some(Parsed::Amount(Won::new(1_000))),
            )],
            &[code("E3.1.3")],
            Rounding::Up,
        )
        .unwrap();
    // The year as opened from the base: the draft's first lines at zero.
    let zero: Vec<BudgetLine> = c
        .budget()
        .lines()
        .iter()
        .map(|l| BudgetLine {
            amount: c.budget().is_leaf(&l.code).then_some(Won::ZERO),
            ..l.clone()
        })
        .collect();
    let year = Budget::new(2024, String::new(), zero).unwrap();
    let adopted = Budget::new(2024, String::new(), m.content.adopted_by(&year).unwrap()).unwrap();
    assert_eq!(
        adopted.figures(&code("E3.1.4")).unwrap().amount,
        Won::new(1_000)
    );
    // 125,000 + 200,000 + 1,000 = 326,000 under E3.1.
    assert_eq!(
        adopted.figures(&code("E3.1")).unwrap().amount,
        Won::new(326_000)
    );
}
