//! Telling an XLSX workbook from a text file, and a text file's encoding.
//!
//! The finance team's files come from Excel on Korean Windows: "CSV UTF-8"
//! (with a byte-order mark), plain "CSV" (CP949, which the WHATWG encoding
//! standard, and so `encoding_rs`, calls EUC-KR), or XLSX. The content
//! decides, never the file name, because people rename files. UTF-8 is
//! tried first and borrowed as it is, so the common case copies nothing.

use crate::error::FileError;
use encoding_rs::{DecoderResult, EUC_KR};
use std::borrow::Cow;

/// What the bytes are.
pub(crate) enum Content<'a> {
    /// A zip container: read as an XLSX workbook.
    Xlsx(&'a [u8]),
    /// Text, as valid UTF-8 bytes without a byte-order mark.
    Text(Cow<'a, [u8]>),
}

pub(crate) const ZIP: &[u8] = b"PK\x03\x04";
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn detect(bytes: &[u8]) -> Result<Content<'_>, FileError> {
    if bytes.starts_with(ZIP) {
        return Ok(Content::Xlsx(bytes));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(FileError::Utf16);
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        // The mark says UTF-8: a bad byte after it is damage, not CP949.
        return match std::str::from_utf8(rest) {
            Ok(_) => Ok(Content::Text(Cow::Borrowed(rest))),
            Err(e) => Err(not_text(bytes, UTF8_BOM.len() + e.valid_up_to(), "UTF-8")),
        };
    }
    let utf8_error = match std::str::from_utf8(bytes) {
        Ok(_) => return Ok(Content::Text(Cow::Borrowed(bytes))),
        Err(e) => e.valid_up_to(),
    };
    match cp949(bytes) {
        Ok(text) => Ok(Content::Text(Cow::Owned(text.into_bytes()))),
        Err(cp949_error) if cp949_error >= utf8_error => Err(not_text(bytes, cp949_error, "CP949")),
        Err(_) => Err(not_text(bytes, utf8_error, "UTF-8")),
    }
}

/// Decodes CP949, or gives the offset of the first byte it cannot decode.
fn cp949(bytes: &[u8]) -> Result<String, usize> {
    let mut decoder = EUC_KR.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(
        decoder
            .max_utf8_buffer_length_without_replacement(bytes.len())
            .unwrap_or(bytes.len()),
    );
    let mut read = 0;
    loop {
        let (result, n) =
            decoder.decode_to_string_without_replacement(&bytes[read..], &mut out, true);
        read += n;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(bytes.len() - read + 16),
            DecoderResult::Malformed(bad, after) => {
                return Err(read - usize::from(bad) - usize::from(after));
            }
        }
    }
}

fn not_text(bytes: &[u8], offset: usize, closest: &'static str) -> FileError {
    FileError::NotText {
        offset,
        line: bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1,
        byte: bytes.get(offset).copied().unwrap_or_default(),
        closest,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(c: Content<'_>) -> String {
        match c {
            Content::Text(t) => String::from_utf8(t.into_owned()).unwrap(),
            Content::Xlsx(_) => panic!("not text"),
        }
    }

    #[test]
    fn utf8_is_borrowed_and_the_mark_dropped() {
        let c = detect("일자,금액\n".as_bytes()).unwrap();
        assert!(matches!(c, Content::Text(Cow::Borrowed(_))));
        let with_bom = [UTF8_BOM, "일자".as_bytes()].concat();
        assert_eq!(text(detect(&with_bom).unwrap()), "일자");
    }

    #[test]
    fn cp949_is_decoded() {
        let (bytes, _, bad) = EUC_KR.encode("결의번호,금액\n원인행위,1\n");
        assert!(!bad);
        assert_eq!(text(detect(&bytes).unwrap()), "결의번호,금액\n원인행위,1\n");
    }

    #[test]
    fn neither_encoding_is_located() {
        // Valid CP949 for two lines, then a byte no encoding accepts there.
        let (mut bytes, _, _) = EUC_KR.encode("일자\n지출\n");
        let offset = bytes.len();
        bytes.to_mut().extend_from_slice(b"\xFF\xFF\n");
        assert_eq!(
            detect(&bytes).err(),
            Some(FileError::NotText {
                offset,
                line: 3,
                byte: 0xFF,
                closest: "CP949"
            })
        );
        let mut damaged = b"date,amount\n2023-10-18,".to_vec();
        damaged.extend_from_slice(b"\xC3(\n");
        assert!(matches!(
            detect(&damaged),
            Err(FileError::NotText {
                offset: 23,
                line: 2,
                ..
            })
        ));
        let bom_then_bad = [UTF8_BOM, b"a\n\xFF"].concat();
        assert!(matches!(
            detect(&bom_then_bad),
            Err(FileError::NotText {
                offset: 5,
                line: 2,
                closest: "UTF-8",
                ..
            })
        ));
    }

    #[test]
    fn a_utf8_file_with_a_cp949_line_is_refused_at_that_line() {
        let mut bytes = "일자,적요\n2023-10-20,설계\n".as_bytes().to_vec();
        let (cp949, _, _) = EUC_KR.encode("2023-10-21,선금\n");
        bytes.extend_from_slice(&cp949);
        assert!(
            matches!(
                detect(&bytes),
                Err(FileError::NotText {
                    line: 3,
                    closest: "UTF-8",
                    ..
                })
            ),
            "{:?}",
            detect(&bytes).err()
        );
    }

    #[test]
    fn zip_and_utf16_are_told_apart() {
        assert!(matches!(detect(b"PK\x03\x04rest"), Ok(Content::Xlsx(_))));
        assert_eq!(detect(b"\xFF\xFEa\x00").err(), Some(FileError::Utf16));
    }
}
