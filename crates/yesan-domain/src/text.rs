//! What an entry's free text may hold: document numbers, references,
//! counterparties and memos come from other systems' files and from forms,
//! and end up in reports, terminals and spreadsheets. Control characters
//! (a NUL, an ANSI escape that recolours a terminal, a carriage return
//! that hides what came before it) have no business there, and a document
//! number is a short key, not a paragraph.

use crate::message::{Lang, Localized, josa};
use crate::{bilingual_display, ko_en};

/// The longest document number (결의번호), in characters.
pub const MAX_DOC_NO: usize = 64;
/// The longest memo or counterparty, in characters.
pub const MAX_TEXT: usize = 1_000;

/// How many characters of a refused value a message quotes.
pub const QUOTED: usize = 40;

/// `value` as a message quotes it: at most [`QUOTED`] characters, then `…`,
/// so that a megabyte of input makes a one-line message.
pub fn quoted(value: &str) -> String {
    match value.char_indices().nth(QUOTED) {
        None => value.to_owned(),
        Some((at, _)) => format!("{}…", &value[..at]),
    }
}

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    /// A control character (other than a tab or line feed in a memo).
    Control {
        /// The character's code point.
        code: u32,
        /// 1-based position of the character.
        position: usize,
    },
    /// Longer than the limit.
    TooLong {
        /// Characters in the text.
        length: usize,
        /// The limit.
        limit: usize,
    },
}

impl Localized for TextError {
    fn say(&self, lang: Lang) -> String {
        match self {
            TextError::Control { code, position } => {
                let c = josa(&format!("U+{code:04X}"), "이", "가");
                ko_en!(
                    lang,
                    "제어 문자 {c} {position}번째 글자에 있습니다. 보이는 글자만 쓰세요",
                    "control character U+{code:04X} at character {position}; only printable text is allowed"
                )
            }
            TextError::TooLong { length, limit } => ko_en!(
                lang,
                "{length}자입니다. {limit}자까지 쓸 수 있습니다",
                "{length} characters long; at most {limit} allowed"
            ),
        }
    }
}

bilingual_display!(TextError);

fn check(s: &str, limit: usize, allowed: &[char]) -> Result<(), TextError> {
    // Most text holds no control character at all: one pass over the
    // bytes says so and counts the characters (the bytes that start one).
    // In UTF-8 the C0 controls and DEL are single bytes and the C1
    // controls (U+0080 to U+009F) are 0xC2 followed by 0x80 to 0x9F.
    let bytes = s.as_bytes();
    let control = bytes.iter().enumerate().any(|(i, &b)| {
        b < 0x20
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    });
    if !control {
        let length = bytes.iter().filter(|&&b| b & 0xc0 != 0x80).count();
        return if length > limit {
            Err(TextError::TooLong { length, limit })
        } else {
            Ok(())
        };
    }
    let mut length = 0;
    let mut chars = s.chars().enumerate().peekable();
    while let Some((i, c)) = chars.next() {
        // A line end from Windows (CR LF) is a line end where LF is one.
        let crlf =
            c == '\r' && allowed.contains(&'\n') && chars.peek().is_some_and(|&(_, n)| n == '\n');
        if c.is_control() && !allowed.contains(&c) && !crlf {
            return Err(TextError::Control {
                code: u32::from(c),
                position: i + 1,
            });
        }
        length += 1;
    }
    if length > limit {
        return Err(TextError::TooLong { length, limit });
    }
    Ok(())
}

/// A document number (or a reference to one): no control characters, at
/// most [`MAX_DOC_NO`] characters.
pub fn check_doc_no(s: &str) -> Result<(), TextError> {
    check(s, MAX_DOC_NO, &[])
}

/// A memo or counterparty: no control characters but tab and line feed
/// (or CR LF), at most [`MAX_TEXT`] characters.
pub fn check_free_text(s: &str) -> Result<(), TextError> {
    check(s, MAX_TEXT, &['\t', '\n'])
}

/// The longest name of a line, unit, project or program group.
pub const MAX_NAME: usize = 200;
/// The longest paragraph of a sheet or profile (purpose, background …).
pub const MAX_PARAGRAPH: usize = 10_000;

/// A name (of a line, unit, project): one line of printable text, at
/// most [`MAX_NAME`] characters.
pub fn check_name(s: &str) -> Result<(), TextError> {
    check(s, MAX_NAME, &[])
}

/// A paragraph (a purpose, a background): printable text, tabs and line
/// ends, at most [`MAX_PARAGRAPH`] characters.
pub fn check_paragraph(s: &str) -> Result<(), TextError> {
    check(s, MAX_PARAGRAPH, &['\t', '\n'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_cut() {
        assert_eq!(quoted("E1"), "E1");
        let long = "가".repeat(QUOTED + 1);
        assert_eq!(quoted(&long), format!("{}…", "가".repeat(QUOTED)));
    }

    #[test]
    fn control_characters_and_length() {
        assert_eq!(check_doc_no("2023-지출-0001"), Ok(()));
        assert_eq!(
            check_doc_no("A\u{0}B"),
            Err(TextError::Control {
                code: 0,
                position: 2
            })
        );
        assert!(check_doc_no("\u{1b}[31mX").is_err());
        assert!(check_doc_no(&"가".repeat(MAX_DOC_NO)).is_ok());
        assert_eq!(
            check_doc_no(&"가".repeat(MAX_DOC_NO + 1)),
            Err(TextError::TooLong {
                length: MAX_DOC_NO + 1,
                limit: MAX_DOC_NO
            })
        );
        assert_eq!(check_free_text("첫 줄\n둘째\t줄"), Ok(()));
        assert!(check_free_text("a\rb").is_err(), "a lone CR hides text");
        assert_eq!(check_free_text("a\r\nb"), Ok(()));
        assert!(check_free_text("\u{9b}31m").is_err(), "C1 CSI");
    }

    proptest::proptest! {
        /// The one pass over the bytes decides as the character-by-character
        /// rule does: a text is refused exactly when a character is a
        /// control one (not allowed) or there are too many characters.
        #[test]
        fn the_byte_pass_agrees_with_the_characters(
            s in "(\\PC|[\u{0}-\u{1f}\u{7f}-\u{a0}가])*",
            limit in 0_usize..12,
        ) {
            let allowed = ['\t', '\n'];
            let chars: Vec<char> = s.chars().collect();
            let control = chars.iter().enumerate().any(|(i, &c)| {
                c.is_control()
                    && !allowed.contains(&c)
                    && !(c == '\r' && chars.get(i + 1) == Some(&'\n'))
            });
            let want_ok = !control && chars.len() <= limit;
            proptest::prop_assert_eq!(check(&s, limit, &allowed).is_ok(), want_ok);
            let strict = chars.iter().any(|c| c.is_control());
            proptest::prop_assert_eq!(check(&s, limit, &[]).is_ok(), !strict && chars.len() <= limit);
        }
    }
}
