//! The project page's indicator targets: the two forms a planner or the
//! project's team editor uses — set an indicator's target for the year,
//! record a dated actual. Each form calls one `yesan_app::indicators` use
//! case; a refusal is shown on the project page (`projects::sheet_page`,
//! with `target_forms`) in the reader's language, the typed values kept,
//! and nothing is written.

use super::see_other;
use super::target_forms::{ActualForm, Forms, Refused, TargetForm, may};
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::i18n::t;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use yesan_app::indicators::{ActualText, TargetText};
use yesan_domain::Localized;
use yesan_domain::project::Project;

/// Back to the project page (its date kept), saying what was saved.
fn back(here: &Here, code: &str) -> Response {
    let date = here
        .as_of
        .map(|d| format!("&as_of={d}"))
        .unwrap_or_default();
    see_other(&format!(
        "{}/projects/{code}?targets=1{date}#targets",
        here.prefix()
    ))
}

async fn project(state: &AppState, here: &Here, code: &str) -> Result<Project, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    Ok(super::projects::find(&d, code)?.clone())
}

fn refusal(form: &'static str, e: &yesan_app::indicators::IndicatorError, ctx: &Ctx) -> Refused {
    Refused {
        form,
        field: e.field().name(),
        message: format!("{} {}", t(ctx.lang, "target.refused"), e.say(ctx.lang)),
    }
}

/// `POST /projects/{code}/targets`.
pub async fn set_target(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Form(form): Form<TargetForm>,
) -> Result<Response, AppError> {
    let p = project(&state, &here, &code).await?;
    if !may(&ctx, &p) {
        return Err(AppError::Forbidden);
    }
    let text = TargetText {
        project: p.code.to_string(),
        indicator: form.indicator.clone(),
        target: form.target.clone(),
        baseline: form.baseline.clone(),
        quarters: [
            form.q1.clone(),
            form.q2.clone(),
            form.q3.clone(),
            form.q4.clone(),
        ],
        direction: form.direction.clone(),
        output: form.output.is_some(),
    };
    match yesan_app::indicators::set_target(&here.store, &text, &ctx.actor()).await {
        Ok(_) => Ok(back(&here, &code)),
        Err(yesan_app::Error::Indicator(e)) => {
            let forms = Forms {
                refused: Some(refusal("target", &e, &ctx)),
                target: Some(form),
                actual: None,
            };
            super::projects::sheet_page(&state, &here, ctx, &code, forms).await
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /projects/{code}/actuals`.
pub async fn record_actual(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, code)): Path<(String, String)>,
    Form(form): Form<ActualForm>,
) -> Result<Response, AppError> {
    let p = project(&state, &here, &code).await?;
    if !may(&ctx, &p) {
        return Err(AppError::Forbidden);
    }
    let text = ActualText {
        project: p.code.to_string(),
        indicator: form.indicator.clone(),
        date: form.date.clone(),
        value: form.value.clone(),
        note: form.note.clone(),
    };
    match yesan_app::indicators::record_actual(&here.store, &text, &ctx.actor()).await {
        Ok(_) => Ok(back(&here, &code)),
        Err(yesan_app::Error::Indicator(e)) => {
            let forms = Forms {
                refused: Some(refusal("actual", &e, &ctx)),
                target: None,
                actual: Some(form),
            };
            super::projects::sheet_page(&state, &here, ctx, &code, forms).await
        }
        Err(e) => Err(e.into()),
    }
}
