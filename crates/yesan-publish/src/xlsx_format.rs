//! The XLSX workbook's cell formats, made once per workbook: number
//! formats with the negative sign of the workbook's language (Korean
//! `#,##0;△#,##0`, English `#,##0;-#,##0`; `0.0%`), borders, emphasis of
//! total and subtotal rows, header and title styles.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};
use yesan_report::table::{Align, RowKind};
use yesan_report::words::Words;

/// Which number format a figure uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Num {
    /// 천원.
    Money,
    /// A fraction shown as a percentage.
    Rate,
    /// A head count.
    Count,
    /// A head-count difference.
    Diff,
}

/// What picks a cell's format: row emphasis, number format, alignment.
pub(crate) type CellStyle = (RowKind, Option<Num>, Align);

/// The formats of a workbook, made once.
pub(crate) struct Formats {
    pub(crate) title: Format,
    pub(crate) units: Format,
    pub(crate) header: Format,
    pub(crate) note: Format,
    cells: Vec<(CellStyle, Format)>,
}

impl Formats {
    /// The formats of a workbook in `w`'s language (its negative sign).
    pub(crate) fn new(w: &Words) -> Formats {
        let m = w.minus;
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        let mut cells = Vec::new();
        for kind in [
            RowKind::Total,
            RowKind::Subtotal,
            RowKind::Normal,
            RowKind::Detail,
        ] {
            for num in [
                None,
                Some(Num::Money),
                Some(Num::Rate),
                Some(Num::Count),
                Some(Num::Diff),
            ] {
                for align in [Align::Left, Align::Center, Align::Right] {
                    let mut f = border(Format::new()).set_align(FormatAlign::VerticalCenter);
                    f = match num {
                        // Zero shows as 0 for money, as - for head counts (as
                        // the seed does); negatives with △ (English: -).
                        Some(Num::Money) => f.set_num_format(format!("#,##0;{m}#,##0;0")),
                        Some(Num::Rate) => f.set_num_format(format!("0.0%;{m}0.0%;0.0%")),
                        Some(Num::Count) => f.set_num_format(format!("#,##0;{m}#,##0;-")),
                        Some(Num::Diff) => f.set_num_format(format!("+#,##0;{m}#,##0;-")),
                        None => f.set_text_wrap(),
                    };
                    f = match (num, align) {
                        (Some(_), _) | (None, Align::Right) => f.set_align(FormatAlign::Right),
                        (None, Align::Center) => f.set_align(FormatAlign::Center),
                        (None, Align::Left) => f.set_align(FormatAlign::Left),
                    };
                    if num.is_none() && kind == RowKind::Detail && align == Align::Left {
                        f = f.set_indent(1);
                    }
                    f = match kind {
                        RowKind::Total => f.set_bold().set_background_color(Color::RGB(0xE8_EE_F7)),
                        RowKind::Subtotal => f.set_background_color(Color::RGB(0xF5_F5_F5)),
                        _ => f,
                    };
                    cells.push(((kind, num, align), f));
                }
            }
        }
        Formats {
            title: Format::new().set_bold().set_font_size(14),
            units: Format::new().set_align(FormatAlign::Right),
            header: border(Format::new())
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9_E1_F2)),
            note: Format::new(),
            cells,
        }
    }

    pub(crate) fn cell(&self, kind: RowKind, num: Option<Num>, align: Align) -> &Format {
        self.cells
            .iter()
            .find(|(k, _)| *k == (kind, num, align))
            .map_or(&self.note, |(_, f)| f)
    }
}
