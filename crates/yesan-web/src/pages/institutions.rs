//! `/admin/institutions` (system administrators): the institutions of the
//! database, and adding one from its dataset file (either format version)
//! with its first administrator, whose one-time password is shown once.
//! The use case is `yesan_app::institution::add`, the command line's too.

use super::{form_page, users::one_time_password};
use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::state::AppState;
use axum::extract::{Multipart, State};
use axum::response::Response;
use serde::Serialize;
use yesan_app::institution::{Added, FirstAdmin};
use yesan_domain::InstitutionCode;

#[derive(Debug, Serialize)]
struct Row {
    code: String,
    name: String,
    href: String,
    years: String,
    closed: String,
}

/// What was just added: (code, name, administrator, one-time password).
type Issued = (String, String, String, String);

async fn institutions_page(
    state: &AppState,
    ctx: &Ctx,
    issued: Option<Issued>,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let join = |v: &[i32]| {
        v.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let rows: Vec<Row> = state
        .institutions()
        .await?
        .iter()
        .map(|i| Row {
            code: i.code.to_string(),
            name: ctx.lang.name(&i.name_ko, &i.name_en).to_owned(),
            href: format!("{}/", crate::here::prefix(&i.code)),
            years: join(&i.years),
            closed: join(&i.closed_years),
        })
        .collect();
    form_page(
        state,
        ctx,
        "institutions.html",
        "institutions",
        minijinja::context! {
            rows => rows, issued => issued,
            errors => crate::error::shown(&LABELS.apply(errors.to_vec()), ctx.lang),
        },
        !errors.is_empty(),
    )
}

/// `GET /admin/institutions`.
///
/// # Errors
/// The store's.
pub async fn page(State(state): State<AppState>, ctx: Ctx) -> Result<Response, AppError> {
    institutions_page(&state, &ctx, None, &[]).await
}

fn field(field: &str, message: yesan_domain::Text) -> Vec<FieldError> {
    vec![FieldError::new(field, message)]
}

/// The form's labels.
const LABELS: crate::labels::Labels<'static> = crate::labels::Labels {
    fields: &[
        ("code", "inst.code"),
        ("admin", "inst.admin"),
        ("file", "inst.dataset"),
    ],
    columns: &[],
    row: &crate::labels::unnamed,
};

/// `POST /admin/institutions`: `code`, `admin` and the dataset `file`.
///
/// # Errors
/// The store's; a body over the limit.
pub async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let limit = state.config.max_upload;
    let (mut code, mut admin, mut file) = (String::new(), String::new(), None);
    while let Some(f) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::from_multipart(&e, limit))?
    {
        let name = f.name().unwrap_or("").to_owned();
        match name.as_str() {
            "code" | "admin" => {
                let v = f
                    .text()
                    .await
                    .map_err(|e| AppError::from_multipart(&e, limit))?;
                if name == "code" {
                    code = v.trim().to_owned();
                } else {
                    admin = v.trim().to_owned();
                }
            }
            "file" => {
                let n = f.file_name().unwrap_or("dataset.toml").to_owned();
                let b = f
                    .bytes()
                    .await
                    .map_err(|e| AppError::from_multipart(&e, limit))?;
                file = Some((n, b.to_vec()));
            }
            _ => {}
        }
    }
    let code = match InstitutionCode::parse(&code) {
        Ok(c) => c,
        Err(e) => {
            return institutions_page(
                &state,
                &ctx,
                None,
                &field("code", yesan_domain::Localized::text(&e)),
            )
            .await;
        }
    };
    if admin.is_empty() || admin.chars().any(char::is_whitespace) {
        let e = field(
            "admin",
            yesan_domain::Text::new(
                "첫 관리자 이름을 빈칸 없이 적으세요",
                "name the first administrator, without spaces",
            ),
        );
        return institutions_page(&state, &ctx, None, &e).await;
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        let e = field(
            "file",
            yesan_domain::Text::new("데이터셋 파일을 고르세요", "choose the dataset file"),
        );
        return institutions_page(&state, &ctx, None, &e).await;
    };
    let (password, hash) = one_time_password().await?;
    let first = FirstAdmin {
        name: &admin,
        password_hash: &hash,
    };
    match yesan_app::institution::add(
        &state.store,
        &code,
        &name,
        &bytes,
        Some(first),
        &ctx.actor(),
    )
    .await?
    {
        Added::Done { name_ko, .. } => {
            state.forget_version();
            let issued = (code.to_string(), name_ko, admin, password);
            institutions_page(&state, &ctx, Some(issued), &[]).await
        }
        Added::Refused(why) => institutions_page(&state, &ctx, None, &field("file", why)).await,
    }
}
