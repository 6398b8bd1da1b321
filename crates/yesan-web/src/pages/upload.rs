//! The finance team's file import: an uploaded CSV or XLSX is read and
//! checked in full first (the same way `yesan import entries` reads it),
//! and the preview shows every row with every column, its problems, the
//! rows the ledger holds already (the same 결의번호 and content, which
//! recording skips), and the file's totals by kind. Only a file without
//! problems can be confirmed, and confirming records the whole file or
//! nothing. The form's CSRF token travels in the form, never in the
//! address.

use crate::auth::{self, Ctx};
use crate::error::{AppError, FieldError};
use crate::here::Here;
use crate::state::{AppState, PendingUpload};
use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use serde::Serialize;
use std::sync::{Arc, PoisonError};
use std::time::{Duration, Instant};
use yesan_app::import::{EntriesOutcome, Mode, Watch};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::{Lang, Localized, Won};

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
    memo: String,
    /// The ledger holds this row already: recording skips it.
    recorded: bool,
    problems: Vec<String>,
}

/// What a file's preview (or its recording) found.
struct Preview {
    rows: Vec<PreviewRow>,
    entries: usize,
    /// Rows the ledger holds already.
    recorded: usize,
    problems: usize,
    file_error: Option<String>,
    warnings: Vec<String>,
    /// Per kind: (i18n key, rows, amount in won).
    totals: Vec<(String, usize, String)>,
    done: Option<yesan_store::RecordOutcome>,
}

/// Collects the rows the import reads, for the preview, and adds them up
/// by kind.
#[derive(Default)]
struct Rows {
    rows: Vec<PreviewRow>,
    totals: Vec<(EntryKind, usize, Won)>,
}

impl Watch for Rows {
    fn row(&mut self, line_no: usize, e: &Entry) {
        match self.totals.iter_mut().find(|(k, ..)| *k == e.kind) {
            Some((_, n, w)) => {
                *n += 1;
                *w += e.amount;
            }
            None => self.totals.push((e.kind, 1, e.amount)),
        }
        self.rows.push(PreviewRow {
            line_no,
            date: e.date.to_string(),
            doc_no: e.doc_no.clone(),
            kind: format!("kind.{}", e.kind.as_str()),
            line: e.line.to_string(),
            amount: yesan_domain::format::amount(e.amount.get()),
            reference: e.reference.clone().unwrap_or_default(),
            counterparty: e.counterparty.clone().unwrap_or_default(),
            memo: e.memo.clone().unwrap_or_default(),
            recorded: false,
            problems: vec![],
        });
    }
}

/// Checks (or, with `Mode::Record`, records) the file the way
/// `yesan import entries` does, and lays its rows out with the problems
/// of each line, in `lang`.
async fn preview(
    here: &Here,
    name: &str,
    bytes: &Arc<Vec<u8>>,
    mode: Mode,
    lang: Lang,
) -> Result<Preview, AppError> {
    let input = std::io::Cursor::new(yesan_app::import::Bytes(Arc::clone(bytes)));
    let total = bytes.len() as u64;
    let (import, Rows { mut rows, totals }) =
        yesan_app::import::entries(&here.store, name, input, total, mode, Rows::default()).await?;
    let entries = rows.len();
    let warnings = import.warnings.iter().map(|w| w.say(lang)).collect();
    let totals = EntryKind::ALL
        .iter()
        .filter_map(|k| totals.iter().find(|(t, ..)| t == k))
        .map(|(k, n, w)| {
            (
                format!("kind.{}", k.as_str()),
                *n,
                yesan_domain::format::amount(w.get()),
            )
        })
        .collect();
    let (problems, done, recorded) = match import.outcome {
        EntriesOutcome::Unreadable(e) => {
            return Ok(Preview {
                rows: vec![],
                entries: 0,
                recorded: 0,
                problems: 1,
                file_error: Some(e.say(lang)),
                warnings,
                totals: vec![],
                done: None,
            });
        }
        EntriesOutcome::Refused(problems) => (problems, None, Vec::new()),
        EntriesOutcome::Checked { recorded, .. } => (Vec::new(), None, recorded),
        EntriesOutcome::Recorded(o) => (Vec::new(), Some(o), Vec::new()),
    };
    for r in &mut rows {
        r.recorded = recorded.contains(&r.line_no);
    }
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
                memo: String::new(),
                recorded: false,
                problems: vec![p.say(lang)],
            }),
        }
    }
    rows.sort_by_key(|r| r.line_no);
    Ok(Preview {
        rows,
        entries,
        recorded: recorded.len(),
        problems: problems.len(),
        file_error: None,
        warnings,
        totals,
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
            warnings => p.warnings,
            totals => p.totals,
            confirm => confirm,
            done => p.done.as_ref().map(|d| minijinja::context! { added => d.added, unchanged => d.unchanged }),
            count => p.entries,
            recorded => p.recorded,
            new => p.entries - p.recorded.min(p.entries),
        },
        p.problems > 0,
    )
}

const PENDING_FOR: Duration = Duration::from_secs(3600);

/// `POST /execution/upload` (multipart: `_csrf`, then `file`).
pub async fn upload(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    let (name, bytes) = file_field(&mut multipart, state.config.max_upload, "upload.csv").await?;
    let bytes = Arc::new(bytes);
    let p = preview(&here, &name, &bytes, Mode::Check, ctx.lang).await?;
    let user = ctx
        .user
        .as_ref()
        .map(|u| format!("{}/{}", u.home, u.name))
        .unwrap_or_default();
    // Something to record: no problem, and a row the ledger lacks.
    let id = if p.problems == 0 && p.entries > p.recorded {
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

/// The form's `file` field (name and bytes) of an upload form, the other
/// fields (the CSRF token) passed over; a missing or empty file is the
/// form's error on that field. The body is limited by
/// `Config::max_upload` (`limit`, the router's `DefaultBodyLimit`): going
/// over it is a 413 page, not a parse error. `default_name` names a file
/// the browser sent without one.
pub(crate) async fn file_field(
    multipart: &mut Multipart,
    limit: usize,
    default_name: &str,
) -> Result<(String, Vec<u8>), AppError> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| AppError::from_multipart(&e, limit))?
    {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or(default_name).to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|e| AppError::from_multipart(&e, limit))?;
            file = Some((name, bytes.to_vec()));
        }
    }
    file.filter(|(_, b)| !b.is_empty()).ok_or_else(|| {
        AppError::Invalid(crate::labels::entry().apply(vec![FieldError::new(
            "file",
            yesan_domain::Text::new("파일을 고르세요", "choose a file"),
        )]))
    })
}
