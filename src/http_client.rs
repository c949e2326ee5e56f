//! The one HTTP client the tool uses to call platforms: a User-Agent on every request (Canvas
//! refuses requests without one), timeouts everywhere, no redirects to other hosts.

use std::time::Duration;

pub const USER_AGENT: &str = concat!("SecureHospitals-LTI/", env!("CARGO_PKG_VERSION"));

/// Builds the shared client.
pub fn build() -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(Duration::from_secs(5))
        .timeout(Duration::from_secs(15))
        .redirect(reqwest::redirect::Policy::limited(3))
        .build()
}
