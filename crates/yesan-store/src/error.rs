//! What can go wrong in the store, with enough structure for a caller to act
//! on it (say which record to fix, or tell the user to run `yesan init`)
//! and a message in Korean and in English ([`Localized`]), like the rest
//! of Yesan.

use yesan_domain::Finding;
use yesan_domain::message::{Lang, Localized, josa};
use yesan_domain::{bilingual_display, ko_en};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database refused or failed an operation.
    Database {
        /// What the store was doing, in English (e.g. `reading budget lines`).
        context: String,
        /// The driver's error.
        #[source]
        source: sqlx::Error,
    },
    /// The schema could not be brought up to date.
    Migration {
        /// The migrator's error.
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    /// The database holds no dataset yet.
    NotInitialized,
    /// `init` was asked to write over an existing dataset.
    AlreadyInitialized,
    /// The URL names a database Yesan cannot use.
    UnsupportedBackend {
        /// The URL's scheme as given (e.g. `mysql`).
        url_scheme: String,
    },
    /// The stored data breaks a rule of the domain. Each finding names the
    /// record and field, as the domain's validating constructors report it.
    Inconsistent(Vec<Finding>),
    /// Budget control refused entries; nothing was written.
    Refused(Vec<RowRefusal>),
    /// A record that was asked for does not exist.
    NotFound {
        /// What kind of record (`user`, `project`, …).
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// A record with this key already exists.
    Duplicate {
        /// What kind of record.
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// The record changed since the caller read it (someone else saved
    /// first); nothing was written, so nobody's change is silently lost.
    Stale {
        /// What kind of record.
        what: &'static str,
        /// Its key.
        key: String,
    },
    /// An account change that would leave the institution without an
    /// active administrator (the domain's rule); nothing was written.
    LastAdministrator(yesan_domain::access::LastAdministrator),
    /// A stored value cannot be read back at all (a malformed code, date or
    /// kind), so no domain value can even be built to check.
    Corrupt {
        /// The table.
        table: &'static str,
        /// The row's key (code, doc_no, position…), and the column.
        key: String,
        /// Why, in Korean then English.
        reason: String,
    },
    /// No institution has this code.
    NoSuchInstitution {
        /// The code asked for.
        code: String,
    },
    /// The institution has no record of this fiscal year.
    NoSuchYear {
        /// The institution's code.
        institution: String,
        /// The year asked for.
        year: i32,
    },
    /// An institution with this code exists already.
    InstitutionExists {
        /// The code.
        code: String,
    },
    /// The institution has this fiscal year already.
    YearExists {
        /// The institution's code.
        institution: String,
        /// The year.
        year: i32,
    },
    /// The fiscal year is closed (결산): nothing more is written into it.
    YearClosed {
        /// The institution's code.
        institution: String,
        /// The closed year.
        year: i32,
    },
    /// The database holds several institutions and the caller named none.
    AmbiguousInstitution {
        /// Every institution's code.
        codes: Vec<String>,
    },
    /// A draft budget (예산안) or a step of its approval refused by the
    /// domain's rules (nothing was written).
    Proposal(yesan_domain::proposal::ProposalError),
    /// A backup that restore refuses: malformed, of an unknown format or
    /// schema, cut short, altered, or with keys that name nothing. Nothing
    /// was written.
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

fn refusals(items: &[RowRefusal], lang: Lang) -> String {
    items
        .iter()
        .map(|r| format!("  {}: {}", r.doc_no, r.refusal.say(lang)))
        .collect::<Vec<_>>()
        .join("\n")
}

fn list(findings: &[Finding], lang: Lang) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "  - {} [{}]: {}",
                f.at.say(lang),
                f.at.field(),
                f.problem.say(lang)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A kind of record in `lang`.
fn what(what: &str, lang: Lang) -> &str {
    let ko = match what {
        "user" => "사용자",
        "project" => "사업",
        "staffing" => "인력 현황",
        "unit" => "부서",
        "institution" => "기관",
        _ => what,
    };
    lang.pick(ko, what)
}

impl Localized for StoreError {
    fn say(&self, lang: Lang) -> String {
        match self {
            StoreError::Database { context, source } => ko_en!(
                lang,
                "데이터베이스 오류({context}): {source}",
                "database error while {context}: {source}"
            ),
            StoreError::Migration { source } => ko_en!(
                lang,
                "스키마 마이그레이션에 실패했습니다: {source}",
                "schema migration failed: {source}"
            ),
            StoreError::NotInitialized => ko_en!(
                lang,
                "데이터베이스가 아직 초기화되지 않았습니다. 먼저 `yesan init`을 실행하세요",
                "the database is not initialized; run `yesan init` first"
            ),
            StoreError::AlreadyInitialized => ko_en!(
                lang,
                "데이터베이스에 이미 데이터가 있어 다시 초기화하지 않습니다",
                "the database already holds a dataset; refusing to initialize it again"
            ),
            StoreError::UnsupportedBackend { url_scheme } => ko_en!(
                lang,
                "'{url_scheme}' 데이터베이스는 지원하지 않습니다. 파일 경로, sqlite://… 또는 postgres://…를 쓰세요",
                "unsupported database '{url_scheme}': use a file path, sqlite://… or postgres://…"
            ),
            StoreError::Inconsistent(findings) => {
                let (n, list) = (findings.len(), list(findings, lang));
                ko_en!(
                    lang,
                    "저장된 데이터가 규칙에 맞지 않습니다({n}건):\n{list}",
                    "the stored data breaks {n} rule(s):\n{list}"
                )
            }
            StoreError::Refused(rows) => {
                let (n, list) = (rows.len(), refusals(rows, lang));
                ko_en!(
                    lang,
                    "예산 통제로 {n}건이 거부되어 아무것도 기록하지 않았습니다:\n{list}",
                    "budget control refused {n} entr(ies); nothing was recorded:\n{list}"
                )
            }
            StoreError::NotFound { what: w, key } => {
                let k = josa(&format!("'{key}'"), "이", "가");
                let w = what(w, lang);
                ko_en!(lang, "{w} {k} 없습니다", "no {w} '{key}'")
            }
            StoreError::Duplicate { what: w, key } => {
                let k = josa(&format!("'{key}'"), "이", "가");
                let w = what(w, lang);
                ko_en!(lang, "{w} {k} 이미 있습니다", "{w} '{key}' already exists")
            }
            StoreError::Stale { what: w, key } => {
                let wk = josa(what(w, Lang::Ko), "을", "를");
                let we = what(w, Lang::En);
                ko_en!(
                    lang,
                    "읽은 뒤에 다른 사람이 {wk} 바꿨습니다. 다시 열어 고치세요",
                    "the {we} was changed by someone else since you opened it ({key}); reload and edit again"
                )
            }
            StoreError::LastAdministrator(e) => e.say(lang),
            StoreError::Corrupt { table, key, reason } => ko_en!(
                lang,
                "저장된 값을 읽을 수 없습니다: {table} '{key}': {reason}",
                "cannot read a stored value in {table} '{key}': {reason}"
            ),
            StoreError::NoSuchInstitution { code } => {
                let c = josa(&format!("'{code}'"), "이", "가");
                ko_en!(lang, "기관 {c} 없습니다", "no institution '{code}'")
            }
            StoreError::NoSuchYear { institution, year } => ko_en!(
                lang,
                "기관 '{institution}'에는 {year} 회계연도 기록이 없습니다",
                "institution '{institution}' has no fiscal year {year}"
            ),
            StoreError::InstitutionExists { code } => {
                let c = josa(&format!("'{code}'"), "이", "가");
                ko_en!(
                    lang,
                    "기관 {c} 이미 있습니다",
                    "institution '{code}' already exists"
                )
            }
            StoreError::YearExists { institution, year } => ko_en!(
                lang,
                "기관 '{institution}'에는 {year} 회계연도가 이미 있습니다",
                "institution '{institution}' already has fiscal year {year}"
            ),
            StoreError::YearClosed { institution, year } => ko_en!(
                lang,
                "기관 '{institution}'의 {year} 회계연도는 결산으로 마감되어 더 기록할 수 없습니다",
                "fiscal year {year} of institution '{institution}' is closed: nothing more can be recorded in it"
            ),
            StoreError::AmbiguousInstitution { codes } => {
                let codes = codes.join(", ");
                ko_en!(
                    lang,
                    "기관이 여럿입니다({codes}). 기관 코드를 지정하세요(--institution)",
                    "the database holds several institutions ({codes}); name one (--institution)"
                )
            }
            StoreError::Proposal(e) => {
                use yesan_domain::Bilingual;
                lang.pick(e.ko(), e.en())
            }
            StoreError::BadBackup { line, reason } => ko_en!(
                lang,
                "백업을 복원하지 않았습니다(아무것도 쓰지 않음). {line}행: {reason}",
                "the backup was not restored (nothing was written): line {line}: {reason}"
            ),
        }
    }
}

bilingual_display!(StoreError);

impl StoreError {
    /// Wraps a driver error with what the store was doing.
    pub(crate) fn db(context: impl Into<String>) -> impl FnOnce(sqlx::Error) -> StoreError {
        let context = context.into();
        move |source| StoreError::Database { context, source }
    }
}

// Not `#[from]`: that would make the refusal the error's source too, and
// a chain of errors (anyhow's) would say it twice.
impl From<yesan_domain::access::LastAdministrator> for StoreError {
    fn from(e: yesan_domain::access::LastAdministrator) -> Self {
        StoreError::LastAdministrator(e)
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(source: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration { source }
    }
}
