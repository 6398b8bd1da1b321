//! The institution and fiscal year a request is about, resolved once from
//! its path (`/i/{inst}/…`) and its `?as_of=`: the institution's code, its
//! names and recorded years, the year shown (the one containing `as_of`
//! when it is recorded, else the latest), and the store handle scoped to
//! both. Every page and API call of an institution reads through
//! [`Here::store`], so what it shows can only be that institution's.
//!
//! The route gate resolves it (it needs the institution to decide the
//! role) and leaves it in the request's extensions; handlers take it as
//! an extractor.

use crate::error::AppError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{Datelike, NaiveDate};
use yesan_domain::InstitutionCode;
use yesan_store::{InstitutionInfo, Store};

/// The path prefix of every institution route.
pub const PREFIX: &str = "/i/";

/// One request's institution and year.
#[derive(Debug, Clone)]
pub struct Here {
    /// The institution, as the database lists it.
    pub info: InstitutionInfo,
    /// The fiscal year shown.
    pub year: i32,
    /// The handle scoped to the institution and year.
    pub store: Store,
    /// The `?as_of=` asked for, when it falls in the year shown (links
    /// carry it on).
    pub as_of: Option<NaiveDate>,
    /// The `?as_of=` asked for, whatever its year (a date outside the
    /// year shown is moved into it, and the page says so).
    pub asked: Option<NaiveDate>,
}

impl Here {
    /// The institution's code.
    pub fn code(&self) -> &InstitutionCode {
        &self.info.code
    }

    /// `/i/{code}`: what every link and form of the institution starts
    /// with.
    pub fn prefix(&self) -> String {
        prefix(&self.info.code)
    }

    /// Whether the year shown is the latest recorded (links then need no
    /// `?as_of=`).
    pub fn is_latest(&self) -> bool {
        self.info.years.last() == Some(&self.year)
    }
}

/// `/i/{code}`.
pub fn prefix(code: &InstitutionCode) -> String {
    format!("{PREFIX}{code}")
}

/// The institution code of a path under [`PREFIX`] (as typed: not yet
/// checked against the database).
pub fn code_in(path: &str) -> Option<&str> {
    let rest = path.strip_prefix(PREFIX)?;
    Some(rest.split('/').next().unwrap_or(rest))
}

/// The fiscal year shown for `as_of` among `years` (ascending): the date's
/// own year when recorded, else the latest.
pub fn year_for(years: &[i32], as_of: Option<NaiveDate>) -> Option<i32> {
    match as_of.map(|d| d.year()) {
        Some(y) if years.contains(&y) => Some(y),
        _ => years.last().copied(),
    }
}

/// The `as_of` date of a query string, if it has a well-formed one (a
/// malformed one is the handler's to refuse, naming the parameter).
fn as_of_in(query: Option<&str>) -> Option<NaiveDate> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(query?).ok()?;
    let (_, v) = pairs.into_iter().find(|(k, _)| k == "as_of")?;
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok()
}

/// Resolves the institution `code` (from the path) and the year of the
/// query's `as_of`.
///
/// # Errors
/// [`AppError::NoSuchInstitution`] for a code the database does not hold
/// (or one without years); the store's.
pub async fn resolve(state: &AppState, code: &str, query: Option<&str>) -> Result<Here, AppError> {
    let unknown = || AppError::NoSuchInstitution(code.chars().take(64).collect());
    let parsed = InstitutionCode::parse(code).map_err(|_| unknown())?;
    let list = state.institutions().await?;
    let info = list
        .iter()
        .find(|i| i.code == parsed)
        .cloned()
        .ok_or_else(unknown)?;
    let asked = as_of_in(query);
    let year = year_for(&info.years, asked).ok_or_else(unknown)?;
    let store = state.scoped(&info.code, year).await?;
    Ok(Here {
        info,
        year,
        store,
        as_of: asked.filter(|d| d.year() == year),
        asked,
    })
}

impl<S: Send + Sync> FromRequestParts<S> for Here {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Here>().cloned().ok_or_else(|| {
            AppError::Internal("the institution of the route was not resolved".into())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_of_a_date_is_shown_when_recorded_else_the_latest() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        assert_eq!(year_for(&[2022, 2023], d("2022-05-01")), Some(2022));
        assert_eq!(year_for(&[2022, 2023], d("2019-05-01")), Some(2023));
        assert_eq!(year_for(&[2022, 2023], None), Some(2023));
        assert_eq!(year_for(&[], None), None);
        assert_eq!(as_of_in(Some("x=1&as_of=2022-03-04")), d("2022-03-04"));
        assert_eq!(as_of_in(Some("as_of=bad")), None);
    }

    #[test]
    fn the_code_is_the_first_segment_after_the_prefix() {
        assert_eq!(code_in("/i/sdf/budget"), Some("sdf"));
        assert_eq!(code_in("/i/sdf"), Some("sdf"));
        assert_eq!(code_in("/budget"), None);
    }
}
