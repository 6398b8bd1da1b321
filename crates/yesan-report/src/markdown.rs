//! The report as GitHub-flavoured Markdown: readable as plain text on a
//! terminal, and rendered as tables on any Markdown viewer. Its headings
//! are the [`Words`] of the report's language.

use crate::model::{OrgNode, OutlineView, Report, Sheet};
use crate::table::{Align, Table};
use crate::words::Words;
use std::fmt::Write as _;
use yesan_domain::format::amount;
use yesan_domain::money::thousand_won;

fn esc(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', "<br>")
}

/// A table in GFM. Grouped columns carry their group in the title, since
/// Markdown has one header row.
pub fn table(t: &Table) -> String {
    let mut o = String::new();
    if let Some(u) = &t.units {
        let _ = writeln!(o, "{u}\n");
    }
    let grouped = t.grouped_columns();
    let mut titles = Vec::new();
    let mut gi = t
        .groups
        .iter()
        .flat_map(|g| std::iter::repeat_n(g.title.as_str(), g.span));
    for (c, is_grouped) in t.columns.iter().zip(&grouped) {
        let g = gi.next().unwrap_or_default();
        titles.push(if *is_grouped {
            format!("{}: {}", g.split_whitespace().collect::<String>(), c.title)
        } else {
            c.title.clone()
        });
    }
    let _ = writeln!(
        o,
        "| {} |",
        titles
            .iter()
            .map(|s| esc(s))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(
        o,
        "|{}|",
        t.columns
            .iter()
            .map(|c| match c.align {
                Align::Left => ":---",
                Align::Center => ":---:",
                Align::Right => "---:",
            })
            .collect::<Vec<_>>()
            .join("|")
    );
    for r in &t.rows {
        let cells: Vec<String> = r
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let text = if c.rowspan == 0 {
                    String::new()
                } else {
                    esc(&c.text)
                };
                let bold = matches!(r.kind, crate::table::RowKind::Total) && i == 0;
                let indent = matches!(r.kind, crate::table::RowKind::Detail) && i == 0;
                if bold {
                    format!("**{text}**")
                } else if indent {
                    format!("\u{3000}{text}")
                } else {
                    text
                }
            })
            .collect();
        let _ = writeln!(o, "| {} |", cells.join(" | "));
    }
    for n in &t.notes {
        let _ = writeln!(o, "\n{n}");
    }
    o
}

fn org_chart(o: &mut String, nodes: &[OrgNode], depth: usize) {
    for n in nodes {
        let head = n
            .head
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        let _ = writeln!(o, "{}- {}{head}", "  ".repeat(depth), n.name);
        org_chart(o, &n.children, depth + 1);
    }
}

const CIRCLED: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];

/// Renders the whole report.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let m = &r.meta;
    let g = &r.general;
    let w = &Words::of(r.lang);
    if r.lang == yesan_domain::message::Lang::Ko {
        let _ = writeln!(o, "# {} {}\n", m.name_ko, m.title);
        let _ = writeln!(
            o,
            "*{} — business status report {}, as of {}*\n",
            m.name_en, m.fiscal_year, m.as_of
        );
    } else {
        let name = w.name(&m.name_ko, &m.name_en);
        let _ = writeln!(o, "# {name} — {}\n", m.title);
        let _ = writeln!(o, "*{}*\n", w.as_of(&m.as_of_label));
    }
    let bullet = w.bullet;

    let _ = writeln!(o, "## Ⅰ. {}\n", w.part1);
    let _ = writeln!(o, "### □ {}\n", w.purpose_and_businesses);
    let _ = writeln!(o, "**{bullet} {}**\n", w.purpose);
    let source = if g.purpose_source.is_empty() {
        String::new()
    } else {
        format!("({})", g.purpose_source)
    };
    let _ = writeln!(o, "{}{source}\n", g.purpose);
    let _ = writeln!(o, "**{bullet} {}**\n", w.businesses);
    for (i, b) in g.businesses.iter().enumerate() {
        let _ = writeln!(o, "{}. {b}", i + 1);
    }
    let _ = writeln!(o, "\n### □ {} : {}\n", w.org, g.org_summary);
    let _ = writeln!(o, "- {}", w.head);
    org_chart(&mut o, &g.org_chart, 1);
    let _ = writeln!(
        o,
        "\n### □ {} : {} {}\n",
        w.staff,
        w.persons(&amount(g.staffing.headcount)),
        g.staffing.units
    );
    o.push_str(&table(&g.staffing.table));
    let _ = writeln!(o, "\n### □ {}\n", w.duties);
    o.push_str(&table(&g.duties));
    let _ = writeln!(o, "\n### □ {}\n", w.budget_status(m.fiscal_year));
    let _ = writeln!(o, "**{bullet} {}**\n", w.revenue_summary);
    o.push_str(&table(&g.revenue_summary.table));
    let _ = writeln!(o, "\n**{bullet} {}**\n", w.expenditure_summary);
    o.push_str(&table(&g.expenditure_summary.table));
    let _ = writeln!(o, "\n### □ {}\n", w.year_budget(m.fiscal_year));
    o.push_str(&table(&g.program_budget.table));

    let _ = writeln!(o, "\n## Ⅱ. {}\n", w.part2);
    let k = |v| w.thousand_won(&w.figure(&thousand_won(v)));
    for s in &r.strategy {
        let _ = writeln!(o, "### {} {} ({})\n", s.code, s.name, k(s.budget));
        for p in &s.projects {
            let _ = writeln!(o, "- {}. {} — {}, {}", p.code, p.title, p.team, k(p.budget));
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## Ⅲ. {}\n", w.part3);
    for s in &r.strategy {
        let _ = writeln!(o, "### {} {}\n", s.code, s.name);
        for (i, p) in s.projects.iter().enumerate() {
            let _ = writeln!(
                o,
                "{} {}  ",
                CIRCLED.get(i).copied().unwrap_or("-"),
                p.title
            );
        }
        o.push('\n');
        for sh in r.sheets.iter().filter(|x| x.program == s.code) {
            sheet(&mut o, w, sh);
        }
    }

    let _ = writeln!(o, "## Ⅳ. {}\n", w.part4(m.fiscal_year, true));
    let _ = writeln!(o, "### □ {}\n", w.revenue_budget);
    o.push_str(&table(&r.detail.revenue.table));
    let _ = writeln!(o, "\n### □ {}\n", w.execution_status);
    o.push_str(&table(&r.detail.execution_table));
    o
}

fn sheet(o: &mut String, w: &Words, s: &Sheet) {
    let _ = writeln!(o, "#### {}. {}\n", s.code, s.title);
    let contacts: Vec<String> = s
        .contacts
        .iter()
        .map(|c| format!("{} : {} ☎{}", c.role, c.name, c.phone))
        .collect();
    let _ = writeln!(o, "{}\n", contacts.join("  "));
    let _ = writeln!(o, "> {}\n", s.purpose);
    let _ = writeln!(o, "**□ {}**\n", w.overview);
    labelled(o, w.background, &s.background);
    labelled(o, w.content, &s.content);
    let notes: String = s.budget_notes.iter().map(|n| format!("  ※ {n}")).collect();
    let _ = writeln!(o, "- ({}) {}{notes}", w.budget, s.budget_display);
    let _ = writeln!(o, "\n**□ {}**\n", s.achievements_heading);
    for a in &s.achievements {
        match a {
            OutlineView::Item {
                depth,
                marker,
                text,
                ..
            } => {
                let shown = if matches!(marker.as_str(), "※" | "*") {
                    format!("{marker} {text}")
                } else {
                    text.clone()
                };
                let _ = writeln!(o, "{}- {shown}", "  ".repeat(*depth));
            }
            OutlineView::Table { header, rows, .. } => {
                let _ = writeln!(
                    o,
                    "\n| {} |",
                    header
                        .iter()
                        .map(|h| esc(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(o, "|{}|", vec![":---"; header.len()].join("|"));
                for r in rows {
                    let _ = writeln!(
                        o,
                        "| {} |",
                        r.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
                    );
                }
                o.push('\n');
            }
        }
    }
    if !s.indicators.is_empty() {
        let _ = writeln!(o, "\n**{}**\n", w.indicators);
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |\n|:---|---:|:---|:---:|",
            w.indicator, w.result, w.breakdown, w.as_of_column
        );
        for i in &s.indicators {
            let parts: Vec<String> = i
                .breakdown
                .iter()
                .map(|(l, v)| format!("{l} {}{}", amount(*v), i.unit))
                .collect();
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                i.name,
                i.display,
                parts.join(", "),
                i.as_of.map(|d| d.to_string()).unwrap_or_default()
            );
        }
    }
    if let Some(t) = &s.target_table {
        let _ = writeln!(o, "\n**{}**\n", w.targets);
        o.push_str(&table(t));
    }
    let _ = writeln!(o, "\n**□ {}**\n", s.schedule_heading);
    let mut group: Option<&str> = None;
    for it in &s.schedule {
        if it.group.as_deref() != group {
            group = it.group.as_deref();
            if let Some(g) = group {
                let _ = writeln!(o, "- {g}");
            }
        }
        let indent = if group.is_some() { "  " } else { "" };
        let period = it
            .period
            .as_ref()
            .map(|p| format!(" : {p}"))
            .unwrap_or_default();
        let _ = writeln!(o, "{indent}- {}{period}", it.text);
    }
    o.push('\n');
}

fn labelled(o: &mut String, label: &str, lines: &[String]) {
    let mut it = lines.iter();
    if let Some(first) = it.next() {
        let _ = writeln!(o, "- ({label}) {first}");
    }
    for l in it {
        let _ = writeln!(o, "  - {l}");
    }
}
