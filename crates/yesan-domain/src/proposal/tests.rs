//! Unit tests of the draft budget: building from the base year, edits and
//! their problems, the comparison, the diff, the stored form, adoption as
//! 본예산; figures computed by hand in each test's comments.

use super::*;
use crate::basis::{BasisItem, Rounding, parse_item};
use crate::bilingual::Bilingual;
use crate::budget::{Budget, BudgetLine, Category, LineKind};
use crate::code::LineCode;
use crate::economic::EconomicCode;
use crate::money::Won;
use proptest::prelude::*;
use std::collections::BTreeMap;

pub(super) fn code(s: &str) -> LineCode {
    LineCode::parse(s).unwrap()
}

fn line(
    c: &str,
    kind: LineKind,
    cat: Option<Category>,
    parent: Option<&str>,
    amount: Option<i64>,
) -> BudgetLine {
    BudgetLine {
        code: code(c),
        kind,
        category: cat,
        name: format!("{c} 이름"),
        parent: parent.map(code),
        amount: amount.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    }
}

/// 2023: R1 1,000,000; E1 (인건비) 300,000; E3 (사업비) › E3.1 › E3.1.1
/// 400,000 (201-01), E3.1.2 200,000, E3.1.3 50,000 (retired); E4 (예비비)
/// 50,000. Expenditure 1,000,000.
fn base() -> Budget {
    let e = LineKind::Expenditure;
    let mut leaf = line("E3.1.1", e, None, Some("E3.1"), Some(400_000));
    leaf.economic = Some(EconomicCode::parse("201-01").unwrap());
    Budget::new(
        2023,
        String::new(),
        vec![
            line("R1", LineKind::Revenue, None, None, Some(1_000_000)),
            line("E1", e, Some(Category::Personnel), None, Some(300_000)),
            line("E3", e, Some(Category::Program), None, None),
            line("E3.1", e, None, Some("E3"), None),
            leaf,
            line("E3.1.2", e, None, Some("E3.1"), Some(200_000)),
            line("E3.1.3", e, None, Some("E3.1"), Some(50_000)),
            line("E4", e, Some(Category::Reserve), None, Some(50_000)),
        ],
    )
    .unwrap()
}

pub(super) fn item(t: &str) -> BasisItem {
    parse_item(t, None).unwrap().item
}

/// E3.1.1 from items: 12,345 × 10명 = 123,450 and 1,000 × 3회 × 50% =
/// 1,500; exact 124,950.
fn basis() -> BTreeMap<LineCode, Vec<BasisItem>> {
    [(
        code("E3.1.1"),
        vec![
            item("강사료 12,345원 × 10명"),
            item("다과 1,000원 × 3회 × 50%"),
        ],
    )]
    .into_iter()
    .collect()
}

pub(super) fn first(rounding: Rounding) -> Content {
    let b = base();
    Content::from_base(2024, &b, &[code("E3.1.3")], &basis(), &b, rounding).unwrap()
}

fn edit_item(price: &str, factors: &str) -> EditItem {
    EditItem {
        group: Some("운영비".into()),
        description: "강사료".into(),
        unit_price: price.into(),
        factors: factors.into(),
    }
}

#[test]
fn built_from_the_base_year() {
    // 124,950 rounded up (절상) to 125,000; E3.1.3 retired, left out.
    let c = first(Rounding::Up);
    assert_eq!((c.year(), c.base_year()), (2024, 2023));
    assert_eq!(c.amount(&code("E3.1.1")), Won::new(125_000));
    assert_eq!(c.amount(&code("E3.1.2")), Won::new(200_000));
    assert!(c.budget().line(&code("E3.1.3")).is_none());
    // E3.1 = 125,000 + 200,000; 세출 = 300,000 + 325,000 + 50,000.
    assert_eq!(c.amount(&code("E3.1")), Won::new(325_000));
    assert_eq!(
        c.budget().total(LineKind::Expenditure).amount,
        Won::new(675_000)
    );
    assert_eq!(
        c.budget()
            .line(&code("E3.1.1"))
            .unwrap()
            .economic
            .unwrap()
            .to_string(),
        "201-01"
    );
    let t = c.basis_total(&code("E3.1.1")).unwrap();
    assert_eq!((t.exact, t.difference()), (Won::new(124_950), Won::new(50)));
    // Kept exact (원단위) the line is 124,950; 절사 124,000; 반올림 125,000.
    assert_eq!(
        first(Rounding::Exact).amount(&code("E3.1.1")),
        Won::new(124_950)
    );
    assert_eq!(
        first(Rounding::Down).amount(&code("E3.1.1")),
        Won::new(124_000)
    );
    assert_eq!(
        first(Rounding::HalfUp).amount(&code("E3.1.1")),
        Won::new(125_000)
    );
}

#[test]
fn an_edit_replaces_the_lines_it_names() {
    let c = first(Rounding::Up);
    let e = ProposalEdit {
        lines: vec![
            EditLine {
                economic: None,
                code: "E3.1.2".into(),
                amount: None,
                // 50,000 × 2명 × 1.5개월 = 150,000.
                items: vec![edit_item("50,000원", "2명 x 1.5개월")],
            },
            EditLine {
                economic: None,
                code: "E3.1.1".into(),
                amount: Some(90_000),
                items: vec![],
            },
        ],
    };
    let d = c.with_edit(&e, Rounding::Up).unwrap();
    assert_eq!(d.amount(&code("E3.1.2")), Won::new(150_000));
    assert_eq!(d.amount(&code("E3.1.1")), Won::new(90_000));
    assert!(d.items().get(&code("E3.1.1")).is_none());
    assert_eq!(d.items()[&code("E3.1.2")][0].group(), Some("운영비"));
    // 세출 = 300,000 + 240,000 + 50,000.
    assert_eq!(
        d.budget().total(LineKind::Expenditure).amount,
        Won::new(590_000)
    );
    // The original is unchanged (versions are immutable values).
    assert_eq!(c.amount(&code("E3.1.1")), Won::new(125_000));
}

#[test]
fn every_problem_of_an_edit_is_named_by_line_item_and_field() {
    let c = first(Rounding::Up);
    let e = ProposalEdit {
        lines: vec![
            EditLine {
                economic: None,
                code: "E3.1.1".into(),
                amount: None,
                items: vec![
                    edit_item("50,000", "2명"),
                    edit_item("오만원", "2명"),
                    edit_item("1,000", "3회 × "),
                ],
            },
            EditLine {
                economic: None,
                code: "E9".into(),
                amount: Some(1),
                items: vec![],
            },
            EditLine {
                economic: None,
                code: "E3.1".into(),
                amount: Some(1),
                items: vec![],
            },
            EditLine {
                economic: None,
                code: "E3.1.2".into(),
                amount: Some(-5),
                items: vec![],
            },
            EditLine {
                economic: None,
                code: "E4".into(),
                amount: Some(5),
                items: vec![edit_item("1", "1")],
            },
        ],
    };
    let Err(ProposalError::Edit(p)) = c.with_edit(&e, Rounding::Up) else {
        panic!("refused")
    };
    let ko: Vec<String> = p.iter().map(Bilingual::ko).collect();
    assert_eq!(p.len(), 6, "{ko:?}");
    assert!(
        ko[0].starts_with("과목 E3.1.1 산출기초 2번 단가: "),
        "{ko:?}"
    );
    assert!(
        ko[1].starts_with("과목 E3.1.1 산출기초 3번 수량·횟수: "),
        "{ko:?}"
    );
    assert_eq!(ko[2], "과목 E9 과목: 예산안에 없는 과목입니다");
    assert_eq!(
        ko[3],
        "과목 E3.1 과목: 하위 과목이 있는 과목의 금액은 하위 과목의 합입니다"
    );
    assert_eq!(ko[4], "과목 E3.1.2 금액: 금액은 0 이상이어야 합니다");
    assert!(ko[5].starts_with("과목 E4 금액: "), "{ko:?}");
    assert!(p[0].en().starts_with("line E3.1.1, item 2, unit price: "));
}

#[test]
fn the_view_compares_with_the_base_years_final_budget() {
    let c = first(Rounding::Up);
    let v = view(&c, &base(), 1, vec![], Status::Editing);
    let r = |k: &str| v.rows.iter().find(|r| r.code == k).unwrap();
    // E3.1.1: 125,000 against 400,000: △275,000, △68.75% → △68.8.
    let leaf = r("E3.1.1");
    assert_eq!(
        (leaf.amount, leaf.current, leaf.change),
        (125_000, 400_000, -275_000)
    );
    assert_eq!(leaf.rate.as_deref(), Some("△68.8"));
    assert_eq!((leaf.exact, leaf.rounding), (Some(124_950), Some(50)));
    assert_eq!(leaf.items[1].amount, 1_500);
    assert_eq!(leaf.items[0].formula, "12,345원 × 10명");
    assert_eq!(leaf.depth, 2);
    // E3.1: 325,000 against 650,000 (the retired line was in 2023's).
    assert_eq!(
        (r("E3.1").current, r("E3.1").rate.as_deref()),
        (650_000, Some("△50.0"))
    );
    assert_eq!(r("R1").rate.as_deref(), Some("0.0"));
    // Programs: E3.1 and its projects, 행정운영경비 (E1), 예비비.
    let names: Vec<(&str, usize)> = v
        .programs
        .iter()
        .map(|p| (p.name.as_str(), p.depth))
        .collect();
    assert_eq!(
        names,
        [
            ("E3.1 이름", 0),
            ("E3.1.1 이름", 1),
            ("E3.1.2 이름", 1),
            ("행정운영경비", 0),
            ("E1 이름", 1),
            ("E4 이름", 0),
        ]
    );
    // 세출: 675,000 against 1,000,000: △32.5%.
    assert_eq!(v.totals[1].change, -325_000);
    assert_eq!(v.totals[1].rate.as_deref(), Some("△32.5"));
    assert_eq!(v.categories.len(), 4);
    assert_eq!(v.rounding, "천원 미만 절상");
    // A line new against a zero base is 순증.
    assert_eq!(
        view::rate_text(Won::new(5), Won::ZERO).as_deref(),
        Some("순증")
    );
}

#[test]
fn the_diff_lists_changed_lines_and_items() {
    let a = first(Rounding::Up);
    let e = ProposalEdit {
        lines: vec![EditLine {
            economic: None,
            code: "E3.1.1".into(),
            amount: None,
            // Item 1 as before, item 2 changed (1,000 × 4회 × 50% = 2,000),
            // item 3 added (500 × 2 = 1,000): 123,450 + 2,000 + 1,000 =
            // 126,450 → 127,000.
            items: vec![
                EditItem {
                    group: None,
                    description: "강사료".into(),
                    unit_price: "12,345".into(),
                    factors: "10명".into(),
                },
                EditItem {
                    group: None,
                    description: "다과".into(),
                    unit_price: "1,000".into(),
                    factors: "4회*50%".into(),
                },
                EditItem {
                    group: None,
                    description: "물".into(),
                    unit_price: "500".into(),
                    factors: "2".into(),
                },
            ],
        }],
    };
    let b = a.with_edit(&e, Rounding::Up).unwrap();
    let d = diff(1, &a, 2, &b);
    let codes: Vec<&str> = d.lines.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(codes, ["E3", "E3.1", "E3.1.1"]);
    assert_eq!(
        (d.lines[2].from, d.lines[2].to),
        (Some(125_000), Some(127_000))
    );
    assert_eq!(
        d.lines[2].items,
        [
            ItemChange::Changed {
                item: 2,
                from: "다과 1,000원 × 3회 × 50%".into(),
                to: "다과 1,000원 × 4회 × 50%".into()
            },
            ItemChange::Added {
                item: 3,
                to: "물 500원 × 2".into()
            },
        ]
    );
    let back = diff(2, &b, 1, &a);
    assert_eq!(
        back.lines[2].items[1],
        ItemChange::Removed {
            item: 3,
            from: "물 500원 × 2".into()
        }
    );
    assert!(diff(1, &a, 1, &a).lines.is_empty());
}

#[test]
fn the_stored_form_reads_back_and_refuses_a_tampered_total() {
    let c = first(Rounding::Up);
    let r = c.record();
    assert_eq!(Content::from_record(&r).unwrap(), c);
    let mut bad = r.clone();
    let l = bad.lines.iter_mut().find(|l| l.code == "E3.1.1").unwrap();
    l.amount = Some(124_950);
    assert!(matches!(
        Content::from_record(&bad),
        Err(ProposalError::Stored { .. })
    ));
    let mut bad = r;
    bad.rounding = "sometimes".into();
    assert!(matches!(
        Content::from_record(&bad),
        Err(ProposalError::Stored { .. })
    ));
}

#[test]
fn adoption_needs_an_empty_year_with_the_drafts_lines() {
    let c = first(Rounding::Up);
    // The year as opened: the draft's lines at zero.
    let zero: Vec<BudgetLine> = c
        .budget()
        .lines()
        .iter()
        .map(|l| BudgetLine {
            amount: c.budget().is_leaf(&l.code).then_some(Won::ZERO),
            economic: None,
            ..l.clone()
        })
        .collect();
    let year = Budget::new(2024, String::new(), zero.clone()).unwrap();
    let lines = c.adopted_by(&year).unwrap();
    let adopted = Budget::new(2024, String::new(), lines).unwrap();
    assert_eq!(
        adopted.figures(&code("E3.1.1")).unwrap().amount,
        Won::new(125_000)
    );
    assert_eq!(
        adopted.total(LineKind::Expenditure).amount,
        Won::new(675_000)
    );
    assert!(adopted.line(&code("E3.1.1")).unwrap().economic.is_some());
    // A year with a 본예산 already.
    let with = year.with_leaf_amount(&code("E4"), Won::new(7)).unwrap();
    assert_eq!(
        c.adopted_by(&with),
        Err(ProposalError::YearHasBudget {
            year: 2024,
            line: "E4".into(),
            amount: Won::new(7)
        })
    );
    // A year without one of the draft's lines: the line joins it, after
    // its siblings, with the draft's amount (200,000).
    let fewer: Vec<BudgetLine> = zero
        .iter()
        .filter(|l| l.code != code("E3.1.2"))
        .cloned()
        .collect();
    let fewer = Budget::new(2024, String::new(), fewer).unwrap();
    let grown = Budget::new(2024, String::new(), c.adopted_by(&fewer).unwrap()).unwrap();
    assert_eq!(
        grown.figures(&code("E3.1.2")).unwrap().amount,
        Won::new(200_000)
    );
    assert_eq!(
        grown
            .children(&code("E3.1"))
            .map(|l| l.code.as_str())
            .collect::<Vec<_>>(),
        ["E3.1.1", "E3.1.2"]
    );
    // A year where a leaf of the draft with money has lines below it.
    let mut deeper = zero.clone();
    deeper.push(line(
        "E3.1.1.1",
        LineKind::Expenditure,
        None,
        Some("E3.1.1"),
        Some(0),
    ));
    for l in &mut deeper {
        if l.code == code("E3.1.1") {
            l.amount = None;
        }
    }
    let deeper = Budget::new(2024, String::new(), deeper).unwrap();
    assert_eq!(
        c.adopted_by(&deeper),
        Err(ProposalError::MissingLine {
            year: 2024,
            line: "E3.1.1".into()
        })
    );
}

fn rounding() -> impl Strategy<Value = Rounding> {
    prop::sample::select(Rounding::ALL.to_vec())
}

proptest! {
    /// A leaf's amount is its items' summed products under the rule, and
    /// every parent is the sum of its children.
    #[test]
    fn amounts_are_rounded_sums_and_parents_sum_children(
        r in rounding(),
        lines in prop::collection::vec(
            prop::collection::vec((0_i64..2_000_000, 1_u32..500, 0_u32..200), 0..4),
            3,
        ),
    ) {
        let c = first(Rounding::Exact);
        let codes = ["E3.1.1", "E3.1.2", "E4"];
        let edit = ProposalEdit {
            lines: codes
                .iter()
                .zip(&lines)
                .map(|(k, items)| EditLine {
                    economic: None,
                    code: (*k).into(),
                    amount: items.is_empty().then_some(12_345),
                    items: items
                        .iter()
                        .map(|(p, q, pct)| EditItem {
                            group: None,
                            description: String::new(),
                            unit_price: p.to_string(),
                            factors: format!("{q}명 × {pct}%"),
                        })
                        .collect(),
                })
                .collect(),
        };
        let d = c.with_edit(&edit, r).unwrap();
        for (k, items) in codes.iter().zip(&lines) {
            let expected = if items.is_empty() {
                12_345
            } else {
                // Each product in whole won (fraction dropped), then the rule.
                let exact: i64 = items
                    .iter()
                    .map(|(p, q, pct)| i64::try_from(i128::from(*p) * i128::from(*q) * i128::from(*pct) / 100).unwrap())
                    .sum();
                r.apply(Won::new(exact)).get()
            };
            prop_assert_eq!(d.amount(&code(k)).get(), expected);
        }
        let b = d.budget();
        for l in b.lines() {
            if !b.is_leaf(&l.code) {
                let sum: i64 = b.children(&l.code).map(|ch| d.amount(&ch.code).get()).sum();
                prop_assert_eq!(d.amount(&l.code).get(), sum);
            }
        }
        prop_assert_eq!(Content::from_record(&d.record()).unwrap(), d);
    }
}

fn econ_line(c: &str, amount: i64, economic: &str) -> EditLine {
    EditLine {
        code: c.into(),
        amount: Some(amount),
        items: vec![],
        economic: Some(economic.into()),
    }
}

#[test]
fn an_edit_sets_clears_and_keeps_economic_codes() {
    // E3.1.1 carries 201-01 from the base year; E3.1.2 none.
    let c = first(Rounding::Up);
    let edit = ProposalEdit {
        lines: vec![
            econ_line("E3.1.2", 200_000, "307-05 민간위탁금"),
            econ_line("E3.1.1", 125_000, " "),
        ],
    };
    let d = c.with_edit(&edit, Rounding::Up).unwrap();
    let econ = |c: &Content, l: &str| c.budget().line(&code(l)).unwrap().economic;
    assert_eq!(
        econ(&d, "E3.1.2"),
        Some(EconomicCode::parse("307-05").unwrap())
    );
    assert_eq!(econ(&d, "E3.1.1"), None);
    // Amounts as typed: 200,000 and 125,000.
    assert_eq!(d.amount(&code("E3.1.2")), Won::new(200_000));
    // A line named without a code keeps its code.
    let keep = ProposalEdit {
        lines: vec![EditLine {
            code: "E3.1.2".into(),
            amount: Some(1_000),
            items: vec![],
            economic: None,
        }],
    };
    let k = d.with_edit(&keep, Rounding::Up).unwrap();
    assert_eq!(
        econ(&k, "E3.1.2"),
        Some(EconomicCode::parse("307-05").unwrap())
    );
    // The code alone, no name, sets it too.
    let bare = c
        .with_edit(
            &ProposalEdit {
                lines: vec![econ_line("E3.1.2", 200_000, "201-01")],
            },
            Rounding::Up,
        )
        .unwrap();
    assert_eq!(
        econ(&bare, "E3.1.2"),
        Some(EconomicCode::parse("201-01").unwrap())
    );
    // The diff lists both changed codes and nothing else: E3.1.1's amount
    // stayed 125,000, E3.1.2's 200,000.
    let diff = super::diff(1, &c, 2, &d);
    let changed: Vec<(&str, &str, &str)> = diff
        .lines
        .iter()
        .map(|l| {
            let e = l.economic.as_ref().unwrap();
            (l.code.as_str(), e.from.as_str(), e.to.as_str())
        })
        .collect();
    assert_eq!(
        changed,
        vec![("E3.1.1", "201-01", ""), ("E3.1.2", "", "307-05")]
    );
}

#[test]
fn an_unknown_or_misplaced_economic_code_refuses_the_edit() {
    let c = first(Rounding::Up);
    let edit = ProposalEdit {
        lines: vec![
            econ_line("E3.1.2", 200_000, "999-99"),
            econ_line("E3.1.1", 125_000, "201-01 민간위탁금"),
            econ_line("E4", 50_000, "사무관리비"),
            econ_line("R1", 1_000_000, "201-01"),
        ],
    };
    let Err(ProposalError::Edit(problems)) = c.with_edit(&edit, Rounding::Up) else {
        panic!("an unknown code must refuse the edit");
    };
    let fields: Vec<(&str, edit::Field)> = problems
        .iter()
        .map(|p| (p.line.as_str(), p.field))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("E3.1.2", edit::Field::Economic),
            ("E3.1.1", edit::Field::Economic),
            ("E4", edit::Field::Economic),
            ("R1", edit::Field::Economic),
        ]
    );
    assert!(
        problems[0]
            .ko()
            .starts_with("과목 E3.1.2 편성목·통계목: 999-99")
    );
    assert!(problems[0].en().starts_with("line E3.1.2, economic code"));
    assert_eq!(problems[3].issue, edit::Issue::EconomicOnRevenue);
    // A revenue line may be given a blank code (the grid posts one).
    let blank = ProposalEdit {
        lines: vec![econ_line("R1", 1_000_000, "")],
    };
    assert!(c.with_edit(&blank, Rounding::Up).is_ok());
}
