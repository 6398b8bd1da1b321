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
use crate::state::{AppState, PendingUpload};
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{LineCode, Won, text};
use yesan_store::{EntryFilter, StoreError};

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
                let code =
                    LineCode::parse(l).map_err(|e| AppError::BadRequest(format!("line: {e}")))?;
                if budget.line(&code).is_none() {
                    return Err(AppError::BadRequest(format!(
                        "line: 없는 예산과목 / unknown budget line {code}"
                    )));
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
                AppError::BadRequest(format!("kind: 알 수 없는 구분 / unknown kind '{k}'"))
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

    fn next_link(&self, before: i64) -> String {
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
            "/execution?{}",
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
    [
        EntryKind::Commit,
        EntryKind::Disburse,
        EntryKind::CommitCancel,
        EntryKind::DisburseCancel,
    ]
    .iter()
    .map(|k| (k.as_str(), format!("kind.{}", k.as_str())))
    .collect()
}

/// `GET /execution`.
pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Result<Response, AppError> {
    let (_, d) = state.catalog().await?;
    let filter = q.filter(&d.budget)?;
    let page = state.store.entries_page(&filter).await?;
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
            next => page.next.map(|n| q.next_link(n)),
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

fn opt(s: &str) -> Option<String> {
    Some(s.trim().to_owned()).filter(|s| !s.is_empty())
}

impl EntryForm {
    /// The entry, or every field that cannot be read.
    fn entry(&self) -> Result<Entry, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut err = |field: &str, message: String| {
            errors.push(FieldError {
                field: field.to_owned(),
                message,
            });
        };
        let date = yesan_import::value::parse_date(&self.date)
            .map_err(|e| err("date", e.to_string()))
            .ok();
        if self.doc_no.trim().is_empty() {
            err(
                "doc_no",
                "결의번호를 적으세요 / enter a document number".into(),
            );
        }
        // Free text: no control characters, bounded length.
        for (field, value, check) in [
            ("doc_no", &self.doc_no, text::check_doc_no as fn(&str) -> _),
            ("ref", &self.reference, text::check_doc_no),
            ("counterparty", &self.counterparty, text::check_free_text),
            ("memo", &self.memo, text::check_free_text),
        ] {
            if let Err(e) = check(value.trim()) {
                err(field, e.to_string());
            }
        }
        let kind = EntryKind::parse(self.kind.trim());
        if kind.is_none() {
            err("kind", "구분을 고르세요 / choose a kind".into());
        }
        let line = LineCode::parse(&self.line)
            .map_err(|e| err("line", e.to_string()))
            .ok();
        let amount = match yesan_import::value::parse_amount(&self.amount) {
            Ok(a) if a > 0 => Some(Won::new(a)),
            Ok(_) => {
                err(
                    "amount",
                    "금액은 0보다 커야 합니다 / the amount must be positive".into(),
                );
                None
            }
            Err(e) => {
                err("amount", e.to_string());
                None
            }
        };
        match (date, kind, line, amount) {
            (Some(date), Some(kind), Some(line), Some(amount)) if errors.is_empty() => Ok(Entry {
                doc_no: self.doc_no.trim().to_owned(),
                date,
                kind,
                line,
                amount,
                reference: opt(&self.reference),
                counterparty: opt(&self.counterparty),
                memo: opt(&self.memo),
            }),
            _ => Err(errors),
        }
    }
}

/// Decodes an entry form's body (`application/x-www-form-urlencoded`) into
/// the entry it describes, or every field that cannot be read; what the
/// entry handler does before budget control. Public for the fuzz target.
pub fn decode_entry_form(body: &[u8]) -> Result<Entry, Vec<FieldError>> {
    let form: EntryForm = serde_urlencoded::from_bytes(body).map_err(|e| {
        vec![FieldError {
            field: String::new(),
            message: format!("양식을 읽을 수 없습니다 / cannot read the form: {e}"),
        }]
    })?;
    form.entry()
}

/// How many open commitments the entry form offers for its reference.
const OPEN_OFFERED: usize = 200;

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    form: &EntryForm,
    errors: &[FieldError],
) -> Result<Response, AppError> {
    let (_, d) = state.catalog().await?;
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
            errors => errors,
            error_fields => errors.iter().map(|e| e.field.clone()).collect::<Vec<_>>(),
        },
        !errors.is_empty(),
    )
}

/// `GET /execution/new`.
pub async fn form(
    State(state): State<AppState>,
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
    form_page(&state, &ctx, &f, &[]).await
}

/// `POST /execution/new`.
pub async fn record(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<EntryForm>,
) -> Result<Response, AppError> {
    let entry = match form.entry() {
        Ok(e) => e,
        Err(errors) => return form_page(&state, &ctx, &form, &errors).await,
    };
    match state
        .store
        .record(std::slice::from_ref(&entry), &ctx.actor(), "web")
        .await
    {
        Ok(_) => Ok(see_other(&format!(
            "/budget/lines/{}?as_of={}&recorded={}",
            entry.line,
            entry.date,
            serde_urlencoded::to_string([("d", &entry.doc_no)])
                .map(|s| s.trim_start_matches("d=").to_owned())
                .unwrap_or_default()
        ))),
        Err(StoreError::Refused(rows)) => {
            let errors: Vec<FieldError> = rows
                .iter()
                .map(|r| FieldError {
                    field: r.refusal.field().to_owned(),
                    message: r.refusal.to_string(),
                })
                .collect();
            form_page(&state, &ctx, &form, &errors).await
        }
        Err(e) => Err(e.into()),
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

/// What a file's preview found.
struct Preview {
    rows: Vec<PreviewRow>,
    entries: Vec<Entry>,
    problems: usize,
    file_error: Option<String>,
}

async fn preview(state: &AppState, name: &str, bytes: &[u8]) -> Result<Preview, AppError> {
    let reader = match yesan_import::EntryReader::new(name, bytes) {
        Ok(r) => r,
        Err(e) => {
            return Ok(Preview {
                rows: vec![],
                entries: vec![],
                problems: 1,
                file_error: Some(e.to_string()),
            });
        }
    };
    let (mut rows, mut entries, mut index_of) = (Vec::new(), Vec::new(), Vec::new());
    let mut problems = 0;
    for r in reader {
        match r {
            Ok((line_no, e)) => {
                index_of.push(rows.len());
                rows.push(PreviewRow {
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
                entries.push(e);
            }
            Err(errs) => {
                problems += errs.len();
                rows.push(PreviewRow {
                    line_no: errs.first().map_or(0, |e| e.line),
                    date: String::new(),
                    doc_no: String::new(),
                    kind: String::new(),
                    line: String::new(),
                    amount: String::new(),
                    reference: String::new(),
                    counterparty: String::new(),
                    problems: errs.iter().map(ToString::to_string).collect(),
                });
            }
        }
    }
    for r in state.store.check_entries(&entries).await? {
        if let Some(row) = index_of.get(r.index).and_then(|&i| rows.get_mut(i)) {
            row.problems
                .push(format!("[{}] {}", r.refusal.field(), r.refusal));
            problems += 1;
        }
    }
    Ok(Preview {
        rows,
        entries,
        problems,
        file_error: None,
    })
}

fn upload_page(
    state: &AppState,
    ctx: &Ctx,
    name: &str,
    p: &Preview,
    confirm: Option<&str>,
    done: Option<&yesan_store::RecordOutcome>,
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
            done => done.map(|d| minijinja::context! { added => d.added, unchanged => d.unchanged }),
            count => p.entries.len(),
        },
        p.problems > 0,
    )
}

const PENDING_FOR: Duration = Duration::from_secs(3600);

/// `POST /execution/upload` (multipart, field `file`).
pub async fn upload(
    State(state): State<AppState>,
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
        return Err(AppError::Invalid(vec![FieldError {
            field: "file".into(),
            message: "파일을 고르세요 / choose a file".into(),
        }]));
    };
    let p = preview(&state, &name, &bytes).await?;
    let user = ctx
        .user
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let id = if p.problems == 0 && !p.entries.is_empty() {
        let id = auth::random_hex(16);
        let mut pending = state.uploads.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|_, u| u.at.elapsed() < PENDING_FOR);
        pending.insert(
            id.clone(),
            PendingUpload {
                user,
                name: name.clone(),
                bytes: Arc::new(bytes),
                at: Instant::now(),
            },
        );
        Some(id)
    } else {
        None
    };
    upload_page(&state, &ctx, &name, &p, id.as_deref(), None)
}

/// `POST /execution/upload/{id}`: records a previewed file, all or nothing.
pub async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let user = ctx
        .user
        .as_ref()
        .map(|u| u.name.clone())
        .unwrap_or_default();
    let pending = state
        .uploads
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&id)
        .filter(|u| u.user == user && u.at.elapsed() < PENDING_FOR)
        .cloned()
        .ok_or_else(|| AppError::NotFound(format!("upload {id}")))?;
    // Checked again: the ledger may have changed since the preview.
    let p = preview(&state, &pending.name, &pending.bytes).await?;
    if p.problems > 0 {
        return upload_page(&state, &ctx, &pending.name, &p, None, None);
    }
    match state
        .store
        .record(&p.entries, &ctx.actor(), &pending.name)
        .await
    {
        Ok(outcome) => {
            state
                .uploads
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(&id);
            upload_page(&state, &ctx, &pending.name, &p, None, Some(&outcome))
        }
        Err(StoreError::Refused(_)) => {
            let p = preview(&state, &pending.name, &pending.bytes).await?;
            upload_page(&state, &ctx, &pending.name, &p, None, None)
        }
        Err(e) => Err(e.into()),
    }
}
