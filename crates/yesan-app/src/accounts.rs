//! An institution's own accounts: adding one, changing its role,
//! deactivating and reactivating it — for `yesan user …` and the web's
//! user management alike. The rules live once: a name is one word, a role
//! and its unit are checked by [`crate::roles::role_and_unit`], and the
//! institution keeps an active administrator (the domain's
//! [`LastAdministrator`], which the store applies inside the change's own
//! transaction; [`keeps_administrator`] asks it beforehand, so a form can
//! refuse before asking for a confirmation).

use crate::Error;
use crate::roles::RoleError;
use yesan_domain::access::{LastAdministrator, Role};
use yesan_domain::code::UnitCode;
use yesan_store::{NewUser, Store, StoreError, User};

/// An account name that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NameError {
    /// Empty, or with a space in it.
    #[error("사용자 이름은 빈칸 없이 한 단어로 적습니다 / a user name is one word, without spaces")]
    NotOneWord,
    /// Longer than [`MAX_NAME`] characters.
    #[error("사용자 이름은 {MAX_NAME}자까지입니다 / a user name has at most {MAX_NAME} characters")]
    TooLong,
}

/// The longest account name.
pub const MAX_NAME: usize = 64;

/// A name as typed, trimmed: one word of at most [`MAX_NAME`] characters.
///
/// # Errors
/// [`NameError`].
pub fn account_name(typed: &str) -> Result<&str, NameError> {
    let name = typed.trim();
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        Err(NameError::NotOneWord)
    } else if name.chars().count() > MAX_NAME {
        Err(NameError::TooLong)
    } else {
        Ok(name)
    }
}

/// A role and unit from a form that offers a unit for every role: an empty
/// unit is none, and a unit chosen for a role that takes none is ignored
/// (the command line refuses it instead, [`crate::roles::role_and_unit`]).
///
/// # Errors
/// [`RoleError::UnknownRole`], [`RoleError::UnitNeeded`],
/// [`RoleError::BadUnit`].
pub fn role_and_unit_from_form(
    role: &str,
    unit: &str,
) -> Result<(Role, Option<UnitCode>), RoleError> {
    let needs = Role::parse(role).map_err(RoleError::from)?.needs_unit();
    let unit = Some(unit.trim()).filter(|u| needs && !u.is_empty());
    crate::roles::role_and_unit(role, unit)
}

/// Adds an account of the store's institution with `password_hash` (the
/// caller hashes; the store never sees a password).
///
/// # Errors
/// [`Error::Name`] for a bad name, [`Error::Role`] for a bad role or
/// unit, the store's (`Duplicate`, `NotFound` for a unit the
/// organization does not have). Nothing is written then.
pub async fn add(
    store: &Store,
    name: &str,
    (role, unit): (Role, Option<UnitCode>),
    password_hash: &str,
    must_change: bool,
    actor: &str,
) -> Result<String, Error> {
    let name = account_name(name)?;
    store
        .add_user(
            &NewUser {
                name,
                password_hash,
                role,
                unit: unit.as_ref(),
                must_change,
            },
            actor,
        )
        .await?;
    Ok(name.to_owned())
}

/// Changes the role (and unit) of the account `name`; its sessions end.
///
/// # Errors
/// The store's: `NotFound` for an unknown account or unit,
/// `LastAdministrator` when it is the institution's last active
/// administrator and the new role is not administrator.
pub async fn set_role(
    store: &Store,
    name: &str,
    (role, unit): (Role, Option<UnitCode>),
    actor: &str,
) -> Result<(), Error> {
    Ok(store.set_role(name, role, unit.as_ref(), actor).await?)
}

/// Deactivates (`active` false) or reactivates the account `name`: a
/// deactivated account is signed out everywhere at once and cannot sign
/// in. Returns whether it changed.
///
/// # Errors
/// The store's: `NotFound`, `LastAdministrator`.
pub async fn set_active(
    store: &Store,
    name: &str,
    active: bool,
    actor: &str,
) -> Result<bool, Error> {
    Ok(store.set_active(name, active, actor).await?)
}

/// Whether the account `name` could stop being an active administrator
/// (demoted or deactivated) and leave the institution one: the domain's
/// rule on the accounts as they are now. The change itself checks again.
///
/// # Errors
/// [`Error::Store`] with [`StoreError::LastAdministrator`] when it could
/// not; the store's.
pub async fn keeps_administrator(store: &Store, name: &str) -> Result<(), Error> {
    let users = store.users().await?;
    let admins = users.iter().filter(|u| is_active_admin(u)).count();
    let leaving = users.iter().any(|u| u.name == name && is_active_admin(u));
    let after = admins - usize::from(leaving);
    LastAdministrator::check(name, admins, after)
        .map_err(|e| Error::Store(StoreError::LastAdministrator(e)))
}

fn is_active_admin(u: &User) -> bool {
    u.active && u.role == Role::Admin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_one_word() {
        assert_eq!(account_name("  kim "), Ok("kim"));
        assert_eq!(account_name(""), Err(NameError::NotOneWord));
        assert_eq!(account_name("kim lee"), Err(NameError::NotOneWord));
        assert_eq!(account_name(&"k".repeat(65)), Err(NameError::TooLong));
    }

    #[test]
    fn a_form_unit_counts_only_for_a_team_editor() {
        assert_eq!(
            role_and_unit_from_form("viewer", "SIT"),
            Ok((Role::Viewer, None))
        );
        assert_eq!(
            role_and_unit_from_form("auditor", ""),
            Ok((Role::Auditor, None))
        );
        assert!(matches!(
            role_and_unit_from_form("team_editor", "SIT"),
            Ok((Role::TeamEditor, Some(_)))
        ));
        assert_eq!(
            role_and_unit_from_form("team_editor", " "),
            Err(RoleError::UnitNeeded)
        );
        assert!(matches!(
            role_and_unit_from_form("boss", ""),
            Err(RoleError::UnknownRole(_))
        ));
    }
}
