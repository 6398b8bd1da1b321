//! The project page's indicator targets: the two forms a planner or the
//! project's team editor uses — set an indicator's target for the year,
//! record a dated actual — and what the page shows of them beside the
//! sheet's own 성과지표 table (which the report computes). Each form
//! calls one `yesan_app::indicators` use case; a refusal is shown on the
//! project page in the reader's language, the typed values kept, and
//! nothing is written.

use super::see_other;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::i18n::t;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use yesan_app::indicators::{ActualText, TargetText};
use yesan_domain::Localized;
use yesan_domain::access::Action;
use yesan_domain::project::Project;

/// The target form as posted (and shown again on a refusal).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TargetForm {
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    target: String,
    #[serde(default)]
    baseline: String,
    #[serde(default)]
    q1: String,
    #[serde(default)]
    q2: String,
    #[serde(default)]
    q3: String,
    #[serde(default)]
    q4: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    output: Option<String>,
}

/// The actual form as posted (and shown again on a refusal).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ActualForm {
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    value: String,
    #[serde(default)]
    note: String,
}

/// A refusal as the page shows it: which form, which field, the message.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    form: &'static str,
    field: &'static str,
    message: String,
}

/// What the page's target forms show: the values posted, a refusal.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Forms {
    target: Option<TargetForm>,
    actual: Option<ActualForm>,
    refused: Option<Refused>,
}

impl Forms {
    /// Whether the page shows a refusal (answered with 422).
    pub fn is_refused(&self) -> bool {
        self.refused.is_some()
    }
}

/// Whether `ctx` may set targets of `p` (a planner, or its team's editor).
pub fn may(ctx: &Ctx, p: &Project) -> bool {
    ctx.may(&Action::EditProject {
        team: p.team.clone(),
    })
}

/// The flash after a recorded form.
pub fn recorded(code: &str, lang: crate::i18n::Lang) -> String {
    yesan_domain::ko_en!(
        lang,
        "저장했습니다: 사업 {code}의 성과지표 목표·실적",
        "Saved: project {code}'s indicator targets and actuals"
    )
}

/// The page's data for the forms: the project's indicators, the labels of
/// the progress states, what was posted.
pub fn context(
    ctx: &Ctx,
    p: &Project,
    as_of: chrono::NaiveDate,
    forms: &Forms,
) -> minijinja::Value {
    let indicators: Vec<_> = p
        .indicators
        .iter()
        .map(|i| minijinja::context! { id => i.id, name => i.name, unit => i.unit })
        .collect();
    minijinja::context! {
        may => may(ctx, p),
        indicators => indicators,
        target => forms.target.clone().unwrap_or_else(|| TargetForm {
            direction: "higher".into(),
            ..TargetForm::default()
        }),
        actual => forms.actual.clone().unwrap_or_else(|| ActualForm {
            date: as_of.to_string(),
            ..ActualForm::default()
        }),
        refused => forms.refused,
    }
}

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
