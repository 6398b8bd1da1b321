//! One error type for every handler and its one conversion into a response:
//! a page for browsers, a JSON body for `/api/…`, with the status code that
//! says what happened. Store and domain errors are mapped here, so handlers
//! use `?` and never pick status codes themselves.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use yesan_domain::ko_en;
use yesan_domain::message::{Lang, Localized, Text, josa};
use yesan_store::StoreError;

/// A problem with one field of a form or one row of a file, said in both
/// languages until the page that shows it picks the reader's
/// ([`FieldError::shown`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field (or column) it concerns, as the form names it: for
    /// placing the message and marking the input, never shown.
    pub field: String,
    /// The field as the form labels it ("4급 정원", "금액"), when known.
    pub label: Option<Text>,
    /// What is wrong; it does not name the field.
    pub message: Text,
}

/// A [`FieldError`] in the reader's language, as templates and the API
/// show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownError {
    /// The form field (for placing the message; never shown).
    pub field: String,
    /// The field's label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// What is wrong.
    pub message: String,
}

impl FieldError {
    /// A problem of `field`, not yet labelled.
    pub fn new(field: impl Into<String>, message: Text) -> FieldError {
        FieldError {
            field: field.into(),
            label: None,
            message,
        }
    }

    /// In `lang`.
    pub fn shown(&self, lang: Lang) -> ShownError {
        ShownError {
            field: self.field.clone(),
            label: self.label.as_ref().map(|l| l.get(lang).to_owned()),
            message: self.message.get(lang).to_owned(),
        }
    }
}

/// `errors` in `lang`.
pub fn shown(errors: &[FieldError], lang: Lang) -> Vec<ShownError> {
    errors.iter().map(|e| e.shown(lang)).collect()
}

/// Why a request failed. Every message a person may read is kept in both
/// languages ([`Text`], or a typed error) and rendered in the reader's
/// when the response is made ([`AppError::public_message`]).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in.
    Unauthorized,
    /// Signed in, but the role may not do this.
    Forbidden,
    /// The CSRF token or the origin did not match.
    Csrf,
    /// Too many sign-in attempts.
    Throttled {
        /// Seconds until the next attempt is allowed.
        retry_after: u64,
    },
    /// No such record or page: what was looked for.
    NotFound(Text),
    /// The path names an institution the database does not hold.
    NoSuchInstitution(String),
    /// The request itself is malformed (a bad query parameter).
    BadRequest(Text),
    /// The request body (an uploaded file) is over the server's limit.
    TooLarge {
        /// The limit in bytes (`Config::max_upload`).
        limit: usize,
    },
    /// The input broke rules; every broken rule is listed by field.
    Invalid(Vec<FieldError>),
    /// Someone else changed the record first.
    Conflict(Text),
    /// The store failed.
    Store(StoreError),
    /// A bug (a template error, a missing extension).
    Internal(String),
}

impl Localized for AppError {
    fn say(&self, lang: Lang) -> String {
        match self {
            AppError::Unauthorized => ko_en!(lang, "로그인이 필요합니다", "sign-in required"),
            AppError::Forbidden => ko_en!(lang, "이 작업을 할 권한이 없습니다", "forbidden"),
            AppError::Csrf => ko_en!(
                lang,
                "요청을 확인할 수 없습니다. 페이지를 새로 고친 뒤 다시 시도하세요",
                "the request could not be verified; reload the page and try again"
            ),
            AppError::Throttled { .. } => ko_en!(
                lang,
                "로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요",
                "too many sign-in attempts; try again later"
            ),
            AppError::NotFound(what) => {
                let what = what.get(lang);
                ko_en!(lang, "찾을 수 없습니다: {what}", "not found: {what}")
            }
            AppError::NoSuchInstitution(code) => {
                let c = josa(&format!("'{code}'"), "을", "를");
                ko_en!(
                    lang,
                    "기관 {c} 찾을 수 없습니다",
                    "there is no institution '{code}'"
                )
            }
            AppError::BadRequest(why) | AppError::Conflict(why) => why.get(lang).to_owned(),
            AppError::TooLarge { limit } => {
                let limit = size(*limit);
                ko_en!(
                    lang,
                    "파일이 너무 큽니다. {limit}까지 올릴 수 있습니다",
                    "the file is too large: the limit is {limit}"
                )
            }
            AppError::Invalid(_) => ko_en!(
                lang,
                "입력을 받아들일 수 없습니다. 아무것도 기록하지 않았습니다",
                "the input was refused; nothing was recorded"
            ),
            AppError::Store(_) | AppError::Internal(_) => ko_en!(
                lang,
                "서버 오류가 났습니다. 관리자에게 알려 주세요",
                "server error; please tell the administrator"
            ),
        }
    }
}

impl std::fmt::Display for AppError {
    /// For the log: both languages, and the internal details.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::Store(e) => write!(f, "{e}"),
            AppError::Internal(e) => write!(f, "internal error: {e}"),
            other => f.write_str(&other.both()),
        }
    }
}

/// A field name as budget control's refusals give it, labelled as the
/// entry form labels it.
pub fn entry_field_label(field: &str) -> Option<Text> {
    let key = match field {
        "date" => "f.date",
        "doc_no" => "f.doc_no",
        "kind" => "f.kind",
        "line" => "f.line",
        "amount" => "f.amount",
        "ref" => "f.ref",
        "counterparty" => "f.counterparty",
        "memo" => "f.memo",
        _ => return None,
    };
    Some(crate::i18n::text(key))
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { .. } | StoreError::NoSuchYear { .. } => {
                AppError::NotFound(e.text())
            }
            StoreError::NoSuchInstitution { code } => AppError::NoSuchInstitution(code),
            StoreError::Duplicate { .. }
            | StoreError::Stale { .. }
            | StoreError::YearClosed { .. } => AppError::Conflict(e.text()),
            StoreError::Refused(rows) => AppError::Invalid(
                rows.iter()
                    .map(|r| FieldError {
                        field: r.refusal.field().to_owned(),
                        label: entry_field_label(r.refusal.field()),
                        message: r.refusal.text().map(|_, m| format!("{}: {m}", r.doc_no)),
                    })
                    .collect(),
            ),
            StoreError::Inconsistent(findings) => AppError::Invalid(
                findings
                    .iter()
                    .map(|f| FieldError {
                        field: f.at.field().to_owned(),
                        label: Some(f.at.text()),
                        message: f.problem.text(),
                    })
                    .collect(),
            ),
            other => AppError::Store(other),
        }
    }
}

impl From<yesan_app::Error> for AppError {
    fn from(e: yesan_app::Error) -> Self {
        match e {
            yesan_app::Error::Store(e) => e.into(),
            yesan_app::Error::Invalid(m) => AppError::BadRequest(m),
            yesan_app::Error::Proposal(p) => proposal_error(&p),
            e => AppError::Internal(e.to_string()),
        }
    }
}

/// A draft budget's refusal: no draft or version is a 404, a step the
/// draft's state does not allow a 409, a bad input a 400; never a 500.
fn proposal_error(p: &yesan_domain::proposal::ProposalError) -> AppError {
    use yesan_domain::Bilingual;
    use yesan_domain::proposal::ProposalError as P;
    let text = Text::new(p.ko(), p.en());
    match p {
        P::NoProposal { .. } | P::NoVersion { .. } => AppError::NotFound(text),
        P::Exists { .. }
        | P::Approved { .. }
        | P::Submitted { .. }
        | P::NotSubmitted { .. }
        | P::SameAuthor { .. }
        | P::YearHasBudget { .. }
        | P::MissingLine { .. } => AppError::Conflict(text),
        P::Stored { .. } => AppError::Internal(p.en()),
        P::Edit(_) | P::Budget(_) | P::BadText { .. } => AppError::BadRequest(text),
    }
}

/// A byte count as people read it: `64 MiB`, `512 KiB`.
fn size(bytes: usize) -> String {
    const MIB: usize = 1 << 20;
    if bytes >= MIB {
        let tenths = bytes.saturating_mul(10) / MIB;
        if tenths.is_multiple_of(10) {
            format!("{} MiB", tenths / 10)
        } else {
            format!("{}.{} MiB", tenths / 10, tenths % 10)
        }
    } else if bytes >= 1 << 10 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} B")
    }
}

impl AppError {
    /// A multipart body's error: over `limit` bytes is
    /// [`AppError::TooLarge`], anything else a bad request.
    pub fn from_multipart(e: &axum::extract::multipart::MultipartError, limit: usize) -> Self {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge { limit }
        } else {
            let why = e.body_text();
            AppError::BadRequest(yesan_domain::text!(
                "올린 파일을 읽을 수 없습니다: {why}",
                "cannot read the upload: {why}"
            ))
        }
    }
}

impl From<minijinja::Error> for AppError {
    fn from(e: minijinja::Error) -> Self {
        AppError::Internal(format!("template: {e:#}"))
    }
}

impl AppError {
    /// The status code.
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::NotFound(_) | AppError::NoSuchInstitution(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::Store(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A stable machine-readable code for the API.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::Throttled { .. } => "throttled",
            AppError::NotFound(_) | AppError::NoSuchInstitution(_) => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::TooLarge { .. } => "too_large",
            AppError::Invalid(_) => "invalid",
            AppError::Conflict(_) => "conflict",
            AppError::Store(_) | AppError::Internal(_) => "internal",
        }
    }

    /// The i18n key of the page title shown for this error.
    pub fn title_key(&self) -> &'static str {
        match self {
            AppError::Unauthorized => "e.unauthorized",
            AppError::Forbidden => "e.forbidden",
            AppError::Csrf => "e.csrf",
            AppError::Throttled { .. } => "login.throttled",
            AppError::NotFound(_) => "e.not_found",
            AppError::NoSuchInstitution(_) => "e.no_institution",
            AppError::TooLarge { .. } => "e.too_large",
            AppError::BadRequest(_) | AppError::Invalid(_) | AppError::Conflict(_) => {
                "e.bad_request"
            }
            AppError::Store(_) | AppError::Internal(_) => "e.internal",
        }
    }

    /// The field errors, if any.
    pub fn fields(&self) -> &[FieldError] {
        match self {
            AppError::Invalid(f) => f,
            _ => &[],
        }
    }

    /// The message shown to users, in `lang`: internal details stay in
    /// the log.
    pub fn public_message(&self, lang: Lang) -> String {
        self.say(lang)
    }

    /// The JSON body `{"error": {"code", "message", "fields"}}`, its
    /// messages in `lang`.
    pub fn json(&self, lang: Lang) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: Inner<'a>,
        }
        #[derive(Serialize)]
        struct Inner<'a> {
            code: &'a str,
            message: String,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            fields: Vec<ShownError>,
        }
        self.log();
        let mut res = (
            self.status(),
            axum::Json(Body {
                error: Inner {
                    code: self.code(),
                    message: self.public_message(lang),
                    fields: shown(self.fields(), lang),
                },
            }),
        )
            .into_response();
        self.add_headers(&mut res);
        res
    }

    fn log(&self) {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
    }

    fn add_headers(&self, res: &mut Response) {
        if let AppError::Throttled { retry_after } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
}

/// Marks a request as an API request, so errors answer in JSON.
#[derive(Debug, Clone, Copy)]
pub struct ApiRequest;

impl IntoResponse for AppError {
    /// Without a request at hand (a handler's `?`), the error becomes a
    /// response that the error-page layer recognises and renders as a page
    /// or as JSON depending on the request.
    fn into_response(self) -> Response {
        self.log();
        let mut res = self.status().into_response();
        self.add_headers(&mut res);
        res.extensions_mut().insert(std::sync::Arc::new(self));
        res
    }
}
