//! Per-client rate limits on the launch endpoints. The client is the peer address, or the first
//! `X-Forwarded-For` hop only when the peer is a configured trusted proxy (anyone else could
//! forge that header to dodge the limit). An IPv6 client counts as its /64 network: one
//! subscriber gets a whole /64, so counting single addresses would let it take a fresh limit
//! (and a fresh entry in memory) with every address. Clients not seen for a while are dropped
//! from the limiter every minute, so its memory follows the clients of the last minutes.

use crate::config::Config;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, Response, StatusCode};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
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
        // Peers are compared in canonical form (IPv4-mapped IPv6 as IPv4), so the list is too.
        let trusted = trusted.into_iter().map(|ip| ip.to_canonical()).collect();
        Self {
            trusted: Arc::new(trusted),
        }
    }

    /// What a limit counts a request from `peer` with the given forwarded header as: its
    /// client (see [`ClientIp::resolve`]) through [`limit_key`].
    pub fn limit_key(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> IpAddr {
        limit_key(self.resolve(peer, forwarded_for))
    }

    /// The client address for a request from `peer` with the given forwarded header.
    pub fn resolve(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> IpAddr {
        let peer = peer
            .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
            .to_canonical();
        if !self.trusted.contains(&peer) {
            return peer;
        }
        // The right-most untrusted hop is the client; proxies append to the list.
        forwarded_for
            .into_iter()
            .flat_map(|v| v.split(','))
            .rev()
            .filter_map(|hop| hop.trim().parse::<IpAddr>().ok())
            .map(|ip| ip.to_canonical())
            .find(|ip| !self.trusted.contains(ip))
            .unwrap_or(peer)
    }
}

/// What the limiter counts a client as: an IPv4 address, or an IPv6 address's /64 network
/// (IPv4-mapped IPv6 addresses count as their IPv4 address).
pub fn limit_key(client: IpAddr) -> IpAddr {
    match client.to_canonical() {
        IpAddr::V6(v6) => {
            let network = u128::from(v6) & !u128::from(u64::MAX);
            IpAddr::V6(Ipv6Addr::from(network))
        }
        v4 => v4,
    }
}

/// How often clients not seen lately leave the limiter's memory.
const PRUNE_EVERY: Duration = Duration::from_secs(60);

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
        Ok(self.limit_key(peer, forwarded))
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
    forget_idle_clients(governor.limiter());
    GovernorLayer::new(governor).error_handler(too_many)
}

/// governor keeps a state per client until told to forget the ones back to a full allowance:
/// every [`PRUNE_EVERY`] it is, by a task that ends with the limiter (it holds only a weak
/// reference). Outside a runtime (nothing is served then) there is nothing to prune.
pub fn forget_idle_clients(
    limiter: &tower_governor::governor::SharedRateLimiter<
        IpAddr,
        governor::middleware::NoOpMiddleware<governor::clock::QuantaInstant>,
    >,
) {
    let limiter = Arc::downgrade(limiter);
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(PRUNE_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(limiter) = limiter.upgrade() else {
                return;
            };
            limiter.retain_recent();
            limiter.shrink_to_fit();
        }
    });
}

fn too_many(error: GovernorError) -> Response<Body> {
    refused(error, "launch requests")
}

/// A rate limiter's refusal as the tool's error page (JSON for a client that asks for it:
/// `web::lang` turns it), with `Retry-After` in whole seconds, at least one.
pub fn refused(error: GovernorError, what: &str) -> Response<Body> {
    use axum::response::IntoResponse as _;
    let (status, code, wait) = match error {
        GovernorError::TooManyRequests { wait_time, .. } => (
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
            wait_time.max(1),
        ),
        _ => (StatusCode::BAD_REQUEST, "client_address_unknown", 1),
    };
    let message = if status == StatusCode::TOO_MANY_REQUESTS {
        format!("Too many {what} from this address; try again in {wait} s.")
    } else {
        "The tool could not tell which address this request came from.".to_owned()
    };
    let mut response = crate::error::AppError::new(status, code, message).into_response();
    if let Ok(v) = axum::http::HeaderValue::from_str(&wait.to_string()) {
        response
            .headers_mut()
            .insert(axum::http::header::RETRY_AFTER, v);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_ipv6_client_counts_as_its_64_network_and_mapped_ipv4_as_ipv4() {
        assert_eq!(
            limit_key(ip("2001:db8:1:2:aaaa:bbbb:cccc:dddd")),
            ip("2001:db8:1:2::")
        );
        assert_eq!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:2:ffff::9"))
        );
        assert_ne!(
            limit_key(ip("2001:db8:1:2::1")),
            limit_key(ip("2001:db8:1:3::1"))
        );
        assert_eq!(limit_key(ip("203.0.113.9")), ip("203.0.113.9"));
        assert_eq!(limit_key(ip("::ffff:203.0.113.9")), ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_proxy_on_a_dual_stack_socket_is_still_trusted() {
        let c = ClientIp::new(vec![ip("10.0.0.1")]);
        assert_eq!(
            c.resolve(Some(ip("::ffff:10.0.0.1")), Some("198.51.100.7")),
            ip("198.51.100.7")
        );
    }

    #[test]
    fn a_proxy_configured_as_mapped_ipv4_is_trusted_and_keys_are_networks() {
        let c = ClientIp::new(vec![ip("::ffff:10.0.0.1")]);
        assert_eq!(
            c.limit_key(Some(ip("10.0.0.1")), Some("2001:db8:1:2::77")),
            ip("2001:db8:1:2::")
        );
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
