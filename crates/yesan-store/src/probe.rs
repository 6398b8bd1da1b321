//! Test hooks of the row-security story: run a raw statement through the
//! normal scoped read or write path, to show what a statement that
//! forgets its scope sees. Kept out of `conn.rs` so that the connection
//! module does not depend on the row codec.

use crate::Store;
use crate::codec::get;
use crate::error::StoreError;

impl Store {
    /// Runs `sql` (which selects one BIGINT column `n`) through the normal
    /// path of a scoped read, for tests that show what a statement which
    /// forgets its scope sees. Not part of the supported interface.
    #[doc(hidden)]
    pub async fn scoped_count(&self, sql: &str) -> Result<i64, StoreError> {
        let row = sqlx::query(sql)
            .fetch_one(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("a scoped test read"))?;
        get(&row, "test", "n")
    }

    /// Runs `sql` in a scoped write transaction and commits; the rows it
    /// changed. For tests, as [`Store::scoped_count`].
    #[doc(hidden)]
    pub async fn scoped_execute(&self, sql: &str) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(sql)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("a scoped test write"))?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing a scoped test write"))?;
        Ok(done.rows_affected())
    }
}
