//! The report as GitHub-flavoured Markdown: readable as plain text on a
//! terminal, and rendered as tables on any Markdown viewer.

use crate::model::{OrgNode, OutlineView, Report, Sheet};
use crate::table::{Align, Table};
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

fn org(o: &mut String, nodes: &[OrgNode], depth: usize) {
    for n in nodes {
        let head = n
            .head
            .as_ref()
            .map(|h| format!(" ({h})"))
            .unwrap_or_default();
        let _ = writeln!(o, "{}- {}{head}", "  ".repeat(depth), n.name);
        org(o, &n.children, depth + 1);
    }
}

const CIRCLED: [&str; 10] = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"];

/// Renders the whole report.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let m = &r.meta;
    let g = &r.general;
    let _ = writeln!(o, "# {} {}\n", m.name_ko, m.title);
    let _ = writeln!(
        o,
        "*{} — business status report {}, as of {}*\n",
        m.name_en, m.fiscal_year, m.as_of
    );

    let _ = writeln!(o, "## Ⅰ. 일반현황\n");
    let _ = writeln!(o, "### □ 설립목적 및 사업\n");
    let _ = writeln!(o, "**ㅇ 설립목적**\n");
    let source = if g.purpose_source.is_empty() {
        String::new()
    } else {
        format!("({})", g.purpose_source)
    };
    let _ = writeln!(o, "{}{source}\n", g.purpose);
    let _ = writeln!(o, "**ㅇ 목적사업**\n");
    for (i, b) in g.businesses.iter().enumerate() {
        let _ = writeln!(o, "{}. {b}", i + 1);
    }
    let _ = writeln!(o, "\n### □ 조직 : {}\n", g.org_summary);
    let _ = writeln!(o, "- 이사장");
    org(&mut o, &g.org_chart, 1);
    let _ = writeln!(
        o,
        "\n### □ 인력 : {}명 {}\n",
        amount(g.staffing.headcount),
        g.staffing.units
    );
    o.push_str(&table(&g.staffing.table));
    let _ = writeln!(o, "\n### □ 팀별 주요업무\n");
    o.push_str(&table(&g.duties));
    let _ = writeln!(o, "\n### □ {}년도 세입·세출 예산현황\n", m.fiscal_year);
    let _ = writeln!(o, "**ㅇ 세입 총괄**\n");
    o.push_str(&table(&g.revenue_summary.table));
    let _ = writeln!(o, "\n**ㅇ 세출 총괄**\n");
    o.push_str(&table(&g.expenditure_summary.table));
    let _ = writeln!(o, "\n### □ {}년 예산\n", m.fiscal_year);
    o.push_str(&table(&g.program_budget.table));

    let _ = writeln!(o, "\n## Ⅱ. 정책목표 및 추진전략\n");
    for s in &r.strategy {
        let _ = writeln!(
            o,
            "### {} {} ({}천원)\n",
            s.code,
            s.name,
            thousand_won(s.budget)
        );
        for p in &s.projects {
            let _ = writeln!(
                o,
                "- {}. {} — {}, {}천원",
                p.code,
                p.title,
                p.team,
                thousand_won(p.budget)
            );
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## Ⅲ. 주요 현안업무\n");
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
            sheet(&mut o, sh);
        }
    }

    let _ = writeln!(o, "## Ⅳ. {} 세입・세출예산 세부현황\n", m.fiscal_year);
    let _ = writeln!(o, "### □ 세입예산\n");
    o.push_str(&table(&r.detail.revenue.table));
    let _ = writeln!(o, "\n### □ 세출예산 집행현황\n");
    o.push_str(&table(&r.detail.execution_table));
    o
}

fn sheet(o: &mut String, s: &Sheet) {
    let _ = writeln!(o, "#### {}. {}\n", s.code, s.title);
    let contacts: Vec<String> = s
        .contacts
        .iter()
        .map(|c| format!("{} : {} ☎{}", c.role, c.name, c.phone))
        .collect();
    let _ = writeln!(o, "{}\n", contacts.join("  "));
    let _ = writeln!(o, "> {}\n", s.purpose);
    let _ = writeln!(o, "**□ 사업개요**\n");
    labelled(o, "추진배경", &s.background);
    labelled(o, "사업내용", &s.content);
    let notes: String = s.budget_notes.iter().map(|n| format!("  ※ {n}")).collect();
    let _ = writeln!(o, "- (사업예산) {}{notes}", s.budget_display);
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
        let _ = writeln!(o, "\n**주요 지표**\n");
        let _ = writeln!(o, "| 지표 | 실적 | 세부 | 기준일 |\n|:---|---:|:---|:---:|");
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
