//! The as-of date when none is asked for: [`yesan_domain::as_of::default_as_of`]
//! fed from the store. `yesan report`, `yesan status`, `yesan export
//! opendata`, every web page and the API take their default here.

use crate::Error;
use chrono::NaiveDate;
use yesan_domain::as_of::{AsOfFacts, default_as_of};
use yesan_store::Store;

/// Today by the local clock.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The default date on `today`, read from `store` (the institution's year
/// and stated date, the latest entry).
///
/// # Errors
/// The store's.
pub async fn default_on(store: &Store, today: NaiveDate) -> Result<NaiveDate, Error> {
    let institution = store.institution().await?;
    let latest_entry = store.last_entry_date().await?;
    Ok(default_as_of(AsOfFacts {
        today,
        fiscal_year: institution.fiscal_year,
        latest_entry,
        stated: institution.as_of,
    }))
}

/// `requested`, or the default date today.
///
/// # Errors
/// The store's.
pub async fn resolve(store: &Store, requested: Option<NaiveDate>) -> Result<NaiveDate, Error> {
    match requested {
        Some(d) => Ok(d),
        None => default_on(store, today()).await,
    }
}
