//! What the project page shows of its indicator targets' two forms (set a
//! target, record an actual): the forms as posted, a refusal to show
//! again, who may use them, and their template context. The project page
//! (`projects.rs`) renders them; the handlers that take them are in
//! `targets.rs`, so the page and the handlers do not import each other.

use crate::auth::Ctx;
use serde::{Deserialize, Serialize};
use yesan_domain::access::Action;
use yesan_domain::project::Project;

/// The target form as posted (and shown again on a refusal).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TargetForm {
    #[serde(default)]
    pub(super) indicator: String,
    #[serde(default)]
    pub(super) target: String,
    #[serde(default)]
    pub(super) baseline: String,
    #[serde(default)]
    pub(super) q1: String,
    #[serde(default)]
    pub(super) q2: String,
    #[serde(default)]
    pub(super) q3: String,
    #[serde(default)]
    pub(super) q4: String,
    #[serde(default)]
    pub(super) direction: String,
    #[serde(default)]
    pub(super) output: Option<String>,
}

/// The actual form as posted (and shown again on a refusal).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct ActualForm {
    #[serde(default)]
    pub(super) indicator: String,
    #[serde(default)]
    pub(super) date: String,
    #[serde(default)]
    pub(super) value: String,
    #[serde(default)]
    pub(super) note: String,
}

/// A refusal as the page shows it: which form, which field, the message.
#[derive(Debug, Clone, Serialize)]
pub struct Refused {
    pub(super) form: &'static str,
    pub(super) field: &'static str,
    pub(super) message: String,
}

/// What the page's target forms show: the values posted, a refusal.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Forms {
    pub(super) target: Option<TargetForm>,
    pub(super) actual: Option<ActualForm>,
    pub(super) refused: Option<Refused>,
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
