//! Launch validation end to end through the public API: 1EdTech certification cases, attacks,
//! and real Moodle 4.3 captures, all with a fixed clock.

mod certification;
mod moodle;
mod security;
mod support;
