//! A thin layer over quick-xml's streaming writer for OWPML: open, empty
//! and close elements with attribute lists, escaped text, and tabs inside
//! `hp:t` as 한글 writes them. Writing into memory cannot fail in practice;
//! the first error, if any, is kept and returned by [`Xml::finish`] so that
//! the writers read as straight-line code.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// The namespaces every OWPML part declares on its root, as 한글 writes
/// them (the package validator checks for the Hancom-compatible set).
pub const NAMESPACES: &[(&str, &str)] = &[
    ("xmlns:ha", "http://www.hancom.co.kr/hwpml/2011/app"),
    ("xmlns:hp", "http://www.hancom.co.kr/hwpml/2011/paragraph"),
    ("xmlns:hp10", "http://www.hancom.co.kr/hwpml/2016/paragraph"),
    ("xmlns:hs", "http://www.hancom.co.kr/hwpml/2011/section"),
    ("xmlns:hc", "http://www.hancom.co.kr/hwpml/2011/core"),
    ("xmlns:hh", "http://www.hancom.co.kr/hwpml/2011/head"),
    ("xmlns:hhs", "http://www.hancom.co.kr/hwpml/2011/history"),
    ("xmlns:hm", "http://www.hancom.co.kr/hwpml/2011/master-page"),
    ("xmlns:hpf", "http://www.hancom.co.kr/schema/2011/hpf"),
    ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
    ("xmlns:opf", "http://www.idpf.org/2007/opf/"),
    (
        "xmlns:ooxmlchart",
        "http://www.hancom.co.kr/hwpml/2016/ooxmlchart",
    ),
    (
        "xmlns:hwpunitchar",
        "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar",
    ),
    ("xmlns:epub", "http://www.idpf.org/2007/ops"),
    (
        "xmlns:config",
        "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    ),
];

/// An XML part being written. Its methods are not inlined: the writers
/// call them thousands of times from straight-line code, and inlining
/// quick-xml's writer into each call doubled the crate's release build.
pub struct Xml {
    w: Writer<Vec<u8>>,
    err: Option<std::io::Error>,
}

impl Xml {
    /// A part with its `<?xml … standalone="yes"?>` declaration.
    pub fn new() -> Xml {
        let mut x = Xml {
            w: Writer::new(Vec::with_capacity(64 * 1024)),
            err: None,
        };
        let decl = BytesDecl::new("1.0", Some("UTF-8"), Some("yes"));
        x.event(Event::Decl(decl));
        x
    }

    #[inline(never)]
    fn event(&mut self, e: Event<'_>) {
        if let Err(e) = self.w.write_event(e) {
            self.err.get_or_insert(e);
        }
    }

    fn start<'a>(name: &'a str, attrs: &[(&'a str, &'a str)]) -> BytesStart<'a> {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        s
    }

    /// `<name a="…">`.
    #[inline(never)]
    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Start(Xml::start(name, attrs)));
    }

    /// The root element, with every OWPML namespace and `extra` attributes.
    #[inline(never)]
    pub fn root(&mut self, name: &str, extra: &[(&str, &str)]) {
        let mut s = BytesStart::new(name);
        for a in NAMESPACES.iter().chain(extra) {
            s.push_attribute(*a);
        }
        self.event(Event::Start(s));
    }

    /// `<name a="…"/>`.
    #[inline(never)]
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.event(Event::Empty(Xml::start(name, attrs)));
    }

    /// `</name>`.
    #[inline(never)]
    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// Escaped character data.
    #[inline(never)]
    pub fn text(&mut self, t: &str) {
        self.event(Event::Text(BytesText::new(t)));
    }

    /// `<name>text</name>`.
    #[inline(never)]
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], t: &str) {
        self.open(name, attrs);
        self.text(t);
        self.close(name);
    }

    /// An `hp:t` run text: each tab becomes `<hp:tab/>` inside it, as 한글
    /// writes it (a tab beside the `hp:t` is dropped when 한글 opens it).
    #[inline(never)]
    pub fn run_text(&mut self, t: &str) {
        self.open("hp:t", &[]);
        for (i, part) in t.split('\t').enumerate() {
            if i > 0 {
                self.empty("hp:tab", &[]);
            }
            if !part.is_empty() {
                self.text(part);
            }
        }
        self.close("hp:t");
    }

    /// The bytes written, or the first error.
    pub fn finish(self) -> std::io::Result<Vec<u8>> {
        match self.err {
            Some(e) => Err(e),
            None => Ok(self.w.into_inner()),
        }
    }
}
