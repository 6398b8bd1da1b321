//! Matching a header row to the columns a file format knows.
//!
//! People write headers in Korean or English, in any order, with stray
//! spaces and capitals (`Doc No`, ` 결의 번호 `), so names are compared
//! after dropping whitespace, `_` and `-` and folding ASCII case. Each
//! format lists its columns once ([`Spec`]); the reader of a row then asks
//! for a column by its position in that list.

use crate::error::FileError;
use crate::table::Header;

/// One column a format knows.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Spec {
    /// The English name, as documented.
    pub(crate) english: &'static str,
    /// The Korean name, as documented.
    pub(crate) korean: &'static str,
    /// Other accepted spellings.
    pub(crate) aliases: &'static [&'static str],
    /// Whether the file must have the column.
    pub(crate) required: bool,
}

impl Spec {
    pub(crate) const fn required(english: &'static str, korean: &'static str) -> Spec {
        Spec {
            english,
            korean,
            aliases: &[],
            required: true,
        }
    }

    pub(crate) const fn optional(english: &'static str, korean: &'static str) -> Spec {
        Spec {
            english,
            korean,
            aliases: &[],
            required: false,
        }
    }

    pub(crate) const fn or(self, aliases: &'static [&'static str]) -> Spec {
        Spec { aliases, ..self }
    }

    pub(crate) fn matches(&self, header: &str) -> bool {
        let key = key(header);
        !key.is_empty()
            && [self.english, self.korean]
                .iter()
                .chain(self.aliases)
                .any(|name| key == self::key(name))
    }
}

fn key(name: &str) -> String {
    name.chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '_' | '-' | '\u{feff}')))
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Where each known column is in the file.
#[derive(Debug)]
pub(crate) struct Columns {
    /// Position in the file of each spec's column, by spec index.
    pub(crate) index: Vec<Option<usize>>,
    /// The header row as written.
    pub(crate) headers: Vec<String>,
}

impl Columns {
    /// The number of cells every row must have.
    pub(crate) fn width(&self) -> usize {
        self.headers.len()
    }

    /// The header of spec `field`'s column as written, when present.
    pub(crate) fn header(&self, field: usize) -> Option<String> {
        self.index[field].map(|at| self.headers[at].clone())
    }
}

/// How many unknown columns are named one by one in the warnings.
const MAX_WARNINGS: usize = 20;

/// Maps `header` to `specs`: every required column present once, any
/// column present at most once. Unknown columns are ignored but named in
/// the returned warnings, since a misspelt optional column would otherwise
/// vanish silently.
pub(crate) fn resolve(
    specs: &[Spec],
    header: &Header,
) -> Result<(Columns, Vec<yesan_domain::Text>), Vec<FileError>> {
    let mut index = vec![None; specs.len()];
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    // Blank header cells are named in one warning: a sheet with a stray
    // value far to the right has thousands of them.
    let mut blank = Vec::new();
    let mut unknown_more = 0usize;
    for (pos, name) in header.names.iter().enumerate() {
        match specs.iter().position(|s| s.matches(name)) {
            Some(i) => match index[i] {
                None => index[i] = Some(pos),
                Some(first) => errors.push(FileError::DuplicateColumn {
                    english: specs[i].english,
                    korean: specs[i].korean,
                    first: first + 1,
                    first_header: header.names[first].clone(),
                    second: pos + 1,
                    second_header: name.clone(),
                }),
            },
            None if name.trim().is_empty() => blank.push(pos + 1),
            // A screen of them is enough; the rest are counted below.
            None if warnings.len() >= MAX_WARNINGS => unknown_more += 1,
            None => warnings.push({
                let (name, n) = (name.trim(), pos + 1);
                yesan_domain::text!(
                    "알 수 없는 열 '{name}'({n}번째 열)은 무시합니다",
                    "ignored unknown column '{name}' (column {n})"
                )
            }),
        }
    }
    if unknown_more > 0 {
        warnings.push(yesan_domain::text!(
            "알 수 없는 열 {unknown_more}개를 더 무시합니다",
            "ignored {unknown_more} more unknown columns"
        ));
    }
    match blank[..] {
        [] => {}
        [n] => warnings.push(yesan_domain::text!(
            "머리글이 없는 {n}번째 열은 무시합니다",
            "ignored column {n}, which has no header"
        )),
        _ => {
            let shown: Vec<String> = blank.iter().take(5).map(ToString::to_string).collect();
            let more = if blank.len() > 5 { ", …" } else { "" };
            let list = format!("{}{more}", shown.join(", "));
            let count = blank.len();
            warnings.push(yesan_domain::text!(
                "머리글이 없는 열 {count}개({list}번째 열)는 무시합니다",
                "ignored {count} columns with no header (columns {list})"
            ));
        }
    }
    for (spec, at) in specs.iter().zip(&index) {
        if spec.required && at.is_none() {
            errors.push(FileError::MissingColumn {
                english: spec.english,
                korean: spec.korean,
            });
        }
    }
    if errors.is_empty() {
        Ok((
            Columns {
                index,
                headers: header.names.clone(),
            },
            warnings,
        ))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: [Spec; 2] = [
        Spec::required("doc_no", "결의번호"),
        Spec::optional("ref", "참조").or(&["reference"]),
    ];

    fn header(names: &[&str]) -> Header {
        Header {
            names: names.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn names_are_matched_loosely() {
        for name in [
            "doc_no",
            " Doc No ",
            "DOC-NO",
            "결의 번호",
            "\u{feff}결의번호",
        ] {
            assert!(SPECS[0].matches(name), "{name:?}");
        }
        assert!(SPECS[1].matches("Reference"));
        assert!(!SPECS[0].matches(""));
        assert!(!SPECS[0].matches("doc"));
    }

    #[test]
    fn unknown_columns_are_warnings_and_duplicates_errors() {
        let (cols, warnings) = resolve(&SPECS, &header(&["비고", "결의번호", ""])).unwrap();
        assert_eq!(cols.index, vec![Some(1), None]);
        assert_eq!(warnings.len(), 2);
        assert!(warnings[0].ko.contains("'비고'"), "{warnings:?}");
        let errors = resolve(&SPECS, &header(&["결의번호", "ref", "DOC_NO"])).unwrap_err();
        assert_eq!(
            errors,
            vec![FileError::DuplicateColumn {
                english: "doc_no",
                korean: "결의번호",
                first: 1,
                first_header: "결의번호".into(),
                second: 3,
                second_header: "DOC_NO".into(),
            }]
        );
        let errors = resolve(&SPECS, &header(&["ref"])).unwrap_err();
        assert_eq!(
            errors,
            vec![FileError::MissingColumn {
                english: "doc_no",
                korean: "결의번호"
            }]
        );
    }
}
