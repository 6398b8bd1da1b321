//! The report as a 한글 document (HWPX, OWPML / KS X 6101), for officials
//! to edit before it goes to the council: the seed's layout with real
//! paragraph styles on 한글's outline levels, real tables with merged
//! header cells, and a header and footer with page-number fields.
//!
//! No maintained Rust crate writes HWPX, so the OWPML parts are streamed
//! with quick-xml ([`xml`]) and zipped: the styles ([`header`]), the body
//! ([`section`]) and its tables ([`table`]). The package is laid out as
//! 한글 expects it: `mimetype` first and stored, `version.xml`, the
//! manifest and spine in `Contents/content.hpf`, `META-INF/container.xml`
//! (and the `manifest.xml`/`container.rdf` 한글 writes beside it),
//! `settings.xml` and the text preview `Preview/PrvText.txt`.
//!
//! Everything shown comes from the typed report data; nothing is computed
//! here.

mod book;
mod closing;
mod header;
mod sec;
mod section;
mod table;
mod xml;

use crate::PublishError;
use std::io::Write;
use xml::Xml;
use yesan_report::Report;
use yesan_report::closing::ClosingReport;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// The media type of an HWPX file (and the content of its `mimetype`).
pub const MEDIA_TYPE: &str = "application/hwp+zip";

/// `Preview/PrvText.txt` holds the start of the text, as 한글 writes it.
const PREVIEW_CHARS: usize = 1024;

fn io(e: std::io::Error) -> PublishError {
    PublishError::Hwpx(e.to_string())
}

fn version() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.empty(
        "hv:HCFVersion",
        &[
            ("xmlns:hv", "http://www.hancom.co.kr/hwpml/2011/version"),
            ("tagetApplication", "WORDPROCESSOR"),
            ("major", "5"),
            ("minor", "1"),
            ("micro", "1"),
            ("buildNumber", "0"),
            ("os", "1"),
            ("xmlVersion", "1.5"),
            ("application", "Yesan"),
            ("appVersion", env!("CARGO_PKG_VERSION")),
        ],
    );
    x.finish()
}

fn container() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open(
        "ocf:container",
        &[
            (
                "xmlns:ocf",
                "urn:oasis:names:tc:opendocument:xmlns:container",
            ),
            ("xmlns:hpf", "http://www.hancom.co.kr/schema/2011/hpf"),
        ],
    );
    x.open("ocf:rootfiles", &[]);
    for (path, mt) in [
        ("Contents/content.hpf", "application/hwpml-package+xml"),
        ("Preview/PrvText.txt", "text/plain"),
        ("META-INF/container.rdf", "application/rdf+xml"),
    ] {
        x.empty("ocf:rootfile", &[("full-path", path), ("media-type", mt)]);
    }
    x.close("ocf:rootfiles");
    x.close("ocf:container");
    x.finish()
}

fn manifest() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.empty(
        "odf:manifest",
        &[(
            "xmlns:odf",
            "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
        )],
    );
    x.finish()
}

fn rdf() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open(
        "rdf:RDF",
        &[("xmlns:rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")],
    );
    for (about, part, kind) in [
        ("", Some("Contents/header.xml"), None),
        ("Contents/header.xml", None, Some("HeaderFile")),
        ("", Some("Contents/section0.xml"), None),
        ("Contents/section0.xml", None, Some("SectionFile")),
        ("", None, Some("Document")),
    ] {
        x.open("rdf:Description", &[("rdf:about", about)]);
        if let Some(p) = part {
            x.empty(
                "ns0:hasPart",
                &[
                    ("xmlns:ns0", "http://www.hancom.co.kr/hwpml/2016/meta/pkg#"),
                    ("rdf:resource", p),
                ],
            );
        }
        if let Some(k) = kind {
            let res = format!("http://www.hancom.co.kr/hwpml/2016/meta/pkg#{k}");
            x.empty("rdf:type", &[("rdf:resource", &res)]);
        }
        x.close("rdf:Description");
    }
    x.close("rdf:RDF");
    x.finish()
}

/// What `content.hpf` says of the document.
struct About<'a> {
    /// The institution.
    creator: &'a str,
    /// The document's title (without the institution).
    subject: &'a str,
    /// The date it is of.
    date: chrono::NaiveDate,
    /// The language of its text (`ko`, `en`).
    language: &'a str,
}

fn content(a: &About<'_>) -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.root(
        "opf:package",
        &[("version", ""), ("unique-identifier", ""), ("id", "")],
    );
    x.open("opf:metadata", &[]);
    x.leaf("opf:title", &[], &format!("{} {}", a.creator, a.subject));
    x.leaf("opf:language", &[], a.language);
    let date = a.date.format("%Y-%m-%d").to_string();
    for (name, value) in [
        ("creator", a.creator),
        ("subject", a.subject),
        ("description", ""),
        ("lastsaveby", "Yesan"),
        ("date", date.as_str()),
        ("keyword", ""),
    ] {
        x.leaf("opf:meta", &[("name", name), ("content", "text")], value);
    }
    x.close("opf:metadata");
    x.open("opf:manifest", &[]);
    for (id, href) in [
        ("header", "Contents/header.xml"),
        ("section0", "Contents/section0.xml"),
        ("settings", "settings.xml"),
        // Listed so readers need not guess where the version part is.
        ("version", "version.xml"),
    ] {
        x.empty(
            "opf:item",
            &[
                ("id", id),
                ("href", href),
                ("media-type", "application/xml"),
            ],
        );
    }
    x.close("opf:manifest");
    x.open("opf:spine", &[]);
    for id in ["header", "section0"] {
        x.empty("opf:itemref", &[("idref", id), ("linear", "yes")]);
    }
    x.close("opf:spine");
    x.close("opf:package");
    x.finish()
}

fn settings() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.open(
        "ha:HWPApplicationSetting",
        &[
            ("xmlns:ha", "http://www.hancom.co.kr/hwpml/2011/app"),
            (
                "xmlns:config",
                "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
            ),
        ],
    );
    x.empty(
        "ha:CaretPosition",
        &[("listIDRef", "0"), ("paraIDRef", "0"), ("pos", "0")],
    );
    x.close("ha:HWPApplicationSetting");
    x.finish()
}

/// The header part alone (`Contents/header.xml`), for tests.
///
/// # Errors
/// Never in practice (the XML is written into memory).
pub fn header_xml() -> Result<Vec<u8>, PublishError> {
    header::write().map_err(io)
}

/// The report as HWPX bytes.
///
/// # Errors
/// When the package cannot be assembled (a bug).
pub fn render(r: &Report) -> Result<Vec<u8>, PublishError> {
    let (section, plain) = section::write(r).map_err(io)?;
    let about = About {
        creator: yesan_report::words::Words::of(r.lang).name(&r.meta.name_ko, &r.meta.name_en),
        subject: &r.meta.title,
        date: r.meta.as_of,
        language: r.lang.pick("ko", "en"),
    };
    package(section, &plain, &about)
}

/// The closing statement (결산) as HWPX bytes.
///
/// # Errors
/// When the package cannot be assembled (a bug).
pub fn render_closing(r: &ClosingReport) -> Result<Vec<u8>, PublishError> {
    let (section, plain) = closing::write(r).map_err(io)?;
    let about = About {
        creator: &r.institution,
        subject: &r.title,
        date: r.statement.closed_on,
        language: r.lang.code(),
    };
    package(section, &plain, &about)
}

/// The 예산서 as HWPX bytes.
///
/// # Errors
/// When the package cannot be assembled (a bug).
pub fn render_book(r: &yesan_report::book::BudgetBook) -> Result<Vec<u8>, PublishError> {
    let (section, plain) = book::write(r).map_err(io)?;
    let about = About {
        creator: &r.institution,
        subject: &r.title,
        date: r.date,
        language: "ko",
    };
    package(section, &plain, &about)
}

/// Zips a section with the parts around it.
fn package(section: Vec<u8>, plain: &str, about: &About<'_>) -> Result<Vec<u8>, PublishError> {
    let preview: String = plain.chars().take(PREVIEW_CHARS).collect();
    let parts: [(&str, Vec<u8>); 9] = [
        ("mimetype", MEDIA_TYPE.as_bytes().to_vec()),
        ("version.xml", version().map_err(io)?),
        ("Contents/header.xml", header::write().map_err(io)?),
        ("Contents/section0.xml", section),
        ("Preview/PrvText.txt", preview.into_bytes()),
        ("settings.xml", settings().map_err(io)?),
        ("META-INF/container.rdf", rdf().map_err(io)?),
        ("Contents/content.hpf", content(about).map_err(io)?),
        ("META-INF/container.xml", container().map_err(io)?),
    ];
    let mut out = Vec::with_capacity(256 * 1024);
    {
        let mut zip = ZipWriter::new(std::io::Cursor::new(&mut out));
        for (name, bytes) in parts.iter().chain(std::iter::once(&(
            "META-INF/manifest.xml",
            manifest().map_err(io)?,
        ))) {
            // 한글 finds the type in the first entry, which must be stored.
            let method = if *name == "mimetype" {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            zip.start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )
            .map_err(|e| PublishError::Hwpx(e.to_string()))?;
            zip.write_all(bytes).map_err(io)?;
        }
        zip.finish()
            .map_err(|e| PublishError::Hwpx(e.to_string()))?;
    }
    Ok(out)
}
