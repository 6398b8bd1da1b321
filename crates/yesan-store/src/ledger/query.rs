//! Read queries of the ledger side: the budget and its amendments, the
//! status on a date from the per-day index (one packed row), the monthly
//! sums, the open commitments the entry form offers, the entries.

use super::index::leaf_totals;
use super::insert::{Lookup, fetch_where};
use crate::codec::{amendments_from_json, curve_from_text, date, parse_packed};
use crate::codec::{corrupt, entry_from_row, get, line_code, parse_date};
use crate::error::StoreError;
use crate::read::{self, rows};
use crate::read::{read_budget_and_amendments, read_curve};
use crate::{Backend, Store};
use chrono::NaiveDate;
use yesan_domain::amendment::Amendment;
use yesan_domain::budget::Budget;
use yesan_domain::code::LineCode;
use yesan_domain::control::open_balances;
use yesan_domain::curve::ExpectedCurve;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::execution::{LeafTotals, MonthSum};
use yesan_domain::money::Won;

/// How many of the latest commitments [`Store::open_commitments`] looks at.
pub(crate) const OPEN_SCAN: usize = 1_000;

/// A commitment with something left to pay (see [`Store::open_commitments`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCommitment {
    /// Its document number, what a disbursement refers to.
    pub doc_no: String,
    /// Its date.
    pub date: NaiveDate,
    /// The expenditure line it commits.
    pub line: LineCode,
    /// Whom it is owed to, if recorded.
    pub counterparty: Option<String>,
    /// Its amount, less cancellations and payments (cancelled payments
    /// given back).
    pub unpaid: Won,
}

/// The budget tree, its amendments and the expected execution curve.
#[derive(Debug, Clone)]
pub struct BudgetState {
    /// Lines with base amounts.
    pub budget: Budget,
    /// Amendments in recorded order.
    pub amendments: Vec<Amendment>,
    /// The expected execution curve.
    pub expected: ExpectedCurve,
}

/// A project's code, budget line and title ([`Store::project_lines`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectLine {
    /// `1-1` …
    pub code: String,
    /// Its budget line.
    pub line: LineCode,
    /// Its title.
    pub title: String,
}

impl Store {
    /// The budget tree and its amendments, without the rest of the dataset.
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn budget(&self) -> Result<BudgetState, StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_read().await?;
        let (budget, amendments) = read_budget_and_amendments(&mut *tx, s).await?;
        let expected = read_curve(&mut tx, s).await?;
        tx.commit()
            .await
            .map_err(StoreError::db("ending the read transaction"))?;
        Ok(BudgetState {
            budget,
            amendments,
            expected,
        })
    }

    /// Each project's code, budget line and title, in order (for labelling
    /// lines without loading the whole dataset).
    ///
    /// # Errors
    /// [`StoreError::Database`] when the projects cannot be read.
    pub async fn project_lines(&self) -> Result<Vec<ProjectLine>, StoreError> {
        let s = self.sc().await?;
        let mut conn = self.read_conn().await?;
        rows(
            &mut conn,
            "projects",
            &format!(
                "SELECT code, line, title FROM projects WHERE {} ORDER BY position",
                s.w()
            ),
        )
        .await?
        .iter()
        .map(|r| {
            let code: String = get(r, "projects", "code")?;
            let line = line_code(
                "projects",
                &code,
                "line",
                &get::<String>(r, "projects", "line")?,
            )?;
            Ok(ProjectLine {
                code,
                line,
                title: get(r, "projects", "title")?,
            })
        })
        .collect()
    }

    /// The most recent commitments with something left to pay, newest
    /// first, at most `limit`: what a disbursement form offers to pay.
    /// Only the latest `OPEN_SCAN` commitments are looked at, so the
    /// cost stays flat however long the ledger grows.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the ledger cannot be read.
    pub async fn open_commitments(&self, limit: usize) -> Result<Vec<OpenCommitment>, StoreError> {
        let s = self.sc().await?;
        let mut conn = self.read_conn().await?;
        let sql = format!(
            "SELECT seq, doc_no, date, kind, line, amount, ref, counterparty, memo FROM entries \
             WHERE {} AND kind = 'commit' ORDER BY seq DESC LIMIT {OPEN_SCAN}",
            s.w()
        );
        let mut recent = Vec::new();
        for r in rows(&mut conn, "entries", &sql).await? {
            recent.push(entry_from_row(&r)?);
        }
        let keys: Vec<&str> = recent.iter().map(|e| e.doc_no.as_str()).collect();
        let children: Vec<Entry> = fetch_where(&mut conn, s, "ref", &keys)
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let paid: Vec<&str> = children
            .iter()
            .filter(|e| e.kind == EntryKind::Disburse)
            .map(|e| e.doc_no.as_str())
            .collect();
        let grandchildren: Vec<Entry> = fetch_where(&mut conn, s, "ref", &paid)
            .await?
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        let l = Lookup {
            found: recent,
            children,
            grandchildren,
        };
        let open = open_balances(&l.found, &l.children, &l.grandchildren);
        Ok(l.found
            .iter()
            .filter_map(|e| {
                let unpaid = open.get(e.doc_no.as_str()).copied()?;
                (unpaid > Won::ZERO).then(|| OpenCommitment {
                    doc_no: e.doc_no.clone(),
                    date: e.date,
                    line: e.line.clone(),
                    counterparty: e.counterparty.clone(),
                    unpaid,
                })
            })
            .take(limit)
            .collect())
    }

    /// The date of the latest ledger entry, if any.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn last_entry_date(&self) -> Result<Option<NaiveDate>, StoreError> {
        let s = self.sc().await?;
        let mut conn = self.read_conn().await?;
        // day_totals has a row for every day with entries, keyed by day.
        let row = sqlx::query(&format!(
            "SELECT MAX(day) AS day FROM day_totals WHERE {}",
            s.w()
        ))
        .fetch_one(&mut *conn)
        .await
        .map_err(StoreError::db("reading the latest entry date"))?;
        get::<Option<String>>(&row, "day_totals", "day")?
            .map(|d| parse_date("day_totals", "max", "day", &d))
            .transpose()
    }

    /// Net committed and disbursed amounts of every leaf line on `as_of`,
    /// read from the daily snapshots: one index seek and one run of rows,
    /// whatever the size of the ledger.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn leaf_totals(&self, as_of: NaiveDate) -> Result<LeafTotals, StoreError> {
        let s = self.sc().await?;
        let mut conn = self.read_conn().await?;
        let row = sqlx::query(&format!("SELECT ({}) AS totals", leaf_totals(s)))
            .bind(date(as_of))
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::db("reading the daily snapshots"))?;
        let mut out = LeafTotals::default();
        for (line, c, d) in parse_packed(get(&row, "day_totals", "totals")?)? {
            out.insert(
                line_code("day_totals", &line, "line", &line)?,
                (Won::new(c), Won::new(d)),
            );
        }
        Ok(out)
    }

    /// `sql`'s rows (a key, and two amounts) as one text: SQLite's driver
    /// hands every row from its own thread to this one separately, which
    /// cost more than finding the rows; one row for a roll-up of 400 lines,
    /// not 400. [`parse_packed`] reads it back.
    pub(super) fn packed_sql(&self, sql: &str) -> String {
        let concat = match self.backend {
            Backend::Postgres => "string_agg",
            Backend::Sqlite => "group_concat",
        };
        format!(
            "SELECT {concat}(CAST(r.line AS TEXT) || ',' || CAST(r.committed AS TEXT) || ',' || CAST(r.disbursed AS TEXT), ';') FROM ({sql}) r"
        )
    }

    /// The rows of `sql`, fetched packed (see [`Store::packed_sql`]).
    pub(super) async fn packed(
        &self,
        sql: &str,
        param: Option<String>,
    ) -> Result<Vec<(String, i64, i64)>, StoreError> {
        let sql = format!("SELECT ({}) AS rows", self.packed_sql(sql));
        let mut conn = self.read_conn().await?;
        let mut q = sqlx::query(&sql);
        if let Some(p) = param {
            q = q.bind(p);
        }
        let row = q
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::db("reading the ledger index"))?;
        parse_packed(get(&row, "line_month", "rows")?)
    }

    /// What a roll-up on `as_of` needs: the budget, its amendments and
    /// expected curve, and every leaf's totals on that day, in one
    /// statement: one snapshot, one round trip, and a fresh process
    /// prepares one statement instead of seven.
    ///
    /// # Errors
    /// As [`Store::budget`] and [`Store::leaf_totals`].
    pub async fn status_on(
        &self,
        as_of: NaiveDate,
    ) -> Result<(BudgetState, LeafTotals), StoreError> {
        let s = self.sc().await?;
        let (state, leaves, _) = status_in(&mut self.read_conn().await?, s, as_of, false).await?;
        Ok((state, leaves))
    }

    /// [`Store::status_on`] and [`Store::structure_history`] (what dates
    /// the budget's lines) in one statement: one snapshot, one round trip
    /// for both, and on PostgreSQL one scoped `BEGIN` instead of two.
    ///
    /// # Errors
    /// As [`Store::status_on`] and [`Store::structure_history`].
    pub async fn status_and_history_on(
        &self,
        as_of: NaiveDate,
    ) -> Result<(BudgetState, LeafTotals, yesan_domain::structure::History), StoreError> {
        let s = self.sc().await?;
        let (state, leaves, history) =
            status_in(&mut self.read_conn().await?, s, as_of, true).await?;
        Ok((state, leaves, history.unwrap_or_default()))
    }

    /// Net committed and disbursed amounts of every leaf line per month
    /// (`YYYY-MM`), for execution curves.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the index cannot be read.
    pub async fn monthly(&self) -> Result<Vec<MonthSum>, StoreError> {
        // The per-month index: a few thousand rows, not every (line, day).
        // The month goes with the line ('E1.2.3@2023-10') to fit `packed`.
        let s = self.sc().await?;
        let sql = format!(
            "SELECT line || '@' || month AS line, committed, disbursed FROM line_month WHERE {}",
            s.w()
        );
        month_sums_from(self.packed(&sql, None).await?)
    }

    /// Every ledger entry in ledger order (date, then recording order).
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn entries(&self) -> Result<Vec<Entry>, StoreError> {
        let s = self.sc().await?;
        let mut conn = self.read_conn().await?;
        read::read_entries(&mut conn, s).await
    }
}

/// The month sums of packed `line@month,committed,disbursed` rows (see
/// [`Store::packed_sql`]), by line and month.
pub(crate) fn month_sums_from(
    packed: Vec<(String, i64, i64)>,
) -> Result<Vec<MonthSum>, StoreError> {
    let mut out = Vec::with_capacity(packed.len());
    for (key, c, d) in packed {
        let Some((line, month)) = key.split_once('@') else {
            return Err(corrupt(
                "line_month",
                &key,
                "month",
                "월을 읽을 수 없습니다 / cannot read the month".to_owned(),
            ));
        };
        out.push(MonthSum {
            line: line_code("line_month", line, "line", line)?,
            month: month.to_owned(),
            committed: Won::new(c),
            disbursed: Won::new(d),
        });
    }
    out.sort_by(|a, b| (a.line.as_str(), &a.month).cmp(&(b.line.as_str(), &b.month)));
    Ok(out)
}

/// [`Store::status_on`] on a read connection already scoped.
/// The one statement of a scope's status on a date (`$1`): the budget,
/// its amendments and the day's packed totals, one row; `with_history`,
/// also the structure's dated states (`history`). Also what a new
/// PostgreSQL connection warms its caches with (`warm.rs`).
pub(crate) fn status_sql(sqlite: bool, s: crate::key::Sc, with_history: bool) -> String {
    let history = if with_history {
        format!(", {} AS history", crate::structure::history_json(sqlite, s))
    } else {
        String::new()
    };
    format!(
        "SELECT b.fiscal_year, b.prior_label, b.prior_curve, {} AS lines, {}, \
         ({}) AS totals{history} FROM budget b WHERE {}",
        crate::codec::budget_lines_json_where(sqlite, &s.w()),
        crate::codec::amendments_json_where(sqlite, &s.w()),
        leaf_totals(s),
        s.wa("b")
    )
}

/// A status (see [`status_sql`]): the budget's state, the leaves' totals
/// and, `with_history`, the structure's history.
async fn status_in(
    conn: &mut crate::conn::ReadConn,
    s: crate::key::Sc,
    as_of: NaiveDate,
    with_history: bool,
) -> Result<
    (
        BudgetState,
        LeafTotals,
        Option<yesan_domain::structure::History>,
    ),
    StoreError,
> {
    let sql = status_sql(crate::conn::Exec::is_sqlite(&*conn), s, with_history);
    let row = sqlx::query(&sql)
        .bind(date(as_of))
        .fetch_optional(&mut **conn)
        .await
        .map_err(StoreError::db("reading the budget and the ledger index"))?
        .ok_or_else(|| corrupt("budget", "1", "id", "행이 없습니다 / the row is missing"))?;
    const T: &str = "budget";
    let fy: i64 = get(&row, T, "fiscal_year")?;
    let fy = i32::try_from(fy).map_err(|_| {
        corrupt(
            T,
            "1",
            "fiscal_year",
            format!("범위를 벗어난 연도 / year {fy} out of range"),
        )
    })?;
    let lines = crate::codec::budget_lines_from_json(get(&row, "budget_lines", "lines")?)?;
    let budget =
        Budget::new(fy, get(&row, T, "prior_label")?, lines).map_err(StoreError::Inconsistent)?;
    let amendments = amendments_from_json(get(&row, T, "amendments")?, get(&row, T, "changes")?)?;
    let expected = curve_from_text(get(&row, T, "prior_curve")?)?;
    let totals = crate::codec::leaf_totals_of(get(&row, "day_totals", "totals")?, &budget)?;
    let state = BudgetState {
        budget,
        amendments,
        expected,
    };
    let history = if with_history {
        let text: Option<String> = get(&row, "structure_history", "history")?;
        Some(crate::structure::history_from_json(text.as_deref())?)
    } else {
        None
    };
    Ok((state, totals, history))
}
