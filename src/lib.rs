//! SecureHospitals LTI: cybersecurity awareness training for hospital staff, delivered inside an
//! LMS as an LTI 1.3 / LTI Advantage tool. `build_router` is shared by `main` and the tests.

pub mod content;
pub mod courses;
pub mod lms_simulator;
pub mod quiz;
