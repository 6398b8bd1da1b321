//! Structural edits (schema 12): the planning team's dated changes to
//! budget lines, program groups, projects, organisation units and the
//! institution's profile, decided by the domain (`yesan_domain::structure`)
//! inside one write transaction and written with one audit record.
//!
//! [`Store::edit_structure`] reads the newest state, the year's history
//! and the facts the rules need (which lines have entries, the newest
//! organisation version) under the ledger lock, hands them to the
//! caller's decision, writes the plan it returns — lines updated in place
//! and added (never removed: entries and amendments name them), projects
//! added or reassigned, a new organisation version, the profile, the
//! dated records, a new line's funding amendment through the same checks
//! as any amendment — and, before committing, reads the whole year back
//! through the domain's constructors: a plan that would leave the records
//! inconsistent is refused and nothing is written.

use crate::audit::{self, Change};
use crate::codec::{date, get, line_code, parse_date, project_code};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::read::{self, rows};
use crate::{Store, write};
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};
use yesan_domain::budget::BudgetLine;
use yesan_domain::structure::{
    Current, Facts, History, LineState, Plan, ProfileState, ProjectState, Record, State, Subject,
};

const T: &str = "structure_history";

type Q<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// The scope's structure history, in the order [`read_history`] reads it.
pub(crate) fn history_sql(s: Sc) -> String {
    format!(
        "SELECT subject, code, effective, state FROM structure_history WHERE {} ORDER BY subject, code, effective",
        s.w()
    )
}

/// The year's dated states.
pub(crate) async fn read_history(c: &mut impl Exec, s: Sc) -> Result<History, StoreError> {
    let sql = history_sql(s);
    let mut records = Vec::new();
    for r in rows(c, T, &sql).await? {
        records.push((
            get(&r, T, "subject")?,
            get(&r, T, "code")?,
            get(&r, T, "effective")?,
            get(&r, T, "state")?,
        ));
    }
    history_of(records)
}

/// The scope's structure history as one JSON text of
/// `[subject, code, effective, state]` rows, in [`history_sql`]'s order:
/// a column of a statement that reads more (the status's, `ledger/query.rs`).
pub(crate) fn history_json(sqlite: bool, s: Sc) -> String {
    let (agg, array) = if sqlite {
        ("json_group_array", "json_array")
    } else {
        ("json_agg", "json_build_array")
    };
    format!(
        "(SELECT CAST({agg}({array}(subject, code, effective, state) ORDER BY subject, code, effective) AS TEXT) \
         FROM structure_history WHERE {})",
        s.w()
    )
}

/// [`history_json`]'s text → the year's dated states.
pub(crate) fn history_from_json(text: Option<&str>) -> Result<History, StoreError> {
    let records: Vec<(String, String, String, String)> = serde_json::from_str(text.unwrap_or("[]"))
        .map_err(|e| crate::codec::corrupt(T, "*", "state", e))?;
    history_of(records)
}

/// The dated states of `(subject, code, effective, state)` records.
fn history_of(records: Vec<(String, String, String, String)>) -> Result<History, StoreError> {
    let mut out = Vec::with_capacity(records.len());
    for (subject, code, effective, state) in records {
        let key = format!("{subject} {code} {effective}");
        let effective = parse_date(T, &key, "effective", &effective)?;
        let bad = |e: serde_json::Error| crate::codec::corrupt(T, &key, "state", e);
        let (subject, state) = match subject.as_str() {
            "line" => (
                Subject::Line(line_code(T, &key, "code", &code)?),
                State::Line(serde_json::from_str::<LineState>(&state).map_err(bad)?),
            ),
            "project" => (
                Subject::Project(project_code(T, &key, "code", &code)?),
                State::Project(serde_json::from_str::<ProjectState>(&state).map_err(bad)?),
            ),
            "profile" => (
                Subject::Profile,
                State::Profile(serde_json::from_str::<ProfileState>(&state).map_err(bad)?),
            ),
            other => {
                return Err(crate::codec::corrupt(
                    T,
                    &key,
                    "subject",
                    format!("알 수 없는 대상 / unknown subject '{other}'"),
                ));
            }
        };
        out.extend(Record::new(effective, subject, state));
    }
    Ok(History::new(out))
}

async fn exec(c: &mut impl Exec, what: &str, q: Q<'_>) -> Result<(), StoreError> {
    q.execute(c.ex())
        .await
        .map(drop)
        .map_err(StoreError::db(what.to_owned()))
}

/// The lines that have at least one entry in the year.
async fn lines_with_entries(
    c: &mut impl Exec,
    s: Sc,
) -> Result<HashSet<yesan_domain::LineCode>, StoreError> {
    let sql = format!("SELECT DISTINCT line FROM line_day WHERE {}", s.w());
    rows(c, "line_day", &sql)
        .await?
        .iter()
        .map(|r| {
            let l: String = get(r, "line_day", "line")?;
            line_code("line_day", &l, "line", &l)
        })
        .collect()
}

/// The newest organisation version dated within the year.
async fn org_version(c: &mut impl Exec, s: Sc) -> Result<Option<NaiveDate>, StoreError> {
    let sql = format!(
        "SELECT MAX(effective) AS v FROM org_units WHERE {} AND effective >= '{:04}-01-01' AND effective <= '{:04}-12-31'",
        s.wi(),
        s.year,
        s.year
    );
    let row = sqlx::query(&sql)
        .fetch_one(c.ex())
        .await
        .map_err(StoreError::db("reading the organization's versions"))?;
    get::<Option<String>>(&row, "org_units", "v")?
        .map(|v| parse_date("org_units", &v, "effective", &v))
        .transpose()
}

impl Store {
    /// The dated states of the scope's year (empty when no structural edit
    /// was made).
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn structure_history(&self) -> Result<History, StoreError> {
        let s = self.sc().await?;
        read_history(&mut *self.read_conn().await?, s).await
    }

    /// Makes one structural edit: `decide` gets the newest state (the
    /// dataset without entries, the history, the facts) and returns the
    /// plan or its refusal; the plan is written in the same transaction,
    /// with one audit record, and checked by reading the year back before
    /// it commits. Returns `Ok(Err(refusal))` when `decide` refuses.
    ///
    /// # Errors
    /// [`StoreError::YearClosed`]; [`StoreError::Inconsistent`] when the
    /// written year would break a rule of the domain (or a funding
    /// amendment one of the amendments'); nothing is written then.
    pub async fn edit_structure<E>(
        &self,
        actor: &str,
        decide: impl FnOnce(&Current<'_>) -> Result<Plan, E> + Send,
    ) -> Result<Result<Plan, E>, StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        self.lock_ledger(&mut *tx).await?;
        self.refuse_closed(&mut *tx, s).await?;
        let dataset = read::load_from(&mut tx, s, false, None).await?;
        let history = read_history(&mut *tx, s).await?;
        let facts = Facts {
            with_entries: lines_with_entries(&mut *tx, s).await?,
            org_version: org_version(&mut *tx, s).await?,
        };
        let plan = match decide(&Current {
            dataset: &dataset,
            history: &history,
            facts: &facts,
        }) {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        if let Some(lines) = &plan.lines {
            write_lines(&mut tx, s, dataset.budget.lines(), lines).await?;
        }
        if let Some(programs) = &plan.programs {
            let known: HashSet<&str> = dataset.programs.iter().map(|p| p.code.as_str()).collect();
            let sql = format!(
                "INSERT INTO programs (institution_id, fiscal_year, code, position, line) VALUES ({}, $1, $2, $3)",
                s.v()
            );
            for (pos, p) in (0_i64..).zip(programs) {
                if !known.contains(p.code.as_str()) {
                    let q = sqlx::query(&sql)
                        .bind(p.code.as_str())
                        .bind(pos)
                        .bind(p.line.as_str());
                    exec(&mut *tx, "writing a program group", q).await?;
                }
            }
        }
        if let Some(projects) = &plan.projects {
            write_projects(&mut tx, s, &dataset.projects, projects).await?;
        }
        if let Some(org) = &plan.org {
            let effective = date(plan.change.date);
            for table in ["duty_items", "duty_groups", "org_units"] {
                let sql = format!("DELETE FROM {table} WHERE {} AND effective = $1", s.wi());
                let q = sqlx::query(&sql).bind(&effective);
                exec(&mut *tx, "replacing the organization's version", q).await?;
            }
            write::write_org(&mut tx, s.inst, &effective, org).await?;
        }
        if let Some(p) = &plan.profile {
            let sql = format!(
                "UPDATE institution_years SET purpose = $1, purpose_source = $2 WHERE {}",
                s.w()
            );
            let q = sqlx::query(&sql).bind(&p.purpose).bind(&p.purpose_source);
            exec(&mut *tx, "writing the profile", q).await?;
            let sql = format!("DELETE FROM purpose_businesses WHERE {}", s.w());
            exec(
                &mut *tx,
                "replacing the purpose businesses",
                sqlx::query(&sql),
            )
            .await?;
            let sql = format!(
                "INSERT INTO purpose_businesses (institution_id, fiscal_year, position, text) VALUES ({}, $1, $2)",
                s.v()
            );
            for (pos, text) in (0_i64..).zip(&p.businesses) {
                let q = sqlx::query(&sql).bind(pos).bind(text);
                exec(&mut *tx, "writing a purpose business", q).await?;
            }
        }
        for r in &plan.records {
            write_record(&mut *tx, s, r).await?;
        }
        if !plan.amendments.is_empty() {
            crate::ledger::amend_in(&mut tx, s, &plan.amendments, actor).await?;
        }
        // The year as written must read back through every rule.
        read::load_from(&mut tx, s, false, None).await?;
        let before = plan
            .before
            .as_ref()
            .and_then(|b| serde_json::to_string(b).ok());
        let after = serde_json::to_string(&plan.change).ok();
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: plan.action,
                entity: plan.entity,
                key: Some(&plan.key)
                    .filter(|k| !k.is_empty())
                    .map(String::as_str),
                before,
                after,
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing a structural edit"))?;
        Ok(Ok(plan))
    }
}

/// One dated record, replacing the one of its subject and date.
async fn write_record(c: &mut impl Exec, s: Sc, r: &Record) -> Result<(), StoreError> {
    let effective = date(r.effective);
    let sql = format!(
        "DELETE FROM structure_history WHERE {} AND subject = $1 AND code = $2 AND effective = $3",
        s.w()
    );
    let q = sqlx::query(&sql)
        .bind(r.subject.kind())
        .bind(r.subject.code())
        .bind(&effective);
    exec(c, "replacing a dated record", q).await?;
    let state = serde_json::to_string(&r.state).map_err(|e| StoreError::Database {
        context: format!("encoding a dated record: {e}"),
        source: sqlx::Error::Protocol(e.to_string()),
    })?;
    let sql = format!(
        "INSERT INTO structure_history (institution_id, fiscal_year, subject, code, effective, state) VALUES ({}, $1, $2, $3, $4)",
        s.v()
    );
    let q = sqlx::query(&sql)
        .bind(r.subject.kind())
        .bind(r.subject.code())
        .bind(effective)
        .bind(state);
    exec(c, "writing a dated record", q).await
}

/// Moves every position of `table` out of the way (past every position in
/// use), so that rows can then take their new positions one by one
/// without meeting the unique key.
async fn clear_positions(c: &mut impl Exec, s: Sc, table: &str) -> Result<(), StoreError> {
    let sql = format!(
        "UPDATE {table} SET position = position + 1000000000 WHERE {}",
        s.w()
    );
    exec(c, "renumbering positions", sqlx::query(&sql)).await
}

/// The budget lines as `after` lists them: changed lines updated, new ones
/// added, every position renumbered.
pub(crate) async fn write_lines(
    c: &mut sqlx::AnyConnection,
    s: Sc,
    before: &[BudgetLine],
    after: &[BudgetLine],
) -> Result<(), StoreError> {
    let old: HashMap<&str, &BudgetLine> = before.iter().map(|l| (l.code.as_str(), l)).collect();
    clear_positions(&mut *c, s, "budget_lines").await?;
    let update = format!(
        "UPDATE budget_lines SET position = $1, name = $2, parent = $3, amount = $4, prior = $5 WHERE {} AND code = $6",
        s.w()
    );
    let insert = format!(
        "INSERT INTO budget_lines (institution_id, fiscal_year, code, position, kind, category, name, parent, amount, prior, view_name, economic) \
         VALUES ({}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        s.v()
    );
    for (pos, l) in (0_i64..).zip(after) {
        let q = if old.contains_key(l.code.as_str()) {
            sqlx::query(&update)
                .bind(pos)
                .bind(&l.name)
                .bind(l.parent.as_ref().map(|p| p.as_str()))
                .bind(l.amount.map(|w| w.get()))
                .bind(l.prior.map(|w| w.get()))
                .bind(l.code.as_str())
        } else {
            sqlx::query(&insert)
                .bind(l.code.as_str())
                .bind(pos)
                .bind(l.kind.as_str())
                .bind(l.category.map(|c| c.as_str()))
                .bind(&l.name)
                .bind(l.parent.as_ref().map(|p| p.as_str()))
                .bind(l.amount.map(|w| w.get()))
                .bind(l.prior.map(|w| w.get()))
                .bind(l.view_name.as_deref())
                .bind(l.economic.map(|e| e.to_string()))
        };
        exec(&mut *c, "writing a budget line", q).await?;
    }
    Ok(())
}

/// The projects as `after` lists them: new ones written with their sheet,
/// reassigned ones updated, every position renumbered.
async fn write_projects(
    c: &mut sqlx::AnyConnection,
    s: Sc,
    before: &[yesan_domain::project::Project],
    after: &[yesan_domain::project::Project],
) -> Result<(), StoreError> {
    let old: HashMap<&str, &yesan_domain::project::Project> =
        before.iter().map(|p| (p.code.as_str(), p)).collect();
    clear_positions(&mut *c, s, "projects").await?;
    let update = format!(
        "UPDATE projects SET position = $1, title = $2, executive = $3, team = $4 WHERE {} AND code = $5",
        s.w()
    );
    for (pos, p) in (0_i64..).zip(after) {
        if old.contains_key(p.code.as_str()) {
            let q = sqlx::query(&update)
                .bind(pos)
                .bind(&p.title)
                .bind(p.executive.as_str())
                .bind(p.team.as_str())
                .bind(p.code.as_str());
            exec(&mut *c, "writing a project", q).await?;
        } else {
            write::write_project(&mut *c, s, pos, p).await?;
        }
    }
    Ok(())
}
