//! Small fixtures shared by the domain's unit tests: a two-leaf budget
//! (E = E.1 1,000원 + E.2 500원), the same with a reserve, and helpers for
//! lines, codes and dates of 2023.

use crate::budget::{Budget, BudgetLine, Category, LineKind};
use crate::code::LineCode;
use crate::money::Won;
use chrono::NaiveDate;

pub(crate) fn code(s: &str) -> LineCode {
    LineCode::parse(s).unwrap()
}

/// An expenditure line: `code`, under `parent`, of `category` (a top
/// line's), with `amount` (a leaf's); named by its code.
pub(crate) fn line(
    code_: &str,
    parent: Option<&str>,
    category: Option<Category>,
    amount: Option<i64>,
) -> BudgetLine {
    BudgetLine {
        code: code(code_),
        kind: LineKind::Expenditure,
        category,
        name: code_.into(),
        parent: parent.map(code),
        amount: amount.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    }
}

/// E = E.1 1,000원 + E.2 500원, and a reserve R whose line R.1 holds
/// R.1.a 300원.
pub(crate) fn budget_with_reserve() -> Budget {
    Budget::new(
        2023,
        String::new(),
        vec![
            line("E", None, Some(Category::Program), None),
            line("E.1", Some("E"), None, Some(1000)),
            line("E.2", Some("E"), None, Some(500)),
            line("R", None, Some(Category::Reserve), None),
            line("R.1", Some("R"), None, None),
            line("R.1.a", Some("R.1"), None, Some(300)),
        ],
    )
    .unwrap()
}

pub(crate) fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, m, d).unwrap()
}

pub(crate) fn budget() -> Budget {
    let l = |c: &str, p: Option<&str>, a: Option<i64>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: p.is_none().then_some(Category::Program),
        name: c.into(),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    };
    Budget::new(
        2023,
        String::new(),
        vec![
            l("E", None, None),
            l("E.1", Some("E"), Some(1000)),
            l("E.2", Some("E"), Some(500)),
        ],
    )
    .unwrap()
}

/// A budget of expenditure lines `(code, parent, name)`, each leaf 1,000원.
pub(crate) fn budget_with(lines: &[(&str, Option<&str>, &str)]) -> Budget {
    let parents: Vec<&str> = lines.iter().filter_map(|l| l.1).collect();
    Budget::new(
        2023,
        String::new(),
        lines
            .iter()
            .map(|&(c, p, name)| BudgetLine {
                code: code(c),
                kind: LineKind::Expenditure,
                category: p.is_none().then_some(Category::Program),
                name: name.into(),
                parent: p.map(code),
                amount: (!parents.contains(&c)).then_some(Won::new(1_000)),
                prior: None,
                view_name: None,
                economic: None,
            })
            .collect(),
    )
    .unwrap()
}

/// A budget of two program groups under one category: P.1 (P.1.a 1,000원,
/// P.1.b 500원) and P.2 (P.2.a 700원).
pub(crate) fn two_programs() -> Budget {
    let l = |c: &str, p: Option<&str>, a: Option<i64>| BudgetLine {
        code: code(c),
        kind: LineKind::Expenditure,
        category: p.is_none().then_some(Category::Program),
        name: c.into(),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    };
    Budget::new(
        2023,
        String::new(),
        vec![
            l("P", None, None),
            l("P.1", Some("P"), None),
            l("P.1.a", Some("P.1"), Some(1000)),
            l("P.1.b", Some("P.1"), Some(500)),
            l("P.2", Some("P"), None),
            l("P.2.a", Some("P.2"), Some(700)),
        ],
    )
    .unwrap()
}

/// A small institution for the structural edits' tests:
///
/// - units: 본부 HQ with 팀 T1 and T2; 팀 AUD directly under the head;
/// - budget: revenue R 3,000원; 인건비 E1 300원; 사업비 P with program
///   groups 1 (line P.1: P.1.a 1,000원 for project 1-1, P.1.z 0원) and
///   2 (line P.2: P.2.a for project 2-1, with P.2.a.1 400원 and
///   P.2.a.2 300원 under it);
/// - projects 1-1 (team T1) and 2-1 (team T2), both under HQ's head.
pub(crate) fn small_dataset() -> crate::Dataset {
    use crate::code::{ProjectCode, UnitCode};
    use crate::org::{Contact, Organization, Unit, UnitKind};
    use crate::project::{Program, Project};
    let unit = |c: &str, name: &str, kind, parent: Option<&str>| Unit {
        code: UnitCode::parse(c).unwrap(),
        name: name.into(),
        kind,
        parent: parent.map(|p| UnitCode::parse(p).unwrap()),
        head: Some(Contact {
            name: format!("{name}장"),
            ext: "1000".into(),
        }),
        duties: vec![],
        note: None,
    };
    let org = Organization::new(vec![
        unit("HQ", "사업본부", UnitKind::Division, None),
        unit("T1", "정책팀", UnitKind::Team, Some("HQ")),
        unit("T2", "교육팀", UnitKind::Team, Some("HQ")),
        unit("AUD", "감사팀", UnitKind::Team, None),
    ])
    .unwrap();
    let l = |c: &str, kind, cat, p: Option<&str>, a: Option<i64>| BudgetLine {
        code: code(c),
        kind,
        category: cat,
        name: format!("{c} 과목"),
        parent: p.map(code),
        amount: a.map(Won::new),
        prior: None,
        view_name: None,
        economic: None,
    };
    use LineKind::{Expenditure as E, Revenue as R};
    let budget = Budget::new(
        2023,
        "2022 최종예산".into(),
        vec![
            l("R", R, None, None, Some(3000)),
            l("E1", E, Some(Category::Personnel), None, Some(300)),
            l("P", E, Some(Category::Program), None, None),
            l("P.1", E, None, Some("P"), None),
            l("P.1.a", E, None, Some("P.1"), Some(1000)),
            l("P.1.z", E, None, Some("P.1"), Some(0)),
            l("P.2", E, None, Some("P"), None),
            l("P.2.a", E, None, Some("P.2"), None),
            l("P.2.a.1", E, None, Some("P.2.a"), Some(400)),
            l("P.2.a.2", E, None, Some("P.2.a"), Some(300)),
        ],
    )
    .unwrap();
    let pc = |s: &str| ProjectCode::parse(s).unwrap();
    let project = |c: &str, program: &str, line: &str, team: &str| Project {
        code: pc(c),
        program: pc(program),
        line: code(line),
        title: format!("사업 {c}"),
        executive: UnitCode::parse("HQ").unwrap(),
        team: UnitCode::parse(team).unwrap(),
        officer: Contact {
            name: "담당자".into(),
            ext: "1001".into(),
        },
        purpose: "목적".into(),
        background: "배경".into(),
        content: "내용".into(),
        budget_notes: vec![],
        achievements_heading: None,
        schedule_heading: None,
        achievements: crate::outline::Outline::parse("").unwrap(),
        indicators: vec![],
        schedule: vec![],
    };
    crate::Dataset::new(crate::Parts {
        institution: crate::institution::Institution {
            name_ko: "테스트재단".into(),
            name_en: "Test Foundation".into(),
            as_of: day(10, 18),
            fiscal_year: 2023,
            phone_prefix: String::new(),
            purpose: "시민 복리 증진".into(),
            purpose_source: "정관 제2조".into(),
            businesses: vec!["정책연구".into()],
        },
        org,
        staffing: crate::staffing::Staffing::new(day(10, 18), vec![], vec![]).unwrap(),
        budget,
        programs: vec![
            Program {
                code: pc("1"),
                line: code("P.1"),
            },
            Program {
                code: pc("2"),
                line: code("P.2"),
            },
        ],
        projects: vec![
            project("1-1", "1", "P.1.a", "T1"),
            project("2-1", "2", "P.2.a", "T2"),
        ],
        amendments: vec![],
        expected: crate::curve::ExpectedCurve::default(),
        entries: vec![],
    })
    .unwrap()
}
