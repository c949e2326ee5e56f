//! SecureHospitals LTI: cybersecurity awareness training for hospital staff, delivered inside an
//! LMS as an LTI 1.3 / LTI Advantage tool. `build_router` is shared by `main` and the tests.

pub mod app;
pub mod certificates;
pub mod cli;
pub mod config;
pub mod content;
pub mod courses;
pub mod db;
pub mod deep_linking;
pub mod demo;
pub mod error;
pub mod grades;
pub mod http_client;
pub mod hub;
pub mod i18n;
pub mod institution;
pub mod instructor_actions;
pub mod keyring;
pub mod keys;
pub mod launch;
pub mod lms_simulator;
pub mod metrics;
pub mod operator;
pub mod ops;
pub mod platforms;
pub mod quiz;
pub mod registration;
pub mod registry;
pub mod roster;
pub mod sessions;
pub mod spreadsheet;
pub mod state;
pub mod web;
pub mod wizard;

pub use app::{build_router, start};
