//! `/`: the institutions the reader may read, each with the role held
//! there (Korean names first), straight to the one when there is only
//! one; and the header's institution and year switchers of every
//! institution page. Which institutions an account reads is the domain's
//! rule, assembled by `yesan_app::access`.

use super::{render_page, see_other};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::{Here, prefix};
use crate::i18n::Lang;
use crate::nav::HereNav;
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use yesan_domain::InstitutionCode;
use yesan_domain::access::Role;
use yesan_store::InstitutionInfo;

/// `?inst=CODE` (the header's institution switcher).
#[derive(Debug, Default, Deserialize)]
pub struct ChooserQuery {
    #[serde(default)]
    inst: Option<String>,
}

fn name(i: &InstitutionInfo, lang: Lang) -> String {
    lang.name(&i.name_ko, &i.name_en).to_owned()
}

/// The institutions the request's reader may read, each with the role
/// held there (`None` for an anonymous reader of a `--public` server,
/// who reads every one).
///
/// # Errors
/// The store's.
pub async fn readable(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Vec<(InstitutionInfo, Option<Role>)>, AppError> {
    // The kept list (re-read after a change, like the other counters):
    // every institution page's header asks for it.
    let list = state.institutions().await?;
    Ok(match &ctx.user {
        Some(u) => yesan_app::access::readable_of(&list, &u.standing)
            .into_iter()
            .map(|(i, r)| (i, Some(r)))
            .collect(),
        None => list.iter().map(|i| (i.clone(), None)).collect(),
    })
}

/// What the header of an institution page shows.
///
/// # Errors
/// The store's.
pub async fn nav(state: &AppState, ctx: &Ctx, here: &Here) -> Result<HereNav, AppError> {
    let latest = here.info.years.last().copied();
    let institutions = readable(state, ctx)
        .await?
        .into_iter()
        .map(|(i, _)| {
            let link = format!("{}/", prefix(&i.code));
            (i.code.to_string(), name(&i, ctx.lang), link)
        })
        .collect();
    Ok(HereNav {
        prefix: here.prefix(),
        code: here.code().to_string(),
        name: name(&here.info, ctx.lang),
        year: here.year,
        years: here
            .info
            .years
            .iter()
            .rev()
            .map(|y| {
                let v = if Some(*y) == latest {
                    String::new()
                } else {
                    format!("{y}-12-31")
                };
                (*y, v)
            })
            .collect(),
        as_of_q: match here.as_of {
            Some(d) => format!("?as_of={d}"),
            None if !here.is_latest() => format!("?as_of={}-12-31", here.year),
            None => String::new(),
        },
        institutions,
        notes: Vec::new(),
    })
}

#[derive(Debug, Serialize)]
struct Choice {
    code: String,
    name: String,
    other_name: String,
    href: String,
    role_key: Option<String>,
    years: String,
}

/// `GET /`.
///
/// # Errors
/// The store's.
pub async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ChooserQuery>,
) -> Result<Response, AppError> {
    if let Some(code) = q.inst.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let code = InstitutionCode::parse(code)
            .map_err(|_| AppError::NoSuchInstitution(code.chars().take(64).collect()))?;
        return Ok(see_other(&format!("{}/", prefix(&code))));
    }
    let list = readable(&state, &ctx).await?;
    if let [(only, _)] = list.as_slice() {
        return Ok(see_other(&format!("{}/", prefix(&only.code))));
    }
    let choices: Vec<Choice> = list
        .iter()
        .map(|(i, r)| Choice {
            code: i.code.to_string(),
            name: name(i, ctx.lang),
            other_name: match ctx.lang {
                Lang::Ko => i.name_en.clone(),
                Lang::En => i.name_ko.clone(),
            },
            href: format!("{}/", prefix(&i.code)),
            role_key: r.map(|r| format!("role.{}", r.as_str())),
            years: i
                .years
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", "),
        })
        .collect();
    render_page(
        &state,
        &ctx,
        "chooser.html",
        "chooser",
        minijinja::context! { choices => choices },
    )
}

/// `GET /i/{inst}`: the dashboard lives at `/i/{inst}/`.
pub async fn to_dashboard(here: Here, uri: axum::http::Uri) -> Response {
    let q = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    see_other(&format!("{}/{q}", here.prefix()))
}
