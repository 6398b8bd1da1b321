//! The scope of a [`Store`] handle: the institution and fiscal year that
//! every one of its methods reads and writes, and the few methods that
//! cross scopes (list the institutions, rescope, add an institution or a
//! year, close a year).
//!
//! A scope is two integers the handle owns (`institution_id`, the key
//! every table leads with, and `fiscal_year`), never text from a caller,
//! which is why the store's composed SQL may carry them as integer
//! literals (see [`Sc::w`]): one scope's statements then name exactly the
//! key prefix they read, and no statement can be written without saying
//! which institution it is about.

use crate::audit::{self, Change};
use crate::codec::get;
use crate::conn::Exec;
use crate::error::StoreError;
use crate::key::Sc;
use crate::{Store, write};
use sqlx::AnyConnection;
use yesan_domain::code::InstitutionCode;
use yesan_domain::{DEFAULT_INSTITUTION, Dataset};

/// The institution and year a handle is scoped to.
#[derive(Debug, Clone)]
pub(crate) struct Scope {
    pub(crate) id: i64,
    pub(crate) code: InstitutionCode,
    pub(crate) year: i32,
}

/// One institution of the database, for listings and choosers.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InstitutionInfo {
    /// Its code.
    pub code: InstitutionCode,
    /// Its name in Korean (as its latest year states it).
    pub name_ko: String,
    /// Its name in English.
    pub name_en: String,
    /// The fiscal years recorded, ascending.
    pub years: Vec<i32>,
    /// The closed ones among them, ascending.
    pub closed_years: Vec<i32>,
}

fn year_of(v: i64) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn default_code() -> &'static InstitutionCode {
    static CODE: std::sync::OnceLock<InstitutionCode> = std::sync::OnceLock::new();
    CODE.get_or_init(|| {
        InstitutionCode::parse(DEFAULT_INSTITUTION)
            .unwrap_or_else(|_| unreachable!("the default code is valid"))
    })
}

fn code_of(text: &str) -> Result<InstitutionCode, StoreError> {
    InstitutionCode::parse(text).map_err(|e| StoreError::Corrupt {
        table: "institutions",
        key: text.to_owned(),
        reason: format!("code: {e}"),
    })
}

/// The institution with `code`, and its latest year (None without years).
async fn find(c: &mut AnyConnection, code: &str) -> Result<Option<(i64, Option<i64>)>, StoreError> {
    let row = sqlx::query(
        "SELECT i.id AS id, (SELECT MAX(y.fiscal_year) FROM institution_years y WHERE y.institution_id = i.id) AS year \
         FROM institutions i WHERE i.code = $1",
    )
    .bind(code)
    .fetch_optional(&mut *c)
    .await
    .map_err(StoreError::db("reading institutions"))?;
    row.map(|r| {
        Ok((
            get(&r, "institutions", "id")?,
            get(&r, "institutions", "year")?,
        ))
    })
    .transpose()
}

pub(crate) async fn has_year(
    c: &mut AnyConnection,
    inst: i64,
    year: i32,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM institution_years WHERE institution_id = $1 AND fiscal_year = $2",
    )
    .bind(inst)
    .bind(i64::from(year))
    .fetch_one(&mut *c)
    .await
    .map_err(StoreError::db("reading fiscal years"))?;
    Ok(get::<i64>(&row, "institution_years", "n")? > 0)
}

/// Whether the scope's year is closed.
pub(crate) async fn is_closed(c: &mut impl Exec, s: Sc) -> Result<bool, StoreError> {
    let sql = format!("SELECT COUNT(*) AS n FROM closed_years WHERE {}", s.w());
    let row = sqlx::query(&sql)
        .fetch_one(c.ex())
        .await
        .map_err(StoreError::db("reading closed years"))?;
    Ok(get::<i64>(&row, "closed_years", "n")? > 0)
}

impl Store {
    pub(crate) fn with_scope(&self, scope: Scope) -> Store {
        Store {
            pool: self.pool.clone(),
            backend: self.backend,
            scope: std::sync::Arc::new(std::sync::OnceLock::from(scope)),
            pg: self.pg.clone(),
            writes: self.writes.clone(),
            city: self.city.clone(),
        }
    }

    /// The handle's scope, found on first use when the handle was opened on
    /// a database without institutions (the first by code, its latest year).
    pub(crate) async fn resolve_default(&self) -> Result<Option<Sc>, StoreError> {
        if let Some(s) = self.scope.get() {
            return Ok(Some(s.sc()));
        }
        let row = sqlx::query(
            "SELECT i.id AS id, i.code AS code, MAX(y.fiscal_year) AS year FROM institutions i \
             JOIN institution_years y ON y.institution_id = i.id GROUP BY i.id, i.code ORDER BY i.code LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(StoreError::db("reading institutions"))?;
        let Some(r) = row else { return Ok(None) };
        let scope = Scope {
            id: get(&r, "institutions", "id")?,
            code: code_of(&get::<String>(&r, "institutions", "code")?)?,
            year: year_of(get(&r, "institutions", "year")?),
        };
        let _ = self.scope.set(scope);
        Ok(self.scope.get().map(Scope::sc))
    }

    /// The handle's institution and fiscal year, found first when the
    /// handle was opened on a database that was empty then (unlike
    /// [`Store::fiscal_year`], which reports only a scope already known).
    ///
    /// # Errors
    /// [`StoreError::NotInitialized`] on a database without institutions.
    pub async fn current_scope(&self) -> Result<(InstitutionCode, i32), StoreError> {
        self.sc().await?;
        Ok((self.institution_code().clone(), self.fiscal_year()))
    }

    /// The handle's scope; [`StoreError::NotInitialized`] on a database
    /// without institutions.
    pub(crate) async fn sc(&self) -> Result<Sc, StoreError> {
        self.resolve_default()
            .await?
            .ok_or(StoreError::NotInitialized)
    }

    /// Every institution of the database, by code.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the database cannot be read.
    pub async fn institutions(&self) -> Result<Vec<InstitutionInfo>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.id AS id, i.code AS code, i.name_ko AS name_ko, i.name_en AS name_en FROM institutions i ORDER BY i.code",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::db("reading institutions"))?;
        let years = sqlx::query(
            "SELECT y.institution_id AS id, y.fiscal_year AS year, \
             (SELECT COUNT(*) FROM closed_years c WHERE c.institution_id = y.institution_id AND c.fiscal_year = y.fiscal_year) AS closed \
             FROM institution_years y ORDER BY y.institution_id, y.fiscal_year",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(StoreError::db("reading fiscal years"))?;
        // Each year row decoded once, grouped by institution (in year order,
        // as read), rather than every year row read for every institution.
        let mut by_id: std::collections::HashMap<i64, (Vec<i32>, Vec<i32>)> =
            std::collections::HashMap::new();
        for y in &years {
            let id: i64 = get(y, "institution_years", "id")?;
            let year = year_of(get(y, "institution_years", "year")?);
            let entry = by_id.entry(id).or_default();
            entry.0.push(year);
            if get::<i64>(y, "institution_years", "closed")? > 0 {
                entry.1.push(year);
            }
        }
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let id: i64 = get(&r, "institutions", "id")?;
            let (years, closed_years) = by_id.remove(&id).unwrap_or_default();
            out.push(InstitutionInfo {
                code: code_of(&get::<String>(&r, "institutions", "code")?)?,
                name_ko: get(&r, "institutions", "name_ko")?,
                name_en: get(&r, "institutions", "name_en")?,
                years,
                closed_years,
            });
        }
        Ok(out)
    }

    /// A handle on the same database scoped to institution `code` and
    /// `year` (None: its latest year recorded).
    ///
    /// # Errors
    /// [`StoreError::NoSuchInstitution`], [`StoreError::NoSuchYear`].
    pub async fn scoped(
        &self,
        code: &InstitutionCode,
        year: Option<i32>,
    ) -> Result<Store, StoreError> {
        let mut c = self
            .pool
            .acquire()
            .await
            .map_err(StoreError::db("connecting"))?;
        let (id, latest) =
            find(&mut c, code.as_str())
                .await?
                .ok_or_else(|| StoreError::NoSuchInstitution {
                    code: code.to_string(),
                })?;
        let year = match year {
            Some(y) if has_year(&mut c, id, y).await? => y,
            Some(y) => {
                return Err(StoreError::NoSuchYear {
                    institution: code.to_string(),
                    year: y,
                });
            }
            None => year_of(latest.ok_or_else(|| StoreError::NoSuchInstitution {
                code: code.to_string(),
            })?),
        };
        Ok(self.with_scope(Scope {
            id,
            code: code.clone(),
            year,
        }))
    }

    /// The code of the institution this handle is scoped to (`default`
    /// before anything was written).
    pub fn institution_code(&self) -> &InstitutionCode {
        match self.scope.get() {
            Some(s) => &s.code,
            None => default_code(),
        }
    }

    /// The fiscal year this handle is scoped to (0 before anything was
    /// written).
    pub fn fiscal_year(&self) -> i32 {
        self.scope.get().map_or(0, |s| s.year)
    }

    /// Adds institution `code` with its recorded years (datasets in
    /// ascending year order), in one transaction with one audit record per
    /// year. Returns the handle scoped to the latest year.
    ///
    /// # Errors
    /// [`StoreError::InstitutionExists`] when the code is taken,
    /// [`StoreError::YearExists`] when two datasets state the same year;
    /// nothing is written then.
    pub async fn add_institution(
        &self,
        code: &InstitutionCode,
        years: &[Dataset],
        actor: &str,
    ) -> Result<Store, StoreError> {
        self.add_institution_with(code, years, &Default::default(), actor)
            .await
    }

    /// Writes `dataset` as a new fiscal year of this handle's institution
    /// (opening a year). Returns the handle scoped to it.
    ///
    /// # Errors
    /// [`StoreError::YearExists`] when the year is recorded already;
    /// [`StoreError::NotInitialized`] on an empty database.
    pub async fn add_year(&self, dataset: &Dataset, actor: &str) -> Result<Store, StoreError> {
        self.add_year_with(dataset, &[], actor).await
    }

    /// Another year of this handle's institution, as recorded (None when
    /// that year is not).
    ///
    /// # Errors
    /// As [`Store::load`].
    pub async fn load_year(&self, year: i32) -> Result<Option<Dataset>, StoreError> {
        // The scope first: a handle opened on a database that was empty
        // then learns its institution here.
        self.sc().await?;
        let code = self.institution_code().clone();
        match self.scoped(&code, Some(year)).await {
            Ok(other) => other.load().await.map(Some),
            Err(StoreError::NoSuchYear { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Closes `year` of this handle's institution (결산): records the
    /// closing statement and the SHA-256 of its certified snapshot, with an
    /// audit record whose after-JSON carries the hash. From then on the
    /// database itself refuses every write into that year.
    ///
    /// # Errors
    /// [`StoreError::NoSuchYear`]; [`StoreError::YearClosed`] when it is
    /// closed already.
    pub async fn close_year(
        &self,
        year: i32,
        certified_sha256: &str,
        statement_json: &str,
        actor: &str,
    ) -> Result<(), StoreError> {
        let s = self.sc().await?;
        let code = self.institution_code().to_string();
        let y = Sc {
            inst: s.inst,
            year: i64::from(year),
        };
        let mut tx = self.begin_write().await?;
        // No recording slips in between the check and the close.
        self.lock_ledger(&mut *tx).await?;
        if !has_year(&mut tx, s.inst, year).await? {
            return Err(StoreError::NoSuchYear {
                institution: code,
                year,
            });
        }
        if is_closed(&mut *tx, y).await? {
            return Err(StoreError::YearClosed {
                institution: code,
                year,
            });
        }
        // Kept with it: the curve the year paid along, which the year
        // after is judged against (see `city.rs`).
        let curve = crate::city::closing_curve(&mut tx, y, &code).await?;
        sqlx::query(
            "INSERT INTO closed_years (institution_id, fiscal_year, closed_at, certified_sha256, statement, curve) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(s.inst)
        .bind(i64::from(year))
        .bind(audit::now())
        .bind(certified_sha256)
        .bind(statement_json)
        .bind(curve)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::db("closing the year"))?;
        let after = serde_json::json!({
            "fiscal_year": year,
            "certified_sha256": certified_sha256,
        });
        let key = year.to_string();
        audit::record(
            &mut *tx,
            s.inst,
            Change {
                actor,
                action: "close_year",
                entity: "fiscal_year",
                key: Some(&key),
                before: None,
                after: Some(after.to_string()),
            },
        )
        .await?;
        tx.commit()
            .await
            .map_err(StoreError::db("committing the closed year"))?;
        tracing::info!(actor, institution = %code, year, "fiscal year closed");
        Ok(())
    }

    /// The closed years of this handle's institution, ascending.
    ///
    /// # Errors
    /// [`StoreError::Database`] when the database cannot be read.
    pub async fn closed_years(&self) -> Result<Vec<i32>, StoreError> {
        let Some(s) = self.resolve_default().await? else {
            return Ok(Vec::new());
        };
        let sql = format!(
            "SELECT fiscal_year FROM closed_years WHERE {} ORDER BY fiscal_year",
            s.wi()
        );
        sqlx::query(&sql)
            .fetch_all(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("reading closed years"))?
            .iter()
            .map(|r| Ok(year_of(get(r, "closed_years", "fiscal_year")?)))
            .collect()
    }

    /// The statement `year` was closed with, as kept (its JSON), and the
    /// SHA-256 certified at closing; `None` when the year is not closed.
    ///
    /// # Errors
    /// [`StoreError::Database`].
    pub async fn closing_of(&self, year: i32) -> Result<Option<(String, String)>, StoreError> {
        let Some(s) = self.resolve_default().await? else {
            return Ok(None);
        };
        let sql = format!(
            "SELECT statement, certified_sha256 FROM closed_years WHERE {} AND fiscal_year = $1",
            s.wi()
        );
        let row = sqlx::query(&sql)
            .bind(i64::from(year))
            .fetch_optional(&mut *self.read_conn().await?)
            .await
            .map_err(StoreError::db("reading the closing statement"))?;
        row.map(|r| {
            Ok((
                get(&r, "closed_years", "statement")?,
                get(&r, "closed_years", "certified_sha256")?,
            ))
        })
        .transpose()
    }

    /// Refuses early, with a typed error, what the database would refuse
    /// for a closed year.
    pub(crate) async fn refuse_closed(&self, c: &mut impl Exec, s: Sc) -> Result<(), StoreError> {
        if is_closed(c, s).await? {
            return Err(StoreError::YearClosed {
                institution: self.institution_code().to_string(),
                year: year_of(s.year),
            });
        }
        Ok(())
    }

    /// `init`: the first institution, `default`, on an empty database.
    pub(crate) async fn init_default(&self, d: &Dataset, actor: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_privileged().await?;
        let any = sqlx::query("SELECT COUNT(*) AS n FROM institutions")
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::db(
                "checking whether the database is initialized",
            ))?;
        if get::<i64>(&any, "institutions", "n")? > 0 {
            return Err(StoreError::AlreadyInitialized);
        }
        let scope =
            match add_institution_in(&mut tx, default_code(), std::slice::from_ref(d), actor).await
            {
                Err(StoreError::InstitutionExists { .. }) => {
                    return Err(StoreError::AlreadyInitialized);
                }
                r => r?,
            };
        tx.commit()
            .await
            .map_err(StoreError::db("committing the initial dataset"))?;
        let _ = self.scope.set(scope);
        tracing::info!(actor, "store initialized");
        Ok(())
    }
}

impl Scope {
    pub(crate) fn sc(&self) -> Sc {
        Sc {
            inst: self.id,
            year: i64::from(self.year),
        }
    }
}

pub(crate) async fn add_institution_in(
    tx: &mut AnyConnection,
    code: &InstitutionCode,
    years: &[Dataset],
    actor: &str,
) -> Result<Scope, StoreError> {
    let Some(last) = years.last() else {
        return Err(StoreError::NoSuchYear {
            institution: code.to_string(),
            year: 0,
        });
    };
    if find(&mut *tx, code.as_str()).await?.is_some() {
        return Err(StoreError::InstitutionExists {
            code: code.to_string(),
        });
    }
    let row = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS id FROM institutions")
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::db("reading institutions"))?;
    let id: i64 = get(&row, "institutions", "id")?;
    let q = sqlx::query(
        "INSERT INTO institutions (id, code, name_ko, name_en) VALUES ($1, $2, $3, $4)",
    )
    .bind(id)
    .bind(code.as_str())
    .bind(&last.institution.name_ko)
    .bind(&last.institution.name_en);
    match q.execute(&mut *tx).await {
        Err(e)
            if e.as_database_error()
                .is_some_and(|e| e.is_unique_violation()) =>
        {
            return Err(StoreError::InstitutionExists {
                code: code.to_string(),
            });
        }
        r => r.map_err(StoreError::db("writing the institution"))?,
    };
    let mut seen = Vec::new();
    for (n, d) in years.iter().enumerate() {
        let year = d.budget.fiscal_year();
        if seen.contains(&year) {
            return Err(StoreError::YearExists {
                institution: code.to_string(),
                year,
            });
        }
        seen.push(year);
        let action = if n == 0 { "init" } else { "add_year" };
        write::write_year(&mut *tx, id, d, actor, action).await?;
    }
    Ok(Scope {
        id,
        code: code.clone(),
        year: last.budget.fiscal_year(),
    })
}
