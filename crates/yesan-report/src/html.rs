//! The report as one self-contained, print-ready HTML document: the CSS is
//! embedded, fonts come from a Korean font stack, and page breaks follow
//! the seed's layout (a title page for each part, a page per project).
//! Its words are the [`Words`] of the report's language.

use crate::RenderError;
use crate::model::Report;
use crate::words::Words;
use minijinja::{Environment, Value};
use yesan_domain::format::amount;
use yesan_domain::message::Lang;

const REPORT: &str = include_str!("../templates/report.html.j2");
const CSS: &str = include_str!("../templates/report.css");

/// The macros other HTML front ends reuse (the web app shows the same
/// tables and sheets): `table.html.j2` (`table(t)`) and `sheet.html.j2`
/// (`sheet(s)`). They need the filters [`add_filters`] registers.
pub const PARTIALS: [(&str, &str); 2] = [
    ("table.html.j2", include_str!("../templates/table.html.j2")),
    ("sheet.html.j2", include_str!("../templates/sheet.html.j2")),
];

/// Registers the filters the partials use: `k` (won → 천원), `count`,
/// `multiline`.
pub fn add_filters(env: &mut Environment<'static>) {
    // Won → 천원 with separators, for figures the model keeps in won.
    env.add_filter("k", |v: i64| {
        yesan_domain::money::thousand_won(yesan_domain::Won::new(v))
    });
    env.add_filter("count", |v: i64| amount(v));
    // Newlines in cell text become line breaks; the text itself is escaped.
    env.add_filter("multiline", |v: String| {
        Value::from_safe_string(escape(&v).replace('\n', "<br>"))
    });
}

fn environment() -> Result<Environment<'static>, RenderError> {
    let mut env = Environment::new();
    for (name, source) in PARTIALS {
        env.add_template(name, source)?;
    }
    env.add_template("report.html.j2", REPORT)?;
    add_filters(&mut env);
    Ok(env)
}

fn escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Renders the report as HTML.
///
/// # Errors
/// Template errors, which are bugs caught by the tests.
pub fn render(r: &Report) -> Result<String, RenderError> {
    let mut env = environment()?;
    let w = Words::of(r.lang);
    env.add_filter("kw", move |v: i64| {
        w.thousand_won(
            &w.figure(&yesan_domain::money::thousand_won(yesan_domain::Won::new(
                v,
            ))),
        )
    });
    let tmpl = env.get_template("report.html.j2")?;
    let m = &r.meta;
    let iso = m.as_of.to_string();
    let english = r.lang == Lang::En;
    let name = r.lang.name(&m.name_ko, &m.name_en);
    // The sheet partial's own words, in English (in Korean the seed's).
    let sw = english.then(|| {
        minijinja::context! {
            ko => true,
            bullet => w.bullet,
            overview => w.overview,
            background => w.background,
            content => w.content,
            budget => w.budget,
            indicator => w.indicator,
            result => w.result,
            breakdown => w.breakdown,
            as_of => w.as_of_column,
            targets => w.targets,
        }
    });
    Ok(tmpl.render(minijinja::context! {
        r => r,
        w => w,
        sw => sw,
        lang => r.lang.code(),
        name => name,
        sub => !english,
        as_of => w.as_of(&m.as_of_label),
        as_of_iso => w.as_of_paren(&iso),
        headcount => w.persons(&amount(r.general.staffing.headcount)),
        budget_status => w.budget_status(m.fiscal_year),
        year_budget => w.year_budget(m.fiscal_year),
        part4 => w.part4(m.fiscal_year, false),
        part4_h => w.part4(m.fiscal_year, true),
        colophon => w.colophon(&iso),
        css => CSS,
        version => env!("CARGO_PKG_VERSION"),
    })?)
}

const YEARS: &str = r#"{%- from "table.html.j2" import table -%}
<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><title>{{ v.institution }} 연도별 현황</title><style>{{ css }}</style></head>
<body>
<h1>{{ v.institution }} 연도별 현황 <small>/ multi-year view</small></h1>
{{ table(v.table) }}
</body>
</html>
"#;

/// Renders the multi-year view as one HTML page.
///
/// # Errors
/// Template errors, which are bugs caught by the tests.
pub fn render_years(v: &crate::years::YearsView) -> Result<String, RenderError> {
    let mut env = environment()?;
    env.add_template("years.html.j2", YEARS)?;
    let tmpl = env.get_template("years.html.j2")?;
    Ok(tmpl.render(minijinja::context! { v => v, css => CSS })?)
}
