//! Ⅱ 정책목표 및 추진전략 and Ⅲ 주요 현안업무: the strategy hierarchy (as
//! data and as the one table every format lays out) and each project's
//! sheet.

use crate::cells::{exec_row, money_cell};
use crate::model::{
    ContactView, IndicatorView, OutlineView, ScheduleView, Sheet, StrategyGroup, StrategyProject,
};
use crate::table::{Align, Cell, Column, Row, RowKind, Table};
use crate::words::Words;
use yesan_domain::budget::Budget;
use yesan_domain::execution::ExecutionStatus;
use yesan_domain::money::thousand_won;
use yesan_domain::outline::{OutlineLine, mentioned_dates, render_text};
use yesan_domain::{Dataset, Won};

/// Ⅱ: the program groups with their projects and budgets.
pub(crate) fn strategy(d: &Dataset, b: &Budget) -> Vec<StrategyGroup> {
    let unit_name =
        |c: &yesan_domain::UnitCode| d.org.unit(c).map(|u| u.name.clone()).unwrap_or_default();
    d.programs
        .iter()
        .map(|p| StrategyGroup {
            code: p.code.to_string(),
            name: b.line(&p.line).map(|l| l.name.clone()).unwrap_or_default(),
            budget: b.figures(&p.line).map_or(Won::ZERO, |f| f.amount),
            projects: d
                .projects
                .iter()
                .filter(|x| x.program == p.code)
                .map(|x| StrategyProject {
                    code: x.code.to_string(),
                    title: x.title.clone(),
                    team: unit_name(&x.team),
                    budget: b.figures(&x.line).map_or(Won::ZERO, |f| f.amount),
                })
                .collect(),
        })
        .collect()
}

/// Ⅱ as a table: a subtotal row per program group, a row per project.
/// Every format lays out this one table.
pub(crate) fn strategy_table(w: &Words, groups: &[StrategyGroup]) -> Table {
    let col = |t: &str, align| Column {
        title: t.into(),
        align,
    };
    let mut t = Table {
        id: "strategy".into(),
        units: Some(w.thousand_units.into()),
        groups: vec![],
        columns: vec![
            col(w.number, Align::Center),
            col(w.program_or_project, Align::Left),
            col(w.team, Align::Center),
            col(w.report_budget(), Align::Right),
        ],
        rows: vec![],
        notes: vec![],
    };
    for g in groups {
        t.rows.push(Row {
            kind: RowKind::Subtotal,
            cells: vec![
                Cell::text(&g.code),
                Cell::text(&g.name),
                Cell::text(""),
                money_cell(g.budget),
            ],
        });
        for p in &g.projects {
            t.rows.push(Row {
                kind: RowKind::Detail,
                cells: vec![
                    Cell::text(&p.code),
                    Cell::text(&p.title),
                    Cell::text(&p.team),
                    money_cell(p.budget),
                ],
            });
        }
    }
    t
}

/// Ⅲ: one project's sheet.
pub(crate) fn sheet(
    w: &Words,
    d: &Dataset,
    b: &Budget,
    p: &yesan_domain::project::Project,
    status: &ExecutionStatus,
) -> Sheet {
    let prefix = &d.institution.phone_prefix;
    let mut contacts = Vec::new();
    // The executive's line shows the main number; a team head's shows the extension.
    for (unit, main_number) in [(&p.executive, true), (&p.team, false)] {
        let Some((u, h)) = d
            .org
            .unit(unit)
            .and_then(|u| u.head.as_ref().map(|h| (u, h)))
        else {
            continue;
        };
        let phone = if main_number && !prefix.is_empty() {
            format!("{prefix}-{}", h.ext)
        } else {
            h.ext.clone()
        };
        contacts.push(ContactView {
            role: u.head_title(),
            name: h.name.clone(),
            phone,
        });
    }
    contacts.push(ContactView {
        role: w.officer.into(),
        name: p.officer.name.clone(),
        phone: p.officer.ext.clone(),
    });

    let mut achievements = Vec::new();
    for line in p.achievements.lines() {
        match line {
            OutlineLine::Item {
                depth,
                marker,
                text,
            } => {
                // Tokens were checked when the dataset was built.
                let text = render_text(text, &p.indicators).unwrap_or_else(|_| text.clone());
                achievements.push(OutlineView::Item {
                    depth: *depth,
                    marker: marker.clone(),
                    dates: mentioned_dates(&text, b.fiscal_year()),
                    text,
                });
            }
            OutlineLine::Row { depth, cells } => {
                let cells: Vec<String> = cells
                    .iter()
                    .map(|c| render_text(c, &p.indicators).unwrap_or_else(|_| c.clone()))
                    .collect();
                match achievements.last_mut() {
                    Some(OutlineView::Table {
                        depth: d0, rows, ..
                    }) if d0 == depth => rows.push(cells),
                    _ => achievements.push(OutlineView::Table {
                        depth: *depth,
                        header: cells,
                        rows: Vec::new(),
                    }),
                }
            }
        }
    }
    let budget = b.figures(&p.line).map_or(Won::ZERO, |f| f.amount);
    let program_name = d
        .program(&p.program)
        .and_then(|g| b.line(&g.line))
        .map(|l| l.name.clone())
        .unwrap_or_default();
    Sheet {
        code: p.code.to_string(),
        title: p.title.clone(),
        program: p.program.to_string(),
        program_name,
        contacts,
        purpose: p.purpose.clone(),
        background: p.background.lines().map(ToOwned::to_owned).collect(),
        content: p.content.lines().map(ToOwned::to_owned).collect(),
        budget,
        budget_display: w.thousand_won(&w.figure(&thousand_won(budget))),
        budget_notes: p.budget_notes.clone(),
        achievements_heading: w.sheet_heading(p.achievements_heading()),
        achievements,
        indicators: p
            .indicators
            .iter()
            .map(|i| IndicatorView {
                name: i.name.clone(),
                value: i.value,
                unit: i.unit.clone(),
                display: i.display_value(),
                as_of: i.as_of,
                breakdown: i
                    .breakdown
                    .iter()
                    .map(|x| (x.label.clone(), x.value))
                    .collect(),
            })
            .collect(),
        schedule_heading: w.sheet_heading(p.schedule_heading()),
        schedule: p
            .schedule
            .iter()
            .map(|s| ScheduleView {
                group: s.group.clone(),
                text: s.text.clone(),
                period: s.period.as_ref().map(|x| w.period(x, b.fiscal_year())),
                start: s.period.as_ref().and_then(|x| x.start),
                end: s.period.as_ref().and_then(|x| x.end),
            })
            .collect(),
        execution: exec_row(
            Some(p.line.to_string()),
            p.title.clone(),
            status.line(&p.line),
        ),
        targets: Vec::new(),
        target_table: None,
    }
}
