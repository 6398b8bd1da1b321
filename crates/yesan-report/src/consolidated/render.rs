//! The consolidated view as Markdown, as one self-contained HTML document
//! and as JSON. Each lays out [`Consolidated::table`] (the JSON carries
//! the typed rows too); none computes a figure.

use super::Consolidated;
use crate::RenderError;
use chrono::Datelike;
use std::fmt::Write as _;

const TEMPLATE: &str = include_str!("../../templates/consolidated.html.j2");
const CSS: &str = include_str!("../../templates/report.css");

fn heading(c: &Consolidated) -> String {
    format!(
        "{}년 {} ({} 기준)",
        c.as_of.year(),
        c.title(),
        c.as_of.format("%Y. %-m. %-d.")
    )
}

/// GitHub-flavoured Markdown: a heading, the table, its notes.
pub fn markdown(c: &Consolidated) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", heading(c));
    let _ = writeln!(
        o,
        "기관 {}곳 · 정렬: {} / {} institutions, sorted by {}\n",
        c.rows.len(),
        c.sort_label(),
        c.rows.len(),
        c.sort.as_string()
    );
    o.push_str(&crate::markdown::table(&c.table()));
    o
}

/// One self-contained HTML document (the report's stylesheet embedded).
///
/// # Errors
/// Template errors, which are bugs caught by the tests.
pub fn html(c: &Consolidated) -> Result<String, RenderError> {
    let mut env = minijinja::Environment::new();
    for (name, source) in crate::html::PARTIALS {
        env.add_template(name, source)?;
    }
    env.add_template("consolidated.html.j2", TEMPLATE)?;
    crate::html::add_filters(&mut env);
    let tmpl = env.get_template("consolidated.html.j2")?;
    Ok(tmpl.render(minijinja::context! {
        heading => heading(c),
        c => c,
        table => c.table(),
        sort_label => c.sort_label(),
        css => CSS,
        version => env!("CARGO_PKG_VERSION"),
    })?)
}

/// Pretty-printed JSON: the date, the order, every row and the total as
/// data (won as integers, rates rounded to one decimal).
///
/// # Errors
/// Only if serialisation fails, which the types rule out.
pub fn json(c: &Consolidated) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(c)?;
    s.push('\n');
    Ok(s)
}
