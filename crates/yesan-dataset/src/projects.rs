//! Project sheets: each record converted into a `Project`, its outline's
//! lines located in the file (a multi-line string starts on the line after
//! its quotes).

use crate::error::Located;
use crate::source::Source;
use std::ops::Range;
use toml::Spanned;
use yesan_domain::code::{LineCode, ProjectCode, UnitCode};
use yesan_domain::dataset::{Finding, Locator, Problem};
use yesan_domain::org::Contact;
use yesan_domain::outline::Outline;
use yesan_domain::period::Period;
use yesan_domain::project::{Indicator, Part, Project, ScheduleItem};

use crate::ctx::*;
use crate::raw::*;

/// Line offset of a string value's first content line: a multi-line string
/// starts on the line after its opening quotes.
pub(crate) fn content_start(src: &Source<'_>, span: &Range<usize>) -> usize {
    let (line, _) = src.line_col(span.start);
    let v = &src.text[span.start.min(src.text.len())..];
    let multiline =
        (v.starts_with("\"\"\"") || v.starts_with("'''")) && v[3..].starts_with(['\n', '\r']);
    if multiline { line + 1 } else { line }
}

pub(crate) fn convert_projects(
    ctx: &mut Ctx<'_>,
    raw: Vec<S<RawProject>>,
    fiscal_year: i32,
) -> Option<Vec<Project>> {
    let mut out = Vec::new();
    let mut ok = true;
    for p in raw {
        let span = p.span();
        let r = p.into_inner();
        let key = r.code.get_ref().trim().to_owned();
        let loc = |field| Locator::Project {
            code: key.clone(),
            field,
        };
        ctx.note(loc(""), span);
        for (field, v) in [
            ("code", &r.code),
            ("program", &r.program),
            ("line", &r.line),
            ("executive", &r.executive),
            ("team", &r.team),
        ] {
            ctx.note(loc(field), v.span());
        }
        ctx.note(loc("achievements"), r.achievements.span());
        let code = code!(ctx, ProjectCode, loc("code"), &r.code);
        let program = code!(ctx, ProjectCode, loc("program"), &r.program);
        let line = code!(ctx, LineCode, loc("line"), &r.line);
        let executive = code!(ctx, UnitCode, loc("executive"), &r.executive);
        let team = code!(ctx, UnitCode, loc("team"), &r.team);
        let achievements = match Outline::parse(r.achievements.get_ref()) {
            Ok(o) => Some(o),
            Err(e) => {
                let line_no = content_start(&ctx.src, &r.achievements.span()) + e.line - 1;
                let finding =
                    Finding::invalid(loc("achievements"), yesan_domain::Localized::text(&e));
                ctx.problems.push(Located {
                    file: ctx.src.name.to_owned(),
                    line: Some(line_no),
                    column: None,
                    field: Some("achievements".into()),
                    message: finding.to_string(),
                    finding: Some(finding),
                });
                None
            }
        };
        let mut indicators = Vec::new();
        for ind in r.indicators {
            let ispan = ind.span();
            let i = ind.into_inner();
            let iloc = |field| Locator::Indicator {
                project: key.clone(),
                id: i.id.get_ref().clone(),
                field,
            };
            ctx.note(iloc(""), ispan);
            ctx.note(iloc("id"), i.id.span());
            if let Some(b) = &i.breakdown {
                ctx.note(iloc("breakdown"), b.span());
            }
            let as_of = match &i.as_of {
                Some(d) => match date(ctx, iloc("as_of"), d) {
                    Some(d) => Some(d),
                    None => {
                        ok = false;
                        None
                    }
                },
                None => None,
            };
            indicators.push(Indicator {
                id: i.id.get_ref().clone(),
                name: i.name,
                value: i.value,
                unit: i.unit,
                as_of,
                breakdown: i
                    .breakdown
                    .map(Spanned::into_inner)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|b| Part {
                        label: b.label,
                        value: b.value,
                    })
                    .collect(),
            });
        }
        let mut schedule = Vec::new();
        for (index, item) in r.schedule.into_iter().enumerate() {
            let sspan = item.span();
            let s = item.into_inner();
            let sloc = |field| Locator::Schedule {
                project: key.clone(),
                index,
                field,
            };
            ctx.note(sloc(""), sspan);
            let period = match &s.period {
                None => None,
                Some(p) => match Period::parse(p.get_ref(), fiscal_year) {
                    Ok(p) => Some(p),
                    Err(e) => {
                        ctx.fail(
                            sloc("period"),
                            &p.span(),
                            Problem::Invalid {
                                reason: yesan_domain::Localized::text(&e),
                            },
                        );
                        ok = false;
                        None
                    }
                },
            };
            schedule.push(ScheduleItem {
                text: s.text,
                period,
                group: s.group,
            });
        }
        match (code, program, line, executive, team, achievements) {
            (
                Some(code),
                Some(program),
                Some(line),
                Some(executive),
                Some(team),
                Some(achievements),
            ) => out.push(Project {
                code,
                program,
                line,
                title: r.title,
                executive,
                team,
                officer: Contact {
                    name: r.officer.name,
                    ext: r.officer.ext,
                },
                purpose: r.purpose,
                background: r.background,
                content: r.content,
                budget_notes: r.budget_notes,
                achievements_heading: r.achievements_heading,
                schedule_heading: r.schedule_heading,
                achievements,
                indicators,
                schedule,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
