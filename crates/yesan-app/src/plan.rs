//! The monthly spending plans (월별 집행계획) and what the early warning
//! judges against: reading a year's plan versions and its fallback curve
//! (the prior year's payments learnt from the recorded year before, else
//! the curve the dataset states, else the straight line), and recording
//! plans — from the web's grid or an imported file — after the domain's
//! checks, all or nothing. Every front end comes through here.

use crate::Error;
use chrono::NaiveDate;
use std::collections::HashMap;
use yesan_domain::Localized;
use yesan_domain::code::{LineCode, ProjectCode};
use yesan_domain::curve::ExpectedCurve;
use yesan_domain::plan::{PlanError, PlanTarget, PlanVersion, SpendingPlan};
use yesan_domain::{Budget, lagging};
use yesan_store::{Store, StoreError};

/// What a year's lines are judged against: its plan versions and the
/// curve of lines without a plan.
#[derive(Debug, Clone, Default)]
pub struct Expectations {
    /// Every plan version of the year, in recorded order.
    pub versions: Vec<PlanVersion>,
    /// The curve of lines without a plan in force.
    pub fallback: ExpectedCurve,
}

impl Expectations {
    /// The plans in force on `date` by the line each covers.
    pub fn by_line<'a>(
        &'a self,
        date: NaiveDate,
        budget: &Budget,
        projects: &[(String, LineCode)],
    ) -> HashMap<LineCode, &'a SpendingPlan> {
        yesan_domain::plan::by_line(&self.versions, date, budget, &project_map(projects))
    }
}

/// Projects' codes to their lines (codes that do not parse are left out;
/// the store holds only parsed ones).
pub fn project_map(projects: &[(String, LineCode)]) -> HashMap<ProjectCode, LineCode> {
    projects
        .iter()
        .filter_map(|(p, l)| ProjectCode::parse(p).ok().map(|p| (p, l.clone())))
        .collect()
}

/// The year's expectations: its plans, and the prior-year curve learnt
/// from the recorded year before when it paid anything, else `stated`
/// (the dataset's curve, or the straight line).
///
/// # Errors
/// The store's.
pub async fn expectations(store: &Store, stated: ExpectedCurve) -> Result<Expectations, Error> {
    let versions = store.plans().await?;
    Ok(expectations_of(versions, prior_curve(store).await?, stated))
}

/// The curve of the recorded year before this handle's, from its
/// payments; `None` when that year is not recorded or paid nothing.
async fn prior_curve(store: &Store) -> Result<Option<yesan_domain::curve::MonthlyCurve>, Error> {
    let (code, year) = store.current_scope().await?;
    let before = match store.scoped(&code, Some(year - 1)).await {
        Ok(s) => s,
        Err(StoreError::NoSuchYear { .. }) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Some(year_end) = NaiveDate::from_ymd_opt(year - 1, 12, 31) else {
        return Ok(None);
    };
    let (state, _) = before.status_on(year_end).await?;
    let monthly = before.monthly().await?;
    Ok(lagging::recorded_year_curve(
        &state.budget,
        &state.amendments,
        &monthly,
    ))
}

/// The expectations of a year whose plan versions and prior-year curve
/// were read already (the city's read keeps them): the prior year's curve
/// when it paid anything, else `stated`; as [`expectations`] decides.
pub fn expectations_of(
    versions: Vec<PlanVersion>,
    prior: Option<yesan_domain::curve::MonthlyCurve>,
    stated: ExpectedCurve,
) -> Expectations {
    let fallback = match prior {
        Some(c) => ExpectedCurve::PriorYear(c),
        None => stated,
    };
    Expectations { versions, fallback }
}

/// A plan as given, with where it came from (a file line or a grid row)
/// for the refusals.
#[derive(Debug, Clone)]
pub struct Given {
    /// Where: a file's line number, or the grid's row.
    pub at: usize,
    /// The plan.
    pub plan: SpendingPlan,
}

/// A plan refused, with where it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The file line or grid row.
    pub at: usize,
    /// The target as given.
    pub target: PlanTarget,
    /// Why.
    pub error: PlanError,
}

/// What recording plans came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every plan was recorded, as these versions.
    Recorded(Vec<i64>),
    /// Some plan broke a rule: nothing was recorded.
    Refused(Vec<Refused>),
}

/// Checks every plan against the budget as amended on its date and the
/// year's other plans, then records them all in one transaction — or
/// none, returning every refusal. Two plans for one target in one batch
/// are refused too (which one would be meant?).
///
/// # Errors
/// The store's; [`StoreError::YearClosed`] for a closed year (nothing
/// written).
pub async fn record(store: &Store, given: &[Given], actor: &str) -> Result<Outcome, Error> {
    // Like an entry, a plan goes into the year of its date when that year
    // is recorded (else the domain refuses the date, naming the year).
    let dates: Vec<NaiveDate> = given.iter().map(|g| g.plan.effective).collect();
    let store = &crate::as_of::year_of_dates(store, dates).await;
    let refusals = check(store, given).await?;
    if !refusals.is_empty() {
        return Ok(Outcome::Refused(refusals));
    }
    let plans: Vec<SpendingPlan> = given.iter().map(|g| g.plan.clone()).collect();
    Ok(Outcome::Recorded(store.record_plans(&plans, actor).await?))
}

/// Every rule `given` breaks, none when all may be recorded.
///
/// # Errors
/// The store's.
pub async fn check(store: &Store, given: &[Given]) -> Result<Vec<Refused>, Error> {
    let (_, year) = store.current_scope().await?;
    let (state, _) = store
        .status_on(NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default())
        .await?;
    let schedule = yesan_domain::amendment::Schedule::new(&state.amendments);
    let projects: Vec<(String, LineCode)> = store
        .project_lines()
        .await?
        .into_iter()
        .map(|p| (p.code, p.line))
        .collect();
    let projects = project_map(&projects);
    let mut recorded: Vec<PlanTarget> = store
        .plans()
        .await?
        .into_iter()
        .map(|v| v.plan.target)
        .collect();
    recorded.extend(given.iter().map(|g| g.plan.target.clone()));
    recorded.sort();
    recorded.dedup();
    let mut refusals = Vec::new();
    let mut seen: HashMap<&PlanTarget, usize> = HashMap::new();
    for g in given {
        if let Some(first) = seen.insert(&g.plan.target, g.at) {
            refusals.push(Refused {
                at: g.at,
                target: g.plan.target.clone(),
                error: PlanError::Twice {
                    target: g.plan.target.clone(),
                    first,
                },
            });
            continue;
        }
        let on_date = schedule.budget_on(&state.budget, g.plan.effective);
        let current = |l: &LineCode| {
            on_date
                .figures(l)
                .map_or(yesan_domain::Won::ZERO, |f| f.amount)
        };
        if let Err(es) = g.plan.check(&on_date, current, &projects, &recorded) {
            refusals.extend(es.into_iter().map(|error| Refused {
                at: g.at,
                target: g.plan.target.clone(),
                error,
            }));
        }
    }
    Ok(refusals)
}

/// What importing a plan file came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    /// Every row was recorded, as these versions.
    Recorded(Vec<i64>),
    /// The file could not be read, or rows were malformed: every problem
    /// with its file, line and column; nothing recorded.
    Unreadable(yesan_import::ImportError),
    /// Rows that read well break a rule of the budget: every one with its
    /// file line; nothing recorded.
    Refused {
        /// The file's name.
        file: String,
        /// The refusals.
        refused: Vec<Refused>,
    },
}

impl Imported {
    /// The refusals as lines naming the file, the line and the reason, in
    /// `lang` (the web's reader's), or in both, Korean first (`None`: the
    /// terminal).
    pub fn messages(&self, lang: Option<yesan_domain::Lang>) -> Vec<String> {
        use yesan_domain::Lang;
        let say = |t: &dyn Fn(Lang) -> String| match lang {
            Some(l) => t(l),
            None => format!("{} / {}", t(Lang::Ko), t(Lang::En)),
        };
        match self {
            Imported::Recorded(_) => vec![],
            Imported::Unreadable(e) => {
                let mut out: Vec<String> = e
                    .file_errors
                    .iter()
                    .map(|f| format!("{}: {}", e.file, say(&|l| f.say(l))))
                    .collect();
                out.extend(
                    e.row_errors
                        .iter()
                        .map(|r| format!("{}:{}: {}", e.file, r.line, say(&|l| r.say(l)))),
                );
                if e.more_row_errors > 0 {
                    let m = e.more_row_errors;
                    out.push(say(&|l| {
                        yesan_domain::ko_en!(l, "… 외 {m}건", "… and {m} more")
                    }));
                }
                out
            }
            Imported::Refused { file, refused } => refused
                .iter()
                .map(|r| format!("{file}:{}: {}", r.at, say(&|l| r.error.say(l))))
                .collect(),
        }
    }
}

/// Imports a plan file (CSV in UTF-8 or CP949, or XLSX): every row read
/// and checked, then all recorded in one transaction, or none. A row
/// without a date holds from `default_date`.
///
/// # Errors
/// The store's (a closed year: [`StoreError::YearClosed`], nothing written).
pub async fn import(
    store: &Store,
    file: &str,
    bytes: &[u8],
    default_date: NaiveDate,
    actor: &str,
) -> Result<Imported, Error> {
    let parsed = match yesan_import::parse_plans(file, bytes) {
        Ok(p) => p,
        Err(e) => return Ok(Imported::Unreadable(e)),
    };
    let given: Vec<Given> = parsed
        .rows
        .into_iter()
        .map(|r| Given {
            at: r.line_no,
            plan: SpendingPlan {
                target: r.target,
                effective: r.effective.unwrap_or(default_date),
                figures: r.figures,
                note: r.note,
            },
        })
        .collect();
    Ok(match record(store, &given, actor).await? {
        Outcome::Recorded(seqs) => Imported::Recorded(seqs),
        Outcome::Refused(refused) => Imported::Refused {
            file: file.to_owned(),
            refused,
        },
    })
}

/// One row of the web's plan grid as typed: the target (`line:E1`,
/// `project:2-2`), the form (`rates`, `amounts`) and twelve cells.
#[derive(Debug, Clone, Default)]
pub struct GridRow {
    /// `line:CODE` or `project:CODE`.
    pub target: String,
    /// `rates` or `amounts`.
    pub form: String,
    /// The twelve cells as typed.
    pub months: Vec<String>,
}

/// The form field of a grid cell: `r{row}.m{month}` (row from 0, month
/// 1 to 12), `r{row}.form`, `r{row}` for the row's target.
pub fn grid_field(row: usize, field: yesan_domain::plan::PlanField) -> String {
    use yesan_domain::plan::PlanField;
    match field {
        PlanField::Month(m) => format!("r{row}.m{m}"),
        PlanField::Form => format!("r{row}.form"),
        PlanField::Date => "date".into(),
        PlanField::Target => format!("r{row}"),
    }
}

/// The grid's rows as plans dated `date` with `note`: rows left blank,
/// and rows that repeat the plan in force on `date` (`current`), are not
/// new versions and are skipped. Every cell that does not read is a
/// problem of its field ([`grid_field`]).
///
/// # Errors
/// Every problem, by field; nothing is recorded then.
pub fn from_grid(
    rows: &[GridRow],
    date: &str,
    note: &str,
    current: &[&SpendingPlan],
) -> Result<Vec<Given>, Vec<crate::edit::Problem>> {
    use crate::edit::Problem;
    let mut problems = Vec::new();
    let effective = match yesan_import::value::parse_date(date) {
        Ok(d) => Some(d),
        Err(e) => {
            problems.push(Problem {
                field: "date".into(),
                message: {
                    let d = yesan_domain::text::quoted(date);
                    e.text().map(|_, m| format!("'{d}': {m}"))
                },
            });
            None
        }
    };
    if let Err(e) = yesan_domain::text::check_free_text(note) {
        problems.push(Problem {
            field: "note".into(),
            message: e.text(),
        });
    }
    let mut given = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if row.months.iter().all(|m| m.trim().is_empty()) {
            continue;
        }
        let target = match row.target.split_once(':') {
            Some(("line", c)) => LineCode::parse(c).map(PlanTarget::Line).ok(),
            Some(("project", c)) => ProjectCode::parse(c).map(PlanTarget::Project).ok(),
            _ => None,
        };
        let Some(target) = target else {
            problems.push(Problem {
                field: format!("r{i}"),
                message: yesan_domain::Text::new(
                    "알 수 없는 행입니다. 페이지를 새로 고치세요",
                    "unknown row; reload the page",
                ),
            });
            continue;
        };
        let form = match yesan_import::parse_form(&row.form) {
            Ok(f) => f,
            Err(e) => {
                problems.push(Problem {
                    field: format!("r{i}.form"),
                    message: e.text(),
                });
                continue;
            }
        };
        let mut values = [0i64; 12];
        let mut ok = true;
        for (m, cell) in row.months.iter().take(12).enumerate() {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let parsed = if form == "rates" {
                yesan_import::value::parse_percent(cell)
                    .map(i64::from)
                    .map_err(|e| e.text())
            } else {
                yesan_import::value::parse_amount(cell).map_err(|e| e.text())
            };
            match parsed {
                Ok(v) => values[m] = v,
                Err(e) => {
                    ok = false;
                    problems.push(Problem {
                        field: format!("r{i}.m{}", m + 1),
                        message: {
                            let c = yesan_domain::text::quoted(cell);
                            e.map(|_, m| format!("'{c}': {m}"))
                        },
                    });
                }
            }
        }
        if !ok {
            continue;
        }
        let figures = match yesan_domain::plan::PlanFigures::from_stored(form, values) {
            Ok(f) => f,
            Err(es) => {
                problems.extend(es.into_iter().map(|e| Problem {
                    field: grid_field(i, e.field()),
                    message: e.text(),
                }));
                continue;
            }
        };
        if current
            .iter()
            .any(|p| p.target == target && p.figures == figures)
        {
            continue;
        }
        if let Some(effective) = effective {
            given.push(Given {
                at: i,
                plan: SpendingPlan {
                    target,
                    effective,
                    figures,
                    note: note.trim().to_owned(),
                },
            });
        }
    }
    if problems.is_empty() {
        Ok(given)
    } else {
        Err(problems)
    }
}

/// A refusal of the grid as the problem of its row's field.
pub fn grid_problem(r: &Refused) -> crate::edit::Problem {
    crate::edit::Problem {
        field: grid_field(r.at, r.error.field()),
        message: r.error.text(),
    }
}
