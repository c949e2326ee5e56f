//! LTI Advantage services through the public API against the real Moodle 4.3 exchange: token,
//! AGS, NRPS and Deep Linking bodies parse, and what the tool builds matches what Moodle took.

mod ags;
mod deep_linking;
mod nrps;
mod support;
mod token;
