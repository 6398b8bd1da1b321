//! The monthly spending plans (schema 13, `spending_plans`): dated versions
//! of a line's or a project's plan, kept in recorded order and never
//! changed (the database's triggers refuse an update or delete; a closed
//! year takes no new one). Recording a batch — a grid saved, a file
//! imported — is one transaction with one audit record per version.
//! Whether a plan fits the budget is the domain's rule
//! (`yesan_domain::plan`), applied by the caller before writing.

use crate::audit::{self, Change};
use crate::codec::{corrupt, get};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::{Store, codec};
use yesan_domain::code::{LineCode, ProjectCode};
use yesan_domain::plan::{PlanFigures, PlanTarget, PlanVersion, SpendingPlan};

const TABLE: &str = "spending_plans";

fn target_of(key: &str, kind: &str, code: &str) -> Result<PlanTarget, StoreError> {
    let bad = |e: String| corrupt(TABLE, key, "target", e);
    match kind {
        "line" => LineCode::parse(code)
            .map(PlanTarget::Line)
            .map_err(|e| bad(e.to_string())),
        "project" => ProjectCode::parse(code)
            .map(PlanTarget::Project)
            .map_err(|e| bad(e.to_string())),
        other => Err(corrupt(TABLE, key, "target_kind", other)),
    }
}

fn figures_of(key: &str, form: &str, months: &str) -> Result<PlanFigures, StoreError> {
    let values: Vec<i64> =
        serde_json::from_str(months).map_err(|e| corrupt(TABLE, key, "months", e))?;
    let values: [i64; 12] = values
        .try_into()
        .map_err(|v: Vec<i64>| corrupt(TABLE, key, "months", format!("{} values", v.len())))?;
    PlanFigures::from_stored(form, values).map_err(|es| {
        let text: Vec<String> = es.iter().map(ToString::to_string).collect();
        corrupt(TABLE, key, "months", text.join("; "))
    })
}

/// Every version of the scope's year, in recorded order.
pub(crate) async fn read_in(c: &mut impl Exec, s: Sc) -> Result<Vec<PlanVersion>, StoreError> {
    let sql = format!(
        "SELECT seq, target_kind, target, effective, form, months, note, actor, recorded_at \
         FROM {TABLE} WHERE {} ORDER BY seq",
        s.w()
    );
    let rows = sqlx::query(&sql)
        .fetch_all(c.ex())
        .await
        .map_err(StoreError::db("reading the spending plans"))?;
    rows.iter()
        .map(|r| {
            version_of(
                s.year,
                Stored {
                    seq: get(r, TABLE, "seq")?,
                    target_kind: get(r, TABLE, "target_kind")?,
                    target: get(r, TABLE, "target")?,
                    effective: get(r, TABLE, "effective")?,
                    form: get(r, TABLE, "form")?,
                    months: get(r, TABLE, "months")?,
                    note: get(r, TABLE, "note")?,
                    actor: get(r, TABLE, "actor")?,
                    recorded_at: get(r, TABLE, "recorded_at")?,
                },
            )
        })
        .collect()
}

/// A version's columns as stored, in the table's order (also the order of
/// [`versions_json`]'s arrays).
#[derive(serde::Deserialize)]
pub(crate) struct Stored {
    seq: i64,
    target_kind: String,
    target: String,
    effective: String,
    form: String,
    months: String,
    note: String,
    actor: String,
    recorded_at: String,
}

/// A version of `year` read back from its columns.
pub(crate) fn version_of(year: i64, r: Stored) -> Result<PlanVersion, StoreError> {
    let key = format!("{year}/{}", r.seq);
    Ok(PlanVersion {
        seq: r.seq,
        plan: SpendingPlan {
            target: target_of(&key, &r.target_kind, &r.target)?,
            effective: codec::parse_date(TABLE, &key, "effective", &r.effective)?,
            figures: figures_of(&key, &r.form, &r.months)?,
            note: r.note,
        },
        actor: r.actor,
        recorded_at: r.recorded_at,
    })
}

/// Every version of the rows matching `w` (a correlation with an outer
/// query's keys, as the city's read has them) as one JSON text of arrays
/// in [`Stored`]'s order, in recorded order.
pub(crate) fn versions_json(sqlite: bool, w: &str) -> String {
    let (agg, array) = if sqlite {
        ("json_group_array", "json_array")
    } else {
        ("json_agg", "json_build_array")
    };
    format!(
        "(SELECT CAST({agg}({array}(seq, target_kind, target, effective, form, months, note, actor, recorded_at) ORDER BY seq) AS TEXT) FROM {TABLE} WHERE {w})"
    )
}

/// The versions of [`versions_json`]'s text, of `year`.
pub(crate) fn versions_from_json(
    year: i64,
    text: Option<String>,
) -> Result<Vec<PlanVersion>, StoreError> {
    let rows: Vec<Stored> = serde_json::from_str(text.as_deref().unwrap_or("[]"))
        .map_err(|e| corrupt(TABLE, "*", "months", e))?;
    rows.into_iter().map(|r| version_of(year, r)).collect()
}

impl Store {
    /// Every spending plan version of this handle's year, in recorded
    /// order (the domain's `plan::in_force` picks a date's).
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row that cannot be read back;
    /// database errors.
    pub async fn plans(&self) -> Result<Vec<PlanVersion>, StoreError> {
        let s = self.sc().await?;
        read_in(&mut self.read_conn().await?, s).await
    }

    /// Records `plans` as new versions of this handle's year, in one
    /// transaction with one audit record each (the version as recorded);
    /// returns their numbers. The caller checks them first
    /// (`SpendingPlan::check`).
    ///
    /// # Errors
    /// [`StoreError::YearClosed`] when the year is closed; nothing is
    /// written then.
    pub async fn record_plans(
        &self,
        plans: &[SpendingPlan],
        actor: &str,
    ) -> Result<Vec<i64>, StoreError> {
        let s = self.sc().await?;
        let mut tx = self.begin_write().await?;
        self.refuse_closed(&mut *tx, s).await?;
        let sql = format!(
            "SELECT COALESCE(MAX(seq), 0) AS n FROM {TABLE} WHERE {}",
            s.w()
        );
        let row = sqlx::query(&sql)
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::db("numbering the spending plans"))?;
        let mut seq: i64 = get(&row, TABLE, "n")?;
        let at = audit::now();
        let mut seqs = Vec::with_capacity(plans.len());
        for p in plans {
            seq += 1;
            let months = serde_json::Value::from(p.figures.values().to_vec()).to_string();
            let sql = format!(
                "INSERT INTO {TABLE} (institution_id, fiscal_year, seq, target_kind, target, effective, form, months, note, actor, recorded_at) \
                 VALUES ({}, $1, $2, $3, $4, $5, $6, $7, $8, $9)",
                s.v()
            );
            sqlx::query(&sql)
                .bind(seq)
                .bind(p.target.kind())
                .bind(p.target.code())
                .bind(p.effective.to_string())
                .bind(p.figures.form())
                .bind(&months)
                .bind(&p.note)
                .bind(actor)
                .bind(&at)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("writing a spending plan"))?;
            let key = format!("{}:{}", p.target.kind(), p.target.code());
            audit::record(
                &mut *tx,
                s.inst,
                Change {
                    actor,
                    action: "record_plan",
                    entity: TABLE,
                    key: Some(&key),
                    before: None,
                    after: Some(serde_json::to_string(p).unwrap_or_default()),
                },
            )
            .await?;
            seqs.push(seq);
        }
        tx.commit()
            .await
            .map_err(StoreError::db("committing the spending plans"))?;
        tracing::info!(actor, plans = plans.len(), "spending plans recorded");
        Ok(seqs)
    }
}
