//! The closing statement (결산) as a report: the domain's
//! [`ClosingStatement`] laid out once into tables (세출 결산 by line,
//! 이월 명세 by commitment), in Korean or English (the same figures; the
//! lines keep their recorded Korean names, as in the English business
//! report), then rendered as Markdown, HTML or JSON. The XLSX, PDF and
//! HWPX writers of `yesan-publish` start from the same [`ClosingReport`].

use crate::RenderError;
use crate::cells::{rate_value, short_label};
use crate::table::{Align, Cell, Column, Row, RowKind, Table};
use minijinja::Environment;
use serde::Serialize;
use yesan_domain::Won;
use yesan_domain::glossary;
use yesan_domain::message::Lang;
use yesan_domain::money::thousand_won;
use yesan_domain::rate::Rate;
use yesan_domain::year::{ClosingFigures, ClosingStatement, carryover::carried_doc_no};

const TEMPLATE: &str = include_str!("../templates/closing.html.j2");
const CSS: &str = include_str!("../templates/report.css");

/// Where a row of the 결산 table sits, for writers that sum with formulas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowPlace {
    /// Levels below the total (0 for the total, 1 for a category line).
    pub depth: usize,
    /// Indexes (in the table's rows) of the rows it sums; empty for a leaf.
    pub children: Vec<usize>,
}

/// The closing statement, laid out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosingReport {
    /// The language of its words.
    pub lang: Lang,
    /// `2023회계연도 세출 결산` / `Fiscal year 2023 expenditure settlement`.
    pub title: String,
    /// The two parts' headings: `세출 결산`, `이월 명세`.
    pub sections: [String; 2],
    /// `’23.12.31. 기준` / `as of 2023-12-31`, for running headers.
    pub as_of: String,
    /// The institution.
    pub institution: String,
    /// The year closed.
    pub fiscal_year: i32,
    /// `’23.12.31.`.
    pub closed_on_label: String,
    /// The figures in won, as the domain computed them.
    pub statement: ClosingStatement,
    /// 과목 | 예산현액 | 지출액 | 이월액 | 불용액 | 집행률, the total first.
    pub table: Table,
    /// Per row of `table`: its place in the roll-up.
    pub places: Vec<RowPlace>,
    /// The figures of each row of `table`, in won.
    pub figures: Vec<ClosingFigures>,
    /// 이월 명세: one row per carried commitment.
    pub carried: Table,
}

fn money(w: Won) -> Cell {
    Cell::figure(thousand_won(w), w.get())
}

fn rate(f: &ClosingFigures) -> Cell {
    match Rate::of(f.disbursed, f.final_budget) {
        Some(r) => Cell::rate(r.number(), rate_value(Some(r))),
        None => Cell::rate("-", None),
    }
}

fn figure_cells(f: &ClosingFigures) -> Vec<Cell> {
    vec![
        money(f.final_budget),
        money(f.disbursed),
        money(f.carried),
        money(f.lapsed),
        rate(f),
    ]
}

/// Lays the statement out in `lang`.
pub fn build(s: &ClosingStatement, lang: Lang) -> ClosingReport {
    let words = crate::words::Words::of(lang);
    let t = |ko: &str, en: &str| lang.pick(ko, en).to_owned();
    let label = short_label(s.closed_on);
    let iso = s.closed_on.to_string();
    let units = Some(words.units_line(lang.pick(&label, &iso)));
    let columns = [
        (t("과목", "Budget line"), Align::Left),
        (words.term(glossary::CURRENT).to_owned(), Align::Right),
        (words.term(glossary::DISBURSED).to_owned(), Align::Right),
        (t("이월액", "Carried over"), Align::Right),
        (t("불용액", "Lapsed"), Align::Right),
        (t("집행률", "Execution rate"), Align::Right),
    ]
    .map(|(t, a)| Column { title: t, align: a })
    .to_vec();
    let mut rows = vec![Row {
        kind: RowKind::Total,
        cells: [vec![Cell::text(t("합계", "Total"))], figure_cells(&s.total)].concat(),
    }];
    let mut places = vec![RowPlace {
        depth: 0,
        children: Vec::new(),
    }];
    let mut figures = vec![s.total];
    // The row of the latest line at each depth: a line's parent is the
    // latest one a level up (the lines are in tree order).
    let mut open: Vec<usize> = vec![0];
    for l in &s.lines {
        let depth = l.depth + 1;
        open.truncate(depth);
        let i = rows.len();
        if let Some(&p) = open.last() {
            places[p].children.push(i);
        }
        open.push(i);
        rows.push(Row {
            kind: match l.depth {
                0 => RowKind::Subtotal,
                1 => RowKind::Normal,
                _ => RowKind::Detail,
            },
            cells: [
                vec![Cell::text(format!(
                    "{}{}",
                    "\u{3000}".repeat(l.depth.saturating_sub(1)),
                    l.name
                ))],
                figure_cells(&l.figures),
            ]
            .concat(),
        });
        places.push(RowPlace {
            depth,
            children: Vec::new(),
        });
        figures.push(l.figures);
    }
    let table = Table {
        id: "closing".into(),
        units: units.clone(),
        groups: Vec::new(),
        columns,
        rows,
        notes: match lang {
            Lang::Ko => vec![
                "※ 불용액 = 예산현액 − 지출액 − 이월액; 집행률 = 지출액 ÷ 예산현액".into(),
                format!(
                    "※ 예산현액은 {label} 현재 (본예산·추경·전용·이월 반영), 지출액은 지출취소를 뺀 금액"
                ),
            ],
            Lang::En => vec![
                "※ Lapsed = current budget − paid − carried over; execution rate = paid ÷ current budget".into(),
                format!(
                    "※ Current budget as of {iso} (original budget, supplementary budgets, transfers and carry-over); paid net of cancellations"
                ),
            ],
        },
    };
    let name_of = |code: &yesan_domain::LineCode| {
        s.lines
            .iter()
            .find(|l| &l.code == code)
            .map_or_else(|| code.to_string(), |l| l.name.clone())
    };
    let co = &s.carry_over;
    let mut carried_rows: Vec<Row> = co
        .items
        .iter()
        .map(|i| Row {
            kind: RowKind::Normal,
            cells: vec![
                Cell::text(i.original.clone()),
                Cell::text(carried_doc_no(co.from_year, &i.original)),
                Cell::text(name_of(&i.line)),
                Cell::text(i.counterparty.clone().unwrap_or_default()),
                money(i.amount),
            ],
        })
        .collect();
    carried_rows.push(Row {
        kind: RowKind::Total,
        cells: vec![
            Cell::text(t("계", "Total")),
            Cell::text(match (lang, co.items.len()) {
                (Lang::Ko, n) => format!("{n}건"),
                (Lang::En, 1) => "1 item".to_owned(),
                (Lang::En, n) => format!("{n} items"),
            }),
            Cell::text(""),
            Cell::text(""),
            money(co.total()),
        ],
    });
    let carried = Table {
        id: "carried".into(),
        units: Some(lang.pick(
            format!("({label} 기준, 단위 : 천원)"),
            format!("(As of {iso}; unit: KRW 1,000)"),
        )),
        groups: Vec::new(),
        columns: [
            (t("원 결의번호", "Original document"), Align::Left),
            (t("이월 결의번호", "Carried document"), Align::Left),
            (t("과목", "Budget line"), Align::Left),
            (t("거래처", "Counterparty"), Align::Left),
            (t("이월액", "Carried over"), Align::Right),
        ]
        .map(|(t, a)| Column {
            title: t,
            align: a,
        })
        .to_vec(),
        rows: carried_rows,
        notes: vec![lang.pick(
            format!(
                "※ 이월액은 {}회계연도 1월 1일 이월 예산으로 편성되고, 이월 결의번호로 지출합니다",
                co.to_year()
            ),
            format!(
                "※ The amounts carried over enter fiscal year {}'s budget on 1 January as carried-over budget, and are paid under the carried document numbers",
                co.to_year()
            ),
        )],
    };
    let (mut table, mut carried) = (table, carried);
    crate::cells::localize_figures(&words, &mut table);
    crate::cells::localize_figures(&words, &mut carried);
    ClosingReport {
        lang,
        title: lang.pick(
            format!("{}회계연도 세출 결산", s.fiscal_year),
            format!("Fiscal year {} expenditure settlement", s.fiscal_year),
        ),
        sections: [
            t("세출 결산", "Expenditure settlement"),
            t("이월 명세", "Carried-over commitments"),
        ],
        as_of: lang.pick(format!("{label} 기준"), format!("as of {iso}")),
        institution: s.institution.clone(),
        fiscal_year: s.fiscal_year,
        closed_on_label: label,
        statement: s.clone(),
        table,
        places,
        figures,
        carried,
    }
}

/// The statement as Markdown.
pub fn markdown(r: &ClosingReport) -> String {
    format!(
        "# {} {}\n\n## 1. {}\n\n{}\n## 2. {}\n\n{}",
        r.institution,
        r.title,
        r.sections[0],
        crate::markdown::table(&r.table),
        r.sections[1],
        crate::markdown::table(&r.carried)
    )
}

/// The statement as one self-contained HTML document.
///
/// # Errors
/// Template errors (bugs caught by the tests).
pub fn html(r: &ClosingReport) -> Result<String, RenderError> {
    let mut env = Environment::new();
    for (name, source) in crate::html::PARTIALS {
        env.add_template(name, source)?;
    }
    env.add_template("closing.html.j2", TEMPLATE)?;
    crate::html::add_filters(&mut env);
    Ok(env
        .get_template("closing.html.j2")?
        .render(minijinja::context! { r => r, css => CSS, version => env!("CARGO_PKG_VERSION") })?)
}

/// The statement as pretty JSON (figures in won, tables as shown).
///
/// # Errors
/// Only if serialisation fails, which the types rule out.
pub fn json(r: &ClosingReport) -> Result<String, RenderError> {
    let mut s = serde_json::to_string_pretty(r)?;
    s.push('\n');
    Ok(s)
}
