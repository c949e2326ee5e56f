//! Reads the freshness lifetime of a JWKS response from its `Cache-Control` header.

use std::time::Duration;

/// The lifetime a `Cache-Control` header grants: `max-age` in seconds, or zero for `no-store`
/// and `no-cache`; `None` when it says nothing about freshness. The cache clamps the result.
/// [RFC 9111 §5.2.2](https://www.rfc-editor.org/rfc/rfc9111#section-5.2.2).
pub fn parse_cache_control_max_age(header: &str) -> Option<Duration> {
    let mut max_age: Option<u64> = None;
    for directive in header.split(',') {
        let directive = directive.trim();
        let (name, value) = match directive.split_once('=') {
            Some((name, value)) => (name.trim(), Some(value.trim().trim_matches('"'))),
            None => (directive, None),
        };
        if name.eq_ignore_ascii_case("no-store") || name.eq_ignore_ascii_case("no-cache") {
            return Some(Duration::ZERO);
        }
        if name.eq_ignore_ascii_case("max-age")
            && let Some(secs) = value.and_then(|v| v.parse::<u64>().ok())
        {
            max_age = Some(max_age.map_or(secs, |m| m.min(secs)));
        }
    }
    max_age.map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn max_age_is_read_case_insensitively_and_with_quotes() {
        assert_eq!(
            parse_cache_control_max_age("public, max-age=300"),
            Some(Duration::from_secs(300))
        );
        assert_eq!(
            parse_cache_control_max_age("Max-Age=\"60\""),
            Some(Duration::from_secs(60))
        );
        assert_eq!(
            parse_cache_control_max_age("max-age=600, max-age=30"),
            Some(Duration::from_secs(30))
        );
    }

    #[test]
    fn no_store_and_no_cache_mean_zero() {
        assert_eq!(
            parse_cache_control_max_age("no-store"),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_cache_control_max_age("max-age=300, No-Cache"),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn headers_without_a_usable_max_age_say_nothing() {
        assert_eq!(parse_cache_control_max_age(""), None);
        assert_eq!(parse_cache_control_max_age("public"), None);
        assert_eq!(parse_cache_control_max_age("max-age=soon"), None);
        assert_eq!(parse_cache_control_max_age("max-age=-5"), None);
    }
}
