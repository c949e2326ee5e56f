//! Integration tests: the real router over real HTTP against the in-process LMS simulator, on
//! SQLite always and on PostgreSQL when `TEST_DATABASE_URL` is set.

mod certificates;
mod courses;
mod deep_linking;
mod demo;
mod grades;
mod helpers;
mod home;
mod hub;
mod institution;
mod instructor_actions;
mod launch;
mod launch_paths;
mod login;
mod operations;
mod placements;
mod platforms_cli;
mod registration;
mod roster;
mod session;
mod store;
mod wizard;
