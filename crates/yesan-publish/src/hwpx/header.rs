//! `Contents/header.xml`: every font, border-fill, character shape,
//! paragraph shape and style the section uses, defined once with fixed ids
//! (the constants here) that the section writer refers to.
//!
//! The headings are paragraph styles on 한글's outline levels (개요 1–4:
//! □, ㅇ, -, ‣), so that 한글's 개요 view lists them and its numbering can
//! be switched on; the outline numbering itself draws nothing because the
//! seed's markers are part of the text. Fonts are referenced by name
//! (함초롬바탕, 함초롬돋움, as 한글 installs them), never embedded.

use super::xml::Xml;

/// Page: A4 portrait in HWPUNIT (1/7200 inch).
pub const PAGE_W: i32 = 59528;
/// Page height.
pub const PAGE_H: i32 = 84186;
/// Left and right margins: 20 mm, as Korean official documents use.
pub const MARGIN_LR: i32 = 5669;
/// Top margin 20 mm; the header sits in its upper part.
pub const MARGIN_TOP: i32 = 5669;
/// Bottom margin 15 mm.
pub const MARGIN_BOTTOM: i32 = 4252;
/// Header and footer height: 10 mm.
pub const HEADER_H: i32 = 2835;
/// The text width the tables fill.
pub const TEXT_W: i32 = PAGE_W - 2 * MARGIN_LR;

// Border fills (1-based, as 한글 numbers them).
/// No border, no fill (page border, character shapes).
pub const BF_NONE: u32 = 1;
/// A ruled table cell.
pub const BF_CELL: u32 = 2;
/// A header cell: ruled, shaded.
pub const BF_HEAD: u32 = 3;
/// A total row's cell: ruled, lightly shaded.
pub const BF_TOTAL: u32 = 4;
/// The purpose box on a project sheet.
pub const BF_BOX: u32 = 5;
/// The title band of a project sheet.
pub const BF_BAND: u32 = 6;
/// A rule under the page header.
pub const BF_RULE: u32 = 7;

// Character shapes.
/// Body text (함초롬바탕 12 pt).
pub const CP_BODY: u32 = 0;
/// Body text, bold.
pub const CP_BODY_BOLD: u32 = 1;
/// □ headings (함초롬돋움 14 pt bold).
pub const CP_H1: u32 = 2;
/// Table text (함초롬돋움 10 pt).
pub const CP_TABLE: u32 = 3;
/// Table headers and totals, bold.
pub const CP_TABLE_BOLD: u32 = 4;
/// Units lines and small notes (9 pt).
pub const CP_UNITS: u32 = 5;
/// A part's numeral (Ⅰ–Ⅳ).
pub const CP_PART_NUM: u32 = 6;
/// A part's title.
pub const CP_PART_TITLE: u32 = 7;
/// The cover title.
pub const CP_COVER: u32 = 8;
/// Header and footer, grey.
pub const CP_FURNITURE: u32 = 9;
/// A project sheet's title.
pub const CP_SHEET_TITLE: u32 = 10;
/// Smaller body text (10 pt): contacts, notes.
pub const CP_SMALL: u32 = 11;
/// The cover's date and English name.
pub const CP_COVER_SUB: u32 = 12;

// Paragraph shapes.
/// Body text.
pub const PP_BODY: u32 = 0;
/// □ (개요 1).
pub const PP_H1: u32 = 1;
/// ㅇ (개요 2).
pub const PP_H2: u32 = 2;
/// - (개요 3).
pub const PP_H3: u32 = 3;
/// ‣ and deeper (개요 4).
pub const PP_H4: u32 = 4;
/// Table cell, left.
pub const PP_CELL_L: u32 = 5;
/// Table cell, centred.
pub const PP_CELL_C: u32 = 6;
/// Table cell, right (figures).
pub const PP_CELL_R: u32 = 7;
/// Units line, right-aligned above its table.
pub const PP_UNITS: u32 = 8;
/// Centred (title pages).
pub const PP_CENTER: u32 = 9;
/// ㅇ schedule item: the period right-aligned on a tab.
pub const PP_SCHED2: u32 = 10;
/// - schedule item with its period.
pub const PP_SCHED3: u32 = 11;
/// Page header: institution left, title and date on a right tab; ruled.
pub const PP_HEADER: u32 = 12;
/// Page footer, centred.
pub const PP_FOOTER: u32 = 13;
/// Notes under tables, contacts.
pub const PP_NOTE: u32 = 14;
/// Right-aligned body line (contacts on a sheet).
pub const PP_RIGHT: u32 = 15;
/// Body text under a ㅇ item, aligned with its text.
pub const PP_INDENT: u32 = 16;

// Styles.
/// 바탕글.
pub const ST_NORMAL: u32 = 0;
/// 개요 1 (□).
pub const ST_H1: u32 = 1;
/// 개요 2 (ㅇ).
pub const ST_H2: u32 = 2;
/// 개요 3 (-).
pub const ST_H3: u32 = 3;
/// 개요 4 (‣).
pub const ST_H4: u32 = 4;
/// 표 내용.
pub const ST_TABLE: u32 = 5;
/// 단위.
pub const ST_UNITS: u32 = 6;
/// 머리말.
pub const ST_HEADER: u32 = 7;
// 8 is 꼬리말, offered for officials who add a footer of their own.
/// 장 제목.
pub const ST_PART: u32 = 9;
/// 사업명.
pub const ST_SHEET: u32 = 10;

/// The outline numbering the section points at (`outlineShapeIDRef`).
pub const OUTLINE_NUMBERING: u32 = 1;

const LANGS: [&str; 7] = [
    "HANGUL", "LATIN", "HANJA", "JAPANESE", "OTHER", "SYMBOL", "USER",
];
const BATANG: u32 = 0;
const DOTUM: u32 = 1;

struct CharShape {
    font: u32,
    /// 1/100 pt.
    height: u32,
    bold: bool,
    color: &'static str,
}

const fn cs(font: u32, pt: u32, bold: bool) -> CharShape {
    CharShape {
        font,
        height: pt * 100,
        bold,
        color: "#000000",
    }
}

/// In the order of the `CP_` ids.
const CHAR_SHAPES: [CharShape; 13] = [
    cs(BATANG, 12, false),
    cs(BATANG, 12, true),
    cs(DOTUM, 14, true),
    cs(DOTUM, 10, false),
    cs(DOTUM, 10, true),
    cs(DOTUM, 9, false),
    cs(DOTUM, 40, true),
    cs(DOTUM, 24, true),
    cs(DOTUM, 30, true),
    CharShape {
        font: DOTUM,
        height: 800,
        bold: false,
        color: "#666666",
    },
    cs(DOTUM, 15, true),
    cs(BATANG, 10, false),
    cs(DOTUM, 14, false),
];

#[derive(Clone, Copy)]
enum HAlign {
    Justify,
    Left,
    Center,
    Right,
}

struct ParaShape {
    align: HAlign,
    /// Outline level (0-based) for headings.
    outline: Option<u8>,
    /// Left margin and first-line indent (negative: hanging), HWPUNIT.
    left: i32,
    indent: i32,
    /// Space before and after, HWPUNIT.
    before: i32,
    after: i32,
    /// Line spacing, percent.
    spacing: u32,
    /// Tab definition: 0 none, 1 right tab at the paragraph's right end.
    tabs: u32,
    keep_with_next: bool,
    border: u32,
}

const fn ps(align: HAlign, left: i32, indent: i32, spacing: u32) -> ParaShape {
    ParaShape {
        align,
        outline: None,
        left,
        indent,
        before: 0,
        after: 0,
        spacing,
        tabs: 0,
        keep_with_next: false,
        border: BF_NONE,
    }
}

const fn heading(level: u8, left: i32, indent: i32, before: i32) -> ParaShape {
    ParaShape {
        align: HAlign::Justify,
        outline: Some(level),
        left,
        indent,
        before,
        after: 200,
        spacing: 160,
        tabs: 0,
        keep_with_next: level <= 1,
        border: BF_NONE,
    }
}

/// A schedule line: left-aligned (justification would spread the words
/// and push the period off the line) with the right tab.
const fn tabbed(mut p: ParaShape) -> ParaShape {
    p.tabs = 1;
    p.align = HAlign::Left;
    p
}

/// In the order of the `PP_` ids. A hanging indent puts wrapped lines
/// under the text, not under the marker, as the seed sets them.
const PARA_SHAPES: [ParaShape; 17] = [
    ps(HAlign::Justify, 0, 0, 160),
    heading(0, 0, 0, 1400),
    heading(1, 2100, -1500, 300),
    heading(2, 3300, -900, 100),
    heading(3, 4500, -900, 0),
    ps(HAlign::Left, 0, 0, 130),
    ps(HAlign::Center, 0, 0, 130),
    ps(HAlign::Right, 0, 0, 130),
    ParaShape {
        before: 200,
        keep_with_next: true,
        ..ps(HAlign::Right, 0, 0, 130)
    },
    ps(HAlign::Center, 0, 0, 160),
    tabbed(heading(1, 2100, -1500, 300)),
    tabbed(heading(2, 3300, -900, 100)),
    ParaShape {
        tabs: 1,
        border: BF_RULE,
        ..ps(HAlign::Left, 0, 0, 130)
    },
    ps(HAlign::Center, 0, 0, 130),
    ParaShape {
        before: 100,
        ..ps(HAlign::Left, 0, 0, 130)
    },
    ParaShape {
        after: 200,
        ..ps(HAlign::Right, 0, 0, 130)
    },
    ps(HAlign::Justify, 2100, 0, 160),
];

/// (name, English name, paragraph shape, character shape), in the order of
/// the `ST_` ids.
const STYLES: [(&str, &str, u32, u32); 11] = [
    ("바탕글", "Normal", PP_BODY, CP_BODY),
    ("개요 1", "Outline 1", PP_H1, CP_H1),
    ("개요 2", "Outline 2", PP_H2, CP_BODY),
    ("개요 3", "Outline 3", PP_H3, CP_BODY),
    ("개요 4", "Outline 4", PP_H4, CP_BODY),
    ("표 내용", "Table Text", PP_CELL_L, CP_TABLE),
    ("단위", "Units", PP_UNITS, CP_UNITS),
    ("머리말", "Header", PP_HEADER, CP_FURNITURE),
    ("꼬리말", "Footer", PP_FOOTER, CP_FURNITURE),
    ("장 제목", "Part Title", PP_CENTER, CP_PART_TITLE),
    ("사업명", "Project Title", PP_BODY, CP_SHEET_TITLE),
];

fn n(v: impl ToString) -> String {
    v.to_string()
}

fn fonts(x: &mut Xml) {
    x.open("hh:fontfaces", &[("itemCnt", "7")]);
    for lang in LANGS {
        x.open("hh:fontface", &[("lang", lang), ("fontCnt", "2")]);
        for (id, face, family) in [
            (BATANG, "함초롬바탕", "FCAT_MYUNGJO"),
            (DOTUM, "함초롬돋움", "FCAT_GOTHIC"),
        ] {
            x.open(
                "hh:font",
                &[
                    ("id", &n(id)),
                    ("face", face),
                    ("type", "TTF"),
                    ("isEmbedded", "0"),
                ],
            );
            x.empty(
                "hh:typeInfo",
                &[
                    ("familyType", family),
                    ("weight", "6"),
                    ("proportion", "4"),
                    ("contrast", "0"),
                    ("strokeVariation", "1"),
                    ("armStyle", "1"),
                    ("letterform", "1"),
                    ("midline", "1"),
                    ("xHeight", "1"),
                ],
            );
            x.close("hh:font");
        }
        x.close("hh:fontface");
    }
    x.close("hh:fontfaces");
}

fn border_fill(x: &mut Xml, id: u32, sides: [&str; 4], width: &str, fill: Option<&str>) {
    x.open(
        "hh:borderFill",
        &[
            ("id", &n(id)),
            ("threeD", "0"),
            ("shadow", "0"),
            ("centerLine", "NONE"),
            ("breakCellSeparateLine", "0"),
        ],
    );
    for s in ["hh:slash", "hh:backSlash"] {
        x.empty(s, &[("type", "NONE"), ("Crooked", "0"), ("isCounter", "0")]);
    }
    for (side, t) in [
        "hh:leftBorder",
        "hh:rightBorder",
        "hh:topBorder",
        "hh:bottomBorder",
    ]
    .into_iter()
    .zip(sides)
    {
        x.empty(side, &[("type", t), ("width", width), ("color", "#000000")]);
    }
    x.empty(
        "hh:diagonal",
        &[("type", "SOLID"), ("width", "0.1 mm"), ("color", "#000000")],
    );
    if let Some(color) = fill {
        x.open("hc:fillBrush", &[]);
        x.empty(
            "hc:winBrush",
            &[
                ("faceColor", color),
                ("hatchColor", "#999999"),
                ("alpha", "0"),
            ],
        );
        x.close("hc:fillBrush");
    }
    x.close("hh:borderFill");
}

fn border_fills(x: &mut Xml) {
    const NONE: [&str; 4] = ["NONE"; 4];
    const SOLID: [&str; 4] = ["SOLID"; 4];
    x.open("hh:borderFills", &[("itemCnt", "7")]);
    border_fill(x, BF_NONE, NONE, "0.1 mm", None);
    border_fill(x, BF_CELL, SOLID, "0.12 mm", None);
    border_fill(x, BF_HEAD, SOLID, "0.12 mm", Some("#E7E6E6"));
    border_fill(x, BF_TOTAL, SOLID, "0.12 mm", Some("#F2F2F2"));
    border_fill(x, BF_BOX, SOLID, "0.4 mm", None);
    border_fill(x, BF_BAND, SOLID, "0.12 mm", Some("#DCE6F2"));
    border_fill(
        x,
        BF_RULE,
        ["NONE", "NONE", "NONE", "SOLID"],
        "0.12 mm",
        None,
    );
    x.close("hh:borderFills");
}

fn per_lang(x: &mut Xml, name: &str, v: &str) {
    let attrs: Vec<(&str, &str)> = [
        "hangul", "latin", "hanja", "japanese", "other", "symbol", "user",
    ]
    .into_iter()
    .map(|l| (l, v))
    .collect();
    x.empty(name, &attrs);
}

fn char_shapes(x: &mut Xml) {
    x.open("hh:charProperties", &[("itemCnt", &n(CHAR_SHAPES.len()))]);
    for (id, c) in CHAR_SHAPES.iter().enumerate() {
        x.open(
            "hh:charPr",
            &[
                ("id", &n(id)),
                ("height", &n(c.height)),
                ("textColor", c.color),
                ("shadeColor", "none"),
                ("useFontSpace", "0"),
                ("useKerning", "0"),
                ("symMark", "NONE"),
                ("borderFillIDRef", &n(BF_NONE)),
            ],
        );
        per_lang(x, "hh:fontRef", &n(c.font));
        per_lang(x, "hh:ratio", "100");
        per_lang(x, "hh:spacing", "0");
        per_lang(x, "hh:relSz", "100");
        per_lang(x, "hh:offset", "0");
        if c.bold {
            x.empty("hh:bold", &[]);
        }
        x.empty(
            "hh:underline",
            &[("type", "NONE"), ("shape", "SOLID"), ("color", "#000000")],
        );
        x.empty("hh:strikeout", &[("shape", "NONE"), ("color", "#000000")]);
        x.empty("hh:outline", &[("type", "NONE")]);
        x.empty(
            "hh:shadow",
            &[
                ("type", "NONE"),
                ("color", "#C0C0C0"),
                ("offsetX", "10"),
                ("offsetY", "10"),
            ],
        );
        x.close("hh:charPr");
    }
    x.close("hh:charProperties");
}

fn tabs(x: &mut Xml) {
    x.open("hh:tabProperties", &[("itemCnt", "2")]);
    x.empty(
        "hh:tabPr",
        &[("id", "0"), ("autoTabLeft", "0"), ("autoTabRight", "0")],
    );
    // 한글's "문단 오른쪽 끝 자동 탭": a right tab at the paragraph's right
    // edge, wherever its indent puts the left edge.
    x.empty(
        "hh:tabPr",
        &[("id", "1"), ("autoTabLeft", "0"), ("autoTabRight", "1")],
    );
    x.close("hh:tabProperties");
}

fn numberings(x: &mut Xml) {
    x.open("hh:numberings", &[("itemCnt", "1")]);
    x.open(
        "hh:numbering",
        &[("id", &n(OUTLINE_NUMBERING)), ("start", "0")],
    );
    // Levels without a number format text draw nothing: the seed's markers
    // (□, ㅇ, -) are typed, and 한글 keeps the levels for its outline.
    for level in 1..=10 {
        x.empty(
            "hh:paraHead",
            &[
                ("start", "1"),
                ("level", &n(level)),
                ("align", "LEFT"),
                ("useInstWidth", "1"),
                ("autoIndent", "1"),
                ("widthAdjust", "0"),
                ("textOffsetType", "PERCENT"),
                ("textOffset", "50"),
                ("numFormat", "DIGIT"),
                ("charPrIDRef", "4294967295"),
                ("checkable", "0"),
            ],
        );
    }
    x.close("hh:numbering");
    x.close("hh:numberings");
}

fn margin(x: &mut Xml, p: &ParaShape) {
    x.open("hh:margin", &[]);
    for (name, v) in [
        ("hc:intent", p.indent),
        ("hc:left", p.left),
        ("hc:right", 0),
        ("hc:prev", p.before),
        ("hc:next", p.after),
    ] {
        x.empty(name, &[("value", &n(v)), ("unit", "HWPUNIT")]);
    }
    x.close("hh:margin");
    x.empty(
        "hh:lineSpacing",
        &[
            ("type", "PERCENT"),
            ("value", &n(p.spacing)),
            ("unit", "HWPUNIT"),
        ],
    );
}

fn para_shapes(x: &mut Xml) {
    x.open("hh:paraProperties", &[("itemCnt", &n(PARA_SHAPES.len()))]);
    for (id, p) in PARA_SHAPES.iter().enumerate() {
        x.open(
            "hh:paraPr",
            &[
                ("id", &n(id)),
                ("tabPrIDRef", &n(p.tabs)),
                ("condense", "0"),
                ("fontLineHeight", "0"),
                ("snapToGrid", "1"),
                ("suppressLineNumbers", "0"),
                ("checked", "0"),
            ],
        );
        let align = match p.align {
            HAlign::Justify => "JUSTIFY",
            HAlign::Left => "LEFT",
            HAlign::Center => "CENTER",
            HAlign::Right => "RIGHT",
        };
        x.empty(
            "hh:align",
            &[("horizontal", align), ("vertical", "BASELINE")],
        );
        match p.outline {
            Some(level) => x.empty(
                "hh:heading",
                &[
                    ("type", "OUTLINE"),
                    ("idRef", &n(OUTLINE_NUMBERING)),
                    ("level", &n(level)),
                ],
            ),
            None => x.empty(
                "hh:heading",
                &[("type", "NONE"), ("idRef", "0"), ("level", "0")],
            ),
        }
        x.empty(
            "hh:breakSetting",
            &[
                ("breakLatinWord", "KEEP_WORD"),
                ("breakNonLatinWord", "KEEP_WORD"),
                ("widowOrphan", "0"),
                ("keepWithNext", if p.keep_with_next { "1" } else { "0" }),
                ("keepLines", "0"),
                ("pageBreakBefore", "0"),
                ("lineWrap", "BREAK"),
            ],
        );
        x.empty("hh:autoSpacing", &[("eAsianEng", "0"), ("eAsianNum", "0")]);
        // 한글 writes the margins twice: in HwpUnitChar for new readers,
        // and as plain HWPUNIT for the others.
        x.open("hp:switch", &[]);
        x.open(
            "hp:case",
            &[(
                "hp:required-namespace",
                "http://www.hancom.co.kr/hwpml/2016/HwpUnitChar",
            )],
        );
        margin(x, p);
        x.close("hp:case");
        x.open("hp:default", &[]);
        margin(x, p);
        x.close("hp:default");
        x.close("hp:switch");
        x.empty(
            "hh:border",
            &[
                ("borderFillIDRef", &n(p.border)),
                ("offsetLeft", "0"),
                ("offsetRight", "0"),
                ("offsetTop", "0"),
                ("offsetBottom", "0"),
                ("connect", "0"),
                ("ignoreMargin", "0"),
            ],
        );
        x.close("hh:paraPr");
    }
    x.close("hh:paraProperties");
}

fn styles(x: &mut Xml) {
    x.open("hh:styles", &[("itemCnt", &n(STYLES.len()))]);
    for (id, (name, eng, pp, cp)) in STYLES.iter().enumerate() {
        x.empty(
            "hh:style",
            &[
                ("id", &n(id)),
                ("type", "PARA"),
                ("name", name),
                ("engName", eng),
                ("paraPrIDRef", &n(pp)),
                ("charPrIDRef", &n(cp)),
                ("nextStyleIDRef", &n(id)),
                ("langID", "1042"),
                ("lockForm", "0"),
            ],
        );
    }
    x.close("hh:styles");
}

/// The header part.
pub fn write() -> std::io::Result<Vec<u8>> {
    let mut x = Xml::new();
    x.root("hh:head", &[("version", "1.5"), ("secCnt", "1")]);
    x.empty(
        "hh:beginNum",
        &[
            ("page", "1"),
            ("footnote", "1"),
            ("endnote", "1"),
            ("pic", "1"),
            ("tbl", "1"),
            ("equation", "1"),
        ],
    );
    x.open("hh:refList", &[]);
    fonts(&mut x);
    border_fills(&mut x);
    char_shapes(&mut x);
    tabs(&mut x);
    numberings(&mut x);
    para_shapes(&mut x);
    styles(&mut x);
    x.close("hh:refList");
    x.open("hh:compatibleDocument", &[("targetProgram", "HWP201X")]);
    x.empty("hh:layoutCompatibility", &[]);
    x.close("hh:compatibleDocument");
    x.open("hh:docOption", &[]);
    x.empty(
        "hh:linkinfo",
        &[("path", ""), ("pageInherit", "0"), ("footnoteInherit", "0")],
    );
    x.close("hh:docOption");
    x.empty("hh:trackchageConfig", &[("flags", "56")]);
    x.close("hh:head");
    x.finish()
}
