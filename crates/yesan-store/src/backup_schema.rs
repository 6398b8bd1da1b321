//! What a backup archive holds, by schema: the format names, the archive
//! schema, the recorded tables in dependency order with their key order,
//! and which tables archives of older schemas lack. `backup.rs` writes and
//! restores by these lists; a migration that adds or changes a recorded
//! table changes them here.

/// The archive format written here.
pub const BACKUP_FORMAT: &str = "yesan-backup/2";
/// The first format, without the seal; read only when accepted explicitly.
pub const UNSEALED_FORMAT: &str = "yesan-backup/1";
/// The shape of the recorded tables that backups hold (columns per table);
/// the only one restore knows. A migration that changes the columns of a
/// table in `TABLES` must raise it (and teach restore the old shape, if
/// older backups are to be read).
pub const BACKUP_SCHEMA: i64 = 8;

/// The tables store schema 15 added (budget formulation and evaluation).
const FORMULATION: [&str; 4] = [
    "institution_settings",
    "basis_items",
    "indicator_targets",
    "indicator_actuals",
];

/// The tables store schema 17 added (the draft budget, 예산안).
const PROPOSALS: [&str; 3] = ["budget_proposals", "proposal_versions", "proposal_events"];

/// The older table shapes restore still reads, each with the tables it did
/// not have: schema 7 is schema 8 without a closed year's kept curve
/// (store schema 18; restores as none, and the year after learns the
/// curve from the recorded year); schema 6 is schema 7 without the draft budgets (store schema
/// 17); schema 5 is schema 6 without the formulation tables (store
/// schema 15; its budget lines have no `economic` column, which restores
/// as none); schema 4 also without the structure's dated records (store
/// schema 12), the spending plans (store schema 13) and the accounts'
/// `active` column (store schema 14: a row without it restores as an
/// active account); schema 3 also without the line mappings (store schema
/// 9); such an archive restores with none.
const OLDER_SCHEMAS: &[(i64, &[&str])] = &[
    (7, &[]),
    (6, &PROPOSALS),
    (
        5,
        &[
            FORMULATION[0],
            FORMULATION[1],
            FORMULATION[2],
            FORMULATION[3],
            PROPOSALS[0],
            PROPOSALS[1],
            PROPOSALS[2],
        ],
    ),
    (
        4,
        &[
            "structure_history",
            "spending_plans",
            FORMULATION[0],
            FORMULATION[1],
            FORMULATION[2],
            FORMULATION[3],
            PROPOSALS[0],
            PROPOSALS[1],
            PROPOSALS[2],
        ],
    ),
    (
        3,
        &[
            "line_mappings",
            "structure_history",
            "spending_plans",
            FORMULATION[0],
            FORMULATION[1],
            FORMULATION[2],
            FORMULATION[3],
            PROPOSALS[0],
            PROPOSALS[1],
            PROPOSALS[2],
        ],
    ),
];

/// Whether restore knows archives of `schema`: the current one or an older
/// one whose missing tables are listed.
pub(crate) fn known(schema: i64) -> bool {
    schema == BACKUP_SCHEMA || OLDER_SCHEMAS.iter().any(|(s, _)| *s == schema)
}

/// Whether an archive of `schema` may hold `table`.
pub(crate) fn holds(schema: i64, table: &str) -> bool {
    TABLES.iter().any(|(t, _)| *t == table)
        && !OLDER_SCHEMAS
            .iter()
            .any(|(s, missing)| *s == schema && missing.contains(&table))
}

/// Recorded tables in dependency order, each with its key order. Every
/// row names its institution (`institution_id`; `id` in `institutions`),
/// which restore maps to a free one. `closed_years` comes last: once a
/// year is closed, the database refuses its rows.
pub(crate) const TABLES: &[(&str, &str)] = &[
    ("institutions", "id"),
    ("institution_years", "institution_id, fiscal_year"),
    ("institution_settings", "institution_id, key"),
    (
        "purpose_businesses",
        "institution_id, fiscal_year, position",
    ),
    ("org_units", "institution_id, effective, position"),
    ("duty_groups", "institution_id, effective, unit, position"),
    (
        "duty_items",
        "institution_id, effective, unit, grp, position",
    ),
    // Accounts come along (with their password hashes); sessions do not: a
    // restored server starts with everyone signed out.
    ("users", "institution_id, name"),
    (
        "user_roles",
        "institution_id, home_institution_id, username",
    ),
    ("system_roles", "institution_id, username, flag"),
    ("staffing", "institution_id, as_of"),
    ("staffing_grades", "institution_id, as_of, position"),
    ("staffing_outside_quota", "institution_id, as_of, position"),
    ("budget", "institution_id, fiscal_year"),
    ("budget_lines", "institution_id, fiscal_year, position"),
    ("line_mappings", "institution_id, fiscal_year, position"),
    (
        "structure_history",
        "institution_id, fiscal_year, subject, code, effective",
    ),
    ("basis_items", "institution_id, fiscal_year, line, position"),
    ("budget_proposals", "institution_id, fiscal_year"),
    ("proposal_versions", "institution_id, fiscal_year, version"),
    ("proposal_events", "institution_id, fiscal_year, seq"),
    ("programs", "institution_id, fiscal_year, position"),
    ("projects", "institution_id, fiscal_year, position"),
    (
        "project_budget_notes",
        "institution_id, fiscal_year, project, position",
    ),
    ("indicators", "institution_id, fiscal_year, project, id"),
    (
        "indicator_parts",
        "institution_id, fiscal_year, project, indicator, position",
    ),
    (
        "schedule_items",
        "institution_id, fiscal_year, project, position",
    ),
    (
        "indicator_targets",
        "institution_id, fiscal_year, project, indicator",
    ),
    (
        "indicator_actuals",
        "institution_id, fiscal_year, project, indicator, seq",
    ),
    ("amendments", "institution_id, fiscal_year, seq"),
    (
        "amendment_changes",
        "institution_id, fiscal_year, amendment, position",
    ),
    ("entries", "seq"),
    ("spending_plans", "institution_id, fiscal_year, seq"),
    ("audit_log", "id"),
    ("closed_years", "institution_id, fiscal_year"),
];

/// Tables whose key PostgreSQL generates (`GENERATED ALWAYS AS IDENTITY`).
pub(crate) const IDENTITY: &[(&str, &str)] = &[("entries", "seq"), ("audit_log", "id")];
