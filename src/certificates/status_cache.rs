//! Signed status lists kept in memory per instance, so a verifier fetching a list does not make
//! the tool sign it again. Each copy remembers the list's revocation version from the store; a
//! revocation on any instance raises that version, and the next fetch signs afresh.

use std::collections::HashMap;
use std::sync::Mutex;

/// Lists kept at most: the tool has one list per 131,072 certificates, so a handful in practice;
/// the bound keeps a caller asking for ever new list numbers from filling memory.
const MAX_LISTS: usize = 64;
/// A copy is signed again after this long even without a revocation, so its `validFrom` stays
/// recent and a rotated issuer key takes over within the hour.
const MAX_AGE_SECS: i64 = 3600;

#[derive(Debug, Clone)]
struct Signed {
    version: i64,
    signed_at: i64,
    jwt: String,
}

/// The signed status list credentials of this instance, by list number.
#[derive(Debug, Default)]
pub struct StatusListCache {
    lists: Mutex<HashMap<i64, Signed>>,
}

impl StatusListCache {
    /// The copy of `list` signed at `version`, unless it is older than the maximum age.
    pub fn get(&self, list: i64, version: i64, now: i64) -> Option<String> {
        let lists = self.lists.lock().ok()?;
        lists
            .get(&list)
            .filter(|s| s.version == version && (0..MAX_AGE_SECS).contains(&(now - s.signed_at)))
            .map(|s| s.jwt.clone())
    }

    /// Keeps a freshly signed copy, dropping the oldest copy when the cache is full. A copy of
    /// a newer version than the one offered stays (a slower request must not undo a revocation).
    pub fn put(&self, list: i64, version: i64, now: i64, jwt: String) {
        let Ok(mut lists) = self.lists.lock() else {
            return;
        };
        if lists.get(&list).is_some_and(|s| s.version > version) {
            return;
        }
        if lists.len() >= MAX_LISTS && !lists.contains_key(&list) {
            let oldest = lists
                .iter()
                .min_by_key(|(_, s)| s.signed_at)
                .map(|(l, _)| *l);
            if let Some(oldest) = oldest {
                lists.remove(&oldest);
            }
        }
        lists.insert(
            list,
            Signed {
                version,
                signed_at: now,
                jwt,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_serves_its_version_until_it_is_an_hour_old() {
        let cache = StatusListCache::default();
        assert_eq!(cache.get(1, 0, 100), None);
        cache.put(1, 0, 100, "a".into());
        assert_eq!(
            cache.get(1, 0, 100 + MAX_AGE_SECS - 1).as_deref(),
            Some("a")
        );
        assert_eq!(cache.get(1, 1, 101), None, "a revocation makes it stale");
        assert_eq!(cache.get(1, 0, 100 + MAX_AGE_SECS), None, "too old");
        assert_eq!(cache.get(1, 0, 99), None, "a clock before the signature");
        assert_eq!(cache.get(2, 0, 100), None, "another list");
    }

    #[test]
    fn an_older_version_never_replaces_a_newer_one() {
        let cache = StatusListCache::default();
        cache.put(1, 2, 100, "new".into());
        cache.put(1, 1, 101, "old".into());
        assert_eq!(cache.get(1, 2, 102).as_deref(), Some("new"));
    }

    #[test]
    fn the_cache_holds_a_bounded_number_of_lists() {
        let cache = StatusListCache::default();
        for list in 0..(MAX_LISTS as i64 + 10) {
            cache.put(list, 0, 1_000 + list, format!("{list}"));
        }
        assert_eq!(cache.lists.lock().unwrap().len(), MAX_LISTS);
        assert_eq!(cache.get(0, 0, 1_100), None, "the oldest went first");
        let last = MAX_LISTS as i64 + 9;
        assert_eq!(cache.get(last, 0, 1_100), Some(format!("{last}")));
    }
}
