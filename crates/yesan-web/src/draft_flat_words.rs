//! The interface's words for importing a flat budget export into the
//! draft (`pages/draft_flat.rs`), in Korean and English; read by
//! [`crate::i18n::t`] with the others.

/// key, 한국어, English.
pub const DRAFT_FLAT: &[(&str, &str, &str)] = &[
    (
        "draft.flat",
        "평면 예산 파일 가져오기",
        "Import a flat budget export",
    ),
    (
        "draft.flat.help",
        "이름이 같은 과목은 파일의 금액과 산출기초로 바뀌고, 없는 과목은 추가되어 새 차수로 저장됩니다. 문제가 하나라도 있으면 아무것도 저장하지 않습니다. CSV 또는 XLSX(UTF-8 또는 CP949), 열:",
        "Lines of the same names take the file's amounts and cost basis, the others are added, and the result is saved as a new version. One problem and nothing is saved. CSV or XLSX (UTF-8 or CP949), columns:",
    ),
    (
        "draft.flat.go",
        "가져와 새 차수로 저장",
        "Import as a new version",
    ),
];
