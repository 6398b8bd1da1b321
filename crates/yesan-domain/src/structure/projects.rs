//! Program groups and projects: a program group is added with its line
//! under the 사업비 line; a project with its sheet, on a line directly
//! under its group's line that no other project has; a project is ended
//! (the next year opens without it). And the institution's profile.

use super::lines::line_records_new;
use super::{
    Before, Change, Current, NewProgram, Plan, ProfileState, ProjectState, Record, Refusal, State,
    Subject, check_name, check_paragraph, done, rule,
};
use crate::budget::{BudgetLine, Category};
use crate::code::ProjectCode;
use crate::money::Won;
use crate::project::{Program, Project};
use chrono::NaiveDate;

fn taken(cur: &Current<'_>, code: &ProjectCode) -> bool {
    let d = cur.dataset;
    d.programs.iter().any(|g| &g.code == code) || d.projects.iter().any(|p| &p.code == code)
}

pub(super) fn add_program(
    cur: &Current<'_>,
    change: &Change,
    n: &NewProgram,
) -> Result<Plan, Vec<Refusal>> {
    let d = cur.dataset;
    let b = &d.budget;
    let mut errors = Vec::new();
    if taken(cur, &n.code) {
        errors.push(Refusal::CodeTaken {
            field: "code",
            what: "사업군",
            code: n.code.to_string(),
        });
    }
    if b.line(&n.line).is_some() {
        errors.push(Refusal::CodeTaken {
            field: "line",
            what: "예산과목",
            code: n.line.to_string(),
        });
    }
    check_name(
        &mut errors,
        "name",
        "사업군 이름",
        "program group name",
        &n.name,
    );
    let Some(category) = b.category_line(Category::Program) else {
        errors.push(Refusal::NoProgramCategory);
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let line = BudgetLine {
        code: n.line.clone(),
        kind: category.kind,
        category: None,
        name: n.name.trim().to_owned(),
        parent: Some(category.code.clone()),
        amount: Some(Won::ZERO),
        prior: None,
        view_name: None,
        economic: None,
    };
    let mut plan = Plan::new(change, "program", "add", n.code.to_string());
    plan.records.push(line_records_new(&line, change.date));
    // After the category's lines: the group is the last one.
    let mut lines = b.lines().to_vec();
    let at = lines
        .iter()
        .rposition(|l| b.ancestors(&l.code).iter().any(|a| a.code == category.code))
        .map_or(lines.len(), |i| i + 1);
    lines.insert(at, line);
    b.with_lines(lines.clone()).map_err(|f| rule("line", f))?;
    plan.lines = Some(lines);
    let mut programs = d.programs.clone();
    programs.push(Program {
        code: n.code.clone(),
        line: n.line.clone(),
    });
    plan.programs = Some(programs);
    Ok(plan)
}

fn state_of(p: &Project) -> ProjectState {
    ProjectState {
        title: p.title.clone(),
        executive: p.executive.clone(),
        team: p.team.clone(),
        ended: false,
    }
}

/// The records that put project `p` in `state` from `date` (its state
/// before dated the year's first day when it has none yet).
pub(super) fn project_records(
    cur: &Current<'_>,
    p: &Project,
    date: NaiveDate,
    state: ProjectState,
) -> Vec<Record> {
    let subject = Subject::Project(p.code.clone());
    let mut out = Vec::new();
    let start = cur.year_start();
    if matches!(cur.history.project_on(&p.code, date), super::On::Unrecorded) && date > start {
        out.push(Record {
            effective: start,
            subject: subject.clone(),
            state: State::Project(state_of(p)),
        });
    }
    out.push(Record {
        effective: date,
        subject,
        state: State::Project(state),
    });
    out
}

pub(super) fn add_project(
    cur: &Current<'_>,
    change: &Change,
    p: &Project,
) -> Result<Plan, Vec<Refusal>> {
    let d = cur.dataset;
    let b = &d.budget;
    let mut errors = Vec::new();
    if taken(cur, &p.code) {
        errors.push(Refusal::CodeTaken {
            field: "code",
            what: "사업",
            code: p.code.to_string(),
        });
    }
    check_name(&mut errors, "title", "사업명", "project title", &p.title);
    match d.programs.iter().find(|g| g.code == p.program) {
        None => errors.push(Refusal::NoProject {
            field: "program",
            code: p.program.clone(),
        }),
        Some(g) => match b.line(&p.line) {
            None => errors.push(Refusal::NoLine {
                field: "line",
                code: p.line.clone(),
            }),
            Some(l) => {
                if let Some(since) = cur.history.retired(&p.line) {
                    errors.push(Refusal::LineRetired {
                        field: "line",
                        code: p.line.clone(),
                        since,
                    });
                }
                if l.parent.as_ref() != Some(&g.line) {
                    errors.push(Refusal::NotUnderProgram {
                        line: p.line.clone(),
                        program: g.code.clone(),
                        program_line: g.line.clone(),
                    });
                }
                let owner = d
                    .projects
                    .iter()
                    .find(|x| x.line == p.line)
                    .map(|x| x.code.clone())
                    .or_else(|| {
                        d.programs
                            .iter()
                            .find(|x| x.line == p.line)
                            .map(|x| x.code.clone())
                    });
                if let Some(owner) = owner {
                    errors.push(Refusal::LineTaken {
                        line: p.line.clone(),
                        owner,
                    });
                }
            }
        },
    }
    for (field, unit) in [("executive", &p.executive), ("team", &p.team)] {
        if d.org.unit(unit).is_none() {
            errors.push(Refusal::NoUnit {
                field,
                code: unit.clone(),
            });
        }
    }
    check_name(
        &mut errors,
        "officer_name",
        "담당자",
        "officer",
        &p.officer.name,
    );
    for (field, label, text) in [
        ("purpose", "사업목적", &p.purpose),
        ("background", "추진배경", &p.background),
        ("content", "사업내용", &p.content),
    ] {
        check_paragraph(&mut errors, field, label, text);
    }
    for note in &p.budget_notes {
        check_paragraph(&mut errors, "budget_notes", "사업예산 비고", note);
    }
    let mut findings = Vec::new();
    p.check(&mut findings);
    errors.extend(rule("code", findings));
    let mut plan = Plan::new(change, "project", "add", p.code.to_string());
    plan.records.push(Record {
        effective: change.date,
        subject: Subject::Project(p.code.clone()),
        state: State::Project(state_of(p)),
    });
    // After the group's projects, before the next group's.
    let group_pos = |c: &ProjectCode| d.programs.iter().position(|g| &g.code == c);
    let mine = group_pos(&p.program);
    let mut projects = d.projects.clone();
    let at = projects
        .iter()
        .rposition(|x| group_pos(&x.program) <= mine)
        .map_or(0, |i| i + 1);
    projects.insert(at, p.clone());
    plan.projects = Some(projects);
    done(errors, plan)
}

pub(super) fn end(
    cur: &Current<'_>,
    change: &Change,
    code: &ProjectCode,
) -> Result<Plan, Vec<Refusal>> {
    let Some(p) = cur.dataset.projects.iter().find(|p| &p.code == code) else {
        return Err(vec![Refusal::NoProject {
            field: "code",
            code: code.clone(),
        }]);
    };
    if let Some(since) = cur.history.ended(code) {
        return Err(vec![Refusal::ProjectEnded {
            code: code.clone(),
            since,
        }]);
    }
    let mut plan = Plan::new(change, "project", "end", code.to_string());
    plan.before = Some(Before::Project(state_of(p)));
    let state = ProjectState {
        ended: true,
        ..state_of(p)
    };
    plan.records = project_records(cur, p, change.date, state);
    Ok(plan)
}

pub(super) fn set_profile(
    cur: &Current<'_>,
    change: &Change,
    s: &ProfileState,
) -> Result<Plan, Vec<Refusal>> {
    let i = &cur.dataset.institution;
    let mut errors = Vec::new();
    if s.purpose.trim().is_empty() {
        errors.push(Refusal::Missing {
            field: "purpose",
            label: "설립목적",
            english: "purpose",
        });
    }
    check_paragraph(&mut errors, "purpose", "설립목적", &s.purpose);
    check_paragraph(&mut errors, "purpose_source", "근거", &s.purpose_source);
    for b in &s.businesses {
        check_paragraph(&mut errors, "businesses", "목적사업", b);
    }
    let before = ProfileState {
        purpose: i.purpose.clone(),
        purpose_source: i.purpose_source.clone(),
        businesses: i.businesses.clone(),
    };
    let mut plan = Plan::new(change, "institution", "profile", String::new());
    let start = cur.year_start();
    if matches!(cur.history.profile_on(change.date), super::On::Unrecorded) && change.date > start {
        plan.records.push(Record {
            effective: start,
            subject: Subject::Profile,
            state: State::Profile(before.clone()),
        });
    }
    plan.records.push(Record {
        effective: change.date,
        subject: Subject::Profile,
        state: State::Profile(s.clone()),
    });
    plan.before = Some(Before::Profile(before));
    plan.profile = Some(s.clone());
    done(errors, plan)
}
