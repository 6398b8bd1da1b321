//! Reading a text file as a stream, for files too large to hold: the
//! encoding decided and decoded on the way ([`TextReader`]), and the line
//! ends remembered just long enough to number the CSV records
//! ([`LineEnds`]).
//!
//! A whole file in memory is checked as UTF-8 in one go (`decode::detect`).
//! A stream cannot be, so the choice is made where it first matters: both
//! encodings agree on ASCII, and at the first byte above it the bytes
//! ahead (up to [`LOOKAHEAD`]) are either valid UTF-8, or the file is read
//! as CP949, which Excel on Korean Windows writes. A byte that the chosen
//! encoding cannot decode later on is an error of the row that holds it.

use crate::error::FileError;
use encoding_rs::{Decoder, DecoderResult, EUC_KR};
use std::collections::VecDeque;
use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// How much of the file is looked at, from its first non-ASCII byte, to
/// tell UTF-8 from CP949.
const LOOKAHEAD: usize = 1 << 16;
/// Raw bytes read from the file at a time.
const CHUNK: usize = 1 << 16;

enum Mode {
    /// Only ASCII so far.
    Undecided,
    Utf8,
    Cp949(Box<Decoder>),
    /// The end, or an undecodable byte: nothing more is read.
    Ended,
}

/// UTF-8 text out of a UTF-8 or CP949 byte stream.
pub(crate) struct TextReader<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    mode: Mode,
    /// Raw bytes consumed so far (for progress), shared with the table.
    consumed: Arc<AtomicU64>,
    /// Raw bytes before `buf`, and the line ends among them, for locating
    /// an undecodable byte.
    offset: u64,
    lines: u64,
}

impl<R: Read> TextReader<R> {
    /// Opens the stream: a UTF-16 byte-order mark is refused, a UTF-8 one
    /// decides the encoding and is dropped. `head` is what the caller
    /// already read from `inner` (to tell a workbook from text).
    pub(crate) fn new(
        inner: R,
        head: Vec<u8>,
        consumed: Arc<AtomicU64>,
    ) -> Result<Self, FileError> {
        if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
            return Err(FileError::Utf16);
        }
        let mut r = TextReader {
            inner,
            buf: head,
            pos: 0,
            eof: false,
            mode: Mode::Undecided,
            consumed,
            offset: 0,
            lines: 0,
        };
        if r.buf.starts_with(b"\xEF\xBB\xBF") {
            r.pos = 3;
            r.mode = Mode::Utf8;
        }
        Ok(r)
    }

    /// Reads more raw bytes, keeping the unread ones; false at the end.
    fn fill(&mut self, at_least: usize) -> io::Result<bool> {
        if self.pos > 0 {
            let done = &self.buf[..self.pos];
            self.offset += done.len() as u64;
            self.lines += done.iter().filter(|&&b| b == b'\n').count() as u64;
            self.consumed.store(self.offset, Ordering::Relaxed);
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let mut grew = false;
        while !self.eof && self.buf.len() < at_least {
            let start = self.buf.len();
            self.buf.resize(start + CHUNK, 0);
            let n = loop {
                match self.inner.read(&mut self.buf[start..]) {
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    other => break other,
                }
            };
            let n = match n {
                Ok(n) => n,
                Err(e) => {
                    self.buf.truncate(start);
                    return Err(e);
                }
            };
            self.buf.truncate(start + n);
            self.eof = n == 0;
            grew |= n > 0;
        }
        Ok(grew)
    }

    /// The error for an undecodable byte `at` bytes into `buf`.
    fn not_text(&mut self, at: usize, closest: &'static str) -> io::Error {
        let before = &self.buf[..at];
        let e = FileError::NotText {
            offset: usize::try_from(self.offset).unwrap_or(usize::MAX) + at,
            line: usize::try_from(self.lines).unwrap_or(usize::MAX)
                + before.iter().filter(|&&b| b == b'\n').count()
                + 1,
            byte: self.buf.get(at).copied().unwrap_or_default(),
            closest,
        };
        self.mode = Mode::Ended;
        io::Error::new(io::ErrorKind::InvalidData, e)
    }
}

impl<R: Read> Read for TextReader<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        loop {
            if self.pos == self.buf.len() && !self.fill(1)? {
                if let Mode::Cp949(d) = &mut self.mode {
                    // Flush a lead byte left at the very end.
                    let mut tail = [0_u8; 8];
                    let (r, _, written) =
                        d.decode_to_utf8_without_replacement(&[], &mut tail, true);
                    if let DecoderResult::Malformed(..) = r {
                        return Err(self.not_text(self.buf.len(), "CP949"));
                    }
                    debug_assert_eq!(written, 0);
                    self.mode = Mode::Ended;
                }
                return Ok(0);
            }
            match &mut self.mode {
                Mode::Ended => return Ok(0),
                Mode::Undecided => {
                    let rest = &self.buf[self.pos..];
                    let ascii = rest
                        .iter()
                        .position(|b| !b.is_ascii())
                        .unwrap_or(rest.len());
                    if ascii > 0 {
                        let n = ascii.min(out.len());
                        out[..n].copy_from_slice(&rest[..n]);
                        self.pos += n;
                        return Ok(n);
                    }
                    self.fill(LOOKAHEAD)?;
                    let ahead = &self.buf[self.pos..];
                    let utf8 = match std::str::from_utf8(ahead) {
                        Ok(_) => true,
                        // Cut off at the end of the window, not invalid.
                        Err(e) if e.error_len().is_none() && !self.eof => true,
                        // Invalid somewhere ahead: the encoding that reads
                        // further is the file's, so that the error is
                        // reported where the file really breaks (a UTF-8
                        // file with one CP949 line, say).
                        Err(e) => e.valid_up_to() > cp949_valid(ahead),
                    };
                    self.mode = if utf8 {
                        Mode::Utf8
                    } else {
                        Mode::Cp949(Box::new(EUC_KR.new_decoder_without_bom_handling()))
                    };
                }
                Mode::Utf8 => {
                    let rest = &self.buf[self.pos..];
                    let n = rest.len().min(out.len());
                    out[..n].copy_from_slice(&rest[..n]);
                    self.pos += n;
                    return Ok(n);
                }
                Mode::Cp949(d) => {
                    let rest = &self.buf[self.pos..];
                    let (r, read, written) = d.decode_to_utf8_without_replacement(rest, out, false);
                    self.pos += read;
                    match r {
                        DecoderResult::Malformed(bad, after) => {
                            let at = self.pos - usize::from(bad) - usize::from(after);
                            return Err(self.not_text(at, "CP949"));
                        }
                        _ if written > 0 => return Ok(written),
                        // A lead byte waits for its trail byte.
                        DecoderResult::InputEmpty => {}
                        DecoderResult::OutputFull => {
                            return Err(io::Error::other("output buffer too small"));
                        }
                    }
                }
            }
        }
    }
}

/// The longest CSV record accepted, in bytes: far past any real row, and
/// what keeps a quote left open from making the CSV reader hold the rest
/// of a huge file as one field.
pub(crate) const MAX_RECORD: usize = 1 << 20;

/// Where the CSV reader is in a record, as far as quotes go (the states of
/// RFC 4180 with `"` quoting and `""` escapes, as the `csv` crate reads).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// At the start of a field.
    Start,
    /// In a field that did not start with a quote.
    Bare,
    /// In a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: the end, or an escape.
    QuoteInQuoted,
}

/// How many bytes at the start of `bytes` decode as CP949.
fn cp949_valid(bytes: &[u8]) -> usize {
    let mut decoder = EUC_KR.new_decoder_without_bom_handling();
    let mut out = [0_u8; 4096];
    let mut read = 0;
    loop {
        let (r, n, _) = decoder.decode_to_utf8_without_replacement(&bytes[read..], &mut out, false);
        read += n;
        match r {
            DecoderResult::InputEmpty => return read,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(bad, after) => {
                return read - usize::from(bad) - usize::from(after);
            }
        }
    }
}

/// Passes text through, remembering where line-end bytes (CR, LF) were, so
/// that a CSV record's first line can be found from the position the CSV
/// reader gives it (see `Table`). Only the line ends not yet behind the
/// record being read are kept: a few thousand at most.
///
/// It also follows the quoting, which the CSV reader does not report: a
/// quote still open at the end of the text is an error
/// ([`LineEnds::open_quote`]), and so is a record longer than
/// [`MAX_RECORD`] (an error of the read, so the CSV reader stops).
pub(crate) struct LineEnds<R> {
    inner: R,
    at: u64,
    /// (offset, is LF) of each CR or LF not yet pruned.
    ends: VecDeque<(u64, bool)>,
    quoting: Quoting,
    /// LFs so far, the line (0-based) of the last opening quote, and the
    /// record being read (its 1-based first line, its bytes so far).
    lines: u64,
    quote_line: u64,
    record: (u64, usize),
}

impl<R> LineEnds<R> {
    pub(crate) fn new(inner: R) -> Self {
        LineEnds {
            inner,
            at: 0,
            ends: VecDeque::new(),
            quoting: Quoting::Start,
            lines: 0,
            quote_line: 0,
            record: (1, 0),
        }
    }

    /// How many LFs are in the run of CR/LF bytes that starts at `start`
    /// (none if the byte there is neither); forgets every line end before
    /// `start`.
    pub(crate) fn newlines_from(&mut self, start: u64) -> usize {
        while self.ends.front().is_some_and(|&(o, _)| o < start) {
            self.ends.pop_front();
        }
        (start..)
            .zip(&self.ends)
            .take_while(|(at, (o, _))| o == at)
            .filter(|(_, (_, lf))| *lf)
            .count()
    }

    /// The 1-based line of a quote still open, once all the text is read.
    pub(crate) fn open_quote(&self) -> Option<usize> {
        (self.quoting == Quoting::Quoted)
            .then(|| usize::try_from(self.quote_line + 1).unwrap_or(usize::MAX))
    }
}

impl<R> LineEnds<R> {
    /// Follows one byte at offset `at`.
    fn step(&mut self, at: u64, b: u8) -> io::Result<()> {
        let end = b == b'\n' || b == b'\r';
        if end {
            self.ends.push_back((at, b == b'\n'));
        }
        self.quoting = match (self.quoting, b) {
            (Quoting::Start, b'"') => {
                self.quote_line = self.lines;
                Quoting::Quoted
            }
            (Quoting::Quoted, b'"') => Quoting::QuoteInQuoted,
            (Quoting::Quoted, _) => Quoting::Quoted,
            (Quoting::QuoteInQuoted, b'"') => Quoting::Quoted,
            (_, b',') => Quoting::Start,
            (_, b'\n' | b'\r') => Quoting::Start,
            _ => Quoting::Bare,
        };
        if end && self.quoting == Quoting::Start {
            // The record ends here.
            self.record.1 = 0;
        } else {
            self.grow(1)?;
        }
        if b == b'\n' {
            self.lines += 1;
        }
        Ok(())
    }

    /// Counts `n` more bytes (no line end among them) into the record
    /// being read; a record past [`MAX_RECORD`] is an error.
    fn grow(&mut self, n: usize) -> io::Result<()> {
        if self.record.1 == 0 {
            self.record.0 = self.lines + 1;
        }
        self.record.1 += n;
        if self.record.1 > MAX_RECORD {
            let e = FileError::RowTooLong {
                line: usize::try_from(self.record.0).unwrap_or(usize::MAX),
                limit: MAX_RECORD,
            };
            return Err(io::Error::new(io::ErrorKind::InvalidData, e));
        }
        Ok(())
    }
}

impl<R: Read> Read for LineEnds<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(out)?;
        let bytes = &out[..n];
        let mut i = 0;
        while i < n {
            // A run of bytes that change nothing but the record's length
            // (in a bare field: all but comma, quote and line ends; in a
            // quoted one: all but quote and line ends) is taken at once;
            // the byte after it goes through `step`.
            let plain = |b: &u8| match self.quoting {
                Quoting::Start | Quoting::Bare => !matches!(b, b',' | b'"' | b'\n' | b'\r'),
                Quoting::Quoted => !matches!(b, b'"' | b'\n' | b'\r'),
                Quoting::QuoteInQuoted => false,
            };
            let run = bytes[i..].iter().take_while(|b| plain(b)).count();
            if run > 0 {
                if self.quoting == Quoting::Start {
                    self.quoting = Quoting::Bare;
                }
                self.grow(run)?;
                i += run;
                continue;
            }
            self.step(self.at + i as u64, bytes[i])?;
            i += 1;
        }
        self.at += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], reads: usize) -> io::Result<String> {
        // `reads` bytes at a time, to cross every boundary.
        struct Slow<'a>(&'a [u8], usize);
        impl Read for Slow<'_> {
            fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
                let n = self.0.len().min(self.1).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        // The caller has read the first bytes already, as `Table` does.
        let (head, rest) = bytes.split_at(bytes.len().min(4));
        let mut r = TextReader::new(Slow(rest, reads), head.to_vec(), Arc::default())
            .map_err(|e| io::Error::other(e.to_string()))?;
        let mut s = String::new();
        r.read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn utf8_and_cp949_are_told_apart_at_the_first_non_ascii_byte() {
        let text = format!("{}결의번호,금액\n지출,1\n", "a,b\n".repeat(5000));
        for reads in [1, 3, 7, 1 << 16] {
            assert_eq!(decode(text.as_bytes(), reads).unwrap(), text);
            let (cp949, _, bad) = EUC_KR.encode(&text);
            assert!(!bad);
            assert_eq!(decode(&cp949, reads).unwrap(), text);
        }
        let with_bom = [b"\xEF\xBB\xBF", "일자".as_bytes()].concat();
        assert_eq!(decode(&with_bom, 2).unwrap(), "일자");
    }

    #[test]
    fn an_undecodable_byte_is_located() {
        let (mut bytes, _, _) = EUC_KR.encode("일자\n지출\n");
        let offset = bytes.len();
        bytes.to_mut().extend_from_slice(b"\xFF\xFF\n");
        let e = decode(&bytes, 4).unwrap_err().to_string();
        assert!(e.contains(&format!("offset {offset} (line 3)")), "{e}");
        assert!(
            matches!(
                TextReader::new(&b""[..], b"\xFF\xFEa".to_vec(), Arc::default()),
                Err(FileError::Utf16)
            ),
            "UTF-16 is refused"
        );
    }

    fn open_quote(text: &str) -> Option<usize> {
        let mut r = LineEnds::new(text.as_bytes());
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        r.open_quote()
    }

    #[test]
    fn a_quote_left_open_is_found_with_its_line() {
        assert_eq!(open_quote("a,b\n1,\"x\"\"y\"\n2,\"multi\nline\"\n"), None);
        assert_eq!(
            open_quote("a,b\n1,in\"side\n"),
            None,
            "a quote inside a bare field"
        );
        assert_eq!(open_quote("a,b\n1,\"oops\n2,3\n"), Some(2));
        assert_eq!(
            open_quote("a,b\r\n1,\"x\"\"\r\n"),
            Some(2),
            "an escape, not a close"
        );
    }

    #[test]
    fn a_record_past_the_limit_is_an_error_of_its_line() {
        let text = format!("a\nb\n\"{}", "x".repeat(MAX_RECORD));
        let mut r = LineEnds::new(text.as_bytes());
        let e = r.read_to_end(&mut Vec::new()).unwrap_err();
        let inner = e.get_ref().and_then(|i| i.downcast_ref::<FileError>());
        assert_eq!(
            inner,
            Some(&FileError::RowTooLong {
                line: 3,
                limit: MAX_RECORD
            })
        );
    }

    #[test]
    fn line_ends_count_the_run_at_a_position() {
        let mut r = LineEnds::new(&b"a\r\n\r\nb\nc"[..]);
        let mut s = String::new();
        r.read_to_string(&mut s).unwrap();
        assert_eq!(r.newlines_from(1), 2);
        assert_eq!(r.newlines_from(2), 2);
        assert_eq!(r.newlines_from(5), 0);
        assert_eq!(r.newlines_from(6), 1);
    }
}
