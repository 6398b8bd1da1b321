//! Structural editing, one function per use case: budget lines (add with
//! their funding, rename, move, retire), program groups and projects (add,
//! end), organisation units (add, rename, move, dissolve, duties, head)
//! and the institution's profile. Each reads a form's fields as text
//! ([`Fields`], as the web form or a command names them), builds the
//! domain's dated [`Edit`], and has the store decide it by the domain's
//! rules and write it in one audited transaction. A refusal comes back as
//! data, each [`Refusal`] naming its form field; nothing is written then.

use crate::Error;
use chrono::NaiveDate;
use yesan_domain::amendment::{Amendment, AmendmentKind, LineDelta};
use yesan_domain::code::{CodeError, LineCode, ProjectCode, UnitCode};
use yesan_domain::finding::Locator;
use yesan_domain::org::{Contact, DutyGroup, Unit, UnitKind};
use yesan_domain::outline::Outline;
use yesan_domain::project::Project;
use yesan_domain::structure::{Change, Edit, NewLine, NewProgram, Plan, ProfileState, Refusal};
use yesan_domain::{Finding, Won};
use yesan_store::{Store, StoreError};

/// A form's fields as typed: `(name, value)` pairs in order (a field may
/// repeat; the first value counts).
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a>(pub &'a [(String, String)]);

impl<'a> Fields<'a> {
    /// The field's value, trimmed (empty when absent).
    pub fn get(&self, name: &str) -> &'a str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// The field's non-blank lines, trimmed.
    pub fn lines(&self, name: &str) -> Vec<String> {
        self.get(name)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }
}

/// What an edit came to.
#[derive(Debug)]
pub enum Edited {
    /// Written and audited.
    Done(Box<Plan>),
    /// Refused: nothing was written.
    Refused(Vec<Refusal>),
}

/// Reads the form's fields into problems as it goes.
struct Reader<'a> {
    f: Fields<'a>,
    errors: Vec<Refusal>,
}

impl<'a> Reader<'a> {
    fn new(f: Fields<'a>) -> Reader<'a> {
        Reader {
            f,
            errors: Vec::new(),
        }
    }

    fn date(&mut self, field: &'static str) -> Option<NaiveDate> {
        let v = self.f.get(field);
        match yesan_import::value::parse_date(v) {
            Ok(d) => Some(d),
            Err(_) if v.is_empty() => {
                self.errors.push(Refusal::Missing {
                    field,
                    label: "변경일",
                    english: "date",
                });
                None
            }
            Err(_) => {
                self.errors.push(Refusal::BadDate {
                    field,
                    text: yesan_domain::text::quoted(v),
                });
                None
            }
        }
    }

    fn code<T>(
        &mut self,
        field: &'static str,
        label: &'static str,
        parse: impl Fn(&str) -> Result<T, CodeError>,
    ) -> Option<T> {
        match parse(self.f.get(field)) {
            Ok(c) => Some(c),
            Err(error) => {
                self.errors.push(Refusal::BadCode {
                    field,
                    label,
                    error,
                });
                None
            }
        }
    }

    /// A code that may be left empty.
    fn optional_code<T>(
        &mut self,
        field: &'static str,
        label: &'static str,
        parse: impl Fn(&str) -> Result<T, CodeError>,
    ) -> Option<Option<T>> {
        if self.f.get(field).is_empty() {
            Some(None)
        } else {
            self.code(field, label, parse).map(Some)
        }
    }

    fn text(&self, field: &str) -> String {
        self.f.get(field).to_owned()
    }

    fn head(&mut self) -> Option<Contact> {
        let (name, ext) = (self.f.get("head_name"), self.f.get("head_ext"));
        if name.is_empty() && ext.is_empty() {
            None
        } else {
            Some(Contact {
                name: name.to_owned(),
                ext: ext.to_owned(),
            })
        }
    }

    /// The change, once every field read.
    fn change(self, date: Option<NaiveDate>, edit: Option<Edit>) -> Result<Change, Vec<Refusal>> {
        match (date, edit) {
            (Some(date), Some(edit)) if self.errors.is_empty() => Ok(Change { date, edit }),
            _ => Err(self.errors),
        }
    }
}

/// Has the store decide and write `change` by `actor`.
///
/// # Errors
/// The store's, other than refusals.
pub async fn apply(store: &Store, change: &Change, actor: &str) -> Result<Edited, Error> {
    // Like an entry or an amendment, an edit goes into the fiscal year of
    // its date (a 2023 change after 2024 was opened is 2023's).
    let store = crate::as_of::year_of_dates(store, [change.date]).await;
    let outcome = store
        .edit_structure(actor, |cur| yesan_domain::structure::plan(cur, change))
        .await;
    match outcome {
        Ok(Ok(plan)) => Ok(Edited::Done(Box::new(plan))),
        Ok(Err(refusals)) => Ok(Edited::Refused(refusals)),
        Err(StoreError::Inconsistent(findings)) => Ok(Edited::Refused(refusals_of(&findings))),
        Err(e @ StoreError::YearClosed { .. }) => Ok(Edited::Refused(vec![Refusal::Rule {
            field: "date",
            message: e.to_string(),
        }])),
        Err(e) => Err(e.into()),
    }
}

/// The findings of the checks made after planning (a funding amendment's,
/// the year read back) as refusals of the form's fields.
fn refusals_of(findings: &[Finding]) -> Vec<Refusal> {
    findings
        .iter()
        .map(|f| Refusal::Rule {
            field: match &f.at {
                Locator::Amendment { field, .. } => match *field {
                    "no" => "amendment_no",
                    "date" => "date",
                    "line" | "changes" => "source",
                    _ => "amount",
                },
                _ => "code",
            },
            message: f.problem.to_string(),
        })
        .collect()
}

async fn run(
    store: &Store,
    actor: &str,
    change: Result<Change, Vec<Refusal>>,
) -> Result<Edited, Error> {
    match change {
        Err(r) => Ok(Edited::Refused(r)),
        Ok(c) => apply(store, &c, actor).await,
    }
}

/// The funding of a new line, when an amount is given: a 추경 of the
/// amount, or a 전용 or 이용 of it from the `source` line.
fn funding(
    r: &mut Reader<'_>,
    line: Option<&LineCode>,
    date: Option<NaiveDate>,
) -> Option<Amendment> {
    let amount = r.f.get("amount");
    if amount.is_empty() {
        return None;
    }
    let won = match yesan_import::value::parse_amount(amount) {
        Ok(w) if w > 0 => Some(w),
        Ok(_) => {
            r.errors.push(Refusal::BadAmount {
                field: "amount",
                reason: "금액은 0원보다 커야 합니다 / the amount must be more than 0".into(),
            });
            None
        }
        Err(e) => {
            r.errors.push(Refusal::BadAmount {
                field: "amount",
                reason: e.to_string(),
            });
            None
        }
    };
    let no = r.text("amendment_no");
    if no.is_empty() {
        r.errors.push(Refusal::Missing {
            field: "amendment_no",
            label: "변경번호",
            english: "amendment number",
        });
    }
    let note = r.text("note");
    if note.is_empty() {
        r.errors.push(Refusal::Missing {
            field: "note",
            label: "승인 근거",
            english: "approval note",
        });
    }
    let kind = match r.f.get("amendment_kind") {
        "" => AmendmentKind::Supplementary,
        k => AmendmentKind::parse(k).unwrap_or(AmendmentKind::Supplementary),
    };
    let source = if kind.moves_money() {
        if r.f.get("source").is_empty() {
            r.errors.push(Refusal::Missing {
                field: "source",
                label: "재원 과목",
                english: "line the money comes from",
            });
            None
        } else {
            r.code("source", "재원 과목", LineCode::parse)
        }
    } else {
        None
    };
    let (line, date, won) = (line?, date?, won?);
    let mut changes = vec![LineDelta {
        line: line.clone(),
        delta: Won::new(won),
    }];
    if let Some(s) = source {
        changes.push(LineDelta {
            line: s,
            delta: Won::new(-won),
        });
    }
    Some(Amendment {
        no,
        date,
        kind,
        note,
        changes,
    })
}

/// Adds a budget line under its parent (`parent`; `세입` for a top-level
/// revenue line), with its funding when an amount is given (`amount`,
/// `amendment_no`, `amendment_kind`, `note`, `source`).
///
/// # Errors
/// The store's, other than refusals.
pub async fn add_line(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let code = r.code("code", "과목 코드", LineCode::parse);
    let parent = match f.get("parent") {
        "" => {
            r.errors.push(Refusal::Missing {
                field: "parent",
                label: "상위 과목",
                english: "parent line",
            });
            None
        }
        "세입" | "revenue" => Some(None),
        _ => r.code("parent", "상위 과목", LineCode::parse).map(Some),
    };
    let funding = funding(&mut r, code.as_ref(), date);
    let edit = match (code, parent) {
        (Some(code), Some(parent)) => Some(Edit::AddLine(NewLine {
            code,
            name: r.text("name"),
            parent,
            funding,
        })),
        _ => None,
    };
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Renames a line (`code`, `name`).
///
/// # Errors
/// The store's, other than refusals.
pub async fn rename_line(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let edit = r
        .code("code", "과목 코드", LineCode::parse)
        .map(|code| Edit::RenameLine {
            code,
            name: r.text("name"),
        });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Moves a line under another parent (`code`, `parent`).
///
/// # Errors
/// The store's, other than refusals.
pub async fn move_line(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let code = r.code("code", "과목 코드", LineCode::parse);
    let parent = r.code("parent", "상위 과목", LineCode::parse);
    let edit = code
        .zip(parent)
        .map(|(code, parent)| Edit::MoveLine { code, parent });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Retires a line (`code`).
///
/// # Errors
/// The store's, other than refusals.
pub async fn retire_line(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let edit = r
        .code("code", "과목 코드", LineCode::parse)
        .map(|code| Edit::RetireLine { code });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Adds a program group with its line (`code`, `line`, `name`).
///
/// # Errors
/// The store's, other than refusals.
pub async fn add_program(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let code = r.code("code", "사업군 코드", ProjectCode::parse);
    let line = r.code("line", "과목 코드", LineCode::parse);
    let edit = code.zip(line).map(|(code, line)| {
        Edit::AddProgram(NewProgram {
            code,
            line,
            name: r.text("name"),
        })
    });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Adds a project with its sheet: `code`, `program`, `line`, `title`,
/// `executive`, `team`, `officer_name`, `officer_ext`, `purpose`,
/// `background`, `content`, `budget_notes` (one a line). Achievements,
/// indicators and the schedule are the project sheet editor's.
///
/// # Errors
/// The store's, other than refusals.
pub async fn add_project(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let code = r.code("code", "사업 코드", ProjectCode::parse);
    let program = r.code("program", "사업군", ProjectCode::parse);
    let line = r.code("line", "예산과목", LineCode::parse);
    let executive = r.code("executive", "책임 부서", UnitCode::parse);
    let team = r.code("team", "담당 부서", UnitCode::parse);
    let achievements = Outline::parse("").ok();
    let edit = match (code, program, line, executive, team, achievements) {
        (
            Some(code),
            Some(program),
            Some(line),
            Some(executive),
            Some(team),
            Some(achievements),
        ) => Some(Edit::AddProject(Box::new(Project {
            code,
            program,
            line,
            title: r.text("title"),
            executive,
            team,
            officer: Contact {
                name: r.text("officer_name"),
                ext: r.text("officer_ext"),
            },
            purpose: r.text("purpose"),
            background: r.text("background"),
            content: r.text("content"),
            budget_notes: f.lines("budget_notes"),
            achievements_heading: None,
            schedule_heading: None,
            achievements,
            indicators: Vec::new(),
            schedule: Vec::new(),
        }))),
        _ => None,
    };
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Ends a project (`code`).
///
/// # Errors
/// The store's, other than refusals.
pub async fn end_project(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let edit = r
        .code("code", "사업 코드", ProjectCode::parse)
        .map(|code| Edit::EndProject { code });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Adds a unit: `code`, `name`, `kind` (실, 본부, 팀), `parent` (empty:
/// directly under the head of the institution), `head_name`, `head_ext`.
///
/// # Errors
/// The store's, other than refusals.
pub async fn add_unit(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let code = r.code("code", "부서 코드", UnitCode::parse);
    let kind = UnitKind::parse(f.get("kind"));
    if kind.is_none() {
        r.errors.push(Refusal::Missing {
            field: "kind",
            label: "구분(실·본부·팀)",
            english: "level (office, division or team)",
        });
    }
    let parent = r.optional_code("parent", "상위 조직", UnitCode::parse);
    let head = r.head();
    let edit = match (code, kind, parent) {
        (Some(code), Some(kind), Some(parent)) => Some(Edit::AddUnit(Unit {
            code,
            name: r.text("name"),
            kind,
            parent,
            head,
            duties: Vec::new(),
            note: None,
        })),
        _ => None,
    };
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Renames a unit (`code`, `name`).
///
/// # Errors
/// The store's, other than refusals.
pub async fn rename_unit(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let edit = r
        .code("code", "부서 코드", UnitCode::parse)
        .map(|code| Edit::RenameUnit {
            code,
            name: r.text("name"),
        });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Moves a unit under another (`code`, `parent`; empty: directly under
/// the head of the institution).
///
/// # Errors
/// The store's, other than refusals.
pub async fn move_unit(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let code = r.code("code", "부서 코드", UnitCode::parse);
    let parent = r.optional_code("parent", "상위 조직", UnitCode::parse);
    let edit = code
        .zip(parent)
        .map(|(code, parent)| Edit::MoveUnit { code, parent });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Dissolves a unit (`code`; `successor` takes over its projects).
///
/// # Errors
/// The store's, other than refusals.
pub async fn dissolve_unit(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let code = r.code("code", "부서 코드", UnitCode::parse);
    let successor = r.optional_code("successor", "넘겨받을 부서", UnitCode::parse);
    let edit = code
        .zip(successor)
        .map(|(code, successor)| Edit::DissolveUnit { code, successor });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// The duties as a form writes them: a line starting with `-` (or `·`,
/// `ㅇ`) is an item of the group above it; any other line titles a new
/// group; items before any title form an untitled group.
pub fn duties_from_text(text: &str) -> Vec<DutyGroup> {
    let mut groups: Vec<DutyGroup> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match line.strip_prefix(['-', '·', '•']).map(str::trim) {
            Some(item) => match groups.last_mut() {
                Some(g) => g.items.push(item.to_owned()),
                None => groups.push(DutyGroup {
                    title: None,
                    items: vec![item.to_owned()],
                }),
            },
            None => groups.push(DutyGroup {
                title: Some(line.to_owned()),
                items: Vec::new(),
            }),
        }
    }
    groups
}

/// The duties as [`duties_from_text`] reads them back.
pub fn duties_to_text(groups: &[DutyGroup]) -> String {
    let mut out = String::new();
    for g in groups {
        if let Some(t) = &g.title {
            out.push_str(t);
            out.push('\n');
        }
        for i in &g.items {
            out.push_str("- ");
            out.push_str(i);
            out.push('\n');
        }
    }
    out
}

/// Replaces a unit's duties (`code`, `duties` as [`duties_from_text`]
/// reads them).
///
/// # Errors
/// The store's, other than refusals.
pub async fn set_duties(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let edit = r
        .code("code", "부서 코드", UnitCode::parse)
        .map(|code| Edit::SetDuties {
            code,
            duties: duties_from_text(f.get("duties")),
        });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Sets a unit's head (`code`, `head_name`, `head_ext`; both empty: none).
///
/// # Errors
/// The store's, other than refusals.
pub async fn set_head(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let head = r.head();
    let edit = r
        .code("code", "부서 코드", UnitCode::parse)
        .map(|code| Edit::SetHead { code, head });
    let change = r.change(date, edit);
    run(store, actor, change).await
}

/// Replaces the institution's purpose (`purpose`, `purpose_source`) and
/// purpose businesses (`businesses`, one a line).
///
/// # Errors
/// The store's, other than refusals.
pub async fn set_profile(store: &Store, f: Fields<'_>, actor: &str) -> Result<Edited, Error> {
    let mut r = Reader::new(f);
    let date = r.date("date");
    let edit = Some(Edit::SetProfile(ProfileState {
        purpose: r.text("purpose"),
        purpose_source: r.text("purpose_source"),
        businesses: f.lines("businesses"),
    }));
    let change = r.change(date, edit);
    run(store, actor, change).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duties_read_back_as_written() {
        let text = "디지털 정책연구\n- 전환 연구\n- 포용 연구\n감사\n- 청렴\n";
        let groups = duties_from_text(text);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].items, ["전환 연구", "포용 연구"]);
        assert_eq!(duties_to_text(&groups), text);
        let untitled = duties_from_text("- 재단 감사");
        assert_eq!(untitled[0].title, None);
        assert_eq!(untitled[0].items, ["재단 감사"]);
    }
}
