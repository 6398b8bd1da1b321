//! The derived index: `line_day` (net amounts per line and day),
//! `day_totals` (every line's running totals on each day with entries,
//! one packed row a day) and `line_month` (per-month sums, for the
//! execution curves). Written in the same transaction as the entries they
//! summarise, rebuilt from a day on, and checked against the ledger
//! ([`Store::verify_index`]).

use crate::Store;
use crate::codec::{INSERT_BATCH, args_err, date, parse_packed, placeholders, positional};
use crate::codec::{corrupt, get};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::read::rows;
use chrono::NaiveDate;
use sqlx::any::AnyArguments;
use sqlx::{AnyConnection, Arguments};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use yesan_domain::code::LineCode;
use yesan_domain::execution::Entry;

/// Net commitments and disbursements per (line, day), straight from the
/// ledger: the one definition of what `line_day` holds, used to rebuild it
/// and to check it. (The schema migration that first filled it spells the
/// same query, as migrations must stay fixed.) The signs are
/// [`EntryKind::effect`]'s; a unit test holds the two together.
pub(crate) fn day_sums(s: Sc) -> String {
    format!(
        "SELECT line, date AS day, \
    SUM(CASE kind WHEN 'commit' THEN amount WHEN 'commit_cancel' THEN -amount ELSE 0 END) AS committed, \
    SUM(CASE kind WHEN 'disburse' THEN amount WHEN 'disburse_cancel' THEN -amount ELSE 0 END) AS disbursed \
    FROM entries WHERE {} GROUP BY line, date",
        s.w()
    )
}

/// Every line's running totals on each day from `rows` on, packed as the
/// roll-up reads them: `line,committed,disbursed` joined by `;`, in line
/// order, lines without entries by then left out. `base` holds the totals
/// before the first of `rows`, which are `line_day` rows (day, line,
/// committed, disbursed) in day order. What `day_totals` holds.
pub(crate) fn day_totals(
    mut base: BTreeMap<String, (i64, i64)>,
    rows: &[(String, String, i64, i64)],
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let day = &rows[i].0;
        while let Some((_, line, c, x)) = rows.get(i).filter(|r| &r.0 == day) {
            let t = base.entry(line.clone()).or_default();
            t.0 += c;
            t.1 += x;
            i += 1;
        }
        out.push((
            day.clone(),
            pack(base.iter().map(|(l, t)| (l.as_str(), *t))),
        ));
    }
    out
}

/// `line_day`'s rows from `from` on (all for an empty `from`), in day and
/// line order, read packed in one row.
pub(crate) async fn line_days_from(
    c: &mut impl Exec,
    s: Sc,
    from: &str,
) -> Result<Vec<(String, String, i64, i64)>, StoreError> {
    let concat = if positional(c) {
        "group_concat"
    } else {
        "string_agg"
    };
    let sql = format!(
        "SELECT {concat}(day || '@' || line || ',' || CAST(committed AS TEXT) || ',' || CAST(disbursed AS TEXT), ';') \
         AS rows FROM line_day WHERE {} AND day >= $1",
        s.w()
    );
    let row = sqlx::query(&sql)
        .bind(from)
        .fetch_one(c.ex())
        .await
        .map_err(StoreError::db("reading the per-day index"))?;
    let mut out = Vec::new();
    for (key, cm, ds) in parse_packed(get(&row, "line_day", "rows")?)? {
        let Some((day, line)) = key.split_once('@') else {
            return Err(corrupt(
                "line_day",
                &key,
                "day",
                "합계를 읽을 수 없습니다 / cannot read the sums".to_owned(),
            ));
        };
        out.push((day.to_owned(), line.to_owned(), cm, ds));
    }
    out.sort_unstable();
    Ok(out)
}

/// Every leaf's totals on `$1`, packed (see [`day_totals`]): the latest
/// daily snapshot on or before the date, one index seek and one row
/// whatever the size of the ledger; no text when there is none.
pub(crate) fn leaf_totals(s: Sc) -> String {
    format!(
        "SELECT totals FROM day_totals WHERE {} AND day <= $1 ORDER BY day DESC LIMIT 1",
        s.w()
    )
}

/// Rows per INSERT into `day_totals` (each a few KiB of text).
pub(crate) const TOTALS_BATCH: usize = 64;

/// Rebuilds `day_totals` from `from` on (every day for an empty `from`),
/// after `line_day` is up to date: the snapshot of the day before, plus
/// the per-day sums since.
pub(crate) async fn rebuild_totals(c: &mut impl Exec, s: Sc, from: &str) -> Result<(), StoreError> {
    let since = line_days_from(c, s, from).await?;
    let mut base = BTreeMap::new();
    if !from.is_empty() {
        let sql = format!(
            "SELECT (SELECT totals FROM day_totals WHERE {} AND day < $1 ORDER BY day DESC LIMIT 1) AS totals",
            s.w()
        );
        let row = sqlx::query(&sql)
            .bind(from)
            .fetch_one(c.ex())
            .await
            .map_err(StoreError::db("reading the daily snapshots"))?;
        for (line, cm, ds) in parse_packed(get(&row, "day_totals", "totals")?)? {
            base.insert(line, (cm, ds));
        }
    }
    write_day_totals(c, s, from, &day_totals(base, &since)).await
}

/// Replaces the daily snapshots from `from` on with `fresh` (see
/// [`day_totals`]).
pub(crate) async fn write_day_totals(
    c: &mut impl Exec,
    s: Sc,
    from: &str,
    fresh: &[(String, String)],
) -> Result<(), StoreError> {
    sqlx::query(&format!(
        "DELETE FROM day_totals WHERE {} AND day >= $1",
        s.w()
    ))
    .bind(from)
    .execute(c.ex())
    .await
    .map_err(StoreError::db("rebuilding the daily snapshots"))?;
    for chunk in fresh.chunks(TOTALS_BATCH) {
        let sql = format!(
            "INSERT INTO day_totals (institution_id, fiscal_year, day, totals) SELECT {}, column1, column2 FROM (VALUES {}) AS v",
            s.v(),
            placeholders(c, 0, chunk.len(), 2)
        );
        let mut args = AnyArguments::default();
        for (day, totals) in chunk {
            args.add(day.as_str()).map_err(args_err)?;
            args.add(totals.as_str()).map_err(args_err)?;
        }
        sqlx::query_with(&sql, args)
            .execute(c.ex())
            .await
            .map_err(StoreError::db("rebuilding the daily snapshots"))?;
    }
    Ok(())
}

/// The snapshots `day_totals` should hold, from `line_day`, against those
/// it holds: one line per (line, day) that differs.
pub(crate) async fn check_totals(c: &mut AnyConnection, s: Sc) -> Result<Vec<String>, StoreError> {
    // A line named twice in one snapshot becomes `None`, which never
    // equals a total, so that the duplicate is reported.
    let parse = |text: String| -> Result<HashMap<String, Option<(i64, i64)>>, StoreError> {
        let mut map = HashMap::new();
        for (line, cm, ds) in parse_packed(Some(text))? {
            if map.insert(line.clone(), Some((cm, ds))).is_some() {
                map.insert(line, None);
            }
        }
        Ok(map)
    };
    let mut want: BTreeMap<String, HashMap<String, Option<(i64, i64)>>> = BTreeMap::new();
    for (day, totals) in day_totals(BTreeMap::new(), &line_days_from(c, s, "").await?) {
        want.insert(day, parse(totals)?);
    }
    let mut have: BTreeMap<String, HashMap<String, Option<(i64, i64)>>> = BTreeMap::new();
    let sql = format!("SELECT day, totals FROM day_totals WHERE {}", s.w());
    for r in rows(c, "day_totals", &sql).await? {
        have.insert(
            get(&r, "day_totals", "day")?,
            parse(get(&r, "day_totals", "totals")?)?,
        );
    }
    let empty = HashMap::new();
    let mut out = Vec::new();
    let days: BTreeSet<&String> = want.keys().chain(have.keys()).collect();
    for day in days {
        let (w, h) = (
            want.get(day).unwrap_or(&empty),
            have.get(day).unwrap_or(&empty),
        );
        let lines: BTreeSet<&String> = w.keys().chain(h.keys()).collect();
        for line in lines.into_iter().filter(|l| w.get(*l) != h.get(*l)) {
            out.push(format!(
                "일별 스냅숏 불일치 {line} {day} / daily snapshot differs at {line} {day}"
            ));
        }
    }
    Ok(out)
}

/// Per-month sums of `line_day`: what `line_month` holds.
pub(crate) fn month_sums(s: Sc) -> String {
    format!(
        "SELECT line, SUBSTR(day, 1, 7) AS month, SUM(committed) AS committed, \
    SUM(disbursed) AS disbursed FROM line_day WHERE {} GROUP BY line, SUBSTR(day, 1, 7)",
        s.w()
    )
}

/// Net commitments and disbursements per (line, day) of entries about to
/// be written, added up as they go by. Keyed by the shared line code and
/// the date (hashing a short code, no text made), so that adding an entry
/// costs a look-up and nothing else; text is made once per (line, day)
/// when the rows are written.
#[derive(Debug, Default)]
pub(crate) struct DaySums(HashMap<(LineCode, NaiveDate), (i64, i64), rustc_hash::FxBuildHasher>);

impl DaySums {
    pub(crate) fn add(&mut self, e: &Entry) {
        let (c, x) = e.kind.deltas(e.amount);
        let key = (e.line.clone(), e.date);
        let d = self.0.entry(key).or_default();
        d.0 += c.get();
        d.1 += x.get();
    }

    /// What the sums add to the per-day index, ready to write.
    /// `fresh_ledger`: the ledger held nothing before them, so the daily
    /// snapshots follow from them alone and are computed here too.
    pub(crate) fn index_rows(&self, fresh_ledger: bool) -> IndexRows {
        // In key order, so that the rows go into the tables' B-trees one
        // after the other rather than each to a page of its own; sorted by
        // the code's text and the date, not by text made for them.
        let mut sums: Vec<(&str, NaiveDate, i64, i64)> = self
            .0
            .iter()
            .map(|((l, d), (cm, ds))| (l.as_str(), *d, *cm, *ds))
            .collect();
        sums.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let days: Vec<(String, String, i64, i64)> = sums
            .iter()
            .map(|(l, d, cm, ds)| ((*l).to_owned(), date(*d), *cm, *ds))
            .collect();
        let mut months: Vec<(String, String, i64, i64)> = Vec::new();
        for (line, day, cm, ds) in &days {
            match months.last_mut() {
                Some(m) if m.0 == *line && m.1 == day[..7] => {
                    m.2 += cm;
                    m.3 += ds;
                }
                _ => months.push((line.clone(), day[..7].to_owned(), *cm, *ds)),
            }
        }
        let first = sums.iter().map(|r| r.1).min().map(date);
        let totals = fresh_ledger.then(|| {
            sums.sort_unstable_by(|a, b| (a.1, a.0).cmp(&(b.1, b.0)));
            running_totals(&sums)
        });
        IndexRows {
            days,
            months,
            first,
            totals,
        }
    }
}

/// One day's snapshot as `day_totals` holds it: `line,committed,disbursed`
/// joined by `;`, in the order given (line order). Written with `itoa`
/// rather than `write!`: a first recording packs every line of every day
/// with entries, and the formatting machinery was most of that cost.
fn pack<'a>(lines: impl ExactSizeIterator<Item = (&'a str, (i64, i64))>) -> String {
    let mut packed = String::with_capacity(lines.len() * 28);
    let mut num = itoa::Buffer::new();
    for (n, (line, (c, x))) in lines.enumerate() {
        if n > 0 {
            packed.push(';');
        }
        packed.push_str(line);
        packed.push(',');
        packed.push_str(num.format(c));
        packed.push(',');
        packed.push_str(num.format(x));
    }
    packed
}

/// [`day_totals`] from nothing, of (line, day, committed, disbursed) sums
/// in day and line order: the daily snapshots of a first recording.
fn running_totals(sums: &[(&str, NaiveDate, i64, i64)]) -> Vec<(String, String)> {
    let mut base: BTreeMap<&str, (i64, i64)> = BTreeMap::new();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&(_, day, _, _)) = sums.get(i) {
        while let Some(&(line, _, c, x)) = sums.get(i).filter(|r| r.1 == day) {
            let t = base.entry(line).or_default();
            t.0 += c;
            t.1 += x;
            i += 1;
        }
        out.push((date(day), pack(base.iter().map(|(l, t)| (*l, *t)))));
    }
    out
}

/// What a recording adds to the per-day index (see
/// [`DaySums::index_rows`]): `line_day` and `line_month` rows (line, day or
/// month, committed, disbursed) in key order, the first day they touch,
/// and, after a first recording into an empty ledger, the daily snapshots.
#[derive(Debug)]
pub(crate) struct IndexRows {
    days: Vec<(String, String, i64, i64)>,
    months: Vec<(String, String, i64, i64)>,
    first: Option<String>,
    totals: Option<Vec<(String, String)>>,
}

/// Adds the rows to the per-day and per-month index and brings the daily
/// snapshots up to date from the first day they touch.
pub(crate) async fn write_index(
    c: &mut impl Exec,
    s: Sc,
    rows: &IndexRows,
) -> Result<(), StoreError> {
    if let (Some(pg), Some(totals)) = (c.pg(), &rows.totals) {
        return copy_first_index(pg, s, rows, totals).await;
    }
    for (table, key, rows) in [
        ("line_day", "day", &rows.days),
        ("line_month", "month", &rows.months),
    ] {
        for chunk in rows.chunks(INSERT_BATCH) {
            let sql = format!(
                "INSERT INTO {table} (institution_id, fiscal_year, line, {key}, committed, disbursed) \
                 SELECT {}, column1, column2, column3, column4 FROM (VALUES {}) AS v WHERE true \
                 ON CONFLICT (institution_id, fiscal_year, line, {key}) DO UPDATE SET committed = {table}.committed + excluded.committed, \
                 disbursed = {table}.disbursed + excluded.disbursed",
                s.v(),
                placeholders(c, 0, chunk.len(), 4)
            );
            let mut args = AnyArguments::default();
            for (line, k, cm, ds) in chunk {
                args.add(line.as_str()).map_err(args_err)?;
                args.add(k.as_str()).map_err(args_err)?;
                args.add(*cm).map_err(args_err)?;
                args.add(*ds).map_err(args_err)?;
            }
            sqlx::query_with(&sql, args)
                .execute(c.ex())
                .await
                .map_err(StoreError::db("updating the per-day index"))?;
        }
    }
    match (&rows.first, &rows.totals) {
        (None, _) => Ok(()),
        (Some(first), Some(totals)) => write_day_totals(c, s, first, totals).await,
        (Some(first), None) => rebuild_totals(c, s, first).await,
    }
}

/// PostgreSQL, a first recording (the year's ledger held nothing, nor
/// then its index): the rows go in by COPY ([`super::copy`]), as the
/// entries do, rather than by upserts that can meet no row to update.
async fn copy_first_index(
    pg: &mut sqlx::PgConnection,
    s: Sc,
    rows: &IndexRows,
    totals: &[(String, String)],
) -> Result<(), StoreError> {
    use super::copy::copy_in;
    const WHAT: &str = "writing the per-day index";
    for (table, key, rows) in [
        ("line_day", "day", &rows.days),
        ("line_month", "month", &rows.months),
    ] {
        let statement = format!(
            "COPY {table} (institution_id, fiscal_year, line, {key}, committed, disbursed) FROM STDIN (FORMAT binary)"
        );
        copy_in(pg, &statement, rows, WHAT, |r, (line, k, cm, ds)| {
            r.row(6);
            r.int(s.inst);
            r.int(s.year);
            r.text(Some(line));
            r.text(Some(k));
            r.int(*cm);
            r.int(*ds);
        })
        .await?;
    }
    let statement =
        "COPY day_totals (institution_id, fiscal_year, day, totals) FROM STDIN (FORMAT binary)";
    copy_in(pg, statement, totals, WHAT, |r, (day, packed)| {
        r.row(4);
        r.int(s.inst);
        r.int(s.year);
        r.text(Some(day));
        r.text(Some(packed));
    })
    .await
}

impl Store {
    /// Compares the per-day index with the ledger it is derived from and
    /// lists every (line, day) where they differ; empty when they agree.
    /// `yesan check` runs it, so that an index out of step is found, not
    /// trusted.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the tables cannot be read.
    pub async fn verify_index(&self) -> Result<Vec<String>, StoreError> {
        let s = self.sc().await?;
        let (day_sums, month_sums) = (day_sums(s), month_sums(s));
        let sql = format!(
            "SELECT COALESCE(e.line, d.line) AS line, COALESCE(e.day, d.day) AS day, \
            CAST(COALESCE(e.committed, 0) AS BIGINT) AS ec, CAST(COALESCE(e.disbursed, 0) AS BIGINT) AS ed, \
            CAST(COALESCE(d.committed, 0) AS BIGINT) AS dc, CAST(COALESCE(d.disbursed, 0) AS BIGINT) AS dd \
            FROM ({day_sums}) e \
            FULL OUTER JOIN (SELECT * FROM line_day WHERE {w}) d ON d.line = e.line AND d.day = e.day \
            WHERE COALESCE(e.committed, 0) <> COALESCE(d.committed, 0) OR COALESCE(e.disbursed, 0) <> COALESCE(d.disbursed, 0)",
            w = s.w()
        );
        let mut conn = self.read_conn().await?;
        let mut out = Vec::new();
        for r in rows(&mut conn, "line_day", &sql).await? {
            let line: String = get(&r, "line_day", "line")?;
            let day: String = get(&r, "line_day", "day")?;
            let (ec, ed): (i64, i64) = (get(&r, "line_day", "ec")?, get(&r, "line_day", "ed")?);
            let (dc, dd): (i64, i64) = (get(&r, "line_day", "dc")?, get(&r, "line_day", "dd")?);
            out.push(format!(
                "일별 집계 불일치 {line} {day}: 원장 원인행위 {ec}·지출 {ed}, 집계 {dc}·{dd} / per-day index differs from the ledger at {line} {day}: ledger {ec}/{ed}, index {dc}/{dd}"
            ));
        }
        // And the months the sums of their days.
        let sql = format!(
            "SELECT COALESCE(m.line, s.line) AS line, COALESCE(m.month, s.month) AS month \
             FROM (SELECT * FROM line_month WHERE {w}) m FULL OUTER JOIN ({month_sums}) s ON s.line = m.line AND s.month = m.month \
             WHERE s.line IS NULL OR m.line IS NULL OR s.committed <> m.committed OR s.disbursed <> m.disbursed",
            w = s.w()
        );
        for r in rows(&mut conn, "line_month", &sql).await? {
            let line: String = get(&r, "line_month", "line")?;
            let month: String = get(&r, "line_month", "month")?;
            out.push(format!(
                "월별 집계 불일치 {line} {month} / monthly sum differs at {line} {month}"
            ));
        }
        // And the daily snapshots the running totals on each day.
        out.extend(check_totals(&mut conn, s).await?);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::day_totals;
    use crate::codec::parse_packed;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn row(day: &str, line: &str, c: i64, d: i64) -> (String, String, i64, i64) {
        (day.to_owned(), line.to_owned(), c, d)
    }

    /// The SQL that rebuilds `line_day` gives each kind the sign the
    /// domain does.
    #[test]
    fn day_sums_sql_follows_the_kinds_effect() {
        use yesan_domain::execution::EntryKind;
        let case = |sign: fn(EntryKind) -> i8| {
            let mut s = String::from("SUM(CASE kind");
            for k in EntryKind::ALL {
                match sign(k) {
                    1 => s.push_str(&format!(" WHEN '{}' THEN amount", k.as_str())),
                    -1 => s.push_str(&format!(" WHEN '{}' THEN -amount", k.as_str())),
                    _ => {}
                }
            }
            s + " ELSE 0 END)"
        };
        let sums = super::day_sums(crate::key::Sc {
            inst: 1,
            year: 2023,
        });
        assert!(sums.contains(&format!("{} AS committed", case(|k| k.effect().committed))));
        assert!(sums.contains(&format!("{} AS disbursed", case(|k| k.effect().disbursed))));
    }

    #[test]
    fn snapshots_carry_every_line_forward() {
        let rows = [
            row("2023-01-02", "E1", 10, 0),
            row("2023-01-02", "E2", 5, 0),
            row("2023-01-05", "E1", -1, 3),
            row("2023-02-01", "E3", 7, 7),
        ];
        let got = day_totals(BTreeMap::new(), &rows);
        assert_eq!(
            got,
            [
                ("2023-01-02".to_owned(), "E1,10,0;E2,5,0".to_owned()),
                ("2023-01-05".to_owned(), "E1,9,3;E2,5,0".to_owned()),
                ("2023-02-01".to_owned(), "E1,9,3;E2,5,0;E3,7,7".to_owned()),
            ]
        );
        // From a later day on, the day before's snapshot is the base.
        let base = BTreeMap::from([("E1".to_owned(), (10, 0)), ("E2".to_owned(), (5, 0))]);
        assert_eq!(day_totals(base, &rows[2..]), got[1..]);
    }

    proptest! {
        /// A first recording's snapshots, made from its own sums, are those
        /// a rebuild from `line_day` makes; its `line_day` rows are its
        /// sums in key order, and its months theirs.
        #[test]
        fn a_first_recording_indexes_as_a_rebuild_would(
            raw in proptest::collection::vec((0_u32..40, 0_u8..5, 0_u8..4, 1_i64..1_000_000), 0..150)
        ) {
            use yesan_domain::execution::{Entry, EntryKind};
            let mut sums = super::DaySums::default();
            for (n, (day, line, kind, amount)) in raw.iter().enumerate() {
                sums.add(&Entry {
                    doc_no: format!("D{n}"),
                    date: chrono::NaiveDate::from_yo_opt(2023, 1 + day * 9).expect("day"),
                    kind: [EntryKind::Commit, EntryKind::Disburse, EntryKind::CommitCancel, EntryKind::DisburseCancel][usize::from(*kind)],
                    line: yesan_domain::LineCode::parse(&format!("E{line}")).expect("code"),
                    amount: yesan_domain::Won::new(*amount),
                    reference: Some("C1".into()),
                    counterparty: None,
                    memo: None,
                });
            }
            let rows = sums.index_rows(true);
            let mut by_line = rows.days.clone();
            by_line.sort_unstable_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
            prop_assert_eq!(&by_line, &rows.days);
            let mut by_day: Vec<_> = rows.days.iter().map(|(l, d, c, x)| (d.clone(), l.clone(), *c, *x)).collect();
            by_day.sort_unstable();
            prop_assert_eq!(rows.totals.clone().expect("fresh"), day_totals(BTreeMap::new(), &by_day));
            let mut months: BTreeMap<(String, String), (i64, i64)> = BTreeMap::new();
            for (l, d, c, x) in &rows.days {
                let m = months.entry((l.clone(), d[..7].to_owned())).or_default();
                m.0 += c;
                m.1 += x;
            }
            let months: Vec<_> = months.into_iter().map(|((l, m), (c, x))| (l, m, c, x)).collect();
            prop_assert_eq!(months, rows.months.clone());
            prop_assert_eq!(rows.first.clone(), by_day.first().map(|r| r.0.clone()));
        }

        /// Each day's snapshot holds, for every line with entries by then,
        /// the sum of its rows up to that day; the last one every line's
        /// whole sum.
        #[test]
        fn snapshots_are_running_sums(
            raw in proptest::collection::btree_map((1_u32..60, 0_u8..6), (-1_000_000_i64..1_000_000, -1_000_000_i64..1_000_000), 0..200)
        ) {
            let rows: Vec<_> = raw
                .iter()
                .map(|((day, line), (c, d))| (format!("2023-{:02}-{:02}", 1 + day / 28, 1 + day % 28), format!("E{line}"), *c, *d))
                .collect();
            let mut rows = rows;
            rows.sort_unstable();
            let snaps = day_totals(BTreeMap::new(), &rows);
            let days: std::collections::BTreeSet<&String> = rows.iter().map(|r| &r.0).collect();
            prop_assert_eq!(snaps.len(), days.len());
            for (day, packed) in &snaps {
                let mut want: BTreeMap<String, (i64, i64)> = BTreeMap::new();
                for (_, line, c, d) in rows.iter().filter(|r| &r.0 <= day) {
                    let t = want.entry(line.clone()).or_default();
                    t.0 += c;
                    t.1 += d;
                }
                let got: BTreeMap<String, (i64, i64)> = parse_packed(Some(packed.clone()))
                    .expect("packed text parses")
                    .into_iter()
                    .map(|(l, c, d)| (l, (c, d)))
                    .collect();
                prop_assert_eq!(got, want);
            }
        }
    }
}
