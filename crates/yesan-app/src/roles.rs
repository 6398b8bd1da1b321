//! Who holds which role where: an account's role in its home institution
//! (with the unit a team editor edits), the roles it is granted in other
//! institutions, and the two database-wide flags (city reader, system
//! administrator). The rules a grant must meet live here once — a team
//! editor names a unit of the institution it is granted in, no other
//! role names one, the home role is changed rather than revoked — for
//! the command line and the web; the store keeps who holds what and
//! audits every change.

use crate::Error;
use yesan_domain::access::{Role, UnknownRole};
use yesan_domain::code::{CodeError, InstitutionCode, UnitCode};
use yesan_store::{InstitutionRole, Store, SystemRole};

/// A grant that cannot be made, in Korean first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoleError {
    /// Not a role.
    #[error(
        "역할 '{0}'이(가) 없습니다: admin, planner, finance, team_editor, viewer, auditor 중 하나입니다 / unknown role '{0}': admin, planner, finance, team_editor, viewer or auditor"
    )]
    UnknownRole(String),
    /// A team editor without a unit.
    #[error(
        "team_editor는 --unit(부서 코드)이 필요합니다 / a team editor needs --unit (a unit code)"
    )]
    UnitNeeded,
    /// A unit for a role that has none.
    #[error(
        "--unit은 team_editor에만 씁니다 ({role}) / --unit is for team editors only, not {role}"
    )]
    UnitNotAllowed {
        /// The role given.
        role: Role,
    },
    /// Not a unit code.
    #[error(
        "부서 코드 '{given}'이(가) 올바르지 않습니다 / '{given}' is not a unit code ({reason})"
    )]
    BadUnit {
        /// What was typed.
        given: String,
        /// Why.
        reason: CodeError,
    },
    /// The unit is not in the institution's organization.
    #[error(
        "부서 {unit}이(가) 기관 '{institution}'의 조직에 없습니다 / unit {unit} is not in the organization of '{institution}'"
    )]
    UnknownUnit {
        /// The unit.
        unit: UnitCode,
        /// The institution.
        institution: InstitutionCode,
    },
    /// Not one of the two flags.
    #[error(
        "시스템 역할 '{0}'이(가) 없습니다: city-reader 또는 sysadmin / unknown system role '{0}': city-reader or sysadmin"
    )]
    UnknownFlag(String),
    /// The home institution's role is changed, not revoked.
    #[error(
        "'{name}'의 본 기관 '{institution}' 역할은 회수할 수 없습니다. `yesan user role`로 바꾸세요 / the role of '{name}' in its home institution '{institution}' cannot be revoked; change it with `yesan user role`"
    )]
    HomeRole {
        /// The account.
        name: String,
        /// Its home institution.
        institution: InstitutionCode,
    },
    /// Nothing to revoke.
    #[error(
        "'{name}'은(는) 기관 '{institution}'에서 받은 역할이 없습니다 / '{name}' holds no granted role in '{institution}'"
    )]
    NotGranted {
        /// The account.
        name: String,
        /// The institution.
        institution: InstitutionCode,
    },
}

impl From<UnknownRole> for RoleError {
    fn from(e: UnknownRole) -> Self {
        RoleError::UnknownRole(e.0)
    }
}

/// A role and its unit as typed (`team-editor` is accepted for
/// `team_editor`): a team editor must name a unit, no other role may.
///
/// # Errors
/// [`RoleError::UnknownRole`], [`RoleError::UnitNeeded`],
/// [`RoleError::UnitNotAllowed`], [`RoleError::BadUnit`].
pub fn role_and_unit(
    role: &str,
    unit: Option<&str>,
) -> Result<(Role, Option<UnitCode>), RoleError> {
    let role = Role::parse(role)?;
    let unit = unit
        .map(|u| {
            UnitCode::parse(u.trim()).map_err(|reason| RoleError::BadUnit {
                given: u.to_owned(),
                reason,
            })
        })
        .transpose()?;
    match (role.needs_unit(), &unit) {
        (true, None) => Err(RoleError::UnitNeeded),
        (false, Some(_)) => Err(RoleError::UnitNotAllowed { role }),
        _ => Ok((role, unit)),
    }
}

/// A system flag by name: `city-reader` (or `city_reader`), `sysadmin`.
///
/// # Errors
/// [`RoleError::UnknownFlag`].
pub fn system_flag(text: &str) -> Result<SystemRole, RoleError> {
    match text.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "city-reader" => Ok(SystemRole::CityReader),
        "sysadmin" => Ok(SystemRole::Sysadmin),
        _ => Err(RoleError::UnknownFlag(text.to_owned())),
    }
}

/// Grants the account `name` of the store's institution `role` (with
/// `unit`, for a team editor) in institution `institution` — in its home
/// institution, its role there changes. A team editor's unit must be a
/// unit of that institution's organization.
///
/// # Errors
/// [`Error::Role`] for a grant the rules refuse; the store's
/// (`NoSuchInstitution`, `NotFound` for an unknown account). Nothing is
/// written then.
pub async fn grant(
    store: &Store,
    name: &str,
    institution: &InstitutionCode,
    role: &str,
    unit: Option<&str>,
    actor: &str,
) -> Result<(Role, Option<UnitCode>), Error> {
    let (role, unit) = role_and_unit(role, unit)?;
    if let Some(u) = &unit {
        let there = store
            .scoped(institution, None)
            .await?
            .load_catalog()
            .await?;
        if there.org.unit(u).is_none() {
            return Err(RoleError::UnknownUnit {
                unit: u.clone(),
                institution: institution.clone(),
            }
            .into());
        }
    }
    store
        .grant_role(institution, name, role, unit.as_ref(), actor)
        .await?;
    Ok((role, unit))
}

/// Takes back the role the account `name` of the store's institution was
/// granted in `institution`.
///
/// # Errors
/// [`RoleError::HomeRole`] for its home institution,
/// [`RoleError::NotGranted`] when it holds no grant there; the store's.
pub async fn revoke(
    store: &Store,
    name: &str,
    institution: &InstitutionCode,
    actor: &str,
) -> Result<(), Error> {
    let (home, _) = store.current_scope().await?;
    if &home == institution {
        return Err(RoleError::HomeRole {
            name: name.to_owned(),
            institution: home,
        }
        .into());
    }
    if store.revoke_role(institution, name, actor).await? {
        Ok(())
    } else {
        Err(RoleError::NotGranted {
            name: name.to_owned(),
            institution: institution.clone(),
        }
        .into())
    }
}

/// Sets (`on`) or clears a system flag of the account `name` of the
/// store's institution.
///
/// # Errors
/// The store's (`NotFound` for an unknown account).
pub async fn set_system(
    store: &Store,
    name: &str,
    flag: SystemRole,
    on: bool,
    actor: &str,
) -> Result<(), Error> {
    Ok(store.set_system_role(name, flag, on, actor).await?)
}

/// Everything the account `name` holds: its roles by institution (home
/// first) and its system flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// Roles by institution, home first.
    pub roles: Vec<InstitutionRole>,
    /// System flags held.
    pub flags: Vec<SystemRole>,
}

/// What the account `name` of the store's institution holds.
///
/// # Errors
/// The store's (`NotFound` for an unknown account).
pub async fn held(store: &Store, name: &str) -> Result<Held, Error> {
    let roles = store.roles_of(name).await?;
    if roles.is_empty() {
        return Err(yesan_store::StoreError::NotFound {
            what: "user",
            key: name.to_owned(),
        }
        .into());
    }
    let mut flags = Vec::new();
    if store.is_city_reader(name).await? {
        flags.push(SystemRole::CityReader);
    }
    if store.is_sysadmin(name).await? {
        flags.push(SystemRole::Sysadmin);
    }
    Ok(Held { roles, flags })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_team_editor_names_a_unit_and_no_one_else_does() {
        assert_eq!(role_and_unit("planner", None), Ok((Role::Planner, None)));
        assert!(matches!(
            role_and_unit("team-editor", Some("SIT")),
            Ok((Role::TeamEditor, Some(_)))
        ));
        assert_eq!(
            role_and_unit("team_editor", None),
            Err(RoleError::UnitNeeded)
        );
        assert_eq!(
            role_and_unit("viewer", Some("SIT")),
            Err(RoleError::UnitNotAllowed { role: Role::Viewer })
        );
        let e = role_and_unit("boss", None).expect_err("no such role");
        assert!(
            e.to_string().starts_with("역할 'boss'이(가) 없습니다"),
            "{e}"
        );
    }

    #[test]
    fn flags_by_name() {
        assert_eq!(system_flag("city-reader"), Ok(SystemRole::CityReader));
        assert_eq!(system_flag("city_reader"), Ok(SystemRole::CityReader));
        assert_eq!(system_flag("sysadmin"), Ok(SystemRole::Sysadmin));
        assert!(system_flag("root").is_err());
    }
}
