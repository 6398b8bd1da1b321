//! Every refusal of a structural edit, and the structure as of a date
//! after edits: on the small institution of `fixtures::small_dataset`.

use super::*;
use crate::amendment::{AmendmentKind, LineDelta};
use crate::fixtures::{code, day, small_dataset};
use crate::money::Won;
use crate::org::UnitKind;

fn unit(s: &str) -> UnitCode {
    UnitCode::parse(s).unwrap()
}

fn pc(s: &str) -> ProjectCode {
    ProjectCode::parse(s).unwrap()
}

/// The institution with its history, as the store would hold it.
struct World {
    d: Dataset,
    h: History,
    facts: Facts,
}

impl World {
    fn new() -> World {
        World {
            d: small_dataset(),
            h: History::default(),
            facts: Facts::default(),
        }
    }

    fn plan(&self, date: NaiveDate, edit: Edit) -> Result<Plan, Vec<Refusal>> {
        let cur = Current {
            dataset: &self.d,
            history: &self.h,
            facts: &self.facts,
        };
        plan(&cur, &Change { date, edit })
    }

    /// Plans and applies `edit`, as the store writes it.
    fn apply(&mut self, date: NaiveDate, edit: Edit) -> Plan {
        let p = self.plan(date, edit).expect("accepted");
        self.d = applied(&self.d, &p).expect("a valid dataset");
        for r in &p.records {
            self.h.add(r.clone());
        }
        if p.org.is_some() {
            self.facts.org_version = Some(date);
        }
        p
    }

    fn refused(&self, date: NaiveDate, edit: Edit) -> Vec<Refusal> {
        self.plan(date, edit).expect_err("refused")
    }
}

fn new_line(c: &str, parent: Option<&str>) -> Edit {
    Edit::AddLine(NewLine {
        code: code(c),
        name: format!("{c} 새 과목"),
        parent: parent.map(code),
        funding: None,
    })
}

fn supplementary(no: &str, date: NaiveDate, line: &str, won: i64) -> Amendment {
    Amendment {
        no: no.into(),
        date,
        kind: AmendmentKind::Supplementary,
        note: "이사회 의결".into(),
        changes: vec![LineDelta {
            line: code(line),
            delta: Won::new(won),
        }],
    }
}

fn fields(r: &[Refusal]) -> Vec<&'static str> {
    r.iter().map(Refusal::field).collect()
}

#[test]
fn a_line_is_added_under_its_parent_with_its_supplementary_budget() {
    let mut w = World::new();
    let p = w.apply(
        day(10, 20),
        Edit::AddLine(NewLine {
            funding: Some(supplementary("추경-1", day(10, 20), "P.1.n", 250)),
            ..match new_line("P.1.n", Some("P.1")) {
                Edit::AddLine(n) => n,
                _ => unreachable!(),
            }
        }),
    );
    assert_eq!(
        (p.entity, p.action, p.key.as_str()),
        ("line", "add", "P.1.n")
    );
    let codes: Vec<&str> = w.d.budget.lines().iter().map(|l| l.code.as_str()).collect();
    // Last under its parent, before the next group.
    assert_eq!(
        codes,
        [
            "R", "E1", "P", "P.1", "P.1.a", "P.1.z", "P.1.n", "P.2", "P.2.a", "P.2.a.1", "P.2.a.2"
        ]
    );
    let on = |date| w.d.budget_on(date).figures(&code("P.1.n")).unwrap().amount;
    assert_eq!(on(day(10, 20)), Won::new(250));
    assert_eq!(on(day(10, 19)), Won::ZERO);
    // Before its date it is not there at all.
    let before = dataset_on(&w.d, &w.h, day(10, 19));
    assert!(before.budget.line(&code("P.1.n")).is_none());
    assert_eq!(before.budget.lines().len(), 10);
    let after = dataset_on(&w.d, &w.h, day(10, 20));
    assert_eq!(
        after.budget.line(&code("P.1.n")).unwrap().name,
        "P.1.n 새 과목"
    );
}

#[test]
fn adding_a_line_is_refused_with_a_reason_by_field() {
    let w = World::new();
    let r = w.refused(
        day(10, 20),
        Edit::AddLine(NewLine {
            code: code("P.1.a"),
            name: "  ".into(),
            parent: Some(code("P.1.a")),
            funding: None,
        }),
    );
    assert_eq!(fields(&r), ["code", "name", "parent"]);
    assert!(
        r[0].korean()
            .contains("예산과목 코드 P.1.a은(는) 이미 있습니다"),
        "{}",
        r[0]
    );
    assert_eq!(r[1].korean(), "과목명을(를) 적으세요.");
    assert!(matches!(&r[2], Refusal::ParentHoldsMoney { parent } if parent.as_str() == "P.1.a"));
    assert!(
        r[2].korean().starts_with("상위 과목 P.1.a은(는)"),
        "{}",
        r[2]
    );
    // An unknown parent.
    let r = w.refused(day(10, 20), new_line("X", Some("Q")));
    assert!(
        matches!(
            &r[..],
            [Refusal::NoLine {
                field: "parent",
                ..
            }]
        ),
        "{r:?}"
    );
    // A zero leaf takes a child: it becomes a parent.
    let p = w
        .plan(day(10, 20), new_line("P.1.z.1", Some("P.1.z")))
        .expect("ok");
    let lines = p.lines.expect("lines");
    let z = lines.iter().find(|l| l.code.as_str() == "P.1.z").unwrap();
    assert_eq!(z.amount, None, "a parent's amount is its lines'");
    // A top-level line is a revenue line.
    let p = w.plan(day(10, 20), new_line("R2", None)).expect("ok");
    let r2 = p
        .lines
        .unwrap()
        .into_iter()
        .find(|l| l.code.as_str() == "R2")
        .unwrap();
    assert_eq!(r2.kind, crate::budget::LineKind::Revenue);
}

#[test]
fn the_date_is_in_the_year_and_not_before_the_latest_change() {
    let mut w = World::new();
    let r = w.refused(
        NaiveDate::from_ymd_opt(2024, 1, 2).unwrap(),
        new_line("X", Some("P.1")),
    );
    assert!(
        matches!(&r[..], [Refusal::OutsideYear { year: 2023, .. }]),
        "{r:?}"
    );
    assert_eq!(r[0].field(), "date");
    w.apply(day(11, 1), new_line("X", Some("P.1")));
    let r = w.refused(day(10, 31), new_line("Y", Some("P.1")));
    assert!(
        matches!(&r[..], [Refusal::BeforeLatest { latest, .. }] if *latest == day(11, 1)),
        "{r:?}"
    );
    assert!(
        r[0].korean().contains("2023-11-01 이후여야 합니다"),
        "{}",
        r[0]
    );
    // The same date and later are fine.
    assert!(w.plan(day(11, 1), new_line("Y", Some("P.1"))).is_ok());
    // An organisation version counts too.
    w.facts.org_version = Some(day(11, 5));
    assert!(w.plan(day(11, 1), new_line("Y", Some("P.1"))).is_err());
}

#[test]
fn a_renamed_line_keeps_its_old_name_before_the_date() {
    let mut w = World::new();
    let r = w.refused(
        day(11, 1),
        Edit::RenameLine {
            code: code("P.1.a"),
            name: "P.1.a 과목".into(),
        },
    );
    assert_eq!(r, [Refusal::SameName]);
    let p = w.apply(
        day(11, 1),
        Edit::RenameLine {
            code: code("P.1.a"),
            name: "디지털 정책연구".into(),
        },
    );
    // The state before, dated the year's first day, and the new one.
    let dates: Vec<NaiveDate> = p.records.iter().map(|r| r.effective).collect();
    assert_eq!(dates, [day(1, 1), day(11, 1)]);
    let name = |date| {
        dataset_on(&w.d, &w.h, date)
            .budget
            .line(&code("P.1.a"))
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(name(day(10, 18)), "P.1.a 과목");
    assert_eq!(name(day(11, 1)), "디지털 정책연구");
    assert_eq!(
        w.d.budget.line(&code("P.1.a")).unwrap().name,
        "디지털 정책연구"
    );
}

#[test]
fn moving_a_line_is_refused_where_it_would_break_a_rule() {
    let mut w = World::new();
    let mv = |c: &str, p: &str| Edit::MoveLine {
        code: code(c),
        parent: code(p),
    };
    // A top-level line.
    assert!(matches!(
        &w.refused(day(10, 20), mv("E1", "P"))[..],
        [Refusal::TopLevelLine { .. }]
    ));
    // Into itself.
    let r = w.refused(day(10, 20), mv("P.2", "P.2.a"));
    assert!(
        r.iter()
            .any(|r| matches!(r, Refusal::MoveIntoItself { .. })),
        "{r:?}"
    );
    // Across revenue and expenditure, onto a leaf with money.
    let r = w.refused(day(10, 20), mv("P.1.z", "R"));
    assert!(
        r.iter().any(|r| matches!(r, Refusal::KindDiffers { .. })),
        "{r:?}"
    );
    assert!(
        r.iter()
            .any(|r| matches!(r, Refusal::ParentHoldsMoney { .. })),
        "{r:?}"
    );
    // A project's line stays under its program group's.
    let r = w.refused(day(10, 20), mv("P.1.a", "P.2"));
    assert!(
        r.iter()
            .any(|r| matches!(r, Refusal::ProjectLine { program: false, .. })),
        "{r:?}"
    );
    assert!(r.iter().all(|r| r.field() == "parent"), "{r:?}");
    // A program group's line stays.
    let r = w.refused(day(10, 20), mv("P.2", "P.1"));
    assert!(
        r.iter()
            .any(|r| matches!(r, Refusal::ProjectLine { program: true, .. })),
        "{r:?}"
    );
    // Already there.
    assert_eq!(
        w.refused(day(10, 20), mv("P.2.a.1", "P.2.a")),
        [Refusal::SameParent { field: "parent" }]
    );
    // A line with entries stays inside its project; without, it may go.
    w.facts.with_entries.insert(code("P.2.a.1"));
    let r = w.refused(day(10, 20), mv("P.2.a.1", "P.1"));
    assert!(
        matches!(&r[..], [Refusal::EntriesLeaveProject { project, .. }] if project.as_str() == "2-1"),
        "{r:?}"
    );
    assert!(
        r[0].korean()
            .contains("집행 기록이 있어 사업 2-1 밖으로 옮길 수 없습니다")
    );
    w.apply(day(10, 20), mv("P.2.a.2", "P.1"));
    let codes: Vec<&str> = w.d.budget.lines().iter().map(|l| l.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "R", "E1", "P", "P.1", "P.1.a", "P.1.z", "P.2.a.2", "P.2", "P.2.a", "P.2.a.1"
        ]
    );
    assert_eq!(
        w.d.budget.figures(&code("P.1")).unwrap().amount,
        Won::new(1300)
    );
    // The last line under its parent cannot leave it.
    let r = w.refused(day(10, 21), mv("P.2.a.1", "P.2"));
    assert!(
        r.iter().any(|r| matches!(r, Refusal::LastChild { .. })),
        "{r:?}"
    );
    // Before the move the figures roll up as they did.
    let before = dataset_on(&w.d, &w.h, day(10, 19));
    assert_eq!(
        before.budget.figures(&code("P.1")).unwrap().amount,
        Won::new(1000)
    );
    assert_eq!(
        before.budget.figures(&code("P.2")).unwrap().amount,
        Won::new(700)
    );
}

#[test]
fn a_line_is_retired_only_without_money_entries_or_lines_in_use() {
    let mut w = World::new();
    let retire = |c: &str| Edit::RetireLine { code: code(c) };
    let r = w.refused(day(10, 20), retire("P.2.a.1"));
    assert!(
        matches!(&r[..], [Refusal::RetireWithBudget { budget, .. }] if *budget == Won::new(400)),
        "{r:?}"
    );
    assert!(
        r[0].korean()
            .contains("400원입니다. 먼저 전용·이용으로 0원으로 만드세요"),
        "{}",
        r[0]
    );
    let r = w.refused(day(10, 20), retire("P.2.a"));
    assert!(
        r.iter()
            .any(|r| matches!(r, Refusal::ProjectLine { program: false, .. })),
        "{r:?}"
    );
    assert!(
        r.iter()
            .any(|r| matches!(r, Refusal::RetireWithChildren { .. })),
        "{r:?}"
    );
    assert!(matches!(
        &w.refused(day(10, 20), retire("E1"))[..],
        [Refusal::TopLevelLine { .. }, ..]
    ));
    w.facts.with_entries.insert(code("P.1.z"));
    assert!(matches!(
        &w.refused(day(10, 20), retire("P.1.z"))[..],
        [Refusal::RetireWithEntries { .. }]
    ));
    w.facts.with_entries.clear();
    // An amendment dated after the retirement changes it.
    w.d.amendments
        .push(supplementary("추경-9", day(11, 1), "P.1.z", 0));
    let r = w.refused(day(10, 20), retire("P.1.z"));
    assert!(
        matches!(&r[..], [Refusal::RetireBeforeAmendment { no, .. }] if no == "추경-9"),
        "{r:?}"
    );
    w.d.amendments.clear();
    w.apply(day(10, 20), retire("P.1.z"));
    assert_eq!(w.h.retired(&code("P.1.z")), Some(day(10, 20)));
    // Retired: no more edits, no more money.
    let r = w.refused(day(10, 21), retire("P.1.z"));
    assert!(matches!(&r[..], [Refusal::LineRetired { .. }]), "{r:?}");
    let f = check_amendments(&w.h, &[supplementary("추경-2", day(10, 25), "P.1.z", 10)]);
    assert_eq!(f.len(), 1);
    assert!(
        f[0].to_string().contains("2023-10-20에 폐지되어"),
        "{}",
        f[0]
    );
    // It stays in the year's figures.
    assert!(
        dataset_on(&w.d, &w.h, day(12, 31))
            .budget
            .line(&code("P.1.z"))
            .is_some()
    );
}

#[test]
fn an_amendment_cannot_change_a_line_before_it_exists() {
    let mut w = World::new();
    w.apply(day(10, 20), new_line("P.1.n", Some("P.1")));
    let f = check_amendments(&w.h, &[supplementary("추경-1", day(10, 19), "P.1.n", 10)]);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].to_string().contains("2023-10-20부터 있어"), "{}", f[0]);
    assert!(
        check_amendments(&w.h, &[supplementary("추경-1", day(10, 20), "P.1.n", 10)]).is_empty()
    );
    // Funding dated before the line is refused with it.
    let r = w.refused(
        day(10, 25),
        Edit::AddLine(NewLine {
            code: code("P.1.m"),
            name: "새 사업".into(),
            parent: Some(code("P.1")),
            funding: Some(supplementary("추경-2", day(10, 24), "P.1.m", 10)),
        }),
    );
    assert_eq!(fields(&r), ["amendment_date"]);
}

fn project(c: &str, program: &str, line: &str) -> Project {
    let mut p = small_dataset().projects[0].clone();
    p.code = pc(c);
    p.program = pc(program);
    p.line = code(line);
    p.title = format!("새 사업 {c}");
    p
}

#[test]
fn a_program_group_and_a_project_are_added_with_their_sheet() {
    let mut w = World::new();
    let r = w.refused(
        day(10, 20),
        Edit::AddProgram(NewProgram {
            code: pc("2"),
            line: code("P.1"),
            name: String::new(),
        }),
    );
    assert_eq!(fields(&r), ["code", "line", "name"]);
    w.apply(
        day(10, 20),
        Edit::AddProgram(NewProgram {
            code: pc("3"),
            line: code("P.3"),
            name: "스마트도시".into(),
        }),
    );
    assert_eq!(w.d.programs.last().unwrap().line.as_str(), "P.3");
    assert_eq!(w.d.budget.lines().last().unwrap().code.as_str(), "P.3");
    w.apply(day(10, 20), new_line("P.3.a", Some("P.3")));
    // The project's line must be directly under its group's and free.
    let r = w.refused(
        day(10, 20),
        Edit::AddProject(Box::new(project("3-1", "3", "P.1.z"))),
    );
    assert!(matches!(&r[..], [Refusal::NotUnderProgram { .. }]), "{r:?}");
    let r = w.refused(
        day(10, 20),
        Edit::AddProject(Box::new(project("1-1", "1", "P.1.a"))),
    );
    assert_eq!(fields(&r), ["code", "line"]);
    assert!(r[1].korean().contains("이미 1-1의 과목입니다"), "{}", r[1]);
    let mut bad = project("3-1", "3", "P.3.a");
    bad.team = unit("NONE");
    bad.title = String::new();
    let r = w.refused(day(10, 20), Edit::AddProject(Box::new(bad)));
    assert_eq!(fields(&r), ["title", "team"]);
    let r = w.refused(
        day(10, 20),
        Edit::AddProject(Box::new(project("3-1", "9", "P.3.a"))),
    );
    assert_eq!(fields(&r), ["program"]);
    w.apply(
        day(10, 20),
        Edit::AddProject(Box::new(project("3-1", "3", "P.3.a"))),
    );
    let codes: Vec<&str> = w.d.projects.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["1-1", "2-1", "3-1"]);
    // A project for group 1 goes after 1-1, before group 2's.
    w.apply(
        day(10, 20),
        Edit::AddProject(Box::new(project("1-2", "1", "P.1.z"))),
    );
    let codes: Vec<&str> = w.d.projects.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(codes, ["1-1", "1-2", "2-1", "3-1"]);
    // Before their date, the group and the projects are not there.
    let before = dataset_on(&w.d, &w.h, day(10, 19));
    assert_eq!(before.programs.len(), 2);
    assert_eq!(before.projects.len(), 2);
    // Ending a project, once.
    w.apply(day(12, 1), Edit::EndProject { code: pc("3-1") });
    assert_eq!(w.h.ended(&pc("3-1")), Some(day(12, 1)));
    let r = w.refused(day(12, 2), Edit::EndProject { code: pc("3-1") });
    assert!(matches!(&r[..], [Refusal::ProjectEnded { .. }]), "{r:?}");
}

#[test]
fn units_are_added_renamed_moved_and_dissolved_by_the_rules() {
    let mut w = World::new();
    let new_unit = |c: &str, parent: Option<&str>| {
        Edit::AddUnit(crate::org::Unit {
            code: unit(c),
            name: format!("{c}실"),
            kind: UnitKind::Office,
            parent: parent.map(unit),
            head: None,
            duties: vec![],
            note: None,
        })
    };
    let r = w.refused(day(10, 20), new_unit("T1", Some("ZZ")));
    assert_eq!(fields(&r), ["code", "parent"]);
    assert!(
        r[0].korean().contains("부서 코드 T1은(는) 이미 있습니다"),
        "{}",
        r[0]
    );
    w.apply(day(10, 20), new_unit("DX", None));
    // A team moved under the new unit.
    let r = w.refused(
        day(10, 20),
        Edit::MoveUnit {
            code: unit("HQ"),
            parent: Some(unit("T1")),
        },
    );
    assert!(matches!(&r[..], [Refusal::UnitCycle { .. }]), "{r:?}");
    w.apply(
        day(10, 20),
        Edit::MoveUnit {
            code: unit("T1"),
            parent: Some(unit("DX")),
        },
    );
    assert_eq!(w.d.org.unit(&unit("T1")).unwrap().parent, Some(unit("DX")));
    // Dissolving: not while units are under it, not while it has projects
    // unless another unit takes them over.
    let dissolve = |c: &str, s: Option<&str>| Edit::DissolveUnit {
        code: unit(c),
        successor: s.map(unit),
    };
    let r = w.refused(day(10, 21), dissolve("DX", None));
    assert!(
        matches!(&r[..], [Refusal::DissolveWithChildren { .. }]),
        "{r:?}"
    );
    let r = w.refused(day(10, 21), dissolve("T2", None));
    assert!(
        matches!(&r[..], [Refusal::DissolveWithProjects { projects, .. }] if projects == &[pc("2-1")]),
        "{r:?}"
    );
    assert!(r[0].korean().contains("넘겨받을 부서를 고르세요"));
    assert_eq!(
        w.refused(day(10, 21), dissolve("T2", Some("T2"))),
        [Refusal::SuccessorIsSelf]
    );
    let p = w.apply(day(10, 21), dissolve("T2", Some("T1")));
    assert_eq!(p.records.len(), 2, "the project's team before and after");
    assert_eq!(w.d.projects[1].team, unit("T1"));
    assert!(w.d.org.unit(&unit("T2")).is_none());
    // Before the date, 2-1 was T2's.
    assert_eq!(
        dataset_on(&w.d, &w.h, day(10, 20)).projects[1].team,
        unit("T2")
    );
    // A head needs a name and an extension.
    let r = w.refused(
        day(10, 21),
        Edit::SetHead {
            code: unit("DX"),
            head: Some(Contact {
                name: "김".into(),
                ext: String::new(),
            }),
        },
    );
    assert_eq!(r, [Refusal::HeadIncomplete]);
    assert_eq!(r[0].field(), "head_name");
    let r = w.refused(
        day(10, 21),
        Edit::RenameUnit {
            code: unit("GONE"),
            name: "x".into(),
        },
    );
    assert!(
        matches!(&r[..], [Refusal::NoUnit { field: "code", .. }]),
        "{r:?}"
    );
}

#[test]
fn the_profile_is_dated_like_the_rest() {
    let mut w = World::new();
    let state = ProfileState {
        purpose: "새 목적".into(),
        purpose_source: "정관 제2조".into(),
        businesses: vec!["정책연구".into(), "교육".into()],
    };
    let r = w.refused(
        day(11, 1),
        Edit::SetProfile(ProfileState {
            purpose: " ".into(),
            ..state.clone()
        }),
    );
    assert_eq!(fields(&r), ["purpose"]);
    w.apply(day(11, 1), Edit::SetProfile(state));
    assert_eq!(
        dataset_on(&w.d, &w.h, day(10, 31)).institution.purpose,
        "시민 복리 증진"
    );
    assert_eq!(
        dataset_on(&w.d, &w.h, day(11, 1))
            .institution
            .businesses
            .len(),
        2
    );
}

#[test]
fn depth_first_keeps_siblings_in_order_and_puts_one_last() {
    let d = small_dataset();
    let lines = d.budget.lines().to_vec();
    assert_eq!(depth_first(lines.clone(), None), lines);
    assert_eq!(parents_first(lines.clone()), lines);
    let moved = depth_first(lines.clone(), Some(&code("P.1.a")));
    let codes: Vec<&str> = moved.iter().map(|l| l.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "R", "E1", "P", "P.1", "P.1.z", "P.1.a", "P.2", "P.2.a", "P.2.a.1", "P.2.a.2"
        ]
    );
    let mut reversed = lines;
    reversed.reverse();
    let fixed = parents_first(reversed);
    assert!(
        fixed.iter().position(|l| l.code.as_str() == "P").unwrap()
            < fixed.iter().position(|l| l.code.as_str() == "P.1").unwrap()
    );
}
