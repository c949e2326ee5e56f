//! The member lists this process last read from each course's NRPS service: reused for a few
//! minutes so paging through filters does not call the platform each time, refreshed on
//! demand, and shown (marked as such) when the platform fails, so a class never looks empty.

use lti::Member;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// How long a member list is used without asking the platform again.
pub const FRESH_FOR_SECS: i64 = 300;
/// Courses kept per process; the oldest list goes first.
const MAX_COURSES: usize = 2000;

/// One course: `(registration id, context id)`.
pub type CourseKey = (String, String);

/// A member list and when it was read (unix seconds).
#[derive(Debug, Clone)]
pub struct Cached {
    pub members: Arc<Vec<Member>>,
    pub fetched_at: i64,
}

#[derive(Debug, Default)]
pub struct RosterCache {
    courses: Mutex<HashMap<CourseKey, Cached>>,
}

impl RosterCache {
    /// The last good list of a course, however old.
    pub fn last_good(&self, key: &CourseKey) -> Option<Cached> {
        let courses = self.courses.lock().unwrap_or_else(|p| p.into_inner());
        courses.get(key).cloned()
    }

    /// The list if it was read less than [`FRESH_FOR_SECS`] before `now`.
    pub fn fresh(&self, key: &CourseKey, now: i64) -> Option<Cached> {
        self.last_good(key)
            .filter(|c| now - c.fetched_at < FRESH_FOR_SECS && now >= c.fetched_at)
    }

    /// Keeps a list just read from the platform.
    pub fn put(&self, key: CourseKey, members: Vec<Member>, now: i64) -> Cached {
        let cached = Cached {
            members: Arc::new(members),
            fetched_at: now,
        };
        let mut courses = self.courses.lock().unwrap_or_else(|p| p.into_inner());
        if courses.len() >= MAX_COURSES && !courses.contains_key(&key) {
            let oldest = courses
                .iter()
                .min_by_key(|(_, c)| c.fetched_at)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                courses.remove(&oldest);
            }
        }
        courses.insert(key, cached.clone());
        cached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: &str) -> CourseKey {
        ("reg".into(), c.into())
    }

    #[test]
    fn a_list_is_fresh_for_five_minutes_and_kept_as_last_good_after() {
        let cache = RosterCache::default();
        cache.put(key("c1"), Vec::new(), 1000);
        assert!(cache.fresh(&key("c1"), 1000 + FRESH_FOR_SECS - 1).is_some());
        assert!(cache.fresh(&key("c1"), 1000 + FRESH_FOR_SECS).is_none());
        assert_eq!(
            cache.last_good(&key("c1")).map(|c| c.fetched_at),
            Some(1000)
        );
        assert!(cache.last_good(&key("c2")).is_none(), "per course");
    }
}
