//! The interface's words in Korean and English. Korean is the default and
//! comes first; the switch changes the chrome (menus, labels, messages),
//! while the institution's own data (line names, project sheets) stays as it
//! was recorded, in Korean.
//!
//! Templates call `t("key")`; a key missing here renders as the key itself,
//! and a test checks that every key the templates use is listed.

use yesan_domain::glossary::{
    AVAILABLE, COMMIT_RATE, COMMITTED, CURRENT, DISBURSE_RATE, DISBURSED, EXPECTED_RATE, ORIGINAL,
};

/// The interface language: the domain's, which every message is written
/// in.
pub use yesan_domain::message::Lang;

/// key, 한국어, English.
pub const WORDS: &[(&str, &str, &str)] = &[
    ("app", "예산", "Yesan"),
    ("nav.dashboard", "현황판", "Dashboard"),
    ("nav.budget", "예산", "Budget"),
    ("nav.projects", "사업", "Projects"),
    ("nav.org", "조직", "Organization"),
    ("nav.execution", "집행", "Execution"),
    ("nav.reports", "보고서", "Reports"),
    ("nav.audit", "감사기록", "Audit log"),
    ("nav.users", "사용자", "Users"),
    ("nav.consolidated", "기관별 종합", "All institutions"),
    ("nav.compare", "연도별 비교", "Years compared"),
    ("nav.institutions", "기관 선택", "Institutions"),
    ("nav.admin_institutions", "기관 관리", "Manage institutions"),
    (
        "scope.label",
        "기관과 회계연도",
        "Institution and fiscal year",
    ),
    ("scope.institution", "기관", "Institution"),
    ("scope.year", "회계연도", "Fiscal year"),
    ("scope.go", "이동", "Go"),
    ("chooser.title", "기관 선택", "Choose an institution"),
    (
        "chooser.lead",
        "열람할 수 있는 기관입니다. 기관마다 역할이 다를 수 있습니다.",
        "The institutions you may read; your role may differ in each.",
    ),
    (
        "chooser.none",
        "열람할 수 있는 기관이 없습니다. 관리자에게 역할을 요청하세요.",
        "You may read no institution: ask an administrator for a role.",
    ),
    ("chooser.role", "내 역할", "My role"),
    ("chooser.years", "회계연도", "Fiscal years"),
    (
        "cons.scroll_hint",
        "← 표를 옆으로 밀어 나머지 열을 보세요 →",
        "← swipe the table sideways for more columns →",
    ),
    ("compare.title", "연도별 비교", "Years side by side"),
    ("inst.title", "기관 관리", "Institutions"),
    ("inst.add", "기관 추가", "Add an institution"),
    ("inst.closed", "결산한 연도", "Closed years"),
    ("inst.code", "기관 코드", "Institution code"),
    ("inst.dataset", "데이터셋 파일", "Dataset file"),
    ("inst.admin", "첫 관리자 이름", "First administrator's name"),
    (
        "inst.added",
        "기관을 추가했습니다. 첫 관리자의 임시 비밀번호는 지금 한 번만 표시됩니다.",
        "Institution added. The first administrator's one-time password is shown only now.",
    ),
    ("login.institution", "기관", "Institution"),
    (
        "cons.title",
        "기관별 예산 집행 종합현황",
        "Budget execution by institution",
    ),
    ("cons.institutions", "기관 수", "Institutions"),
    ("cons.code", "기관코드", "Code"),
    ("cons.name", "기관명", "Institution"),
    ("cons.total", "합계", "Total"),
    ("cons.lagging_lines", "집행부진 과목", "Lagging lines"),
    ("cons.lagging_projects", "집행부진 사업", "Lagging projects"),
    (
        "cons.sort_hint",
        "열 제목을 누르면 정렬됩니다",
        "Select a column title to sort",
    ),
    (
        "cons.lagging_note",
        "집행부진: 지출률이 기대 지출률(월별 집행계획, 없으면 전년도 월별 곡선이나 직선)보다 판정 여유 넘게 낮은 세출 과목(예비비 제외)과 그 과목의 사업",
        "Lagging: expenditure lines (reserve excluded) whose payment rate trails the expected rate (their monthly spending plan, else the prior year's curve or the straight line) by more than the margin, and their projects",
    ),
    ("cons.margin", "판정 여유", "margin"),
    ("cons.download", "내려받기", "Download"),
    ("nav.account", "내 계정", "My account"),
    ("nav.login", "로그인", "Sign in"),
    ("nav.logout", "로그아웃", "Sign out"),
    ("nav.skip", "본문 바로가기", "Skip to content"),
    (
        "public.note",
        "공개 열람 모드: 읽기 전용입니다",
        "Public disclosure: read-only",
    ),
    ("as_of", "기준일", "As of"),
    ("show", "보기", "Show"),
    ("unit.k", "단위: 천원", "Unit: KRW 1,000"),
    // Budget figures are named by the one glossary (yesan_domain::glossary).
    ("budget.current", CURRENT.ko, CURRENT.en),
    ("budget.original", ORIGINAL.ko, ORIGINAL.en),
    ("budget.amount", "예산액", "Budget"),
    ("budget.prior", "전년도", "Prior year"),
    ("budget.change", "증감액", "Change"),
    ("budget.change_rate", "증감률", "Change %"),
    ("budget.revenue", "세입예산", "Revenue"),
    ("budget.expenditure", "세출예산", "Expenditure"),
    ("budget.line", "예산과목", "Budget line"),
    ("budget.amendments", "예산 변경", "Amendments"),
    (
        "budget.new_amendment",
        "예산 변경 기록",
        "Record an amendment",
    ),
    ("exec.committed", COMMITTED.ko, COMMITTED.en),
    ("exec.disbursed", DISBURSED.ko, DISBURSED.en),
    ("exec.commit_rate", COMMIT_RATE.ko, COMMIT_RATE.en),
    ("exec.disburse_rate", DISBURSE_RATE.ko, DISBURSE_RATE.en),
    ("exec.available", AVAILABLE.ko, AVAILABLE.en),
    ("exec.expected", EXPECTED_RATE.ko, EXPECTED_RATE.en),
    ("exec.lagging", "집행 부진 과목", "Lagging lines"),
    (
        "exec.lagging.none",
        "부진 과목이 없습니다",
        "No line is lagging",
    ),
    ("exec.gap", "격차(%p)", "Gap (pp)"),
    ("exec.total", "총괄", "Total"),
    ("exec.by_project", "사업별 집행", "Execution by project"),
    (
        "exec.by_project.none",
        "이 연도에 등록된 사업이 없습니다",
        "No project is recorded for this year",
    ),
    (
        "exec.curve",
        "월별 누적 지출률",
        "Cumulative payment rate by month",
    ),
    ("exec.curve.actual", "실제", "Actual"),
    ("exec.curve.expected", "기대", "Expected"),
    ("exec.entries", "집행 내역", "Entries"),
    ("exec.new", "집행 기록", "Record an entry"),
    ("exec.upload", "파일 가져오기", "Import a file"),
    (
        "exec.upload.help",
        "회계시스템의 CSV 또는 XLSX 파일(UTF-8 또는 CP949). 먼저 모든 행을 미리 보여 주고, 확인해야 기록합니다.",
        "A CSV or XLSX file from the accounting system (UTF-8 or CP949). Every row is previewed first; nothing is written until you confirm.",
    ),
    ("exec.upload.preview", "가져오기 미리보기", "Import preview"),
    ("exec.upload.confirm", "모두 기록", "Record all"),
    (
        "exec.upload.refused",
        "문제가 있는 행이 있어 아무것도 기록하지 않습니다. 파일을 고쳐 다시 올리세요.",
        "Some rows have problems, so nothing will be recorded. Fix the file and upload it again.",
    ),
    (
        "exec.upload.ok",
        "모든 행이 올바릅니다. 확인하면 한 번에 기록합니다.",
        "Every row is valid. Confirm to record them all at once.",
    ),
    ("exec.upload.done", "기록했습니다", "Recorded"),
    ("exec.older", "이전 내역", "Older"),
    ("exec.newest", "최신 내역", "Newest"),
    (
        "exec.none",
        "조건에 맞는 내역이 없습니다",
        "No entries match",
    ),
    ("f.date", "일자", "Date"),
    ("f.doc_no", "결의번호", "Document no."),
    ("f.kind", "구분", "Kind"),
    ("f.line", "예산과목", "Budget line"),
    ("f.amount", "금액(원)", "Amount (KRW)"),
    ("f.ref", "참조 결의번호", "Reference"),
    ("exec.unpaid", "미지급", "unpaid"),
    ("unit.won", "원", " KRW"),
    ("f.counterparty", "거래처", "Counterparty"),
    ("f.memo", "적요", "Memo"),
    ("f.from", "부터", "From"),
    ("f.to", "까지", "To"),
    ("f.text", "검색어", "Search"),
    ("f.all", "전체", "All"),
    ("f.file", "파일", "File"),
    ("f.row", "행", "Row"),
    ("f.status", "상태", "Status"),
    ("f.note", "근거·승인 내용", "Approval note"),
    ("f.no", "변경번호", "Amendment no."),
    ("f.delta", "증감액(원)", "Change (KRW)"),
    ("f.changes", "변경 내역", "Changes"),
    ("proj.achievements.short", "추진실적", "Achievements"),
    ("proj.indicator.parts", "세부 항목", "Breakdown"),
    ("proj.schedule.when", "기간", "Period"),
    ("exec.correct", "취소", "Cancel it"),
    ("budget.correct", "정정", "Correct it"),
    (
        "exec.totals",
        "조회된 내역의 합계",
        "Totals of the listed entries",
    ),
    ("unit.count", "건", " entries"),
    ("exec.count", "건수", "Entries"),
    (
        "exec.net_committed",
        "순 원인행위(취소 차감)",
        "Net committed (less cancellations)",
    ),
    (
        "exec.net_disbursed",
        "순 지출(취소 차감)",
        "Net disbursed (less cancellations)",
    ),
    (
        "exec.download",
        "조회된 내역 내려받기",
        "Download the listed entries",
    ),
    (
        "exec.small.ask",
        "금액이 {amount}원으로 1,000원보다 적습니다. 금액은 천원이 아니라 원 단위로 씁니다.",
        "The amount is {amount} won, less than 1,000 won. Amounts are written in won, not in thousands.",
    ),
    (
        "exec.small.confirm",
        "원 단위로 적은 금액이 맞습니다",
        "Yes, this amount is in won",
    ),
    (
        "exec.ref.hint",
        "지출과 취소는 참조한 결의의 예산과목으로 기록합니다",
        "A disbursement or a cancellation is recorded on the line of the entry it refers to",
    ),
    (
        "exec.choose_line",
        "— 예산과목을 고르세요 —",
        "— choose a budget line —",
    ),
    ("unit.k.short", "천원", " thousand won"),
    (
        "exec.upload.unchanged",
        "이미 기록된 {n}건은 건너뜀",
        "{n} already recorded, skipped",
    ),
    (
        "exec.upload.all_recorded",
        "이 파일의 {n}건은 모두 이미 기록되어 있습니다. 더 기록할 것이 없습니다.",
        "All {n} rows of this file are recorded already; there is nothing more to record.",
    ),
    (
        "exec.upload.some_recorded",
        "모든 행이 올바릅니다. {n}건은 이미 기록되어 있어 건너뛰고, 새 {new}건을 기록합니다.",
        "Every row is valid. {n} are recorded already and will be skipped; {new} new ones will be recorded.",
    ),
    (
        "exec.upload.again",
        "다른 파일 올리기",
        "Upload another file",
    ),
    ("exec.upload.totals", "파일의 합계", "The file's totals"),
    ("exec.upload.recorded", "이미 기록됨", "Already recorded"),
    ("filter", "찾기", "Filter"),
    ("save", "저장", "Save"),
    ("record", "기록", "Record"),
    ("cancel", "취소", "Cancel"),
    ("edit", "편집", "Edit"),
    ("ok", "정상", "OK"),
    ("error", "오류", "Error"),
    (
        "errors.fix",
        "아래 항목을 고쳐 주세요. 아무것도 기록하지 않았습니다.",
        "Please fix the fields below. Nothing was recorded.",
    ),
    ("dash.title", "집행 현황판", "Execution dashboard"),
    (
        "dash.schedule",
        "다가오는 일정(30일)",
        "Due in the next 30 days",
    ),
    ("dash.overdue", "기한이 지난 일정", "Past due"),
    ("dash.none", "없음", "None"),
    ("proj.title", "사업", "Projects"),
    ("proj.team", "담당 부서", "Team"),
    ("proj.edit", "사업 실적 편집", "Edit project sheet"),
    (
        "proj.achievements",
        "추진실적 (개요 형식)",
        "Achievements (outline)",
    ),
    (
        "proj.achievements.help",
        "한 줄에 한 항목. 지표는 {id}처럼 적으면 값이 들어갑니다. 줄 머리 표시:",
        "One item per line; write {id} to insert an indicator's value. Line markers:",
    ),
    ("proj.indicators", "성과지표", "Indicators"),
    ("proj.indicator.id", "ID", "ID"),
    ("proj.indicator.name", "지표명", "Name"),
    ("proj.indicator.value", "값", "Value"),
    ("proj.indicator.unit", "단위", "Unit"),
    ("proj.indicator.as_of", "기준일", "As of"),
    (
        "proj.indicator.breakdown",
        "세부 (항목=값; …, 합계가 값과 같아야 함)",
        "Breakdown (label=value; …, must sum to the value)",
    ),
    ("proj.schedule", "향후일정", "Schedule"),
    ("proj.schedule.text", "내용", "Item"),
    ("proj.schedule.period", "기간", "Period"),
    ("proj.schedule.group", "묶음 제목", "Group heading"),
    (
        "proj.blank_rows",
        "빈 행을 채우면 추가되고, 내용을 지우면 삭제됩니다.",
        "Fill a blank row to add; clear a row to remove it.",
    ),
    ("proj.saved", "저장했습니다", "Saved"),
    ("org.chart", "조직도", "Organization chart"),
    ("org.staffing", "정원 및 현원", "Staffing"),
    ("org.duties", "부서별 주요 업무", "Duties by unit"),
    ("org.grade", "직급", "Grade"),
    ("org.authorized", "정원", "Authorized"),
    ("org.current", "현원", "In post"),
    ("org.outside", "정원 외 인력", "Staff outside the quota"),
    ("org.count", "인원", "Head count"),
    ("reports.title", "업무현황 보고서", "Business status report"),
    (
        "economic.title",
        "성질별 예산",
        "Budget by economic classification",
    ),
    (
        "economic.help",
        "세출 최하위 과목을 편성목·통계목별로 합산했습니다(코드가 없으면 상위 과목의 코드, 그것도 없으면 미분류).",
        "Expenditure leaves summed by group and item of the economic classification (a leaf without a code takes its parent's, else counts as unclassified).",
    ),
    ("economic.program_view", "사업별 보기", "Program view"),
    ("economic.link", "성질별 보기", "By economic classification"),
    (
        "reports.closing",
        "결산서 (마감된 회계연도)",
        "Closing statements (closed years)",
    ),
    (
        "reports.closing_help",
        "결산으로 마감한 회계연도의 결산서(예산현액·지출액·이월액·불용액)를 마감 때 인증한 그대로 내려받습니다. 내려받을 때마다 인증값(SHA-256)과 맞춰 봅니다.",
        "Download the closing statement of a closed year (current budget, paid, carried over, lapsed) as certified when the year was closed; every download is checked against its certified SHA-256.",
    ),
    ("reports.closing_year", "{y}회계연도", "Fiscal year {y}"),
    (
        "reports.book",
        "예산서 (세입세출예산서, 산출기초 포함)",
        "Budget book, with the basis of every amount",
    ),
    (
        "reports.book_help",
        "회계연도의 예산(기준일이 없으면 12월 31일 현재)을 과목별 산출기초, 총괄, 사업별·성질별 예산과 함께 내려받습니다.",
        "Download the year's budget (as of 31 December unless a date is picked) with how each line's amount is built, the summary, and the program and economic views.",
    ),
    (
        "reports.help",
        "기준일을 고르고 형식을 누르면 그날 기준으로 계산한 보고서를 내려받습니다.",
        "Pick an as-of date and a format to download the report computed for that date.",
    ),
    ("audit.title", "감사기록", "Audit log"),
    ("audit.at", "시각(UTC)", "Time (UTC)"),
    ("audit.actor", "사용자", "User"),
    ("audit.action", "작업", "Action"),
    ("audit.entity", "대상", "Record"),
    ("audit.key", "키", "Key"),
    ("audit.change", "변경 전 → 후", "Before → after"),
    ("login.title", "로그인", "Sign in"),
    ("login.name", "사용자 이름", "User name"),
    ("login.password", "비밀번호", "Password"),
    (
        "login.failed",
        "사용자 이름 또는 비밀번호가 맞지 않습니다",
        "Wrong user name or password",
    ),
    (
        "login.throttled",
        "로그인 시도가 너무 많습니다. 잠시 후 다시 시도하세요",
        "Too many sign-in attempts; try again later",
    ),
    ("account.password", "비밀번호 변경", "Change password"),
    ("account.current", "현재 비밀번호", "Current password"),
    (
        "account.new",
        "새 비밀번호 (10자 이상)",
        "New password (10+ characters)",
    ),
    (
        "account.must_change",
        "처음 받은 비밀번호입니다. 계속하려면 새 비밀번호를 정하세요.",
        "This password was issued to you; set a new one to continue.",
    ),
    (
        "account.changed",
        "비밀번호를 바꿨습니다",
        "Password changed",
    ),
    ("account.role", "역할", "Role"),
    ("account.unit", "부서", "Unit"),
    ("users.title", "사용자 관리", "Users"),
    ("users.add", "사용자 추가", "Add a user"),
    ("users.change_role", "역할 변경", "Change role"),
    ("users.reset", "비밀번호 재설정", "Reset password"),
    (
        "users.one_time",
        "일회용 비밀번호 (지금 한 번만 보입니다)",
        "One-time password (shown only now)",
    ),
    ("role.admin", "관리자", "Administrator"),
    ("role.planner", "기획", "Planning"),
    ("role.finance", "재무", "Finance"),
    ("role.team_editor", "사업팀 편집자", "Team editor"),
    ("role.viewer", "열람자", "Viewer"),
    ("kind.commit", "원인행위", "Commitment"),
    ("kind.disburse", "지출", "Disbursement"),
    (
        "kind.commit_cancel",
        "원인행위취소",
        "Commitment cancellation",
    ),
    (
        "kind.disburse_cancel",
        "지출취소",
        "Disbursement cancellation",
    ),
    ("e.not_found", "찾을 수 없습니다", "Not found"),
    (
        "e.no_institution",
        "기관을 찾을 수 없습니다",
        "No such institution",
    ),
    (
        "e.forbidden",
        "이 작업을 할 권한이 없습니다",
        "You may not do this",
    ),
    ("e.unauthorized", "로그인이 필요합니다", "Please sign in"),
    (
        "e.csrf",
        "요청을 확인할 수 없습니다(CSRF). 페이지를 새로 고친 뒤 다시 시도하세요",
        "The request could not be verified (CSRF); reload the page and try again",
    ),
    ("e.bad_request", "요청이 올바르지 않습니다", "Bad request"),
    ("e.too_large", "파일이 너무 큽니다", "File too large"),
    (
        "e.internal",
        "서버 오류가 났습니다. 관리자에게 알려 주세요",
        "Server error; please tell the administrator",
    ),
    (
        "years.title",
        "회계연도 열기·결산",
        "Open and close fiscal years",
    ),
    ("years.year", "회계연도", "Fiscal year"),
    ("years.state", "상태", "State"),
    ("years.open", "진행 중", "Open"),
    ("years.closed", "결산 마감", "Closed"),
    (
        "years.open_next",
        "새 회계연도 열기",
        "Open the next fiscal year",
    ),
    (
        "years.carry",
        "이월할 원인행위",
        "Commitments to carry over",
    ),
    ("years.unpaid", "미지급잔액(원)", "Unpaid (KRW)"),
    (
        "years.carry_amount",
        "이월액(원, 비우면 전액)",
        "Carried (KRW; blank: all)",
    ),
    (
        "years.end_projects",
        "전년도로 끝나는 사업",
        "Projects that end",
    ),
    ("years.close", "결산 마감", "Close the year"),
    (
        "years.close_note",
        "마감하면 결산서가 인증되어 보관되고, 그 연도의 기록은 더 받지 않습니다",
        "Closing certifies and keeps the closing statement; nothing more is recorded in that year",
    ),
    (
        "footer",
        "모든 수치는 기록된 자료에서 계산합니다",
        "Every figure is computed from recorded data",
    ),
    // The monthly spending plan and the lagging judgement (issue 12).
    (
        "plan.title",
        "월별 집행계획·집행 부진 판정",
        "Monthly spending plan and lagging lines",
    ),
    ("plan.judgement", "집행 부진 판정", "Lagging judgement"),
    ("plan.lagging_count", "부진", "Lagging"),
    (
        "plan.rule",
        "각 과목은 기록된 월별 집행계획(사업의 계획은 그 사업의 과목)과 비교합니다.",
        "Each line is compared with its recorded monthly spending plan (a project's plan with the project's line).",
    ),
    (
        "plan.rule.fallback",
        "계획이 없는 과목의 기준:",
        "Lines without a plan are compared with the",
    ),
    (
        "plan.rule.severity",
        "지출률이 기대 지출률보다 판정 여유 넘게 낮으면 관심, 10%p 더 낮으면 주의, 20%p 더 낮으면 심각입니다",
        "A line trailing the expected rate by more than the margin is on watch; 10 points further, a warning; 20 points further, serious",
    ),
    ("plan.basis", "판정 기준", "Basis"),
    ("plan.basis.plan", "집행계획", "Spending plan"),
    (
        "plan.basis.prior_year",
        "전년도 월별 곡선",
        "prior year's monthly curve",
    ),
    (
        "plan.basis.straight_line",
        "직선(경과 일수 비율)",
        "straight line (share of the year elapsed)",
    ),
    ("plan.basis.plan.short", "집행계획", "Plan"),
    ("plan.basis.prior_year.short", "전년도 곡선", "Prior year"),
    ("plan.basis.straight_line.short", "직선", "Straight line"),
    ("plan.note", "비고", "Note"),
    ("plan.trailing", "부족액", "Behind by"),
    ("plan.severity", "판정", "Status"),
    ("plan.severity.ok", "정상", "On track"),
    ("plan.severity.watch", "관심", "Watch"),
    ("plan.severity.warning", "주의", "Warning"),
    ("plan.severity.serious", "심각", "Serious"),
    ("plan.enter", "월별 집행계획 입력", "Enter monthly plans"),
    (
        "plan.grid.help",
        "누계비율: 각 월말까지 지출할 누계 비율(%). 월별금액: 각 달에 지출할 금액(원). 빈 행과 바뀌지 않은 행은 기록하지 않고, 바뀐 행은 적용일부터 새 계획이 됩니다(이전 계획은 그대로 남습니다).",
        "Cumulative %: the share to be paid by each month's end. Monthly amounts: the KRW to be paid in each month. Blank and unchanged rows are not recorded; a changed row becomes a new plan from its date (earlier plans are kept).",
    ),
    ("plan.date", "적용일", "Effective from"),
    (
        "plan.note.hint",
        "예: 2차 추경 반영",
        "e.g. after the second supplementary budget",
    ),
    ("plan.form", "방식", "Form"),
    ("plan.form.rates", "누계비율(%)", "Cumulative %"),
    ("plan.form.amounts", "월별금액(원)", "Monthly amounts (KRW)"),
    ("plan.upload", "파일로 가져오기", "Import a file"),
    (
        "plan.upload.help",
        "CSV 또는 XLSX(UTF-8 또는 CP949). 열: 예산과목 또는 사업, 방식(누계비율·월별금액), 적용일(비우면 기준일), 1월~12월, 비고. 한 행이라도 문제가 있으면 아무것도 기록하지 않고 모든 문제를 줄 번호와 함께 알려 줍니다.",
        "CSV or XLSX (UTF-8 or CP949). Columns: line or project, form (cumulative % or monthly amounts), effective date (blank: the as-of date), January to December, note. If any row has a problem nothing is recorded, and every problem is listed with its line.",
    ),
    ("plan.upload.go", "가져와 기록", "Import and record"),
    (
        "plan.file_refused",
        "파일에 문제가 있어 아무것도 기록하지 않았습니다. 고쳐서 다시 올리세요.",
        "The file has problems, so nothing was recorded. Fix it and upload it again.",
    ),
    ("plan.saved", "집행계획을 기록했습니다", "Plans recorded"),
    (
        "plan.unchanged",
        "바뀐 계획이 없어 기록하지 않았습니다",
        "No plan changed; nothing was recorded",
    ),
    (
        "plan.versions",
        "기록된 계획(최근 순)",
        "Recorded plans (newest first)",
    ),
    ("plan.months", "1월~12월", "January to December"),
    ("plan.recorded_at", "기록 시각(UTC)", "Recorded (UTC)"),
    (
        "plan.none",
        "기록된 집행계획이 없습니다",
        "No plan has been recorded",
    ),
    (
        "dash.lagging.more",
        "판정 기준과 월별 집행계획",
        "Basis and monthly plans",
    ),
    ("dash.lagging.top", "상위 10건", "Top ten"),
    ("dash.lagging.of", "전체", "of"),
    ("audit.action.dissolve", "폐지", "Dissolved"),
    ("audit.action.duties", "주요업무 변경", "Duties changed"),
    ("audit.action.head", "부서장 변경", "Head changed"),
    (
        "audit.action.profile",
        "설립목적·목적사업 변경",
        "Purpose changed",
    ),
    ("audit.do.line.add", "예산과목 추가", "Budget line added"),
    ("audit.do.unit.add", "부서 추가", "Unit added"),
    ("audit.do.unit.dissolve", "부서 폐지", "Unit dissolved"),
    ("audit.do.project.add", "사업 추가", "Project added"),
    ("audit.do.project.end", "사업 종료", "Project ended"),
    ("audit.do.program.add", "사업군 추가", "Program group added"),
    ("audit.f.funding", "예산 변경", "Funding amendment"),
    ("audit.f.retired", "폐지", "Retired"),
    ("audit.f.ended", "종료", "Ended"),
    ("audit.f.executive", "책임 부서", "Responsible unit"),
    ("audit.f.duties", "주요업무", "Duties"),
    ("audit.f.items", "업무", "Duties"),
    ("audit.f.purpose_source", "근거", "Where it is laid down"),
    ("audit.f.businesses", "목적사업", "Purpose businesses"),
    ("audit.f.successor", "넘겨받을 부서", "Unit taking over"),
    ("audit.f.ext", "내선번호", "Extension"),
    ("audit.f.program", "사업군", "Program group"),
    ("audit.f.officer", "담당자", "Officer"),
    ("audit.f.background", "추진배경", "Background"),
    ("audit.f.content", "사업내용", "Content"),
    ("audit.f.budget_notes", "사업예산 비고", "Budget notes"),
    ("audit.f.no", "변경번호", "Amendment no."),
    ("audit.f.delta", "증감(원)", "Change (KRW)"),
    ("audit.f.edit", "변경", "Change"),
];

/// Every listed word: [`WORDS`], then the tables kept in their own
/// modules (accounts, the audit log, English labels, structural editing,
/// the draft budget).
pub fn all_words() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    WORDS
        .iter()
        .chain(crate::words::ACCOUNTS)
        .chain(crate::words::AUDIT)
        .chain(crate::words::LABELS)
        .chain(crate::structure_words::STRUCTURE)
        .chain(crate::target_words::TARGETS)
        .chain(crate::draft_words::DRAFT)
        .chain(crate::draft_flat_words::DRAFT_FLAT)
}

/// The word for `key` in `lang`, or the key itself.
pub fn t(lang: Lang, key: &str) -> &str {
    all_words()
        .find(|(k, _, _)| *k == key)
        .map_or(key, |(_, ko, en)| match lang {
            Lang::Ko => ko,
            Lang::En => en,
        })
}

/// The word for `key` in both languages, for a message made before its
/// reader's language is known.
pub fn text(key: &str) -> yesan_domain::Text {
    yesan_domain::Text::new(t(Lang::Ko, key), t(Lang::En, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_are_filled() {
        let mut keys: Vec<&str> = all_words().map(|w| w.0).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "duplicate keys");
        for (k, ko, en) in all_words() {
            assert!(!ko.is_empty() && !en.is_empty(), "{k}");
        }
        assert_eq!(t(Lang::Ko, "nav.budget"), "예산");
        assert_eq!(t(Lang::En, "nav.budget"), "Budget");
        assert_eq!(t(Lang::En, "no.such.key"), "no.such.key");
    }

    #[test]
    fn every_key_used_by_a_template_is_listed() {
        for (name, src) in crate::templates::SOURCES {
            let mut rest = *src;
            while let Some(i) = rest.find("t(\"") {
                rest = &rest[i + 3..];
                let end = rest.find('"').unwrap_or(0);
                let key = &rest[..end];
                assert!(
                    all_words().any(|w| w.0 == key),
                    "{name} uses the unlisted key '{key}'"
                );
            }
        }
    }
}
