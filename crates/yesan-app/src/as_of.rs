//! The as-of date when none is asked for: [`yesan_domain::as_of::default_as_of`]
//! fed from the store. `yesan report`, `yesan status`, `yesan export
//! opendata`, every web page and the API take their default here.

use crate::Error;
use chrono::{Datelike, NaiveDate};
use yesan_domain::as_of::{AsOfFacts, AsOfNote, default_as_of};
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

/// The handle on the fiscal year a requested date falls in. A date names
/// its year: once 2024 is opened, the report as of 2023-10-18 is still
/// 2023's, not the latest year's. Without a date the handle stays on
/// its year.
///
/// # Errors
/// [`yesan_store::StoreError::NoSuchYear`] when the institution has no
/// record of that year.
pub async fn year_of(store: &Store, requested: Option<NaiveDate>) -> Result<Store, Error> {
    let Some(d) = requested else {
        return Ok(store.clone());
    };
    let (code, year) = store.current_scope().await?;
    if d.year() == year {
        return Ok(store.clone());
    }
    Ok(store.scoped(&code, Some(d.year())).await?)
}

/// The handle an entry or amendment dated `dates` is recorded through: the
/// fiscal year they all fall in, when the institution records it (a 2023
/// payment after 2024 was opened goes into 2023); otherwise `store` as it
/// is, whose budget control then decides (and refuses a date outside its
/// year). Whatever the store's error here, the recording itself meets it
/// again, so none is lost.
pub async fn year_of_dates(store: &Store, dates: impl IntoIterator<Item = NaiveDate>) -> Store {
    let mut dates = dates.into_iter();
    let Some(first) = dates.next() else {
        return store.clone();
    };
    if dates.any(|d| d.year() != first.year()) {
        return store.clone();
    }
    year_of(store, Some(first))
        .await
        .unwrap_or_else(|_| store.clone())
}

/// What to tell a reader of `shown` on this handle's year after asking
/// for `asked` (none: the default date): a date moved into the year, a
/// date before the ledger's first entry, opening entries counted
/// (`yesan_domain::as_of::notes`).
///
/// # Errors
/// The store's.
pub async fn notes(
    store: &Store,
    asked: Option<NaiveDate>,
    shown: NaiveDate,
) -> Result<Vec<AsOfNote>, Error> {
    let (_, year) = store.current_scope().await?;
    let start = store.ledger_start().await?;
    Ok(yesan_domain::as_of::notes(asked, shown, year, start))
}
