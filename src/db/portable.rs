//! Store code whose SQL is the same on SQLite and PostgreSQL (`$n` parameters work on both),
//! written once as macros and stamped out by each backend. Dialect-specific code stays in the
//! backend files.

pub(crate) mod courses;
pub(crate) mod grades;
pub(crate) mod launch;
mod platforms;

pub(crate) use courses::course_store;
pub(crate) use grades::grade_store;
pub(crate) use launch::launch_store;
pub(crate) use platforms::platform_store;
