//! What can go wrong in a use case that is not a refusal of the input (a
//! refusal is an outcome, returned as data, so each front end can show it
//! where it belongs).

use yesan_store::StoreError;

/// A use case failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed (or refused, for the calls whose refusals are
    /// not mapped to rows here).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The built-in dataset did not parse (a bug).
    #[error("내장 데이터셋 / the built-in dataset: {0}")]
    DefaultDataset(String),
    /// Rendering a report or an export failed (a bug: templates and
    /// layouts are compiled in).
    #[error("보고서 생성 / rendering the report: {0}")]
    Render(String),
    /// The file reader thread stopped without an answer.
    #[error("파일 읽기 실패 / the file reader failed")]
    Reader,
    /// The prior-year column cannot be computed from the year before.
    #[error("전년도 대비 / the prior year: {}", list(.0))]
    Priors(Vec<yesan_domain::prior::PriorError>),
    /// A year opening or closing refused.
    #[error(transparent)]
    Year(#[from] yesan_domain::year::YearError),
    /// A line mapping that cannot be recorded (nothing was written).
    #[error(transparent)]
    Mapping(#[from] crate::mappings::MappingError),
    /// A role grant the rules refuse (nothing was written).
    #[error(transparent)]
    Role(#[from] crate::roles::RoleError),
    /// An account name that cannot be used (nothing was written).
    #[error(transparent)]
    Name(#[from] crate::accounts::NameError),
    /// An indicator target or actual that cannot be recorded (nothing
    /// was written).
    #[error(transparent)]
    Indicator(crate::indicators::IndicatorError),
    /// A draft budget (예산안) refused (nothing was written).
    #[error(transparent)]
    Proposal(#[from] yesan_domain::proposal::ProposalError),
    /// A flat budget export refused, every problem by row and cell
    /// (nothing was written).
    #[error(transparent)]
    Flat(yesan_import::ImportError),
    /// An argument outside what the use case accepts, said in both
    /// languages.
    #[error("{0}")]
    Invalid(yesan_domain::Text),
}

fn list(errors: &[yesan_domain::prior::PriorError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
