//! The consolidated view as Markdown, as one self-contained HTML document
//! and as JSON. Each lays out [`Consolidated::table`] (the JSON carries
//! the typed rows too); none computes a figure.

use super::Consolidated;
use crate::RenderError;
use chrono::Datelike;
use std::fmt::Write as _;
use yesan_domain::message::Lang;

const TEMPLATE: &str = include_str!("../../templates/consolidated.html.j2");
const CSS: &str = include_str!("../../templates/report.css");

fn heading(c: &Consolidated, lang: Lang) -> String {
    match lang {
        Lang::Ko => format!(
            "{}년 {} ({} 기준)",
            c.as_of.year(),
            c.title(lang),
            c.as_of.format("%Y. %-m. %-d.")
        ),
        Lang::En => format!(
            "{}: {} (as of {})",
            c.as_of.year(),
            c.title(lang),
            c.as_of.format("%Y-%m-%d")
        ),
    }
}

/// The line under the heading: how many institutions, in what order.
fn summary(c: &Consolidated, lang: Lang) -> String {
    let n = c.rows.len();
    match lang {
        Lang::Ko => format!(
            "기관 {n}곳 · 정렬: {} / {n} institutions, sorted by {}",
            c.sort_label(lang),
            c.sort.as_string()
        ),
        Lang::En => format!("{}, sorted by {}", institutions_en(n), c.sort_label(lang)),
    }
}

/// `1 institution`, `2 institutions`.
pub fn institutions_en(n: usize) -> String {
    if n == 1 {
        "1 institution".to_owned()
    } else {
        format!("{n} institutions")
    }
}

/// GitHub-flavoured Markdown in `lang`: a heading, the table, its notes.
pub fn markdown(c: &Consolidated, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", heading(c, lang));
    let _ = writeln!(o, "{}\n", summary(c, lang));
    o.push_str(&crate::markdown::table(&c.table(lang)));
    o
}

/// One self-contained HTML document in `lang` (the report's stylesheet
/// embedded).
///
/// # Errors
/// Template errors, which are bugs caught by the tests.
pub fn html(c: &Consolidated, lang: Lang) -> Result<String, RenderError> {
    let mut env = minijinja::Environment::new();
    for (name, source) in crate::html::PARTIALS {
        env.add_template(name, source)?;
    }
    env.add_template("consolidated.html.j2", TEMPLATE)?;
    crate::html::add_filters(&mut env);
    let tmpl = env.get_template("consolidated.html.j2")?;
    Ok(tmpl.render(minijinja::context! {
        lang => lang.code(),
        heading => heading(c, lang),
        summary => summary(c, lang),
        table => c.table(lang),
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
