//! The section writer: the XML being written, paragraph and object ids,
//! and the plain text of the preview, with the paragraph shapes (headings,
//! blank lines, page breaks) both the section and its tables write.

use super::header::{
    CP_BODY, CP_BODY_BOLD, CP_H1, PP_BODY, PP_H1, PP_H2, PP_H3, ST_H1, ST_H2, ST_H3, ST_NORMAL,
};
use super::xml::Xml;

/// The section being written, with the plain text for the preview.
pub struct Sec {
    /// The XML.
    pub x: Xml,
    id: u32,
    /// Every paragraph's text, for `Preview/PrvText.txt`, as 한글 writes
    /// it: lines end in CR LF, a table cell's text stands in `<…>`.
    pub plain: String,
    /// Whether paragraphs are going into a table cell.
    pub in_cell: bool,
}

impl Sec {
    /// An empty section.
    pub(super) fn new() -> Sec {
        Sec {
            x: Xml::new(),
            id: 0,
            plain: String::new(),
            in_cell: false,
        }
    }

    /// A fresh id for a paragraph or an object.
    pub fn next_id(&mut self) -> u32 {
        self.id += 1;
        self.id
    }

    /// Opens a paragraph.
    pub fn p_open(&mut self, style: u32, para: u32, page_break: bool) {
        let id = self.next_id().to_string();
        self.x.open(
            "hp:p",
            &[
                ("id", &id),
                ("paraPrIDRef", &para.to_string()),
                ("styleIDRef", &style.to_string()),
                ("pageBreak", if page_break { "1" } else { "0" }),
                ("columnBreak", "0"),
                ("merged", "0"),
            ],
        );
    }

    /// Closes it.
    pub fn p_close(&mut self) {
        self.x.close("hp:p");
    }

    /// A run of text.
    pub fn run(&mut self, chars: u32, text: &str) {
        self.x
            .open("hp:run", &[("charPrIDRef", &chars.to_string())]);
        self.x.run_text(text);
        self.x.close("hp:run");
        if self.in_cell {
            self.plain.push('<');
            self.plain.push_str(text);
            self.plain.push('>');
        } else {
            self.plain.push_str(&text.replace('\t', " "));
        }
    }

    /// Ends a line of the preview text (a paragraph or a table row); runs
    /// of blank lines (the title pages' spacing) count as one, so the
    /// preview's few hundred characters show text.
    pub fn end_line(&mut self) {
        if !self.plain.ends_with("\r\n\r\n") && !self.plain.is_empty() {
            self.plain.push_str("\r\n");
        }
    }

    /// A paragraph of one run.
    pub fn para(&mut self, style: u32, para: u32, chars: u32, text: &str) {
        self.p_open(style, para, false);
        self.run(chars, text);
        self.p_close();
        if !self.in_cell {
            self.end_line();
        }
    }

    pub(super) fn new_page(&mut self) {
        self.p_open(ST_NORMAL, PP_BODY, true);
        self.run(CP_BODY, "");
        self.p_close();
    }

    pub(super) fn blank(&mut self, n: usize) {
        for _ in 0..n {
            self.para(ST_NORMAL, PP_BODY, CP_BODY, "");
        }
    }

    pub(super) fn h1(&mut self, t: &str) {
        self.para(ST_H1, PP_H1, CP_H1, t);
    }

    /// A □ heading that starts a page, where the seed starts one.
    pub(super) fn h1_page(&mut self, t: &str) {
        self.p_open(ST_H1, PP_H1, true);
        self.run(CP_H1, t);
        self.p_close();
        self.end_line();
    }

    pub(super) fn h2(&mut self, t: &str, bold: bool) {
        let cp = if bold { CP_BODY_BOLD } else { CP_BODY };
        self.para(ST_H2, PP_H2, cp, t);
    }

    pub(super) fn h3(&mut self, t: &str) {
        self.para(ST_H3, PP_H3, CP_BODY, t);
    }
}
