//! Server-side request forgery guard for dynamic registration: the `openid_configuration` URL
//! comes from whoever opens the registration page, so the tool refuses to fetch loopback,
//! private, link-local and other non-public addresses, whether named directly, reached through
//! DNS or through a redirect. `registration_allow_private_addresses` lifts it (demo, tests).

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use url::{Host, Url};

/// Why a URL was refused.
#[derive(Debug, thiserror::Error)]
#[error("{host} is a loopback, private or otherwise non-public address")]
pub struct NotPublic {
    pub host: String,
}

fn v4_is_public(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 192 && b == 0 && ip.octets()[2] == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn v6_is_public(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return v4_is_public(v4);
    }
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link local
        || (first & 0xffc0) == 0xfec0 // site local (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0db8) // documentation
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => v4_is_public(v4),
        IpAddr::V6(v6) => v6_is_public(v6),
    }
}

/// Refuses URLs whose host is a non-public IP literal or a `localhost` name (names are checked
/// again after DNS by [`PublicOnly`]).
pub fn check_url(url: &Url) -> Result<(), NotPublic> {
    let refuse = || {
        Err(NotPublic {
            host: url.host_str().unwrap_or_default().to_owned(),
        })
    };
    match url.host() {
        Some(Host::Ipv4(ip)) if !v4_is_public(ip) => refuse(),
        Some(Host::Ipv6(ip)) if !v6_is_public(ip) => refuse(),
        Some(Host::Domain(d)) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            if d == "localhost" || d.ends_with(".localhost") {
                refuse()
            } else {
                Ok(())
            }
        }
        None => refuse(),
        _ => Ok(()),
    }
}

/// A resolver that drops every non-public address; a name with none left fails to resolve.
#[derive(Debug, Clone, Copy)]
struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(
                    Box::new(NotPublic { host }) as Box<dyn std::error::Error + Send + Sync>
                );
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// The client for one registration: public addresses only, redirects checked the same way.
pub fn client() -> reqwest::Result<reqwest::Client> {
    let redirects = reqwest::redirect::Policy::custom(|attempt| {
        if attempt.previous().len() >= 3 {
            attempt.error("too many redirects")
        } else if let Err(e) = check_url(attempt.url()) {
            attempt.error(e)
        } else {
            attempt.follow()
        }
    });
    reqwest::Client::builder()
        .user_agent(crate::http_client::USER_AGENT)
        .connect_timeout(std::time::Duration::from_secs(5))
        .timeout(std::time::Duration::from_secs(15))
        .redirect(redirects)
        .dns_resolver(Arc::new(PublicOnly))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_private_and_link_local_addresses_are_refused() {
        for url in [
            "http://127.0.0.1/x",
            "http://10.1.2.3/",
            "http://192.168.0.1/",
            "http://172.16.5.4/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]/",
            "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://localhost:8080/",
            "http://a.localhost/",
            "http://0.0.0.0/",
            "http://100.64.0.1/",
        ] {
            assert!(check_url(&Url::parse(url).unwrap()).is_err(), "{url}");
        }
        for url in [
            "https://moodle.example.org/",
            "http://8.8.8.8/",
            "http://[2606:4700::1]/",
        ] {
            assert!(check_url(&Url::parse(url).unwrap()).is_ok(), "{url}");
        }
    }
}
