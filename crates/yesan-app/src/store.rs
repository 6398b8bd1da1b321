//! Opening the database: the store at a location, created from the default
//! dataset on first use, so that a fresh checkout works at once; adding an
//! institution from a dataset file with its years and line mappings.

use crate::Error;
use yesan_dataset::InstitutionFile;
use yesan_domain::{Dataset, InstitutionCode};
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
    default_file().map(|f| f.years)
}

/// The default dataset file: its institution's code (`sdf`, as
/// `data/default.toml` states it), its years and their line mappings.
///
/// # Errors
/// [`Error::DefaultDataset`] (a bug: it is compiled in and tested).
pub fn default_file() -> Result<InstitutionFile, Error> {
    yesan_dataset::default_institution().map_err(|e| Error::DefaultDataset(e.to_string()))
}

/// Adds the institution of a dataset `file` as `code` (None: the code
/// the file states; a file of the first format states none and gives
/// [`yesan_domain::DEFAULT_INSTITUTION`]), with its years and line
/// mappings, in one transaction. Returns the handle scoped to its latest
/// year.
///
/// # Errors
/// The store's ([`yesan_store::StoreError::InstitutionExists`] when the
/// code is taken; nothing is written then).
pub async fn add_file(
    store: &Store,
    code: Option<&InstitutionCode>,
    file: &InstitutionFile,
    actor: &str,
) -> Result<Store, Error> {
    let code = code.unwrap_or(&file.code);
    let added = store
        .add_institution_with(code, &file.years, &file.mappings, actor)
        .await?;
    // The file's settings, checked when it was read; a file stating none
    // leaves the defaults, which the store holds without a row.
    if file.policy != yesan_domain::policy::Policy::default() {
        added.set_policy(&file.policy, actor).await?;
    }
    Ok(added)
}

/// A store holding a dataset: `store` as it is, or written from the
/// default dataset (by `actor`) as the institution its file names
/// (`sdf`) when it holds none. A database created before kept the code
/// `default` and goes on with it. Returns whether it was created.
///
/// # Errors
/// The store's.
pub async fn ensure_initialized(store: &Store, actor: &str) -> Result<bool, Error> {
    if store.is_initialized().await? {
        return Ok(false);
    }
    let created = match add_file(store, None, &default_file()?, actor).await {
        Ok(_) => true,
        // Created meanwhile by another process.
        Err(Error::Store(yesan_store::StoreError::InstitutionExists { .. })) => false,
        Err(e) => return Err(e),
    };
    // `store` learns its scope now, so that its code is the one created.
    store.current_scope().await?;
    Ok(created)
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
