//! Ⅰ 일반현황: purpose, organisation chart, staffing, duties, the budget
//! summaries against the prior year and the program view of the budget.

use crate::cells::{comparison, comparison_table, money_cell};
use crate::model::{
    BudgetTable, General, GradeView, OrgNode, ProgramBudget, ProgramGroupView, StaffingView,
};
use crate::table::{Align, Cell, Column, Row, RowKind, Table};
use crate::words::Words;
use yesan_domain::budget::{Budget, BudgetLine, Category, LineKind};
use yesan_domain::format::{amount, count, signed_count};
use yesan_domain::{Dataset, Won};

/// Ⅰ 일반현황.
pub(crate) fn general(w: &Words, d: &Dataset, b: &Budget, units_line: &str) -> General {
    let (revenue_summary, expenditure_summary) = summaries(w, b, units_line);
    General {
        purpose: d.institution.purpose.clone(),
        purpose_source: d.institution.purpose_source.clone(),
        businesses: d.institution.businesses.clone(),
        org_summary: w.org_summary(&d.org),
        org_chart: chart(&d.org, None),
        staffing: staffing(w, &d.staffing),
        duties: duties(w, d),
        revenue_summary,
        expenditure_summary,
        program_budget: program_budget(w, b),
    }
}

/// 인력: the staffing table with its differences.
fn staffing(w: &Words, st: &yesan_domain::staffing::Staffing) -> StaffingView {
    let grades: Vec<GradeView> = st
        .grades
        .iter()
        .map(|g| GradeView {
            grade: g.grade.clone(),
            authorized: g.authorized.into(),
            current: g.current.into(),
            difference: g.difference(),
        })
        .collect();
    let mut staffing_table = Table {
        id: "staffing".into(),
        // The seed puts this units line in the heading (□ 인력 : 53명 (…)).
        units: None,
        groups: vec![],
        columns: std::iter::once(Column {
            title: w.item.into(),
            align: Align::Center,
        })
        .chain(std::iter::once(Column {
            title: w.total.into(),
            align: Align::Right,
        }))
        .chain(grades.iter().map(|g| Column {
            title: g.grade.clone(),
            align: Align::Right,
        }))
        .collect(),
        rows: Vec::new(),
        notes: Vec::new(),
    };
    let row = |label: &str,
               total: i64,
               f: &dyn Fn(&GradeView) -> i64,
               cell: &dyn Fn(i64) -> String,
               kind| Row {
        kind,
        cells: std::iter::once(Cell::text(label))
            .chain(std::iter::once(Cell::figure(cell(total), total)))
            .chain(grades.iter().map(|g| Cell::figure(cell(f(g)), f(g))))
            .collect(),
    };
    staffing_table.rows.push(row(
        w.authorized,
        st.authorized(),
        &|g| g.authorized,
        &|v| count(v),
        RowKind::Normal,
    ));
    staffing_table.rows.push(row(
        w.current,
        st.current(),
        &|g| g.current,
        &|v| count(v),
        RowKind::Normal,
    ));
    staffing_table.rows.push(row(
        w.difference,
        st.difference(),
        &|g| g.difference,
        &|v| signed_count(v),
        RowKind::Subtotal,
    ));
    let outside: Vec<(String, i64)> = st
        .outside_quota
        .iter()
        .map(|o| (o.kind.clone(), i64::from(o.count)))
        .collect();
    if !outside.is_empty() {
        let parts: Vec<(String, String)> = outside
            .iter()
            .map(|(k, n)| (k.clone(), amount(*n)))
            .collect();
        staffing_table.notes.push(w.outside_quota(&parts));
    }
    StaffingView {
        as_of: st.as_of,
        headcount: st.headcount(),
        authorized: st.authorized(),
        current: st.current(),
        difference: st.difference(),
        grades,
        outside_quota: outside,
        units: w.staff_units(&w.date(st.as_of)),
        table: staffing_table,
    }
}

/// 조직도: the units under `parent`, each with its own.
fn chart(
    org: &yesan_domain::org::Organization,
    parent: Option<&yesan_domain::UnitCode>,
) -> Vec<OrgNode> {
    org.children(parent)
        .map(|u| OrgNode {
            code: u.code.to_string(),
            name: u.name.clone(),
            kind: u.kind.as_str().into(),
            head: u
                .head
                .as_ref()
                .map(|h| format!("{} {}", u.head_title(), h.name)),
            children: chart(org, Some(&u.code)),
        })
        .collect()
}

/// 팀별 주요업무: each unit's duties.
fn duties(w: &Words, d: &Dataset) -> Table {
    let mut duties = Table {
        id: "duties".into(),
        units: None,
        groups: vec![],
        columns: vec![
            Column {
                title: w.unit_name.into(),
                align: Align::Center,
            },
            Column {
                title: w.unit_duties.into(),
                align: Align::Left,
            },
        ],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for u in d.org.units().iter().filter(|u| !u.duties.is_empty()) {
        let text = u
            .duties
            .iter()
            .map(|g| {
                let items: Vec<String> = g
                    .items
                    .iter()
                    .map(|i| {
                        if g.title.is_some() {
                            format!("◦ {i}")
                        } else {
                            i.clone()
                        }
                    })
                    .collect();
                match &g.title {
                    Some(t) => format!("[{t}]\n{}", items.join("\n")),
                    None => items.join("\n"),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        duties.rows.push(Row {
            kind: RowKind::Normal,
            cells: vec![Cell::text(&u.name), Cell::text(text)],
        });
    }
    duties
}

/// 세입·세출 총괄: the roots of each side against the prior year.
pub(crate) fn summaries(w: &Words, b: &Budget, units_line: &str) -> (BudgetTable, BudgetTable) {
    let fy = b.fiscal_year();
    let this_year = w.this_year(fy);
    let prior_label = w.prior_label(b.prior_label(), fy);
    let rev_roots: Vec<&BudgetLine> = b.roots(LineKind::Revenue).collect();
    let rev_rows = comparison(w, b, &rev_roots, LineKind::Revenue);
    let revenue_summary = BudgetTable {
        table: comparison_table(
            w,
            "revenue-summary",
            units_line.to_owned(),
            this_year.clone(),
            prior_label.clone(),
            w.change.into(),
            &rev_rows,
        ),
        rows: rev_rows,
    };
    let exp_roots: Vec<&BudgetLine> = b.roots(LineKind::Expenditure).collect();
    let exp_rows = comparison(w, b, &exp_roots, LineKind::Expenditure);
    let expenditure_summary = BudgetTable {
        table: comparison_table(
            w,
            "expenditure-summary",
            units_line.to_owned(),
            this_year,
            prior_label,
            w.change.into(),
            &exp_rows,
        ),
        rows: exp_rows,
    };
    let (mut revenue_summary, mut expenditure_summary) = (revenue_summary, expenditure_summary);
    crate::cells::mark_typed_priors(w, &mut revenue_summary.table, b);
    crate::cells::mark_typed_priors(w, &mut expenditure_summary.table, b);
    (revenue_summary, expenditure_summary)
}

/// A group of the program view as lines: its own line (none for
/// 행정운영경비, made of the personnel and operating lines) and the lines
/// listed under it.
pub(crate) struct ProgramLines<'a> {
    pub(crate) group: Option<&'a BudgetLine>,
    pub(crate) items: Vec<&'a BudgetLine>,
}

/// The program view's groups, in order: each program group with its
/// lines, 행정운영경비, 예비비.
pub(crate) fn program_lines(b: &Budget) -> Vec<ProgramLines<'_>> {
    let mut groups = Vec::new();
    if let Some(program) = b.category_line(Category::Program) {
        for g in b.children(&program.code) {
            let items = if b.is_leaf(&g.code) {
                vec![]
            } else {
                b.children(&g.code).collect()
            };
            groups.push(ProgramLines {
                group: Some(g),
                items,
            });
        }
    }
    let admin: Vec<&BudgetLine> = [Category::Personnel, Category::Operating]
        .into_iter()
        .filter_map(|c| b.category_line(c))
        .collect();
    if !admin.is_empty() {
        groups.push(ProgramLines {
            group: None,
            items: admin,
        });
    }
    if let Some(reserve) = b.category_line(Category::Reserve) {
        groups.push(ProgramLines {
            group: Some(reserve),
            items: b.children(&reserve.code).collect(),
        });
    }
    groups
}

/// 사업별 예산: program groups, 행정운영경비, 예비비, and the total.
pub(crate) fn program_budget(w: &Words, b: &Budget) -> ProgramBudget {
    let amount_of = |l: &BudgetLine| b.figures(&l.code).map_or(Won::ZERO, |f| f.amount);
    let groups: Vec<ProgramGroupView> = program_lines(b)
        .into_iter()
        .map(|pl| match pl.group {
            Some(g) => ProgramGroupView {
                name: g.name.clone(),
                subtotal: amount_of(g),
                items: pl
                    .items
                    .iter()
                    .map(|l| (l.name.clone(), amount_of(l)))
                    .collect(),
            },
            // 행정운영경비 shows its lines by their program-view names
            // (인건비 → 인력운영비).
            None => ProgramGroupView {
                name: w.admin_costs.into(),
                subtotal: pl.items.iter().map(|l| amount_of(l)).sum(),
                items: pl
                    .items
                    .iter()
                    .map(|l| {
                        (
                            l.view_name.clone().unwrap_or_else(|| l.name.clone()),
                            amount_of(l),
                        )
                    })
                    .collect(),
            },
        })
        .collect();
    let total = b.total(LineKind::Expenditure).amount;
    let mut pt = Table {
        id: "program-budget".into(),
        units: Some(w.thousand_units.into()),
        groups: vec![],
        columns: vec![
            Column {
                title: w.item.into(),
                align: Align::Center,
            },
            Column {
                title: w.project_name.into(),
                align: Align::Left,
            },
            Column {
                // The seed's heading; in the report it means 예산현액.
                title: w.report_budget().into(),
                align: Align::Right,
            },
            Column {
                title: w.remarks.into(),
                align: Align::Left,
            },
        ],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for g in &groups {
        pt.rows.push(Row {
            kind: RowKind::Subtotal,
            cells: vec![
                Cell::text(&g.name),
                Cell::text(w.subtotal),
                money_cell(g.subtotal),
                Cell::text(""),
            ],
        });
        for (name, a) in &g.items {
            pt.rows.push(Row {
                kind: RowKind::Normal,
                cells: vec![
                    Cell::text(&g.name),
                    Cell::text(name),
                    money_cell(*a),
                    Cell::text(""),
                ],
            });
        }
    }
    pt.rows.push(Row {
        kind: RowKind::Total,
        cells: vec![
            Cell::text(w.grand_total),
            Cell::text(w.total),
            money_cell(total),
            Cell::text(""),
        ],
    });
    pt.merge_down(0);
    ProgramBudget {
        groups,
        total,
        table: pt,
    }
}
