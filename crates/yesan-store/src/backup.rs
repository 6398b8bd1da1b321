//! Backup and restore: every recorded table written as JSON Lines, read in
//! one snapshot transaction (so a backup taken while the server runs is
//! consistent), and restored into an empty database of either backend in
//! one transaction. The ledger's per-day index is not backed up: it is
//! derived, and restore rebuilds it from the entries.
//!
//! The format is `{"format":"yesan-backup/1","schema":2}` on the first line,
//! then one `{"table":…,"row":{column: value}}` per row, tables in
//! dependency order, rows in key order, so that two backups of the same
//! data are byte-identical.

use crate::error::StoreError;
use crate::{Backend, Store, audit};
use futures_util::TryStreamExt;
use serde_json::{Map, Value};
use sqlx::any::AnyArguments;
use sqlx::{Arguments, Column, Row};
use std::io::{BufRead, Write};

/// The archive format written and read here.
pub const BACKUP_FORMAT: &str = "yesan-backup/1";

/// Recorded tables in dependency order, each with its key order.
const TABLES: &[(&str, &str)] = &[
    ("institution", "id"),
    ("purpose_businesses", "position"),
    ("org_units", "position"),
    ("duty_groups", "unit, position"),
    ("duty_items", "unit, grp, position"),
    // Accounts come along (with their password hashes); sessions do not: a
    // restored server starts with everyone signed out.
    ("users", "name"),
    ("staffing", "id"),
    ("staffing_grades", "position"),
    ("staffing_outside_quota", "position"),
    ("budget", "id"),
    ("budget_lines", "position"),
    ("programs", "position"),
    ("projects", "position"),
    ("project_budget_notes", "project, position"),
    ("indicators", "project, id"),
    ("indicator_parts", "project, indicator, position"),
    ("schedule_items", "project, position"),
    ("amendments", "seq"),
    ("amendment_changes", "amendment, position"),
    ("entries", "seq"),
    ("audit_log", "id"),
];

/// Tables whose key PostgreSQL generates (`GENERATED ALWAYS AS IDENTITY`).
const IDENTITY: &[(&str, &str)] = &[("entries", "seq"), ("audit_log", "id")];

fn io_err(e: std::io::Error) -> StoreError {
    StoreError::Database {
        context: format!("writing or reading the backup: {e}"),
        source: sqlx::Error::Io(e),
    }
}

fn bad(line: usize, why: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt {
        table: "backup",
        key: format!("line {line}"),
        reason: why.to_string(),
    }
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
        let mut tx = self.begin_read().await?;
        if !crate::read::is_initialized(&mut tx).await? {
            return Err(StoreError::NotInitialized);
        }
        writeln!(
            out,
            "{}",
            serde_json::json!({"format": BACKUP_FORMAT, "schema": 2})
        )
        .map_err(io_err)?;
        let mut n = 0;
        for (table, order) in TABLES {
            let sql = format!("SELECT * FROM {table} ORDER BY {order}");
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
                serde_json::to_writer(&mut *out, &line).map_err(|e| io_err(e.into()))?;
                out.write_all(b"\n").map_err(io_err)?;
                n += 1;
            }
        }
        out.flush().map_err(io_err)?;
        drop(tx);
        Ok(n)
    }

    /// Restores a backup into this database, which must be empty. Everything
    /// is written in one transaction; the per-day index is rebuilt from the
    /// entries, and the restored data is then checked by loading it.
    ///
    /// # Errors
    /// [`StoreError::AlreadyInitialized`] for a database that holds data;
    /// [`StoreError::Corrupt`] for a malformed archive (naming the line);
    /// database errors.
    pub async fn restore(&self, input: impl BufRead, actor: &str) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        if crate::read::is_initialized(&mut tx).await? {
            return Err(StoreError::AlreadyInitialized);
        }
        let mut lines = input.lines();
        let header = lines
            .next()
            .ok_or_else(|| bad(1, "빈 파일 / empty file"))?
            .map_err(io_err)?;
        let header: Value = serde_json::from_str(&header).map_err(|e| bad(1, e))?;
        if header["format"] != BACKUP_FORMAT {
            return Err(bad(
                1,
                format!(
                    "Yesan 백업이 아닙니다 / not a Yesan backup (expected format {BACKUP_FORMAT})"
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
        let mut batch: Vec<Map<String, Value>> = Vec::new();
        let mut current: Option<String> = None;
        for (i, line) in lines.enumerate() {
            let line = line.map_err(io_err)?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line).map_err(|e| bad(i + 2, e))?;
            let table = v["table"]
                .as_str()
                .ok_or_else(|| bad(i + 2, "table 없음 / no table"))?
                .to_owned();
            if !TABLES.iter().any(|(t, _)| *t == table) {
                return Err(bad(
                    i + 2,
                    format!("알 수 없는 표 / unknown table '{table}'"),
                ));
            }
            let row = v["row"]
                .as_object()
                .ok_or_else(|| bad(i + 2, "row 없음 / no row"))?
                .clone();
            if current.as_deref() != Some(table.as_str()) || batch.len() >= 200 {
                if let Some(t) = current.take() {
                    self.insert_rows(&mut tx, &t, &batch).await?;
                }
                batch.clear();
                current = Some(table);
            }
            batch.push(row);
            n += 1;
        }
        if let Some(t) = current.take() {
            self.insert_rows(&mut tx, &t, &batch).await?;
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
        for sql in [
            format!(
                "INSERT INTO line_day (line, day, committed, disbursed) {}",
                crate::ledger::DAY_SUMS
            ),
            format!(
                "INSERT INTO line_month (line, month, committed, disbursed) {}",
                crate::ledger::MONTH_SUMS
            ),
        ] {
            sqlx::query(&sql)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("rebuilding the per-day index"))?;
        }
        crate::ledger::rebuild_totals(&mut tx, "").await?;
        audit::record(
            &mut tx,
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
        tx.commit()
            .await
            .map_err(StoreError::db("committing the restore"))?;
        // What was restored must be a valid dataset.
        self.load().await?;
        Ok(n)
    }

    async fn insert_rows(
        &self,
        c: &mut sqlx::AnyConnection,
        table: &str,
        rows: &[Map<String, Value>],
    ) -> Result<(), StoreError> {
        let Some(first) = rows.first() else {
            return Ok(());
        };
        let cols: Vec<&String> = first.keys().collect();
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
