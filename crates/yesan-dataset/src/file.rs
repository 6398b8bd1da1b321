//! An institution's file: `yesan-dataset/2` holds one institution (its
//! `code`) and several fiscal years (`[[years]]`, ascending), each year
//! with the tables of a `yesan-dataset/1` file and its line mappings from
//! the year before (`[[years.mappings]]`). A past year may hold only its
//! budget. A `yesan-dataset/1` file reads as one institution
//! ([`yesan_domain::DEFAULT_INSTITUTION`]) with one year.

use crate::ctx::{Ctx, code};
use crate::error::{DatasetError, Located};
use crate::raw::{RawFile, RawHead, RawMapping, RawSettings, RawYear, S};
pub use crate::read::FORMAT_2;
use crate::read::{RawParts, convert_year, from_toml, parse_v1, text_of};
use crate::source::Source;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use yesan_domain::dataset::{Locator, Problem};
use yesan_domain::money::{MoneyUnit, Won};
use yesan_domain::policy::Policy;
use yesan_domain::prior::{self, LineMapping, PriorError, Split};
use yesan_domain::{Dataset, InstitutionCode, LineCode};

/// What a dataset file holds: one institution's recorded years.
#[derive(Debug, Clone, PartialEq)]
pub struct InstitutionFile {
    /// The institution's code.
    pub code: InstitutionCode,
    /// Its fiscal years as recorded (priors only where typed), ascending.
    pub years: Vec<Dataset>,
    /// Each year's line mappings from the year before, by fiscal year.
    pub mappings: BTreeMap<i32, Vec<LineMapping>>,
    /// The institution's settings (`[settings]`; the defaults when the
    /// file states none, as a `yesan-dataset/1` file cannot).
    pub policy: Policy,
}

/// [`yesan_domain::DEFAULT_INSTITUTION`] as a code.
pub(crate) fn default_code() -> InstitutionCode {
    // The constant is a valid code (tested in the domain); `parse` cannot fail.
    InstitutionCode::parse(yesan_domain::DEFAULT_INSTITUTION)
        .unwrap_or_else(|_| unreachable!("DEFAULT_INSTITUTION is a valid code"))
}

impl InstitutionFile {
    /// The mappings recorded for `year` (from `year - 1`).
    pub fn mappings_of(&self, year: i32) -> &[LineMapping] {
        self.mappings.get(&year).map_or(&[], Vec::as_slice)
    }

    /// The year `year`, as recorded.
    pub fn year(&self, year: i32) -> Option<&Dataset> {
        self.years.iter().find(|d| d.budget.fiscal_year() == year)
    }

    /// `year` with its prior column computed from `year - 1` when that
    /// year is recorded (else as recorded, typed priors included).
    ///
    /// # Errors
    /// The [`PriorError`]s of the mappings or of typed priors.
    pub fn with_priors(&self, year: i32) -> Result<Option<Dataset>, Vec<PriorError>> {
        let Some(d) = self.year(year) else {
            return Ok(None);
        };
        match self.year(year - 1) {
            Some(prev) => prior::with_priors(d, prev, self.mappings_of(year)).map(Some),
            None => Ok(Some(d.clone())),
        }
    }

    /// The latest year with its priors computed (see [`Self::with_priors`]).
    ///
    /// # Errors
    /// As [`Self::with_priors`]; a file read by [`parse_file`] has none.
    pub fn latest_with_priors(&self) -> Result<Dataset, Vec<PriorError>> {
        let year = self.years.last().map_or(0, |d| d.budget.fiscal_year());
        self.with_priors(year)?.ok_or_else(Vec::new)
    }
}

/// Parses a dataset file of either format version into its latest year,
/// with the prior-year column computed from the year before when the file
/// records it (see [`crate::parse_file`] for every year). `file` names the
/// source in messages.
///
/// # Errors
/// [`DatasetError::NotUtf8`] for bytes that are not UTF-8; otherwise
/// [`DatasetError::Invalid`] listing every problem with its place.
pub fn parse(file: &str, bytes: &[u8]) -> Result<Dataset, DatasetError> {
    parse_file(file, bytes)?
        .latest_with_priors()
        .map_err(|e| DatasetError::Invalid(unplaced(file, e)))
}

/// Parses a dataset file of either format into the institution's years.
///
/// # Errors
/// [`DatasetError::NotUtf8`] for bytes that are not UTF-8; otherwise
/// [`DatasetError::Invalid`] listing every problem with its place (file,
/// line, column, field).
pub fn parse_file(file: &str, bytes: &[u8]) -> Result<InstitutionFile, DatasetError> {
    let text = text_of(file, bytes)?;
    let mut ctx = Ctx {
        src: Source { name: file, text },
        spans: HashMap::new(),
        problems: Vec::new(),
    };
    let v2 = toml::from_str::<RawHead>(text)
        .ok()
        .and_then(|h| h.format)
        .is_some_and(|f| f == FORMAT_2);
    if !v2 {
        let d = parse_v1(&mut ctx)?;
        return Ok(InstitutionFile {
            code: default_code(),
            years: vec![d],
            mappings: BTreeMap::new(),
            policy: Policy::default(),
        });
    }
    let raw: RawFile = from_toml(&ctx, text)?;
    let file = convert_file(&mut ctx, raw);
    match file {
        Some(f) if ctx.problems.is_empty() => Ok(f),
        _ => {
            let mut problems = ctx.problems;
            problems.sort_by_key(|p| (p.line, p.column));
            Err(DatasetError::Invalid(problems))
        }
    }
}

/// Where a mapping and its fields are.
#[derive(Clone)]
struct Spans {
    all: Range<usize>,
    from: Range<usize>,
    to: Range<usize>,
    split: Range<usize>,
}

/// One year's conversion: the dataset, where its budget lines' fields are,
/// and its mappings with their spans.
struct Year {
    dataset: Option<Dataset>,
    spans: HashMap<Locator, Range<usize>>,
    mappings: Vec<(LineMapping, Spans)>,
    span: Range<usize>,
    year_span: Range<usize>,
}

/// `[settings]`, each refused value located; the defaults where unstated.
fn convert_settings(ctx: &mut Ctx<'_>, raw: Option<RawSettings>) -> Policy {
    let Some(raw) = raw else {
        return Policy::default();
    };
    let mut p = Policy {
        require_economic: raw.require_economic.unwrap_or(false),
        cap_achievement: raw.cap_achievement.unwrap_or(false),
        ..Policy::default()
    };
    if let Some(r) = raw.basis_rounding {
        match Policy::from_pairs([("basis_rounding", r.get_ref().as_str())]) {
            Ok(q) => p.rounding = q.rounding,
            Err(e) => ctx.fail(
                Locator::Dataset {
                    field: "settings.basis_rounding",
                },
                &r.span(),
                Problem::Invalid {
                    reason: yesan_domain::Localized::text(&e),
                },
            ),
        }
    }
    p
}

fn convert_file(ctx: &mut Ctx<'_>, raw: RawFile) -> Option<InstitutionFile> {
    // Chosen by the format line already (`parse_file`).
    debug_assert_eq!(raw.format.get_ref(), FORMAT_2);
    let code = code!(
        ctx,
        InstitutionCode,
        Locator::Dataset { field: "code" },
        &raw.code
    );
    if raw.years.is_empty() {
        let at = raw.code.span();
        ctx.problems.push(
            ctx.at_span(
                &at,
                Some("years".to_owned()),
                "연도([[years]])가 하나도 없습니다 / the file records no fiscal year ([[years]])"
                    .to_owned(),
                None,
            ),
        );
        return None;
    }
    // A year without [institution] takes the names of the last year that
    // states them, so those years are converted first.
    let raws: Vec<(Range<usize>, RawYear)> = raw
        .years
        .into_iter()
        .map(|y| (y.span(), y.into_inner()))
        .collect();
    let order: Vec<usize> = (0..raws.len())
        .filter(|&i| raws[i].1.institution.is_some())
        .chain((0..raws.len()).filter(|&i| raws[i].1.institution.is_none()))
        .collect();
    let mut slots: Vec<Option<(Range<usize>, RawYear)>> = raws.into_iter().map(Some).collect();
    let mut years: Vec<Option<Year>> = (0..slots.len()).map(|_| None).collect();
    let any_institution = slots.iter().flatten().any(|(_, r)| r.institution.is_some());
    let mut fallback: Option<yesan_domain::institution::Institution> = None;
    for i in order {
        let Some((span, r)) = slots[i].take() else {
            continue;
        };
        if r.institution.is_none() && fallback.is_none() && any_institution {
            // The year stating the names was refused; its problems are listed.
            continue;
        }
        let mut yctx = Ctx {
            src: Source {
                name: ctx.src.name,
                text: ctx.src.text,
            },
            spans: HashMap::new(),
            problems: Vec::new(),
        };
        let unit = MoneyUnit::parse(r.budget.unit.get_ref()).unwrap_or(MoneyUnit::Thousand);
        let year_span = r.budget.fiscal_year.span();
        let has_institution = r.institution.is_some();
        let mappings = convert_mappings(&mut yctx, r.mappings, unit);
        let dataset = convert_year(
            &mut yctx,
            RawParts {
                institution: r.institution,
                org: r.org,
                staffing: r.staffing,
                budget: r.budget,
                programs: r.programs,
                projects: r.projects,
                execution: r.execution,
            },
            fallback.as_ref(),
        );
        if has_institution && let Some(d) = &dataset {
            fallback = Some(d.institution.clone());
        }
        ctx.problems.append(&mut yctx.problems);
        years[i] = Some(Year {
            dataset,
            spans: yctx.spans,
            mappings: mappings.unwrap_or_default(),
            span,
            year_span,
        });
    }
    let years: Vec<Year> = years.into_iter().flatten().collect();
    check_order(ctx, &years);
    if !ctx.problems.is_empty() {
        return None;
    }
    let policy = convert_settings(ctx, raw.settings);
    let f = InstitutionFile {
        policy,
        code: code?,
        years: years.iter().filter_map(|y| y.dataset.clone()).collect(),
        mappings: years
            .iter()
            .filter(|y| !y.mappings.is_empty())
            .filter_map(|y| {
                let fy = y.dataset.as_ref()?.budget.fiscal_year();
                Some((fy, y.mappings.iter().map(|m| m.0.clone()).collect()))
            })
            .collect(),
    };
    check_priors(ctx, &f, &years);
    Some(f)
}

/// Fiscal years ascending, each once.
fn check_order(ctx: &mut Ctx<'_>, years: &[Year]) {
    let mut last: Option<i32> = None;
    for y in years {
        let Some(fy) = y.dataset.as_ref().map(|d| d.budget.fiscal_year()) else {
            continue;
        };
        if last.is_some_and(|l| fy <= l) {
            ctx.problems.push(ctx.at_span(
                &y.year_span,
                Some("fiscal_year".to_owned()),
                format!(
                    "{fy}년이 앞의 연도({}년) 뒤에 올 수 없습니다. 연도는 오름차순으로 한 번씩 적습니다 / fiscal year {fy} follows {}; list each year once, ascending",
                    last.unwrap_or_default(),
                    last.unwrap_or_default()
                ),
                None,
            ));
        }
        last = Some(fy);
    }
}

/// Every year's priors computed from the year before, so that a broken
/// mapping or a typed prior that cannot stand is reported where it is.
fn check_priors(ctx: &mut Ctx<'_>, f: &InstitutionFile, years: &[Year]) {
    for y in years {
        let Some(d) = &y.dataset else { continue };
        let fy = d.budget.fiscal_year();
        if f.year(fy - 1).is_none() {
            for (_, spans) in &y.mappings {
                ctx.problems.push(ctx.at_span(
                    &spans.all,
                    Some("mappings".to_owned()),
                    format!(
                        "{}년이 기록되어 있지 않아 {fy}년의 과목 연결을 쓸 수 없습니다 / {fy}'s mappings need the year {} recorded",
                        fy - 1,
                        fy - 1
                    ),
                    None,
                ));
            }
            continue;
        }
        let Err(errors) = f.with_priors(fy) else {
            continue;
        };
        for e in errors {
            let (span, field) = place(&e, y);
            ctx.problems
                .push(ctx.at_span(&span, Some(field.to_owned()), e.to_string(), None));
        }
    }
}

/// Where a prior error is in the file, and its field.
fn place(e: &PriorError, y: &Year) -> (Range<usize>, &'static str) {
    let mapping = |number: usize, field: &'static str| {
        let span = y.mappings.get(number.wrapping_sub(1)).map_or_else(
            || y.span.clone(),
            |m| match field {
                "from" => m.1.from.clone(),
                "to" => m.1.to.clone(),
                "ratios" => m.1.split.clone(),
                _ => m.1.all.clone(),
            },
        );
        (span, field)
    };
    match e {
        PriorError::UnknownFrom { number, .. } => mapping(*number, "from"),
        PriorError::UnknownTo { number, .. } | PriorError::KindMismatch { number, .. } => {
            mapping(*number, "to")
        }
        PriorError::Empty { number, side } => mapping(*number, side),
        PriorError::MappedTwice { number, side, .. } => mapping(*number, side),
        PriorError::SplitWithoutShares { number, .. }
        | PriorError::SplitCount { number, .. }
        | PriorError::ZeroRatios { number }
        | PriorError::SplitAmounts { number, .. } => mapping(*number, "ratios"),
        PriorError::TypedPrior { code, .. } => {
            let span = y
                .spans
                .get(&Locator::BudgetLine {
                    code: code.to_string(),
                    field: "prior",
                })
                .cloned()
                .unwrap_or_else(|| y.span.clone());
            (span, "prior")
        }
        PriorError::NotPrevious { .. } => (y.year_span.clone(), "fiscal_year"),
    }
}

fn convert_mappings(
    ctx: &mut Ctx<'_>,
    raw: Vec<S<RawMapping>>,
    unit: MoneyUnit,
) -> Option<Vec<(LineMapping, Spans)>> {
    let mut out = Vec::new();
    let mut ok = true;
    for m in raw {
        let all = m.span();
        let r = m.into_inner();
        let spans = Spans {
            from: r.from.span(),
            to: r.to.span(),
            split: r
                .ratios
                .as_ref()
                .map(S::span)
                .or_else(|| r.amounts.as_ref().map(S::span))
                .unwrap_or_else(|| all.clone()),
            all,
        };
        let mut codes = |ctx: &mut Ctx<'_>, v: &S<Vec<String>>, field: &'static str| {
            let mut cs = Vec::new();
            for c in v.get_ref() {
                match LineCode::parse(c) {
                    Ok(c) => cs.push(c),
                    Err(e) => {
                        ctx.problems.push(ctx.at_span(
                            &v.span(),
                            Some(field.to_owned()),
                            e.to_string(),
                            None,
                        ));
                        ok = false;
                    }
                }
            }
            cs
        };
        let from = codes(ctx, &r.from, "from");
        let to = codes(ctx, &r.to, "to");
        let split = match (&r.ratios, &r.amounts) {
            (Some(_), Some(a)) => {
                ctx.problems.push(ctx.at_span(
                    &a.span(),
                    Some("amounts".to_owned()),
                    "ratios와 amounts 중 하나만 씁니다 / give either ratios or amounts, not both"
                        .to_owned(),
                    None,
                ));
                ok = false;
                None
            }
            (Some(rs), None) => Some(Split::Ratios(rs.get_ref().clone())),
            (None, Some(a)) => {
                let mut ws = Vec::new();
                for v in a.get_ref() {
                    match Won::from_unit(*v, unit) {
                        Ok(w) if !w.is_negative() => ws.push(w),
                        Ok(_) => {
                            ctx.problems.push(ctx.at_span(
                                &a.span(),
                                Some("amounts".to_owned()),
                                "나누는 금액은 0보다 작을 수 없습니다 / split amounts cannot be below zero".to_owned(),
                                None,
                            ));
                            ok = false;
                        }
                        Err(e) => {
                            ctx.problems.push(ctx.at_span(
                                &a.span(),
                                Some("amounts".to_owned()),
                                e.to_string(),
                                None,
                            ));
                            ok = false;
                        }
                    }
                }
                Some(Split::Amounts(ws))
            }
            (None, None) => None,
        };
        out.push((
            LineMapping {
                from,
                to,
                split,
                note: r.note,
            },
            spans,
        ));
    }
    ok.then_some(out)
}

/// Each located problem of the priors, for callers that compute them
/// outside a file (no place to name but the file).
pub(crate) fn unplaced(file: &str, errors: Vec<PriorError>) -> Vec<Located> {
    errors
        .into_iter()
        .map(|e| Located {
            file: file.to_owned(),
            line: None,
            column: None,
            field: None,
            message: e.to_string(),
            finding: None,
        })
        .collect()
}
