//! Organisation units: add, rename, move under another unit, dissolve
//! (refused while units sit under it, and while projects belong to it
//! unless another unit takes them over), duties and heads. Each edit is a
//! new version of the whole organisation in force from its date; the
//! versions before it stay as they were.

use super::projects::project_records;
use super::{Before, Change, Current, Plan, ProjectState, Refusal, check_name, rule};
use crate::code::UnitCode;
use crate::org::{Contact, DutyGroup, Organization, Unit};

fn find<'a>(cur: &Current<'a>, field: &'static str, code: &UnitCode) -> Result<&'a Unit, Refusal> {
    cur.dataset.org.unit(code).ok_or_else(|| Refusal::NoUnit {
        field,
        code: code.clone(),
    })
}

/// The plan of a new organisation `units`, checked as a whole.
fn version(
    change: &Change,
    action: &'static str,
    code: &UnitCode,
    before: Option<&Unit>,
    units: Vec<Unit>,
) -> Result<Plan, Vec<Refusal>> {
    let org = Organization::new(units).map_err(|f| rule("parent", f))?;
    let mut plan = Plan::new(change, "unit", action, code.to_string());
    plan.before = before.cloned().map(Before::Unit);
    plan.org = Some(org);
    Ok(plan)
}

/// The organisation's units with `code`'s replaced by `f`'s result.
fn with_unit(cur: &Current<'_>, code: &UnitCode, f: impl FnOnce(&mut Unit)) -> Vec<Unit> {
    let mut units = cur.dataset.org.units().to_vec();
    if let Some(u) = units.iter_mut().find(|u| &u.code == code) {
        f(u);
    }
    units
}

fn check_head(errors: &mut Vec<Refusal>, head: Option<&Contact>) {
    if let Some(h) = head {
        if h.name.trim().is_empty() || h.ext.trim().is_empty() {
            errors.push(Refusal::HeadIncomplete);
        } else {
            check_name(errors, "head_name", "부서장", "head", &h.name);
            check_name(errors, "head_ext", "내선번호", "extension", &h.ext);
        }
    }
}

pub(super) fn add(cur: &Current<'_>, change: &Change, u: &Unit) -> Result<Plan, Vec<Refusal>> {
    let mut errors = Vec::new();
    if cur.dataset.org.unit(&u.code).is_some() {
        errors.push(Refusal::CodeTaken {
            field: "code",
            what: "부서",
            code: u.code.to_string(),
        });
    }
    check_name(&mut errors, "name", "부서명", "unit name", &u.name);
    if let Some(p) = &u.parent
        && let Err(r) = find(cur, "parent", p)
    {
        errors.push(r);
    }
    check_head(&mut errors, u.head.as_ref());
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut units = cur.dataset.org.units().to_vec();
    let mut unit = u.clone();
    unit.name = unit.name.trim().to_owned();
    units.push(unit);
    version(change, "add", &u.code, None, units)
}

pub(super) fn rename(
    cur: &Current<'_>,
    change: &Change,
    code: &UnitCode,
    name: &str,
) -> Result<Plan, Vec<Refusal>> {
    let unit = find(cur, "code", code).map_err(|r| vec![r])?;
    let mut errors = Vec::new();
    check_name(&mut errors, "name", "부서명", "unit name", name);
    if name.trim() == unit.name {
        errors.push(Refusal::SameName);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let units = with_unit(cur, code, |u| u.name = name.trim().to_owned());
    version(change, "rename", code, Some(unit), units)
}

pub(super) fn move_to(
    cur: &Current<'_>,
    change: &Change,
    code: &UnitCode,
    parent: Option<&UnitCode>,
) -> Result<Plan, Vec<Refusal>> {
    let unit = find(cur, "code", code).map_err(|r| vec![r])?;
    if unit.parent.as_ref() == parent {
        return Err(vec![Refusal::SameParent { field: "parent" }]);
    }
    if let Some(p) = parent {
        let new_parent = find(cur, "parent", p).map_err(|r| vec![r])?;
        // Walking up from the new parent must not meet the unit.
        let org = &cur.dataset.org;
        let mut at = Some(p);
        let mut steps = 0;
        while let Some(c) = at {
            if c == code {
                return Err(vec![Refusal::UnitCycle {
                    code: code.clone(),
                    name: unit.name.clone(),
                    parent: p.clone(),
                    parent_name: new_parent.name.clone(),
                }]);
            }
            steps += 1;
            if steps > crate::org::MAX_DEPTH + 1 {
                break;
            }
            at = org.unit(c).and_then(|u| u.parent.as_ref());
        }
    }
    let units = with_unit(cur, code, |u| u.parent = parent.cloned());
    version(change, "move", code, Some(unit), units)
}

pub(super) fn dissolve(
    cur: &Current<'_>,
    change: &Change,
    code: &UnitCode,
    successor: Option<&UnitCode>,
) -> Result<Plan, Vec<Refusal>> {
    let d = cur.dataset;
    let unit = find(cur, "code", code).map_err(|r| vec![r])?;
    let mut errors = Vec::new();
    if let Some(child) = d.org.children(Some(code)).next() {
        errors.push(Refusal::DissolveWithChildren {
            code: code.clone(),
            name: unit.name.clone(),
            child: child.code.clone(),
            child_name: child.name.clone(),
        });
    }
    let owned: Vec<&crate::project::Project> = d
        .projects
        .iter()
        .filter(|p| &p.team == code || &p.executive == code)
        .collect();
    match successor {
        Some(s) if s == code => errors.push(Refusal::SuccessorIsSelf),
        Some(s) => {
            if let Err(r) = find(cur, "successor", s) {
                errors.push(r);
            }
        }
        None if !owned.is_empty() => errors.push(Refusal::DissolveWithProjects {
            code: code.clone(),
            name: unit.name.clone(),
            projects: owned.iter().map(|p| p.code.clone()).collect(),
        }),
        None => {}
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let units: Vec<Unit> = d
        .org
        .units()
        .iter()
        .filter(|u| &u.code != code)
        .cloned()
        .collect();
    let mut plan = version(change, "dissolve", code, Some(unit), units)?;
    if let Some(s) = successor.filter(|_| !owned.is_empty()) {
        let swap = |u: &UnitCode| if u == code { s.clone() } else { u.clone() };
        let mut projects = d.projects.clone();
        for p in projects
            .iter_mut()
            .filter(|p| &p.team == code || &p.executive == code)
        {
            let state = ProjectState {
                title: p.title.clone(),
                executive: swap(&p.executive),
                team: swap(&p.team),
                ended: cur.history.ended(&p.code).is_some(),
            };
            plan.records
                .extend(project_records(cur, p, change.date, state.clone()));
            p.executive = state.executive;
            p.team = state.team;
        }
        plan.projects = Some(projects);
    }
    Ok(plan)
}

pub(super) fn set_duties(
    cur: &Current<'_>,
    change: &Change,
    code: &UnitCode,
    duties: &[DutyGroup],
) -> Result<Plan, Vec<Refusal>> {
    let unit = find(cur, "code", code).map_err(|r| vec![r])?;
    let mut errors = Vec::new();
    for g in duties {
        for text in g.title.iter().chain(&g.items) {
            if let Err(e) = crate::text::check_paragraph(text) {
                errors.push(Refusal::BadText {
                    field: "duties",
                    label: "주요업무",
                    reason: e.to_string(),
                });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let units = with_unit(cur, code, |u| u.duties = duties.to_vec());
    version(change, "duties", code, Some(unit), units)
}

pub(super) fn set_head(
    cur: &Current<'_>,
    change: &Change,
    code: &UnitCode,
    head: Option<&Contact>,
) -> Result<Plan, Vec<Refusal>> {
    let unit = find(cur, "code", code).map_err(|r| vec![r])?;
    let mut errors = Vec::new();
    check_head(&mut errors, head);
    if !errors.is_empty() {
        return Err(errors);
    }
    let units = with_unit(cur, code, |u| u.head = head.cloned());
    version(change, "head", code, Some(unit), units)
}
