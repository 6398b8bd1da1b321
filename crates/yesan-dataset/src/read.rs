//! Reading a dataset: TOML → raw records with source spans → domain types,
//! collecting every problem with its place in the file.

use crate::error::DatasetError;
use crate::source::Source;
use std::ops::Range;
use toml::Spanned;
use yesan_domain::EconomicCode;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::budget::{Budget, BudgetLine, Category, LineKind};
use yesan_domain::code::{LineCode, ProjectCode, UnitCode};
use yesan_domain::curve::{ExpectedCurve, MonthlyCurve};
use yesan_domain::dataset::{Dataset, Locator, Problem};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::institution::Institution;
use yesan_domain::money::MoneyUnit;
use yesan_domain::org::{Contact, DutyGroup, Organization, Unit, UnitKind};
use yesan_domain::project::Program;
use yesan_domain::staffing::{GradeRow, OutsideQuota, Staffing};
use yesan_domain::text;

use crate::ctx::*;
use crate::projects::convert_projects;
use crate::raw::*;
/// The one-year format, still read.
pub(crate) const FORMAT: &str = "yesan-dataset/1";

/// The format version with several years.
pub const FORMAT_2: &str = "yesan-dataset/2";

/// The text of a dataset file (UTF-8, without a byte order mark).
pub(crate) fn text_of<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, DatasetError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let offset = e.valid_up_to();
            // The valid prefix is text, so lines and columns can be counted on it.
            let prefix = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            let (line, column) = Source {
                name: file,
                text: prefix,
            }
            .line_col(offset);
            return Err(DatasetError::NotUtf8 {
                file: file.to_owned(),
                line,
                column,
                offset,
            });
        }
    };
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Deserializes the whole document as `T`, or the one TOML error placed.
pub(crate) fn from_toml<T: serde::de::DeserializeOwned>(
    ctx: &Ctx<'_>,
    text: &str,
) -> Result<T, DatasetError> {
    toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        let field = ctx
            .src
            .key_before(&span)
            .or_else(|| missing_field(e.message()));
        let msg = describe_toml_error(e.message());
        DatasetError::Invalid(vec![ctx.at_span(&span, field, msg, None)])
    })
}

/// Parses a `yesan-dataset/1` document (the format line is checked here).
pub(crate) fn parse_v1(ctx: &mut Ctx<'_>) -> Result<Dataset, DatasetError> {
    let raw: RawDataset = from_toml(ctx, ctx.src.text)?;
    let dataset = convert(ctx, raw);
    match dataset {
        Some(d) if ctx.problems.is_empty() => Ok(d),
        _ => Err(DatasetError::Invalid(std::mem::take(&mut ctx.problems))),
    }
}

fn missing_field(message: &str) -> Option<String> {
    let rest = message.split("missing field `").nth(1)?;
    rest.split('`').next().map(ToOwned::to_owned)
}

fn describe_toml_error(message: &str) -> String {
    let m = message.trim();
    let ko = if m.starts_with("missing field") {
        "필수 항목이 없습니다"
    } else if m.starts_with("invalid type") {
        "값의 형식이 틀렸습니다"
    } else if m.starts_with("unknown field") {
        "알 수 없는 항목입니다"
    } else if m.starts_with("duplicate key") {
        "같은 항목이 두 번 있습니다"
    } else {
        "TOML 문법 오류"
    };
    format!("{ko} / {m}")
}

fn convert(ctx: &mut Ctx<'_>, raw: RawDataset) -> Option<Dataset> {
    if raw.format.get_ref() != FORMAT {
        let span = raw.format.span();
        ctx.fail(
            Locator::Dataset { field: "format" },
            &span,
            Problem::Invalid {
                reason: {
                    let f = text::quoted(raw.format.get_ref());
                    yesan_domain::text!(
                        "지원하지 않는 형식 '{f}'입니다. '{FORMAT_2}' 또는 '{FORMAT}'를 쓰세요",
                        "unsupported format '{f}'; expected '{FORMAT_2}' or '{FORMAT}'"
                    )
                },
            },
        );
    }
    let RawDataset {
        format: _,
        institution,
        org,
        staffing,
        budget,
        programs,
        projects,
        execution,
    } = raw;
    convert_year(
        ctx,
        RawParts {
            institution: Some(institution),
            org: Some(org),
            staffing: Some(staffing),
            budget,
            programs,
            projects,
            execution,
        },
        None,
    )
}

/// A year's records, each part optional where a past year may leave it out.
pub(crate) struct RawParts {
    pub(crate) institution: Option<S<RawInstitution>>,
    pub(crate) org: Option<RawOrg>,
    pub(crate) staffing: Option<S<RawStaffing>>,
    pub(crate) budget: RawBudget,
    pub(crate) programs: Vec<S<RawProgram>>,
    pub(crate) projects: Vec<S<RawProject>>,
    pub(crate) execution: Option<RawExecution>,
}

/// Converts one year. A year without `[institution]` takes `fallback`'s
/// (names and texts) as of 12-31 of its fiscal year; without an
/// organisation or staffing table it has none.
pub(crate) fn convert_year(
    ctx: &mut Ctx<'_>,
    raw: RawParts,
    fallback: Option<&Institution>,
) -> Option<Dataset> {
    let fy = *raw.budget.fiscal_year.get_ref();
    let end = yesan_domain::prior::year_end(fy);
    let institution = match (raw.institution, fallback) {
        (Some(r), _) => convert_institution(ctx, r),
        (None, Some(f)) => Some(Institution {
            as_of: end,
            fiscal_year: fy,
            ..f.clone()
        }),
        (None, None) => {
            let span = raw.budget.fiscal_year.span();
            ctx.fail(
                Locator::Institution { field: "" },
                &span,
                Problem::Missing {
                    what: "institution",
                },
            );
            None
        }
    };
    let fiscal_year = institution.as_ref().map_or(0, |i| i.fiscal_year);
    let org = match raw.org {
        Some(o) => convert_org(ctx, o),
        None => Organization::new(Vec::new()).ok(),
    };
    let staffing = match raw.staffing {
        Some(s) => convert_staffing(ctx, s),
        None => Staffing::new(end, Vec::new(), Vec::new()).ok(),
    };
    let budget = convert_budget(ctx, raw.budget);
    let programs = convert_programs(ctx, raw.programs);
    let projects = convert_projects(ctx, raw.projects, fiscal_year);
    let entries = convert_entries(ctx, raw.execution);
    let (institution, org, staffing, (budget, amendments, expected), programs, projects, entries) = (
        institution?,
        org?,
        staffing?,
        budget?,
        programs?,
        projects?,
        entries?,
    );
    if budget.fiscal_year() != institution.fiscal_year {
        let span = ctx
            .spans
            .get(&Locator::Institution {
                field: "fiscal_year",
            })
            .cloned()
            .unwrap_or(0..0);
        ctx.fail(
            Locator::Institution {
                field: "fiscal_year",
            },
            &span,
            Problem::Invalid {
                reason: {
                    let fy = budget.fiscal_year();
                    let fj = yesan_domain::message::josa(&fy.to_string(), "과", "와");
                    yesan_domain::text!(
                        "예산의 회계연도 {fj} 다릅니다",
                        "differs from the budget's fiscal year {fy}"
                    )
                },
            },
        );
        return None;
    }
    if !ctx.problems.is_empty() {
        return None;
    }
    match Dataset::new(yesan_domain::Parts {
        institution,
        org,
        staffing,
        budget,
        programs,
        projects,
        amendments,
        expected,
        entries,
    }) {
        Ok(d) => Some(d),
        Err(f) => {
            ctx.place(f);
            None
        }
    }
}

fn convert_institution(ctx: &mut Ctx<'_>, raw: S<RawInstitution>) -> Option<Institution> {
    let span = raw.span();
    let r = raw.into_inner();
    ctx.note(Locator::Institution { field: "" }, span);
    ctx.note(
        Locator::Institution {
            field: "fiscal_year",
        },
        r.fiscal_year.span(),
    );
    ctx.note(Locator::Institution { field: "as_of" }, r.as_of.span());
    let as_of = date(ctx, Locator::Institution { field: "as_of" }, &r.as_of)?;
    Some(Institution {
        name_ko: r.name_ko,
        name_en: r.name_en,
        as_of,
        fiscal_year: *r.fiscal_year.get_ref(),
        phone_prefix: r.phone_prefix,
        purpose: r.purpose,
        purpose_source: r.purpose_source,
        businesses: r.businesses,
    })
}

fn convert_org(ctx: &mut Ctx<'_>, raw: RawOrg) -> Option<Organization> {
    let mut units = Vec::new();
    let mut ok = true;
    for u in raw.units {
        let span = u.span();
        let r = u.into_inner();
        let loc = |field| Locator::Unit {
            code: r.code.get_ref().trim().to_owned(),
            field,
        };
        ctx.note(loc(""), span);
        ctx.note(loc("code"), r.code.span());
        if let Some(p) = &r.parent {
            ctx.note(loc("parent"), p.span());
        }
        let code = code!(ctx, UnitCode, loc("code"), &r.code);
        let parent = match &r.parent {
            Some(p) => code!(ctx, UnitCode, loc("parent"), p).map(Some),
            None => Some(None),
        };
        let kind = UnitKind::parse(r.kind.get_ref());
        if kind.is_none() {
            ctx.fail(
                loc("kind"),
                &r.kind.span(),
                Problem::Invalid {
                    reason: {
                        let k = text::quoted(r.kind.get_ref());
                        yesan_domain::text!(
                            "조직 구분은 실, 본부, 팀 가운데 하나입니다('{k}'이 아님)",
                            "kind must be 실, 본부 or 팀, not '{k}'"
                        )
                    },
                },
            );
        }
        match (code, parent, kind) {
            (Some(code), Some(parent), Some(kind)) => units.push(Unit {
                code,
                name: r.name,
                kind,
                parent,
                head: r.head.map(|h| Contact {
                    name: h.name,
                    ext: h.ext,
                }),
                duties: r
                    .duties
                    .into_iter()
                    .map(|d| DutyGroup {
                        title: d.title,
                        items: d.items,
                    })
                    .collect(),
                note: r.note,
            }),
            _ => ok = false,
        }
    }
    if !ok {
        return None;
    }
    Organization::new(units).map_err(|f| ctx.place(f)).ok()
}

fn convert_staffing(ctx: &mut Ctx<'_>, raw: S<RawStaffing>) -> Option<Staffing> {
    let span = raw.span();
    let r = raw.into_inner();
    ctx.note(
        Locator::Staffing {
            row: None,
            field: "",
        },
        span,
    );
    for (i, g) in r.grades.iter().enumerate() {
        ctx.note(
            Locator::Staffing {
                row: Some(i),
                field: "",
            },
            g.span(),
        );
    }
    let as_of = date(
        ctx,
        Locator::Staffing {
            row: None,
            field: "as_of",
        },
        &r.as_of,
    )?;
    let grades = r.grades.into_iter().map(|g| {
        let g = g.into_inner();
        GradeRow {
            grade: g.grade,
            authorized: g.authorized,
            current: g.current,
        }
    });
    let outside = r
        .outside_quota
        .into_iter()
        .map(|o| OutsideQuota {
            kind: o.kind,
            count: o.count,
        })
        .collect();
    Staffing::new(as_of, grades.collect(), outside)
        .map_err(|f| ctx.place(f))
        .ok()
}

fn convert_budget(
    ctx: &mut Ctx<'_>,
    raw: RawBudget,
) -> Option<(Budget, Vec<Amendment>, ExpectedCurve)> {
    let unit = unit_of(
        ctx,
        Locator::Dataset {
            field: "budget.unit",
        },
        &raw.unit,
    );
    let mut lines = Vec::new();
    let mut ok = true;
    for l in raw.lines {
        let span = l.span();
        let r = l.into_inner();
        let key = r.code.get_ref().trim().to_owned();
        let loc = |field| Locator::BudgetLine {
            code: key.clone(),
            field,
        };
        ctx.note(loc(""), span);
        ctx.note(loc("code"), r.code.span());
        ctx.note(loc("kind"), r.kind.span());
        for (field, v) in [
            ("parent", r.parent.as_ref().map(Spanned::span)),
            ("category", r.category.as_ref().map(Spanned::span)),
            ("economic", r.economic.as_ref().map(Spanned::span)),
        ] {
            if let Some(s) = v {
                ctx.note(loc(field), s);
            }
        }
        for (field, v) in [("amount", r.amount.as_ref()), ("prior", r.prior.as_ref())] {
            if let Some(v) = v {
                ctx.note(loc(field), v.span());
            }
        }
        let code = code!(ctx, LineCode, loc("code"), &r.code);
        let parent = match &r.parent {
            Some(p) => code!(ctx, LineCode, loc("parent"), p).map(Some),
            None => Some(None),
        };
        let kind = LineKind::parse(r.kind.get_ref());
        if kind.is_none() {
            ctx.fail(
                loc("kind"),
                &r.kind.span(),
                Problem::Invalid {
                    reason: {
                        let k = text::quoted(r.kind.get_ref());
                        yesan_domain::text!(
                            "kind는 revenue 또는 expenditure입니다('{k}'이 아님)",
                            "kind must be revenue or expenditure, not '{k}'"
                        )
                    },
                },
            );
        }
        let category = match &r.category {
            None => Some(None),
            Some(c) => match Category::parse(c.get_ref()) {
                Some(c) => Some(Some(c)),
                None => {
                    ctx.fail(loc("category"), &c.span(), Problem::Invalid { reason: { let k = text::quoted(c.get_ref()); yesan_domain::text!("category는 personnel, operating, program, reserve 가운데 하나입니다('{k}'이 아님)", "category must be personnel, operating, program or reserve, not '{k}'") } });
                    None
                }
            },
        };
        let economic = match &r.economic {
            None => Some(None),
            Some(e) => match EconomicCode::parse(e.get_ref()) {
                Ok(c) => Some(Some(c)),
                Err(err) => {
                    ctx.fail(
                        loc("economic"),
                        &e.span(),
                        Problem::Invalid {
                            reason: yesan_domain::Localized::text(&err),
                        },
                    );
                    None
                }
            },
        };
        let amount = r
            .amount
            .as_ref()
            .map(|a| money(ctx, loc("amount"), a, unit));
        let prior = r.prior.as_ref().map(|a| money(ctx, loc("prior"), a, unit));
        let converted = !matches!(amount, Some(None)) && !matches!(prior, Some(None));
        match (code, parent, kind, category, economic) {
            (Some(code), Some(parent), Some(kind), Some(category), Some(economic)) if converted => {
                lines.push(BudgetLine {
                    code,
                    kind,
                    category,
                    name: r.name,
                    parent,
                    amount: amount.flatten(),
                    prior: prior.flatten(),
                    view_name: r.view_name,
                    economic,
                })
            }
            _ => ok = false,
        }
    }
    let amendments = convert_amendments(ctx, raw.amendments, unit);
    let expected = match &raw.prior_curve {
        None => Some(ExpectedCurve::StraightLine),
        Some(c) => {
            let loc = Locator::Dataset {
                field: "budget.prior_curve",
            };
            let months: Result<[u16; 12], _> = c.get_ref().as_slice().try_into();
            match months
                .map_err(|_| {
                    yesan_domain::Text::new(
                        "월별 누계 집행률 12개(천분율)가 필요합니다",
                        "prior_curve needs 12 cumulative monthly rates in tenths of a percent",
                    )
                })
                .and_then(MonthlyCurve::new)
            {
                Ok(m) => Some(ExpectedCurve::PriorYear(m)),
                Err(reason) => {
                    ctx.fail(loc, &c.span(), Problem::Invalid { reason });
                    None
                }
            }
        }
    };
    if !ok {
        return None;
    }
    let budget = Budget::new(*raw.fiscal_year.get_ref(), raw.prior_label, lines)
        .map_err(|f| ctx.place(f))
        .ok()?;
    Some((budget, amendments?, expected?))
}

fn convert_amendments(
    ctx: &mut Ctx<'_>,
    raw: Vec<S<RawAmendment>>,
    unit: MoneyUnit,
) -> Option<Vec<Amendment>> {
    let mut out = Vec::new();
    let mut ok = true;
    for a in raw {
        let span = a.span();
        let r = a.into_inner();
        let key = r.no.get_ref().trim().to_owned();
        let loc = |field| Locator::Amendment {
            no: key.clone(),
            field,
        };
        ctx.note(loc(""), span);
        ctx.note(loc("no"), r.no.span());
        ctx.note(loc("date"), r.date.span());
        ctx.note(loc("kind"), r.kind.span());
        let date = date(ctx, loc("date"), &r.date);
        let kind = AmendmentKind::parse(r.kind.get_ref());
        if kind.is_none() {
            ctx.fail(loc("kind"), &r.kind.span(), Problem::Invalid {
                reason: {
                    let k = text::quoted(r.kind.get_ref());
                    yesan_domain::text!(
                        "구분은 original, supplementary, transfer, carryover(본예산, 추경, 전용·이용, 이월) 가운데 하나입니다('{k}'이 아님)",
                        "kind must be original, supplementary, transfer or carryover, not '{k}'"
                    )
                },
            });
        }
        let mut changes = Vec::new();
        for c in &r.changes {
            ctx.note(loc("line"), c.get_ref().line.span());
            ctx.note(loc("amount"), c.get_ref().amount.span());
            let line = code!(ctx, LineCode, loc("line"), &c.get_ref().line);
            let delta = money(ctx, loc("amount"), &c.get_ref().amount, unit);
            match (line, delta) {
                (Some(line), Some(delta)) => changes.push(LineDelta { line, delta }),
                _ => ok = false,
            }
        }
        match (date, kind) {
            (Some(date), Some(kind)) => out.push(Amendment {
                no: key.clone(),
                date,
                kind,
                note: r.note,
                changes,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn convert_programs(ctx: &mut Ctx<'_>, raw: Vec<S<RawProgram>>) -> Option<Vec<Program>> {
    let mut out = Vec::new();
    let mut ok = true;
    for p in raw {
        let span = p.span();
        let r = p.into_inner();
        let key = r.code.get_ref().trim().to_owned();
        let loc = |field| Locator::Program {
            code: key.clone(),
            field,
        };
        ctx.note(loc(""), span);
        ctx.note(loc("code"), r.code.span());
        ctx.note(loc("line"), r.line.span());
        match (
            code!(ctx, ProjectCode, loc("code"), &r.code),
            code!(ctx, LineCode, loc("line"), &r.line),
        ) {
            (Some(code), Some(line)) => out.push(Program { code, line }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

fn convert_entries(ctx: &mut Ctx<'_>, raw: Option<RawExecution>) -> Option<Vec<Entry>> {
    let Some(raw) = raw else {
        return Some(Vec::new());
    };
    let unit = unit_of(
        ctx,
        Locator::Dataset {
            field: "execution.unit",
        },
        &raw.unit,
    );
    let mut out = Vec::new();
    let mut ok = true;
    for e in raw.entries {
        let span = e.span();
        let r = e.into_inner();
        let key = r.doc_no.get_ref().trim().to_owned();
        let loc = |field| Locator::Entry {
            doc_no: key.clone(),
            field,
        };
        // The first record with a doc_no owns its spans; a duplicate is
        // located by its own doc_no span below.
        if ctx.spans.contains_key(&loc("")) {
            ctx.fail(
                loc("doc_no"),
                &r.doc_no.span(),
                Problem::Duplicate {
                    what: "document number",
                    key: key.clone(),
                },
            );
            ok = false;
            continue;
        }
        ctx.note(loc(""), span.clone());
        for (field, s) in [
            ("doc_no", r.doc_no.span()),
            ("line", r.line.span()),
            ("amount", r.amount.span()),
            ("date", r.date.span()),
            ("kind", r.kind.span()),
        ] {
            ctx.note(loc(field), s);
        }
        if let Some(rf) = &r.reference {
            ctx.note(loc("ref"), rf.span());
        }
        if key.is_empty() {
            ctx.fail(
                loc("doc_no"),
                &r.doc_no.span(),
                Problem::Missing { what: "doc_no" },
            );
            ok = false;
            continue;
        }
        // Free text from outside: no control characters, bounded length.
        let mut texts_ok = true;
        type Check = fn(&str) -> Result<(), text::TextError>;
        let texts: [(&str, Option<&str>, Range<usize>, Check); 4] = [
            (
                "doc_no",
                Some(key.as_str()),
                r.doc_no.span(),
                text::check_doc_no,
            ),
            (
                "ref",
                r.reference.as_ref().map(|s| s.get_ref().trim()),
                r.reference.as_ref().map_or(span.clone(), Spanned::span),
                text::check_doc_no,
            ),
            (
                "counterparty",
                r.counterparty.as_deref(),
                span.clone(),
                text::check_free_text,
            ),
            (
                "memo",
                r.memo.as_deref(),
                span.clone(),
                text::check_free_text,
            ),
        ];
        for (field, value, at, check) in texts {
            if let Some(Err(e)) = value.map(check) {
                ctx.fail(
                    loc(field),
                    &at,
                    Problem::Invalid {
                        reason: yesan_domain::Localized::text(&e),
                    },
                );
                texts_ok = false;
            }
        }
        ok &= texts_ok;
        let date = date(ctx, loc("date"), &r.date);
        let kind = EntryKind::parse(r.kind.get_ref());
        if kind.is_none() {
            ctx.fail(loc("kind"), &r.kind.span(), Problem::Invalid { reason: { let k = text::quoted(r.kind.get_ref()); yesan_domain::text!("구분은 commit, disburse, commit_cancel, disburse_cancel(원인행위, 지출, 원인행위취소, 지출취소) 가운데 하나입니다('{k}'이 아님)", "kind must be commit, disburse, commit_cancel or disburse_cancel, not '{k}'") } });
        }
        let line = code!(ctx, LineCode, loc("line"), &r.line);
        let amount = money(ctx, loc("amount"), &r.amount, unit);
        match (date, kind, line, amount) {
            (Some(date), Some(kind), Some(line), Some(amount)) => out.push(Entry {
                doc_no: key.clone(),
                date,
                kind,
                line,
                amount,
                reference: r.reference.map(|s| s.into_inner().trim().to_owned()),
                counterparty: r.counterparty,
                memo: r.memo,
            }),
            _ => ok = false,
        }
    }
    ok.then_some(out)
}
