//! Every message the web shows for a refusal, read in both languages: it
//! is in one language only (a Korean message holds no English sentence,
//! an English one no Korean outside quoted values and glosses), it names
//! no field by the name the form submits (`amount`, `grades.1.authorized`,
//! `indicators.0.parts`), and every field a refusal can name has a label.
//!
//! Two walks: every kind of every typed refusal the web renders, built
//! here one by one (a new kind of `Refusal` fails `Refusal::examples`
//! until it is listed); and the forms themselves, posted with bad input
//! in each language, their pages read for what they say.

mod common;

use axum::body::Body;
use axum::http::{Request, header};
use common::{App, Backend, Who, app_on, body_text, session};
use tower::ServiceExt;
use yesan_domain::message::{Lang, Localized, Text, has_hangul};
use yesan_web::Config;

/// `s` without its quoted values ('…', "…", «…») and parenthesized
/// glosses, where either language may hold the other's words (a line's
/// Korean name, a file's English header).
fn unquoted(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // An apostrophe (column's) is no quote.
        let apostrophe = c == '\''
            && i > 0
            && chars[i - 1].is_ascii_alphabetic()
            && chars.get(i + 1).is_some_and(char::is_ascii_alphabetic);
        if apostrophe && quote.is_none() {
            if depth == 0 {
                out.push(c);
            }
            continue;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"' | '‘' | '“' | '`') => {
                quote = Some(match c {
                    '‘' => '’',
                    '“' => '”',
                    other => other,
                });
            }
            (None, '(') => depth += 1,
            (None, ')') => depth = depth.saturating_sub(1),
            (None, c) if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Two lower-case English words in a row: an English phrase.
fn english_phrase(s: &str) -> Option<String> {
    let words: Vec<&str> = s.split(' ').collect();
    words
        .windows(2)
        .find(|w| {
            w.iter()
                .all(|x| x.len() >= 2 && x.chars().all(|c| c.is_ascii_lowercase()))
        })
        .map(|w| w.join(" "))
}

/// A field's form name: `grades.1`, `indicators.0.parts`, `line.0`,
/// `r0.m4`, `[0].amount`, or the bare names a form submits.
fn internal_name(s: &str) -> Option<String> {
    let b: Vec<char> = s.chars().collect();
    for (i, c) in b.iter().enumerate() {
        if *c == '.' && i > 0 && b.get(i + 1).is_some_and(char::is_ascii_digit) {
            let word: String = b[..i]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_lowercase() || **c == '_')
                .collect();
            if word.len() >= 2 {
                return Some(format!("{}.", word.chars().rev().collect::<String>()));
            }
        }
    }
    for name in ["doc_no", "_csrf", "[0].", "field amount", "field date", "`"] {
        if s.contains(name) {
            return Some(name.to_owned());
        }
    }
    None
}

/// What is wrong with `message` shown to a reader of `lang`, if anything.
fn fault(message: &str, lang: Lang) -> Option<String> {
    if let Some(n) = internal_name(message) {
        return Some(format!("internal name {n}"));
    }
    let plain = unquoted(message);
    match lang {
        Lang::Ko => {
            if !has_hangul(message) {
                return Some("no Korean".into());
            }
            english_phrase(&plain).map(|p| format!("English phrase '{p}'"))
        }
        // Identifiers (a document number, a code, a date) are data, in
        // whatever script they were written.
        Lang::En => plain
            .split_whitespace()
            .filter(|w| !w.chars().any(|c| c.is_ascii_digit()))
            .any(has_hangul)
            .then(|| "Korean outside quotes".to_owned()),
    }
}

fn check_all(messages: &[(String, Text)]) {
    let mut faults = Vec::new();
    for (what, t) in messages {
        for lang in Lang::ALL {
            if let Some(f) = fault(t.get(lang), lang) {
                faults.push(format!("{what} [{}]: {f}: {}", lang.code(), t.get(lang)));
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

fn said(what: &str, m: &impl Localized) -> (String, Text) {
    (what.to_owned(), m.text())
}

#[test]
fn every_kind_of_refusal_reads_in_one_language_without_field_names() {
    use yesan_domain::code::CodeError;
    use yesan_domain::draft::AmountProblem;
    use yesan_domain::finding::{Locator, Problem};
    use yesan_domain::text::TextError;
    use yesan_import::FileError;
    use yesan_import::value::{AmountError, DateError};
    let mut all = Vec::new();
    for r in yesan_domain::refusal::Refusal::examples() {
        all.push(said(&format!("{r:?}"), &r));
    }
    for what in ["budget line", "unit", "project", "institution"] {
        all.push(said("code empty", &CodeError::Empty { what }));
        all.push(said(
            "code long",
            &CodeError::TooLong {
                what,
                code: "디지털돌봄체험버스운영디지털돌봄체험버스운영…".into(),
                max: 32,
            },
        ));
        all.push(said(
            "code char",
            &CodeError::BadChar {
                what,
                code: "E 1".into(),
                ch: ' ',
            },
        ));
    }
    all.push(said(
        "control",
        &TextError::Control {
            code: 0x1b,
            position: 3,
        },
    ));
    all.push(said(
        "long text",
        &TextError::TooLong {
            length: 65,
            limit: 64,
        },
    ));
    all.push(said("zero", &AmountProblem::Zero));
    all.push(said("negative", &AmountProblem::Negative));
    for e in [
        AmountError::Empty,
        AmountError::NotANumber,
        AmountError::Fraction,
        AmountError::OutOfRange,
    ] {
        all.push(said("amount", &e));
    }
    for e in [
        DateError::Empty,
        DateError::Format,
        DateError::NotOnCalendar {
            year: 2023,
            month: 2,
            day: 30,
        },
    ] {
        all.push(said("date", &e));
    }
    all.push(said(
        "percent",
        &yesan_import::value::PercentError::NotANumber,
    ));
    for e in [
        FileError::NotText {
            offset: 10,
            line: 2,
            byte: 0xff,
            closest: "CP949",
        },
        FileError::Utf16,
        FileError::Workbook {
            reason: "zip".into(),
        },
        FileError::TooLarge {
            korean: "셀",
            english: "cells",
            limit: 10,
        },
        FileError::NoSheet,
        FileError::Empty,
        FileError::MissingColumn {
            english: "line",
            korean: "예산과목",
        },
        FileError::DuplicateColumn {
            english: "date",
            korean: "일자",
            first: 1,
            first_header: "일자".into(),
            second: 6,
            second_header: "date".into(),
        },
        FileError::UnknownLayout {
            found: "a,b".into(),
        },
        FileError::AmbiguousLayout,
        FileError::NoUnit,
        FileError::UnitsDisagree {
            line: yesan_domain::money::MoneyUnit::Won,
            header: yesan_domain::money::MoneyUnit::Thousand,
        },
        FileError::UnterminatedQuote { line: 3 },
        FileError::RowTooLong { line: 3, limit: 1 },
        FileError::NotUtf8 {
            line: 3,
            byte: 0xff,
        },
    ] {
        all.push(said("file", &e));
    }
    // The domain's findings: every record kind and every word a problem
    // names records with.
    for (what, _, _) in [
        ("amendment number", "", ""),
        ("budget line", "", ""),
        ("budget line code", "", ""),
        ("grade", "", ""),
        ("indicator id", "", ""),
        ("parent budget line", "", ""),
        ("program", "", ""),
        ("document number", "", ""),
        ("doc_no", "", ""),
        ("changes", "", ""),
        ("category", "", ""),
    ] {
        all.push(said(
            what,
            &Problem::Duplicate {
                what,
                key: "X".into(),
            },
        ));
        all.push(said(
            what,
            &Problem::UnknownReference {
                what,
                key: "X".into(),
            },
        ));
        all.push(said(what, &Problem::Missing { what }));
    }
    all.push(said(
        "sum",
        &Problem::SumMismatch {
            stated: "1,000".into(),
            computed: "900".into(),
            diff: "100".into(),
        },
    ));
    for at in [
        Locator::BudgetLine {
            code: "E1".into(),
            field: "amount",
        },
        Locator::Indicator {
            project: "2-3".into(),
            id: "riders".into(),
            field: "breakdown",
        },
        Locator::Schedule {
            project: "2-3".into(),
            index: 0,
            field: "period",
        },
        Locator::Amendment {
            no: "A-1".into(),
            field: "amount",
        },
        Locator::Staffing {
            row: Some(1),
            field: "authorized",
        },
    ] {
        all.push(said("locator", &at));
    }
    all.push(said(
        "period",
        &yesan_domain::period::Period::parse("언젠가", 2023).expect_err("refused"),
    ));
    all.push(said(
        "outline",
        &yesan_domain::outline::Outline::parse("ㅇ a\n\tb").expect_err("refused"),
    ));
    let names = yesan_domain::budget::names::LineNames::default();
    all.push(said(
        "line name",
        &names.resolve("체험버스").expect_err("refused"),
    ));
    all.push(said(
        "role",
        &yesan_domain::access::Role::parse("boss").expect_err("refused"),
    ));
    all.push(said(
        "last admin",
        &yesan_domain::access::LastAdministrator { name: "kim".into() },
    ));
    all.push(said(
        "money",
        &yesan_domain::MoneyError::UnknownUnit("만원".into()),
    ));
    all.push(said(
        "sort",
        &yesan_report::consolidated::SortError {
            given: "budget".into(),
        },
    ));
    use yesan_domain::year::YearError;
    for e in [
        YearError::UnknownCommitment {
            doc_no: "C-1".into(),
            fiscal_year: 2023,
        },
        YearError::DuplicateChoice {
            doc_no: "C-1".into(),
        },
        YearError::NotPositive {
            doc_no: "C-1".into(),
            amount: yesan_domain::Won::new(0),
        },
        YearError::ExceedsOpen {
            doc_no: "C-1".into(),
            open: yesan_domain::Won::new(1),
            requested: yesan_domain::Won::new(2),
        },
        YearError::NotNextYear {
            previous: 2023,
            year: 2025,
        },
        YearError::WrongYear {
            carried_from: 2022,
            fiscal_year: 2024,
        },
    ] {
        all.push(said("year", &e));
    }
    for e in [
        yesan_store::StoreError::Stale {
            what: "project",
            key: "2-3".into(),
        },
        yesan_store::StoreError::NotFound {
            what: "user",
            key: "kim".into(),
        },
        yesan_store::StoreError::Duplicate {
            what: "user",
            key: "kim".into(),
        },
        yesan_store::StoreError::YearClosed {
            institution: "sdf".into(),
            year: 2023,
        },
        yesan_store::StoreError::NoSuchYear {
            institution: "sdf".into(),
            year: 2031,
        },
    ] {
        all.push(said("store", &e));
    }
    for e in [
        yesan_web::error::AppError::Unauthorized,
        yesan_web::error::AppError::Forbidden,
        yesan_web::error::AppError::Csrf,
        yesan_web::error::AppError::Throttled { retry_after: 1 },
        yesan_web::error::AppError::NotFound(Text::new("페이지", "page")),
        yesan_web::error::AppError::NoSuchInstitution("zzz".into()),
        yesan_web::error::AppError::TooLarge { limit: 1 << 20 },
        yesan_web::error::AppError::Invalid(Vec::new()),
        yesan_web::error::AppError::Internal("secret".into()),
    ] {
        all.push(said("page", &e));
    }
    check_all(&all);
}

#[test]
fn every_field_a_refusal_names_has_its_label() {
    let entry = yesan_web::labels::entry();
    for (field, _) in yesan_web::labels::ENTRY {
        for lang in Lang::ALL {
            let label = entry.label(field).expect("labelled");
            assert!(fault(label.get(lang), lang).is_none(), "{field}");
        }
    }
    // Budget control names an entry's fields: every one is labelled.
    for r in yesan_domain::refusal::Refusal::examples() {
        assert!(entry.label(r.field()).is_some(), "{}", r.field());
    }
}

/// Sends a form as `who` reading in `lang`.
async fn post(app: &App, who: Who, lang: Lang, path: &str, body: &str) -> String {
    let (cookie, csrf) = session(app, who).await.expect("session");
    let req = Request::builder()
        .method(if body.is_empty() { "GET" } else { "POST" })
        .uri(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(
            header::COOKIE,
            format!("{cookie}; yesan_lang={}", lang.code()),
        )
        .header("x-csrf-token", csrf)
        .body(Body::from(body.to_owned()))
        .expect("request");
    body_text(app.router.clone().oneshot(req).await.expect("response")).await
}

/// The refusals a page shows: the summary's items, the messages next to
/// fields, an error page's message, a preview's row problems.
fn refusals(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let strip = |s: &str| -> String {
        let mut t = String::new();
        let mut tag = false;
        for c in s.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => t.push(c),
                _ => {}
            }
        }
        t.replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&#x2f;", "/")
    };
    for (open, close) in [
        (r#"<div class="errors" role="alert">"#, "</div>"),
        (r#"<p class="field-error""#, "</p>"),
        (r#"<div class="error-page">"#, "</div>"),
        (r#"<ul class="problems">"#, "</ul>"),
        (r#"<div class="warn" role="alert""#, "</div>"),
    ] {
        for part in html.split(open).skip(1) {
            // Past the opening tag's attributes.
            let part = part.split_once('>').map_or(part, |(_, rest)| rest);
            let body = part.split(close).next().unwrap_or("");
            out.push(strip(body).trim().to_owned());
        }
    }
    out
}

async fn every_form_refuses_in_the_readers_language_naming_fields_by_label(backend: Backend) {
    let Some(app) = app_on(backend, Config::default()).await else {
        return;
    };
    // Bad input for each of the forms of the officer's day and the
    // planner's and team's edits, every field wrong where it can be.
    let forms: Vec<(Who, &str, String)> = vec![
        (
            Who::Finance,
            "/i/default/execution/new",
            "date=2023-13-40&doc_no=&kind=pay&line=E9&amount=-5&ref=%00&memo=%1B".into(),
        ),
        (
            Who::Finance,
            "/i/default/execution/new",
            "date=2024-01-05&doc_no=M-1&kind=disburse&line=E3.2.3&amount=1%2C000".into(),
        ),
        (
            Who::Finance,
            "/i/default/execution/new",
            "date=2023-10-20&doc_no=M-2&kind=commit&line=E3.4.1&amount=900%2C000%2C000".into(),
        ),
        (
            Who::Finance,
            "/i/default/execution/new",
            "date=2023-10-20&doc_no=M-3&kind=commit&line=E3.2.3&amount=5".into(),
        ),
        (
            Who::Planner,
            "/i/default/budget/amendments",
            "no=&date=2023-99-01&kind=&note=&line=E3&delta=abc&line=&delta=5".into(),
        ),
        (
            Who::Planner,
            "/i/default/budget/amendments",
            "no=M-A&date=2023-10-19&kind=diversion&note=n&line=E3.3.2&delta=-5&line=E3.3.1&delta=4".into(),
        ),
        (
            Who::Planner,
            "/i/default/org/edit",
            "base=x&as_of=soon&grade=4%EA%B8%89&authorized=abc&current=1&kind=%EA%B3%84%EC%95%BD%EC%A7%81&count=-1".into(),
        ),
        (
            Who::Editor,
            "/i/default/projects/2-3/edit",
            "base=x&achievements=%09a&ind_id=&ind_name=n&ind_value=ten&ind_unit=%EB%AA%85&ind_as_of=yesterday&ind_parts=a%3D1%3Bb&sch_text=t&sch_period=%EC%96%B8%EC%A0%A0%EA%B0%80&sch_group=".into(),
        ),
    ];
    let mut seen = 0;
    let mut faults = Vec::new();
    for lang in Lang::ALL {
        for (who, path, body) in &forms {
            let html = post(&app, *who, lang, path, body).await;
            let shown = refusals(&html);
            assert!(!shown.is_empty(), "{path} refused nothing: {html}");
            for m in shown {
                seen += 1;
                if let Some(f) = fault(&m, lang) {
                    faults.push(format!("{path} [{}]: {f}: {m}", lang.code()));
                }
            }
        }
        // The list's filters, and addresses of nothing.
        for path in [
            "/i/default/execution?line=E9&from=yesterday",
            "/i/default/execution?kind=pay",
            "/i/default/execution/export?format=pdf",
            "/i/default/budget/lines/E9",
            "/i/default/projects/9-9",
            "/i/default/execution/new?correct=NOPE",
        ] {
            let html = post(&app, Who::Finance, lang, path, "").await;
            for m in refusals(&html) {
                seen += 1;
                if let Some(f) = fault(&m, lang) {
                    faults.push(format!("{path} [{}]: {f}: {m}", lang.code()));
                }
            }
        }
    }
    assert!(seen > 40, "only {seen} messages read");
    assert!(faults.is_empty(), "{}", faults.join("\n"));
    // The staffing table's cells are named as the form labels them.
    let html = post(
        &app,
        Who::Planner,
        Lang::Ko,
        "/i/default/org/edit",
        "base=x&as_of=2023-10-18&grade=4%EA%B8%89&authorized=abc&current=1",
    )
    .await;
    assert!(
        html.contains("<strong>4급 정원</strong>: &#x27;abc&#x27;: 0 이상의 정수로 쓰세요"),
        "{html}"
    );
    let html = post(
        &app,
        Who::Planner,
        Lang::En,
        "/i/default/org/edit",
        "base=x&as_of=2023-10-18&grade=4%EA%B8%89&authorized=abc&current=1",
    )
    .await;
    assert!(
        html.contains("<strong>Authorized (4급)</strong>: &#x27;abc&#x27;: write a whole number"),
        "{html}"
    );
}

on_both_backends!(every_form_refuses_in_the_readers_language_naming_fields_by_label);
