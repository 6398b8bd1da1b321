//! Writing a whole dataset into an empty database (`init`). Everything goes
//! in one transaction together with its audit record, so a failure half-way
//! leaves the database as empty as it was.
//!
//! Every list is written with its index as `position`, and ledger entries in
//! the ledger's own order so that their `seq` keeps the order of entries
//! that share a date; that is what lets `load` give back an equal dataset.

use crate::DATASET_FORMAT;
use crate::audit::{self, Change};
use crate::error::StoreError;
use crate::key::Sc;
use chrono::NaiveDate;
use sqlx::Any;
use sqlx::AnyConnection;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use yesan_domain::Dataset;

type Q<'q> = Query<'q, Any, AnyArguments<'q>>;

/// Writes one year of an institution (`inst`): the dataset's rows keyed by
/// the institution and the dataset's fiscal year, a new dated version of
/// the organization (in force from the year's first day) and of the
/// staffing table (unless one with its date is recorded), and one audit
/// record of `action`.
pub(crate) async fn write_year(
    c: &mut AnyConnection,
    inst: i64,
    d: &Dataset,
    actor: &str,
    action: &str,
) -> Result<(), StoreError> {
    let s = Sc {
        inst,
        year: i64::from(d.budget.fiscal_year()),
    };
    write_all(c, s, d).await?;
    let summary = serde_json::json!({
        "fiscal_year": d.budget.fiscal_year(),
        "units": d.org.units().len(),
        "budget_lines": d.budget.lines().len(),
        "projects": d.projects.len(),
        "amendments": d.amendments.len(),
        "entries": d.ledger.entries().len(),
    });
    audit::record(
        c,
        inst,
        Change {
            actor,
            action,
            entity: "dataset",
            key: None,
            before: None,
            after: Some(summary.to_string()),
        },
    )
    .await
}

async fn run(
    conn: &mut AnyConnection,
    what: impl FnOnce() -> String,
    q: Q<'_>,
) -> Result<(), StoreError> {
    q.execute(conn)
        .await
        .map(drop)
        .map_err(|source| StoreError::Database {
            context: what(),
            source,
        })
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

async fn write_all(c: &mut AnyConnection, s: Sc, d: &Dataset) -> Result<(), StoreError> {
    run(
        c,
        || "writing meta".into(),
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ('dataset_format', $1) ON CONFLICT (key) DO NOTHING",
        )
        .bind(DATASET_FORMAT),
    )
    .await?;

    let i = &d.institution;
    let sql = format!(
        "INSERT INTO institution_years (institution_id, fiscal_year, name_ko, name_en, as_of, phone_prefix, purpose, purpose_source) \
         VALUES ({}, $1, $2, $3, $4, $5, $6)",
        s.v()
    );
    let q = sqlx::query(&sql)
        .bind(&i.name_ko)
        .bind(&i.name_en)
        .bind(date(i.as_of))
        .bind(&i.phone_prefix)
        .bind(&i.purpose)
        .bind(&i.purpose_source);
    match q.execute(&mut *c).await {
        Err(e)
            if e.as_database_error()
                .is_some_and(|e| e.is_unique_violation()) =>
        {
            return Err(StoreError::YearExists {
                institution: s.inst.to_string(),
                year: d.budget.fiscal_year(),
            });
        }
        r => r.map_err(StoreError::db("writing the institution's year"))?,
    };
    let sql = format!(
        "INSERT INTO purpose_businesses (institution_id, fiscal_year, position, text) VALUES ({}, $1, $2)",
        s.v()
    );
    for (pos, text) in (0_i64..).zip(&i.businesses) {
        let q = sqlx::query(&sql).bind(pos).bind(text);
        run(c, || format!("writing purpose business {pos}"), q).await?;
    }
    let effective = format!("{:04}-01-01", s.year);
    write_org(c, s.inst, &effective, &d.org).await?;

    let row = sqlx::query(&format!(
        "SELECT COUNT(*) AS n FROM staffing WHERE {} AND as_of = $1",
        s.wi()
    ))
    .bind(date(d.staffing.as_of))
    .fetch_one(&mut *c)
    .await
    .map_err(StoreError::db("reading staffing"))?;
    // A year recorded without its staffing (a past year of budget lines
    // only) adds no version: an empty table dated 12-31 would be the one
    // in force early in the next year.
    let empty = d.staffing.grades.is_empty() && d.staffing.outside_quota.is_empty();
    if crate::codec::get::<i64>(&row, "staffing", "n")? == 0 && !empty {
        write_staffing(c, s.inst, &d.staffing).await?;
    }

    let b = &d.budget;
    let sql = format!(
        "INSERT INTO budget (institution_id, fiscal_year, prior_label, prior_curve) VALUES ({}, $1, $2)",
        s.v()
    );
    let q = sqlx::query(&sql)
        .bind(b.prior_label())
        .bind(crate::codec::curve_to_text(&d.expected));
    run(c, || "writing the budget".into(), q).await?;
    let sql = format!(
        "INSERT INTO budget_lines (institution_id, fiscal_year, code, position, kind, category, name, parent, amount, prior, view_name, economic) \
         VALUES ({}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        s.v()
    );
    for (pos, l) in (0_i64..).zip(b.lines()) {
        let q = sqlx::query(&sql)
            .bind(l.code.as_str())
            .bind(pos)
            .bind(l.kind.as_str())
            .bind(l.category.map(|c| c.as_str()))
            .bind(&l.name)
            .bind(l.parent.as_ref().map(|p| p.as_str()))
            .bind(l.amount.map(|w| w.get()))
            .bind(l.prior.map(|w| w.get()))
            .bind(l.view_name.as_deref())
            .bind(l.economic.map(|e| e.to_string()));
        run(c, || format!("writing budget line {}", l.code), q).await?;
    }

    let sql = format!(
        "INSERT INTO programs (institution_id, fiscal_year, code, position, line) VALUES ({}, $1, $2, $3)",
        s.v()
    );
    for (pos, p) in (0_i64..).zip(&d.programs) {
        let q = sqlx::query(&sql)
            .bind(p.code.as_str())
            .bind(pos)
            .bind(p.line.as_str());
        run(c, || format!("writing program {}", p.code), q).await?;
    }

    for (pos, p) in (0_i64..).zip(&d.projects) {
        write_project(c, s, pos, p).await?;
    }

    let recorded_at = audit::now();
    crate::ledger::insert_amendments(c, s, &d.amendments, 0, &recorded_at).await?;
    let mut days = crate::ledger::DaySums::default();
    for e in d.ledger.entries() {
        days.add(e);
    }
    if !d.ledger.entries().is_empty() {
        crate::ledger::partition::ensure(c, s).await?;
    }
    crate::ledger::insert_entries(c, s, None, d.ledger.entries().to_vec(), &recorded_at, None)
        .await?;
    // A dataset's ledger is the whole ledger: the snapshots follow from it.
    crate::ledger::write_index(c, s, &days.index_rows(true)).await?;
    Ok(())
}

pub(crate) async fn write_project(
    c: &mut AnyConnection,
    s: Sc,
    pos: i64,
    p: &yesan_domain::project::Project,
) -> Result<(), StoreError> {
    let sql = format!(
        "INSERT INTO projects (institution_id, fiscal_year, code, position, program, line, title, executive, team, officer_name, officer_ext, \
         purpose, background, content, achievements_heading, schedule_heading, achievements) \
         VALUES ({}, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
        s.v()
    );
    let q = sqlx::query(&sql)
        .bind(p.code.as_str())
        .bind(pos)
        .bind(p.program.as_str())
        .bind(p.line.as_str())
        .bind(&p.title)
        .bind(p.executive.as_str())
        .bind(p.team.as_str())
        .bind(&p.officer.name)
        .bind(&p.officer.ext)
        .bind(&p.purpose)
        .bind(&p.background)
        .bind(&p.content)
        .bind(p.achievements_heading.as_deref())
        .bind(p.schedule_heading.as_deref())
        .bind(p.achievements.source());
    run(c, || format!("writing project {}", p.code), q).await?;
    write_project_lists(c, s, p).await
}

/// A project's lists: budget notes, indicators with their parts, schedule.
/// Also what a sheet edit replaces (after deleting the old rows).
pub(crate) async fn write_project_lists(
    c: &mut AnyConnection,
    s: Sc,
    p: &yesan_domain::project::Project,
) -> Result<(), StoreError> {
    let v = s.v();
    for (pos, note) in (0_i64..).zip(&p.budget_notes) {
        let sql = format!(
            "INSERT INTO project_budget_notes (institution_id, fiscal_year, project, position, text) VALUES ({v}, $1, $2, $3)"
        );
        let q = sqlx::query(&sql).bind(p.code.as_str()).bind(pos).bind(note);
        run(
            c,
            || format!("writing budget note {pos} of project {}", p.code),
            q,
        )
        .await?;
    }
    for (pos, ind) in (0_i64..).zip(&p.indicators) {
        let sql = format!(
            "INSERT INTO indicators (institution_id, fiscal_year, project, id, position, name, value, unit, as_of) VALUES ({v}, $1, $2, $3, $4, $5, $6, $7)"
        );
        let q = sqlx::query(&sql)
            .bind(p.code.as_str())
            .bind(&ind.id)
            .bind(pos)
            .bind(&ind.name)
            .bind(ind.value)
            .bind(&ind.unit)
            .bind(ind.as_of.map(date));
        run(
            c,
            || format!("writing indicator {} of project {}", ind.id, p.code),
            q,
        )
        .await?;
        for (pos, part) in (0_i64..).zip(&ind.breakdown) {
            let sql = format!(
                "INSERT INTO indicator_parts (institution_id, fiscal_year, project, indicator, position, label, value) VALUES ({v}, $1, $2, $3, $4, $5)"
            );
            let q = sqlx::query(&sql)
                .bind(p.code.as_str())
                .bind(&ind.id)
                .bind(pos)
                .bind(&part.label)
                .bind(part.value);
            run(
                c,
                || {
                    format!(
                        "writing part {} of indicator {} of project {}",
                        part.label, ind.id, p.code
                    )
                },
                q,
            )
            .await?;
        }
    }
    for (pos, item) in (0_i64..).zip(&p.schedule) {
        let sql = format!(
            "INSERT INTO schedule_items (institution_id, fiscal_year, project, position, text, period, grp) VALUES ({v}, $1, $2, $3, $4, $5)"
        );
        let q = sqlx::query(&sql)
            .bind(p.code.as_str())
            .bind(pos)
            .bind(&item.text)
            .bind(item.period.as_ref().map(|x| x.label.as_str()))
            .bind(item.group.as_deref());
        run(
            c,
            || format!("writing schedule item {pos} of project {}", p.code),
            q,
        )
        .await?;
    }
    Ok(())
}

/// One dated version of the staffing table (keyed by its 기준일): also
/// what a staffing edit adds.
pub(crate) async fn write_staffing(
    c: &mut AnyConnection,
    inst: i64,
    s: &yesan_domain::staffing::Staffing,
) -> Result<(), StoreError> {
    let as_of = date(s.as_of);
    sqlx::query("INSERT INTO staffing (institution_id, as_of) VALUES ($1, $2)")
        .bind(inst)
        .bind(&as_of)
        .execute(&mut *c)
        .await
        .map_err(StoreError::db("writing staffing"))?;
    for (pos, g) in (0_i64..).zip(&s.grades) {
        let q = sqlx::query("INSERT INTO staffing_grades (institution_id, as_of, position, grade, authorized, current) VALUES ($5, $6, $1, $2, $3, $4)")
            .bind(pos)
            .bind(&g.grade)
            .bind(i64::from(g.authorized))
            .bind(i64::from(g.current))
            .bind(inst)
            .bind(&as_of);
        run(c, || format!("writing staffing grade {}", g.grade), q).await?;
    }
    for (pos, o) in (0_i64..).zip(&s.outside_quota) {
        let q = sqlx::query(
            "INSERT INTO staffing_outside_quota (institution_id, as_of, position, kind, count) VALUES ($4, $5, $1, $2, $3)",
        )
        .bind(pos)
        .bind(&o.kind)
        .bind(i64::from(o.count))
        .bind(inst)
        .bind(&as_of);
        run(
            c,
            || format!("writing staff outside the quota ({})", o.kind),
            q,
        )
        .await?;
    }
    Ok(())
}

/// One dated version of the organization, in force from `effective`.
pub(crate) async fn write_org(
    c: &mut AnyConnection,
    inst: i64,
    effective: &str,
    org: &yesan_domain::org::Organization,
) -> Result<(), StoreError> {
    for (pos, u) in (0_i64..).zip(org.units()) {
        let q = sqlx::query(
            "INSERT INTO org_units (institution_id, effective, code, position, name, kind, parent, head_name, head_ext, note) \
             VALUES ($9, $10, $1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(u.code.as_str())
        .bind(pos)
        .bind(&u.name)
        .bind(u.kind.as_str())
        .bind(u.parent.as_ref().map(|p| p.as_str()))
        .bind(u.head.as_ref().map(|h| h.name.as_str()))
        .bind(u.head.as_ref().map(|h| h.ext.as_str()))
        .bind(u.note.as_deref())
        .bind(inst)
        .bind(effective);
        run(c, || format!("writing org unit {}", u.code), q).await?;
        for (grp, g) in (0_i64..).zip(&u.duties) {
            let q =
                sqlx::query("INSERT INTO duty_groups (institution_id, effective, unit, position, title) VALUES ($4, $5, $1, $2, $3)")
                    .bind(u.code.as_str())
                    .bind(grp)
                    .bind(g.title.as_deref())
                    .bind(inst)
                    .bind(effective);
            run(
                c,
                || format!("writing duty group {grp} of unit {}", u.code),
                q,
            )
            .await?;
            for (pos, item) in (0_i64..).zip(&g.items) {
                let q = sqlx::query(
                    "INSERT INTO duty_items (institution_id, effective, unit, grp, position, text) VALUES ($5, $6, $1, $2, $3, $4)",
                )
                .bind(u.code.as_str())
                .bind(grp)
                .bind(pos)
                .bind(item)
                .bind(inst)
                .bind(effective);
                run(
                    c,
                    || format!("writing duty {pos} of group {grp} of unit {}", u.code),
                    q,
                )
                .await?;
            }
        }
    }

    Ok(())
}
