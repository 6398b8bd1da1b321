//! Account management for administrators: list, add, change a role,
//! deactivate and reactivate, reset a password (the new one-time password
//! is shown once, and must be changed at the next sign-in).
//!
//! Two changes an administrator makes to their own account ask first:
//! giving up the administrator role and deactivating the account, since
//! either ends the session and closes this page to them. The institution's
//! last active administrator is refused both outright (the rule is
//! `yesan_app::accounts`', checked again by the change itself).

use super::see_other;
use crate::auth::{self, Ctx};
use crate::error::AppError;
use crate::here::Here;
use crate::i18n::t;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use yesan_app::accounts;
use yesan_app::roles::RoleError;
use yesan_domain::access::Role;
use yesan_store::StoreError;

/// What the page says above the list.
#[derive(Debug, Default, Serialize)]
struct Notice {
    /// A one-time password just issued: (name, password).
    issued: Option<(String, String)>,
    /// What was just done, in the reader's language.
    done: Option<String>,
    /// Why the request was refused, in the reader's language.
    refused: Option<String>,
    /// A change to one's own account waiting for a yes.
    confirm: Option<Confirm>,
}

/// A change to one's own account, asked about before it is made: the form
/// posts the same fields again with `confirm=1`.
#[derive(Debug, Serialize)]
struct Confirm {
    action: String,
    question: String,
    fields: Vec<(&'static str, String)>,
}

async fn users_page(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    notice: Notice,
) -> Result<Response, AppError> {
    let users = here.store.users().await?;
    let (_, d) = state.catalog(&here.store).await?;
    let units: Vec<(String, String)> = d
        .org
        .units()
        .iter()
        .map(|u| (u.code.to_string(), u.name.clone()))
        .collect();
    let me = ctx
        .user
        .as_ref()
        .map(|u| (u.home.as_str(), u.name.as_str()));
    let rows: Vec<_> = users
        .iter()
        .map(|u| {
            let unit = u.unit.as_ref().map(ToString::to_string);
            // An account outlives a reorganization: a unit no longer in
            // the organization shows its code.
            let unit_name = u.unit.as_ref().map(|c| {
                d.org
                    .unit(c)
                    .map_or_else(|| c.to_string(), |x| x.name.clone())
            });
            minijinja::context! {
                name => u.name,
                role => u.role.as_str(),
                role_key => format!("role.{}", u.role.as_str()),
                unit => unit,
                unit_name => unit_name,
                active => u.active,
                must_change => u.must_change,
                is_self => me == Some((here.code().as_str(), u.name.as_str())),
            }
        })
        .collect();
    let roles: Vec<(&str, String)> = Role::ALL
        .iter()
        .map(|r| (r.as_str(), format!("role.{}", r.as_str())))
        .collect();
    let refused = notice.refused.is_some();
    super::form_page(
        state,
        ctx,
        "users.html",
        "users",
        minijinja::context! {
            users => rows,
            roles => roles,
            units => units,
            issued => notice.issued,
            done => notice.done,
            refused => notice.refused,
            confirm => notice.confirm,
        },
        refused,
    )
}

/// `?done=role|deactivated|activated|added&name=…` after a change.
#[derive(Debug, Default, Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

/// `GET /admin/users`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<DoneQuery>,
) -> Result<Response, AppError> {
    let done = match (q.done.as_deref(), q.name.as_deref()) {
        (Some(what @ ("role" | "deactivated" | "activated")), Some(name)) => {
            Some(t(ctx.lang, &format!("users.done.{what}")).replace("{name}", name))
        }
        _ => None,
    };
    let notice = Notice {
        done,
        ..Notice::default()
    };
    users_page(&state, &here, &ctx, notice).await
}

/// The add and role forms.
#[derive(Debug, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    unit: String,
    /// `1` once the administrator said yes to a change of their own.
    #[serde(default)]
    confirm: Option<String>,
}

/// A refusal in the reader's language.
fn refusal(ctx: &Ctx, e: &yesan_app::Error) -> Option<String> {
    use yesan_app::Error as E;
    let key = match e {
        E::Store(StoreError::LastAdministrator(x)) => {
            return Some(t(ctx.lang, "users.last_admin").replace("{name}", &x.name));
        }
        E::Store(StoreError::Duplicate { key, .. }) => {
            return Some(t(ctx.lang, "users.taken").replace("{name}", key));
        }
        E::Store(StoreError::NotFound { what: "unit", .. }) => "users.unknown_unit",
        E::Name(_) => "users.bad_name",
        E::Role(RoleError::UnitNeeded) => "users.unit_needed",
        E::Role(RoleError::UnknownRole(_)) => "users.unknown_role",
        E::Role(RoleError::BadUnit { .. }) => "users.unknown_unit",
        _ => return None,
    };
    Some(t(ctx.lang, key).to_owned())
}

/// The page with a refusal, or the error itself when it is no refusal.
async fn refused(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    e: yesan_app::Error,
) -> Result<Response, AppError> {
    match refusal(ctx, &e) {
        Some(message) => {
            let notice = Notice {
                refused: Some(message),
                ..Notice::default()
            };
            users_page(state, here, ctx, notice).await
        }
        None => Err(e.into()),
    }
}

fn done(here: &Here, what: &str, name: &str) -> Response {
    let q = serde_urlencoded::to_string([("done", what), ("name", name)]).unwrap_or_default();
    see_other(&format!("{}/admin/users?{q}", here.prefix()))
}

/// Whether `name` is the signed-in account itself (in the path's
/// institution, its home).
fn is_self(ctx: &Ctx, here: &Here, name: &str) -> bool {
    ctx.user
        .as_ref()
        .is_some_and(|u| u.name == name && &u.home == here.code())
}

/// `POST /admin/users`: adds a user with a one-time password.
pub async fn add(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(f): Form<UserForm>,
) -> Result<Response, AppError> {
    let role_unit = match accounts::role_and_unit_from_form(&f.role, &f.unit) {
        Ok(x) => x,
        Err(e) => return refused(&state, &here, &ctx, e.into()).await,
    };
    if let Err(e) = accounts::account_name(&f.name) {
        return refused(&state, &here, &ctx, e.into()).await;
    }
    let (password, hash) = one_time_password().await?;
    match accounts::add(&here.store, &f.name, role_unit, &hash, true, &ctx.actor()).await {
        Ok(name) => {
            let notice = Notice {
                issued: Some((name, password)),
                ..Notice::default()
            };
            users_page(&state, &here, &ctx, notice).await
        }
        Err(e) => refused(&state, &here, &ctx, e).await,
    }
}

/// `POST /admin/users/{name}/role`. Giving up one's own administrator
/// role asks first (and is refused for the last administrator).
pub async fn set_role(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, name)): Path<(String, String)>,
    Form(f): Form<UserForm>,
) -> Result<Response, AppError> {
    let role_unit = match accounts::role_and_unit_from_form(&f.role, &f.unit) {
        Ok(x) => x,
        Err(e) => return refused(&state, &here, &ctx, e.into()).await,
    };
    let leaving_admin = role_unit.0 != Role::Admin
        && ctx
            .user
            .as_ref()
            .is_some_and(|u| u.role == Role::Admin && is_self(&ctx, &here, &name));
    if leaving_admin && f.confirm.as_deref() != Some("1") {
        if let Err(e) = accounts::keeps_administrator(&here.store, &name).await {
            return refused(&state, &here, &ctx, e).await;
        }
        let notice = Notice {
            confirm: Some(Confirm {
                action: format!("{}/admin/users/{}/role", here.prefix(), encode(&name)),
                question: {
                    let key = format!("role.{}", role_unit.0);
                    let role = t(ctx.lang, &key);
                    t(ctx.lang, "users.confirm_demote")
                        .replace("{role}", role)
                        .replace("{ro}", ro(role))
                },
                fields: vec![
                    ("role", role_unit.0.as_str().to_owned()),
                    (
                        "unit",
                        role_unit
                            .1
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default(),
                    ),
                ],
            }),
            ..Notice::default()
        };
        return users_page(&state, &here, &ctx, notice).await;
    }
    match accounts::set_role(&here.store, &name, role_unit, &ctx.actor()).await {
        Ok(()) => Ok(done(&here, "role", &name)),
        Err(e) => refused(&state, &here, &ctx, e).await,
    }
}

/// The activity form.
#[derive(Debug, Deserialize)]
pub struct ActiveForm {
    /// `1` to reactivate, `0` to deactivate.
    #[serde(default)]
    active: String,
    #[serde(default)]
    confirm: Option<String>,
}

/// `POST /admin/users/{name}/active`: deactivates (`active=0`) or
/// reactivates (`active=1`) an account. Deactivating one's own asks
/// first.
pub async fn set_active(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, name)): Path<(String, String)>,
    Form(f): Form<ActiveForm>,
) -> Result<Response, AppError> {
    let active = match f.active.trim() {
        "1" => true,
        "0" => false,
        _ => {
            return Err(AppError::BadRequest(crate::i18n::text("e.bad_request")));
        }
    };
    if !active && is_self(&ctx, &here, &name) && f.confirm.as_deref() != Some("1") {
        if let Err(e) = accounts::keeps_administrator(&here.store, &name).await {
            return refused(&state, &here, &ctx, e).await;
        }
        let notice = Notice {
            confirm: Some(Confirm {
                action: format!("{}/admin/users/{}/active", here.prefix(), encode(&name)),
                question: t(ctx.lang, "users.confirm_deactivate_self").to_owned(),
                fields: vec![("active", "0".to_owned())],
            }),
            ..Notice::default()
        };
        return users_page(&state, &here, &ctx, notice).await;
    }
    match accounts::set_active(&here.store, &name, active, &ctx.actor()).await {
        Ok(_) => Ok(done(
            &here,
            if active { "activated" } else { "deactivated" },
            &name,
        )),
        Err(e) => refused(&state, &here, &ctx, e).await,
    }
}

/// The particle "to" after a Korean word: 으로 after a final consonant
/// (but ㄹ), else 로 (기획으로, 감사로, 관리자로).
fn ro(word: &str) -> &'static str {
    let last = word.chars().next_back().map_or(0, u32::from);
    let syllable = (0xAC00..=0xD7A3).contains(&last);
    let fin = if syllable { (last - 0xAC00) % 28 } else { 0 };
    // 8 is ㄹ.
    if fin != 0 && fin != 8 {
        "으로"
    } else {
        "로"
    }
}

/// A path segment: a name may hold any character but a space.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `POST /admin/users/{name}/reset`.
pub async fn reset(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, name)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (password, hash) = one_time_password().await?;
    here.store
        .set_password(&name, &hash, true, None, &ctx.actor())
        .await?;
    let notice = Notice {
        issued: Some((name, password)),
        ..Notice::default()
    };
    users_page(&state, &here, &ctx, notice).await
}

/// A new one-time password and its hash (argon2 is slow by design, so it
/// runs off the async threads).
pub(crate) async fn one_time_password() -> Result<(String, String), AppError> {
    let password = auth::generate_password();
    let pw = password.clone();
    let hash = tokio::task::spawn_blocking(move || auth::hash_password(&pw))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok((password, hash))
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn the_particle_follows_the_last_syllable() {
        use super::ro;
        assert_eq!(ro("기획"), "으로");
        assert_eq!(ro("감사"), "로");
        assert_eq!(ro("사업팀 편집자"), "로");
        assert_eq!(ro("서울"), "로");
        assert_eq!(ro("Viewer"), "로");
    }

    #[test]
    fn names_are_encoded_for_paths() {
        assert_eq!(encode("kim"), "kim");
        assert_eq!(encode("김/x"), "%EA%B9%80%2Fx");
    }
}
