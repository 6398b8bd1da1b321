//! The two form edits: a project sheet (achievements, indicators,
//! schedule) and the staffing table. The fields come as text; they are
//! read here, checked by the domain's rules, and saved against what the
//! editor read, so that a save made by someone else in between is noticed
//! instead of overwritten.

use crate::Error;
use serde::Serialize;
use yesan_domain::dataset::Locator;
use yesan_domain::outline::Outline;
use yesan_domain::period::Period;
use yesan_domain::project::{Indicator, Part, Project, ScheduleItem};
use yesan_domain::staffing::{GradeRow, OutsideQuota, Staffing};
use yesan_domain::{Localized, Text};
use yesan_store::{Store, StoreError};

/// One field's problem; `field` names the form's field (for the front
/// end, which labels it as its form does; the message never names it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The field, as the form names it.
    pub field: String,
    /// What is wrong, in both languages.
    pub message: Text,
}

/// The domain's findings as problems of the fields they name (a staffing
/// row's as `grades.N.field`, as the staffing form names it).
pub fn problems(findings: &[yesan_domain::Finding]) -> Vec<Problem> {
    findings
        .iter()
        .map(|f| Problem {
            field: match &f.at {
                Locator::Staffing {
                    row: Some(r),
                    field,
                } => format!("grades.{r}.{field}"),
                other => other.field().to_owned(),
            },
            message: f.problem.text(),
        })
        .collect()
}

/// What a save came to.
#[derive(Debug)]
pub enum Saved {
    /// Written and audited.
    Done,
    /// Refused: nothing was written.
    Refused(Vec<Problem>),
    /// The record changed since the editor read it: nothing was written.
    Stale(Text),
}

/// A record's fingerprint, carried by an edit form so that a save made by
/// someone else in between is noticed instead of overwritten.
pub fn fingerprint(record: &impl Serialize) -> String {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_string(record).unwrap_or_default();
    Sha256::digest(json.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A store's refusal of an edit, as problems or a stale record.
fn refusal(e: StoreError) -> Result<Saved, Error> {
    match e {
        StoreError::Inconsistent(findings) => Ok(Saved::Refused(problems(&findings))),
        StoreError::Stale { .. } | StoreError::Duplicate { .. } => Ok(Saved::Stale(e.text())),
        e => Err(e.into()),
    }
}

fn stale_message(what: &'static str, key: &str) -> Text {
    StoreError::Stale {
        what,
        key: key.to_owned(),
    }
    .text()
}

/// Saves `sheet` over `current` (of fiscal year `fiscal_year`) by `actor`.
///
/// # Errors
/// The store's, other than refusals.
pub async fn save_project(
    store: &Store,
    current: &Project,
    sheet: &ProjectSheet,
    fiscal_year: i32,
    actor: &str,
) -> Result<Saved, Error> {
    if sheet.base != fingerprint(current) {
        return Ok(Saved::Stale(stale_message(
            "project",
            &current.code.to_string(),
        )));
    }
    match sheet.apply(current, fiscal_year) {
        Err(problems) => Ok(Saved::Refused(problems)),
        Ok(edited) => match store.update_project(current, &edited, actor).await {
            Ok(()) => Ok(Saved::Done),
            Err(e) => refusal(e),
        },
    }
}

/// The staffing table's fields as text.
#[derive(Debug, Clone, Default)]
pub struct StaffingText {
    /// The fingerprint of the table the editor showed.
    pub base: String,
    /// `YYYY-MM-DD`.
    pub as_of: String,
    /// (grade, authorized, current).
    pub grades: Vec<(String, String, String)>,
    /// (kind, count), blank rows left out.
    pub outside: Vec<(String, String)>,
}

/// Saves the staffing table `t` over `current` by `actor`.
///
/// # Errors
/// The store's, other than refusals.
pub async fn save_staffing(
    store: &Store,
    current: &Staffing,
    t: &StaffingText,
    actor: &str,
) -> Result<Saved, Error> {
    let mut errors = Vec::new();
    let mut count = |field: String, v: &str| -> u32 {
        v.trim()
            .replace(',', "")
            .parse::<u32>()
            .unwrap_or_else(|_| {
                let v = yesan_domain::text::quoted(v.trim());
                errors.push(Problem {
                    field,
                    message: yesan_domain::text!(
                        "'{v}': 0 이상의 정수로 쓰세요",
                        "'{v}': write a whole number, 0 or more"
                    ),
                });
                0
            })
    };
    let rows: Vec<GradeRow> = t
        .grades
        .iter()
        .enumerate()
        .map(|(i, (g, a, c))| GradeRow {
            grade: g.clone(),
            authorized: count(format!("grades.{i}.authorized"), a),
            current: count(format!("grades.{i}.current"), c),
        })
        .collect();
    let out: Vec<OutsideQuota> = t
        .outside
        .iter()
        .enumerate()
        .map(|(i, (k, c))| OutsideQuota {
            kind: k.clone(),
            count: count(format!("outside.{i}.count"), c),
        })
        .collect();
    let date = match yesan_import::value::parse_date(&t.as_of) {
        Ok(d) => Some(d),
        Err(e) => {
            errors.push(Problem {
                field: "as_of".into(),
                message: e.text(),
            });
            None
        }
    };
    if t.base != fingerprint(current) {
        errors.push(Problem {
            field: "base".into(),
            message: stale_message("staffing", "1"),
        });
    }
    let (true, Some(date)) = (errors.is_empty(), date) else {
        return Ok(Saved::Refused(errors));
    };
    match Staffing::new(date, rows, out) {
        Err(findings) => Ok(Saved::Refused(problems(&findings))),
        Ok(after) => match store.update_staffing(current, &after, actor).await {
            Ok(()) => Ok(Saved::Done),
            Err(e) => match refusal(e)? {
                Saved::Stale(message) => Ok(Saved::Refused(vec![Problem {
                    field: "base".into(),
                    message,
                }])),
                other => Ok(other),
            },
        },
    }
}

/// A project sheet's editable fields as text: achievements, indicators
/// and schedule.
#[derive(Debug, Default, Serialize)]
pub struct ProjectSheet {
    /// The fingerprint of the sheet the editor showed ([`fingerprint`]).
    pub base: String,
    /// 추진실적, as outline text.
    pub achievements: String,
    /// Indicator rows.
    pub indicators: Vec<IndicatorText>,
    /// Schedule rows.
    pub schedule: Vec<ScheduleText>,
}

/// An indicator row as text.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IndicatorText {
    /// Its id (unique in the project).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its value, as written.
    pub value: String,
    /// Its unit.
    pub unit: String,
    /// `YYYY-MM-DD` or empty.
    pub as_of: String,
    /// The breakdown: `label=value` joined by `;` or new lines.
    pub parts: String,
}

/// A schedule row as text.
#[derive(Debug, Default, Clone, Serialize)]
pub struct ScheduleText {
    /// What will be done.
    pub text: String,
    /// When (a Korean period label), or empty.
    pub period: String,
    /// The heading it sits under, or empty.
    pub group: String,
}

impl ProjectSheet {
    /// The sheet's fields as the editor shows them.
    pub fn of(p: &Project) -> ProjectSheet {
        ProjectSheet {
            base: fingerprint(p),
            achievements: p.achievements.source().to_owned(),
            indicators: p
                .indicators
                .iter()
                .map(|i| IndicatorText {
                    id: i.id.clone(),
                    name: i.name.clone(),
                    value: i.value.to_string(),
                    unit: i.unit.clone(),
                    as_of: i.as_of.map(|d| d.to_string()).unwrap_or_default(),
                    parts: i
                        .breakdown
                        .iter()
                        .map(|p| format!("{}={}", p.label, p.value))
                        .collect::<Vec<_>>()
                        .join("; "),
                })
                .collect(),
            schedule: p
                .schedule
                .iter()
                .map(|s| ScheduleText {
                    text: s.text.clone(),
                    period: s
                        .period
                        .as_ref()
                        .map(|p| p.label.clone())
                        .unwrap_or_default(),
                    group: s.group.clone().unwrap_or_default(),
                })
                .collect(),
        }
    }

    /// The edited project, or every problem by field (`indicators.N.value`,
    /// `schedule.N.period`, …): the fields read, then the domain's own
    /// rules for a project.
    ///
    /// # Errors
    /// Every [`Problem`].
    pub fn apply(&self, current: &Project, fiscal_year: i32) -> Result<Project, Vec<Problem>> {
        let mut errors = Vec::new();
        let err = |field: String, message: Text| Problem { field, message };
        let mut p = current.clone();
        match Outline::parse(self.achievements.trim_end()) {
            Ok(o) => p.achievements = o,
            Err(e) => errors.push(err("achievements".into(), e.text())),
        }
        p.indicators.clear();
        for (n, i) in self.indicators.iter().enumerate() {
            let blank = [&i.id, &i.name, &i.value, &i.unit, &i.as_of, &i.parts]
                .iter()
                .all(|s| s.trim().is_empty());
            if blank {
                continue;
            }
            let at = |f: &str| format!("indicators.{n}.{f}");
            if i.id.trim().is_empty() {
                errors.push(err(at("id"), Text::new("ID를 적으세요", "enter an id")));
            }
            let value = yesan_import::value::parse_amount(&i.value)
                .map_err(|e| errors.push(err(at("value"), e.text())))
                .unwrap_or(0);
            let as_of = match i.as_of.trim() {
                "" => None,
                s => match yesan_import::value::parse_date(s) {
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push(err(at("as_of"), e.text()));
                        None
                    }
                },
            };
            let mut breakdown = Vec::new();
            for part in i
                .parts
                .split([';', '\n'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
            {
                match part.split_once('=') {
                    Some((label, v)) => match yesan_import::value::parse_amount(v) {
                        Ok(value) => breakdown.push(Part {
                            label: label.trim().to_owned(),
                            value,
                        }),
                        Err(e) => {
                            let part = yesan_domain::text::quoted(part);
                            errors.push(err(
                                at("parts"),
                                e.text().map(|_, m| format!("'{part}': {m}")),
                            ));
                        }
                    },
                    None => {
                        let part = yesan_domain::text::quoted(part);
                        errors.push(err(
                            at("parts"),
                            yesan_domain::text!(
                                "'{part}': 항목=값 형식으로 적으세요(예: 서울=3; 부산=2)",
                                "'{part}': write label=value (for example 서울=3; 부산=2)"
                            ),
                        ));
                    }
                }
            }
            p.indicators.push(Indicator {
                id: i.id.trim().to_owned(),
                name: i.name.trim().to_owned(),
                value,
                unit: i.unit.trim().to_owned(),
                as_of,
                breakdown,
            });
        }
        p.schedule.clear();
        for (n, s) in self.schedule.iter().enumerate() {
            if s.text.trim().is_empty() {
                continue;
            }
            let period = match s.period.trim() {
                "" => None,
                label => match Period::parse(label, fiscal_year) {
                    Ok(pd) => Some(pd),
                    Err(e) => {
                        errors.push(err(format!("schedule.{n}.period"), e.text()));
                        None
                    }
                },
            };
            p.schedule.push(ScheduleItem {
                text: s.text.trim().to_owned(),
                period,
                group: Some(s.group.trim().to_owned()).filter(|g| !g.is_empty()),
            });
        }
        // The domain's own rules: unique ids, breakdowns that sum, tokens
        // that name indicators.
        let mut findings = Vec::new();
        p.check(&mut findings);
        for f in findings {
            let field = match &f.at {
                Locator::Indicator { id, field, .. } => {
                    let n = p.indicators.iter().position(|i| &i.id == id).unwrap_or(0);
                    format!(
                        "indicators.{n}.{}",
                        if *field == "breakdown" {
                            "parts"
                        } else {
                            field
                        }
                    )
                }
                Locator::Schedule { index, field, .. } => format!("schedule.{index}.{field}"),
                other => other.field().to_owned(),
            };
            errors.push(err(field, f.problem.text()));
        }
        if errors.is_empty() {
            Ok(p)
        } else {
            Err(errors)
        }
    }
}
