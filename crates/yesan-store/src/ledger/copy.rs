//! PostgreSQL's `COPY … FROM STDIN` in binary format, for the rows a
//! recording writes by the thousand (the entries, and a first recording's
//! per-day index): no statement to parse and bind per batch, no text to
//! convert per value.
//!
//! PostgreSQL refuses COPY FROM to a role that row-level security binds,
//! so a COPY alone runs as the connecting role (`SET LOCAL ROLE NONE`,
//! then back to the scoped role): its rows are built by the store with
//! the handle's own institution, the one the transaction is scoped to.
//! The recording's transaction is scoped (`conn.rs`), so `SET LOCAL`
//! lasts to its end.

use crate::error::StoreError;
use sqlx::Executor;

/// Rows per COPY data message: the server parses one while the next is
/// encoded.
const COPY_ROWS: usize = 4_096;

/// One message's worth of rows in COPY's binary format: per row the field
/// count, then each field as its length and bytes (-1 for NULL); BIGINTs
/// as eight bytes, big-endian; TEXT as its UTF-8 bytes.
pub(crate) struct Rows(Vec<u8>);

impl Rows {
    /// Starts a row of `fields` fields.
    pub(crate) fn row(&mut self, fields: i16) {
        self.0.extend_from_slice(&fields.to_be_bytes());
    }

    pub(crate) fn int(&mut self, v: i64) {
        self.0.extend_from_slice(&8_i32.to_be_bytes());
        self.0.extend_from_slice(&v.to_be_bytes());
    }

    pub(crate) fn text(&mut self, v: Option<&str>) {
        match v {
            // Text longer than 2 GiB cannot reach here (a field of a
            // file's row); saturating keeps the encoder total.
            Some(t) => {
                let len = i32::try_from(t.len()).unwrap_or(i32::MAX);
                self.0.extend_from_slice(&len.to_be_bytes());
                self.0.extend_from_slice(t.as_bytes());
            }
            None => self.0.extend_from_slice(&(-1_i32).to_be_bytes()),
        }
    }
}

/// Runs `statement` (a `COPY … FROM STDIN (FORMAT binary)`) with one row
/// per item, each written by `encode`. A row the table refuses fails the
/// COPY, and the caller closes the connection: nothing is kept.
pub(crate) async fn copy_in<T>(
    pg: &mut sqlx::PgConnection,
    statement: &str,
    items: &[T],
    what: &'static str,
    mut encode: impl FnMut(&mut Rows, &T),
) -> Result<(), StoreError> {
    let failed = || StoreError::db(what);
    pg.execute("SET LOCAL ROLE NONE").await.map_err(failed())?;
    let mut copy = pg.copy_in_raw(statement).await.map_err(failed())?;
    // The binary format's signature, flags and header extension length.
    let mut rows = Rows(Vec::with_capacity(COPY_ROWS * 160));
    rows.0.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    rows.0.extend_from_slice(&0_i32.to_be_bytes());
    rows.0.extend_from_slice(&0_i32.to_be_bytes());
    for chunk in items.chunks(COPY_ROWS) {
        for item in chunk {
            encode(&mut rows, item);
        }
        copy.send(std::mem::take(&mut rows.0))
            .await
            .map_err(failed())?;
        rows.0.reserve(COPY_ROWS * 160);
    }
    rows.0.extend_from_slice(&(-1_i16).to_be_bytes());
    copy.send(rows.0).await.map_err(failed())?;
    copy.finish().await.map_err(failed())?;
    pg.execute(format!("SET LOCAL ROLE {}", crate::conn::APP_ROLE).as_str())
        .await
        .map_err(failed())?;
    Ok(())
}
