//! The report as JSON: every section and table as data. Amounts are
//! integers in won; rates are percentages rounded to one decimal; each
//! table also carries its cells as shown.

use crate::RenderError;
use crate::model::Report;

/// Pretty-printed JSON of the whole report.
///
/// # Errors
/// Only if serialisation fails, which the report's types rule out.
pub fn render(r: &Report) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(r)?;
    s.push('\n');
    Ok(s)
}
