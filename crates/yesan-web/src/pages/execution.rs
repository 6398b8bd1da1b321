//! Execution: the ledger's entries with filters and paging, the finance
//! team's entry form, and file import with a preview.
//!
//! Every write goes through the store's `record`, i.e. through budget
//! control; a refusal comes back to the form next to the field it concerns.
//! An uploaded file is parsed and checked in full first, and the preview
//! lists every row with its problems; only a file without problems can be
//! confirmed, and confirming records the whole file or nothing.

use super::budget::entry_views;
use super::{render_page, see_other};
use crate::auth::{self, Ctx};
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::state::{AppState, PendingUpload};
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};
use yesan_app::import::{EntriesOutcome, Mode, Watch};
use yesan_app::record::Recorded;
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Localized};
use yesan_store::EntryFilter;

/// The list's filters, as query parameters.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ListQuery {
    /// Budget line (a parent means its leaves).
    #[serde(default)]
    pub line: Option<String>,
    /// Entry kind.
    #[serde(default)]
    pub kind: Option<String>,
    /// From this date.
    #[serde(default)]
    pub from: Option<String>,
    /// Up to this date.
    #[serde(default)]
    pub to: Option<String>,
    /// Counterparty contains.
    #[serde(default)]
    pub counterparty: Option<String>,
    /// Document number, memo or counterparty contains.
    #[serde(default)]
    pub q: Option<String>,
    /// Page cursor: older than this.
    #[serde(default)]
    pub before: Option<i64>,
    /// Page size.
    #[serde(default)]
    pub limit: Option<usize>,
}

impl ListQuery {
    /// The store's filter; a parent line means its leaves.
    ///
    /// # Errors
    /// [`AppError::BadRequest`] naming the parameter.
    pub fn filter(&self, budget: &yesan_domain::Budget) -> Result<EntryFilter, AppError> {
        let lines = match self
            .line
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => Vec::new(),
            Some(l) => {
                let label = crate::i18n::text("f.line");
                let code = LineCode::parse(l).map_err(|e| {
                    AppError::BadRequest(e.text().after(&label.map(|_, l| format!("{l}: "))))
                })?;
                if budget.line(&code).is_none() {
                    return Err(AppError::BadRequest(
                        yesan_domain::refusal::Refusal::UnknownLine { line: code }
                            .text()
                            .after(&label.map(|_, l| format!("{l}: "))),
                    ));
                }
                budget
                    .leaves_under(&code)
                    .into_iter()
                    .map(|l| l.code.clone())
                    .collect()
            }
        };
        let kind = match self
            .kind
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some(k) => Some(EntryKind::parse(k).ok_or_else(|| {
                let k = yesan_domain::text::quoted(k);
                let kj = yesan_domain::message::josa(&format!("'{k}'"), "은", "는");
                AppError::BadRequest(yesan_domain::text!(
                    "구분: {kj} 구분이 아닙니다",
                    "Kind: '{k}' is not a kind of entry"
                ))
            })?),
        };
        Ok(EntryFilter {
            lines,
            kind,
            from: super::parse_date_param("from", self.from.as_deref())?,
            to: super::parse_date_param("to", self.to.as_deref())?,
            counterparty: self.counterparty.clone(),
            text: self.q.clone(),
            before_seq: self.before,
            limit: self.limit.unwrap_or(50),
        })
    }

    fn next_link(&self, prefix: &str, before: i64) -> String {
        let mut q = ListQuery {
            before: Some(before),
            ..ListQuery::default()
        };
        q.line.clone_from(&self.line);
        q.kind.clone_from(&self.kind);
        q.from.clone_from(&self.from);
        q.to.clone_from(&self.to);
        q.counterparty.clone_from(&self.counterparty);
        q.q.clone_from(&self.q);
        q.limit = self.limit;
        format!(
            "{prefix}/execution?{}",
            serde_urlencoded::to_string(&q).unwrap_or_default()
        )
    }
}

fn line_options(b: &yesan_domain::Budget) -> Vec<(String, String)> {
    b.lines()
        .iter()
        .filter(|l| l.kind == yesan_domain::LineKind::Expenditure)
        .map(|l| {
            let depth = b.ancestors(&l.code).len();
            (
                l.code.to_string(),
                format!("{}{} {}", "· ".repeat(depth), l.code, l.name),
            )
        })
        .collect()
}

fn kinds() -> Vec<(&'static str, String)> {
    EntryKind::ALL
        .iter()
        .map(|k| (k.as_str(), format!("kind.{}", k.as_str())))
        .collect()
}

/// `GET /execution`.
pub async fn list(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let filter = q.filter(&d.budget)?;
    let page = here.store.entries_page(&filter).await?;
    render_page(
        &state,
        &ctx,
        "execution.html",
        "execution",
        minijinja::context! {
            q => q,
            lines => line_options(&d.budget),
            kinds => kinds(),
            entries => entry_views(&page.rows),
            next => page.next.map(|n| q.next_link(&here.prefix(), n)),
            first => q.before.is_some(),
        },
    )
}

/// The entry form's fields.
#[derive(Debug, Default, Deserialize, Serialize)]
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

async fn form_page(
    state: &AppState,
    here: &Here,
    ctx: &Ctx,
    form: &EntryForm,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let (_, d) = state.catalog(&here.store).await?;
    let leaves: Vec<(String, String)> = d
        .budget
        .leaves(yesan_domain::LineKind::Expenditure)
        .iter()
        .map(|l| (l.code.to_string(), format!("{} {}", l.code, l.name)))
        .collect();
    // A payment names the commitment it pays: offer the latest ones with
    // something left to pay, so that nobody has to look the number up.
    let open: Vec<(String, String, String, String)> = state
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
            )
        })
        .collect();
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
            errors => crate::error::shown(&crate::labels::entry().apply(errors.to_vec()), ctx.lang),
            error_fields => errors.iter().map(|e| e.field.clone()).collect::<Vec<_>>(),
        },
        !errors.is_empty(),
    )
}

/// `GET /execution/new`.
pub async fn form(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(prefill): Query<EntryForm>,
) -> Result<Response, AppError> {
    let mut f = prefill;
    if f.date.is_empty() {
        f.date = chrono::Local::now().date_naive().to_string();
    }
    if f.kind.is_empty() {
        f.kind = "commit".into();
    }
    form_page(&state, &here, &ctx, &f, &[]).await
}

/// `POST /execution/new`.
pub async fn record(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Form(form): Form<EntryForm>,
) -> Result<Response, AppError> {
    let entry = match form.entry() {
        Ok(e) => e,
        Err(errors) => return form_page(&state, &here, &ctx, &form, &errors).await,
    };
    // An entry belongs to the fiscal year of its date: a December payment
    // of 2023 recorded after 2024 was opened goes into 2023 (whose
    // budget control then decides), as long as the institution records
    // that year.
    let store = yesan_app::as_of::year_of_dates(&here.store, [entry.date]).await;
    match yesan_app::record::record(&store, std::slice::from_ref(&entry), &ctx.actor(), "web")
        .await?
    {
        Recorded::Done(_) => Ok(see_other(&format!(
            "{}/budget/lines/{}?as_of={}&recorded={}",
            here.prefix(),
            entry.line,
            entry.date,
            serde_urlencoded::to_string([("d", &entry.doc_no)])
                .map(|s| s.trim_start_matches("d=").to_owned())
                .unwrap_or_default()
        ))),
        Recorded::Refused(rows) => {
            let errors: Vec<FieldError> = rows
                .iter()
                .map(|r| FieldError::new(r.refusal.field(), r.refusal.text()))
                .collect();
            form_page(&state, &here, &ctx, &form, &errors).await
        }
    }
}

/// One previewed row.
#[derive(Debug, Serialize)]
struct PreviewRow {
    line_no: usize,
    date: String,
    doc_no: String,
    kind: String,
    line: String,
    amount: String,
    reference: String,
    counterparty: String,
    problems: Vec<String>,
}

/// What a file's preview (or its recording) found.
struct Preview {
    rows: Vec<PreviewRow>,
    entries: usize,
    problems: usize,
    file_error: Option<String>,
    done: Option<yesan_store::RecordOutcome>,
}

/// Collects the rows the import reads, for the preview.
#[derive(Default)]
struct Rows(Vec<PreviewRow>);

impl Watch for Rows {
    fn row(&mut self, line_no: usize, e: &Entry) {
        self.0.push(PreviewRow {
            line_no,
            date: e.date.to_string(),
            doc_no: e.doc_no.clone(),
            kind: e.kind.korean().to_owned(),
            line: e.line.to_string(),
            amount: yesan_domain::format::amount(e.amount.get()),
            reference: e.reference.clone().unwrap_or_default(),
            counterparty: e.counterparty.clone().unwrap_or_default(),
            problems: vec![],
        });
    }
}

/// Checks (or, with `Mode::Record`, records) the file the way
/// `yesan import entries` does, and lays its rows out with the problems
/// of each line.
async fn preview(
    here: &Here,
    name: &str,
    bytes: &Arc<Vec<u8>>,
    mode: Mode,
    lang: yesan_domain::Lang,
) -> Result<Preview, AppError> {
    let input = std::io::Cursor::new(yesan_app::import::Bytes(Arc::clone(bytes)));
    let total = bytes.len() as u64;
    let (import, Rows(mut rows)) =
        yesan_app::import::entries(&here.store, name, input, total, mode, Rows::default()).await?;
    let entries = rows.len();
    let (problems, done) = match import.outcome {
        EntriesOutcome::Unreadable(e) => {
            return Ok(Preview {
                rows: vec![],
                entries: 0,
                problems: 1,
                file_error: Some(e.say(lang)),
                done: None,
            });
        }
        EntriesOutcome::Refused(problems) => (problems, None),
        EntriesOutcome::Checked { .. } => (Vec::new(), None),
        EntriesOutcome::Recorded(o) => (Vec::new(), Some(o)),
    };
    for p in &problems {
        match rows.iter_mut().find(|r| r.line_no == p.line) {
            Some(r) => r.problems.push(p.say(lang)),
            // A row that could not be read as an entry at all.
            None => rows.push(PreviewRow {
                line_no: p.line,
                date: String::new(),
                doc_no: String::new(),
                kind: String::new(),
                line: String::new(),
                amount: String::new(),
                reference: String::new(),
                counterparty: String::new(),
                problems: vec![p.say(lang)],
            }),
        }
    }
    rows.sort_by_key(|r| r.line_no);
    Ok(Preview {
        rows,
        entries,
        problems: problems.len(),
        file_error: None,
        done,
    })
}

fn upload_page(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    p: &Preview,
    confirm: Option<&str>,
) -> Result<Response, AppError> {
    super::form_page(
        state,
        ctx,
        "upload.html",
        "execution",
        minijinja::context! {
            name => name,
            rows => p.rows,
            problems => p.problems,
            file_error => p.file_error,
            confirm => confirm,
            done => p.done.as_ref().map(|d| minijinja::context! { added => d.added, unchanged => d.unchanged }),
            count => p.entries,
        },
        p.problems > 0,
    )
}

const PENDING_FOR: Duration = Duration::from_secs(3600);

/// `POST /execution/upload` (multipart, field `file`).
pub async fn upload(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    // The body is limited by `Config::max_upload` (the router's
    // `DefaultBodyLimit`); going over it is a 413 page, not a parse error.
    let limit = state.config.max_upload;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::from_multipart(&e, limit))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload.csv").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::from_multipart(&e, limit))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Err(AppError::Invalid(crate::labels::entry().apply(vec![
            FieldError::new(
                "file",
                yesan_domain::Text::new("파일을 고르세요", "choose a file"),
            ),
        ])));
    };
    let bytes = Arc::new(bytes);
    let p = preview(&here, &name, &bytes, Mode::Check, ctx.lang).await?;
    let user = ctx
        .user
        .as_ref()
        .map(|u| format!("{}/{}", u.home, u.name))
        .unwrap_or_default();
    let id = if p.problems == 0 && p.entries > 0 {
        let id = auth::random_hex(16);
        let mut pending = state.uploads.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|_, u| u.at.elapsed() < PENDING_FOR);
        pending.insert(
            id.clone(),
            PendingUpload {
                user,
                scope: crate::state::scope_key(&here.store),
                name: name.clone(),
                bytes,
                at: Instant::now(),
            },
        );
        Some(id)
    } else {
        None
    };
    upload_page(&state, &ctx, &name, &p, id.as_deref())
}

/// `POST /execution/upload/{id}`: records a previewed file, all or nothing.
pub async fn confirm(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Path((_, id)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let user = ctx
        .user
        .as_ref()
        .map(|u| format!("{}/{}", u.home, u.name))
        .unwrap_or_default();
    let pending = state
        .uploads
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&id)
        .filter(|u| {
            u.user == user
                && u.scope == crate::state::scope_key(&here.store)
                && u.at.elapsed() < PENDING_FOR
        })
        .cloned()
        .ok_or_else(|| {
            AppError::NotFound(yesan_domain::Text::new(
                "미리 본 파일(한 시간이 지났거나 이미 기록했습니다)",
                "the previewed file (an hour has passed, or it was recorded)",
            ))
        })?;
    // Checked again as it is recorded: the ledger may have changed since
    // the preview.
    let mode = Mode::Record { actor: ctx.actor() };
    let p = preview(&here, &pending.name, &pending.bytes, mode, ctx.lang).await?;
    if p.done.is_some() {
        state
            .uploads
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&id);
    }
    upload_page(&state, &ctx, &pending.name, &p, None)
}
