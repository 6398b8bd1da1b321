//! The finance team's entry form. It opens on a date the year takes
//! (today within the fiscal year, else the ledger's latest date), with no
//! budget line chosen (a default line would be a silent mis-posting), and
//! a 참조 decides the line of a payment or a cancellation. Amounts are
//! typed in 원 and shown in 천원 as typed, and an amount under 1,000원 is
//! asked about before it is recorded. `?correct=D-1` opens the correcting
//! entry of a recorded one, filled in. After recording, the reader returns
//! to where the form was opened from (the list of entries by default)
//! with a "기록했습니다" that says what the ledger now holds.
//!
//! Every write goes through budget control (`yesan_app::record`); a
//! refusal comes back to the form next to the field it concerns, labelled
//! as the form labels it.

use super::see_other;
use crate::auth::Ctx;
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use yesan_app::record::Recorded;
use yesan_domain::Localized;
use yesan_domain::execution::{Entry, EntryKind};

/// The entry form's fields.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct EntryForm {
    #[serde(default)]
    date: String,
    #[serde(default)]
    doc_no: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    line: String,
    #[serde(default)]
    amount: String,
    #[serde(default, rename = "ref")]
    reference: String,
    #[serde(default)]
    counterparty: String,
    #[serde(default)]
    memo: String,
    /// `1` once an amount under 1,000원 was confirmed.
    #[serde(default)]
    small: String,
    /// Where to return after recording (a path of this site).
    #[serde(default)]
    back: String,
    /// `GET` only: the recorded entry to open the correction of.
    #[serde(default, skip_serializing)]
    correct: String,
}

impl EntryForm {
    /// The entry, or every field that cannot be read.
    fn entry(&self) -> Result<Entry, Vec<FieldError>> {
        yesan_app::record::entry_from_text(&yesan_app::record::EntryText {
            date: &self.date,
            doc_no: &self.doc_no,
            kind: &self.kind,
            line: &self.line,
            amount: &self.amount,
            reference: &self.reference,
            counterparty: &self.counterparty,
            memo: &self.memo,
        })
        .map_err(|ps| {
            ps.into_iter()
                .map(|p| FieldError::new(p.field, p.message))
                .collect()
        })
    }

    /// The typed amount in 천원, exactly, when it reads as an amount.
    fn thousands(&self) -> Option<String> {
        yesan_app::record::thousands_as_typed(&self.amount)
    }
}

/// Decodes an entry form's body (`application/x-www-form-urlencoded`) into
/// the entry it describes, or every field that cannot be read; what the
/// entry handler does before budget control. Public for the fuzz target.
pub fn decode_entry_form(body: &[u8]) -> Result<Entry, Vec<FieldError>> {
    let form: EntryForm = serde_urlencoded::from_bytes(body).map_err(|e| {
        let e = yesan_domain::text::quoted(&e.to_string());
        vec![FieldError::new(
            "",
            yesan_domain::text!("양식을 읽을 수 없습니다({e})", "cannot read the form ({e})"),
        )]
    })?;
    form.entry()
}

/// How many open commitments the entry form offers for its reference.
const OPEN_OFFERED: usize = 200;

fn kinds() -> Vec<(&'static str, String)> {
    EntryKind::ALL
        .iter()
        .map(|k| (k.as_str(), format!("kind.{}", k.as_str())))
        .collect()
}

/// Where the form returns to: its `back` when it is a path of this
/// institution, else the list of entries.
fn back_of(here: &Here, form: &EntryForm) -> String {
    let list = format!("{}/execution", here.prefix());
    let back = crate::security::local_path(Some(&form.back));
    if back.starts_with(&format!("{}/", here.prefix())) {
        back
    } else {
        list
    }
}

/// What the form says besides refusals: an amount to confirm.
#[derive(Debug, Default, Serialize)]
struct Notice {
    /// The amount under 1,000원 to confirm, as typed in 원.
    small: Option<String>,
}

async fn form_page(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    form: &EntryForm,
    errors: &[FieldError],
    notice: Notice,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let leaves: Vec<(String, String)> = d
        .budget
        .leaves(yesan_domain::LineKind::Expenditure)
        .iter()
        .map(|l| (l.code.to_string(), format!("{} {}", l.code, l.name)))
        .collect();
    // A payment names the commitment it pays: offer the latest ones with
    // something left to pay, so that nobody has to look the number up;
    // each carries its line, which the page's script fills in.
    let open: Vec<(String, String, String, String, String)> = here
        .store
        .open_commitments(OPEN_OFFERED)
        .await?
        .into_iter()
        .map(|o| {
            let line = d
                .budget
                .line(&o.line)
                .map_or_else(|| o.line.to_string(), |l| format!("{} {}", l.code, l.name));
            (
                o.doc_no,
                format!("{} · {line}", o.date),
                o.counterparty.unwrap_or_default(),
                yesan_domain::format::amount(o.unpaid.get()),
                o.line.to_string(),
            )
        })
        .collect();
    let confirm = notice.small.is_some();
    super::form_page(
        state,
        ctx,
        "entry_form.html",
        "execution",
        minijinja::context! {
            form => form,
            lines => leaves,
            open => open,
            kinds => kinds(),
            thousands => form.thousands(),
            small => notice.small,
            back => back_of(here, form),
            errors => crate::error::shown(&crate::labels::entry().apply(errors.to_vec()), ctx.lang),
            error_fields => errors.iter().map(|e| e.field.clone()).collect::<Vec<_>>(),
        },
        !errors.is_empty() || confirm,
    )
}

/// `GET /execution/new`: the form with its defaults, or filled in from the
/// query (`?line=E3.2.3`, `?correct=D-1`, …).
pub async fn form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(prefill): Query<EntryForm>,
) -> Result<Response, AppError> {
    let mut f = prefill;
    if !f.correct.trim().is_empty() {
        let Some(c) = yesan_app::record::correction(&here.store, &f.correct).await? else {
            let doc = yesan_domain::text::quoted(f.correct.trim());
            return Err(AppError::NotFound(yesan_domain::text!(
                "취소할 수 있는 결의 {doc}(원인행위나 지출)",
                "an entry {doc} that can be cancelled (a commitment or a disbursement)"
            )));
        };
        f = EntryForm {
            doc_no: c.doc_no,
            kind: c.kind,
            line: c.line,
            amount: c
                .amount
                .map(yesan_domain::format::amount)
                .unwrap_or_default(),
            reference: c.reference.unwrap_or_default(),
            counterparty: c.counterparty.unwrap_or_default(),
            memo: c.memo.unwrap_or_default(),
            back: f.back,
            ..EntryForm::default()
        };
    }
    if f.date.is_empty() {
        f.date = yesan_app::record::entry_date(&here.store, yesan_app::as_of::today())
            .await?
            .to_string();
    }
    if f.kind.is_empty() {
        f.kind = "commit".into();
    }
    form_page(&state, &here, &ctx, &f, &[], Notice::default()).await
}

/// `POST /execution/new`.
pub async fn record(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(mut form): Form<EntryForm>,
) -> Result<Response, AppError> {
    // A payment or a cancellation goes on the line of what it refers to:
    // the 참조 decides the line, whatever was chosen.
    if let Some(line) = yesan_app::record::reference_line(&here.store, &form.reference).await? {
        form.line = line.to_string();
    }
    let entry = match form.entry() {
        Ok(e) => e,
        Err(errors) => {
            return form_page(&state, &here, &ctx, &form, &errors, Notice::default()).await;
        }
    };
    if yesan_app::record::needs_confirmation(&entry) && form.small != "1" {
        let notice = Notice {
            small: Some(yesan_domain::format::amount(entry.amount.get())),
        };
        return form_page(&state, &here, &ctx, &form, &[], notice).await;
    }
    // An entry belongs to the fiscal year of its date: a December payment
    // of 2023 recorded after 2024 was opened goes into 2023 (whose
    // budget control then decides), as long as the institution records
    // that year.
    let store = yesan_app::as_of::year_of_dates(&here.store, [entry.date]).await;
    match yesan_app::record::record(&store, std::slice::from_ref(&entry), &ctx.actor(), "web")
        .await?
    {
        Recorded::Done(_) => {
            let back = super::flash::with_param(&back_of(&here, &form), "recorded", &entry.doc_no);
            // The year of the entry, when it is not the one shown.
            let back = if store.fiscal_year() == here.year {
                back
            } else {
                super::flash::with_param(&back, "as_of", &entry.date.to_string())
            };
            Ok(see_other(&back))
        }
        Recorded::Refused(rows) => {
            let errors: Vec<FieldError> = rows
                .iter()
                .map(|r| FieldError::new(r.refusal.field(), r.refusal.text()))
                .collect();
            form_page(&state, &here, &ctx, &form, &errors, Notice::default()).await
        }
    }
}
