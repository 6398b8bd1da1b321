//! Backup and restore: every recorded table written as JSON Lines, read in
//! one snapshot transaction (so a backup taken while the server runs is
//! consistent), and restored into an empty database of either backend in
//! one transaction. The ledger's per-day index is not backed up: it is
//! derived, and restore rebuilds it from the entries.
//!
//! The format is `{"format":"yesan-backup/2","schema":6}` on the first line,
//! then one `{"table":…,"row":{column: value}}` per row, tables in
//! dependency order, rows in key order, so that two backups of the same
//! data are byte-identical; the last line is the seal,
//! `{"end":{"rows":{table: count, …},"sha256":…}}`: the row count of every
//! table and the SHA-256 of every byte before the seal.
//!
//! Restore refuses, and writes nothing, unless everything holds before its
//! transaction commits: a known format and schema, every line well formed,
//! the seal present (a file cut short has none) and agreeing with the rows
//! read (a dropped row changes a count, a changed digit the checksum),
//! nothing after it, the keys between tables, and every rule of the domain,
//! checked by loading the restored data inside the same transaction.
//!
//! Archives of the first format (`yesan-backup/1`, no seal) cannot show
//! that they are whole; they are refused unless the caller accepts them
//! explicitly ([`OlderBackups::Accept`], `yesan restore --accept-unsealed`),
//! and even then every other check applies.

pub use crate::backup_schema::{BACKUP_FORMAT, BACKUP_SCHEMA, UNSEALED_FORMAT};
use crate::backup_schema::{IDENTITY, TABLES, holds, known};
use crate::error::StoreError;
use crate::{Backend, Store, audit};
use futures_util::TryStreamExt;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Column, Row};
use std::collections::BTreeMap;
use std::io::{BufRead, Write};

/// What restore does with an archive of the first, unsealed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OlderBackups {
    /// Refuse it: nothing shows that it is whole.
    #[default]
    Refuse,
    /// Restore it with every check but the seal's.
    Accept,
}

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Database {
        context: format!("writing or reading the backup: {e}"),
        source: sqlx::Error::Io(e),
    }
}

fn bad(line: usize, why: impl std::fmt::Display) -> StoreError {
    StoreError::BadBackup {
        line,
        reason: why.to_string(),
    }
}

/// Writes through to `inner`, hashing what passes (for the seal).
struct Sealing<'a, W: Write> {
    inner: &'a mut W,
    hash: Sha256,
}

impl<W: Write> Write for Sealing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        use std::fmt::Write as _;
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The seal line's value: row counts of every table (zeros included) and
/// the checksum.
fn seal(counts: &BTreeMap<String, u64>, sha256: &str) -> Value {
    let rows: Map<String, Value> = TABLES
        .iter()
        .map(|(t, _)| {
            (
                (*t).to_owned(),
                Value::from(counts.get(*t).copied().unwrap_or(0)),
            )
        })
        .collect();
    serde_json::json!({"end": {"rows": rows, "sha256": sha256}})
}

/// Checks the seal at `line` against the rows read and their checksum.
fn check_seal(
    line: usize,
    seal: &Value,
    counts: &BTreeMap<String, u64>,
    sha256: &str,
) -> Result<(), StoreError> {
    let rows = seal["rows"]
        .as_object()
        .ok_or_else(|| bad(line, "봉인에 행 수가 없습니다 / the seal has no row counts"))?;
    for name in rows.keys() {
        if !TABLES.iter().any(|(t, _)| t == name) {
            return Err(bad(
                line,
                format!("봉인에 알 수 없는 표 / the seal names an unknown table '{name}'"),
            ));
        }
    }
    for (table, _) in TABLES {
        let stated = rows.get(*table).and_then(Value::as_u64).unwrap_or(0);
        let read = counts.get(*table).copied().unwrap_or(0);
        if stated != read {
            return Err(bad(
                line,
                format!(
                    "표 {table}: 봉인에는 {stated}행인데 {read}행이 있습니다 / table {table}: the seal says {stated} row(s), the backup holds {read}"
                ),
            ));
        }
    }
    if seal["sha256"].as_str() != Some(sha256) {
        return Err(bad(
            line,
            "체크섬이 맞지 않습니다. 백업 내용이 바뀌었습니다 / the checksum does not match: the backup's content was changed",
        ));
    }
    Ok(())
}

fn value_of(row: &sqlx::any::AnyRow, i: usize) -> Value {
    if let Ok(v) = row.try_get::<Option<i64>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    if let Ok(v) = row.try_get::<Option<i32>, _>(i) {
        return v.map_or(Value::Null, Value::from);
    }
    match row.try_get::<Option<String>, _>(i) {
        Ok(v) => v.map_or(Value::Null, Value::from),
        Err(_) => Value::Null,
    }
}

impl Store {
    /// Writes a backup of everything recorded to `out`. Returns the number
    /// of rows written.
    ///
    /// # Errors
    /// [`StoreError::NotInitialized`] for an empty database; database and
    /// I/O errors.
    pub async fn backup(&self, out: &mut impl Write) -> Result<u64, StoreError> {
        let s = self.sc().await?;
        self.backup_of(Some(s.inst), out).await
    }

    /// Writes a backup of every institution of the database to `out` (the
    /// same format as [`Store::backup`]). Returns the number of rows.
    ///
    /// # Errors
    /// As [`Store::backup`].
    pub async fn backup_all(&self, out: &mut impl Write) -> Result<u64, StoreError> {
        self.sc().await?;
        self.backup_of(None, out).await
    }

    async fn backup_of(&self, only: Option<i64>, out: &mut impl Write) -> Result<u64, StoreError> {
        // One institution reads within its scope; all of them cross it.
        let mut tx = match only {
            Some(_) => self.begin_read().await?,
            None => self.begin_read_privileged().await?,
        };
        let mut counts = BTreeMap::new();
        let mut sealed = Sealing {
            inner: out,
            hash: Sha256::new(),
        };
        writeln!(
            sealed,
            "{}",
            serde_json::json!({"format": BACKUP_FORMAT, "schema": BACKUP_SCHEMA})
        )
        .map_err(io_err)?;
        let mut n = 0;
        for (table, order) in TABLES {
            let key = if *table == "institutions" {
                "id"
            } else {
                "institution_id"
            };
            // A grant is kept when both its institutions are in the backup.
            let filter = match (only, *table) {
                (None, _) => String::new(),
                (Some(i), "user_roles") => {
                    format!(" WHERE institution_id = {i} AND home_institution_id = {i}")
                }
                (Some(i), _) => format!(" WHERE {key} = {i}"),
            };
            let sql = format!("SELECT * FROM {table}{filter} ORDER BY {order}");
            let mut rows = sqlx::query(&sql).fetch(&mut *tx);
            while let Some(row) = rows
                .try_next()
                .await
                .map_err(StoreError::db(format!("reading {table}")))?
            {
                let mut m = Map::new();
                for (i, c) in row.columns().iter().enumerate() {
                    m.insert(c.name().to_owned(), value_of(&row, i));
                }
                let line = serde_json::json!({"table": table, "row": m});
                serde_json::to_writer(&mut sealed, &line).map_err(|e| io_err(e.into()))?;
                sealed.write_all(b"\n").map_err(io_err)?;
                *counts.entry((*table).to_owned()).or_insert(0) += 1;
                n += 1;
            }
        }
        let sha256 = hex(&sealed.hash.finalize());
        let out = sealed.inner;
        serde_json::to_writer(&mut *out, &seal(&counts, &sha256)).map_err(|e| io_err(e.into()))?;
        out.write_all(b"\n").map_err(io_err)?;
        out.flush().map_err(io_err)?;
        drop(tx);
        Ok(n)
    }

    /// Restores a backup into this database, which must be empty. Everything
    /// is written in one transaction, and committed only when every check
    /// holds (see the module's description): the seal, the keys, and every
    /// rule of the domain, by loading the restored data before the commit.
    /// Archives of the first, unsealed format are refused; see
    /// [`Store::restore_with`].
    ///
    /// # Errors
    /// [`StoreError::AlreadyInitialized`] for a database that holds data;
    /// [`StoreError::BadBackup`] for a malformed, unsealed, cut or altered
    /// archive (naming the line); [`StoreError::Inconsistent`] for data that
    /// breaks a rule; database errors. In every case nothing was written.
    pub async fn restore(&self, input: impl BufRead, actor: &str) -> Result<u64, StoreError> {
        self.restore_with(input, actor, OlderBackups::Refuse).await
    }

    /// [`Store::restore`], saying what to do with an unsealed archive of the
    /// first format.
    ///
    /// # Errors
    /// As [`Store::restore`].
    pub async fn restore_with(
        &self,
        mut input: impl BufRead,
        actor: &str,
        older: OlderBackups,
    ) -> Result<u64, StoreError> {
        let mut tx = self.begin_privileged().await?;
        let mut map = Renumber::new(&mut tx).await?;
        let mut hash = Sha256::new();
        let mut raw = String::new();
        // One line with its end, hashed as it was read; `None` at the end.
        let mut next_line = |raw: &mut String, n: usize| -> Result<Option<()>, StoreError> {
            raw.clear();
            match input.read_line(raw) {
                Ok(0) => Ok(None),
                Ok(_) => Ok(Some(())),
                Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
                    Err(bad(n, "UTF-8이 아닙니다 / not UTF-8"))
                }
                Err(e) => Err(io_err(e)),
            }
        };
        if next_line(&mut raw, 1)?.is_none() {
            return Err(bad(1, "빈 파일 / empty file"));
        }
        hash.update(raw.as_bytes());
        let header: Value = serde_json::from_str(raw.trim_end()).map_err(|e| bad(1, e))?;
        let sealed = match header["format"].as_str() {
            Some(BACKUP_FORMAT) => true,
            Some(UNSEALED_FORMAT) if older == OlderBackups::Accept => false,
            Some(UNSEALED_FORMAT) => {
                return Err(bad(
                    1,
                    format!(
                        "행 수와 체크섬이 없는 이전 형식({UNSEALED_FORMAT})이라 온전한지 확인할 수 없습니다. 그대로 받아들이려면 --accept-unsealed로 복원하세요 / an archive of the first format ({UNSEALED_FORMAT}) has no row counts or checksum, so nothing shows it is whole; restore it with --accept-unsealed to accept it as it is"
                    ),
                ));
            }
            _ => {
                return Err(bad(
                    1,
                    format!(
                        "Yesan 백업이 아닙니다 / not a Yesan backup (expected format {BACKUP_FORMAT})"
                    ),
                ));
            }
        };
        let schema = header["schema"].as_i64().unwrap_or(-1);
        if !known(schema) {
            return Err(bad(
                1,
                format!(
                    "알 수 없는 스키마 {} (이 버전은 {BACKUP_SCHEMA}) / unknown schema {}: this version of Yesan reads schema {BACKUP_SCHEMA}",
                    header["schema"], header["schema"]
                ),
            ));
        }
        if self.backend == Backend::Sqlite {
            // Parents may come after children within a table; check keys at commit.
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("deferring foreign keys"))?;
        }
        let mut n = 0;
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        let mut batch: Vec<Map<String, Value>> = Vec::new();
        let mut current: Option<String> = None;
        // PostgreSQL: the years whose ledger partition is made sure of.
        let mut partitions = std::collections::BTreeSet::new();
        let mut seal_seen = false;
        let mut line_no = 1;
        loop {
            line_no += 1;
            if next_line(&mut raw, line_no)?.is_none() {
                break;
            }
            let line = raw.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() {
                hash.update(raw.as_bytes());
                continue;
            }
            if seal_seen {
                return Err(bad(
                    line_no,
                    "봉인 뒤에 내용이 더 있습니다 / the backup goes on after its seal",
                ));
            }
            let v: Value = serde_json::from_str(line).map_err(|e| bad(line_no, e))?;
            if let Some(end) = v.get("end").filter(|_| sealed) {
                let sha256 = hex(&std::mem::take(&mut hash).finalize());
                check_seal(line_no, end, &counts, &sha256)?;
                seal_seen = true;
                continue;
            }
            hash.update(raw.as_bytes());
            let table = v["table"]
                .as_str()
                .ok_or_else(|| bad(line_no, "table 없음 / no table"))?
                .to_owned();
            if !holds(schema, &table) {
                return Err(bad(
                    line_no,
                    format!("알 수 없는 표 / unknown table '{table}'"),
                ));
            }
            let mut row = v["row"]
                .as_object()
                .ok_or_else(|| bad(line_no, "row 없음 / no row"))?
                .clone();
            map.row(&mut tx, &table, &mut row, line_no).await?;
            *counts.entry(table.clone()).or_insert(0) += 1;
            if current.as_deref() != Some(table.as_str()) || batch.len() >= 200 {
                if let Some(t) = current.take() {
                    self.insert_rows(&mut tx, &t, &batch, &mut partitions)
                        .await?;
                }
                batch.clear();
                current = Some(table);
            }
            batch.push(row);
            n += 1;
        }
        if sealed && !seal_seen {
            return Err(bad(
                line_no,
                "백업이 끝까지 있지 않습니다(봉인 없음) / the backup is cut short: its seal is missing",
            ));
        }
        if let Some(t) = current.take() {
            self.insert_rows(&mut tx, &t, &batch, &mut partitions)
                .await?;
        }
        if self.backend == Backend::Postgres {
            for (table, col) in IDENTITY {
                let sql = format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', '{col}'), COALESCE((SELECT MAX({col}) FROM {table}), 0) + 1, false)"
                );
                sqlx::query(&sql)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::db("resetting identity sequences"))?;
            }
        }
        let years = map.years(&mut tx).await?;
        if years.is_empty() {
            return Err(bad(
                line_no,
                "기관이 없습니다 / the backup holds no institution",
            ));
        }
        for &s in &years {
            for sql in [
                format!(
                    "INSERT INTO line_day (institution_id, fiscal_year, line, day, committed, disbursed) SELECT {}, e.* FROM ({}) e",
                    s.v(),
                    crate::ledger::day_sums(s)
                ),
                format!(
                    "INSERT INTO line_month (institution_id, fiscal_year, line, month, committed, disbursed) SELECT {}, m.* FROM ({}) m",
                    s.v(),
                    crate::ledger::month_sums(s)
                ),
            ] {
                sqlx::query(&sql)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::db("rebuilding the per-day index"))?;
            }
            crate::ledger::rebuild_totals(&mut *tx, s, "").await?;
        }
        if self.backend == Backend::Sqlite {
            dangling_keys(&mut tx, line_no).await?;
        }
        // What was restored must be a valid dataset, year by year, before
        // anyone sees it: an error here drops the transaction, and nothing
        // was written.
        for &s in &years {
            crate::read::load_from(&mut tx, s, true, None).await?;
        }
        let mut institutions: Vec<i64> = years.iter().map(|s| s.inst).collect();
        institutions.dedup();
        for inst in institutions {
            audit::record(
                &mut *tx,
                inst,
                audit::Change {
                    actor,
                    action: "restore",
                    entity: "dataset",
                    key: None,
                    before: None,
                    after: Some(serde_json::json!({"rows": n}).to_string()),
                },
            )
            .await?;
        }
        tx.commit()
            .await
            .map_err(StoreError::db("committing the restore"))?;
        Ok(n)
    }

    async fn insert_rows(
        &self,
        c: &mut sqlx::AnyConnection,
        table: &str,
        rows: &[Map<String, Value>],
        partitions: &mut std::collections::BTreeSet<(i64, i64)>,
    ) -> Result<(), StoreError> {
        let Some(first) = rows.first() else {
            return Ok(());
        };
        let cols: Vec<&String> = first.keys().collect();
        if table == "entries" && self.backend == Backend::Postgres {
            // Each year's entries live in its partition (schema 19): made
            // sure of once a restore, at the year's first row.
            for r in rows {
                let n = |col: &str| r.get(col).and_then(Value::as_i64);
                if let (Some(inst), Some(year)) = (n("institution_id"), n("fiscal_year"))
                    && partitions.insert((inst, year))
                {
                    crate::ledger::partition::ensure(c, crate::key::Sc { inst, year }).await?;
                }
            }
        }
        let overriding =
            self.backend == Backend::Postgres && IDENTITY.iter().any(|(t, _)| *t == table);
        let mut sql = format!(
            "INSERT INTO {table} ({}) {}VALUES ",
            cols.iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            if overriding {
                "OVERRIDING SYSTEM VALUE "
            } else {
                ""
            }
        );
        let mut args = AnyArguments::default();
        let mut k = 0;
        // SQLite resolves `$n` by name, at a cost quadratic in the parameter
        // count; plain `?` is positional.
        let positional = c.backend_name().eq_ignore_ascii_case("sqlite");
        for (r, row) in rows.iter().enumerate() {
            if r > 0 {
                sql.push(',');
            }
            sql.push('(');
            for (j, col) in cols.iter().enumerate() {
                if j > 0 {
                    sql.push(',');
                }
                let value = row.get(*col).unwrap_or(&Value::Null);
                if value.is_null() {
                    // A literal NULL takes the column's type; a bound one
                    // would need a type PostgreSQL may refuse to cast.
                    sql.push_str("NULL");
                    continue;
                }
                k += 1;
                if positional {
                    sql.push('?');
                } else {
                    sql.push_str(&format!("${k}"));
                }
                let add = match value {
                    Value::Number(n) => args.add(n.as_i64()),
                    Value::String(s) => args.add(s.clone()),
                    other => args.add(other.to_string()),
                };
                add.map_err(|e| StoreError::Database {
                    context: format!("binding {table}.{col}"),
                    source: sqlx::Error::Protocol(e.to_string()),
                })?;
            }
            sql.push(')');
        }
        sqlx::query_with(&sql, args)
            .execute(&mut *c)
            .await
            .map_err(StoreError::db(format!("restoring {table}")))?;
        Ok(())
    }
}

/// Refuses rows whose keys name nothing (SQLite checks deferred keys only
/// at commit, where the failure would say no more than "constraint failed").
async fn dangling_keys(c: &mut sqlx::AnyConnection, line: usize) -> Result<(), StoreError> {
    let rows = sqlx::query("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
        .fetch_all(&mut *c)
        .await
        .map_err(StoreError::db("checking the restored keys"))?;
    let Some(r) = rows.first() else {
        return Ok(());
    };
    let table: String = r.try_get(0).unwrap_or_default();
    let parent: String = r.try_get(2).unwrap_or_default();
    Err(StoreError::BadBackup {
        line,
        reason: format!(
            "{}행이 없는 {parent} 행을 가리킵니다 / {} row(s) refer to {parent} rows that are not in the backup (first in {table})",
            rows.len(),
            rows.len()
        ),
    })
}

/// How restore maps a backup's keys into this database: each institution
/// to a free id (refusing one whose code is taken), and the ledger's and
/// the audit log's running numbers past those already used, keeping their
/// order.
struct Renumber {
    ids: BTreeMap<i64, i64>,
    next_id: i64,
    seq_offset: i64,
    audit_offset: i64,
}

impl Renumber {
    async fn new(c: &mut sqlx::AnyConnection) -> Result<Renumber, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COALESCE(MAX(id), 0) + 1 FROM institutions) AS i, \
             (SELECT COALESCE(MAX(seq), 0) FROM entries) AS s, (SELECT COALESCE(MAX(id), 0) FROM audit_log) AS a",
        )
        .fetch_one(&mut *c)
        .await
        .map_err(StoreError::db("reading the database's keys"))?;
        let get = |col: &str| crate::codec::get::<i64>(&row, "restore", col);
        let (next_id, seq_offset, audit_offset) = (get("i")?, get("s")?, get("a")?);
        Ok(Renumber {
            ids: BTreeMap::new(),
            next_id,
            seq_offset,
            audit_offset,
        })
    }

    async fn row(
        &mut self,
        c: &mut sqlx::AnyConnection,
        table: &str,
        row: &mut Map<String, Value>,
        line: usize,
    ) -> Result<(), StoreError> {
        let id_of = |row: &Map<String, Value>, col: &str| row.get(col).and_then(Value::as_i64);
        if table == "institutions" {
            let old = id_of(row, "id").ok_or_else(|| bad(line, "id 없음 / no id"))?;
            let code = row.get("code").and_then(Value::as_str).unwrap_or_default();
            let taken = sqlx::query("SELECT id FROM institutions WHERE code = $1")
                .bind(code)
                .fetch_optional(&mut *c)
                .await
                .map_err(StoreError::db("reading institutions"))?;
            if taken.is_some() {
                return Err(StoreError::AlreadyInitialized);
            }
            let new = self.next_id;
            self.next_id += 1;
            self.ids.insert(old, new);
            row.insert("id".into(), Value::from(new));
            return Ok(());
        }
        for col in ["institution_id", "home_institution_id"] {
            if let Some(old) = id_of(row, col) {
                let new = self.ids.get(&old).copied().ok_or_else(|| {
                    bad(
                        line,
                        format!("없는 기관 {old}을(를) 가리킵니다 / the row names institution {old}, which is not in the backup"),
                    )
                })?;
                row.insert(col.into(), Value::from(new));
            }
        }
        let (col, offset) = match table {
            "entries" => ("seq", self.seq_offset),
            "audit_log" => ("id", self.audit_offset),
            _ => return Ok(()),
        };
        if let Some(v) = id_of(row, col) {
            row.insert(col.into(), Value::from(v + offset));
        }
        Ok(())
    }

    /// Every (institution, year) restored.
    async fn years(&self, c: &mut sqlx::AnyConnection) -> Result<Vec<crate::key::Sc>, StoreError> {
        let mut out = Vec::new();
        for &inst in self.ids.values() {
            let rows = sqlx::query(
                "SELECT fiscal_year FROM institution_years WHERE institution_id = $1 ORDER BY fiscal_year",
            )
            .bind(inst)
            .fetch_all(&mut *c)
            .await
            .map_err(StoreError::db("reading fiscal years"))?;
            for r in rows {
                out.push(crate::key::Sc {
                    inst,
                    year: crate::codec::get(&r, "institution_years", "fiscal_year")?,
                });
            }
        }
        Ok(out)
    }
}
