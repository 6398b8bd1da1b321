//! Writing a whole dataset into an empty database (`init`). Everything goes
//! in one transaction together with its audit record, so a failure half-way
//! leaves the database as empty as it was.
//!
//! Every list is written with its index as `position`, and ledger entries in
//! the ledger's own order so that their `seq` keeps the order of entries
//! that share a date; that is what lets `load` give back an equal dataset.

use crate::audit::{self, Change};
use crate::error::StoreError;
use crate::read;
use crate::{DATASET_FORMAT, Store};
use chrono::NaiveDate;
use sqlx::AnyConnection;
use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::{Any, Transaction};
use yesan_domain::Dataset;

type Q<'q> = Query<'q, Any, AnyArguments<'q>>;

pub(crate) async fn init(store: &Store, d: &Dataset, actor: &str) -> Result<(), StoreError> {
    let mut tx = store.begin_write().await?;
    if read::is_initialized(&mut tx).await? {
        return Err(StoreError::AlreadyInitialized);
    }
    write_all(&mut tx, d).await?;
    let summary = serde_json::json!({
        "fiscal_year": d.budget.fiscal_year(),
        "units": d.org.units().len(),
        "budget_lines": d.budget.lines().len(),
        "projects": d.projects.len(),
        "amendments": d.amendments.len(),
        "entries": d.ledger.entries().len(),
    });
    audit::record(
        &mut tx,
        Change {
            actor,
            action: "init",
            entity: "dataset",
            key: None,
            before: None,
            after: Some(summary.to_string()),
        },
    )
    .await?;
    tx.commit()
        .await
        .map_err(StoreError::db("committing the initial dataset"))?;
    tracing::info!(actor, "store initialized");
    Ok(())
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

async fn write_all(tx: &mut Transaction<'static, Any>, d: &Dataset) -> Result<(), StoreError> {
    let c: &mut AnyConnection = tx;
    run(
        c,
        || "writing meta".into(),
        sqlx::query("INSERT INTO meta (key, value) VALUES ('dataset_format', $1)")
            .bind(DATASET_FORMAT),
    )
    .await?;

    let i = &d.institution;
    let q = sqlx::query(
        "INSERT INTO institution (id, name_ko, name_en, as_of, fiscal_year, phone_prefix, purpose, purpose_source) \
         VALUES (1, $1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&i.name_ko)
    .bind(&i.name_en)
    .bind(date(i.as_of))
    .bind(i64::from(i.fiscal_year))
    .bind(&i.phone_prefix)
    .bind(&i.purpose)
    .bind(&i.purpose_source);
    // A concurrent init that committed first shows up here as a duplicate
    // of the single institution row.
    match q.execute(&mut *c).await {
        Err(e)
            if e.as_database_error()
                .is_some_and(|e| e.is_unique_violation()) =>
        {
            return Err(StoreError::AlreadyInitialized);
        }
        r => r.map_err(StoreError::db("writing the institution"))?,
    };
    for (pos, text) in (0_i64..).zip(&i.businesses) {
        let q = sqlx::query("INSERT INTO purpose_businesses (position, text) VALUES ($1, $2)")
            .bind(pos)
            .bind(text);
        run(c, || format!("writing purpose business {pos}"), q).await?;
    }

    for (pos, u) in (0_i64..).zip(d.org.units()) {
        let q = sqlx::query(
            "INSERT INTO org_units (code, position, name, kind, parent, head_name, head_ext, note) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(u.code.as_str())
        .bind(pos)
        .bind(&u.name)
        .bind(u.kind.as_str())
        .bind(u.parent.as_ref().map(|p| p.as_str()))
        .bind(u.head.as_ref().map(|h| h.name.as_str()))
        .bind(u.head.as_ref().map(|h| h.ext.as_str()))
        .bind(u.note.as_deref());
        run(c, || format!("writing org unit {}", u.code), q).await?;
        for (grp, g) in (0_i64..).zip(&u.duties) {
            let q =
                sqlx::query("INSERT INTO duty_groups (unit, position, title) VALUES ($1, $2, $3)")
                    .bind(u.code.as_str())
                    .bind(grp)
                    .bind(g.title.as_deref());
            run(
                c,
                || format!("writing duty group {grp} of unit {}", u.code),
                q,
            )
            .await?;
            for (pos, item) in (0_i64..).zip(&g.items) {
                let q = sqlx::query(
                    "INSERT INTO duty_items (unit, grp, position, text) VALUES ($1, $2, $3, $4)",
                )
                .bind(u.code.as_str())
                .bind(grp)
                .bind(pos)
                .bind(item);
                run(
                    c,
                    || format!("writing duty {pos} of group {grp} of unit {}", u.code),
                    q,
                )
                .await?;
            }
        }
    }

    sqlx::query("INSERT INTO staffing (id, as_of) VALUES (1, $1)")
        .bind(date(d.staffing.as_of))
        .execute(&mut *c)
        .await
        .map_err(StoreError::db("writing staffing"))?;
    write_staffing_rows(c, &d.staffing).await?;

    let b = &d.budget;
    let q = sqlx::query(
        "INSERT INTO budget (id, fiscal_year, prior_label, prior_curve) VALUES (1, $1, $2, $3)",
    )
    .bind(i64::from(b.fiscal_year()))
    .bind(b.prior_label())
    .bind(crate::codec::curve_to_text(&d.expected));
    run(c, || "writing the budget".into(), q).await?;
    for (pos, l) in (0_i64..).zip(b.lines()) {
        let q = sqlx::query(
            "INSERT INTO budget_lines (code, position, kind, category, name, parent, amount, prior, view_name) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(l.code.as_str())
        .bind(pos)
        .bind(l.kind.as_str())
        .bind(l.category.map(|c| c.as_str()))
        .bind(&l.name)
        .bind(l.parent.as_ref().map(|p| p.as_str()))
        .bind(l.amount.map(|w| w.get()))
        .bind(l.prior.map(|w| w.get()))
        .bind(l.view_name.as_deref());
        run(c, || format!("writing budget line {}", l.code), q).await?;
    }

    for (pos, p) in (0_i64..).zip(&d.programs) {
        let q = sqlx::query("INSERT INTO programs (code, position, line) VALUES ($1, $2, $3)")
            .bind(p.code.as_str())
            .bind(pos)
            .bind(p.line.as_str());
        run(c, || format!("writing program {}", p.code), q).await?;
    }

    for (pos, p) in (0_i64..).zip(&d.projects) {
        write_project(c, pos, p).await?;
    }

    let recorded_at = audit::now();
    crate::ledger::insert_amendments(c, &d.amendments, 0, &recorded_at).await?;
    let mut days = crate::ledger::DaySums::default();
    for e in d.ledger.entries() {
        days.add(e);
    }
    crate::ledger::insert_entries(c, d.ledger.entries().to_vec(), &recorded_at, None).await?;
    // A dataset's ledger is the whole ledger: the snapshots follow from it.
    crate::ledger::write_index(c, &days.index_rows(true)).await?;
    Ok(())
}

async fn write_project(
    c: &mut AnyConnection,
    pos: i64,
    p: &yesan_domain::project::Project,
) -> Result<(), StoreError> {
    let q = sqlx::query(
        "INSERT INTO projects (code, position, program, line, title, executive, team, officer_name, officer_ext, \
         purpose, background, content, achievements_heading, schedule_heading, achievements) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)",
    )
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
    write_project_lists(c, p).await
}

/// A project's lists: budget notes, indicators with their parts, schedule.
/// Also what a sheet edit replaces (after deleting the old rows).
pub(crate) async fn write_project_lists(
    c: &mut AnyConnection,
    p: &yesan_domain::project::Project,
) -> Result<(), StoreError> {
    for (pos, note) in (0_i64..).zip(&p.budget_notes) {
        let q = sqlx::query(
            "INSERT INTO project_budget_notes (project, position, text) VALUES ($1, $2, $3)",
        )
        .bind(p.code.as_str())
        .bind(pos)
        .bind(note);
        run(
            c,
            || format!("writing budget note {pos} of project {}", p.code),
            q,
        )
        .await?;
    }
    for (pos, ind) in (0_i64..).zip(&p.indicators) {
        let q = sqlx::query(
            "INSERT INTO indicators (project, id, position, name, value, unit, as_of) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
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
            let q = sqlx::query(
                "INSERT INTO indicator_parts (project, indicator, position, label, value) VALUES ($1, $2, $3, $4, $5)",
            )
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
        let q = sqlx::query(
            "INSERT INTO schedule_items (project, position, text, period, grp) VALUES ($1, $2, $3, $4, $5)",
        )
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

/// The staffing table's rows (grades, staff outside the quota); also what a
/// staffing edit replaces.
pub(crate) async fn write_staffing_rows(
    c: &mut AnyConnection,
    s: &yesan_domain::staffing::Staffing,
) -> Result<(), StoreError> {
    for (pos, g) in (0_i64..).zip(&s.grades) {
        let q = sqlx::query("INSERT INTO staffing_grades (position, grade, authorized, current) VALUES ($1, $2, $3, $4)")
            .bind(pos)
            .bind(&g.grade)
            .bind(i64::from(g.authorized))
            .bind(i64::from(g.current));
        run(c, || format!("writing staffing grade {}", g.grade), q).await?;
    }
    for (pos, o) in (0_i64..).zip(&s.outside_quota) {
        let q = sqlx::query(
            "INSERT INTO staffing_outside_quota (position, kind, count) VALUES ($1, $2, $3)",
        )
        .bind(pos)
        .bind(&o.kind)
        .bind(i64::from(o.count));
        run(
            c,
            || format!("writing staff outside the quota ({})", o.kind),
            q,
        )
        .await?;
    }
    Ok(())
}
