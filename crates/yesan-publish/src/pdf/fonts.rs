//! The embedded Korean fonts, and text measured and broken into lines with
//! them.
//!
//! Yesan places glyphs itself rather than asking krilla to shape text:
//! precomposed Hangul, digits and the report's symbols need no shaping, and
//! measuring with the same advances that are drawn is what makes right-
//! aligned figures line up exactly. The fonts are subsets of Noto Sans CJK KR
//! (see `fonts/README.md`), compiled in so a PDF needs no system font.

use krilla::text::{Font, GlyphId, KrillaGlyph};
use skrifa::instance::{LocationRef, Size};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider, charmap::Charmap};

static REGULAR: &[u8] = include_bytes!("../../fonts/NotoSansKR-Subset-Regular.otf");
static BOLD: &[u8] = include_bytes!("../../fonts/NotoSansKR-Subset-Bold.otf");

/// One weight: the font for krilla and its metrics for measuring.
pub(crate) struct Face {
    /// For drawing.
    pub font: Font,
    charmap: Charmap<'static>,
    metrics: GlyphMetrics<'static>,
    upem: f32,
}

impl Face {
    fn new(bytes: &'static [u8]) -> Option<Face> {
        let r = FontRef::new(bytes).ok()?;
        let upem = f32::from(
            r.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em,
        );
        Some(Face {
            font: Font::new(bytes.into(), 0)?,
            charmap: r.charmap(),
            metrics: r.glyph_metrics(Size::unscaled(), LocationRef::default()),
            upem,
        })
    }

    /// The glyph of `c` and its advance in ems. A character outside the
    /// subset falls back to the replacement glyph (the font's `.notdef`),
    /// still measured, so layout never breaks.
    fn glyph(&self, c: char) -> (u32, f32) {
        let gid = self
            .charmap
            .map(c)
            .or_else(|| lookalike(c).and_then(|l| self.charmap.map(l)))
            .unwrap_or_default();
        let adv = self.metrics.advance_width(gid).unwrap_or(self.upem / 2.0) / self.upem;
        (gid.to_u32(), adv)
    }

    /// Width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }

    /// Positioned glyphs for `text`, each mapped to its characters so that
    /// the text stays selectable and searchable.
    pub fn glyphs(&self, text: &str) -> Vec<KrillaGlyph> {
        text.char_indices()
            .map(|(i, c)| {
                let (gid, adv) = self.glyph(c);
                KrillaGlyph::new(
                    GlyphId::new(gid),
                    adv,
                    0.0,
                    0.0,
                    0.0,
                    i..i + c.len_utf8(),
                    None,
                )
            })
            .collect()
    }

    /// Breaks `text` into lines no wider than `max` at `size`: at a space
    /// when there is one in the second half of the line (Korean breaks
    /// between words), anywhere otherwise. Newlines are kept.
    pub fn wrap(&self, text: &str, size: f32, max: f32) -> Vec<String> {
        let mut out = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut w = 0.0;
            for c in para.chars() {
                let cw = self.glyph(c).1 * size;
                if w + cw > max && !line.is_empty() {
                    let cut = line
                        .rfind(' ')
                        .filter(|&i| self.width(&line[..i], size) > max * 0.5);
                    match cut {
                        Some(i) => {
                            let rest = line[i + 1..].to_owned();
                            line.truncate(i);
                            out.push(std::mem::take(&mut line));
                            line = rest;
                        }
                        None => out.push(std::mem::take(&mut line)),
                    }
                    w = self.width(&line, size);
                }
                if line.is_empty() && c == ' ' && !out.is_empty() {
                    continue;
                }
                line.push(c);
                w += cw;
            }
            out.push(line);
        }
        out
    }
}

/// A character the font draws in place of one it lacks. Noto Sans CJK KR
/// has no one-dot leader (U+2024, which the seed uses as a middle dot) and
/// no triangular bullet (U+2023), and the embedded subset no minus sign
/// (U+2212, in the closing statement's 불용액 = 예산현액 − 지출액 − 이월액);
/// the text keeps the original character, only the drawn glyph is
/// substituted.
fn lookalike(c: char) -> Option<char> {
    match c {
        '\u{2024}' | '\u{2027}' | '\u{30fb}' | '\u{ff65}' => Some('·'),
        '\u{2023}' => Some('▷'),
        '\u{2212}' => Some('-'),
        _ => None,
    }
}

/// The two weights.
pub(crate) struct Faces {
    /// Body text.
    pub regular: Face,
    /// Headings, totals.
    pub bold: Face,
}

impl Faces {
    /// Loads the embedded fonts.
    pub fn load() -> Option<Faces> {
        Some(Faces {
            regular: Face::new(REGULAR)?,
            bold: Face::new(BOLD)?,
        })
    }

    /// The face for a weight.
    pub fn face(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

#[cfg(test)]
mod tests {
    use super::Faces;

    /// Every character the reports' fixed words use is drawn, none as the
    /// empty `.notdef` box (glyph 0): the minus of the closing statement's
    /// note went missing once.
    #[test]
    fn the_fixed_words_characters_are_drawn() {
        let faces = Faces::load().expect("the embedded fonts");
        for face in [&faces.regular, &faces.bold] {
            for c in "불용액 = 예산현액 − 지출액 − 이월액; 집행률 = 지출액 ÷ 예산현액 △ ‥ ․ ‣ ※ □ ○ - · ’".chars() {
                assert_ne!(face.glyph(c).0, 0, "{c:?} (U+{:04X})", u32::from(c));
            }
        }
    }
}
