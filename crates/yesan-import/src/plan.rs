//! The monthly spending plan file (`yesan plan import FILE`, the web's
//! plan upload): one row per budget line or project, its twelve monthly
//! figures, written as cumulative rates or as monthly amounts.
//!
//! | column | meaning |
//! |---|---|
//! | `line` 예산과목 / `project` 사업 | the line's or the project's code; one of the two per row |
//! | `form` 방식 | `누계비율` (default: cumulative % at each month end) or `월별금액` (won planned for each month) |
//! | `date` 적용일 | from when the plan holds; blank: the date the caller gives |
//! | `1월` … `12월` (`m1` … `m12`) | the figures; blank is 0 |
//! | `note` 비고 | why |
//!
//! Each row's figures are checked here as the domain checks them (rates
//! never falling and at most 100%, amounts not below zero), every problem
//! on its cell; whether the line exists and the amounts fit its budget is
//! checked against the store by the caller.

use crate::columns::{self, Spec};
use crate::error::{FileError, ImportError, RowErrors};
use crate::row::{self, Recorded, RowReader};
use crate::table::Table;
use crate::value::parse_percent;
use chrono::NaiveDate;
use yesan_domain::code::{LineCode, ProjectCode};
use yesan_domain::money::Won;
use yesan_domain::plan::{PlanField, PlanFigures, PlanTarget};

const LINE: usize = 0;
const PROJECT: usize = 1;
const FORM: usize = 2;
const DATE: usize = 3;
const NOTE: usize = 4;
/// The first month's column; the twelve follow.
const M1: usize = 5;

/// The plan file's columns, in the order of the constants above.
const COLUMNS: [Spec; 17] = [
    Spec::optional("line", "예산과목").or(&["과목", "과목코드"]),
    Spec::optional("project", "사업").or(&["사업코드"]),
    Spec::optional("form", "방식").or(&["구분"]),
    Spec::optional("date", "적용일").or(&["일자", "기준일"]),
    Spec::optional("note", "비고"),
    Spec::required("m1", "1월"),
    Spec::required("m2", "2월"),
    Spec::required("m3", "3월"),
    Spec::required("m4", "4월"),
    Spec::required("m5", "5월"),
    Spec::required("m6", "6월"),
    Spec::required("m7", "7월"),
    Spec::required("m8", "8월"),
    Spec::required("m9", "9월"),
    Spec::required("m10", "10월"),
    Spec::required("m11", "11월"),
    Spec::required("m12", "12월"),
];

/// One row of a plan file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    /// The row's line in the file (or sheet row).
    pub line_no: usize,
    /// The line or project.
    pub target: PlanTarget,
    /// From when; `None` when the file leaves it to the caller.
    pub effective: Option<NaiveDate>,
    /// The figures, checked.
    pub figures: PlanFigures,
    /// 비고.
    pub note: String,
}

/// A plan file, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanFile {
    /// The rows in file order.
    pub rows: Vec<PlanRow>,
    /// Things ignored on the way, such as unknown columns.
    pub warnings: Vec<String>,
}

/// The plan's form as written: `누계비율` or `월별금액` (and English).
///
/// # Errors
/// A message naming the accepted words.
pub fn parse_form(t: &str) -> Result<&'static str, (&'static str, &'static str)> {
    let key: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    match key.to_lowercase().as_str() {
        "" | "누계비율" | "누계" | "비율" | "누계%" | "%" | "rates" | "rate" | "cumulative" => {
            Ok("rates")
        }
        "월별금액" | "금액" | "amounts" | "amount" | "monthly" => Ok("amounts"),
        _ => Err((
            "방식은 누계비율 또는 월별금액이어야 합니다",
            "form must be 누계비율 (cumulative rates) or 월별금액 (monthly amounts)",
        )),
    }
}

/// Reads a plan file (CSV in UTF-8 or CP949, or the first sheet of an
/// XLSX workbook). `file` is the name used in messages. Every row is
/// read even after a bad one, so the error lists every bad cell.
///
/// # Errors
/// [`ImportError`] with every problem, by file, line and column.
pub fn parse_plans(file: &str, bytes: &[u8]) -> Result<PlanFile, ImportError> {
    let (mut table, header) = Table::open(bytes).map_err(|e| ImportError::file(file, e))?;
    let has = |spec: &Spec| header.names.iter().any(|h| spec.matches(h));
    if !has(&COLUMNS[LINE]) && !has(&COLUMNS[PROJECT]) {
        return Err(ImportError::file(
            file,
            FileError::MissingColumn {
                english: "line / project",
                korean: "예산과목 또는 사업",
            },
        ));
    }
    let (columns, warnings) =
        columns::resolve(&COLUMNS, &header).map_err(|es| ImportError::files(file, es))?;
    let mut errors = RowErrors::default();
    let mut rows = Vec::new();
    while let Some(item) = row::next(file, &mut table, &columns, plan_row) {
        match item {
            Ok((_, r)) => rows.push(r),
            Err(es) => errors.extend(es),
        }
    }
    errors.into_error(file).map_or(
        Ok(PlanFile {
            rows,
            warnings: warnings.iter().map(ToString::to_string).collect(),
        }),
        Err,
    )
}

fn plan_row(r: &mut RowReader<'_, '_>) -> Result<PlanRow, Recorded> {
    let line = r.text(LINE);
    let project = r.text(PROJECT);
    let target = match (line, project) {
        (Ok(l), Ok(p)) => match (l.is_empty(), p.is_empty()) {
            (false, true) => LineCode::parse(&l)
                .map(PlanTarget::Line)
                .map_err(|e| r.fail(LINE, crate::row::found(&*l, &e))),
            (true, false) => ProjectCode::parse(&p)
                .map(PlanTarget::Project)
                .map_err(|e| r.fail(PROJECT, crate::row::found(&*p, &e))),
            (true, true) => Err(r.fail(
                LINE,
                yesan_domain::Text::new(
                    "예산과목 또는 사업 코드를 쓰세요",
                    "give a line or a project code",
                ),
            )),
            (false, false) => Err(r.fail(
                PROJECT,
                yesan_domain::Text::new(
                    "예산과목과 사업 가운데 하나만 쓰세요",
                    "give a line or a project, not both",
                ),
            )),
        },
        _ => Err(Recorded),
    };
    let form = r
        .text(FORM)
        .and_then(|t| parse_form(&t).map_err(|e| r.fail(FORM, crate::row::found(&*t, &e))));
    let effective = r.text(DATE).and_then(|t| {
        if t.is_empty() {
            Ok(None)
        } else {
            r.date(DATE).map(Some)
        }
    });
    let note = r.text(NOTE).map(std::borrow::Cow::into_owned);
    let form = form?;
    let mut values = [0i64; 12];
    let mut bad = false;
    for (i, v) in values.iter_mut().enumerate() {
        let field = M1 + i;
        let Ok(t) = r.text(field) else {
            bad = true;
            continue;
        };
        if t.is_empty() {
            continue;
        }
        let parsed = if form == "rates" {
            parse_percent(&t)
                .map(i64::from)
                .map_err(|e| yesan_domain::Localized::text(&e))
        } else {
            crate::value::parse_amount(&t).map_err(|e| yesan_domain::Localized::text(&e))
        };
        match parsed {
            Ok(x) => *v = x,
            Err(e) => {
                r.fail(field, crate::row::found(&*t, &e));
                bad = true;
            }
        }
    }
    if bad {
        return Err(Recorded);
    }
    let figures = if form == "rates" {
        PlanFigures::from_stored("rates", values)
    } else {
        PlanFigures::amounts(values.map(Won::new))
    };
    let figures = figures.map_err(|es| {
        for e in es {
            let field = match e.field() {
                PlanField::Month(m) => M1 + usize::try_from(m).unwrap_or(12) - 1,
                _ => FORM,
            };
            r.fail(field, yesan_domain::Localized::text(&e));
        }
        Recorded
    });
    Ok(PlanRow {
        line_no: r.line,
        target: target?,
        effective: effective?,
        figures: figures?,
        note: note?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str =
        "사업,예산과목,방식,적용일,1월,2월,3월,4월,5월,6월,7월,8월,9월,10월,11월,12월,비고\n";

    #[test]
    fn rates_and_amounts_by_project_or_line() {
        let csv = format!(
            "{HEAD}2-2,,누계비율,2023-03-02,0,0,5,10,15,20,30,40,50,60,80,100,추경 반영\n\
             ,E1,월별금액,,\"100,000\",0,0,0,0,0,0,0,0,0,0,0,\n"
        );
        let f = parse_plans("plan.csv", csv.as_bytes()).unwrap();
        assert_eq!(f.rows.len(), 2);
        let a = &f.rows[0];
        assert_eq!(a.line_no, 2);
        assert_eq!(
            a.target,
            PlanTarget::Project(ProjectCode::parse("2-2").unwrap())
        );
        assert_eq!(a.effective, NaiveDate::from_ymd_opt(2023, 3, 2));
        assert_eq!(a.figures.values()[11], 1000);
        assert_eq!(a.note, "추경 반영");
        let b = &f.rows[1];
        assert_eq!(b.target, PlanTarget::Line(LineCode::parse("E1").unwrap()));
        assert_eq!(b.effective, None);
        assert_eq!(b.figures.planned_total(), Some(Won::new(100_000)));
    }

    #[test]
    fn every_bad_cell_is_named_by_line_and_column() {
        let csv = format!(
            "{HEAD}2-2,,누계비율,,0,0,5,4,15,20,30,40,50,60,80,101,\n\
             ,,,,0,0,0,0,0,0,0,0,0,0,0,0,\n\
             2-3,,주간,,0,0,0,0,0,0,0,0,0,0,0,0,\n\
             2-4,,,,abc,0,0,0,0,0,0,0,0,0,0,0,\n"
        );
        let e = parse_plans("plan.csv", csv.as_bytes()).unwrap_err();
        let text = e.to_string();
        for want in [
            "plan.csv:2: [4월] 4월 누계 지출률(4.0%)이 전월(5.0%)보다 낮습니다",
            "plan.csv:2: [12월] 12월 누계 지출률은 0%에서 100% 사이여야 합니다",
            "plan.csv:3: [예산과목] 예산과목 또는 사업 코드를 쓰세요",
            "plan.csv:4: [방식] '주간': 방식은 누계비율 또는 월별금액이어야 합니다",
            "plan.csv:5: [1월] 'abc': 비율은 12.5 또는 12.5% 같은 0 이상의 숫자여야 합니다",
        ] {
            assert!(text.contains(want), "{want}\n{text}");
        }
    }

    #[test]
    fn a_file_without_a_target_column_is_refused_whole() {
        let e = parse_plans("p.csv", "1월,2월\n1,2\n".as_bytes()).unwrap_err();
        assert!(e.to_string().contains("예산과목 또는 사업"), "{e}");
    }
}
