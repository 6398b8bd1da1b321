//! The draft budget (예산안) of a fiscal year (schema 17): the draft of
//! (institution, target year), its numbered versions (the whole content as
//! canonical JSON, who saved it, when, a note) and its status events
//! (submitted, returned, approved with the board's resolution). All three
//! tables are append-only; the database refuses changing or deleting a
//! row. Every write is one transaction with one audit record, and decides
//! by the domain's rules on what it reads inside that transaction
//! (`yesan_domain::proposal`: the content's constructors, the status
//! replayed from the events, four-eyes). Approval into a recorded year
//! writes the approved version as that year's 본예산 (leaf amounts,
//! economic codes, 산출기초) in the same transaction and reads the year back
//! through the domain before committing; a year opened later takes it in
//! [`Store::add_year`].

use crate::audit::{self, Change};
use crate::codec::{corrupt, get};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::{Store, read, scope};
use chrono::NaiveDate;
use yesan_domain::proposal::{
    Content, ContentRecord, Event, EventKind, ProposalError, Resolution, Status, VersionInfo,
};

const PROPOSALS: &str = "budget_proposals";
const VERSIONS: &str = "proposal_versions";
const EVENTS: &str = "proposal_events";

/// One saved version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredVersion {
    /// Number, saver, time, note.
    pub info: VersionInfo,
    /// The content, decoded through the domain's constructors.
    pub content: Content,
}

/// A draft budget as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredProposal {
    /// The target year.
    pub year: i32,
    /// The year it was built from.
    pub base_year: i32,
    /// Who created it.
    pub created_by: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
    /// Every version, 1 first.
    pub versions: Vec<StoredVersion>,
    /// Every status event, in order.
    pub events: Vec<Event>,
    /// The status the events lead to.
    pub status: Status,
}

impl StoredProposal {
    /// The latest version (there is always one).
    pub fn latest(&self) -> &StoredVersion {
        // A proposal is written with its version 1 in one transaction.
        &self.versions[self.versions.len() - 1]
    }

    /// Who saved each version, version 1 first.
    pub fn savers(&self) -> Vec<String> {
        self.versions
            .iter()
            .map(|v| v.info.saved_by.clone())
            .collect()
    }
}

fn sc(inst: i64, year: i32) -> Sc {
    Sc {
        inst,
        year: i64::from(year),
    }
}

fn refused(e: ProposalError) -> StoreError {
    StoreError::Proposal(e)
}

fn u32_of(table: &'static str, key: &str, col: &str, v: i64) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|e| corrupt(table, key, col, e))
}

async fn read_in(c: &mut impl Exec, y: Sc) -> Result<Option<StoredProposal>, StoreError> {
    let year = i32::try_from(y.year).unwrap_or_default();
    let sql = format!(
        "SELECT base_year, created_by, created_at FROM {PROPOSALS} WHERE {}",
        y.w()
    );
    let Some(head) = sqlx::query(&sql)
        .fetch_optional(c.ex())
        .await
        .map_err(StoreError::db("reading the draft budget"))?
    else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT version, content, saved_by, saved_at, note FROM {VERSIONS} WHERE {} ORDER BY version",
        y.w()
    );
    let rows = sqlx::query(&sql)
        .fetch_all(c.ex())
        .await
        .map_err(StoreError::db("reading the draft's versions"))?;
    let mut versions = Vec::with_capacity(rows.len());
    for (n, r) in (1_u32..).zip(&rows) {
        let key = format!("{year}/{n}");
        let number = u32_of(VERSIONS, &key, "version", get(r, VERSIONS, "version")?)?;
        if number != n {
            return Err(corrupt(
                VERSIONS,
                &key,
                "version",
                "versions are numbered 1, 2, …",
            ));
        }
        let json: String = get(r, VERSIONS, "content")?;
        let record: ContentRecord =
            serde_json::from_str(&json).map_err(|e| corrupt(VERSIONS, &key, "content", e))?;
        let content =
            Content::from_record(&record).map_err(|e| corrupt(VERSIONS, &key, "content", e))?;
        if content.year() != year {
            return Err(corrupt(
                VERSIONS,
                &key,
                "content",
                "the content is of another year",
            ));
        }
        versions.push(StoredVersion {
            info: VersionInfo {
                number,
                saved_by: get(r, VERSIONS, "saved_by")?,
                saved_at: get(r, VERSIONS, "saved_at")?,
                note: get(r, VERSIONS, "note")?,
            },
            content,
        });
    }
    if versions.is_empty() {
        return Err(corrupt(
            PROPOSALS,
            &year.to_string(),
            "version",
            "no version 1",
        ));
    }
    let sql = format!(
        "SELECT seq, kind, version, actor, at, note, resolution_date, resolution_number FROM {EVENTS} WHERE {} ORDER BY seq",
        y.w()
    );
    let rows = sqlx::query(&sql)
        .fetch_all(c.ex())
        .await
        .map_err(StoreError::db("reading the draft's status"))?;
    let mut events = Vec::with_capacity(rows.len());
    for r in &rows {
        let seq: i64 = get(r, EVENTS, "seq")?;
        let key = format!("{year}/{seq}");
        let kind: String = get(r, EVENTS, "kind")?;
        let note: String = get(r, EVENTS, "note")?;
        let kind = match kind.as_str() {
            "submitted" => EventKind::Submitted,
            "returned" => EventKind::Returned { reason: note },
            "approved" => {
                let date: Option<String> = get(r, EVENTS, "resolution_date")?;
                let number: Option<String> = get(r, EVENTS, "resolution_number")?;
                let date = NaiveDate::parse_from_str(&date.unwrap_or_default(), "%Y-%m-%d")
                    .map_err(|e| corrupt(EVENTS, &key, "resolution_date", e))?;
                EventKind::Approved {
                    resolution: Resolution::new(date, &number.unwrap_or_default(), &note)
                        .map_err(|e| corrupt(EVENTS, &key, "resolution_number", e))?,
                }
            }
            other => return Err(corrupt(EVENTS, &key, "kind", other)),
        };
        events.push(Event {
            kind,
            version: u32_of(EVENTS, &key, "version", get(r, EVENTS, "version")?)?,
            actor: get(r, EVENTS, "actor")?,
            at: get(r, EVENTS, "at")?,
        });
    }
    let savers: Vec<String> = versions.iter().map(|v| v.info.saved_by.clone()).collect();
    let status = Status::replay(year, &events, &savers)
        .map_err(|e| corrupt(EVENTS, &year.to_string(), "kind", e))?;
    Ok(Some(StoredProposal {
        year,
        base_year: get(&head, PROPOSALS, "base_year")?,
        created_by: get(&head, PROPOSALS, "created_by")?,
        created_at: get(&head, PROPOSALS, "created_at")?,
        versions,
        events,
        status,
    }))
}

async fn insert_version(
    c: &mut impl Exec,
    y: Sc,
    number: u32,
    content: &Content,
    note: &str,
    actor: &str,
    at: &str,
) -> Result<String, StoreError> {
    // Canonical: the record holds vectors and fixed fields only, so the
    // same content always gives the same bytes.
    let json = serde_json::to_string(&content.record()).unwrap_or_default();
    let sql = format!(
        "INSERT INTO {VERSIONS} (institution_id, fiscal_year, version, content, saved_by, saved_at, note) VALUES ({}, $1, $2, $3, $4, $5)",
        y.v()
    );
    sqlx::query(&sql)
        .bind(i64::from(number))
        .bind(&json)
        .bind(actor)
        .bind(at)
        .bind(note)
        .execute(c.ex())
        .await
        .map_err(StoreError::db("writing a version of the draft"))?;
    Ok(json)
}

/// Writes `content` as `s`'s year's 본예산: leaf amounts, economic codes,
/// 산출기초; the year read back through the domain (entries included)
/// before the caller commits.
pub(crate) async fn adopt_in(
    store: &Store,
    tx: &mut sqlx::AnyConnection,
    s: Sc,
    content: &Content,
) -> Result<(), StoreError> {
    store.refuse_closed(&mut *tx, s).await?;
    let dataset = read::load_from(tx, s, false, None).await?;
    let lines = content.adopted_by(&dataset.budget).map_err(refused)?;
    let sql = format!(
        "UPDATE budget_lines SET amount = $1, economic = $2 WHERE {} AND code = $3",
        s.w()
    );
    for l in &lines {
        let leaf = dataset.budget.is_leaf(&l.code);
        let old = dataset.budget.line(&l.code);
        let amount = if leaf {
            l.amount
        } else {
            old.and_then(|o| o.amount)
        };
        sqlx::query(&sql)
            .bind(amount.map(|a| a.get()))
            .bind(l.economic.map(|e| e.to_string()))
            .bind(l.code.as_str())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("writing the approved draft's amounts"))?;
    }
    let sql = format!("DELETE FROM basis_items WHERE {}", s.w());
    sqlx::query(&sql)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("replacing the 산출기초 items"))?;
    let sql = format!(
        "INSERT INTO basis_items (institution_id, fiscal_year, line, position, grp, description, unit_price, factors) \
         VALUES ({}, $1, $2, $3, $4, $5, $6)",
        s.v()
    );
    for (line, items) in content.items() {
        if !dataset.budget.is_leaf(line) {
            continue;
        }
        for (position, item) in (0_i64..).zip(items) {
            sqlx::query(&sql)
                .bind(line.as_str())
                .bind(position)
                .bind(item.group())
                .bind(item.description())
                .bind(item.unit_price().get())
                .bind(crate::formulation::factors_json(item))
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("writing the 산출기초 items"))?;
        }
    }
    // The year as written must read back through every rule, its ledger
    // under budget control included.
    read::load_from(tx, s, true, None).await?;
    Ok(())
}

/// The approved content of `s`'s year, if its draft is approved.
pub(crate) async fn approved_in(c: &mut impl Exec, s: Sc) -> Result<Option<Content>, StoreError> {
    let Some(p) = read_in(c, s).await? else {
        return Ok(None);
    };
    Ok(match p.status {
        Status::Approved { version, .. } => p
            .versions
            .into_iter()
            .find(|v| v.info.number == version)
            .map(|v| v.content),
        _ => None,
    })
}

impl Store {
    /// The draft budget of `year` of this handle's institution, with every
    /// version and status event (none when there is no draft).
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row the domain refuses; database
    /// errors.
    pub async fn proposal(&self, year: i32) -> Result<Option<StoredProposal>, StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_read().await?;
        let p = read_in(&mut *tx, sc(s.inst, year)).await;
        tx.rollback()
            .await
            .map_err(StoreError::db("ending the read"))?;
        p
    }

    /// Records a new draft with `content` as its version 1, with one audit
    /// record.
    ///
    /// # Errors
    /// [`StoreError::Proposal`] ([`ProposalError::Exists`]) when the year
    /// has a draft; database errors. Nothing is written then.
    pub async fn create_proposal(&self, content: &Content, actor: &str) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let year = content.year();
        let y = sc(s.inst, year);
        let mut tx = self.begin_write().await?;
        if read_in(&mut *tx, y).await?.is_some() {
            return Err(refused(ProposalError::Exists { year }));
        }
        let at = audit::now();
        let sql = format!(
            "INSERT INTO {PROPOSALS} (institution_id, fiscal_year, base_year, created_by, created_at) VALUES ({}, $1, $2, $3)",
            y.v()
        );
        sqlx::query(&sql)
            .bind(i64::from(content.base_year()))
            .bind(actor)
            .bind(&at)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("writing the draft budget"))?;
        let json = insert_version(&mut *tx, y, 1, content, "", actor, &at).await?;
        let key = format!("{year} 1");
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "create_proposal",
                entity: VERSIONS,
                key: Some(&key),
                before: None,
                after: Some(json),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the draft budget"))
    }

    /// Saves a new version of `year`'s draft: `make` gets the latest
    /// version's content, read in this transaction, and returns the new
    /// one (or its refusal); saved with one audit record. Only a draft
    /// being edited is saved. Returns the new version's number.
    ///
    /// # Errors
    /// [`StoreError::Proposal`]: no draft, a draft submitted or approved,
    /// or `make`'s refusal; nothing is written then.
    pub async fn save_proposal(
        &self,
        year: i32,
        note: &str,
        actor: &str,
        make: impl FnOnce(&Content) -> Result<Content, ProposalError> + Send,
    ) -> Result<u32, StoreError> {
        let s = self.sc().await?;
        let y = sc(s.inst, year);
        let mut tx = self.begin_write().await?;
        let p = read_in(&mut *tx, y)
            .await?
            .ok_or_else(|| refused(ProposalError::NoProposal { year }))?;
        p.status.may_save(year).map_err(refused)?;
        let latest = p.latest();
        let content = make(&latest.content).map_err(refused)?;
        if content.year() != year {
            return Err(refused(ProposalError::Stored {
                reason: format!("content of {} for {year}", content.year()),
            }));
        }
        let number = latest.info.number + 1;
        let at = audit::now();
        let json = insert_version(&mut *tx, y, number, &content, note, actor, &at).await?;
        let key = format!("{year} {number}");
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "save_proposal",
                entity: VERSIONS,
                key: Some(&key),
                before: Some(latest.info.number.to_string()),
                after: Some(json),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the draft's version"))?;
        Ok(number)
    }

    /// Records a status event of `year`'s draft (of its latest version)
    /// by `actor`, when the domain's rules admit it (submit while editing,
    /// return or approve when submitted, four-eyes on approval). An
    /// approval into a recorded year writes the approved version as its
    /// 본예산 in the same transaction. One audit record.
    ///
    /// # Errors
    /// [`StoreError::Proposal`] for a refused step, or a recorded year that
    /// cannot take the draft (already has a 본예산, lacks a line);
    /// [`StoreError::Inconsistent`] when the year would break a rule;
    /// [`StoreError::YearClosed`]. Nothing is written then.
    pub async fn proposal_event(
        &self,
        year: i32,
        kind: EventKind,
        actor: &str,
    ) -> Result<Status, StoreError> {
        let s = self.sc().await?;
        let y = sc(s.inst, year);
        let mut tx = self.begin_write().await?;
        // Approval may write the year's budget: the ledger's writers wait.
        self.lock_ledger(&mut *tx).await?;
        let p = read_in(&mut *tx, y)
            .await?
            .ok_or_else(|| refused(ProposalError::NoProposal { year }))?;
        let version = match &p.status {
            Status::Submitted { version, .. } => *version,
            _ => p.latest().info.number,
        };
        let at = audit::now();
        let event = Event {
            kind,
            version,
            actor: actor.to_owned(),
            at: at.clone(),
        };
        let status = p.status.after(year, &event, &p.savers()).map_err(refused)?;
        let (name, note, date, number) = match &event.kind {
            EventKind::Submitted => ("submitted", String::new(), None, None),
            EventKind::Returned { reason } => ("returned", reason.clone(), None, None),
            EventKind::Approved { resolution } => (
                "approved",
                resolution.note.clone(),
                Some(resolution.date.format("%Y-%m-%d").to_string()),
                Some(resolution.number.clone()),
            ),
        };
        let sql = format!(
            "INSERT INTO {EVENTS} (institution_id, fiscal_year, seq, kind, version, actor, at, note, resolution_date, resolution_number) \
             VALUES ({}, $1, $2, $3, $4, $5, $6, $7, $8)",
            y.v()
        );
        sqlx::query(&sql)
            .bind(i64::try_from(p.events.len()).unwrap_or(i64::MAX))
            .bind(name)
            .bind(i64::from(version))
            .bind(actor)
            .bind(&at)
            .bind(&note)
            .bind(date)
            .bind(number)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("writing the draft's status"))?;
        let mut adopted = false;
        if matches!(event.kind, EventKind::Approved { .. })
            && scope::has_year(&mut tx, s.inst, year).await?
        {
            let content = &p.versions[usize::try_from(version).unwrap_or(1) - 1].content;
            adopt_in(self, &mut tx, y, content).await?;
            adopted = true;
        }
        let key = format!("{year} {version}");
        let after = serde_json::json!({ "event": event, "adopted_as_original_budget": adopted });
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "proposal_event",
                entity: EVENTS,
                key: Some(&key),
                before: serde_json::to_string(&p.status).ok(),
                after: Some(after.to_string()),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the draft's status"))?;
        Ok(status)
    }
}
