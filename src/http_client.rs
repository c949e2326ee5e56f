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

/// Fetches platform JWKS documents for the `lti` crate's cache, honouring `Cache-Control`.
#[derive(Debug, Clone)]
pub struct JwksFetcher {
    client: reqwest::Client,
}

impl JwksFetcher {
    pub fn new(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl lti::jwks::JwksFetcher for JwksFetcher {
    fn fetch<'a>(&'a self, url: &'a url::Url) -> lti::jwks::FetchFuture<'a> {
        Box::pin(async move {
            let fail = |what: &str, e: reqwest::Error| {
                lti::jwks::FetchError::with_source(format!("{what} {url}"), e)
            };
            let response = self
                .client
                .get(url.clone())
                .send()
                .await
                .map_err(|e| fail("cannot reach", e))?;
            let response = response
                .error_for_status()
                .map_err(|e| fail("error status from", e))?;
            let max_age = response
                .headers()
                .get(reqwest::header::CACHE_CONTROL)
                .and_then(|v| v.to_str().ok())
                .and_then(lti::jwks::parse_cache_control_max_age);
            let body = response.bytes().await.map_err(|e| fail("cannot read", e))?;
            Ok(lti::jwks::FetchedJwks {
                body: body.to_vec(),
                max_age,
            })
        })
    }
}
