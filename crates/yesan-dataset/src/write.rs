//! Writing a dataset back in the file format, laid out like the hand-made
//! default file so that an export can be diffed against it.

use crate::file::{FORMAT_2, InstitutionFile};
use std::fmt::Write as _;
use yesan_domain::money::{MoneyUnit, Won};
use yesan_domain::outline::Outline;
use yesan_domain::prior::{LineMapping, Split};
use yesan_domain::{Dataset, PriorSource};

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

/// Writes `d` in the dataset format (`yesan-dataset/2`, one institution
/// with the code [`yesan_domain::DEFAULT_INSTITUTION`] and one year).
/// Computed priors are not written: they are recomputed from the previous
/// year when it is recorded. `parse(write(d)) == d` for a dataset of one
/// recorded year.
pub fn write(d: &Dataset) -> String {
    write_file(&InstitutionFile {
        code: crate::file::default_code(),
        years: vec![d.clone()],
        mappings: Default::default(),
        policy: Default::default(),
    })
}

/// Writes an institution's years in the dataset format (`yesan-dataset/2`).
/// `parse_file(write_file(f)) == f`.
pub fn write_file(f: &InstitutionFile) -> String {
    let mut o = String::new();
    // Infallible: writing to a String.
    let _ = write_years(&mut o, f);
    o
}

fn write_years(o: &mut String, f: &InstitutionFile) -> std::fmt::Result {
    let Some(last) = f.years.last() else {
        writeln!(o, "format = {}\ncode = {}", s(FORMAT_2), s(f.code.as_str()))?;
        return Ok(());
    };
    let i = &last.institution;
    writeln!(
        o,
        "# Yesan 데이터셋 / dataset — {} (형식/format: docs/dataset-format.md)",
        i.name_ko
    )?;
    writeln!(o, "format = {}\ncode = {}", s(FORMAT_2), s(f.code.as_str()))?;
    if f.policy != yesan_domain::policy::Policy::default() {
        writeln!(o, "\n[settings]")?;
        for (key, value) in f.policy.pairs() {
            let v = if key == "basis_rounding" {
                s(&value)
            } else {
                value
            };
            writeln!(o, "{key} = {v}")?;
        }
    }
    for d in &f.years {
        let fy = d.budget.fiscal_year();
        let end = yesan_domain::prior::year_end(fy);
        let derived = yesan_domain::institution::Institution {
            as_of: end,
            fiscal_year: fy,
            ..i.clone()
        };
        let omit = Omit {
            institution: !std::ptr::eq(d, last) && d.institution == derived,
            org: d.org.units().is_empty(),
            staffing: d.staffing.grades.is_empty()
                && d.staffing.outside_quota.is_empty()
                && d.staffing.as_of == end,
        };
        writeln!(o, "\n# ── {fy}년 / fiscal year {fy} ──\n\n[[years]]")?;
        write_all(o, d, "years.", omit, f.mappings_of(fy))?;
    }
    Ok(())
}

/// Parts of a year the reader can derive, so not written.
#[derive(Clone, Copy)]
struct Omit {
    institution: bool,
    org: bool,
    staffing: bool,
}

fn write_all(
    o: &mut String,
    d: &Dataset,
    pre: &str,
    omit: Omit,
    mappings: &[LineMapping],
) -> std::fmt::Result {
    if !omit.institution {
        write_institution(o, &d.institution, pre)?;
    }
    for u in d.org.units().iter().filter(|_| !omit.org) {
        writeln!(
            o,
            "\n[[{pre}org.units]]\ncode = {}\nname = {}\nkind = {}",
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

    if !omit.staffing {
        write_staffing(o, &d.staffing, pre)?;
    }
    write_budget(o, d, pre, mappings)
}

fn write_staffing(
    o: &mut String,
    st: &yesan_domain::staffing::Staffing,
    pre: &str,
) -> std::fmt::Result {
    writeln!(o, "\n[{pre}staffing]\nas_of = {}\ngrades = [", st.as_of)?;
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
    Ok(())
}

fn write_budget(
    o: &mut String,
    d: &Dataset,
    pre: &str,
    mappings: &[LineMapping],
) -> std::fmt::Result {
    let b = &d.budget;
    // Computed priors come from the previous year, not from the file.
    let typed = b.prior_source() == PriorSource::Typed;
    let unit = unit_for(
        b.lines()
            .iter()
            .flat_map(|l| [l.amount, l.prior.filter(|_| typed)])
            .flatten()
            .chain(mappings.iter().flat_map(|m| match &m.split {
                Some(Split::Amounts(a)) => a.clone(),
                _ => Vec::new(),
            }))
            .chain(
                d.amendments
                    .iter()
                    .flat_map(|a| a.changes.iter().map(|c| c.delta)),
            ),
    );
    writeln!(
        o,
        "\n[{pre}budget]\nfiscal_year = {}\nunit = {}\nprior_label = {}",
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
            "\n[[{pre}budget.lines]]\ncode = {}\nkind = {}",
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
        if let Some(a) = l.prior.filter(|_| typed) {
            writeln!(o, "prior = {}", amount(a, unit))?;
        }
        if let Some(v) = &l.view_name {
            writeln!(o, "view_name = {}", s(v))?;
        }
        if let Some(e) = l.economic {
            writeln!(o, "economic = {}", s(&e.to_string()))?;
        }
    }

    for a in &d.amendments {
        writeln!(
            o,
            "\n[[{pre}budget.amendments]]\nno = {}\ndate = {}\nkind = {}\nnote = {}\nchanges = [",
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
            "\n[[{pre}programs]]\ncode = {}\nline = {}",
            s(p.code.as_str()),
            s(p.line.as_str())
        )?;
    }

    for p in &d.projects {
        writeln!(
            o,
            "\n[[{pre}projects]]\ncode = {}\nprogram = {}\nline = {}\ntitle = {}",
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
                "\n[[{pre}projects.indicators]]\nid = {}\nname = {}\nvalue = {}\nunit = {}",
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
            writeln!(o, "\n[[{pre}projects.schedule]]\ntext = {}", s(&it.text))?;
            if let Some(per) = &it.period {
                writeln!(o, "period = {}", s(&per.label))?;
            }
            if let Some(g) = &it.group {
                writeln!(o, "group = {}", s(g))?;
            }
        }
    }

    write_mappings(o, pre, mappings, unit)?;
    let entries = d.ledger.entries();
    if entries.is_empty() {
        return Ok(());
    }
    let unit = unit_for(entries.iter().map(|e| e.amount));
    writeln!(o, "\n[{pre}execution]\nunit = {}", s(unit.as_str()))?;
    for e in entries {
        writeln!(
            o,
            "\n[[{pre}execution.entries]]\ndoc_no = {}\ndate = {}\nkind = {}\nline = {}\namount = {}",
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

fn write_institution(
    o: &mut String,
    i: &yesan_domain::institution::Institution,
    pre: &str,
) -> std::fmt::Result {
    writeln!(o, "\n[{pre}institution]")?;
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
    Ok(())
}

fn write_mappings(
    o: &mut String,
    pre: &str,
    mappings: &[LineMapping],
    unit: MoneyUnit,
) -> std::fmt::Result {
    let codes =
        |c: &[yesan_domain::LineCode]| list(&c.iter().map(ToString::to_string).collect::<Vec<_>>());
    for m in mappings {
        writeln!(
            o,
            "\n[[{pre}mappings]]\nfrom = {}\nto = {}",
            codes(&m.from),
            codes(&m.to)
        )?;
        match &m.split {
            Some(Split::Ratios(r)) => {
                let r: Vec<String> = r.iter().map(ToString::to_string).collect();
                writeln!(o, "ratios = [{}]", r.join(", "))?;
            }
            Some(Split::Amounts(a)) => {
                let a: Vec<String> = a.iter().map(|w| amount(*w, unit)).collect();
                writeln!(o, "amounts = [{}]", a.join(", "))?;
            }
            None => {}
        }
        if !m.note.is_empty() {
            writeln!(o, "note = {}", s(&m.note))?;
        }
    }
    Ok(())
}
