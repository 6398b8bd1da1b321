//! Reading a dataset: TOML → raw records with source spans → domain types,
//! collecting every problem with its place in the file.

use crate::error::{DatasetError, Located};
use crate::source::Source;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;
use toml::value::Datetime;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::budget::{Budget, BudgetLine, Category, LineKind};
use yesan_domain::code::{LineCode, ProjectCode, UnitCode};
use yesan_domain::curve::{ExpectedCurve, MonthlyCurve};
use yesan_domain::dataset::{Dataset, Finding, Locator, Problem};
use yesan_domain::execution::{Entry, EntryKind};
use yesan_domain::institution::Institution;
use yesan_domain::money::{MoneyUnit, Won};
use yesan_domain::org::{Contact, DutyGroup, Organization, Unit, UnitKind};
use yesan_domain::outline::Outline;
use yesan_domain::period::Period;
use yesan_domain::project::{Indicator, Part, Program, Project, ScheduleItem};
use yesan_domain::staffing::{GradeRow, OutsideQuota, Staffing};
use yesan_domain::text;

/// The format this reader understands.
pub(crate) const FORMAT: &str = "yesan-dataset/1";

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataset {
    format: S<String>,
    institution: S<RawInstitution>,
    org: RawOrg,
    staffing: S<RawStaffing>,
    budget: RawBudget,
    #[serde(default)]
    programs: Vec<S<RawProgram>>,
    #[serde(default)]
    projects: Vec<S<RawProject>>,
    #[serde(default)]
    execution: Option<RawExecution>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstitution {
    name_ko: String,
    name_en: String,
    as_of: S<Datetime>,
    fiscal_year: S<i32>,
    #[serde(default)]
    phone_prefix: String,
    purpose: String,
    #[serde(default)]
    purpose_source: String,
    businesses: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrg {
    units: Vec<S<RawUnit>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    name: String,
    ext: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDuty {
    #[serde(default)]
    title: Option<String>,
    items: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    code: S<String>,
    name: String,
    kind: S<String>,
    #[serde(default)]
    parent: Option<S<String>>,
    #[serde(default)]
    head: Option<RawContact>,
    #[serde(default)]
    duties: Vec<RawDuty>,
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStaffing {
    as_of: S<Datetime>,
    grades: Vec<S<RawGrade>>,
    #[serde(default)]
    outside_quota: Vec<RawOutside>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrade {
    grade: String,
    authorized: u32,
    current: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutside {
    kind: String,
    count: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudget {
    fiscal_year: S<i32>,
    unit: S<String>,
    #[serde(default)]
    prior_label: String,
    lines: Vec<S<RawLine>>,
    #[serde(default)]
    amendments: Vec<S<RawAmendment>>,
    #[serde(default)]
    prior_curve: Option<S<Vec<u16>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAmendment {
    no: S<String>,
    date: S<Datetime>,
    kind: S<String>,
    #[serde(default)]
    note: String,
    changes: Vec<S<RawDelta>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDelta {
    line: S<String>,
    amount: S<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    code: S<String>,
    kind: S<String>,
    #[serde(default)]
    category: Option<S<String>>,
    name: String,
    #[serde(default)]
    parent: Option<S<String>>,
    #[serde(default)]
    amount: Option<S<i64>>,
    #[serde(default)]
    prior: Option<S<i64>>,
    #[serde(default)]
    view_name: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProgram {
    code: S<String>,
    line: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    code: S<String>,
    program: S<String>,
    line: S<String>,
    title: String,
    executive: S<String>,
    team: S<String>,
    officer: RawContact,
    purpose: String,
    background: String,
    content: String,
    #[serde(default)]
    budget_notes: Vec<String>,
    #[serde(default)]
    achievements_heading: Option<String>,
    #[serde(default)]
    schedule_heading: Option<String>,
    achievements: S<String>,
    #[serde(default)]
    indicators: Vec<S<RawIndicator>>,
    #[serde(default)]
    schedule: Vec<S<RawSchedule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: S<String>,
    name: String,
    value: i64,
    unit: String,
    #[serde(default)]
    as_of: Option<S<Datetime>>,
    #[serde(default)]
    breakdown: Option<S<Vec<RawPart>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    label: String,
    value: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchedule {
    text: String,
    #[serde(default)]
    period: Option<S<String>>,
    #[serde(default)]
    group: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExecution {
    unit: S<String>,
    #[serde(default)]
    entries: Vec<S<RawEntry>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    doc_no: S<String>,
    date: S<Datetime>,
    kind: S<String>,
    line: S<String>,
    amount: S<i64>,
    #[serde(default, rename = "ref")]
    reference: Option<S<String>>,
    #[serde(default)]
    counterparty: Option<String>,
    #[serde(default)]
    memo: Option<String>,
}

/// Collects problems and the spans that locate them.
struct Ctx<'a> {
    src: Source<'a>,
    spans: HashMap<Locator, Range<usize>>,
    problems: Vec<Located>,
}

impl<'a> Ctx<'a> {
    fn at_span(
        &self,
        span: &Range<usize>,
        field: Option<String>,
        message: String,
        finding: Option<Finding>,
    ) -> Located {
        let (line, col) = self.src.line_col(span.start);
        Located {
            file: self.src.name.to_owned(),
            line: Some(line),
            column: Some(col),
            field,
            message,
            finding,
        }
    }

    fn note(&mut self, loc: Locator, span: Range<usize>) {
        self.spans.entry(loc).or_insert(span);
    }

    /// A problem found while converting a spanned value.
    fn fail(&mut self, loc: Locator, span: &Range<usize>, problem: Problem) {
        let finding = Finding::new(loc.clone(), problem);
        let msg = finding.to_string();
        let located = self.at_span(span, Some(loc.field().to_owned()), msg, Some(finding));
        self.problems.push(located);
    }

    /// Places domain findings in the file.
    fn place(&mut self, findings: Vec<Finding>) {
        for f in findings {
            let span = self
                .spans
                .get(&f.at)
                .cloned()
                .or_else(|| self.spans.get(&f.at.record()).cloned());
            let msg = f.to_string();
            let field = Some(f.at.field().to_owned());
            let located = match span {
                Some(s) => self.at_span(&s, field, msg, Some(f)),
                None => Located {
                    file: self.src.name.to_owned(),
                    line: None,
                    column: None,
                    field,
                    message: msg,
                    finding: Some(f),
                },
            };
            self.problems.push(located);
        }
    }
}

fn date(ctx: &mut Ctx<'_>, loc: Locator, v: &S<Datetime>) -> Option<NaiveDate> {
    let dt = v.get_ref();
    let parsed = match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    };
    if parsed.is_none() {
        ctx.fail(
            loc,
            &v.span(),
            Problem::Invalid { reason: format!("날짜만 쓰세요 (예: 2023-10-18) / expected a plain date such as 2023-10-18, found {dt}") },
        );
    }
    parsed
}

macro_rules! code {
    ($ctx:expr, $ty:ty, $loc:expr, $v:expr) => {{
        let v = $v;
        match <$ty>::parse(v.get_ref()) {
            Ok(c) => Some(c),
            Err(e) => {
                $ctx.fail(
                    $loc,
                    &v.span(),
                    Problem::Invalid {
                        reason: e.to_string(),
                    },
                );
                None
            }
        }
    }};
}

fn money(ctx: &mut Ctx<'_>, loc: Locator, v: &S<i64>, unit: MoneyUnit) -> Option<Won> {
    match Won::from_unit(*v.get_ref(), unit) {
        Ok(w) => Some(w),
        Err(e) => {
            ctx.fail(
                loc,
                &v.span(),
                Problem::Invalid {
                    reason: e.to_string(),
                },
            );
            None
        }
    }
}

fn unit_of(ctx: &mut Ctx<'_>, loc: Locator, v: &S<String>) -> MoneyUnit {
    MoneyUnit::parse(v.get_ref()).unwrap_or_else(|e| {
        ctx.fail(
            loc,
            &v.span(),
            Problem::Invalid {
                reason: e.to_string(),
            },
        );
        MoneyUnit::Thousand
    })
}

/// Parses a dataset. `file` names the source in messages.
///
/// # Errors
/// [`DatasetError::NotUtf8`] for bytes that are not UTF-8; otherwise
/// [`DatasetError::Invalid`] listing every problem with its place.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Dataset, DatasetError> {
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ctx = Ctx {
        src: Source { name: file, text },
        spans: HashMap::new(),
        problems: Vec::new(),
    };
    let raw: RawDataset = match toml::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let field = ctx
                .src
                .key_before(&span)
                .or_else(|| missing_field(e.message()));
            let msg = describe_toml_error(e.message());
            return Err(DatasetError::Invalid(vec![
                ctx.at_span(&span, field, msg, None),
            ]));
        }
    };
    let dataset = convert(&mut ctx, raw);
    match dataset {
        Some(d) if ctx.problems.is_empty() => Ok(d),
        _ => Err(DatasetError::Invalid(ctx.problems)),
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
                reason: format!(
                    "지원하지 않는 형식 '{}' / unsupported format '{}'; expected '{FORMAT}'",
                    text::quoted(raw.format.get_ref()),
                    text::quoted(raw.format.get_ref())
                ),
            },
        );
    }
    let institution = convert_institution(ctx, raw.institution);
    let fiscal_year = institution.as_ref().map_or(0, |i| i.fiscal_year);
    let org = convert_org(ctx, raw.org);
    let staffing = convert_staffing(ctx, raw.staffing);
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
                reason: format!(
                    "예산 회계연도 {}와(과) 다릅니다 / differs from the budget's fiscal year {}",
                    budget.fiscal_year(),
                    budget.fiscal_year()
                ),
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
            ctx.fail(loc("kind"), &r.kind.span(), Problem::Invalid { reason: format!("조직 구분은 실, 본부, 팀 중 하나입니다 / kind must be 실, 본부 or 팀, not '{}'", text::quoted(r.kind.get_ref())) });
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
            ctx.fail(loc("kind"), &r.kind.span(), Problem::Invalid { reason: format!("kind는 revenue 또는 expenditure입니다 / kind must be revenue or expenditure, not '{}'", text::quoted(r.kind.get_ref())) });
        }
        let category = match &r.category {
            None => Some(None),
            Some(c) => match Category::parse(c.get_ref()) {
                Some(c) => Some(Some(c)),
                None => {
                    ctx.fail(loc("category"), &c.span(), Problem::Invalid { reason: format!("category는 personnel, operating, program, reserve 중 하나입니다 / category must be personnel, operating, program or reserve, not '{}'", text::quoted(c.get_ref())) });
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
        match (code, parent, kind, category) {
            (Some(code), Some(parent), Some(kind), Some(category)) if converted => {
                lines.push(BudgetLine {
                    code,
                    kind,
                    category,
                    name: r.name,
                    parent,
                    amount: amount.flatten(),
                    prior: prior.flatten(),
                    view_name: r.view_name,
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
            match months.map_err(|_| "월별 누계 집행률 12개(천분율)가 필요합니다 / prior_curve needs 12 cumulative monthly rates in tenths of a percent".to_owned()).and_then(MonthlyCurve::new) {
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
                reason: format!(
                    "구분은 original, supplementary, transfer, carryover(본예산, 추경, 전용·이용, 이월) 중 하나입니다 / kind must be original, supplementary, transfer or carryover, not '{}'",
                    text::quoted(r.kind.get_ref())
                ),
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

/// Line offset of a string value's first content line: a multi-line string
/// starts on the line after its opening quotes.
fn content_start(src: &Source<'_>, span: &Range<usize>) -> usize {
    let (line, _) = src.line_col(span.start);
    let v = &src.text[span.start.min(src.text.len())..];
    let multiline =
        (v.starts_with("\"\"\"") || v.starts_with("'''")) && v[3..].starts_with(['\n', '\r']);
    if multiline { line + 1 } else { line }
}

fn convert_projects(
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
                let finding = Finding::invalid(
                    loc("achievements"),
                    format!("{} / outline line {}: {}", e, e.line, e.reason),
                );
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
                                reason: e.to_string(),
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
                        reason: e.to_string(),
                    },
                );
                texts_ok = false;
            }
        }
        ok &= texts_ok;
        let date = date(ctx, loc("date"), &r.date);
        let kind = EntryKind::parse(r.kind.get_ref());
        if kind.is_none() {
            ctx.fail(loc("kind"), &r.kind.span(), Problem::Invalid { reason: format!("구분은 commit, disburse, commit_cancel, disburse_cancel(원인행위, 지출, 원인행위취소, 지출취소) 중 하나입니다 / kind must be commit, disburse, commit_cancel or disburse_cancel, not '{}'", text::quoted(r.kind.get_ref())) });
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
