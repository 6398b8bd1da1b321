//! A table as renderers see it: header groups, columns, rows of display
//! text with each figure's raw value beside it. Every table of the report
//! is produced in this shape from the typed report data, so Markdown and
//! HTML (and later PDF and XLSX) lay out identical content.

use serde::Serialize;

/// How a column's cells align.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Text.
    Left,
    /// Labels in the middle (e.g. a grouped 구분 column).
    Center,
    /// Figures.
    Right,
}

/// A column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// Header text.
    pub title: String,
    /// Alignment of its cells.
    pub align: Align,
}

/// A header cell spanning several columns above the column titles
/// (e.g. 증감 over 증감액 and 증감률).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// Text; empty for columns without a group (their title spans both rows).
    pub title: String,
    /// Number of columns spanned.
    pub span: usize,
}

/// The role of a row, for emphasis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowKind {
    /// A grand total (계).
    Total,
    /// A subtotal (소계) or a category.
    Subtotal,
    /// An ordinary row.
    Normal,
    /// A row nested under the row above it.
    Detail,
}

/// One cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// As shown.
    pub text: String,
    /// The figure behind the text: won for money, a count, or a percentage.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Rows this cell spans downwards (HTML); 0 means the cell is covered by
    /// a span from above and is not drawn.
    pub rowspan: usize,
}

impl Cell {
    /// A text cell.
    pub fn text(t: impl Into<String>) -> Cell {
        Cell {
            text: t.into(),
            value: None,
            rowspan: 1,
        }
    }

    /// A figure cell.
    #[allow(clippy::cast_precision_loss)]
    pub fn figure(text: impl Into<String>, value: i64) -> Cell {
        Cell {
            text: text.into(),
            value: Some(value as f64),
            rowspan: 1,
        }
    }

    /// A rate cell.
    pub fn rate(text: impl Into<String>, value: Option<f64>) -> Cell {
        Cell {
            text: text.into(),
            value,
            rowspan: 1,
        }
    }
}

/// One row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Emphasis.
    pub kind: RowKind,
    /// Cells, one per column.
    pub cells: Vec<Cell>,
}

/// A whole table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// Stable id (used for anchors, sheet names and tests).
    pub id: String,
    /// The units line, e.g. `(’23.10.18. 기준, 단위 : 천원, %)`.
    pub units: Option<String>,
    /// Header groups; empty for a single header row.
    pub groups: Vec<Group>,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows.
    pub rows: Vec<Row>,
    /// Notes under the table (※ …).
    pub notes: Vec<String>,
}

impl Table {
    /// Which columns sit under a group (true) rather than spanning both
    /// header rows themselves (false). Used by the HTML renderer.
    pub fn grouped_columns(&self) -> Vec<bool> {
        if self.groups.is_empty() {
            return vec![false; self.columns.len()];
        }
        self.groups
            .iter()
            .flat_map(|g| std::iter::repeat_n(!g.title.is_empty(), g.span))
            .collect()
    }

    /// Merges runs of equal text in column `col` into one spanning cell.
    pub fn merge_down(&mut self, col: usize) {
        let mut start = 0;
        while start < self.rows.len() {
            let mut end = start + 1;
            while end < self.rows.len()
                && self.rows[end].cells[col].text == self.rows[start].cells[col].text
            {
                end += 1;
            }
            self.rows[start].cells[col].rowspan = end - start;
            for r in &mut self.rows[start + 1..end] {
                r.cells[col].rowspan = 0;
            }
            start = end;
        }
    }
}
