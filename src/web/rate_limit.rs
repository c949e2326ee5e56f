//! Per-client rate limits on the launch endpoints. The client is the peer address, or the first
//! `X-Forwarded-For` hop only when the peer is a configured trusted proxy (anyone else could
//! forge that header to dodge the limit).

use crate::config::Config;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tower_governor::GovernorLayer;
use tower_governor::errors::GovernorError;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::KeyExtractor;

#[derive(Debug, Clone)]
pub struct ClientIp {
    trusted: Arc<Vec<IpAddr>>,
}

impl ClientIp {
    pub fn new(trusted: Vec<IpAddr>) -> Self {
        Self {
            trusted: Arc::new(trusted),
        }
    }

    /// The client address for a request from `peer` with the given forwarded header.
    pub fn resolve(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> IpAddr {
        let peer = peer.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        if !self.trusted.contains(&peer) {
            return peer;
        }
        // The right-most untrusted hop is the client; proxies append to the list.
        forwarded_for
            .into_iter()
            .flat_map(|v| v.split(','))
            .rev()
            .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
            .find(|ip| !self.trusted.contains(ip))
            .unwrap_or(peer)
    }
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        let forwarded = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        Ok(self.resolve(peer, forwarded))
    }
}

/// The limiter for `/lti/login` and `/lti/launch`.
pub fn layer(
    config: &Config,
) -> GovernorLayer<
    ClientIp,
    governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
    Body,
> {
    let per_minute = u64::from(config.launch_rate_per_minute.max(1));
    let governor = GovernorConfigBuilder::default()
        .per_millisecond((60_000 / per_minute).max(1))
        .burst_size((config.launch_rate_per_minute / 6).max(10))
        .key_extractor(ClientIp::new(config.trusted_proxies.clone()))
        .finish()
        .expect("rate limit periods and burst sizes are non-zero by construction");
    GovernorLayer::new(governor).error_handler(too_many)
}

fn too_many(error: GovernorError) -> Response<Body> {
    let (status, wait) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            (StatusCode::TOO_MANY_REQUESTS, wait_time)
        }
        _ => (StatusCode::BAD_REQUEST, 1),
    };
    let body = format!(
        "{{\"error\":\"rate_limited\",\"message\":\"Too many launch requests from this address; retry in {wait} s.\",\"correlation_id\":null}}"
    );
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .header("retry-after", wait.to_string())
        .body(Body::from(body))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_header_is_ignored_from_untrusted_peers() {
        let c = ClientIp::new(vec![ip("10.0.0.1")]);
        assert_eq!(
            c.resolve(Some(ip("203.0.113.9")), Some("1.2.3.4")),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn forwarded_header_names_the_client_behind_a_trusted_proxy() {
        let c = ClientIp::new(vec![ip("10.0.0.1"), ip("10.0.0.2")]);
        assert_eq!(
            c.resolve(Some(ip("10.0.0.1")), Some("198.51.100.7, 10.0.0.2")),
            ip("198.51.100.7")
        );
        assert_eq!(
            c.resolve(Some(ip("10.0.0.1")), Some("garbage")),
            ip("10.0.0.1")
        );
    }
}
