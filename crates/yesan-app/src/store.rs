//! Opening the database: the store at a location, created from the default
//! dataset on first use, so that a fresh checkout works at once.

use crate::Error;
use yesan_domain::Dataset;
use yesan_store::Store;

/// Opens the store at `db` (a SQLite path or URL, or a `postgres://` URL),
/// bringing its schema up to date.
///
/// # Errors
/// The store's.
pub async fn open(db: &str) -> Result<Store, Error> {
    Ok(Store::open(db).await?)
}

/// The default dataset (the seed's institution and year).
///
/// # Errors
/// [`Error::DefaultDataset`] (a bug: it is compiled in and tested).
pub fn default_dataset() -> Result<Dataset, Error> {
    yesan_dataset::default_dataset().map_err(|e| Error::DefaultDataset(e.to_string()))
}

/// Every year the default dataset records (2022's final budget and 2023),
/// as recorded: 2023's priors are computed from 2022 when read.
///
/// # Errors
/// [`Error::DefaultDataset`] (a bug: it is compiled in and tested).
pub fn default_years() -> Result<Vec<Dataset>, Error> {
    yesan_dataset::default_institution()
        .map(|f| f.years)
        .map_err(|e| Error::DefaultDataset(e.to_string()))
}

/// A store holding a dataset: `store` as it is, or written from the
/// default dataset's years (by `actor`) as the institution
/// [`yesan_domain::DEFAULT_INSTITUTION`] when it holds none. Returns
/// whether it was created.
///
/// # Errors
/// The store's.
pub async fn ensure_initialized(store: &Store, actor: &str) -> Result<bool, Error> {
    if store.is_initialized().await? {
        return Ok(false);
    }
    let code = yesan_domain::InstitutionCode::parse(yesan_domain::DEFAULT_INSTITUTION)
        .map_err(|e| Error::DefaultDataset(e.to_string()))?;
    match store.add_institution(&code, &default_years()?, actor).await {
        Ok(_) => Ok(true),
        // Created meanwhile by another process.
        Err(yesan_store::StoreError::InstitutionExists { .. }) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Opens the store at `db`, creating it from the default dataset on first
/// use; returns it and whether it was created.
///
/// # Errors
/// The store's.
pub async fn ready(db: &str, actor: &str) -> Result<(Store, bool), Error> {
    let store = open(db).await?;
    let created = ensure_initialized(&store, actor).await?;
    Ok((store, created))
}
