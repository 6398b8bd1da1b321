//! Yesan's web application: server-rendered pages in Korean first (English
//! on a switch), a JSON API over the same data, accounts with roles, and
//! the audit trail that public money needs.
//!
//! The crate holds handlers, templates and view types only. Rules live in
//! the domain (`yesan_domain::access` decides who may do what; budget
//! control decides what may be recorded), data comes through the store's
//! API, and figures through the report crate, so nothing here can disagree
//! with the command line or the printed report. The route table in
//! [`routes`] is the one place that says which route exists and who may
//! use it; the authorization matrix test reads the same table.

pub mod api;
pub mod auth;
pub mod draft_flat_words;
pub mod draft_words;
pub mod english;
pub mod error;
pub mod here;
pub mod i18n;
pub mod labels;
mod layers;
pub mod legacy;
pub mod nav;
pub mod pages;
pub mod route_spec;
pub mod routes;
pub mod security;
pub mod server;
pub mod stale;
pub mod state;
pub mod structure_words;
pub mod target_words;
pub mod templates;
pub mod throttle;
pub mod words;

pub use auth::{generate_password, hash_password};
pub use error::AppError;
pub use routes::{Access, RouteSpec, route_table, router};
pub use server::serve;
pub use state::{AppState, Config};
