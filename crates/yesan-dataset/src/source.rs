//! A named source text and the mapping from byte offsets to the line and
//! column a person sees in an editor.

use std::ops::Range;

/// A file's name and text.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    /// The name reported in messages (usually the path).
    pub name: &'a str,
    /// The text.
    pub text: &'a str,
}

impl Source<'_> {
    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// The key written before the value at `span`, as in `amount = "x"`,
    /// so that type errors can name their field.
    pub fn key_before(&self, span: &Range<usize>) -> Option<String> {
        let start = span.start.min(self.text.len());
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let head = self.text[line_start..start].trim_end();
        let head = head.strip_suffix('=')?.trim_end();
        let key: String = head
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        (!key.is_empty()).then_some(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns() {
        let s = Source {
            name: "x",
            text: "a = 1\n이름 = \"값\"\n",
        };
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        let v = s.text.find('"').unwrap();
        assert_eq!(s.line_col(v), (2, 6));
        assert_eq!(s.key_before(&(v..v + 1)), Some("이름".into()));
    }
}
