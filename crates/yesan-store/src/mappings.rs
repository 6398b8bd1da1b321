//! The line mappings of a fiscal year from the year before (schema 9,
//! `line_mappings`): what a planner records for a reorganization — a
//! renamed, merged or split line — so that the year's prior-year column
//! compares the right lines. The store keeps them in the planner's order
//! and replaces them as a whole, in one transaction with one audit record
//! (before and after); a closed year's mappings cannot change (the store
//! refuses first, the database's triggers in any case). Whether they fit
//! the two years' budgets is the domain's rule (`yesan_domain::prior`),
//! applied by the caller before writing.

use crate::audit::{self, Change};
use crate::codec::{corrupt, get};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::{Store, scope, write};
use std::collections::BTreeMap;
use yesan_domain::Dataset;
use yesan_domain::code::{InstitutionCode, LineCode};
use yesan_domain::money::Won;
use yesan_domain::prior::{LineMapping, Split};

const TABLE: &str = "line_mappings";

/// Every year's mappings, by the year they belong to (as a dataset file
/// holds them).
pub type YearMappings = BTreeMap<i32, Vec<LineMapping>>;

fn codes_json(codes: &[LineCode]) -> String {
    serde_json::Value::from(codes.iter().map(LineCode::as_str).collect::<Vec<_>>()).to_string()
}

fn codes_from(key: &str, col: &str, text: &str) -> Result<Vec<LineCode>, StoreError> {
    let list: Vec<String> = serde_json::from_str(text).map_err(|e| corrupt(TABLE, key, col, e))?;
    list.iter()
        .map(|c| LineCode::parse(c).map_err(|e| corrupt(TABLE, key, col, e)))
        .collect()
}

fn split_columns(split: Option<&Split>) -> (Option<&'static str>, Option<String>) {
    match split {
        None => (None, None),
        Some(Split::Ratios(r)) => (Some("ratios"), Some(serde_json::json!(r).to_string())),
        Some(Split::Amounts(a)) => (
            Some("amounts"),
            Some(serde_json::json!(a.iter().map(|w| w.get()).collect::<Vec<_>>()).to_string()),
        ),
    }
}

fn split_from(
    key: &str,
    kind: Option<String>,
    parts: Option<String>,
) -> Result<Option<Split>, StoreError> {
    let numbers = |text: &str| -> Result<Vec<i64>, StoreError> {
        serde_json::from_str(text).map_err(|e| corrupt(TABLE, key, "split_parts", e))
    };
    match (kind.as_deref(), parts.as_deref()) {
        (None, None) => Ok(None),
        (Some("ratios"), Some(p)) => numbers(p)?
            .into_iter()
            .map(|v| u32::try_from(v).map_err(|e| corrupt(TABLE, key, "split_parts", e)))
            .collect::<Result<Vec<_>, _>>()
            .map(|r| Some(Split::Ratios(r))),
        (Some("amounts"), Some(p)) => Ok(Some(Split::Amounts(
            numbers(p)?.into_iter().map(Won::new).collect(),
        ))),
        (k, _) => Err(corrupt(
            TABLE,
            key,
            "split_kind",
            format!("알 수 없는 나눔 / unknown split {k:?}"),
        )),
    }
}

/// The mappings of the scope `s` (its year), in order.
pub(crate) async fn read_in(c: &mut impl Exec, s: Sc) -> Result<Vec<LineMapping>, StoreError> {
    let sql = format!(
        "SELECT position, from_lines, to_lines, split_kind, split_parts, note FROM {TABLE} WHERE {} ORDER BY position",
        s.w()
    );
    let rows = sqlx::query(&sql)
        .fetch_all(c.ex())
        .await
        .map_err(StoreError::db("reading the line mappings"))?;
    rows.iter()
        .map(|r| {
            let position: i64 = get(r, TABLE, "position")?;
            let key = format!("{}/{position}", s.year);
            Ok(LineMapping {
                from: codes_from(&key, "from_lines", &get::<String>(r, TABLE, "from_lines")?)?,
                to: codes_from(&key, "to_lines", &get::<String>(r, TABLE, "to_lines")?)?,
                split: split_from(
                    &key,
                    get(r, TABLE, "split_kind")?,
                    get(r, TABLE, "split_parts")?,
                )?,
                note: get(r, TABLE, "note")?,
            })
        })
        .collect()
}

/// Writes `list` as the mappings of the scope `s` (which holds none).
pub(crate) async fn write_in(
    c: &mut impl Exec,
    s: Sc,
    list: &[LineMapping],
) -> Result<(), StoreError> {
    for (position, m) in list.iter().enumerate() {
        let (kind, parts) = split_columns(m.split.as_ref());
        let sql = format!(
            "INSERT INTO {TABLE} (institution_id, fiscal_year, position, from_lines, to_lines, split_kind, split_parts, note) \
             VALUES ({}, $1, $2, $3, $4, $5, $6)",
            s.v()
        );
        sqlx::query(&sql)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(codes_json(&m.from))
            .bind(codes_json(&m.to))
            .bind(kind)
            .bind(parts)
            .bind(&m.note)
            .execute(c.ex())
            .await
            .map_err(StoreError::db("writing the line mappings"))?;
    }
    Ok(())
}

fn as_json(list: &[LineMapping]) -> String {
    serde_json::to_string(list).unwrap_or_default()
}

impl Store {
    /// The line mappings recorded for `year` of this handle's institution
    /// (from `year - 1`), in order; none when the year records none or is
    /// not recorded.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row that cannot be read back;
    /// database errors.
    pub async fn mappings(&self, year: i32) -> Result<Vec<LineMapping>, StoreError> {
        let s = self.sc().await?;
        let y = Sc {
            inst: s.inst,
            year: i64::from(year),
        };
        read_in(&mut self.read_conn().await?, y).await
    }

    /// Replaces the line mappings of `year` of this handle's institution
    /// with `list` (empty: by code again), in one transaction with one
    /// audit record holding the mappings before and after. The caller
    /// checks first that they fit the two years (`yesan_domain::prior`).
    ///
    /// # Errors
    /// [`StoreError::NoSuchYear`] when the year is not recorded,
    /// [`StoreError::YearClosed`] when it is closed; nothing is written
    /// then.
    pub async fn set_mappings(
        &self,
        year: i32,
        list: &[LineMapping],
        actor: &str,
    ) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let y = Sc {
            inst: s.inst,
            year: i64::from(year),
        };
        let mut tx = self.begin_write().await?;
        if !scope::has_year(&mut tx, s.inst, year).await? {
            return Err(StoreError::NoSuchYear {
                institution: self.institution_code().to_string(),
                year,
            });
        }
        self.refuse_closed(&mut *tx, y).await?;
        let before = read_in(&mut *tx, y).await?;
        let sql = format!("DELETE FROM {TABLE} WHERE {}", y.w());
        sqlx::query(&sql)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("replacing the line mappings"))?;
        write_in(&mut *tx, y, list).await?;
        let key = year.to_string();
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "set_mappings",
                entity: "line_mappings",
                key: Some(&key),
                before: Some(as_json(&before)),
                after: Some(as_json(list)),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the line mappings"))?;
        tracing::info!(actor, year, mappings = list.len(), "line mappings recorded");
        Ok(())
    }

    /// [`Store::add_institution`] with each year's line mappings (a dataset
    /// file's `[[years.mappings]]`), written in the same transaction.
    ///
    /// # Errors
    /// As [`Store::add_institution`]; [`StoreError::NoSuchYear`] for
    /// mappings of a year not among `years`.
    pub async fn add_institution_with(
        &self,
        code: &InstitutionCode,
        years: &[Dataset],
        mappings: &YearMappings,
        actor: &str,
    ) -> Result<Store, StoreError> {
        if let Some(&year) = mappings
            .keys()
            .find(|y| !years.iter().any(|d| d.budget.fiscal_year() == **y))
        {
            return Err(StoreError::NoSuchYear {
                institution: code.to_string(),
                year,
            });
        }
        // Across institutions: the new one is outside this handle's scope.
        let mut tx = self.begin_privileged().await?;
        let scope = scope::add_institution_in(&mut tx, code, years, actor).await?;
        for (&year, list) in mappings {
            let y = Sc {
                inst: scope.id,
                year: i64::from(year),
            };
            write_in(&mut *tx, y, list).await?;
        }
        tx.commit()
            .await
            .map_err(StoreError::db("committing the new institution"))?;
        tracing::info!(actor, institution = %code, "institution added");
        Ok(self.with_scope(scope))
    }

    /// [`Store::add_year`] with the new year's line mappings from the year
    /// before, written in the same transaction. When the year's draft
    /// budget is approved, the year takes it as its 본예산 in the same
    /// transaction (refused, writing nothing, when the dataset has
    /// amounts already or lacks a line of the draft).
    ///
    /// # Errors
    /// As [`Store::add_year`].
    pub async fn add_year_with(
        &self,
        dataset: &Dataset,
        mappings: &[LineMapping],
        actor: &str,
    ) -> Result<Store, StoreError> {
        let s = self.sc().await?;
        let code = self.institution_code().clone();
        let year = dataset.budget.fiscal_year();
        let mut tx = self.begin_write().await?;
        if scope::has_year(&mut tx, s.inst, year).await? {
            return Err(StoreError::YearExists {
                institution: code.to_string(),
                year,
            });
        }
        write::write_year(&mut tx, s.inst, dataset, actor, "add_year").await?;
        let y = Sc {
            inst: s.inst,
            year: i64::from(year),
        };
        write_in(&mut *tx, y, mappings).await?;
        // An approved draft budget (예산안) of the year is its 본예산: the
        // year opens with the draft's amounts, codes and 산출기초, not zeros.
        if let Some(content) = crate::proposals::approved_in(&mut *tx, y).await? {
            crate::proposals::adopt_in(self, &mut tx, y, &content).await?;
            let key = year.to_string();
            audit::record(
                &mut *tx,
                s.inst,
                Change {
                    actor,
                    action: "adopt_proposal",
                    entity: "budget_lines",
                    key: Some(&key),
                    before: None,
                    after: serde_json::to_string(&content.record()).ok(),
                },
            )
            .await?;
        }
        tx.commit()
            .await
            .map_err(StoreError::db("committing the new year"))?;
        Ok(self.with_scope(scope::Scope {
            id: s.inst,
            code,
            year,
        }))
    }
}
