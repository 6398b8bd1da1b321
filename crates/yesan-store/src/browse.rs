//! What the web app reads and edits besides the ledger: pages of entries
//! and audit records with filters, a change counter for caches, and the two
//! edits made through forms — a project team's sheet (achievements,
//! indicators, schedule) and the planning team's staffing table. Both edits
//! are checked against what the editor read, so a save made in between is
//! reported instead of overwritten.
//!
//! Lists page by key (newest first, "older than this one") rather than by
//! offset, so that the hundredth page of a million-entry ledger costs what
//! the first does and a page never shifts under a reader while finance
//! records. The orders a list may take (date, amount, line, either way)
//! page by key too: each order's `ORDER BY`, its cursor and the sort of
//! a packed page are here with the filter they belong to.

use crate::audit::{self, AuditRecord, Change};
use crate::codec::{self, EntryParts, entry_from_row, get};
use crate::error::StoreError;
use crate::key::Sc;
use crate::read;
use crate::{Backend, Store};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AnyConnection;
use yesan_domain::code::{LineCode, ProjectCode};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::project::Project;
use yesan_domain::staffing::Staffing;

/// Which entries to list.
#[derive(Debug, Clone, Default)]
pub struct EntryFilter {
    /// Only these lines (a parent line's leaves); all when empty.
    pub lines: Vec<LineCode>,
    /// Only this kind.
    pub kind: Option<EntryKind>,
    /// From this date on.
    pub from: Option<NaiveDate>,
    /// Up to and including this date.
    pub to: Option<NaiveDate>,
    /// Counterparty containing this text.
    pub counterparty: Option<String>,
    /// Document number, memo or counterparty containing this text.
    pub text: Option<String>,
    /// Only entries recorded before this one (the page cursor of the
    /// default order, newest first).
    pub before_seq: Option<i64>,
    /// The order (newest first by default).
    pub sort: EntrySort,
    /// Only entries after this one in `sort`'s order (the page cursor of
    /// the other orders, [`EntryPage::next_after`]).
    pub after: Option<String>,
    /// Page size (at most 500).
    pub limit: usize,
}

/// One listed entry with its bookkeeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryRow {
    /// The ledger's own order.
    pub seq: i64,
    /// The entry.
    pub entry: Entry,
    /// When it was recorded.
    pub recorded_at: String,
    /// Who recorded it (empty for the initial dataset).
    pub recorded_by: Option<String>,
}

/// A page of entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryPage {
    /// In the filter's order (newest first by default).
    pub rows: Vec<EntryRow>,
    /// The cursor of the next (older) page in the default order, if there
    /// is one.
    pub next: Option<i64>,
    /// The cursor of the next page in another order, if there is one.
    pub next_after: Option<String>,
}

/// Which audit records to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Who.
    pub actor: Option<String>,
    /// What kind of record (`entries`, `project`, `user`, …).
    pub entity: Option<String>,
    /// Records at or after this instant (a day's start in the reader's
    /// time zone, for a filter by days).
    pub from: Option<DateTime<Utc>>,
    /// Records before this instant (the next day's start, for a filter up
    /// to and including a day).
    pub until: Option<DateTime<Utc>>,
    /// Only records older than this id.
    pub before_id: Option<i64>,
    /// Page size (at most 500).
    pub limit: usize,
}

/// One entry of a packed page: seq, doc_no, date, kind, line, amount, ref,
/// counterparty, memo, recorded_at, recorded_by.
pub(crate) type Packed = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);

/// `%text%` for LIKE, with the user's own `%`, `_` and `\` taken literally.
pub(crate) fn contains(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            s.push('\\');
        }
        s.push(ch);
    }
    s.push('%');
    s
}

/// A WHERE clause being built with numbered parameters.
#[derive(Default)]
pub(crate) struct Where {
    pub(crate) sql: Vec<String>,
    pub(crate) args: Vec<Arg>,
}

pub(crate) enum Arg {
    Text(String),
    Int(i64),
}

impl Where {
    pub(crate) fn next(&self) -> String {
        format!("${}", self.args.len() + 1)
    }
    pub(crate) fn text(&mut self, clause: impl FnOnce(&str) -> String, v: String) {
        let p = self.next();
        self.sql.push(clause(&p));
        self.args.push(Arg::Text(v));
    }
    pub(crate) fn int(&mut self, clause: impl FnOnce(&str) -> String, v: i64) {
        let p = self.next();
        self.sql.push(clause(&p));
        self.args.push(Arg::Int(v));
    }
    pub(crate) fn clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", self.sql.join(" AND "))
        }
    }
    pub(crate) fn bind<'q>(
        &'q self,
        mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        for a in &self.args {
            q = match a {
                Arg::Text(s) => q.bind(s.as_str()),
                Arg::Int(i) => q.bind(*i),
            };
        }
        q
    }
}

fn limit(n: usize) -> i64 {
    i64::try_from(n.clamp(1, 500)).unwrap_or(500)
}

impl Store {
    /// A number that grows with every change to the data (every change
    /// writes an audit record in its own transaction), for caches that must
    /// notice changes made by other processes too.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn version(&self) -> Result<i64, StoreError> {
        let Some(s) = self.resolve_default().await? else {
            return Ok(0);
        };
        let sql = format!(
            "SELECT COALESCE(MAX(id), 0) AS v FROM audit_log WHERE {} OR institution_id IS NULL",
            s.wi()
        );
        let row = sqlx::query(&sql)
            .fetch_one(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("reading the change counter"))?;
        get(&row, "audit_log", "v")
    }

    /// A page of entries, newest first.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn entries_page(&self, f: &EntryFilter) -> Result<EntryPage, StoreError> {
        let mut w = self.entry_where(f).await?;
        if let Some(s) = f.before_seq {
            w.int(|p| format!("seq < {p}"), s);
        }
        let order = order_and_cursor(f, &mut w)?;
        let n = limit(f.limit);
        let inner = format!(
            "SELECT seq, doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by \
             FROM entries {} ORDER BY {order} LIMIT {}",
            w.clause(),
            n + 1
        );
        // The page comes back as one JSON text: one row through the driver
        // instead of fifty, each of which would cross its worker thread and
        // be converted column by column. (Its order is put back below.)
        let sql = match self.backend() {
            Backend::Sqlite => format!(
                "SELECT json_group_array(json_array(seq, doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by)) AS page FROM ({inner})"
            ),
            Backend::Postgres => format!(
                "SELECT COALESCE(json_agg(json_build_array(seq, doc_no, date, kind, line, amount, ref, counterparty, memo, recorded_at, recorded_by)), '[]')::text AS page FROM ({inner}) t"
            ),
        };
        let row = w
            .bind(sqlx::query(&sql))
            .fetch_one(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("listing entries"))?;
        let page: String = get(&row, "entries", "page")?;
        let mut packed: Vec<Packed> = serde_json::from_str(&page)
            .map_err(|e| codec::corrupt("entries", "page", "*", format!("JSON: {e}")))?;
        sort_packed(&mut packed, f.sort);
        let mut out = Vec::with_capacity(packed.len());
        for (
            seq,
            doc_no,
            date,
            kind,
            line,
            amount,
            reference,
            counterparty,
            memo,
            recorded_at,
            recorded_by,
        ) in packed
        {
            out.push(EntryRow {
                seq,
                entry: codec::entry_from_parts(EntryParts {
                    doc_no,
                    date: &date,
                    kind: &kind,
                    line: &line,
                    amount,
                    reference,
                    counterparty,
                    memo,
                })?,
                recorded_at,
                recorded_by,
            });
        }
        let more = out.len() > usize::try_from(n).unwrap_or(usize::MAX);
        if more {
            out.pop();
        }
        let (next, next_after) = match (more, out.last()) {
            (true, Some(last)) if f.sort.is_default() => (Some(last.seq), None),
            (true, Some(last)) => (None, Some(cursor_of(last, f.sort))),
            _ => (None, None),
        };
        Ok(EntryPage {
            rows: out,
            next,
            next_after,
        })
    }

    /// The filter's conditions (every one but the page cursors), scoped.
    pub(crate) async fn entry_where(&self, f: &EntryFilter) -> Result<Where, StoreError> {
        let mut w = Where::default();
        w.sql.push(self.sc().await?.w());
        if !f.lines.is_empty() {
            let first = w.args.len() + 1;
            let list: Vec<String> = (0..f.lines.len())
                .map(|i| format!("${}", first + i))
                .collect();
            w.sql.push(format!("line IN ({})", list.join(", ")));
            w.args
                .extend(f.lines.iter().map(|l| Arg::Text(l.as_str().to_owned())));
        }
        if let Some(k) = f.kind {
            w.text(|p| format!("kind = {p}"), k.as_str().to_owned());
        }
        if let Some(d) = f.from {
            w.text(|p| format!("date >= {p}"), d.to_string());
        }
        if let Some(d) = f.to {
            w.text(|p| format!("date <= {p}"), d.to_string());
        }
        if let Some(c) = f.counterparty.as_deref().filter(|s| !s.trim().is_empty()) {
            w.text(
                |p| format!("counterparty LIKE {p} ESCAPE '\\'"),
                contains(c.trim()),
            );
        }
        if let Some(t) = f.text.as_deref().filter(|s| !s.trim().is_empty()) {
            let pattern = contains(t.trim());
            let p1 = w.next();
            w.args.push(Arg::Text(pattern.clone()));
            let p2 = w.next();
            w.args.push(Arg::Text(pattern.clone()));
            let p3 = w.next();
            w.args.push(Arg::Text(pattern));
            w.sql.push(format!(
                "(doc_no LIKE {p1} ESCAPE '\\' OR memo LIKE {p2} ESCAPE '\\' OR counterparty LIKE {p3} ESCAPE '\\')"
            ));
        }
        Ok(w)
    }

    /// One entry by document number.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn entry(&self, doc_no: &str) -> Result<Option<Entry>, StoreError> {
        let sql = format!(
            "SELECT doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries WHERE {} AND doc_no = $1",
            self.sc().await?.w()
        );
        sqlx::query(&sql)
            .bind(doc_no)
            .fetch_optional(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("reading an entry"))?
            .as_ref()
            .map(entry_from_row)
            .transpose()
    }

    /// A page of the audit log, newest first, and whether older records
    /// remain.
    ///
    /// # Errors
    /// [`StoreError::Database`], [`StoreError::Corrupt`].
    pub async fn audit_page(
        &self,
        f: &AuditFilter,
    ) -> Result<(Vec<AuditRecord>, bool), StoreError> {
        let mut w = Where::default();
        let Some(s) = self.resolve_default().await? else {
            return Ok((Vec::new(), false));
        };
        w.sql
            .push(format!("({} OR institution_id IS NULL)", s.wi()));
        if let Some(a) = f.actor.as_deref().filter(|s| !s.trim().is_empty()) {
            w.text(|p| format!("actor = {p}"), a.trim().to_owned());
        }
        if let Some(e) = f.entity.as_deref().filter(|s| !s.trim().is_empty()) {
            w.text(|p| format!("entity = {p}"), e.trim().to_owned());
        }
        // Stored times are RFC 3339 in UTC with a fixed width, so they
        // compare as text with a bound written the same way.
        if let Some(t) = f.from {
            w.text(|p| format!("at >= {p}"), audit::stamp(t));
        }
        if let Some(t) = f.until {
            w.text(|p| format!("at < {p}"), audit::stamp(t));
        }
        if let Some(id) = f.before_id {
            w.int(|p| format!("id < {p}"), id);
        }
        let n = limit(f.limit);
        let sql = format!(
            "SELECT id, at, actor, action, entity, key, before, after FROM audit_log {} ORDER BY id DESC LIMIT {}",
            w.clause(),
            n + 1
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .fetch_all(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("reading the audit log"))?;
        let mut out = rows
            .iter()
            .map(audit::from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let more = out.len() > usize::try_from(n).unwrap_or(usize::MAX);
        if more {
            out.pop();
        }
        Ok((out, more))
    }

    /// Saves a project team's edit of its sheet: achievements, indicators
    /// and schedule. `before` is the sheet as the editor read it; if the
    /// stored sheet differs (someone saved meanwhile) nothing is written.
    /// The new sheet must pass the domain's checks (breakdowns that sum,
    /// tokens that name indicators).
    ///
    /// # Errors
    /// [`StoreError::NotFound`], [`StoreError::Stale`],
    /// [`StoreError::Inconsistent`] with the broken rules,
    /// [`StoreError::Database`].
    pub async fn update_project(
        &self,
        before: &Project,
        after: &Project,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut findings = Vec::new();
        after.check(&mut findings);
        if !findings.is_empty() {
            return Err(StoreError::Inconsistent(findings));
        }
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        self.refuse_closed(&mut *tx, s).await?;
        let current = current_project(&mut tx, s, &before.code).await?;
        if &current != before || before.code != after.code {
            return Err(StoreError::Stale {
                what: "project",
                key: before.code.to_string(),
            });
        }
        let code = after.code.as_str();
        let sql = format!(
            "UPDATE projects SET achievements = $1, achievements_heading = $2, schedule_heading = $3 WHERE {} AND code = $4",
            s.w()
        );
        sqlx::query(&sql)
            .bind(after.achievements.source())
            .bind(after.achievements_heading.as_deref())
            .bind(after.schedule_heading.as_deref())
            .bind(code)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("updating a project"))?;
        for table in [
            "indicator_parts",
            "indicators",
            "schedule_items",
            "project_budget_notes",
        ] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE {} AND project = $1",
                s.w()
            ))
            .bind(code)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(format!("replacing {table}")))?;
        }
        crate::write::write_project_lists(&mut tx, s, after).await?;
        let view = |p: &Project| {
            serde_json::json!({
                "achievements": p.achievements.source(),
                "indicators": p.indicators,
                "schedule": p.schedule,
            })
            .to_string()
        };
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "edit",
                entity: "project",
                key: Some(code),
                before: Some(view(before)),
                after: Some(view(after)),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("updating a project"))
    }
}

impl Store {
    /// Saves the planning team's edit of the staffing table (정원·현원 by
    /// grade, staff outside the quota, the date they describe) as a new
    /// dated version keyed by its 기준일: earlier versions stay, so a
    /// report as of an earlier date still shows the table then in force
    /// ([`Store::load_on`]). Saving with the date of a recorded version
    /// replaces that version. `before` is the table as the editor read it
    /// (the version in force at the end of the year, as [`Store::load`]
    /// gives it); if the stored one differs, nothing is written.
    ///
    /// # Errors
    /// [`StoreError::Stale`], [`StoreError::Database`].
    pub async fn update_staffing(
        &self,
        before: &Staffing,
        after: &Staffing,
        actor: &str,
    ) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        let current = read::read_staffing(&mut tx, s, s.year_end())
            .await?
            .map_err(StoreError::Inconsistent)?;
        if &current != before {
            return Err(StoreError::Stale {
                what: "staffing",
                key: "1".into(),
            });
        }
        for table in ["staffing_grades", "staffing_outside_quota", "staffing"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE {} AND as_of = $1",
                s.wi()
            ))
            .bind(after.as_of.to_string())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db(format!("replacing {table}")))?;
        }
        crate::write::write_staffing(&mut tx, s.inst, after).await?;
        let view = |s: &Staffing| serde_json::to_string(s).unwrap_or_default();
        let key = after.as_of.to_string();
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "edit",
                entity: "staffing",
                key: Some(&key),
                before: Some(view(before)),
                after: Some(view(after)),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("updating staffing"))
    }
}

async fn current_project(
    c: &mut AnyConnection,
    s: Sc,
    code: &ProjectCode,
) -> Result<Project, StoreError> {
    let institution = read::read_institution(c, s).await?;
    let mut findings = Vec::new();
    let projects = read::read_projects(c, s, institution.fiscal_year, &mut findings).await?;
    if !findings.is_empty() {
        return Err(StoreError::Inconsistent(findings));
    }
    projects
        .unwrap_or_default()
        .into_iter()
        .find(|p| &p.code == code)
        .ok_or_else(|| StoreError::NotFound {
            what: "project",
            key: code.to_string(),
        })
}

/// What the list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// The order recorded in (the default, newest first).
    #[default]
    Recorded,
    /// The entry's date.
    Date,
    /// The amount.
    Amount,
    /// The budget line's code.
    Line,
}

/// An order: a key and a direction; ties go by the order recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EntrySort {
    /// The key.
    pub key: SortKey,
    /// Largest (latest, last) first.
    pub descending: bool,
}

impl Default for EntrySort {
    fn default() -> Self {
        EntrySort {
            key: SortKey::Recorded,
            descending: true,
        }
    }
}

impl EntrySort {
    /// Parses `date`, `-date`, `amount`, `-amount`, `line`, `-line` (a
    /// leading `-`: descending); anything else is the default order.
    pub fn parse(s: &str) -> EntrySort {
        let (descending, key) = match s.trim().strip_prefix('-') {
            Some(k) => (true, k),
            None => (false, s.trim()),
        };
        let key = match key {
            "date" => SortKey::Date,
            "amount" => SortKey::Amount,
            "line" => SortKey::Line,
            _ => return EntrySort::default(),
        };
        EntrySort { key, descending }
    }

    /// The spelling [`EntrySort::parse`] reads (empty for the default).
    pub fn as_param(self) -> String {
        let key = match self.key {
            SortKey::Recorded => return String::new(),
            SortKey::Date => "date",
            SortKey::Amount => "amount",
            SortKey::Line => "line",
        };
        format!("{}{key}", if self.descending { "-" } else { "" })
    }

    /// The default order, newest recorded first.
    pub fn is_default(self) -> bool {
        self == EntrySort::default()
    }

    fn column(self) -> &'static str {
        match self.key {
            SortKey::Recorded => "seq",
            SortKey::Date => "date",
            SortKey::Amount => "amount",
            SortKey::Line => "line",
        }
    }
}

/// The `ORDER BY` of `f`'s order, after adding its page cursor (`after`)
/// to `w`.
pub(crate) fn order_and_cursor(f: &EntryFilter, w: &mut Where) -> Result<String, StoreError> {
    let s = f.sort;
    let dir = if s.descending { "DESC" } else { "ASC" };
    let cmp = if s.descending { "<" } else { ">" };
    if let Some(after) = f.after.as_deref().filter(|_| s.key != SortKey::Recorded) {
        let bad = || codec::corrupt("entries", "cursor", "after", "not a page cursor".to_owned());
        let (value, seq) = after.rsplit_once('~').ok_or_else(bad)?;
        let seq: i64 = seq.parse().map_err(|_| bad())?;
        let col = s.column();
        let key = || -> Result<Arg, StoreError> {
            Ok(match s.key {
                SortKey::Amount => Arg::Int(value.parse().map_err(|_| bad())?),
                _ => Arg::Text(value.to_owned()),
            })
        };
        let pv = w.next();
        w.args.push(key()?);
        let pv2 = w.next();
        w.args.push(key()?);
        let ps = w.next();
        w.args.push(Arg::Int(seq));
        w.sql.push(format!(
            "({col} {cmp} {pv} OR ({col} = {pv2} AND seq {cmp} {ps}))"
        ));
    }
    Ok(match s.key {
        SortKey::Recorded => format!("seq {dir}"),
        _ => format!("{} {dir}, seq {dir}", s.column()),
    })
}

/// The page's rows in `sort`'s order (the packed page comes back in any).
pub(crate) fn sort_packed(packed: &mut [Packed], sort: EntrySort) {
    packed.sort_by(|a, b| {
        let by_key = match sort.key {
            SortKey::Recorded => std::cmp::Ordering::Equal,
            SortKey::Date => a.2.cmp(&b.2),
            SortKey::Amount => a.5.cmp(&b.5),
            SortKey::Line => a.4.cmp(&b.4),
        };
        let o = by_key.then(a.0.cmp(&b.0));
        if sort.descending { o.reverse() } else { o }
    });
}

/// The cursor after `row` in `sort`'s order: its key and its place.
pub(crate) fn cursor_of(row: &EntryRow, sort: EntrySort) -> String {
    let e = &row.entry;
    let key = match sort.key {
        SortKey::Recorded => String::new(),
        SortKey::Date => e.date.to_string(),
        SortKey::Amount => e.amount.get().to_string(),
        SortKey::Line => e.line.to_string(),
    };
    format!("{key}~{}", row.seq)
}
