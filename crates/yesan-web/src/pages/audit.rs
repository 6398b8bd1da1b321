//! The audit log: who changed what and when, filtered by user, record kind
//! and date, newest first. The page reads it in the interface's language:
//! times in Korea Standard Time (`yesan_domain::local_time`), what was done
//! in words (`crate::words::AUDIT`), and the record before and after as the
//! fields that changed, each with its label. The API (`/api/audit`) keeps
//! the stored form: UTC instants, identifiers and the JSON as recorded.
//! Date filters name days in Korea time on both.

use super::render_page;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::here::Here;
use crate::i18n::{Lang, t};
use crate::state::AppState;
use axum::extract::{Query, State};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use yesan_domain::local_time;
use yesan_store::AuditFilter;

/// The filters, as query parameters.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AuditQuery {
    /// Who (exact).
    #[serde(default)]
    pub actor: Option<String>,
    /// Record kind.
    #[serde(default)]
    pub entity: Option<String>,
    /// From this date (a day in Korea time).
    #[serde(default)]
    pub from: Option<String>,
    /// Up to this date (a day in Korea time).
    #[serde(default)]
    pub to: Option<String>,
    /// Page cursor: older than this.
    #[serde(default)]
    pub before: Option<i64>,
    /// Page size.
    #[serde(default)]
    pub limit: Option<usize>,
}

/// The instant a day begins in Korea.
fn day_start(d: NaiveDate) -> Option<DateTime<Utc>> {
    d.and_hms_opt(0, 0, 0)?
        .and_local_timezone(local_time::korea())
        .single()
        .map(|t| t.with_timezone(&Utc))
}

impl AuditQuery {
    /// The store's filter.
    ///
    /// # Errors
    /// [`AppError::BadRequest`] for a bad date.
    pub fn filter(&self) -> Result<AuditFilter, AppError> {
        let from = super::parse_date_param("from", self.from.as_deref())?;
        let to = super::parse_date_param("to", self.to.as_deref())?;
        Ok(AuditFilter {
            actor: self.actor.clone(),
            entity: self.entity.clone(),
            from: from.and_then(day_start),
            until: to.and_then(|d| d.succ_opt()).and_then(day_start),
            before_id: self.before,
            limit: self.limit.unwrap_or(50),
        })
    }
}

/// The kinds of record the filter offers (the store's identifiers).
const ENTITIES: [&str; 13] = [
    "entries",
    "budget",
    "project",
    "staffing",
    "user",
    "session",
    "dataset",
    "fiscal_year",
    "line_mappings",
    "line",
    "program",
    "unit",
    "institution",
];

/// A word of the audit log: the listed one, or the identifier itself when
/// none is listed (a kind of change newer than this list).
fn word(lang: Lang, key: &str, fallback: &str) -> String {
    let w = t(lang, key);
    if w == key { fallback } else { w }.to_owned()
}

/// What was done, in words: by kind of record and action, else by action.
pub fn action_words(lang: Lang, entity: &str, action: &str) -> String {
    let specific = format!("audit.do.{entity}.{action}");
    let w = t(lang, &specific);
    if w != specific {
        return w.to_owned();
    }
    word(lang, &format!("audit.action.{action}"), action)
}

/// One field of a change: its label and its value before and after (`None`
/// where the record had no such field, or no record was kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// What the field is, in words (`성과지표 2 › 값`).
    pub label: String,
    /// Before the change.
    pub before: Option<String>,
    /// After the change.
    pub after: Option<String>,
}

/// A step of a field's path in a record.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// A record's fields, in the order written: path → value as shown.
type Fields = Vec<(Vec<Step>, String)>;

/// Money fields hold won: shown with thousands separators.
const MONEY: [&str; 5] = ["committed", "disbursed", "amount", "delta", "changes"];

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

/// Unit codes and their names, for the `unit` fields of account records.
pub type UnitNames = std::collections::HashMap<String, String>;

/// A scalar as shown; `key` is the field it belongs to.
fn scalar(lang: Lang, units: &UnitNames, key: &str, v: &Value) -> String {
    match v {
        Value::Null => t(lang, "audit.empty").to_owned(),
        Value::Bool(b) => t(lang, if *b { "audit.yes" } else { "audit.no" }).to_owned(),
        Value::Number(n) => match n.as_i64() {
            Some(i) if MONEY.contains(&key) => yesan_domain::format::amount(i),
            _ => n.to_string(),
        },
        Value::String(s) if key == "role" => word(lang, &format!("role.{s}"), s),
        Value::String(s) if key == "flag" => word(lang, &format!("audit.flag.{s}"), s),
        Value::String(s) if key == "unit" => units.get(s).cloned().unwrap_or_else(|| s.clone()),
        Value::String(s) if s.is_empty() => t(lang, "audit.empty").to_owned(),
        Value::String(s) => s.clone(),
        // Not reached: callers pass scalars and flat lists only.
        other => other.to_string(),
    }
}

/// A list of scalars (or of short lists of them, such as an amendment's
/// `[line, delta]` pairs) as one value: `E3.1 1,000; E3.2 △1,000`.
fn flat_list(lang: Lang, units: &UnitNames, key: &str, items: &[Value]) -> Option<String> {
    let parts: Option<Vec<String>> = items
        .iter()
        .map(|v| match v {
            Value::Array(inner) if inner.iter().all(is_scalar) => Some(
                inner
                    .iter()
                    .map(|x| scalar(lang, units, key, x))
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            v if is_scalar(v) => Some(scalar(lang, units, key, v)),
            _ => None,
        })
        .collect();
    let parts = parts?;
    Some(if parts.is_empty() {
        t(lang, "audit.empty").to_owned()
    } else {
        parts.join(if items.iter().any(Value::is_array) {
            "; "
        } else {
            ", "
        })
    })
}

fn flatten(lang: Lang, units: &UnitNames, v: &Value, path: &mut Vec<Step>, out: &mut Fields) {
    let key = path
        .iter()
        .rev()
        .find_map(|s| match s {
            Step::Key(k) => Some(k.clone()),
            Step::Index(_) => None,
        })
        .unwrap_or_default();
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                path.push(Step::Key(k.clone()));
                flatten(lang, units, x, path, out);
                path.pop();
            }
        }
        Value::Array(items) => match flat_list(lang, units, &key, items) {
            Some(s) => out.push((path.clone(), s)),
            None => {
                for (i, x) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    flatten(lang, units, x, path, out);
                    path.pop();
                }
            }
        },
        v => out.push((path.clone(), scalar(lang, units, &key, v))),
    }
}

/// A record's text as fields: JSON flattened to labelled leaves, or, for
/// text that is not JSON, the text itself as one unnamed field.
fn fields(lang: Lang, units: &UnitNames, text: &str) -> Fields {
    let mut out = Vec::new();
    match serde_json::from_str::<Value>(text) {
        Ok(v) => flatten(lang, units, &v, &mut Vec::new(), &mut out),
        Err(_) => out.push((Vec::new(), text.to_owned())),
    }
    out
}

fn label(lang: Lang, path: &[Step]) -> String {
    if path.is_empty() {
        return t(lang, "audit.fields").to_owned();
    }
    path.iter()
        .map(|s| match s {
            Step::Key(k) => word(lang, &format!("audit.f.{k}"), k),
            Step::Index(i) => (i + 1).to_string(),
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// The fields of a change: with both records, those that differ (in the
/// order of the record after, then those only before had); with one, all
/// of its fields.
pub fn changes(lang: Lang, before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    changes_named(lang, &UnitNames::new(), before, after)
}

/// [`changes`], with units shown by their names.
pub fn changes_named(
    lang: Lang,
    units: &UnitNames,
    before: Option<&str>,
    after: Option<&str>,
) -> Vec<FieldChange> {
    let b = before.map(|s| fields(lang, units, s)).unwrap_or_default();
    let a = after.map(|s| fields(lang, units, s)).unwrap_or_default();
    let find = |list: &Fields, p: &[Step]| -> Option<String> {
        list.iter().find(|(q, _)| q == p).map(|(_, v)| v.clone())
    };
    let both = before.is_some() && after.is_some();
    let mut out = Vec::new();
    for (path, value) in &a {
        let was = find(&b, path);
        if both && was.as_deref() == Some(value.as_str()) {
            continue;
        }
        out.push(FieldChange {
            label: label(lang, path),
            before: was,
            after: Some(value.clone()),
        });
    }
    for (path, value) in &b {
        if find(&a, path).is_none() {
            out.push(FieldChange {
                label: label(lang, path),
                before: Some(value.clone()),
                after: None,
            });
        }
    }
    out
}

/// `GET /audit`.
pub async fn page(
    State(state): State<AppState>,
    here: Here,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> Result<Response, AppError> {
    let (records, more) = here.store.audit_page(&q.filter()?).await?;
    let lang = ctx.lang;
    let (_, d) = state.catalog(&here.store).await?;
    let units: UnitNames = d
        .org
        .units()
        .iter()
        .map(|u| (u.code.to_string(), u.name.clone()))
        .collect();
    let rows: Vec<_> = records
        .iter()
        .map(|r| {
            let at = local_time::in_korea(r.at);
            minijinja::context! {
                id => r.id,
                at => at.format("%Y-%m-%d %H:%M:%S").to_string(),
                at_iso => at.to_rfc3339(),
                actor => r.actor,
                action => action_words(lang, &r.entity, &r.action),
                entity => word(lang, &format!("audit.entity.{}", r.entity), &r.entity),
                key => r.key,
                changes => changes_named(lang, &units, r.before.as_deref(), r.after.as_deref()),
            }
        })
        .collect();
    let next = if more {
        records.last().map(|r| {
            let mut n = AuditQuery {
                before: Some(r.id),
                ..AuditQuery::default()
            };
            n.actor.clone_from(&q.actor);
            n.entity.clone_from(&q.entity);
            n.from.clone_from(&q.from);
            n.to.clone_from(&q.to);
            format!(
                "{}/audit?{}",
                here.prefix(),
                serde_urlencoded::to_string(&n).unwrap_or_default()
            )
        })
    } else {
        None
    };
    let entities: Vec<(&str, String)> = ENTITIES
        .iter()
        .map(|e| (*e, word(lang, &format!("audit.entity.{e}"), e)))
        .collect();
    render_page(
        &state,
        &ctx,
        "audit.html",
        "audit",
        minijinja::context! {
            q => q,
            rows => rows,
            next => next,
            entities => entities,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_shows_only_the_fields_that_changed() {
        let before = r#"{"role":"admin","unit":null}"#;
        let after = r#"{"role":"viewer","unit":null}"#;
        let c = changes(Lang::Ko, Some(before), Some(after));
        assert_eq!(
            c,
            [FieldChange {
                label: "역할".into(),
                before: Some("관리자".into()),
                after: Some("열람자".into()),
            }]
        );
        let c = changes(Lang::En, Some(before), Some(after));
        assert_eq!(c[0].label, "Role");
        assert_eq!(c[0].after.as_deref(), Some("Viewer"));
    }

    #[test]
    fn nested_records_are_labelled_by_their_path() {
        let before = r#"{"indicators":[{"id":"a","value":10,"breakdown":[]}],"schedule":[]}"#;
        let after = r#"{"indicators":[{"id":"a","value":12,"breakdown":[]}],"schedule":[]}"#;
        let c = changes(Lang::Ko, Some(before), Some(after));
        assert_eq!(c.len(), 1, "{c:?}");
        assert_eq!(c[0].label, "성과지표 › 1 › 값");
        assert_eq!(
            (c[0].before.as_deref(), c[0].after.as_deref()),
            (Some("10"), Some("12"))
        );
    }

    #[test]
    fn a_new_record_lists_every_field_with_money_grouped() {
        let after =
            r#"{"date":"2023-11-01","kind":"추경","changes":[["E3.2.3",1000000],["E1",-1000]]}"#;
        let c = changes(Lang::En, None, Some(after));
        let shown: Vec<(&str, Option<&str>)> = c
            .iter()
            .map(|f| (f.label.as_str(), f.after.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("Changes (KRW)", Some("E3.2.3 1,000,000; E1 △1,000")),
                ("Date", Some("2023-11-01")),
                ("Kind", Some("추경")),
            ]
        );
        assert!(c.iter().all(|f| f.before.is_none()));
    }

    #[test]
    fn a_removed_field_and_text_that_is_not_json() {
        let c = changes(Lang::Ko, Some(r#"{"active":true}"#), Some(r#"{}"#));
        assert_eq!(c[0].label, "활성");
        assert_eq!(
            (c[0].before.as_deref(), c[0].after.as_deref()),
            (Some("예"), None)
        );
        let c = changes(Lang::Ko, None, Some("plain words"));
        assert_eq!(c[0].after.as_deref(), Some("plain words"));
    }

    #[test]
    fn units_read_by_their_names() {
        let units: UnitNames = [("SIT".to_owned(), "스마트포용팀".to_owned())].into();
        let c = changes_named(Lang::Ko, &units, None, Some(r#"{"unit":"SIT"}"#));
        assert_eq!(c[0].after.as_deref(), Some("스마트포용팀"));
        let c = changes_named(Lang::Ko, &units, None, Some(r#"{"unit":"GONE"}"#));
        assert_eq!(
            c[0].after.as_deref(),
            Some("GONE"),
            "a unit since dissolved"
        );
    }

    #[test]
    fn actions_read_as_words_and_unknown_ones_as_they_are() {
        assert_eq!(action_words(Lang::Ko, "session", "login"), "로그인");
        assert_eq!(action_words(Lang::En, "user", "role"), "Role changed");
        assert_eq!(action_words(Lang::En, "line", "rename"), "Renamed");
        assert_eq!(action_words(Lang::En, "thing", "frobnicate"), "frobnicate");
    }

    #[test]
    fn a_day_filter_starts_at_midnight_in_korea() {
        let d = NaiveDate::from_ymd_opt(2023, 10, 18).expect("a date");
        let start = day_start(d).expect("a start");
        assert_eq!(start.to_rfc3339(), "2023-10-17T15:00:00+00:00");
    }
}
