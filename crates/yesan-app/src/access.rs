//! Who may reach which institution: an account's [`Standing`] read from the
//! store (its home role, its grants in other institutions, its system
//! flags), and the institutions it may read, for the web app's chooser.
//! The rule itself is the domain's (`yesan_domain::access::Standing`);
//! here it is only assembled, once, for every front end.

use crate::Error;
use yesan_domain::access::{Role, Standing};
use yesan_store::{InstitutionInfo, Store};

/// The standing of the account `name` of `home`'s institution (a handle
/// scoped to the account's home institution); `None` for an unknown
/// account.
///
/// # Errors
/// The store's.
pub async fn standing(home: &Store, name: &str) -> Result<Option<Standing>, Error> {
    let roles = home.roles_of(name).await?;
    let mut it = roles.into_iter();
    let Some(first) = it.next() else {
        return Ok(None);
    };
    let mut s = Standing::new(first.institution, first.role, first.unit);
    for r in it {
        s = s.granted(r.institution, r.role, r.unit);
    }
    let city = home.is_city_reader(name).await?;
    let sys = home.is_sysadmin(name).await?;
    Ok(Some(s.with_flags(city, sys)))
}

/// The institutions `standing` may read, by code, each with the role held
/// there (a city reader's viewer role where it holds none).
///
/// # Errors
/// The store's.
pub async fn readable(
    store: &Store,
    standing: &Standing,
) -> Result<Vec<(InstitutionInfo, Role)>, Error> {
    Ok(readable_of(&store.institutions().await?, standing))
}

/// [`readable`] of a list of institutions already read (the web keeps
/// one, re-read when it may have changed, rather than reading it for every
/// page's header).
#[must_use]
pub fn readable_of(list: &[InstitutionInfo], standing: &Standing) -> Vec<(InstitutionInfo, Role)> {
    list.iter()
        .filter_map(|i| standing.role_in(&i.code).map(|(r, _)| (i.clone(), r)))
        .collect()
}
