//! The pages' templates (minijinja), compiled into the binary so that the
//! app runs with no files around it and no build step. Every page extends
//! `base.html`, which holds the navigation, the language switch and the
//! signed-in user; the report's own table and sheet macros are reused so a
//! project sheet looks the same on screen as in the report.
//!
//! Views hand templates plain data: every figure is formatted before it
//! gets here (by the domain's formatting rules), so templates only lay out.

use crate::auth::Ctx;
use crate::i18n::{self, Lang};
use minijinja::{Environment, State, Value, context};
use serde::Serialize;

/// Every template: (name, source).
pub const SOURCES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("macros.html", include_str!("../templates/macros.html")),
    (
        "dashboard.html",
        include_str!("../templates/dashboard.html"),
    ),
    ("budget.html", include_str!("../templates/budget.html")),
    ("line.html", include_str!("../templates/line.html")),
    (
        "amendment.html",
        include_str!("../templates/amendment.html"),
    ),
    ("projects.html", include_str!("../templates/projects.html")),
    ("project.html", include_str!("../templates/project.html")),
    (
        "project_edit.html",
        include_str!("../templates/project_edit.html"),
    ),
    ("org.html", include_str!("../templates/org.html")),
    ("org_edit.html", include_str!("../templates/org_edit.html")),
    (
        "execution.html",
        include_str!("../templates/execution.html"),
    ),
    (
        "entry_form.html",
        include_str!("../templates/entry_form.html"),
    ),
    ("upload.html", include_str!("../templates/upload.html")),
    ("reports.html", include_str!("../templates/reports.html")),
    ("economic.html", include_str!("../templates/economic.html")),
    (
        "consolidated.html",
        include_str!("../templates/consolidated.html"),
    ),
    ("audit.html", include_str!("../templates/audit.html")),
    ("login.html", include_str!("../templates/login.html")),
    ("account.html", include_str!("../templates/account.html")),
    ("users.html", include_str!("../templates/users.html")),
    ("error.html", include_str!("../templates/error.html")),
    ("years.html", include_str!("../templates/years.html")),
    ("chooser.html", include_str!("../templates/chooser.html")),
    ("compare.html", include_str!("../templates/compare.html")),
    (
        "institutions.html",
        include_str!("../templates/institutions.html"),
    ),
    ("plan.html", include_str!("../templates/plan.html")),
    ("line_new.html", include_str!("../templates/line_new.html")),
    (
        "line_edit.html",
        include_str!("../templates/line_edit.html"),
    ),
    (
        "project_new.html",
        include_str!("../templates/project_new.html"),
    ),
    ("unit_new.html", include_str!("../templates/unit_new.html")),
    (
        "unit_edit.html",
        include_str!("../templates/unit_edit.html"),
    ),
    (
        "profile_edit.html",
        include_str!("../templates/profile_edit.html"),
    ),
    ("draft.html", include_str!("../templates/draft.html")),
    (
        "draft_list.html",
        include_str!("../templates/draft_list.html"),
    ),
    (
        "draft_diff.html",
        include_str!("../templates/draft_diff.html"),
    ),
];

/// The stylesheet, served at `/static/app.css`.
pub const CSS: &str = include_str!("../static/app.css");

/// The entry form's and the draft grid's progressive enhancements, served
/// at `/static/app.js`.
pub const JS: &str = include_str!("../static/app.js");

/// The compiled templates.
pub struct Templates {
    env: Environment<'static>,
}

fn translate(state: &State<'_, '_>, key: &str) -> String {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().map(Lang::parse))
        .unwrap_or_default();
    i18n::t(lang, key).to_owned()
}

/// A draft budget's version as its reader says it: `2차`, `v2`.
fn nth(state: &State<'_, '_>, n: u32) -> String {
    let lang = state
        .lookup("lang")
        .and_then(|v| v.as_str().map(Lang::parse))
        .unwrap_or_default();
    match lang {
        Lang::Ko => format!("{n}차"),
        Lang::En => format!("v{n}"),
    }
}

impl Templates {
    /// Compiles every template.
    ///
    /// # Errors
    /// A template that does not parse.
    pub fn new() -> Result<Templates, minijinja::Error> {
        let mut env = Environment::new();
        for (name, source) in yesan_report::html::PARTIALS {
            env.add_template(name, source)?;
        }
        for (name, source) in SOURCES {
            env.add_template(name, source)?;
        }
        yesan_report::html::add_filters(&mut env);
        env.add_function("t", translate);
        env.add_function("nth", nth);
        Ok(Templates { env })
    }

    /// Renders a fragment (a page's main part, cacheable across users) in
    /// `lang`.
    ///
    /// # Errors
    /// Template errors (bugs).
    pub fn fragment(
        &self,
        name: &str,
        lang: Lang,
        prefix: &str,
        data: impl Serialize,
    ) -> Result<String, minijinja::Error> {
        self.env.get_template(name)?.render(context! {
            lang => lang.code(),
            p => Value::from_safe_string(prefix.to_owned()),
            ..Value::from_serialize(&data)
        })
    }

    /// Renders page `name` for the request `ctx` with the page's `data`.
    ///
    /// # Errors
    /// Template errors (bugs).
    pub fn page(
        &self,
        name: &str,
        ctx: &Ctx,
        nav: &str,
        data: impl Serialize,
    ) -> Result<String, minijinja::Error> {
        // The role shown is the one held where the reader is (the home
        // role outside any institution).
        let user = ctx.user.as_ref().map(|u| {
            let here = ctx
                .here
                .as_ref()
                .and_then(|h| yesan_domain::InstitutionCode::parse(&h.code).ok())
                .and_then(|c| u.standing.role_in(&c).map(|(r, _)| r));
            context! {
                name => u.name,
                home => u.home.as_str(),
                role => here.unwrap_or(u.role).as_str(),
                unit => u.unit.as_ref().map(|c| c.to_string()),
                reads_all => u.standing.reads_all(),
                sysadmin => u.standing.may_add_institutions(),
            }
        });
        let may = |a: yesan_domain::access::Action| ctx.may(&a);
        use yesan_domain::access::Action;
        self.env.get_template(name)?.render(context! {
            lang => ctx.lang.code(),
            other_lang => match ctx.lang { Lang::Ko => "en", Lang::En => "ko" },
            user => user,
            csrf => ctx.csrf,
            path => ctx.path,
            public => ctx.public,
            nav => nav,
            // `/i/{code}`: a checked code, so nothing to escape (minijinja
            // would write `/` as `&#x2f;`, which links survive but
            // readers of the HTML do not).
            p => Value::from_safe_string(ctx.prefix().to_owned()),
            here => ctx.here.as_deref(),
            flash => ctx.flash,
            may_users => may(Action::ManageUsers),
            may_audit => may(Action::ReadAudit),
            may_budget => may(Action::EditBudget),
            may_record => may(Action::RecordEntries),
            may_projects => may(Action::EditAnyProject),
            may_org => may(Action::EditOrganization),
            version => env!("CARGO_PKG_VERSION"),
            ..Value::from_serialize(&data)
        })
    }
}
