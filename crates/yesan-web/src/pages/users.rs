//! Account management for administrators: list, add, change a role, reset
//! a password (the new one-time password is shown once, and must be
//! changed at the next sign-in).

use super::see_other;
use crate::auth::{self, Ctx};
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;
use yesan_domain::Localized;
use yesan_domain::UnitCode;
use yesan_domain::access::Role;
use yesan_store::NewUser;

async fn users_page(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    issued: Option<(String, String)>,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let users = here.store.users().await?;
    let (_, d) = state.catalog(&here.store).await?;
    let units: Vec<(String, String)> = d
        .org
        .units()
        .iter()
        .map(|u| (u.code.to_string(), u.name.clone()))
        .collect();
    let rows: Vec<_> = users
        .iter()
        .map(|u| {
            minijinja::context! {
                name => u.name,
                role => u.role.as_str(),
                role_key => format!("role.{}", u.role.as_str()),
                unit => u.unit.as_ref().map(ToString::to_string),
                must_change => u.must_change,
            }
        })
        .collect();
    let roles: Vec<(&str, String)> = Role::ALL
        .iter()
        .map(|r| (r.as_str(), format!("role.{}", r.as_str())))
        .collect();
    super::form_page(
        state,
        ctx,
        "users.html",
        "users",
        minijinja::context! {
            users => rows, roles => roles, units => units, issued => issued,
            errors => crate::error::shown(&USERS.apply(errors.to_vec()), ctx.lang),
        },
        !errors.is_empty(),
    )
}

/// `GET /admin/users`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
) -> Result<Response, AppError> {
    users_page(&state, &here, &ctx, None, &[]).await
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
}

/// The users form's labels.
const USERS: crate::labels::Labels<'static> = crate::labels::Labels {
    fields: &[
        ("name", "login.name"),
        ("role", "account.role"),
        ("unit", "account.unit"),
    ],
    columns: &[],
    row: &crate::labels::unnamed,
};

fn role_and_unit(f: &UserForm) -> Result<(Role, Option<UnitCode>), Vec<FieldError>> {
    let role = Role::parse(&f.role).map_err(|e| vec![FieldError::new("role", e.text())])?;
    let unit = match (role.needs_unit(), f.unit.trim()) {
        (false, _) => None,
        (true, "") => {
            return Err(vec![FieldError::new(
                "unit",
                yesan_domain::Text::new(
                    "사업팀 편집자는 부서를 골라야 합니다",
                    "a team editor needs a unit",
                ),
            )]);
        }
        (true, u) => Some(UnitCode::parse(u).map_err(|e| vec![FieldError::new("unit", e.text())])?),
    };
    Ok((role, unit))
}

/// `POST /admin/users`: adds a user with a one-time password.
pub async fn add(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(f): Form<UserForm>,
) -> Result<Response, AppError> {
    let name = f.name.trim().to_owned();
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        let e = FieldError::new(
            "name",
            yesan_domain::Text::new("이름을 빈칸 없이 적으세요", "enter a name without spaces"),
        );
        return users_page(&state, &here, &ctx, None, &[e]).await;
    }
    let (role, unit) = match role_and_unit(&f) {
        Ok(x) => x,
        Err(e) => return users_page(&state, &here, &ctx, None, &e).await,
    };
    let (password, hash) = one_time_password().await?;
    let new = NewUser {
        name: &name,
        password_hash: &hash,
        role,
        unit: unit.as_ref(),
        must_change: true,
    };
    match here.store.add_user(&new, &ctx.actor()).await {
        Ok(()) => users_page(&state, &here, &ctx, Some((name, password)), &[]).await,
        Err(e) => {
            let e = FieldError::new("name", e.text());
            users_page(&state, &here, &ctx, None, &[e]).await
        }
    }
}

/// `POST /admin/users/{name}/role`.
pub async fn set_role(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, name)): Path<(String, String)>,
    Form(f): Form<UserForm>,
) -> Result<Response, AppError> {
    let (role, unit) = match role_and_unit(&f) {
        Ok(x) => x,
        Err(e) => return users_page(&state, &here, &ctx, None, &e).await,
    };
    state
        .store
        .set_role(&name, role, unit.as_ref(), &ctx.actor())
        .await?;
    Ok(see_other(&format!("{}/admin/users", here.prefix())))
}

/// `POST /admin/users/{name}/reset`.
pub async fn reset(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, name)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let (password, hash) = one_time_password().await?;
    state
        .store
        .set_password(&name, &hash, true, None, &ctx.actor())
        .await?;
    users_page(&state, &here, &ctx, Some((name, password)), &[]).await
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
