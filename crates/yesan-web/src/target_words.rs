//! The interface's words for indicator targets (the project page's
//! 성과지표 forms, the dashboard's 성과지표 달성 현황), in Korean and
//! English, kept apart from [`crate::i18n::WORDS`] like the other parts'
//! tables; [`crate::i18n::t`] reads them all.

/// key, 한국어, English: indicator targets.
pub const TARGETS: &[(&str, &str, &str)] = &[
    ("target.heading", "성과지표 목표·실적", "Indicator targets"),
    ("target.set", "목표 정하기", "Set a target"),
    (
        "target.set.help",
        "올해 목표를 정합니다. 이미 있으면 바꾸고, 기록된 실적은 그대로 둡니다. 분기 목표는 각 분기 말까지의 목표이며 4분기는 연간 목표와 같습니다.",
        "Sets this year's target, replacing any; recorded actuals stay. A quarter's target is the target by the quarter's end; the fourth is the year's.",
    ),
    ("target.record", "실적 기록", "Record an actual"),
    (
        "target.record.help",
        "실적은 고치거나 지우지 않습니다. 고칠 때는 나중 날짜로 새 실적을 기록하세요.",
        "Actuals are never changed or deleted: record a later one to correct.",
    ),
    ("target.indicator", "지표", "Indicator"),
    ("target.target", "목표", "Target"),
    ("target.baseline", "기준값", "Baseline"),
    (
        "target.quarters",
        "분기 목표 (1~4분기 말)",
        "Quarter targets (by each quarter's end)",
    ),
    ("target.direction", "방향", "Direction"),
    ("target.higher", "높을수록 좋음", "Higher is better"),
    ("target.lower", "낮을수록 좋음", "Lower is better"),
    (
        "target.output",
        "산출 지표 (단위당 비용 = 지출액 ÷ 실적, 사업마다 하나)",
        "Output measure (cost per unit = disbursed ÷ actual; one per project)",
    ),
    ("target.date", "날짜", "Date"),
    ("target.value", "실적", "Actual"),
    ("target.note", "메모", "Note"),
    (
        "target.refused",
        "기록하지 않았습니다. 아래를 고친 뒤 다시 저장하세요.",
        "Nothing was recorded. Correct the following and save again.",
    ),
    ("target.saved", "저장했습니다.", "Saved."),
    ("target.dash", "성과지표 달성 현황", "Indicator targets"),
    ("target.achieved", "달성", "Achieved"),
    ("target.on_track", "정상 추진", "On track"),
    ("target.behind", "미흡", "Behind"),
    // The audit log's words for the target records.
    ("audit.action.set_target", "목표 설정", "Target set"),
    ("audit.action.add_actual", "실적 기록", "Actual recorded"),
    (
        "audit.entity.indicator_targets",
        "성과지표 목표",
        "Indicator target",
    ),
    (
        "audit.entity.indicator_actuals",
        "성과지표 실적",
        "Indicator actual",
    ),
    ("audit.f.baseline", "기준값", "Baseline"),
    ("audit.f.year", "연간 목표", "Year's target"),
    ("audit.f.quarters", "분기 목표", "Quarter targets"),
    ("audit.f.direction", "방향", "Direction"),
];
