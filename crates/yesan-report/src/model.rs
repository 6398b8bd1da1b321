//! The typed report data and its computation. [`build`] is the one place
//! where the report's figures are derived from the dataset: totals,
//! changes, rates, staffing differences, the organisation summary, the
//! program view of the budget and execution as of the date.

use crate::table::{Align, Cell, Column, Group, Row, RowKind, Table};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use yesan_domain::budget::{Budget, BudgetLine, Category, LineKind};
use yesan_domain::execution::{ExecutionStatus, LineExecution};
use yesan_domain::format::{amount, count, signed_count, thousand_won};
use yesan_domain::outline::{OutlineLine, mentioned_dates, render_text};
use yesan_domain::period::Period;
use yesan_domain::rate::{Change, ChangeRate, Rate, rate_cell};
use yesan_domain::{Dataset, Won};

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Title, names and dates.
    pub meta: Meta,
    /// Ⅰ 일반현황.
    pub general: General,
    /// Ⅱ 정책목표 및 추진전략: the strategy hierarchy.
    pub strategy: Vec<StrategyGroup>,
    /// Ⅲ 주요 현안업무: one sheet per project.
    pub sheets: Vec<Sheet>,
    /// Ⅳ 세입·세출예산 세부현황.
    pub detail: Detail,
}

/// Title, names and dates.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// e.g. `서울디지털재단`.
    pub name_ko: String,
    /// e.g. `Seoul Digital Foundation`.
    pub name_en: String,
    /// Fiscal year.
    pub fiscal_year: i32,
    /// The date execution is computed for.
    pub as_of: NaiveDate,
    /// `’23.10.18.`: the as-of date as units lines write it.
    pub as_of_label: String,
    /// e.g. `2023 업무현황`.
    pub title: String,
}

/// Ⅰ 일반현황.
#[derive(Debug, Clone, Serialize)]
pub struct General {
    /// 설립목적.
    pub purpose: String,
    /// Its legal source.
    pub purpose_source: String,
    /// 목적사업.
    pub businesses: Vec<String>,
    /// `1실 1본부 7팀`.
    pub org_summary: String,
    /// The organisation chart under the head of the institution.
    pub org_chart: Vec<OrgNode>,
    /// 인력.
    pub staffing: StaffingView,
    /// 팀별 주요업무.
    pub duties: Table,
    /// 세입 총괄.
    pub revenue_summary: BudgetTable,
    /// 세출 총괄.
    pub expenditure_summary: BudgetTable,
    /// The budget by program group and project (예산).
    pub program_budget: ProgramBudget,
}

/// A unit in the chart.
#[derive(Debug, Clone, Serialize)]
pub struct OrgNode {
    /// Unit code.
    pub code: String,
    /// Name.
    pub name: String,
    /// 실, 본부, 팀.
    pub kind: String,
    /// `경영전략실장 주성환`.
    pub head: Option<String>,
    /// Units under it.
    pub children: Vec<OrgNode>,
}

/// One grade's staffing.
#[derive(Debug, Clone, Serialize)]
pub struct GradeView {
    /// Grade.
    pub grade: String,
    /// 정원.
    pub authorized: i64,
    /// 현원.
    pub current: i64,
    /// 과부족.
    pub difference: i64,
}

/// 인력.
#[derive(Debug, Clone, Serialize)]
pub struct StaffingView {
    /// The date of the counts.
    pub as_of: NaiveDate,
    /// 현원 + 정원 외.
    pub headcount: i64,
    /// Total 정원.
    pub authorized: i64,
    /// Total 현원.
    pub current: i64,
    /// Total 과부족.
    pub difference: i64,
    /// By grade.
    pub grades: Vec<GradeView>,
    /// 정원 외 인력: kind and count.
    pub outside_quota: Vec<(String, i64)>,
    /// `(’23.10.18. 기준, 단위: 명)`.
    pub units: String,
    /// The table as shown.
    pub table: Table,
}

/// A budget line compared with the prior year.
#[derive(Debug, Clone, Serialize)]
pub struct ComparisonRow {
    /// Line code (`None` for the total).
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// 예산현액, won.
    pub amount: Won,
    /// Prior year's final budget, won.
    pub prior: Option<Won>,
    /// 증감.
    pub change: Option<Change>,
}

/// A table of [`ComparisonRow`]s.
#[derive(Debug, Clone, Serialize)]
pub struct BudgetTable {
    /// Rows, the total first.
    pub rows: Vec<ComparisonRow>,
    /// As shown.
    pub table: Table,
}

/// A group of the program view.
#[derive(Debug, Clone, Serialize)]
pub struct ProgramGroupView {
    /// Group name (구분).
    pub name: String,
    /// 소계, won.
    pub subtotal: Won,
    /// Its lines: name and amount.
    pub items: Vec<(String, Won)>,
}

/// The budget by program group (예산).
#[derive(Debug, Clone, Serialize)]
pub struct ProgramBudget {
    /// Groups: the program groups, 행정운영경비, 예비비.
    pub groups: Vec<ProgramGroupView>,
    /// 총예산 계.
    pub total: Won,
    /// As shown.
    pub table: Table,
}

/// Ⅱ: a program group with its projects.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyGroup {
    /// `1`.
    pub code: String,
    /// `디지털서울 싱크탱크`.
    pub name: String,
    /// The group's budget.
    pub budget: Won,
    /// Its projects.
    pub projects: Vec<StrategyProject>,
}

/// Ⅱ: one project in the hierarchy.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyProject {
    /// `1-1`.
    pub code: String,
    /// Title.
    pub title: String,
    /// Responsible team.
    pub team: String,
    /// Budget.
    pub budget: Won,
}

/// A person on a sheet's header line.
#[derive(Debug, Clone, Serialize)]
pub struct ContactView {
    /// `혁신사업본부장`, `담당`.
    pub role: String,
    /// Name(s).
    pub name: String,
    /// Phone as shown (`570-4613`, `4630`).
    pub phone: String,
}

/// A rendered outline element.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OutlineView {
    /// A bullet.
    Item {
        /// Depth.
        depth: usize,
        /// Marker.
        marker: String,
        /// Text with indicator tokens resolved.
        text: String,
        /// Dates the text mentions (e.g. `(7.24.)`), parsed.
        dates: Vec<Period>,
    },
    /// A table inside the outline.
    Table {
        /// Depth.
        depth: usize,
        /// Header cells.
        header: Vec<String>,
        /// Body rows.
        rows: Vec<Vec<String>>,
    },
}

/// An indicator as shown.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorView {
    /// Name.
    pub name: String,
    /// Value.
    pub value: i64,
    /// Unit.
    pub unit: String,
    /// `40,525명`.
    pub display: String,
    /// As-of date.
    pub as_of: Option<NaiveDate>,
    /// Parts as `어르신 5,625명`.
    pub breakdown: Vec<(String, i64)>,
}

/// A schedule item as shown.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    /// The heading it sits under.
    pub group: Option<String>,
    /// Text.
    pub text: String,
    /// Period label.
    pub period: Option<String>,
    /// Parsed dates.
    pub start: Option<NaiveDate>,
    /// Parsed dates.
    pub end: Option<NaiveDate>,
}

/// Ⅲ: one project sheet.
#[derive(Debug, Clone, Serialize)]
pub struct Sheet {
    /// `1-1`.
    pub code: String,
    /// Title.
    pub title: String,
    /// Program group code.
    pub program: String,
    /// Program group name.
    pub program_name: String,
    /// Header line.
    pub contacts: Vec<ContactView>,
    /// One-paragraph purpose.
    pub purpose: String,
    /// 추진배경, line by line (notes start with ※).
    pub background: Vec<String>,
    /// 사업내용.
    pub content: Vec<String>,
    /// 사업예산 (the budget line's amount).
    pub budget: Won,
    /// `318,800천원`.
    pub budget_display: String,
    /// Notes on the budget.
    pub budget_notes: Vec<String>,
    /// 추진실적 heading.
    pub achievements_heading: String,
    /// 추진실적.
    pub achievements: Vec<OutlineView>,
    /// Indicators.
    pub indicators: Vec<IndicatorView>,
    /// 향후일정 heading.
    pub schedule_heading: String,
    /// 향후일정.
    pub schedule: Vec<ScheduleView>,
    /// Execution of the project's line as of the date.
    pub execution: ExecutionRow,
}

/// One row of the execution table.
#[derive(Debug, Clone, Serialize)]
pub struct ExecutionRow {
    /// Line code (`None` for the total).
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// 예산현액.
    pub budget: Won,
    /// 원인행위액.
    pub committed: Won,
    /// 지출액.
    pub disbursed: Won,
    /// 원인행위율.
    pub commit_rate: Option<Rate>,
    /// 지출률.
    pub disburse_rate: Option<Rate>,
}

/// Ⅳ.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// 세입예산: every revenue leaf.
    pub revenue: BudgetTable,
    /// 세출예산 집행현황.
    pub execution: Vec<ExecutionRow>,
    /// The execution table as shown.
    pub execution_table: Table,
}

/// `’23.10.18.`
pub fn short_label(d: NaiveDate) -> String {
    format!("’{:02}.{}.{}.", d.year() % 100, d.month(), d.day())
}

fn money_cell(w: Won) -> Cell {
    Cell::figure(thousand_won(w), w.get())
}

fn rate_value(r: Option<Rate>) -> Option<f64> {
    #[allow(clippy::cast_precision_loss)]
    r.map(|r| r.tenths() as f64 / 10.0)
}

fn change_cells(change: Option<Change>) -> [Cell; 2] {
    match change {
        None => [Cell::text("-"), Cell::text("-")],
        Some(c) => {
            let rate = match c.rate {
                ChangeRate::Rate(r) => rate_value(Some(r)),
                _ => None,
            };
            [money_cell(c.amount), Cell::rate(c.rate.cell(), rate)]
        }
    }
}

fn line_name(l: &BudgetLine) -> String {
    l.name.clone()
}

fn comparison(budget: &Budget, lines: &[&BudgetLine], kind: LineKind) -> Vec<ComparisonRow> {
    let total = budget.total(kind);
    let mut rows = vec![ComparisonRow {
        code: None,
        name: "계".into(),
        amount: total.amount,
        prior: total.prior,
        change: total.change(),
    }];
    for l in lines {
        let f = budget
            .figures(&l.code)
            .unwrap_or(yesan_domain::budget::LineFigures {
                amount: Won::ZERO,
                prior: None,
            });
        rows.push(ComparisonRow {
            code: Some(l.code.to_string()),
            name: line_name(l),
            amount: f.amount,
            prior: f.prior,
            change: f.change(),
        });
    }
    rows
}

fn comparison_table(
    id: &str,
    units: String,
    this_year: String,
    prior: String,
    group: String,
    rows: &[ComparisonRow],
) -> Table {
    let mut t = Table {
        id: id.into(),
        units: Some(units),
        groups: vec![
            Group {
                title: String::new(),
                span: 3,
            },
            Group {
                title: group,
                span: 2,
            },
        ],
        columns: vec![
            Column {
                title: "구분".into(),
                align: Align::Left,
            },
            Column {
                title: this_year,
                align: Align::Right,
            },
            Column {
                title: prior,
                align: Align::Right,
            },
            Column {
                title: "증감액".into(),
                align: Align::Right,
            },
            Column {
                title: "증감률".into(),
                align: Align::Right,
            },
        ],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for r in rows {
        let [ca, cr] = change_cells(r.change);
        t.rows.push(Row {
            kind: if r.code.is_none() {
                RowKind::Total
            } else {
                RowKind::Normal
            },
            cells: vec![
                Cell::text(&r.name),
                money_cell(r.amount),
                r.prior.map_or_else(|| Cell::text("-"), money_cell),
                ca,
                cr,
            ],
        });
    }
    t
}

fn exec_row(code: Option<String>, name: String, x: LineExecution) -> ExecutionRow {
    ExecutionRow {
        code,
        name,
        budget: x.budget,
        committed: x.committed,
        disbursed: x.disbursed,
        commit_rate: x.commit_rate(),
        disburse_rate: x.disburse_rate(),
    }
}

/// Computes the report for `as_of`.
pub fn build(d: &Dataset, as_of: NaiveDate) -> Report {
    let amended = d.budget_on(as_of);
    let status = ExecutionStatus::compute(&amended, &d.ledger, as_of);
    build_with(d, &amended, &status)
}

/// Computes the report from the budget as amended on the date (예산현액)
/// and an execution status already at hand (the application layer takes
/// both from a snapshot of the store's per-day index instead of the
/// entries, so `d` may come without its ledger). `status` must have been
/// computed on `amended`, which is `d.budget_on(status.as_of())`.
pub fn build_with(d: &Dataset, amended: &Budget, status: &ExecutionStatus) -> Report {
    let as_of = status.as_of();
    let b = amended;
    let fy = b.fiscal_year();
    let as_of_label = short_label(as_of);
    let units_line = format!("({as_of_label} 기준, 단위 : 천원, %)");

    let meta = Meta {
        name_ko: d.institution.name_ko.clone(),
        name_en: d.institution.name_en.clone(),
        fiscal_year: fy,
        as_of,
        as_of_label: as_of_label.clone(),
        title: format!("{fy} 업무현황"),
    };

    // Ⅰ. Staffing.
    let st = &d.staffing;
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
            title: "구분".into(),
            align: Align::Center,
        })
        .chain(std::iter::once(Column {
            title: "계".into(),
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
        "정원",
        st.authorized(),
        &|g| g.authorized,
        &|v| count(v),
        RowKind::Normal,
    ));
    staffing_table.rows.push(row(
        "현원",
        st.current(),
        &|g| g.current,
        &|v| count(v),
        RowKind::Normal,
    ));
    staffing_table.rows.push(row(
        "과부족",
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
        staffing_table.notes.push(format!(
            "※ 정원 외 인력 : {}",
            outside
                .iter()
                .map(|(k, n)| format!("{k} {}명", amount(*n)))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let staffing = StaffingView {
        as_of: st.as_of,
        headcount: st.headcount(),
        authorized: st.authorized(),
        current: st.current(),
        difference: st.difference(),
        grades,
        outside_quota: outside,
        units: format!("({} 기준, 단위: 명)", short_label(st.as_of)),
        table: staffing_table,
    };

    // Ⅰ. Organisation.
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
    let mut duties = Table {
        id: "duties".into(),
        units: None,
        groups: vec![],
        columns: vec![
            Column {
                title: "부서명".into(),
                align: Align::Center,
            },
            Column {
                title: "업무내용".into(),
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

    // Ⅰ. Budget summaries.
    let this_year = format!("{fy} 예산현액");
    let prior_label = b.prior_label().to_owned();
    let rev_roots: Vec<&BudgetLine> = b.roots(LineKind::Revenue).collect();
    let rev_rows = comparison(b, &rev_roots, LineKind::Revenue);
    let revenue_summary = BudgetTable {
        table: comparison_table(
            "revenue-summary",
            units_line.clone(),
            this_year.clone(),
            prior_label.clone(),
            "증  감".into(),
            &rev_rows,
        ),
        rows: rev_rows,
    };
    let exp_roots: Vec<&BudgetLine> = b.roots(LineKind::Expenditure).collect();
    let exp_rows = comparison(b, &exp_roots, LineKind::Expenditure);
    let expenditure_summary = BudgetTable {
        table: comparison_table(
            "expenditure-summary",
            units_line.clone(),
            this_year,
            prior_label,
            "증  감".into(),
            &exp_rows,
        ),
        rows: exp_rows,
    };

    // Ⅰ. The program view: program groups, 행정운영경비, 예비비.
    let amount_of = |l: &BudgetLine| b.figures(&l.code).map_or(Won::ZERO, |f| f.amount);
    let mut groups = Vec::new();
    if let Some(program) = b.category_line(Category::Program) {
        for g in b.children(&program.code) {
            let items: Vec<(String, Won)> = if b.is_leaf(&g.code) {
                vec![]
            } else {
                b.children(&g.code)
                    .map(|l| (l.name.clone(), amount_of(l)))
                    .collect()
            };
            groups.push(ProgramGroupView {
                name: g.name.clone(),
                subtotal: amount_of(g),
                items,
            });
        }
    }
    let admin: Vec<&BudgetLine> = [Category::Personnel, Category::Operating]
        .into_iter()
        .filter_map(|c| b.category_line(c))
        .collect();
    if !admin.is_empty() {
        groups.push(ProgramGroupView {
            name: "행정운영경비".into(),
            subtotal: admin.iter().map(|l| amount_of(l)).sum(),
            items: admin
                .iter()
                .map(|l| {
                    (
                        l.view_name.clone().unwrap_or_else(|| l.name.clone()),
                        amount_of(l),
                    )
                })
                .collect(),
        });
    }
    if let Some(reserve) = b.category_line(Category::Reserve) {
        groups.push(ProgramGroupView {
            name: reserve.name.clone(),
            subtotal: amount_of(reserve),
            items: b
                .children(&reserve.code)
                .map(|l| (l.name.clone(), amount_of(l)))
                .collect(),
        });
    }
    let total = b.total(LineKind::Expenditure).amount;
    let mut pt = Table {
        id: "program-budget".into(),
        units: Some("(단위 : 천원)".into()),
        groups: vec![],
        columns: vec![
            Column {
                title: "구분".into(),
                align: Align::Center,
            },
            Column {
                title: "사업명".into(),
                align: Align::Left,
            },
            Column {
                title: "예산액".into(),
                align: Align::Right,
            },
            Column {
                title: "비고".into(),
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
                Cell::text("소 계"),
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
            Cell::text("총예산"),
            Cell::text("계"),
            money_cell(total),
            Cell::text(""),
        ],
    });
    pt.merge_down(0);
    let program_budget = ProgramBudget {
        groups,
        total,
        table: pt,
    };

    let general = General {
        purpose: d.institution.purpose.clone(),
        purpose_source: d.institution.purpose_source.clone(),
        businesses: d.institution.businesses.clone(),
        org_summary: d.org.summary(),
        org_chart: chart(&d.org, None),
        staffing,
        duties,
        revenue_summary,
        expenditure_summary,
        program_budget,
    };

    // Ⅱ and Ⅲ.
    let unit_name =
        |c: &yesan_domain::UnitCode| d.org.unit(c).map(|u| u.name.clone()).unwrap_or_default();
    let strategy: Vec<StrategyGroup> = d
        .programs
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
        .collect();
    let sheets = d.projects.iter().map(|p| sheet(d, b, p, status)).collect();

    // Ⅳ.
    let rev_leaves = b.leaves(LineKind::Revenue);
    let rev_rows = comparison(b, &rev_leaves, LineKind::Revenue);
    let yy = |y: i32| format!("’{:02}년", y.rem_euclid(100));
    let revenue = BudgetTable {
        table: comparison_table(
            "revenue-detail",
            units_line.clone(),
            format!("{} 예산현액", yy(fy)),
            format!("{} 최종예산", yy(fy - 1)),
            format!("{} 대비", yy(fy - 1)),
            &rev_rows,
        ),
        rows: rev_rows,
    };
    let mut execution = vec![exec_row(None, "계".into(), status.total())];
    let mut kinds = vec![RowKind::Total];
    for root in b.roots(LineKind::Expenditure) {
        execution.push(exec_row(
            Some(root.code.to_string()),
            root.name.clone(),
            status.line(&root.code),
        ));
        kinds.push(RowKind::Subtotal);
        if root.category == Some(Category::Program) {
            for leaf in b
                .leaves(LineKind::Expenditure)
                .into_iter()
                .filter(|l| b.ancestors(&l.code).iter().any(|a| a.code == root.code))
            {
                execution.push(exec_row(
                    Some(leaf.code.to_string()),
                    leaf.name.clone(),
                    status.line(&leaf.code),
                ));
                kinds.push(RowKind::Detail);
            }
        }
    }
    let mut et = Table {
        id: "execution".into(),
        units: Some(units_line),
        groups: vec![
            Group {
                title: String::new(),
                span: 2,
            },
            Group {
                title: "집행액".into(),
                span: 2,
            },
            Group {
                title: "집행률(%)".into(),
                span: 2,
            },
        ],
        columns: vec![
            Column {
                title: "구분".into(),
                align: Align::Left,
            },
            Column {
                title: "예산현액".into(),
                align: Align::Right,
            },
            Column {
                title: "원인행위액".into(),
                align: Align::Right,
            },
            Column {
                title: "지출액".into(),
                align: Align::Right,
            },
            Column {
                title: "원인행위".into(),
                align: Align::Right,
            },
            Column {
                title: "지출액".into(),
                align: Align::Right,
            },
        ],
        rows: Vec::new(),
        notes: Vec::new(),
    };
    for (r, kind) in execution.iter().zip(kinds) {
        et.rows.push(Row {
            kind,
            cells: vec![
                Cell::text(&r.name),
                money_cell(r.budget),
                money_cell(r.committed),
                money_cell(r.disbursed),
                Cell::rate(rate_cell(r.committed, r.budget), rate_value(r.commit_rate)),
                Cell::rate(
                    rate_cell(r.disbursed, r.budget),
                    rate_value(r.disburse_rate),
                ),
            ],
        });
    }
    let detail = Detail {
        revenue,
        execution,
        execution_table: et,
    };

    Report {
        meta,
        general,
        strategy,
        sheets,
        detail,
    }
}

fn sheet(
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
        role: "담당".into(),
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
        budget_display: format!("{}천원", thousand_won(budget)),
        budget_notes: p.budget_notes.clone(),
        achievements_heading: p.achievements_heading().to_owned(),
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
        schedule_heading: p.schedule_heading().to_owned(),
        schedule: p
            .schedule
            .iter()
            .map(|s| ScheduleView {
                group: s.group.clone(),
                text: s.text.clone(),
                period: s.period.as_ref().map(|x| x.label.clone()),
                start: s.period.as_ref().and_then(|x| x.start),
                end: s.period.as_ref().and_then(|x| x.end),
            })
            .collect(),
        execution: exec_row(
            Some(p.line.to_string()),
            p.title.clone(),
            status.line(&p.line),
        ),
    }
}
