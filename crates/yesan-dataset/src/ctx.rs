//! The reader's context: every problem collected with the span that
//! locates it, and the conversions of single values (dates, money in the
//! file's unit) that report into it.

use crate::error::Located;
use crate::source::Source;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;
use toml::value::Datetime;
use yesan_domain::dataset::{Finding, Locator, Problem};
use yesan_domain::money::{MoneyUnit, Won};

use crate::raw::*;

/// Collects problems and the spans that locate them.
pub(crate) struct Ctx<'a> {
    pub(crate) src: Source<'a>,
    pub(crate) spans: HashMap<Locator, Range<usize>>,
    pub(crate) problems: Vec<Located>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn at_span(
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

    pub(crate) fn note(&mut self, loc: Locator, span: Range<usize>) {
        self.spans.entry(loc).or_insert(span);
    }

    /// A problem found while converting a spanned value.
    pub(crate) fn fail(&mut self, loc: Locator, span: &Range<usize>, problem: Problem) {
        let finding = Finding::new(loc.clone(), problem);
        let msg = finding.to_string();
        let located = self.at_span(span, Some(loc.field().to_owned()), msg, Some(finding));
        self.problems.push(located);
    }

    /// Places domain findings in the file.
    pub(crate) fn place(&mut self, findings: Vec<Finding>) {
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

pub(crate) fn date(ctx: &mut Ctx<'_>, loc: Locator, v: &S<Datetime>) -> Option<NaiveDate> {
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
            Problem::Invalid {
                reason: yesan_domain::text!(
                    "날짜만 쓰세요(예: 2023-10-18). 적힌 값: {dt}",
                    "expected a plain date such as 2023-10-18, found {dt}"
                ),
            },
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
                        reason: yesan_domain::Localized::text(&e),
                    },
                );
                None
            }
        }
    }};
}
pub(crate) use code;

pub(crate) fn money(ctx: &mut Ctx<'_>, loc: Locator, v: &S<i64>, unit: MoneyUnit) -> Option<Won> {
    match Won::from_unit(*v.get_ref(), unit) {
        Ok(w) => Some(w),
        Err(e) => {
            ctx.fail(
                loc,
                &v.span(),
                Problem::Invalid {
                    reason: yesan_domain::Localized::text(&e),
                },
            );
            None
        }
    }
}

pub(crate) fn unit_of(ctx: &mut Ctx<'_>, loc: Locator, v: &S<String>) -> MoneyUnit {
    MoneyUnit::parse(v.get_ref()).unwrap_or_else(|e| {
        ctx.fail(
            loc,
            &v.span(),
            Problem::Invalid {
                reason: yesan_domain::Localized::text(&e),
            },
        );
        MoneyUnit::Thousand
    })
}
