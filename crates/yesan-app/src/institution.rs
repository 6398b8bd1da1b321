//! Adding an institution: its dataset file (either format version) read
//! into every year it records, written as a new institution in one
//! transaction, and its first administrator, who must change the password
//! at first sign-in. The command line (`yesan institution add`) and the
//! web's `/admin/institutions` both call [`add`]; a refused file or a
//! code already taken writes nothing.

use crate::Error;
use yesan_domain::access::Role;
use yesan_domain::{InstitutionCode, Localized, Text};
use yesan_store::{NewUser, Store, StoreError};

/// The first administrator of a new institution: a name and the hash of
/// the one-time password the caller generated (the store never sees a
/// password).
#[derive(Debug, Clone, Copy)]
pub struct FirstAdmin<'a> {
    /// Sign-in name.
    pub name: &'a str,
    /// The argon2 PHC string of the one-time password.
    pub password_hash: &'a str,
}

/// What adding gave.
#[derive(Debug)]
pub enum Added {
    /// Written: the handle scoped to its latest year, and its names.
    Done {
        /// The new institution's handle (its latest year).
        store: Store,
        /// Its Korean name, as the file states it.
        name_ko: String,
        /// Its English name.
        name_en: String,
    },
    /// Refused, nothing written: why (the file's problems with their
    /// lines, or the code taken). The file's problems are listed as the
    /// command line lists them, in both languages: they point into a
    /// dataset file, whose reader is a technical one.
    Refused(Text),
}

/// Adds institution `code` from the dataset file `bytes` (named `name` in
/// messages), and its first administrator when given.
///
/// # Errors
/// The store's.
pub async fn add(
    store: &Store,
    code: &InstitutionCode,
    name: &str,
    bytes: &[u8],
    admin: Option<FirstAdmin<'_>>,
    actor: &str,
) -> Result<Added, Error> {
    let file = match yesan_dataset::parse_file(name, bytes) {
        Ok(f) => f,
        Err(e) => return Ok(Added::Refused(Text::new(e.to_string(), e.to_string()))),
    };
    let Some(last) = file.years.last() else {
        return Ok(Added::Refused(yesan_domain::text!(
            "{name}: 기록된 회계연도가 없습니다",
            "{name}: the file records no fiscal year"
        )));
    };
    let (name_ko, name_en) = (
        last.institution.name_ko.clone(),
        last.institution.name_en.clone(),
    );
    if let Some(a) = admin
        && a.name.trim().is_empty()
    {
        return Ok(Added::Refused(Text::new(
            "첫 관리자 이름을 적으세요",
            "name the first administrator",
        )));
    }
    // As `init` adds one: the file's years with its line mappings.
    let added = match crate::store::add_file(store, Some(code), &file, actor).await {
        Ok(s) => s,
        Err(Error::Store(e @ StoreError::InstitutionExists { .. })) => {
            return Ok(Added::Refused(e.text()));
        }
        Err(e) => return Err(e),
    };
    if let Some(a) = admin {
        added
            .add_user(
                &NewUser {
                    name: a.name.trim(),
                    password_hash: a.password_hash,
                    role: Role::Admin,
                    unit: None,
                    must_change: true,
                },
                actor,
            )
            .await?;
    }
    Ok(Added::Done {
        store: added,
        name_ko,
        name_en,
    })
}
