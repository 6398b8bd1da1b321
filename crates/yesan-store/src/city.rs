//! The city's read: what the consolidated view needs of every institution
//! that records a fiscal year, on one date: one statement while nothing
//! changed, up to three when something did (the budgets', on a cold read,
//! in parts run side by side: one per core).
//!
//! Read institution by institution, the view cost each one its scope
//! (`Store::scoped`, two statements), its names, its budget with the
//! day's totals, its projects' lines: five statements, each on PostgreSQL
//! a scoped transaction of its own (`SET LOCAL ROLE` and the
//! institution), 150 round trips for 30 institutions. Here privileged
//! statements (like the other cross-institution methods) read every
//! institution's row at once, each sub-select correlated with the
//! institution's keys; the rows are then decoded the way a scoped
//! [`Store::status_on`] decodes its one row, so the roll-up that follows
//! (in `yesan-app`) is the same code whichever way the row was read.
//!
//! The budgets (lines, amendments, curve, names, projects' lines, the
//! year before's curve) change only with a change that writes an audit
//! record of their institution, so the handle keeps each institution's
//! decoded under its own change counter (its newest audit id, read with
//! the day of its latest snapshot in the first statement); a second
//! statement reads only the institutions whose counter moved. The day's
//! totals are kept the same way, under the counter and the snapshot's
//! day: a third statement reads them only where either moved (a
//! recording, another date). The year before's curve is
//! learnt from its running totals at the twelve month ends (`day_totals`),
//! which say what its month sums say in twelve look-ups.

use crate::codec::{
    amendments_exprs, amendments_from_json, amendments_json_where, budget_lines_json_where,
};
use crate::codec::{curve_from_text, date, get, line_code};
use crate::derived::Derived;
use crate::error::StoreError;
use crate::ledger::BudgetState;
use crate::{Backend, Store};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;
use yesan_domain::budget::Budget;
use yesan_domain::code::{InstitutionCode, LineCode};
use yesan_domain::curve::MonthlyCurve;
use yesan_domain::execution::LeafTotals;
use yesan_domain::plan::PlanVersion;

/// One institution's part of the city's read ([`Store::city_on`]).
#[derive(Debug, Clone)]
pub struct CityMember {
    /// Its code.
    pub code: InstitutionCode,
    /// Its year's budget and names (shared with the handle's cache).
    pub year: Arc<CityYear>,
    /// Every leaf's net totals on the date (shared with the handle's
    /// cache).
    pub leaves: Arc<LeafTotals>,
    /// What a caller computed from this member on a date, kept with its
    /// totals until the institution's change counter or snapshot day moves
    /// (the consolidated view's row).
    pub derived: Derived,
}

/// What an institution's year holds that a status needs besides the day's
/// totals.
#[derive(Debug)]
pub struct CityYear {
    /// Its name in Korean, as the year states it.
    pub name_ko: String,
    /// Its name in English.
    pub name_en: String,
    /// The year's budget, amendments and expected curve.
    pub state: BudgetState,
    /// Its projects' codes and budget lines, in order (what labels a
    /// status's lines).
    pub projects: Vec<(String, LineCode)>,
    /// Every spending plan version of the year, in recorded order.
    pub plans: Vec<PlanVersion>,
    /// The curve the year before paid along, learnt from its month-end
    /// running totals (`yesan_domain::lagging::YearCurve`, the rule of
    /// `recorded_year_curve`), when that year is recorded and paid anything.
    pub prior_curve: Option<MonthlyCurve>,
}

/// The budgets of one fiscal year of the city, decoded, by institution
/// code, each with the institution's change counter it was read at.
#[derive(Debug, Default)]
pub(crate) struct CityCache {
    year: i32,
    years: HashMap<String, (i64, Arc<CityYear>)>,
    days: HashMap<String, Arc<CityDay>>,
}

/// One institution's totals on a day, decoded, with the change counter
/// and the snapshot's day (`None`: no entries by then) they were read at.
#[derive(Debug)]
pub(crate) struct CityDay {
    counter: i64,
    day: Option<String>,
    leaves: Arc<LeafTotals>,
    derived: Derived,
}

// The city's statements' parts, correlated with the outer row's keys
// (`$1` the date, `$2` the year), never text from a caller.
const COUNTER: &str =
    "(SELECT COALESCE(MAX(a.id), 0) FROM audit_log a WHERE a.institution_id = b.institution_id)";
const DAY: &str = "(SELECT day FROM day_totals WHERE institution_id = b.institution_id AND fiscal_year = b.fiscal_year AND day <= $1 ORDER BY day DESC LIMIT 1)";
const TOTALS: &str = "(SELECT totals FROM day_totals WHERE institution_id = b.institution_id AND fiscal_year = b.fiscal_year AND day <= $1 ORDER BY day DESC LIMIT 1)";
const FROM: &str = "FROM budget b JOIN institutions i ON i.id = b.institution_id \
     JOIN institution_years y ON y.institution_id = b.institution_id AND y.fiscal_year = b.fiscal_year \
     WHERE b.fiscal_year = $2";

impl Store {
    /// The change counter of the whole database, every institution's
    /// changes included (each change writes an audit record), for caches
    /// of views across institutions; privileged, like [`Store::city_on`].
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn city_version(&self) -> Result<i64, StoreError> {
        get(
            &sqlx::query("SELECT COALESCE(MAX(id), 0) AS v FROM audit_log")
                .fetch_one(&self.pool)
                .await
                .map_err(StoreError::db("reading the change counter"))?,
            "audit_log",
            "v",
        )
    }

    /// Every institution that records `year`, by code, with what a status
    /// on `as_of` needs (budget, amendments, expected curve, the leaves'
    /// totals on the day, the projects' lines), across institutions
    /// (privileged, like [`Store::institutions`]).
    ///
    /// One statement reads each institution's change counter and the day
    /// of its snapshot on or before `as_of`; a second reads and decodes
    /// the budgets only of the institutions whose counter moved since the
    /// handle last kept them, and a third the totals of those whose counter
    /// or day moved, so that a change in one institution costs the next
    /// view that one institution's budgets and totals, not the city's.
    ///
    /// # Errors
    /// [`StoreError::Database`]; [`StoreError::Corrupt`] or
    /// [`StoreError::Inconsistent`] for rows that do not decode.
    pub async fn city_on(
        &self,
        year: i32,
        as_of: NaiveDate,
    ) -> Result<Vec<CityMember>, StoreError> {
        // No transaction: a request dropped midway (a client gone) would
        // hand the pool a connection still inside one. Each counter is
        // read with (so before) the budgets and totals kept under it, so
        // what is kept is never older than its counter says (newer is
        // read again once it moves); each statement reads one consistent
        // state.
        let rows = sqlx::query(&light_sql())
            .bind(date(as_of))
            .bind(i64::from(year))
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("reading the city's ledger indexes"))?;
        let mut read: Vec<(String, i64, Option<String>)> = Vec::with_capacity(rows.len());
        for row in &rows {
            read.push((
                get(row, "institutions", "code")?,
                get(row, "audit_log", "v")?,
                get(row, "day_totals", "day")?,
            ));
        }
        let mut kept = {
            let c = self
                .city
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            c.as_ref()
                .filter(|c| c.year == year)
                .map(|c| (c.years.clone(), c.days.clone()))
                .unwrap_or_default()
        };
        // Institutions no longer read (none are removed today) drop out.
        kept.0.retain(|c, _| read.iter().any(|(r, _, _)| r == c));
        kept.1.retain(|c, _| read.iter().any(|(r, _, _)| r == c));
        let (years, days) = &mut kept;
        let stale: Vec<(String, i64)> = read
            .iter()
            .filter(|(code, v, _)| years.get(code).is_none_or(|(at, _)| at != v))
            .map(|(code, v, _)| (code.clone(), *v))
            .collect();
        if !stale.is_empty() {
            for (code, y) in self.city_years(year, &stale).await? {
                let v = stale
                    .iter()
                    .find(|(c, _)| *c == code)
                    .map_or(0, |(_, v)| *v);
                years.insert(code, (v, Arc::new(y)));
            }
        }
        // The day's totals change with every recording, but only with a
        // change that moves the counter: kept under the counter and the
        // snapshot's day, they are read and decoded again only when
        // either moved (a new date, a new recording).
        let moved: Vec<&str> = read
            .iter()
            .filter(|(code, v, day)| {
                days.get(code)
                    .is_none_or(|k| (k.counter, &k.day) != (*v, day))
            })
            .map(|(code, _, _)| code.as_str())
            .collect();
        if !moved.is_empty() {
            self.city_days(year, as_of, &moved, years, days).await?;
        }
        let mut out = Vec::with_capacity(read.len());
        for (text, _, _) in &read {
            let code = InstitutionCode::parse(text).map_err(|e| StoreError::Corrupt {
                table: "institutions",
                key: text.clone(),
                reason: format!("code: {e}"),
            })?;
            let (Some((_, year)), Some(day)) = (years.get(text), days.get(text)) else {
                // Added between the statements: the next read has it.
                continue;
            };
            out.push(CityMember {
                code,
                year: year.clone(),
                leaves: day.leaves.clone(),
                derived: day.derived.clone(),
            });
        }
        *self
            .city
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(CityCache {
            year,
            years: kept.0,
            days: kept.1,
        });
        Ok(out)
    }

    /// The totals on `as_of` of the institutions `which`, each with the
    /// counter and snapshot day read with them, decoded against the
    /// budgets in `years`, into `days`.
    async fn city_days(
        &self,
        year: i32,
        as_of: NaiveDate,
        which: &[&str],
        years: &HashMap<String, (i64, Arc<CityYear>)>,
        days: &mut HashMap<String, Arc<CityDay>>,
    ) -> Result<(), StoreError> {
        let sql = days_sql(which.len());
        let mut q = sqlx::query(&sql).bind(date(as_of)).bind(i64::from(year));
        for code in which {
            q = q.bind(*code);
        }
        let rows = q
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("reading the city's ledger indexes"))?;
        for row in &rows {
            let code: String = get(row, "institutions", "code")?;
            let Some((_, y)) = years.get(&code) else {
                continue;
            };
            let leaves = Arc::new(leaves(row, &y.state.budget)?);
            days.insert(
                code,
                Arc::new(CityDay {
                    counter: get(row, "audit_log", "v")?,
                    day: get(row, "day_totals", "day")?,
                    leaves,
                    derived: Derived::default(),
                }),
            );
        }
        Ok(())
    }

    /// The budgets of the institutions `which` (code, counter) in `year`,
    /// decoded, by code. A cold read (a process's first, or after changes
    /// everywhere) is most of a cold consolidated view, half of it the
    /// statement and half decoding its rows; so the institutions are read
    /// in as many parts as the machine has cores (at most four), each part
    /// one statement on a connection of its own and decoded on a thread of
    /// its own as soon as its rows are in. A single-connection pool (an
    /// in-memory database) runs the parts one after another.
    async fn city_years(
        &self,
        year: i32,
        which: &[(String, i64)],
    ) -> Result<Vec<(String, CityYear)>, StoreError> {
        let per = which.len().div_ceil(parts()).max(1);
        let parts = which
            .chunks(per)
            .map(|part| self.city_years_part(year, part));
        let read = futures_util::future::try_join_all(parts).await?;
        Ok(read.into_iter().flatten().collect())
    }

    /// [`Store::city_years`] of one part: one statement for all of it.
    async fn city_years_part(
        &self,
        year: i32,
        which: &[(String, i64)],
    ) -> Result<Vec<(String, CityYear)>, StoreError> {
        let sql = years_sql(self.backend == Backend::Sqlite, which.len());
        let mut q = sqlx::query(&sql).bind(i64::from(year));
        for (code, _) in which {
            q = q.bind(code.as_str());
        }
        let rows = q
            .fetch_all(&self.pool)
            .await
            .map_err(StoreError::db("reading the city's budgets"))?;
        let decode = move || {
            rows.iter()
                .map(|row| {
                    let code: String = get(row, "institutions", "code")?;
                    let y = city_year(row, &code)?;
                    Ok((code, y))
                })
                .collect()
        };
        // Decoding never waits, so it is not cancelled midway; a panic in
        // it is a bug and goes on as one.
        match tokio::task::spawn_blocking(decode).await {
            Ok(decoded) => decoded,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
}

/// How many parts a cold city read is read in: one per core, at most
/// four.
pub(crate) fn parts() -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 4)
}

/// The city's first statement: every institution's change counter and the
/// day of its snapshot on or before `$1`, in year `$2`.
pub(crate) fn light_sql() -> String {
    format!("SELECT i.code AS code, {COUNTER} AS v, {DAY} AS day {FROM} ORDER BY i.code")
}

/// The totals on `$1` in year `$2` of `n` institutions (codes `$3` on).
pub(crate) fn days_sql(n: usize) -> String {
    // The codes are bound, never spliced.
    let codes = (0..n)
        .map(|k| format!("${}", k + 3))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT i.code AS code, {COUNTER} AS v, {DAY} AS day, {TOTALS} AS totals \
         {FROM} AND i.code IN ({codes})"
    )
}

/// The budgets in year `$1` of `n` institutions (codes `$2` on), with
/// what the year before's curve is learnt from (see [`Store::city_years`]).
pub(crate) fn years_sql(sqlite: bool, n: usize) -> String {
    // Correlated with the outer row's keys, never text from a caller.
    let w = "institution_id = b.institution_id AND fiscal_year = b.fiscal_year";
    let (agg, array) = if sqlite {
        ("json_group_array", "json_array")
    } else {
        ("json_agg", "json_build_array")
    };
    // The codes are bound, never spliced.
    let codes = (0..n)
        .map(|k| format!("${}", k + 2))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "SELECT i.code AS code, y.name_ko AS name_ko, y.name_en AS name_en, b.fiscal_year AS fiscal_year, \
         b.prior_label AS prior_label, b.prior_curve AS prior_curve, {lines} AS lines, {amendments}, \
         (SELECT CAST({agg}({array}(code, line) ORDER BY position) AS TEXT) FROM projects WHERE {w}) AS projects, \
         {plans} AS plans, {before} \
         FROM budget b JOIN institutions i ON i.id = b.institution_id \
         JOIN institution_years y ON y.institution_id = b.institution_id AND y.fiscal_year = b.fiscal_year \
         LEFT JOIN closed_years c ON c.institution_id = b.institution_id AND c.fiscal_year = b.fiscal_year - 1 \
         WHERE b.fiscal_year = $1 AND i.code IN ({codes})",
        lines = budget_lines_json_where(sqlite, w),
        amendments = amendments_json_where(sqlite, w),
        plans = crate::plans::versions_json(sqlite, w),
        before = year_before(sqlite),
    )
}

/// The year before's columns of [`years_sql`]: the curve it kept when it
/// was closed (`p_kept`, from `c`, its `closed_years` row), and only
/// where there is none, what the curve is learnt from: whether it is
/// recorded (`p_year`), its budget as recorded and its running totals at
/// the month ends. (A `CASE` evaluates its sub-selects only when taken.)
fn year_before(sqlite: bool) -> String {
    let wp = "institution_id = b.institution_id AND fiscal_year = b.fiscal_year - 1";
    let unkept = |e: &str| format!("CASE WHEN c.curve IS NULL THEN {e} END");
    let [amendments, changes] = amendments_exprs(sqlite, wp);
    format!(
        "c.curve AS p_kept, \
         (SELECT p.fiscal_year FROM budget p WHERE {wp}) AS p_year, \
         {label} AS p_label, {lines} AS p_lines, {amendments} AS p_amendments, {changes} AS p_changes, {months}",
        label = unkept(&format!("(SELECT p.prior_label FROM budget p WHERE {wp})")),
        lines = unkept(&budget_lines_json_where(sqlite, wp)),
        amendments = unkept(&amendments),
        changes = unkept(&changes),
        months = month_ends(wp, "b.fiscal_year - 1", Some("c.curve IS NULL")),
    )
}

/// The day's totals of one row, coded as `budget` codes its lines.
fn leaves(row: &sqlx::any::AnyRow, budget: &Budget) -> Result<LeafTotals, StoreError> {
    crate::codec::leaf_totals_of(get(row, "day_totals", "totals")?, budget)
}

/// The year before's running totals at each month's end (`p_m01` …
/// `p_m12`): the day's snapshot on or before the month's last day, one
/// index look-up each. (Its `line_month` sums, concatenated into text for
/// this read, were three quarters of a cold consolidated view: 126,000
/// rows for a city of 30 institutions.) `'-02-31'` and the like bound the
/// month as text compares, whatever its length.
///
/// `w` selects the year's rows, `year` is its number as an expression;
/// with `only_if`, each is read only where that condition holds.
fn month_ends(w: &str, year: &str, only_if: Option<&str>) -> String {
    (1..=12)
        .map(|m| {
            let e = format!(
                "(SELECT totals FROM day_totals WHERE {w} \
                 AND day <= CAST({year} AS TEXT) || '-{m:02}-31' \
                 ORDER BY day DESC LIMIT 1)"
            );
            match only_if {
                Some(c) => format!("CASE WHEN {c} THEN {e} END AS p_m{m:02}"),
                None => format!("{e} AS p_m{m:02}"),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The year before's curve from its running totals at each month's end
/// ([`month_ends`]): what the lines it counts had paid by then, summed as
/// the packed rows are read (no row per line and month is made).
fn learnt_curve(
    row: &sqlx::any::AnyRow,
    budget: &Budget,
    amendments: &[yesan_domain::amendment::Amendment],
) -> Result<Option<yesan_domain::curve::MonthlyCurve>, StoreError> {
    const MONTHS: [&str; 12] = [
        "p_m01", "p_m02", "p_m03", "p_m04", "p_m05", "p_m06", "p_m07", "p_m08", "p_m09", "p_m10",
        "p_m11", "p_m12",
    ];
    let Some(learnt) = yesan_domain::lagging::YearCurve::recorded(budget, amendments) else {
        return Ok(None);
    };
    let mut paid = [yesan_domain::money::Won::ZERO; 12];
    for (to_date, column) in paid.iter_mut().zip(MONTHS) {
        let text: Option<String> = get(row, "day_totals", column)?;
        *to_date = crate::codec::disbursed_of(text.as_deref(), |code| learnt.counts(code))?;
    }
    Ok(learnt.curve(paid))
}

fn city_year(row: &sqlx::any::AnyRow, code: &str) -> Result<CityYear, StoreError> {
    const T: &str = "budget";
    let fy: i64 = get(row, T, "fiscal_year")?;
    let budget = budget_of(row, code, fy, ("prior_label", "lines"))?;
    let amendments = amendments_from_json(get(row, T, "amendments")?, get(row, T, "changes")?)?;
    let expected = curve_from_text(get(row, T, "prior_curve")?)?;
    let text: Option<String> = get(row, "projects", "projects")?;
    let pairs: Vec<(String, String)> = serde_json::from_str(text.as_deref().unwrap_or("[]"))
        .map_err(|e| crate::codec::corrupt("projects", "*", "line", e.to_string()))?;
    let projects = pairs
        .into_iter()
        .map(|(p, line)| Ok((line_code("projects", &p, "line", &line)?, p)))
        .map(|r: Result<_, StoreError>| r.map(|(line, p)| (p, line)))
        .collect::<Result<_, StoreError>>()?;
    let plans = crate::plans::versions_from_json(fy, get(row, "spending_plans", "plans")?)?;
    let prior_curve = year_before_curve(row, code)?;
    Ok(CityYear {
        plans,
        prior_curve,
        name_ko: get(row, "institution_years", "name_ko")?,
        name_en: get(row, "institution_years", "name_en")?,
        state: BudgetState {
            budget,
            amendments,
            expected,
        },
        projects,
    })
}

/// The year before's curve of a [`years_sql`] row: the one it kept when
/// it was closed, else learnt from it as recorded (none when it is not).
fn year_before_curve(
    row: &sqlx::any::AnyRow,
    code: &str,
) -> Result<Option<MonthlyCurve>, StoreError> {
    if let Some(kept) = get::<Option<String>>(row, "closed_years", "p_kept")? {
        return crate::codec::kept_curve(&kept);
    }
    match get::<Option<i64>>(row, "budget", "p_year")? {
        None => Ok(None),
        Some(p) => learnt(row, p, code),
    }
}

/// The curve of year `p` learnt from a row's `p_label`, `p_lines`,
/// `p_amendments`, `p_changes` and month-end totals `p_m01` … `p_m12`.
fn learnt(row: &sqlx::any::AnyRow, p: i64, code: &str) -> Result<Option<MonthlyCurve>, StoreError> {
    const T: &str = "budget";
    let budget = budget_of(row, code, p, ("p_label", "p_lines"))?;
    let amendments = amendments_from_json(get(row, T, "p_amendments")?, get(row, T, "p_changes")?)?;
    learnt_curve(row, &budget, &amendments)
}

/// Year `fy`'s budget from a row's columns `label` (its prior label) and
/// `lines` (its lines as JSON).
fn budget_of(
    row: &sqlx::any::AnyRow,
    code: &str,
    fy: i64,
    (label, lines): (&str, &str),
) -> Result<Budget, StoreError> {
    let fy = i32::try_from(fy).map_err(|_| StoreError::Corrupt {
        table: "budget",
        key: code.to_owned(),
        reason: format!("범위를 벗어난 연도 / year {fy} out of range"),
    })?;
    let lines = crate::codec::budget_lines_from_json(get(row, "budget_lines", lines)?)?;
    Budget::new(fy, get(row, "budget", label)?, lines).map_err(StoreError::Inconsistent)
}

/// The curve year `y` paid along, learnt as the year after learns it, in
/// the form `closed_years.curve` keeps it ('' when it paid nothing): what
/// closing the year stores, read inside the closing transaction.
pub(crate) async fn closing_curve(
    c: &mut sqlx::AnyConnection,
    y: crate::key::Sc,
    code: &str,
) -> Result<String, StoreError> {
    let sqlite = crate::conn::Exec::is_sqlite(&*c);
    let w = "institution_id = b.institution_id AND fiscal_year = b.fiscal_year";
    let [amendments, changes] = amendments_exprs(sqlite, w);
    let sql = format!(
        "SELECT b.prior_label AS p_label, {lines} AS p_lines, {amendments} AS p_amendments, \
         {changes} AS p_changes, {months} FROM budget b WHERE {scope}",
        lines = budget_lines_json_where(sqlite, w),
        months = month_ends(w, "b.fiscal_year", None),
        scope = y.wa("b"),
    );
    let row = sqlx::query(&sql)
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading the year's curve"))?;
    let curve = learnt(&row, y.year, code)?;
    Ok(curve
        .and_then(|c| {
            crate::codec::curve_to_text(&yesan_domain::curve::ExpectedCurve::PriorYear(c))
        })
        .unwrap_or_default())
}
