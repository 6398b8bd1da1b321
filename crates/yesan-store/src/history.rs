//! The dated records: the organization and the staffing table are kept in
//! versions by the date they take effect (the organization's `effective`,
//! the staffing table's 기준일), and a read as of a date takes the version
//! in force then: the latest dated on or before it, else the earliest. A
//! staffing change dated 2023-10-31 thus leaves a report as of 2023-10-18
//! as it was.

use crate::Store;
use crate::error::StoreError;
use crate::read;
use chrono::NaiveDate;
use yesan_domain::org::Organization;
use yesan_domain::staffing::Staffing;

impl Store {
    /// The organization and the staffing table in force on `as_of`, in one
    /// snapshot. A page that keeps the catalog ([`Store::load_catalog`],
    /// the versions in force at the year's end) swaps these in for a date.
    ///
    /// # Errors
    /// [`StoreError::Inconsistent`] when a stored version breaks a rule,
    /// else as [`Store::load`].
    pub async fn dated_on(&self, as_of: NaiveDate) -> Result<(Organization, Staffing), StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_read().await?;
        let units = read::read_units(&mut tx, s, as_of).await?;
        let staffing = read::read_staffing(&mut tx, s, as_of).await?;
        tx.commit()
            .await
            .map_err(StoreError::db("ending the read transaction"))?;
        let org = Organization::new(units).map_err(StoreError::Inconsistent)?;
        Ok((org, staffing.map_err(StoreError::Inconsistent)?))
    }

    /// The dataset without the ledger's entries, as it stood on `as_of`
    /// (see [`Store::load_on`]).
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn load_catalog_on(
        &self,
        as_of: NaiveDate,
    ) -> Result<yesan_domain::Dataset, StoreError> {
        read::load(self, false, Some(as_of)).await
    }

    /// The dates of the staffing table's recorded versions, ascending.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn staffing_versions(&self) -> Result<Vec<NaiveDate>, StoreError> {
        let s = self.sc().await?;
        let sql = format!("SELECT as_of FROM staffing WHERE {} ORDER BY as_of", s.wi());
        let rows = sqlx::query(&sql)
            .fetch_all(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("reading staffing"))?;
        rows.iter()
            .map(|r| {
                let d: String = crate::codec::get(r, "staffing", "as_of")?;
                crate::codec::parse_date("staffing", &d, "as_of", &d)
            })
            .collect()
    }
}
