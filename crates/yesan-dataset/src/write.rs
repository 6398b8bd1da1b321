//! Writing a dataset back in the file format, laid out like the hand-made
//! default file so that an export can be diffed against it.

use std::fmt::Write as _;
use yesan_domain::Dataset;
use yesan_domain::money::{MoneyUnit, Won};
use yesan_domain::outline::Outline;

/// A TOML string literal: multi-line when the text has line breaks and
/// nothing that would need escaping in that form, else a basic string.
fn s(v: &str) -> String {
    toml::Value::String(v.to_owned()).to_string()
}

fn outline(o: &Outline) -> String {
    let src = o.source();
    let plain = !src.contains("\"\"\"")
        && !src.contains('\\')
        && !src.starts_with(['\n', '\r'])
        && src.chars().all(|c| c == '\n' || !c.is_control());
    if plain && !src.is_empty() {
        let body = if src.ends_with('\n') {
            src.to_owned()
        } else {
            format!("{src}\\\n")
        };
        format!("\"\"\"\n{body}\"\"\"")
    } else {
        s(src)
    }
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|i| s(i)).collect::<Vec<_>>().join(", ")
    )
}

/// The unit every amount of a set can be written in exactly.
fn unit_for(amounts: impl Iterator<Item = Won>) -> MoneyUnit {
    let mut all = amounts;
    if all.all(|w| w.get() % 1000 == 0) {
        MoneyUnit::Thousand
    } else {
        MoneyUnit::Won
    }
}

fn amount(w: Won, unit: MoneyUnit) -> String {
    let v = w.get() / unit.factor();
    let neg = v < 0;
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('_');
        }
        out.push(ch);
    }
    if neg { format!("-{out}") } else { out }
}

/// Writes `d` in the dataset format. `parse(write(d)) == d`.
pub fn write(d: &Dataset) -> String {
    let mut o = String::new();
    let i = &d.institution;
    // Infallible: writing to a String.
    let _ = write_all(&mut o, d, i);
    o
}

fn write_all(
    o: &mut String,
    d: &Dataset,
    i: &yesan_domain::institution::Institution,
) -> std::fmt::Result {
    writeln!(
        o,
        "# Yesan 데이터셋 / dataset — {} {} (형식/format: docs/dataset-format.md)",
        i.name_ko, i.fiscal_year
    )?;
    writeln!(o, "format = {}", s(crate::read::FORMAT))?;
    writeln!(o, "\n[institution]")?;
    writeln!(
        o,
        "name_ko = {}\nname_en = {}\nas_of = {}\nfiscal_year = {}",
        s(&i.name_ko),
        s(&i.name_en),
        i.as_of,
        i.fiscal_year
    )?;
    writeln!(
        o,
        "phone_prefix = {}\npurpose = {}\npurpose_source = {}",
        s(&i.phone_prefix),
        s(&i.purpose),
        s(&i.purpose_source)
    )?;
    writeln!(o, "businesses = [")?;
    for b in &i.businesses {
        writeln!(o, "  {},", s(b))?;
    }
    writeln!(o, "]")?;

    for u in d.org.units() {
        writeln!(
            o,
            "\n[[org.units]]\ncode = {}\nname = {}\nkind = {}",
            s(u.code.as_str()),
            s(&u.name),
            s(u.kind.as_str())
        )?;
        if let Some(p) = &u.parent {
            writeln!(o, "parent = {}", s(p.as_str()))?;
        }
        if let Some(h) = &u.head {
            writeln!(o, "head = {{ name = {}, ext = {} }}", s(&h.name), s(&h.ext))?;
        }
        if !u.duties.is_empty() {
            writeln!(o, "duties = [")?;
            for g in &u.duties {
                let title = g
                    .title
                    .as_ref()
                    .map(|t| format!("title = {}, ", s(t)))
                    .unwrap_or_default();
                writeln!(o, "  {{ {title}items = {} }},", list(&g.items))?;
            }
            writeln!(o, "]")?;
        }
        if let Some(n) = &u.note {
            writeln!(o, "note = {}", s(n))?;
        }
    }

    let st = &d.staffing;
    writeln!(o, "\n[staffing]\nas_of = {}\ngrades = [", st.as_of)?;
    for g in &st.grades {
        writeln!(
            o,
            "  {{ grade = {}, authorized = {}, current = {} }},",
            s(&g.grade),
            g.authorized,
            g.current
        )?;
    }
    writeln!(o, "]\noutside_quota = [")?;
    for q in &st.outside_quota {
        writeln!(o, "  {{ kind = {}, count = {} }},", s(&q.kind), q.count)?;
    }
    writeln!(o, "]")?;

    let b = &d.budget;
    let unit = unit_for(
        b.lines()
            .iter()
            .flat_map(|l| [l.amount, l.prior])
            .flatten()
            .chain(
                d.amendments
                    .iter()
                    .flat_map(|a| a.changes.iter().map(|c| c.delta)),
            ),
    );
    writeln!(
        o,
        "\n[budget]\nfiscal_year = {}\nunit = {}\nprior_label = {}",
        b.fiscal_year(),
        s(unit.as_str()),
        s(b.prior_label())
    )?;
    if let yesan_domain::curve::ExpectedCurve::PriorYear(m) = d.expected {
        let months: Vec<String> = m.0.iter().map(ToString::to_string).collect();
        writeln!(o, "prior_curve = [{}]", months.join(", "))?;
    }
    for l in b.lines() {
        writeln!(
            o,
            "\n[[budget.lines]]\ncode = {}\nkind = {}",
            s(l.code.as_str()),
            s(l.kind.as_str())
        )?;
        if let Some(c) = l.category {
            writeln!(o, "category = {}", s(c.as_str()))?;
        }
        writeln!(o, "name = {}", s(&l.name))?;
        if let Some(p) = &l.parent {
            writeln!(o, "parent = {}", s(p.as_str()))?;
        }
        if let Some(a) = l.amount {
            writeln!(o, "amount = {}", amount(a, unit))?;
        }
        if let Some(a) = l.prior {
            writeln!(o, "prior = {}", amount(a, unit))?;
        }
        if let Some(v) = &l.view_name {
            writeln!(o, "view_name = {}", s(v))?;
        }
    }

    for a in &d.amendments {
        writeln!(
            o,
            "\n[[budget.amendments]]\nno = {}\ndate = {}\nkind = {}\nnote = {}\nchanges = [",
            s(&a.no),
            a.date,
            s(a.kind.as_str()),
            s(&a.note)
        )?;
        for c in &a.changes {
            writeln!(
                o,
                "  {{ line = {}, amount = {} }},",
                s(c.line.as_str()),
                amount(c.delta, unit)
            )?;
        }
        writeln!(o, "]")?;
    }

    for p in &d.programs {
        writeln!(
            o,
            "\n[[programs]]\ncode = {}\nline = {}",
            s(p.code.as_str()),
            s(p.line.as_str())
        )?;
    }

    for p in &d.projects {
        writeln!(
            o,
            "\n[[projects]]\ncode = {}\nprogram = {}\nline = {}\ntitle = {}",
            s(p.code.as_str()),
            s(p.program.as_str()),
            s(p.line.as_str()),
            s(&p.title)
        )?;
        writeln!(
            o,
            "executive = {}\nteam = {}",
            s(p.executive.as_str()),
            s(p.team.as_str())
        )?;
        writeln!(
            o,
            "officer = {{ name = {}, ext = {} }}",
            s(&p.officer.name),
            s(&p.officer.ext)
        )?;
        writeln!(
            o,
            "purpose = {}\nbackground = {}\ncontent = {}",
            s(&p.purpose),
            s(&p.background),
            s(&p.content)
        )?;
        if !p.budget_notes.is_empty() {
            writeln!(o, "budget_notes = {}", list(&p.budget_notes))?;
        }
        if let Some(h) = &p.achievements_heading {
            writeln!(o, "achievements_heading = {}", s(h))?;
        }
        if let Some(h) = &p.schedule_heading {
            writeln!(o, "schedule_heading = {}", s(h))?;
        }
        writeln!(o, "achievements = {}", outline(&p.achievements))?;
        for ind in &p.indicators {
            writeln!(
                o,
                "\n[[projects.indicators]]\nid = {}\nname = {}\nvalue = {}\nunit = {}",
                s(&ind.id),
                s(&ind.name),
                ind.value,
                s(&ind.unit)
            )?;
            if let Some(d) = ind.as_of {
                writeln!(o, "as_of = {d}")?;
            }
            if !ind.breakdown.is_empty() {
                let parts: Vec<String> = ind
                    .breakdown
                    .iter()
                    .map(|b| format!("{{ label = {}, value = {} }}", s(&b.label), b.value))
                    .collect();
                writeln!(o, "breakdown = [ {} ]", parts.join(", "))?;
            }
        }
        for it in &p.schedule {
            writeln!(o, "\n[[projects.schedule]]\ntext = {}", s(&it.text))?;
            if let Some(per) = &it.period {
                writeln!(o, "period = {}", s(&per.label))?;
            }
            if let Some(g) = &it.group {
                writeln!(o, "group = {}", s(g))?;
            }
        }
    }

    let entries = d.ledger.entries();
    let unit = unit_for(entries.iter().map(|e| e.amount));
    writeln!(o, "\n[execution]\nunit = {}", s(unit.as_str()))?;
    for e in entries {
        writeln!(
            o,
            "\n[[execution.entries]]\ndoc_no = {}\ndate = {}\nkind = {}\nline = {}\namount = {}",
            s(&e.doc_no),
            e.date,
            s(e.kind.as_str()),
            s(e.line.as_str()),
            amount(e.amount, unit)
        )?;
        if let Some(r) = &e.reference {
            writeln!(o, "ref = {}", s(r))?;
        }
        if let Some(c) = &e.counterparty {
            writeln!(o, "counterparty = {}", s(c))?;
        }
        if let Some(m) = &e.memo {
            writeln!(o, "memo = {}", s(m))?;
        }
    }
    Ok(())
}
