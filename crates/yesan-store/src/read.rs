//! Reading the dataset back. Rows are turned into domain values and the
//! domain's own validating constructors rebuild the aggregate, so the store
//! holds no second copy of the rules: a value that cannot even be parsed
//! (a bad code, date or kind) is [`StoreError::Corrupt`], and a dataset that
//! parses but breaks a rule is [`StoreError::Inconsistent`] with the
//! domain's findings.
//!
//! Everything is read in one transaction, so that the tables agree with one
//! another even while a writer is busy.

use crate::Store;
use crate::codec::{
    amendments_from_json, amendments_json, budget_lines_from_json, budget_lines_json, corrupt,
    count, curve_from_text, entry_from_row, get, line_code, opt_date, parse_date, project_code,
    unit_code,
};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use chrono::NaiveDate;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use std::collections::HashMap;
use yesan_domain::amendment::Amendment;
use yesan_domain::budget::{Budget, BudgetLine};
use yesan_domain::curve::ExpectedCurve;
use yesan_domain::dataset::{Dataset, Finding, Locator, Problem};
use yesan_domain::execution::Entry;
use yesan_domain::institution::Institution;
use yesan_domain::org::{Contact, DutyGroup, Organization, Unit, UnitKind};
use yesan_domain::outline::Outline;
use yesan_domain::period::Period;
use yesan_domain::project::{Indicator, Part, Program, Project, ScheduleItem};
use yesan_domain::staffing::{GradeRow, OutsideQuota, Staffing};

pub(crate) async fn is_initialized(conn: &mut AnyConnection, s: Sc) -> Result<bool, StoreError> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM institution_years WHERE {}",
        s.w()
    );
    let row = sqlx::query(&sql)
        .fetch_one(conn)
        .await
        .map_err(StoreError::db(
            "checking whether the database is initialized",
        ))?;
    Ok(get::<i64>(&row, "institution_years", "n")? > 0)
}

/// The dated version (`effective` in `table`) in force on `on`: the latest
/// on or before it, else the earliest (None when there is none at all).
pub(crate) async fn version_on(
    c: &mut AnyConnection,
    s: Sc,
    table: &'static str,
    column: &'static str,
    on: NaiveDate,
) -> Result<Option<String>, StoreError> {
    let sql = format!(
        "SELECT COALESCE((SELECT MAX({column}) FROM {table} WHERE {w} AND {column} <= $1), \
         (SELECT MIN({column}) FROM {table} WHERE {w})) AS v",
        w = s.wi()
    );
    let row = sqlx::query(&sql)
        .bind(crate::codec::date(on))
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db(format!("reading {table}")))?;
    get(&row, table, "v")
}

pub(crate) async fn rows(
    conn: &mut impl Exec,
    table: &'static str,
    sql: &str,
) -> Result<Vec<AnyRow>, StoreError> {
    sqlx::query(sql)
        .fetch_all(conn.ex())
        .await
        .map_err(StoreError::db(format!("reading {table}")))
}

/// The one row of a single-row table. `init` writes them all in one
/// transaction, so a missing one means the database was edited by hand.
async fn single_row(
    c: &mut impl Exec,
    table: &'static str,
    sql: &str,
) -> Result<AnyRow, StoreError> {
    sqlx::query(sql)
        .fetch_optional(c.ex())
        .await
        .map_err(StoreError::db(format!("reading {table}")))?
        .ok_or_else(|| corrupt(table, "1", "id", "행이 없습니다 / the row is missing"))
}

/// Reads the dataset; without the ledger's entries when `with_entries` is
/// false (pages that take execution from the per-day index need the rest
/// only, and a large ledger would dominate the read).
pub(crate) async fn load(
    store: &Store,
    with_entries: bool,
    on: Option<NaiveDate>,
) -> Result<Dataset, StoreError> {
    let s = store.sc().await?;
    let mut tx = store.begin_read().await?;
    let d = load_from(&mut tx, s, with_entries, on).await;
    tx.commit()
        .await
        .map_err(StoreError::db("ending the read transaction"))?;
    d
}

/// [`load`] on a connection, inside whatever transaction it is in: restore
/// checks the rows it has written before it commits them.
pub(crate) async fn load_from(
    tx: &mut AnyConnection,
    s: Sc,
    with_entries: bool,
    on: Option<NaiveDate>,
) -> Result<Dataset, StoreError> {
    if !is_initialized(&mut *tx, s).await? {
        return Err(StoreError::NotInitialized);
    }
    let on = on.unwrap_or_else(|| s.year_end());
    let mut findings = Vec::new();
    let institution = read_institution(&mut *tx, s).await?;
    let org = keep(
        Organization::new(read_units(&mut *tx, s, on).await?),
        &mut findings,
    );
    let staffing = read_staffing(&mut *tx, s, on).await?;
    let staffing = keep(staffing, &mut findings);
    let (fiscal_year, prior_label, lines) = read_budget(&mut *tx, s).await?;
    if fiscal_year != institution.fiscal_year {
        findings.push(Finding::invalid(
            Locator::Institution { field: "fiscal_year" },
            {
                let stated = institution.fiscal_year;
                let sj = yesan_domain::message::josa(&stated.to_string(), "이", "가");
                let fj = yesan_domain::message::josa(&fiscal_year.to_string(), "과", "와");
                yesan_domain::text!(
                    "기관의 회계연도 {sj} 예산의 회계연도 {fj} 다릅니다",
                    "institution fiscal year {stated} differs from the budget's fiscal year {fiscal_year}"
                )
            },
        ));
    }
    let budget = keep(Budget::new(fiscal_year, prior_label, lines), &mut findings);
    let programs = read_programs(&mut *tx, s).await?;
    let projects = read_projects(&mut *tx, s, institution.fiscal_year, &mut findings).await?;
    let amendments = read_amendments(&mut *tx, s).await?;
    let expected = read_curve(&mut *tx, s).await?;
    let entries = if with_entries {
        read_entries(&mut *tx, s).await?
    } else {
        Vec::new()
    };
    match (org, staffing, budget, projects) {
        (Some(org), Some(staffing), Some(budget), Some(projects)) if findings.is_empty() => {
            Dataset::new(yesan_domain::Parts {
                institution,
                org,
                staffing,
                budget,
                programs,
                projects,
                amendments,
                expected,
                entries,
            })
            .map_err(StoreError::Inconsistent)
        }
        _ => Err(StoreError::Inconsistent(findings)),
    }
}

/// Keeps a part that passed its checks, or its findings.
fn keep<T>(part: Result<T, Vec<Finding>>, findings: &mut Vec<Finding>) -> Option<T> {
    part.map_err(|mut f| findings.append(&mut f)).ok()
}

pub(crate) async fn read_institution(
    c: &mut AnyConnection,
    s: Sc,
) -> Result<Institution, StoreError> {
    const T: &str = "institution_years";
    let sql = format!(
        "SELECT name_ko, name_en, as_of, fiscal_year, phone_prefix, purpose, purpose_source FROM institution_years WHERE {}",
        s.w()
    );
    let row = single_row(c, T, &sql).await?;
    let fiscal_year: i64 = get(&row, T, "fiscal_year")?;
    let businesses = rows(
        c,
        "purpose_businesses",
        &format!(
            "SELECT text FROM purpose_businesses WHERE {} ORDER BY position",
            s.w()
        ),
    )
    .await?
    .iter()
    .map(|r| get(r, "purpose_businesses", "text"))
    .collect::<Result<_, _>>()?;
    Ok(Institution {
        name_ko: get(&row, T, "name_ko")?,
        name_en: get(&row, T, "name_en")?,
        as_of: parse_date(T, "1", "as_of", &get::<String>(&row, T, "as_of")?)?,
        fiscal_year: i32::try_from(fiscal_year).map_err(|_| {
            corrupt(
                T,
                "1",
                "fiscal_year",
                format!("범위를 벗어난 연도 / year {fiscal_year} out of range"),
            )
        })?,
        phone_prefix: get(&row, T, "phone_prefix")?,
        purpose: get(&row, T, "purpose")?,
        purpose_source: get(&row, T, "purpose_source")?,
        businesses,
    })
}

pub(crate) async fn read_units(
    c: &mut AnyConnection,
    s: Sc,
    on: NaiveDate,
) -> Result<Vec<Unit>, StoreError> {
    let Some(effective) = version_on(c, s, "org_units", "effective", on).await? else {
        return Ok(Vec::new());
    };
    // A version date is a checked 'YYYY-MM-DD', safe to name literally.
    let w = format!("{} AND effective = '{effective}'", s.wi());
    let mut groups: HashMap<String, Vec<(i64, DutyGroup)>> = HashMap::new();
    for r in rows(
        c,
        "duty_groups",
        &format!("SELECT unit, position, title FROM duty_groups WHERE {w} ORDER BY unit, position"),
    )
    .await?
    {
        let unit: String = get(&r, "duty_groups", "unit")?;
        let group = DutyGroup {
            title: get(&r, "duty_groups", "title")?,
            items: Vec::new(),
        };
        groups
            .entry(unit)
            .or_default()
            .push((get(&r, "duty_groups", "position")?, group));
    }
    for r in rows(
        c,
        "duty_items",
        &format!("SELECT unit, grp, text FROM duty_items WHERE {w} ORDER BY unit, grp, position"),
    )
    .await?
    {
        let unit: String = get(&r, "duty_items", "unit")?;
        let grp: i64 = get(&r, "duty_items", "grp")?;
        // The foreign key guarantees the group exists.
        if let Some((_, g)) = groups
            .get_mut(&unit)
            .and_then(|gs| gs.iter_mut().find(|(p, _)| *p == grp))
        {
            g.items.push(get(&r, "duty_items", "text")?);
        }
    }
    const T: &str = "org_units";
    let mut units = Vec::new();
    let sql = format!(
        "SELECT code, name, kind, parent, head_name, head_ext, note FROM org_units WHERE {w} ORDER BY position"
    );
    for r in rows(c, T, &sql).await? {
        let key: String = get(&r, T, "code")?;
        let kind: String = get(&r, T, "kind")?;
        let parent: Option<String> = get(&r, T, "parent")?;
        let head = match (
            get::<Option<String>>(&r, T, "head_name")?,
            get::<Option<String>>(&r, T, "head_ext")?,
        ) {
            (Some(name), Some(ext)) => Some(Contact { name, ext }),
            _ => None,
        };
        units.push(Unit {
            code: unit_code(T, &key, "code", &key)?,
            name: get(&r, T, "name")?,
            kind: UnitKind::parse(&kind).ok_or_else(|| {
                corrupt(
                    T,
                    &key,
                    "kind",
                    format!("실, 본부, 팀이 아닙니다 / '{kind}' is not 실, 본부 or 팀"),
                )
            })?,
            parent: parent
                .map(|p| unit_code(T, &key, "parent", &p))
                .transpose()?,
            head,
            duties: groups
                .remove(&key)
                .unwrap_or_default()
                .into_iter()
                .map(|(_, g)| g)
                .collect(),
            note: get(&r, T, "note")?,
        });
    }
    Ok(units)
}

pub(crate) async fn read_staffing(
    c: &mut AnyConnection,
    s: Sc,
    on: NaiveDate,
) -> Result<Result<Staffing, Vec<Finding>>, StoreError> {
    let version = version_on(c, s, "staffing", "as_of", on)
        .await?
        .ok_or_else(|| {
            corrupt(
                "staffing",
                "1",
                "as_of",
                "행이 없습니다 / the row is missing",
            )
        })?;
    let as_of = parse_date("staffing", &version, "as_of", &version)?;
    let w = format!("{} AND as_of = '{}'", s.wi(), crate::codec::date(as_of));
    const G: &str = "staffing_grades";
    let mut grades = Vec::new();
    for r in rows(
        c,
        G,
        &format!("SELECT position, grade, authorized, current FROM staffing_grades WHERE {w} ORDER BY position"),
    )
    .await?
    {
        let key = get::<i64>(&r, G, "position")?.to_string();
        grades.push(GradeRow {
            grade: get(&r, G, "grade")?,
            authorized: count(G, &key, "authorized", get(&r, G, "authorized")?)?,
            current: count(G, &key, "current", get(&r, G, "current")?)?,
        });
    }
    const O: &str = "staffing_outside_quota";
    let mut outside = Vec::new();
    for r in rows(
        c,
        O,
        &format!(
            "SELECT position, kind, count FROM staffing_outside_quota WHERE {w} ORDER BY position"
        ),
    )
    .await?
    {
        let key = get::<i64>(&r, O, "position")?.to_string();
        outside.push(OutsideQuota {
            kind: get(&r, O, "kind")?,
            count: count(O, &key, "count", get(&r, O, "count")?)?,
        });
    }
    Ok(Staffing::new(as_of, grades, outside))
}

pub(crate) async fn read_budget(
    c: &mut impl Exec,
    s: Sc,
) -> Result<(i32, String, Vec<BudgetLine>), StoreError> {
    let sql = format!(
        "SELECT fiscal_year, prior_label FROM budget WHERE {}",
        s.w()
    );
    let row = single_row(c, "budget", &sql).await?;
    let fiscal_year: i64 = get(&row, "budget", "fiscal_year")?;
    let fiscal_year = i32::try_from(fiscal_year).map_err(|_| {
        corrupt(
            "budget",
            "1",
            "fiscal_year",
            format!("범위를 벗어난 연도 / year {fiscal_year} out of range"),
        )
    })?;
    let sql = format!("SELECT {} AS lines", budget_lines_json(c, s));
    let packed = single_row(c, "budget_lines", &sql).await?;
    let lines = budget_lines_from_json(get(&packed, "budget_lines", "lines")?)?;
    Ok((fiscal_year, get(&row, "budget", "prior_label")?, lines))
}

async fn read_programs(c: &mut AnyConnection, s: Sc) -> Result<Vec<Program>, StoreError> {
    const T: &str = "programs";
    let mut out = Vec::new();
    let sql = format!(
        "SELECT code, line FROM programs WHERE {} ORDER BY position",
        s.w()
    );
    for r in rows(c, T, &sql).await? {
        let key: String = get(&r, T, "code")?;
        out.push(Program {
            code: project_code(T, &key, "code", &key)?,
            line: line_code(T, &key, "line", &get::<String>(&r, T, "line")?)?,
        });
    }
    Ok(out)
}

/// A schedule row before its period is parsed.
struct RawItem {
    text: String,
    period: Option<String>,
    group: Option<String>,
}

pub(crate) async fn read_projects(
    c: &mut AnyConnection,
    s: Sc,
    fiscal_year: i32,
    findings: &mut Vec<Finding>,
) -> Result<Option<Vec<Project>>, StoreError> {
    let mut notes: HashMap<String, Vec<String>> = HashMap::new();
    const N: &str = "project_budget_notes";
    for r in rows(
        c,
        N,
        &format!(
            "SELECT project, text FROM project_budget_notes WHERE {} ORDER BY project, position",
            s.w()
        ),
    )
    .await?
    {
        notes
            .entry(get(&r, N, "project")?)
            .or_default()
            .push(get(&r, N, "text")?);
    }

    const P: &str = "indicator_parts";
    let mut parts: HashMap<(String, String), Vec<Part>> = HashMap::new();
    let sql = format!(
        "SELECT project, indicator, label, value FROM indicator_parts WHERE {} ORDER BY project, indicator, position",
        s.w()
    );
    for r in rows(c, P, &sql).await? {
        let key = (get(&r, P, "project")?, get(&r, P, "indicator")?);
        parts.entry(key).or_default().push(Part {
            label: get(&r, P, "label")?,
            value: get(&r, P, "value")?,
        });
    }

    const I: &str = "indicators";
    let mut indicators: HashMap<String, Vec<Indicator>> = HashMap::new();
    let sql = format!(
        "SELECT project, id, name, value, unit, as_of FROM indicators WHERE {} ORDER BY project, position",
        s.w()
    );
    for r in rows(c, I, &sql).await? {
        let project: String = get(&r, I, "project")?;
        let id: String = get(&r, I, "id")?;
        let as_of = opt_date(I, &format!("{project}/{id}"), "as_of", get(&r, I, "as_of")?)?;
        let breakdown = parts
            .remove(&(project.clone(), id.clone()))
            .unwrap_or_default();
        indicators.entry(project).or_default().push(Indicator {
            id,
            name: get(&r, I, "name")?,
            value: get(&r, I, "value")?,
            unit: get(&r, I, "unit")?,
            as_of,
            breakdown,
        });
    }

    const S: &str = "schedule_items";
    let mut schedule: HashMap<String, Vec<RawItem>> = HashMap::new();
    for r in rows(
        c,
        S,
        &format!("SELECT project, text, period, grp FROM schedule_items WHERE {} ORDER BY project, position", s.w()),
    )
    .await?
    {
        schedule
            .entry(get(&r, S, "project")?)
            .or_default()
            .push(RawItem {
                text: get(&r, S, "text")?,
                period: get(&r, S, "period")?,
                group: get(&r, S, "grp")?,
            });
    }

    const T: &str = "projects";
    let sql = format!(
        "SELECT code, program, line, title, executive, team, officer_name, officer_ext, purpose, background, \
               content, achievements_heading, schedule_heading, achievements FROM projects WHERE {} ORDER BY position",
        s.w()
    );
    let mut out = Vec::new();
    let mut ok = true;
    for r in rows(c, T, &sql).await? {
        let key: String = get(&r, T, "code")?;
        let text = |col: &str| get::<String>(&r, T, col);
        let achievements = match Outline::parse(&text("achievements")?) {
            Ok(o) => Some(o),
            Err(e) => {
                findings.push(Finding::invalid(
                    Locator::Project {
                        code: key.clone(),
                        field: "achievements",
                    },
                    yesan_domain::Localized::text(&e),
                ));
                None
            }
        };
        let mut items = Vec::new();
        for (index, item) in schedule
            .remove(&key)
            .unwrap_or_default()
            .into_iter()
            .enumerate()
        {
            let period = match item
                .period
                .as_deref()
                .map(|p| Period::parse(p, fiscal_year))
                .transpose()
            {
                Ok(p) => p,
                Err(e) => {
                    findings.push(Finding::new(
                        Locator::Schedule {
                            project: key.clone(),
                            index,
                            field: "period",
                        },
                        Problem::Invalid {
                            reason: yesan_domain::Localized::text(&e),
                        },
                    ));
                    ok = false;
                    None
                }
            };
            items.push(ScheduleItem {
                text: item.text,
                period,
                group: item.group,
            });
        }
        let Some(achievements) = achievements else {
            ok = false;
            continue;
        };
        out.push(Project {
            code: project_code(T, &key, "code", &key)?,
            program: project_code(T, &key, "program", &text("program")?)?,
            line: line_code(T, &key, "line", &text("line")?)?,
            title: text("title")?,
            executive: unit_code(T, &key, "executive", &text("executive")?)?,
            team: unit_code(T, &key, "team", &text("team")?)?,
            officer: Contact {
                name: text("officer_name")?,
                ext: text("officer_ext")?,
            },
            purpose: text("purpose")?,
            background: text("background")?,
            content: text("content")?,
            budget_notes: notes.remove(&key).unwrap_or_default(),
            achievements_heading: get(&r, T, "achievements_heading")?,
            schedule_heading: get(&r, T, "schedule_heading")?,
            achievements,
            indicators: indicators.remove(&key).unwrap_or_default(),
            schedule: items,
        });
    }
    Ok(ok.then_some(out))
}

pub(crate) async fn read_entries(c: &mut AnyConnection, s: Sc) -> Result<Vec<Entry>, StoreError> {
    // (date, seq): the ledger's order, with entries of one date in the
    // order they were recorded.
    let sql = format!(
        "SELECT doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries WHERE {} ORDER BY date, seq",
        s.w()
    );
    rows(c, "entries", &sql)
        .await?
        .iter()
        .map(entry_from_row)
        .collect()
}

/// Every amendment in recorded order.
pub(crate) async fn read_amendments(
    c: &mut impl Exec,
    s: Sc,
) -> Result<Vec<Amendment>, StoreError> {
    let sql = format!("SELECT {}", amendments_json(c, s));
    let row = sqlx::query(&sql)
        .fetch_one(c.ex())
        .await
        .map_err(StoreError::db("reading amendments"))?;
    amendments_from_json(
        get(&row, "amendments", "amendments")?,
        get(&row, "amendments", "changes")?,
    )
}

/// Reads `budget.prior_curve` back.
pub(crate) async fn read_curve(c: &mut AnyConnection, s: Sc) -> Result<ExpectedCurve, StoreError> {
    let row = sqlx::query(&format!("SELECT prior_curve FROM budget WHERE {}", s.w()))
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading the expected curve"))?;
    curve_from_text(get(&row, "budget", "prior_curve")?)
}

/// Reads the budget tree and its amendments.
pub(crate) async fn read_budget_and_amendments(
    c: &mut impl Exec,
    s: Sc,
) -> Result<(Budget, Vec<Amendment>), StoreError> {
    let (fy, label, lines) = read_budget(c, s).await?;
    let budget = Budget::new(fy, label, lines).map_err(StoreError::Inconsistent)?;
    let amendments = read_amendments(c, s).await?;
    Ok((budget, amendments))
}
