//! Field names as the forms label them. A refusal names its field by the
//! name the form submits (`amount`, `grades.1.authorized`,
//! `indicators.0.parts`), which is for placing the message and marking
//! the input; people read the field's label instead ("금액", "4급 정원",
//! "지표 A1의 세부 항목"). Each form describes its labels once, as a
//! [`Labels`], and every refusal shown on it is labelled through it.

use crate::error::FieldError;
use crate::i18n::{self, Lang};
use yesan_domain::Text;

/// How one form labels its fields.
pub struct Labels<'a> {
    /// Plain fields: (field name, i18n key of its label).
    pub fields: &'a [(&'a str, &'a str)],
    /// Grid columns: (grid, column, i18n key of the column's label); a
    /// grid field is named `grid.N.column`, or `grid.N` for a grid of one
    /// column (whose column is then `""`).
    pub columns: &'a [(&'a str, &'a str, &'a str)],
    /// The name of row `N` of a grid as the form shows it (the grade of a
    /// staffing row, the id of an indicator), if it has one.
    pub row: &'a dyn Fn(&str, usize) -> Option<Text>,
}

/// No row has a name.
pub fn unnamed(_grid: &str, _n: usize) -> Option<Text> {
    None
}

/// The entry form's fields (also the names budget control gives).
pub const ENTRY: &[(&str, &str)] = &[
    ("date", "f.date"),
    ("doc_no", "f.doc_no"),
    ("kind", "f.kind"),
    ("line", "f.line"),
    ("amount", "f.amount"),
    ("ref", "f.ref"),
    ("counterparty", "f.counterparty"),
    ("memo", "f.memo"),
    ("file", "f.file"),
];

impl Labels<'_> {
    /// The label of `field`, or `None` for a field the form does not show
    /// (a hidden fingerprint, say).
    pub fn label(&self, field: &str) -> Option<Text> {
        if let Some((_, key)) = self.fields.iter().find(|(f, _)| *f == field) {
            return Some(i18n::text(key));
        }
        let mut parts = field.splitn(3, '.');
        let (grid, n) = (parts.next()?, parts.next()?);
        let column = parts.next().unwrap_or("");
        let n: usize = n.parse().ok()?;
        let (_, _, key) = self
            .columns
            .iter()
            .find(|(g, c, _)| *g == grid && *c == column)?;
        let col = i18n::text(key);
        let row = (self.row)(grid, n).unwrap_or_else(|| {
            let k = n + 1;
            Text::new(format!("{k}번째 줄"), format!("row {k}"))
        });
        Some(Text::new(
            format!("{} {}", row.ko, col.ko),
            format!("{} ({})", col.en, row.en),
        ))
    }

    /// `errors`, each with its field's label (a label already given is
    /// kept).
    pub fn apply(&self, errors: Vec<FieldError>) -> Vec<FieldError> {
        errors
            .into_iter()
            .map(|mut e| {
                if e.label.is_none() {
                    e.label = self.label(&e.field);
                }
                e
            })
            .collect()
    }
}

/// The entry form's labels.
pub fn entry() -> Labels<'static> {
    Labels {
        fields: ENTRY,
        columns: &[],
        row: &unnamed,
    }
}

/// Every label of `labels` for the fields `names`, in `lang`: what a test
/// reads to see that no field goes unlabelled.
pub fn all(labels: &Labels<'_>, names: &[&str], lang: Lang) -> Vec<Option<String>> {
    names
        .iter()
        .map(|n| labels.label(n).map(|t| t.get(lang).to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_grid_cells_read_as_the_form_labels_them() {
        let row =
            |grid: &str, n: usize| (grid == "grades" && n == 1).then(|| Text::new("4급", "4급"));
        let labels = Labels {
            fields: &[("as_of", "as_of")],
            columns: &[("grades", "authorized", "org.authorized")],
            row: &row,
        };
        assert_eq!(
            all(&labels, &["grades.1.authorized", "as_of"], Lang::Ko),
            [Some("4급 정원".to_owned()), Some("기준일".to_owned())]
        );
        assert_eq!(
            labels.label("grades.1.authorized").map(|t| t.en),
            Some("Authorized (4급)".to_owned())
        );
        assert_eq!(
            labels.label("grades.3.authorized").map(|t| t.ko),
            Some("4번째 줄 정원".to_owned())
        );
        assert_eq!(labels.label("base"), None);
        assert_eq!(
            entry().label("amount").map(|t| t.ko),
            Some("금액(원)".to_owned())
        );
    }
}
