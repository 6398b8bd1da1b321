//! What can go wrong in the store, with enough structure for a caller to act
//! on it (say which record to fix, or tell the user to run `yesan init`)
//! and messages in Korean, then English, like the rest of Yesan.

use yesan_domain::Finding;

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed an operation.
    #[error("데이터베이스 오류 ({context}) / database error while {context}: {source}")]
    Database {
        /// What the store was doing, in English (e.g. `reading budget lines`).
        context: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date.
    #[error("스키마 마이그레이션 실패 / schema migration failed: {source}")]
    Migration {
        /// The migrator's error.
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// The database holds no dataset yet.
    #[error(
        "데이터베이스가 아직 초기화되지 않았습니다. 먼저 `yesan init`을 실행하세요 / the database is not initialized; run `yesan init` first"
    )]
    NotInitialized,
    /// `init` was asked to write over an existing dataset.
    #[error(
        "데이터베이스에 이미 데이터가 있습니다. 다시 초기화하지 않습니다 / the database already holds a dataset; refusing to initialize it again"
    )]
    AlreadyInitialized,
    /// The URL names a database Yesan cannot use.
    #[error(
        "지원하지 않는 데이터베이스 '{url_scheme}' / unsupported database '{url_scheme}': use a file path, sqlite://… or postgres://…"
    )]
    UnsupportedBackend {
        /// The URL's scheme as given (e.g. `mysql`).
        url_scheme: String,
    },
    /// The stored data breaks a rule of the domain. Each finding names the
    /// record and field, as the domain's validating constructors report it.
    #[error("저장된 데이터가 규칙에 맞지 않습니다 ({}건) / the stored data breaks {} rule(s):\n{}", .0.len(), .0.len(), list(.0))]
    Inconsistent(Vec<Finding>),
    /// Budget control refused entries; nothing was written.
    #[error("예산 통제로 {}건이 거부되어 아무것도 기록하지 않았습니다 / budget control refused {} entr(ies); nothing was recorded:\n{}", .0.len(), .0.len(), refusals(.0))]
    Refused(Vec<RowRefusal>),
    /// A record that was asked for does not exist.
    #[error("{what} '{key}'이(가) 없습니다 / no {what} '{key}'")]
    NotFound {
        /// What kind of record (`user`, `project`, …).
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// A record with this key already exists.
    #[error("{what} '{key}'이(가) 이미 있습니다 / {what} '{key}' already exists")]
    Duplicate {
        /// What kind of record.
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// The record changed since the caller read it (someone else saved
    /// first); nothing was written, so nobody's change is silently lost.
    #[error(
        "{what} '{key}'이(가) 그사이 다른 사람에 의해 바뀌었습니다. 다시 읽고 고치세요 / {what} '{key}' was changed by someone else meanwhile; reload and edit again"
    )]
    Stale {
        /// What kind of record.
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// An account change that would leave the institution without an
    /// active administrator (the domain's rule); nothing was written.
    #[error(transparent)]
    LastAdministrator(#[from] yesan_domain::access::LastAdministrator),
    /// A stored value cannot be read back at all (a malformed code, date or
    /// kind), so no domain value can even be built to check.
    #[error(
        "저장된 값을 읽을 수 없습니다: {table} '{key}' / cannot read a stored value in {table} '{key}': {reason}"
    )]
    Corrupt {
        /// The table.
        table: &'static str,
        /// The row's key (code, doc_no, position…), and the column.
        key: String,
        /// Why, in Korean then English.
        reason: String,
    },
    /// No institution has this code.
    #[error("기관 '{code}'이(가) 없습니다 / no institution '{code}'")]
    NoSuchInstitution {
        /// The code asked for.
        code: String,
    },
    /// The institution has no record of this fiscal year.
    #[error(
        "기관 '{institution}'에 {year}회계연도 기록이 없습니다 / institution '{institution}' has no fiscal year {year}"
    )]
    NoSuchYear {
        /// The institution's code.
        institution: String,
        /// The year asked for.
        year: i32,
    },
    /// An institution with this code exists already.
    #[error("기관 '{code}'이(가) 이미 있습니다 / institution '{code}' already exists")]
    InstitutionExists {
        /// The code.
        code: String,
    },
    /// The institution has this fiscal year already.
    #[error(
        "기관 '{institution}'에 {year}회계연도가 이미 있습니다 / institution '{institution}' already has fiscal year {year}"
    )]
    YearExists {
        /// The institution's code.
        institution: String,
        /// The year.
        year: i32,
    },
    /// The fiscal year is closed (결산): nothing more is written into it.
    #[error(
        "기관 '{institution}'의 {year}회계연도는 마감되어 더 기록할 수 없습니다 / fiscal year {year} of institution '{institution}' is closed: nothing more can be recorded in it"
    )]
    YearClosed {
        /// The institution's code.
        institution: String,
        /// The closed year.
        year: i32,
    },
    /// The database holds several institutions and the caller named none.
    #[error("기관이 여럿입니다({}). 기관 코드를 지정하세요 (--institution) / the database holds several institutions ({}); name one (--institution)", .codes.join(", "), .codes.join(", "))]
    AmbiguousInstitution {
        /// Every institution's code.
        codes: Vec<String>,
    },
    /// A backup that restore refuses: malformed, of an unknown format or
    /// schema, cut short, altered, or with keys that name nothing. Nothing
    /// was written.
    #[error(
        "백업을 복원하지 않았습니다(아무것도 쓰지 않음), {line}행: {reason} / the backup was not restored (nothing was written): line {line}: {reason}"
    )]
    BadBackup {
        /// The backup's line (1-based) where the problem shows.
        line: usize,
        /// Why, in Korean then English.
        reason: String,
    },
}

/// One entry refused by budget control.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowRefusal {
    /// The entry's index in what was submitted (0-based).
    pub index: usize,
    /// Its document number.
    pub doc_no: String,
    /// Why.
    pub refusal: yesan_domain::control::Refusal,
}

fn refusals(items: &[RowRefusal]) -> String {
    items
        .iter()
        .map(|r| format!("  {}: {}", r.doc_no, r.refusal))
        .collect::<Vec<_>>()
        .join("\n")
}

fn list(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("  - {f}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl StoreError {
    /// Wraps a driver error with what the store was doing.
    pub(crate) fn db(context: impl Into<String>) -> impl FnOnce(sqlx::Error) -> StoreError {
        let context = context.into();
        move |source| StoreError::Database { context, source }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(source: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration { source }
    }
}
