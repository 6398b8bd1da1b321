//! Budget formulation's records (schema 15): a budget line's 산출기초
//! items (`basis_items`) and an indicator's target and dated actuals
//! (`indicator_targets`, `indicator_actuals`). Items are replaced per line
//! as a whole; a target per indicator; actuals are only ever added (the
//! database refuses changing one), a correction being a later one. Each
//! change is one transaction with one audit record; a closed year refuses
//! all of them (the store first, the database's triggers in any case).
//! What the records mean — products, rounding, 달성률 — is the domain's
//! (`yesan_domain::basis`, `yesan_domain::target`); what is read back goes
//! through its constructors, so a row edited behind Yesan's back is
//! reported, not trusted.

use crate::audit::{self, Change};
use crate::codec::{corrupt, get};
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::{Store, scope};
use chrono::NaiveDate;
use std::collections::BTreeMap;
use yesan_domain::basis::{BasisItem, Factor, FactorUnit};
use yesan_domain::code::{LineCode, ProjectCode};
use yesan_domain::decimal::Decimal;
use yesan_domain::money::Won;
use yesan_domain::target::{Actual, Direction, Plan, Target};

const ITEMS: &str = "basis_items";
const TARGETS: &str = "indicator_targets";
const ACTUALS: &str = "indicator_actuals";

/// An indicator's plan as stored: which project and indicator, the plan,
/// and whether it is its project's output measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorPlan {
    /// The project.
    pub project: ProjectCode,
    /// The indicator's id within the project.
    pub indicator: String,
    /// Target and actuals.
    pub plan: Plan,
    /// Whether this is the project's output measure (cost per unit).
    pub is_output: bool,
}

pub(crate) fn factors_json(item: &BasisItem) -> String {
    let list: Vec<[String; 2]> = item
        .factors()
        .iter()
        .map(|f| {
            let unit = match f.unit() {
                FactorUnit::Percent => "%".to_owned(),
                FactorUnit::Unit(u) => u.clone(),
                FactorUnit::Bare => String::new(),
            };
            let v = f.value().to_string().replace(',', "");
            [v, unit]
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_default()
}

fn item_from(
    key: &str,
    group: Option<String>,
    description: &str,
    price: i64,
    factors: &str,
) -> Result<BasisItem, StoreError> {
    let bad = |e: &dyn std::fmt::Display| corrupt(ITEMS, key, "factors", e);
    let list: Vec<[String; 2]> = serde_json::from_str(factors).map_err(|e| bad(&e))?;
    let factors = list
        .iter()
        .enumerate()
        .map(|(i, [v, u])| {
            let value = Decimal::parse(v).map_err(|e| bad(&e))?;
            let unit = FactorUnit::parse(u, i + 2).map_err(|e| bad(&e))?;
            Factor::new(value, unit, i + 2).map_err(|e| bad(&e))
        })
        .collect::<Result<Vec<_>, _>>()?;
    BasisItem::new(group.as_deref(), description, Won::new(price), factors)
        .map_err(|e| corrupt(ITEMS, key, "unit_price", e))
}

async fn items_in(
    c: &mut impl Exec,
    y: Sc,
) -> Result<BTreeMap<LineCode, Vec<BasisItem>>, StoreError> {
    let sql = format!(
        "SELECT line, position, grp, description, unit_price, factors FROM {ITEMS} WHERE {} ORDER BY line, position",
        y.w()
    );
    let rows = sqlx::query(&sql)
        .fetch_all(c.ex())
        .await
        .map_err(StoreError::db("reading the 산출기초 items"))?;
    let mut out: BTreeMap<LineCode, Vec<BasisItem>> = BTreeMap::new();
    for r in &rows {
        let line: String = get(r, ITEMS, "line")?;
        let position: i64 = get(r, ITEMS, "position")?;
        let key = format!("{}/{line}/{position}", y.year);
        let code = LineCode::parse(&line).map_err(|e| corrupt(ITEMS, &key, "line", e))?;
        let item = item_from(
            &key,
            get(r, ITEMS, "grp")?,
            &get::<String>(r, ITEMS, "description")?,
            get(r, ITEMS, "unit_price")?,
            &get::<String>(r, ITEMS, "factors")?,
        )?;
        out.entry(code).or_default().push(item);
    }
    Ok(out)
}

/// The year's scope, refused when the year is not recorded or closed.
async fn open_year(
    store: &Store,
    c: &mut sqlx::AnyConnection,
    year: i32,
) -> Result<Sc, StoreError> {
    let s = store.sc().await?;
    let y = Sc {
        inst: s.inst,
        year: i64::from(year),
    };
    if !scope::has_year(c, s.inst, year).await? {
        return Err(StoreError::NoSuchYear {
            institution: store.institution_code().to_string(),
            year,
        });
    }
    store.refuse_closed(&mut *c, y).await?;
    Ok(y)
}

/// `SELECT COUNT(*) AS n FROM {table} WHERE {scope} AND …` with `binds`
/// for the `$1`, `$2` … of `rest`.
async fn count(
    c: &mut impl Exec,
    table: &str,
    y: Sc,
    rest: &str,
    binds: &[&str],
) -> Result<i64, StoreError> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE {} AND {rest}",
        y.w()
    );
    let mut q = sqlx::query(&sql);
    for b in binds {
        q = q.bind(*b);
    }
    let row = q
        .fetch_one(c.ex())
        .await
        .map_err(StoreError::db(format!("counting {table}")))?;
    get(&row, "count", "n")
}

fn decimal(key: &str, col: &str, v: Option<String>) -> Result<Option<Decimal>, StoreError> {
    v.map(|t| Decimal::parse(&t).map_err(|e| corrupt(TARGETS, key, col, e)))
        .transpose()
}

fn text(d: Decimal) -> String {
    d.to_string().replace(',', "").replace('△', "-")
}

impl Store {
    /// The 산출기초 items of `year`'s lines, by line (lines without items
    /// are absent), each line's in order.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row that is no item; database errors.
    pub async fn basis(&self, year: i32) -> Result<BTreeMap<LineCode, Vec<BasisItem>>, StoreError> {
        let s = self.sc().await?;
        let y = Sc {
            inst: s.inst,
            year: i64::from(year),
        };
        items_in(&mut self.read_conn().await?, y).await
    }

    /// Replaces the 산출기초 items of `line` in `year` with `items` (empty:
    /// none, the line keeps a typed amount), with one audit record holding
    /// them before and after. Only a leaf line of the year carries items.
    ///
    /// # Errors
    /// [`StoreError::NoSuchYear`], [`StoreError::YearClosed`];
    /// [`StoreError::NotFound`] for a line the year does not have, or one
    /// with lines below it. Nothing is written then.
    pub async fn set_basis(
        &self,
        year: i32,
        line: &LineCode,
        items: &[BasisItem],
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let y = open_year(self, &mut tx, year).await?;
        let code = line.as_str();
        let lines = count(&mut *tx, "budget_lines", y, "code = $1", &[code]).await?;
        let children = count(&mut *tx, "budget_lines", y, "parent = $1", &[code]).await?;
        if lines == 0 || children > 0 {
            return Err(StoreError::NotFound {
                what: "산출기초를 적을 하위 예산과목 / leaf budget line",
                key: format!("{year} {line}"),
            });
        }
        let before = items_in(&mut *tx, y)
            .await?
            .remove(line)
            .unwrap_or_default();
        sqlx::query(&format!(
            "DELETE FROM {ITEMS} WHERE {} AND line = $1",
            y.w()
        ))
        .bind(line.as_str())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("replacing the 산출기초 items"))?;
        let sql = format!(
            "INSERT INTO {ITEMS} (institution_id, fiscal_year, line, position, grp, description, unit_price, factors) \
             VALUES ({}, $1, $2, $3, $4, $5, $6)",
            y.v()
        );
        for (position, item) in (0_i64..).zip(items) {
            sqlx::query(&sql)
                .bind(line.as_str())
                .bind(position)
                .bind(item.group())
                .bind(item.description())
                .bind(item.unit_price().get())
                .bind(factors_json(item))
                .execute(&mut *tx)
                .await
                .map_err(StoreError::db("writing the 산출기초 items"))?;
        }
        let key = format!("{year} {line}");
        let json = |list: &[BasisItem]| serde_json::to_string(list).unwrap_or_default();
        audit::record(
            &mut *tx,
            y.inst,
            Change {
                actor,
                action: "set_basis",
                entity: ITEMS,
                key: Some(&key),
                before: Some(json(&before)),
                after: Some(json(items)),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the 산출기초 items"))?;
        Ok(())
    }

    /// Every indicator plan of `year`, by project and indicator.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a row the domain refuses; database
    /// errors.
    pub async fn indicator_plans(&self, year: i32) -> Result<Vec<IndicatorPlan>, StoreError> {
        let s = self.sc().await?;
        let y = Sc {
            inst: s.inst,
            year: i64::from(year),
        };
        let mut c = self.read_conn().await?;
        let sql = format!(
            "SELECT project, indicator, direction, baseline, target, q1, q2, q3, q4, is_output FROM {TARGETS} WHERE {} ORDER BY project, indicator",
            y.w()
        );
        let targets = sqlx::query(&sql)
            .fetch_all(c.ex())
            .await
            .map_err(StoreError::db("reading the indicator targets"))?;
        let sql = format!(
            "SELECT project, indicator, date, value, note FROM {ACTUALS} WHERE {} ORDER BY project, indicator, seq",
            y.w()
        );
        let actual_rows = sqlx::query(&sql)
            .fetch_all(c.ex())
            .await
            .map_err(StoreError::db("reading the indicator actuals"))?;
        let mut actuals: BTreeMap<(String, String), Vec<Actual>> = BTreeMap::new();
        for r in &actual_rows {
            let (p, i): (String, String) =
                (get(r, ACTUALS, "project")?, get(r, ACTUALS, "indicator")?);
            let key = format!("{year}/{p}/{i}");
            let date: String = get(r, ACTUALS, "date")?;
            let value: String = get(r, ACTUALS, "value")?;
            actuals.entry((p, i)).or_default().push(Actual {
                date: NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                    .map_err(|e| corrupt(ACTUALS, &key, "date", e))?,
                value: Decimal::parse(&value).map_err(|e| corrupt(ACTUALS, &key, "value", e))?,
                note: get(r, ACTUALS, "note")?,
            });
        }
        let mut out = Vec::with_capacity(targets.len());
        for r in &targets {
            let (p, i): (String, String) =
                (get(r, TARGETS, "project")?, get(r, TARGETS, "indicator")?);
            let key = format!("{year}/{p}/{i}");
            let direction: String = get(r, TARGETS, "direction")?;
            let quarters = [
                decimal(&key, "q1", get(r, TARGETS, "q1")?)?,
                decimal(&key, "q2", get(r, TARGETS, "q2")?)?,
                decimal(&key, "q3", get(r, TARGETS, "q3")?)?,
                decimal(&key, "q4", get(r, TARGETS, "q4")?)?,
            ];
            let target = Target {
                baseline: decimal(&key, "baseline", get(r, TARGETS, "baseline")?)?,
                year: decimal(&key, "target", Some(get(r, TARGETS, "target")?))?
                    .unwrap_or(Decimal::ZERO),
                quarters: match quarters {
                    [Some(a), Some(b), Some(c), Some(d)] => Some([a, b, c, d]),
                    _ => None,
                },
                direction: Direction::parse(&direction)
                    .ok_or_else(|| corrupt(TARGETS, &key, "direction", &direction))?,
            };
            let list = actuals.remove(&(p.clone(), i.clone())).unwrap_or_default();
            let plan =
                Plan::new(year, target, list).map_err(|e| corrupt(TARGETS, &key, "target", e))?;
            out.push(IndicatorPlan {
                project: ProjectCode::parse(&p)
                    .map_err(|e| corrupt(TARGETS, &key, "project", e))?,
                indicator: i,
                plan,
                is_output: get::<i64>(r, TARGETS, "is_output")? == 1,
            });
        }
        Ok(out)
    }

    /// Sets the target of `indicator` of `project` in `year` (replacing
    /// any, keeping its actuals) and whether it is the project's output
    /// measure (another indicator of the project stops being one), with
    /// one audit record. The caller checks that the project has the
    /// indicator (the domain's catalog); the target is checked by
    /// [`Plan::new`] here.
    ///
    /// # Errors
    /// [`StoreError::NoSuchYear`], [`StoreError::YearClosed`],
    /// [`StoreError::Inconsistent`] for a target the domain refuses.
    pub async fn set_target(
        &self,
        year: i32,
        project: &ProjectCode,
        indicator: &str,
        target: &Target,
        is_output: bool,
        actor: &str,
    ) -> Result<(), StoreError> {
        let refused = |e: yesan_domain::target::TargetError| {
            StoreError::Inconsistent(vec![yesan_domain::Finding::invalid(
                yesan_domain::Locator::Indicator {
                    project: project.to_string(),
                    id: indicator.to_owned(),
                    field: "target",
                },
                yesan_domain::message::Localized::text(&e),
            )])
        };
        Plan::new(year, target.clone(), Vec::new()).map_err(refused)?;
        let mut tx = self.begin_write().await?;
        let y = open_year(self, &mut tx, year).await?;
        let q = |k: usize| target.quarters.map(|q| text(q[k]));
        let keys = [project.as_str(), indicator];
        let exists = count(
            &mut *tx,
            TARGETS,
            y,
            "project = $1 AND indicator = $2",
            &keys,
        )
        .await?;
        if is_output {
            sqlx::query(&format!(
                "UPDATE {TARGETS} SET is_output = 0 WHERE {} AND project = $1",
                y.w()
            ))
            .bind(project.as_str())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("changing the output measure"))?;
        }
        let sql = if exists > 0 {
            format!(
                "UPDATE {TARGETS} SET direction = $3, baseline = $4, target = $5, q1 = $6, q2 = $7, q3 = $8, q4 = $9, is_output = $10 \
                 WHERE {} AND project = $1 AND indicator = $2",
                y.w()
            )
        } else {
            format!(
                "INSERT INTO {TARGETS} (institution_id, fiscal_year, project, indicator, direction, baseline, target, q1, q2, q3, q4, is_output) \
                 VALUES ({}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                y.v()
            )
        };
        sqlx::query(&sql)
            .bind(project.as_str())
            .bind(indicator)
            .bind(target.direction.as_str())
            .bind(target.baseline.map(text))
            .bind(text(target.year))
            .bind(q(0))
            .bind(q(1))
            .bind(q(2))
            .bind(q(3))
            .bind(i64::from(is_output))
            .execute(&mut *tx)
            .await
            .map_err(StoreError::db("writing the indicator target"))?;
        let key = format!("{year} {project} {indicator}");
        audit::record(
            &mut *tx,
            y.inst,
            Change {
                actor,
                action: "set_target",
                entity: TARGETS,
                key: Some(&key),
                before: None,
                after: Some(serde_json::to_string(target).unwrap_or_default()),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the indicator target"))?;
        Ok(())
    }

    /// Adds a dated actual to `indicator` of `project` in `year`, which
    /// must have a target; with one audit record.
    ///
    /// # Errors
    /// [`StoreError::NoSuchYear`], [`StoreError::YearClosed`];
    /// [`StoreError::NotFound`] without a target;
    /// [`StoreError::Inconsistent`] for an actual the domain refuses.
    pub async fn add_actual(
        &self,
        year: i32,
        project: &ProjectCode,
        indicator: &str,
        actual: &Actual,
        actor: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let y = open_year(self, &mut tx, year).await?;
        let keys = [project.as_str(), indicator];
        let plans = count(
            &mut *tx,
            TARGETS,
            y,
            "project = $1 AND indicator = $2",
            &keys,
        )
        .await?;
        if plans == 0 {
            return Err(StoreError::NotFound {
                what: "지표 목표 / indicator target",
                key: format!("{year} {project} {indicator}"),
            });
        }
        let check = Plan::new(
            year,
            Target {
                baseline: None,
                year: Decimal::ZERO,
                quarters: None,
                direction: Direction::Higher,
            },
            vec![actual.clone()],
        );
        if let Err(e) = check {
            return Err(StoreError::Inconsistent(vec![
                yesan_domain::Finding::invalid(
                    yesan_domain::Locator::Indicator {
                        project: project.to_string(),
                        id: indicator.to_owned(),
                        field: "actual",
                    },
                    yesan_domain::message::Localized::text(&e),
                ),
            ]));
        }
        let seq = count(
            &mut *tx,
            ACTUALS,
            y,
            "project = $1 AND indicator = $2",
            &keys,
        )
        .await?;
        sqlx::query(&format!(
            "INSERT INTO {ACTUALS} (institution_id, fiscal_year, project, indicator, seq, date, value, note) \
             VALUES ({}, $1, $2, $3, $4, $5, $6)",
            y.v()
        ))
        .bind(project.as_str())
        .bind(indicator)
        .bind(seq)
        .bind(actual.date.to_string())
        .bind(text(actual.value))
        .bind(&actual.note)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("writing the indicator actual"))?;
        let key = format!("{year} {project} {indicator}");
        audit::record(
            &mut *tx,
            y.inst,
            Change {
                actor,
                action: "add_actual",
                entity: ACTUALS,
                key: Some(&key),
                before: None,
                after: Some(serde_json::to_string(actual).unwrap_or_default()),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the indicator actual"))?;
        Ok(())
    }
}
