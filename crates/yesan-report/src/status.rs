//! The execution status (집행현황) on a date: every line at every level of
//! the budget tree with both rates, the lines whose payments lag the
//! expected curve, and the monthly curve against it. Computed once into
//! [`StatusReport`]; [`StatusReport::table`], [`StatusReport::csv`] and
//! JSON (serde) only lay it out.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use yesan_domain::budget::{Budget, LineKind};
use yesan_domain::code::LineCode;
use yesan_domain::curve::ExpectedCurve;
use yesan_domain::execution::ExecutionStatus;
use yesan_domain::glossary;
use yesan_domain::lagging::{Basis, Expectations, Judged, Severity, judge};
use yesan_domain::money::Won;
use yesan_domain::money::thousand_won;
use yesan_domain::plan::SpendingPlan;
use yesan_domain::rate::{Rate, rate_cell};

/// One line of the status table.
#[derive(Debug, Clone, Serialize)]
pub struct StatusRow {
    /// Line code; `None` for the total.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Depth in the tree (0 for categories; the total is 0 too).
    pub level: usize,
    /// The project on this line, if any.
    pub project: Option<String>,
    /// 예산현액 on the date.
    pub budget: Won,
    /// 원인행위액.
    pub committed: Won,
    /// 지출액.
    pub disbursed: Won,
    /// 원인행위율.
    pub commit_rate: Option<Rate>,
    /// 지출률.
    pub disburse_rate: Option<Rate>,
    /// Whether the line lags the expected curve.
    pub lagging: bool,
}

/// A judged line (`yesan_domain::lagging`): lagging or not, with what it
/// is judged against.
#[derive(Debug, Clone, Serialize)]
pub struct LaggingRow {
    /// Line code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Project code, if any.
    pub project: Option<String>,
    /// 예산현액.
    pub budget: Won,
    /// 지출액.
    pub disbursed: Won,
    /// 지출률.
    pub disburse_rate: Option<Rate>,
    /// What it is judged against.
    pub basis: Basis,
    /// The expected payment rate on the date.
    pub expected_rate: Option<Rate>,
    /// The expected payments on the date.
    pub expected: Won,
    /// How far behind the expected rate, in percentage points (negative
    /// when ahead).
    pub gap_points: f64,
    /// How much money it trails the expectation by (negative when ahead).
    pub trailing: Won,
    /// How badly it lags; `None` when it does not.
    pub severity: Option<Severity>,
}

/// One month of a curve.
#[derive(Debug, Clone, Serialize)]
pub struct MonthPoint {
    /// `2023-03`.
    pub month: String,
    /// Net committed in the month.
    pub committed: Won,
    /// Net disbursed in the month.
    pub disbursed: Won,
    /// 지출률 at the month's end (cumulative).
    pub cumulative_disburse_rate: Option<Rate>,
    /// The expected cumulative rate at the month's end.
    pub expected_rate: Option<Rate>,
}

/// A line's monthly curve.
#[derive(Debug, Clone, Serialize)]
pub struct LineCurve {
    /// Line code.
    pub code: String,
    /// Months with activity up to the date.
    pub months: Vec<MonthPoint>,
}

/// The whole status.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    /// The date.
    pub as_of: NaiveDate,
    /// The expected cumulative disbursement rate on the date.
    pub expected_rate: Option<Rate>,
    /// Which curve gives it.
    pub expected_curve: ExpectedCurve,
    /// Lagging margin, in percentage points.
    pub margin_points: f64,
    /// The total first, then every expenditure line in tree order.
    pub rows: Vec<StatusRow>,
    /// Lines lagging what is expected of them, worst first (severity,
    /// then the money trailed).
    pub lagging: Vec<LaggingRow>,
    /// Every judged line in budget order, with its basis.
    pub judged: Vec<LaggingRow>,
    /// The institution's monthly curve.
    pub monthly: Vec<MonthPoint>,
    /// Each leaf line's monthly curve.
    pub line_monthly: Vec<LineCurve>,
}

/// Inputs of [`StatusReport::build`].
#[derive(Debug)]
pub struct StatusInput<'a> {
    /// The budget as amended on the date.
    pub budget: &'a Budget,
    /// Execution on the date.
    pub status: &'a ExecutionStatus,
    /// (project code, its line).
    pub projects: &'a [(String, LineCode)],
    /// Per line and month (`YYYY-MM`): net committed, net disbursed.
    pub monthly: &'a [yesan_domain::execution::MonthSum],
    /// The institution's curve, for lines without a plan.
    pub expected: ExpectedCurve,
    /// The monthly spending plans in force on the date, by line.
    pub plans: &'a HashMap<LineCode, &'a SpendingPlan>,
    /// Lagging margin in tenths of a percentage point.
    pub margin_tenths: i64,
}

fn month_end(month: &str) -> Option<NaiveDate> {
    let (y, m) = month.split_once('-')?;
    let (y, m): (i32, u32) = (y.parse().ok()?, m.parse().ok()?);
    let next = if m == 12 {
        NaiveDate::from_ymd_opt(y + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(y, m + 1, 1)?
    };
    next.pred_opt()
}

/// What a status comes to in one line, as the consolidated view shows
/// each institution: the total and how many lines and projects lag,
/// judged as [`StatusReport::build`] judges them (the same judgement,
/// counted rather than laid out as rows: the view shows only the counts,
/// and making a row with its names for each lagging line cost it more
/// than the judgement where many lag).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct StatusSummary {
    /// The total: 예산현액, 원인행위액, 지출액 of every expenditure line.
    pub total: yesan_domain::execution::LineExecution,
    /// How many lines lag what is expected of them.
    pub lagging_lines: usize,
    /// How many projects have a lagging line (a line of the project's).
    pub lagging_projects: usize,
    /// Lagging margin, in percentage points.
    pub margin_points: f64,
}

impl StatusSummary {
    /// The total and the lagging counts of [`StatusReport::build`]'s
    /// report on the same input.
    pub fn build(i: &StatusInput<'_>) -> StatusSummary {
        let judgement = judgement(i);
        let project_of = projects_by_line(i);
        let projects: std::collections::BTreeSet<&str> = judgement
            .lagging
            .iter()
            .filter_map(|l| project_of.get(&l.line).copied())
            .collect();
        StatusSummary {
            total: i.status.total(),
            lagging_lines: judgement.lagging.len(),
            lagging_projects: projects.len(),
            margin_points: margin_points(i),
        }
    }
}

/// The judgement of every line (`yesan_domain::lagging::judge`).
fn judgement(i: &StatusInput<'_>) -> yesan_domain::lagging::Judgement {
    judge(
        i.budget,
        i.status,
        Expectations {
            plans: i.plans,
            fallback: &i.expected,
            margin_tenths: i.margin_tenths,
        },
    )
}

fn projects_by_line<'a>(i: &StatusInput<'a>) -> HashMap<&'a LineCode, &'a str> {
    i.projects.iter().map(|(p, l)| (l, p.as_str())).collect()
}

#[allow(clippy::cast_precision_loss)]
fn margin_points(i: &StatusInput<'_>) -> f64 {
    i.margin_tenths as f64 / 10.0
}

/// A judged line as its row shows it.
fn lagging_row(b: &Budget, project_of: &HashMap<&LineCode, &str>, l: &Judged) -> LaggingRow {
    LaggingRow {
        code: l.line.to_string(),
        name: b.line(&l.line).map(|x| x.name.clone()).unwrap_or_default(),
        project: project_of.get(&l.line).map(|p| (*p).to_owned()),
        budget: l.execution.budget,
        disbursed: l.execution.disbursed,
        disburse_rate: l.execution.disburse_rate(),
        basis: l.basis,
        expected_rate: Rate::of(Won::new(l.expected_ppm), Won::new(1_000_000)),
        expected: l.expected,
        #[allow(clippy::cast_precision_loss)]
        gap_points: l.gap_tenths as f64 / 10.0,
        trailing: l.trailing,
        severity: l.severity,
    }
}

impl StatusReport {
    /// Computes the status report.
    pub fn build(i: &StatusInput<'_>) -> StatusReport {
        let b = i.budget;
        let as_of = i.status.as_of();
        let fy = b.fiscal_year();
        let project_of = projects_by_line(i);
        let judgement = judgement(i);
        let lag_set: HashMap<&LineCode, i64> = judgement
            .lagging
            .iter()
            .map(|l| (&l.line, l.gap_tenths))
            .collect();

        let total = i.status.total();
        let mut rows = vec![StatusRow {
            code: None,
            name: "계".into(),
            level: 0,
            project: None,
            budget: total.budget,
            committed: total.committed,
            disbursed: total.disbursed,
            commit_rate: total.commit_rate(),
            disburse_rate: total.disburse_rate(),
            lagging: false,
        }];
        for l in b.lines().iter().filter(|l| l.kind == LineKind::Expenditure) {
            let x = i.status.line(&l.code);
            rows.push(StatusRow {
                code: Some(l.code.to_string()),
                name: l.name.clone(),
                level: b.ancestors(&l.code).len(),
                project: project_of.get(&l.code).map(|p| (*p).to_owned()),
                budget: x.budget,
                committed: x.committed,
                disbursed: x.disbursed,
                commit_rate: x.commit_rate(),
                disburse_rate: x.disburse_rate(),
                lagging: lag_set.contains_key(&l.code),
            });
        }
        // The tree order of `lines()` lists parents first but not
        // depth-first; sort children under their parents.
        let order: HashMap<&str, usize> = b
            .lines()
            .iter()
            .enumerate()
            .map(|(n, l)| (l.code.as_str(), n))
            .collect();
        let path = |code: &str| -> Vec<usize> {
            let Ok(c) = LineCode::parse(code) else {
                return vec![];
            };
            let mut p: Vec<usize> = b
                .ancestors(&c)
                .iter()
                .rev()
                .filter_map(|a| order.get(a.code.as_str()).copied())
                .collect();
            p.extend(order.get(code).copied());
            p
        };
        // Each row's key once (a line's path is unique, so the order is the
        // same as a stable sort's): computed per comparison, parsing codes
        // and walking ancestors, the sort was most of the report's time.
        rows[1..].sort_by_cached_key(|r| r.code.as_deref().map(path).unwrap_or_default());

        let row = |l: &Judged| lagging_row(b, &project_of, l);
        let lagging_rows = judgement.lagging.iter().map(row).collect();
        let judged_rows = judgement.lines.iter().map(row).collect();

        let as_of_month = format!("{:04}-{:02}", as_of.year(), as_of.month());
        let mut by_month: std::collections::BTreeMap<&str, (Won, Won)> =
            std::collections::BTreeMap::new();
        let mut by_line: std::collections::BTreeMap<&LineCode, Vec<(&str, Won, Won)>> =
            std::collections::BTreeMap::new();
        for m in i
            .monthly
            .iter()
            .filter(|m| m.month.as_str() <= as_of_month.as_str())
        {
            let e = by_month.entry(&m.month).or_default();
            e.0 += m.committed;
            e.1 += m.disbursed;
            by_line
                .entry(&m.line)
                .or_default()
                .push((&m.month, m.committed, m.disbursed));
        }
        let curve = |points: &[(&str, Won, Won)], base: Won| -> Vec<MonthPoint> {
            let mut cum = Won::ZERO;
            points
                .iter()
                .map(|(m, c, d)| {
                    cum += *d;
                    let end = month_end(m).map(|e| e.min(as_of));
                    MonthPoint {
                        month: (*m).to_owned(),
                        committed: *c,
                        disbursed: *d,
                        cumulative_disburse_rate: Rate::of(cum, base),
                        expected_rate: end.and_then(|e| i.expected.expected_rate(fy, e)),
                    }
                })
                .collect()
        };
        let total_points: Vec<(&str, Won, Won)> =
            by_month.iter().map(|(m, (c, d))| (*m, *c, *d)).collect();
        let monthly = curve(&total_points, total.budget);
        let line_monthly = by_line
            .iter()
            .map(|(l, pts)| LineCurve {
                code: l.to_string(),
                months: curve(pts, i.status.line(l).budget),
            })
            .collect();

        StatusReport {
            as_of,
            expected_rate: i.expected.expected_rate(fy, as_of),
            expected_curve: i.expected,
            margin_points: margin_points(i),
            rows,
            lagging: lagging_rows,
            judged: judged_rows,
            monthly,
            line_monthly,
        }
    }

    /// A plain-text table for terminals (figures in 천원).
    pub fn table(&self) -> String {
        let mut o = String::new();
        let curve = match self.expected_curve {
            ExpectedCurve::StraightLine => "직선 / straight-line",
            ExpectedCurve::PriorYear(_) => "전년도 월별 / prior year's monthly curve",
        };
        let _ = writeln!(
            o,
            "집행현황 / execution status — {} 기준 (단위: 천원, %)",
            self.as_of
        );
        let _ = writeln!(
            o,
            "기대 지출률 / expected disbursement rate: {} ({curve})\n",
            self.expected_rate
                .map_or_else(|| "-".to_owned(), |r| r.percent())
        );
        let head = [
            "코드",
            "과목 / line",
            glossary::CURRENT.ko,
            glossary::COMMITTED.ko,
            glossary::DISBURSED.ko,
            glossary::COMMIT_RATE.ko,
            glossary::DISBURSE_RATE.ko,
            "",
        ];
        let mut grid: Vec<Vec<String>> = vec![head.iter().map(|s| (*s).to_owned()).collect()];
        for r in &self.rows {
            let label = match &r.project {
                Some(p) => format!("{}{} [{p}]", "  ".repeat(r.level), r.name),
                None => format!("{}{}", "  ".repeat(r.level), r.name),
            };
            grid.push(vec![
                r.code.clone().unwrap_or_default(),
                label,
                thousand_won(r.budget),
                thousand_won(r.committed),
                thousand_won(r.disbursed),
                rate_cell(r.committed, r.budget),
                rate_cell(r.disbursed, r.budget),
                if r.lagging {
                    "부진 / lagging".into()
                } else {
                    String::new()
                },
            ]);
        }
        o.push_str(&layout(
            &grid,
            &[false, false, true, true, true, true, true, false],
        ));
        let _ = writeln!(
            o,
            "\n지출 부진 과목 / lagging lines (기대 지출률보다 {:.1}%p 넘게 낮음 / more than {:.1} points behind; 심각·주의·관심 순, 같은 단계는 격차×부족액 순 / serious, warning, watch, then by gap times money trailed):",
            self.margin_points, self.margin_points
        );
        if self.lagging.is_empty() {
            let _ = writeln!(o, "  없음 / none");
        }
        for l in &self.lagging {
            let project = l
                .project
                .as_ref()
                .map(|p| format!(" [{p}]"))
                .unwrap_or_default();
            let _ = writeln!(
                o,
                "  [{}] {} {}{project}: 지출률 {} (기대보다 {:.1}%p 낮음 / {:.1} points behind; 부족 {}천원; 기준 {} / basis {})",
                l.severity.map_or("", Severity::korean),
                l.code,
                l.name,
                l.disburse_rate
                    .map_or_else(|| "-".to_owned(), |r| r.percent()),
                l.gap_points,
                l.gap_points,
                thousand_won(l.trailing),
                basis_label(l.basis),
                l.basis.key(),
            );
        }
        let _ = writeln!(o, "\n월별 집행 / monthly execution (전체 / total):");
        let mut grid: Vec<Vec<String>> = vec![vec![
            "월".into(),
            glossary::COMMITTED.ko.into(),
            glossary::DISBURSED.ko.into(),
            "누계 지출률".into(),
            "기대".into(),
        ]];
        for m in &self.monthly {
            grid.push(vec![
                m.month.clone(),
                thousand_won(m.committed),
                thousand_won(m.disbursed),
                m.cumulative_disburse_rate
                    .map_or_else(|| "-".to_owned(), |r| r.percent()),
                m.expected_rate
                    .map_or_else(|| "-".to_owned(), |r| r.percent()),
            ]);
        }
        o.push_str(&layout(&grid, &[false, true, true, true, true]));
        o
    }

    /// The early warning's judgement as a terminal table (figures in
    /// 천원): every judged line with its basis, expected and actual rates,
    /// the gap and the money trailed, and its severity.
    pub fn judgement_table(&self) -> String {
        let mut o = String::new();
        let _ = writeln!(
            o,
            "집행 부진 판정 / lagging judgement — {} 기준 (단위: 천원, %; 판정 여유 {:.1}%p / margin {:.1} points)",
            self.as_of, self.margin_points, self.margin_points
        );
        let _ = writeln!(
            o,
            "계획이 없는 과목의 기준 / lines without a plan: {}\n",
            basis_label(Basis::of_curve(&self.expected_curve))
        );
        let mut grid: Vec<Vec<String>> = vec![
            [
                "코드",
                "과목 / line",
                "기준 / basis",
                glossary::CURRENT.ko,
                glossary::DISBURSE_RATE.ko,
                "기대",
                "격차(%p)",
                "부족액",
                "판정",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        ];
        let pct = |r: Option<Rate>| r.map_or_else(|| "-".to_owned(), |r| r.percent());
        for r in &self.judged {
            grid.push(vec![
                r.code.clone(),
                match &r.project {
                    Some(p) => format!("{} [{p}]", r.name),
                    None => r.name.clone(),
                },
                basis_label(r.basis),
                thousand_won(r.budget),
                pct(r.disburse_rate),
                pct(r.expected_rate),
                format!("{:.1}", r.gap_points),
                thousand_won(r.trailing),
                r.severity.map_or("정상", Severity::korean).to_owned(),
            ]);
        }
        o.push_str(&layout(
            &grid,
            &[false, false, false, true, true, true, true, true, false],
        ));
        o
    }

    /// CSV: one row per line, amounts in won.
    pub fn csv(&self) -> String {
        let mut o = String::from(
            "code,name,level,project,budget,committed,disbursed,commit_rate,disburse_rate,lagging\n",
        );
        for r in &self.rows {
            let _ = writeln!(
                o,
                "{},{},{},{},{},{},{},{},{},{}",
                r.code.as_deref().unwrap_or(""),
                csv_field(&r.name),
                r.level,
                r.project.as_deref().unwrap_or(""),
                r.budget.get(),
                r.committed.get(),
                r.disbursed.get(),
                r.commit_rate
                    .map(|x| tenths(x.tenths()))
                    .unwrap_or_default(),
                r.disburse_rate
                    .map(|x| tenths(x.tenths()))
                    .unwrap_or_default(),
                r.lagging
            );
        }
        o
    }
}

/// The basis as the terminal shows it: `집행계획(2023-03-02)`, `전년도 곡선`, `직선`.
pub fn basis_label(b: Basis) -> String {
    match b {
        Basis::Plan { effective } => format!("{}({effective})", b.korean()),
        _ => b.korean().to_owned(),
    }
}

fn tenths(t: i64) -> String {
    let sign = if t < 0 { "-" } else { "" };
    format!("{sign}{}.{}", t.unsigned_abs() / 10, t.unsigned_abs() % 10)
}

/// A text field: quoted for CSV, and for spreadsheets that would take it
/// for a formula (`format::spreadsheet_text`).
fn csv_field(s: &str) -> String {
    let s = yesan_domain::format::spreadsheet_text(s);
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.into_owned()
    }
}

/// Display width in a terminal: Hangul and other wide characters take two
/// columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = u32::from(c);
            if (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

fn layout(grid: &[Vec<String>], right: &[bool]) -> String {
    let cols = grid.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..cols)
        .map(|c| grid.iter().map(|r| width(&r[c])).max().unwrap_or(0))
        .collect();
    let mut o = String::new();
    for row in grid {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[c] - width(cell));
            if c > 0 {
                line.push_str("  ");
            }
            if right.get(c).copied().unwrap_or(false) {
                line.push_str(&pad);
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.push_str(&pad);
            }
        }
        o.push_str(line.trim_end());
        o.push('\n');
    }
    o
}
