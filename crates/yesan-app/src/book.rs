//! The 예산서 of a recorded year (`yesan budget book`, the reports page's
//! download) and its economic classification view (`yesan budget
//! economic`, `/i/{inst}/budget/economic`): the year's budget as of its
//! last day or a given date, its 산출기초 (`Store::basis`) and the
//! institution's rounding rule (`Store::policy`), handed to
//! `yesan_report::book` and `yesan-publish` as one [`BookParts`]. A draft
//! version goes through the same [`render`] with parts of its own.

use crate::Error;
use crate::publish::ReportFormat;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use yesan_domain::basis::{BasisItem, Rounding};
use yesan_domain::budget::Budget;
use yesan_domain::code::LineCode;
use yesan_report::book::{BookInput, EconomicView};
use yesan_store::Store;

/// What a 예산서 is made of, owned.
#[derive(Debug, Clone)]
pub struct BookParts {
    /// The institution's name.
    pub institution: String,
    /// The budget (a recorded year's on `date`, or a draft's).
    pub budget: Budget,
    /// Its 산출기초 by line.
    pub basis: BTreeMap<LineCode, Vec<BasisItem>>,
    /// The institution's rule.
    pub rounding: Rounding,
    /// `2023.12.31. 현재 예산`, `2차 예산안`.
    pub edition: String,
    /// The document's date.
    pub date: NaiveDate,
}

impl BookParts {
    /// The parts as the report's input.
    pub fn input(&self) -> BookInput<'_> {
        BookInput {
            institution: &self.institution,
            budget: &self.budget,
            basis: &self.basis,
            rounding: self.rounding,
            edition: &self.edition,
            date: self.date,
        }
    }
}

/// The date a year's 예산서 is read on: `as_of`, else the year's last day
/// (`year`, else the store's current year).
///
/// # Errors
/// The store's; [`Error::Invalid`] for a date outside the year asked for.
async fn date_of(
    store: &Store,
    year: Option<i32>,
    as_of: Option<NaiveDate>,
) -> Result<NaiveDate, Error> {
    let year = match year {
        Some(y) => y,
        None => match as_of {
            Some(d) => d.year(),
            None => store.current_scope().await?.1,
        },
    };
    match as_of {
        Some(d) if d.year() != year => Err(Error::Invalid(yesan_domain::text!(
            "기준일 {d}은(는) {year}년이 아닙니다",
            "the date {d} is not in {year}"
        ))),
        Some(d) => Ok(d),
        None => NaiveDate::from_ymd_opt(year, 12, 31).ok_or_else(|| {
            Error::Invalid(yesan_domain::text!(
                "{year}년은 없는 해입니다",
                "no year {year}"
            ))
        }),
    }
}

/// The parts of a recorded year's 예산서: its budget on `as_of` (its last
/// day by default), its 산출기초, the institution's rule.
///
/// # Errors
/// The store's; [`Error::Invalid`] for a date outside the year.
pub async fn recorded(
    store: &Store,
    year: Option<i32>,
    as_of: Option<NaiveDate>,
) -> Result<BookParts, Error> {
    let date = date_of(store, year, as_of).await?;
    let snapshot = crate::Snapshot::read(store, Some(date)).await?;
    let policy = store.policy().await?;
    let basis = store.basis(date.year()).await?;
    Ok(BookParts {
        institution: snapshot.catalog.institution.name_ko.clone(),
        budget: snapshot.budget.clone(),
        basis,
        rounding: policy.rounding,
        edition: format!("{}. 현재 예산", date.format("%Y.%m.%d")),
        date,
    })
}

/// The 예산서 of `parts` in `format`.
///
/// # Errors
/// [`Error::Invalid`] when a 산출기초 sum passes what won holds;
/// [`Error::Render`] for a layout bug.
pub fn render(parts: &BookParts, format: ReportFormat) -> Result<Vec<u8>, Error> {
    let failed = |e: &dyn std::fmt::Display| Error::Render(e.to_string());
    let input = parts.input();
    if format == ReportFormat::Xlsx {
        return yesan_publish::xlsx_book::render(&input).map_err(|e| failed(&e));
    }
    let book = yesan_report::book::build(&input).map_err(|e| {
        Error::Invalid(yesan_domain::Text::new(
            yesan_domain::Bilingual::ko(&e),
            yesan_domain::Bilingual::en(&e),
        ))
    })?;
    Ok(match format {
        ReportFormat::Markdown => yesan_report::book::markdown(&book).into_bytes(),
        ReportFormat::Html => yesan_report::book::html(&book)
            .map_err(|e| failed(&e))?
            .into_bytes(),
        ReportFormat::Json => yesan_report::book::json(&book)
            .map_err(|e| failed(&e))?
            .into_bytes(),
        ReportFormat::Pdf => yesan_publish::pdf::render_book(&book).map_err(|e| failed(&e))?,
        ReportFormat::Hwpx => yesan_publish::hwpx::render_book(&book).map_err(|e| failed(&e))?,
        ReportFormat::Xlsx => unreachable!("written above"),
    })
}

/// The economic classification view of a recorded year.
#[derive(Debug, Clone)]
pub struct Economic {
    /// The institution's name.
    pub institution: String,
    /// The year.
    pub year: i32,
    /// The view.
    pub view: EconomicView,
}

impl Economic {
    /// As Markdown.
    pub fn markdown(&self) -> String {
        yesan_report::book::economic::markdown(&self.institution, self.year, &self.view)
    }

    /// As JSON.
    ///
    /// # Errors
    /// [`Error::Render`] (a bug).
    pub fn json(&self) -> Result<String, Error> {
        let mut s =
            serde_json::to_string_pretty(&self.view).map_err(|e| Error::Render(e.to_string()))?;
        s.push('\n');
        Ok(s)
    }
}

/// The view by 편성목·통계목 of a recorded year's budget on `as_of` (its
/// last day by default).
///
/// # Errors
/// The store's; [`Error::Invalid`] for a date outside the year.
pub async fn economic(
    store: &Store,
    year: Option<i32>,
    as_of: Option<NaiveDate>,
) -> Result<Economic, Error> {
    let date = date_of(store, year, as_of).await?;
    let snapshot = crate::Snapshot::read(store, Some(date)).await?;
    Ok(Economic {
        institution: snapshot.catalog.institution.name_ko.clone(),
        year: date.year(),
        view: yesan_report::book::economic::view(&snapshot.budget),
    })
}
