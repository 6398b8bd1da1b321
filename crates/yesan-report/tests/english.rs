//! The English report: a snapshot of its Markdown for the default dataset
//! on 2023-10-18 (for a reviewer to read), no Hangul in its own words
//! (headings, column names, units lines, notes, row labels; only what
//! people recorded stays Korean), and the same figures as the Korean
//! report, cell for cell.

use chrono::NaiveDate;
use yesan_domain::message::{Lang, has_hangul};
use yesan_report::table::Table;
use yesan_report::{Format, Report, build_in, render_in};

fn dataset() -> yesan_domain::Dataset {
    yesan_dataset::default_dataset().expect("default dataset")
}

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2023, 10, 18).expect("date")
}

fn tables(r: &Report) -> Vec<&Table> {
    let g = &r.general;
    vec![
        &g.staffing.table,
        &g.duties,
        &g.revenue_summary.table,
        &g.expenditure_summary.table,
        &g.program_budget.table,
        &r.strategy_table,
        &r.detail.revenue.table,
        &r.detail.execution_table,
        &r.detail.project_execution_table,
    ]
}

#[test]
fn english_markdown_report() {
    let md = render_in(&dataset(), as_of(), Format::Markdown, Lang::En).expect("md");
    insta::assert_snapshot!(md);
}

#[test]
fn the_english_reports_own_words_have_no_hangul() {
    let d = dataset();
    let r = build_in(&d, as_of(), Lang::En);
    assert_eq!(r.meta.title, "2023 Business Status Report");
    assert_eq!(r.meta.as_of_label, "2023-10-18");
    for t in tables(&r) {
        for s in t.units.iter().chain(&t.notes) {
            // Less the kinds of staff people recorded (파견공무원, …).
            let mut own = s.clone();
            for (kind, _) in &r.general.staffing.outside_quota {
                own = own.replace(kind.as_str(), "");
            }
            assert!(!has_hangul(&own), "{}: {s}", t.id);
        }
        // The staffing's columns after 구분 and 계 are recorded grades.
        let own = if t.id == "staffing" {
            2
        } else {
            t.columns.len()
        };
        for c in &t.columns[..own] {
            assert!(!has_hangul(&c.title), "{}: {}", t.id, c.title);
        }
        for g in &t.groups {
            assert!(!has_hangul(&g.title), "{}: {}", t.id, g.title);
        }
        for row in &t.rows {
            for c in &row.cells {
                // Figures (and the staffing's labels) are never Korean;
                // names people recorded may be.
                if c.value.is_some() {
                    assert!(!has_hangul(&c.text) && !c.text.contains('△'), "{c:?}");
                }
            }
        }
    }
    assert_eq!(r.detail.execution_table.rows[0].cells[0].text, "Total");
    for s in &r.sheets {
        assert!(!has_hangul(&s.budget_display), "{}", s.budget_display);
        assert!(!has_hangul(&s.achievements_heading), "{}", s.code);
        assert!(!has_hangul(&s.schedule_heading), "{}", s.code);
        for c in &s.contacts {
            assert!(c.role != "담당", "{}", s.code);
        }
        for it in &s.schedule {
            if let Some(p) = &it.period {
                assert!(!has_hangul(p), "{}: {p}", s.code);
            }
        }
    }
    // The Markdown's headings: every line starting with # or **, minus the
    // recorded names it carries (program groups, projects, units).
    let md = render_in(&d, as_of(), Format::Markdown, Lang::En).expect("md");
    assert!(md.starts_with("# Seoul Digital Foundation — 2023 Business Status Report\n"));
    let recorded: Vec<String> = r
        .strategy
        .iter()
        .flat_map(|g| {
            std::iter::once(g.name.clone()).chain(g.projects.iter().map(|p| p.title.clone()))
        })
        .collect();
    for line in md
        .lines()
        .filter(|l| l.starts_with('#') || l.starts_with("**"))
    {
        let mut own = line.to_owned();
        for name in &recorded {
            own = own.replace(name.as_str(), "");
        }
        own = own.replace(&r.general.org_summary, "");
        assert!(!has_hangul(&own), "{line}");
    }
    // Units lines.
    let units: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("(As of") || l.starts_with("(Unit"))
        .collect();
    assert!(units.len() >= 5, "{units:?}");
    for line in md.lines().filter(|l| l.starts_with('(')) {
        assert!(!has_hangul(line), "{line}");
    }
    let headers: Vec<&str> = md
        .lines()
        .zip(md.lines().skip(1))
        .filter(|(_, next)| next.starts_with("|:") || next.starts_with("|-"))
        .map(|(h, _)| h)
        .collect();
    assert!(headers.len() >= 9, "{headers:?}");
    for h in headers {
        // Outline tables inside the sheets are recorded data.
        if h.contains("Item") || h.contains("Unit") || h.contains("No.") {
            let mut own = h.to_owned();
            for g in &r.general.staffing.grades {
                own = own.replace(g.grade.as_str(), "");
            }
            assert!(!has_hangul(&own), "{h}");
        }
    }
}

#[test]
fn the_english_reports_figures_are_the_korean_reports() {
    let d = dataset();
    let ko = build_in(&d, as_of(), Lang::Ko);
    let en = build_in(&d, as_of(), Lang::En);
    let (kt, et) = (tables(&ko), tables(&en));
    assert_eq!(kt.len(), et.len());
    let mut figures = 0;
    for (k, e) in kt.iter().zip(&et) {
        assert_eq!(k.id, e.id);
        assert_eq!(k.rows.len(), e.rows.len(), "{}", k.id);
        for (kr, er) in k.rows.iter().zip(&e.rows) {
            assert_eq!(kr.cells.len(), er.cells.len(), "{}", k.id);
            for (kc, ec) in kr.cells.iter().zip(&er.cells) {
                assert_eq!(kc.value, ec.value, "{}", k.id);
                if kc.value.is_some() {
                    figures += 1;
                    // The same number, written with a minus sign in English.
                    assert_eq!(kc.text.replace('△', "-"), ec.text, "{}", k.id);
                }
            }
        }
    }
    assert!(figures > 100, "{figures}");
    // The JSON's figures: everything but the text is the same.
    let strip = |r: &Report| {
        let mut v = serde_json::to_value(r).expect("json");
        fn walk(v: &mut serde_json::Value) {
            match v {
                serde_json::Value::String(_) => *v = serde_json::Value::Null,
                serde_json::Value::Array(a) => a.iter_mut().for_each(walk),
                serde_json::Value::Object(o) => o.values_mut().for_each(walk),
                _ => {}
            }
        }
        walk(&mut v);
        v
    };
    assert_eq!(strip(&ko), strip(&en));
    // And the Korean report is still the Korean one.
    let md_ko = render_in(&d, as_of(), Format::Markdown, Lang::Ko).expect("md");
    assert_eq!(
        md_ko,
        yesan_report::render(&d, as_of(), Format::Markdown).expect("md")
    );
    assert!(md_ko.contains("| **계** | 9,720,439 | 6,009,773 | 4,953,409 | 61.8% | 51.0% |"));
    let md_en = render_in(&d, as_of(), Format::Markdown, Lang::En).expect("md");
    assert!(md_en.contains("| **Total** | 9,720,439 | 6,009,773 | 4,953,409 | 61.8% | 51.0% |"));
}
