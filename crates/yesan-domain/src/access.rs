//! Who may do what. Public money needs an access rule that can be read and
//! tested on its own, without a web server or a database: the web app asks
//! [`Role::may`] before every state-changing action, and the authorization
//! matrix test checks every route against the same table.
//!
//! Everyone who is signed in may read the institution's records
//! (executives and council members read; nobody's reading of the budget,
//! the ledger or the projects is restricted). The audit log is the
//! exception: it names people and their sign-ins, so only the
//! administrator and the auditor (감사) read it. Changes are split by the
//! team that owns them: planning owns the budget, amendments, organisation
//! and every project; finance owns the ledger; a project team owns its own
//! unit's projects; the administrator owns accounts, and an institution
//! always keeps one ([`LastAdministrator`]).

use crate::code::{InstitutionCode, UnitCode};
use serde::Serialize;
use std::fmt;

/// A user's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Users and settings.
    Admin,
    /// Budget, amendments, organisation, all projects (기획).
    Planner,
    /// Execution entries and imports (재무).
    Finance,
    /// Their own unit's projects only (사업팀).
    TeamEditor,
    /// Read-only: executives, council members.
    Viewer,
    /// Read-only, and reads the audit log (감사).
    Auditor,
}

/// A role name that is not one of [`Role::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct UnknownRole(pub String);

impl crate::message::Localized for UnknownRole {
    fn say(&self, lang: crate::message::Lang) -> String {
        let given = crate::text::quoted(&self.0);
        let g = crate::message::josa(&format!("'{given}'"), "은", "는");
        let roles = Role::ALL.map(Role::as_str).join(", ");
        crate::ko_en!(
            lang,
            "{g} 역할이 아닙니다. 다음 가운데 하나를 쓰세요: {roles}",
            "unknown role '{given}'; use one of: {roles}"
        )
    }
}

crate::bilingual_display!(UnknownRole);

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::Planner,
        Role::Finance,
        Role::TeamEditor,
        Role::Viewer,
        Role::Auditor,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Planner => "planner",
            Role::Finance => "finance",
            Role::TeamEditor => "team_editor",
            Role::Viewer => "viewer",
            Role::Auditor => "auditor",
        }
    }

    /// The Korean name shown to users.
    pub fn korean(self) -> &'static str {
        match self {
            Role::Admin => "관리자",
            Role::Planner => "기획",
            Role::Finance => "재무",
            Role::TeamEditor => "사업팀 편집자",
            Role::Viewer => "열람자",
            Role::Auditor => "감사",
        }
    }

    /// Parses a stored or typed name (`team-editor` is accepted too).
    ///
    /// # Errors
    /// [`UnknownRole`] for anything else.
    pub fn parse(s: &str) -> Result<Role, UnknownRole> {
        let norm = s.trim().to_ascii_lowercase().replace('-', "_");
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == norm)
            .ok_or_else(|| UnknownRole(s.to_owned()))
    }

    /// Whether a role needs a unit (a team editor edits their unit's
    /// projects, so the unit is part of the account).
    pub fn needs_unit(self) -> bool {
        self == Role::TeamEditor
    }

    /// Whether a user with this role (and `unit`, for a team editor) may do
    /// `action`.
    pub fn may(self, unit: Option<&UnitCode>, action: &Action) -> bool {
        match action {
            Action::Read => true,
            Action::ReadAudit => matches!(self, Role::Admin | Role::Auditor),
            Action::ManageUsers => self == Role::Admin,
            Action::EditBudget | Action::EditOrganization => self == Role::Planner,
            Action::RecordEntries => self == Role::Finance,
            Action::EditProject { team } => match self {
                Role::Planner => true,
                Role::TeamEditor => unit == Some(team),
                _ => false,
            },
            Action::EditAnyProject => matches!(self, Role::Planner | Role::TeamEditor),
            // The monthly spending plan (월별 집행계획) is planning's, and
            // the 자금계획 it mirrors is often finance's: either records it.
            Action::PlanSpending => matches!(self, Role::Planner | Role::Finance),
            // The draft budget (예산안) is planning's to write and submit.
            Action::ProposeBudget => self == Role::Planner,
            // Approving (or returning) it records the board's resolution:
            // the administrator or a planner, never the one who submitted
            // or saved the version (four-eyes, `proposal::Status::after`).
            Action::ApproveBudget => matches!(self, Role::Admin | Role::Planner),
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something a user may or may not do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Read any page or figure of the institution's records.
    Read,
    /// Read the audit log (who changed what, who signed in when).
    ReadAudit,
    /// Add, change the role of, or reset the password of users.
    ManageUsers,
    /// Record budget amendments.
    EditBudget,
    /// Change the organisation's records (the staffing table).
    EditOrganization,
    /// Record ledger entries, by form or import.
    RecordEntries,
    /// Edit the sheet (achievements, indicators, schedule) of a project run
    /// by `team`.
    EditProject {
        /// The project's responsible team.
        team: UnitCode,
    },
    /// Reach the project editor at all (before knowing which project): a
    /// role that can edit some project.
    EditAnyProject,
    /// Record monthly spending plans (grid or file).
    PlanSpending,
    /// Create, edit, save and submit the draft budget (예산안).
    ProposeBudget,
    /// Approve a submitted draft budget with the board's resolution, or
    /// return it (four-eyes: not its submitter nor the saver of the
    /// version).
    ApproveBudget,
}

/// A change refused because it would leave the institution without an
/// administrator: no one could then add users, reset a password or
/// reactivate an account from the web. An institution's administrators
/// are its own active accounts holding the role; a role granted from
/// another institution does not count, since that account's institution
/// may take it away.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct LastAdministrator {
    /// The account the change was about.
    pub name: String,
}

impl crate::message::Localized for LastAdministrator {
    fn say(&self, lang: crate::message::Lang) -> String {
        let name = &self.name;
        let n = crate::message::josa(&format!("'{name}'"), "은", "는");
        crate::ko_en!(
            lang,
            "{n} 이 기관의 마지막 관리자입니다. 다른 사용자를 먼저 관리자로 지정하세요",
            "'{name}' is the institution's last administrator: make another user an administrator first"
        )
    }
}

crate::bilingual_display!(LastAdministrator);

impl LastAdministrator {
    /// The rule: a change about account `name` that takes the
    /// institution's active administrators from `before` to `after` is
    /// refused when it leaves none where there was one. (An institution
    /// that had none — accounts made on the command line — may still be
    /// changed; its first administrator comes from `yesan user role`.)
    ///
    /// # Errors
    /// [`LastAdministrator`] naming `name`.
    pub fn check(name: &str, before: usize, after: usize) -> Result<(), LastAdministrator> {
        if before > 0 && after == 0 {
            Err(LastAdministrator {
                name: name.to_owned(),
            })
        } else {
            Ok(())
        }
    }
}

/// What an account may do across institutions: its role in its home
/// institution, the roles it was granted in others, and the two system
/// flags. The one rule of the institution dimension: an account reaches
/// an institution only through a role it holds there, or read-only as a
/// city reader; a system administrator adds institutions (and reads them,
/// to see what it added) but records nothing in any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    home: InstitutionCode,
    roles: Vec<(InstitutionCode, Role, Option<UnitCode>)>,
    city_reader: bool,
    sysadmin: bool,
}

impl Standing {
    /// An account of `home` holding `role` (and `unit`) there.
    pub fn new(home: InstitutionCode, role: Role, unit: Option<UnitCode>) -> Standing {
        Standing {
            roles: vec![(home.clone(), role, unit)],
            home,
            city_reader: false,
            sysadmin: false,
        }
    }

    /// With a role granted in institution `code` (a grant in the home
    /// institution or a second grant in the same one replaces the first).
    #[must_use]
    pub fn granted(
        mut self,
        code: InstitutionCode,
        role: Role,
        unit: Option<UnitCode>,
    ) -> Standing {
        self.roles.retain(|(c, _, _)| *c != code);
        self.roles.push((code, role, unit));
        self
    }

    /// With the city reader's and the system administrator's flags.
    #[must_use]
    pub fn with_flags(mut self, city_reader: bool, sysadmin: bool) -> Standing {
        self.city_reader = city_reader;
        self.sysadmin = sysadmin;
        self
    }

    /// The account's home institution.
    pub fn home(&self) -> &InstitutionCode {
        &self.home
    }

    /// The role held in the home institution.
    pub fn home_role(&self) -> Role {
        self.role_in(&self.home).map_or(Role::Viewer, |(r, _)| r)
    }

    /// The role in institution `code`: the one held there; a city reader
    /// (and a system administrator) reads every other one as a viewer;
    /// anyone else has none, so reaches nothing of it.
    pub fn role_in(&self, code: &InstitutionCode) -> Option<(Role, Option<&UnitCode>)> {
        match self.roles.iter().find(|(c, _, _)| c == code) {
            Some((_, r, u)) => Some((*r, u.as_ref())),
            None if self.reads_all() => Some((Role::Viewer, None)),
            None => None,
        }
    }

    /// Whether the account may do `action` in institution `code`.
    pub fn may(&self, code: &InstitutionCode, action: &Action) -> bool {
        self.role_in(code).is_some_and(|(r, u)| r.may(u, action))
    }

    /// Whether it reads every institution (the consolidated view).
    pub fn reads_all(&self) -> bool {
        self.city_reader || self.sysadmin
    }

    /// Whether it is a city reader.
    pub fn is_city_reader(&self) -> bool {
        self.city_reader
    }

    /// Whether it may add institutions and their first administrator.
    pub fn may_add_institutions(&self) -> bool {
        self.sysadmin
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(s: &str) -> UnitCode {
        UnitCode::parse(s).expect("a unit code")
    }

    #[test]
    fn roles_round_trip_and_refuse_unknown_names() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert_eq!(Role::parse("Team-Editor"), Ok(Role::TeamEditor));
        assert_eq!(Role::parse("root"), Err(UnknownRole("root".into())));
    }

    #[test]
    fn each_change_belongs_to_one_team() {
        let own = unit("SIT");
        let other = unit("MCT");
        let edit_own = Action::EditProject { team: own.clone() };
        let edit_other = Action::EditProject { team: other };
        for r in Role::ALL {
            assert!(r.may(None, &Action::Read), "{r} reads");
        }
        let who = |a: &Action| -> Vec<Role> {
            Role::ALL
                .into_iter()
                .filter(|r| r.may(Some(&own), a))
                .collect()
        };
        assert_eq!(who(&Action::ManageUsers), [Role::Admin]);
        assert_eq!(who(&Action::ReadAudit), [Role::Admin, Role::Auditor]);
        assert_eq!(who(&Action::EditBudget), [Role::Planner]);
        assert_eq!(who(&Action::EditOrganization), [Role::Planner]);
        assert_eq!(who(&Action::RecordEntries), [Role::Finance]);
        assert_eq!(who(&Action::PlanSpending), [Role::Planner, Role::Finance]);
        assert_eq!(who(&Action::ProposeBudget), [Role::Planner]);
        assert_eq!(who(&Action::ApproveBudget), [Role::Admin, Role::Planner]);
        assert_eq!(who(&edit_own), [Role::Planner, Role::TeamEditor]);
        assert_eq!(who(&edit_other), [Role::Planner]);
        // A team editor without a unit edits nothing.
        assert!(!Role::TeamEditor.may(None, &edit_own));
    }

    fn inst(s: &str) -> InstitutionCode {
        InstitutionCode::parse(s).expect("an institution code")
    }

    #[test]
    fn a_role_of_one_institution_reaches_nothing_of_another() {
        let (a, b, c) = (inst("a"), inst("b"), inst("c"));
        let s =
            Standing::new(a.clone(), Role::Planner, None).granted(b.clone(), Role::Viewer, None);
        assert_eq!(s.role_in(&a), Some((Role::Planner, None)));
        assert!(s.may(&a, &Action::EditBudget));
        assert_eq!(s.role_in(&b), Some((Role::Viewer, None)));
        assert!(s.may(&b, &Action::Read) && !s.may(&b, &Action::EditBudget));
        assert_eq!(s.role_in(&c), None);
        assert!(!s.may(&c, &Action::Read));
        assert!(!s.reads_all() && !s.may_add_institutions());
        assert_eq!(s.home_role(), Role::Planner);
    }

    #[test]
    fn a_city_reader_reads_everywhere_and_changes_nothing_elsewhere() {
        let (a, b) = (inst("a"), inst("b"));
        let s = Standing::new(a.clone(), Role::Finance, None).with_flags(true, false);
        assert!(s.may(&a, &Action::RecordEntries));
        assert!(s.may(&b, &Action::Read));
        for act in [
            Action::RecordEntries,
            Action::EditBudget,
            Action::ManageUsers,
            Action::EditAnyProject,
        ] {
            assert!(!s.may(&b, &act), "{act:?}");
        }
        assert!(s.reads_all() && s.is_city_reader() && !s.may_add_institutions());
        let admin = Standing::new(a, Role::Admin, None).with_flags(false, true);
        assert!(admin.may_add_institutions() && admin.reads_all());
        assert!(!admin.may(&b, &Action::ManageUsers));
    }

    #[test]
    fn an_auditor_reads_the_audit_log_and_changes_nothing() {
        let own = unit("SIT");
        for act in [
            Action::ManageUsers,
            Action::EditBudget,
            Action::EditOrganization,
            Action::RecordEntries,
            Action::EditAnyProject,
            Action::EditProject { team: own.clone() },
        ] {
            assert!(!Role::Auditor.may(Some(&own), &act), "{act:?}");
        }
        assert!(Role::Auditor.may(None, &Action::Read));
        assert!(Role::Auditor.may(None, &Action::ReadAudit));
        assert!(!Role::Viewer.may(None, &Action::ReadAudit));
        // A city reader reads another institution as a viewer: not its log.
        let (a, b) = (inst("a"), inst("b"));
        let city = Standing::new(a, Role::Auditor, None).with_flags(true, false);
        assert!(!city.may(&b, &Action::ReadAudit));
        assert_eq!(Role::parse("auditor"), Ok(Role::Auditor));
        assert_eq!(Role::Auditor.korean(), "감사");
    }

    #[test]
    fn the_last_administrator_stays() {
        assert!(LastAdministrator::check("kim", 2, 1).is_ok());
        assert_eq!(
            LastAdministrator::check("kim", 1, 0),
            Err(LastAdministrator { name: "kim".into() })
        );
        // Nothing to keep where there was none.
        assert!(LastAdministrator::check("kim", 0, 0).is_ok());
        let e = LastAdministrator::check("kim", 1, 0).expect_err("refused");
        assert!(
            e.to_string()
                .starts_with("'kim'은 이 기관의 마지막 관리자입니다")
        );
    }

    #[test]
    fn a_team_editor_grant_keeps_its_unit() {
        let (a, b) = (inst("a"), inst("b"));
        let s = Standing::new(a, Role::Viewer, None).granted(
            b.clone(),
            Role::TeamEditor,
            Some(unit("SIT")),
        );
        assert!(s.may(&b, &Action::EditProject { team: unit("SIT") }));
        assert!(!s.may(&b, &Action::EditProject { team: unit("DPT") }));
    }
}
