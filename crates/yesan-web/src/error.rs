//! One error type for every handler and its one conversion into a response:
//! a page for browsers, a JSON body for `/api/…`, with the status code that
//! says what happened. Store and domain errors are mapped here, so handlers
//! use `?` and never pick status codes themselves.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use yesan_store::StoreError;

/// A problem with one field of a form or one row of a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The form field (or column) it concerns.
    pub field: String,
    /// Why, in Korean then English.
    pub message: String,
}

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Not signed in.
    #[error("로그인이 필요합니다 / sign-in required")]
    Unauthorized,
    /// Signed in, but the role may not do this.
    #[error("권한이 없습니다 / forbidden")]
    Forbidden,
    /// The CSRF token or the origin did not match.
    #[error("요청을 확인할 수 없습니다 / CSRF check failed")]
    Csrf,
    /// Too many sign-in attempts.
    #[error("로그인 시도가 너무 많습니다 / too many sign-in attempts")]
    Throttled {
        /// Seconds until the next attempt is allowed.
        retry_after: u64,
    },
    /// No such record or page.
    #[error("찾을 수 없습니다: {0} / not found: {0}")]
    NotFound(String),
    /// The path names an institution the database does not hold.
    #[error("기관 '{0}'을(를) 찾을 수 없습니다 / no institution '{0}'")]
    NoSuchInstitution(String),
    /// The request itself is malformed (a bad query parameter).
    #[error("잘못된 요청 / bad request: {0}")]
    BadRequest(String),
    /// The request body (an uploaded file) is over the server's limit.
    #[error(
        "파일이 너무 큽니다. {}까지 올릴 수 있습니다 / the file is too large: the limit is {}",
        size(*limit),
        size(*limit)
    )]
    TooLarge {
        /// The limit in bytes (`Config::max_upload`).
        limit: usize,
    },
    /// The input broke rules; every broken rule is listed by field.
    #[error("입력을 받아들일 수 없습니다 / the input was refused")]
    Invalid(Vec<FieldError>),
    /// Someone else changed the record first.
    #[error("{0}")]
    Conflict(String),
    /// The store failed.
    #[error(transparent)]
    Store(StoreError),
    /// A bug (a template error, a missing extension).
    #[error("내부 오류 / internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound { what, key } => AppError::NotFound(format!("{what} {key}")),
            StoreError::NoSuchInstitution { code } => AppError::NoSuchInstitution(code),
            StoreError::NoSuchYear { .. } => AppError::NotFound(e.to_string()),
            StoreError::Duplicate { .. }
            | StoreError::Stale { .. }
            | StoreError::YearClosed { .. } => AppError::Conflict(e.to_string()),
            StoreError::Refused(rows) => AppError::Invalid(
                rows.iter()
                    .map(|r| FieldError {
                        field: r.refusal.field().to_owned(),
                        message: format!("{}: {}", r.doc_no, r.refusal),
                    })
                    .collect(),
            ),
            StoreError::Inconsistent(findings) => AppError::Invalid(
                findings
                    .iter()
                    .map(|f| FieldError {
                        field: f.at.field().to_owned(),
                        message: f.to_string(),
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
            e => AppError::Internal(e.to_string()),
        }
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
            AppError::BadRequest(format!("upload: {}", e.body_text()))
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

    /// The message shown to users: internal details stay in the log.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Store(_) | AppError::Internal(_) => "서버 오류 / server error".to_owned(),
            other => other.to_string(),
        }
    }

    /// The JSON body `{"error": {"code", "message", "fields"}}`.
    pub fn json(&self) -> Response {
        #[derive(Serialize)]
        struct Body<'a> {
            error: Inner<'a>,
        }
        #[derive(Serialize)]
        struct Inner<'a> {
            code: &'a str,
            message: String,
            #[serde(skip_serializing_if = "<[_]>::is_empty")]
            fields: &'a [FieldError],
        }
        self.log();
        let mut res = (
            self.status(),
            axum::Json(Body {
                error: Inner {
                    code: self.code(),
                    message: self.public_message(),
                    fields: self.fields(),
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
