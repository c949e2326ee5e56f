//! Claiming outbox rows on SQLite: one worker per database, so a single UPDATE … RETURNING
//! (which takes SQLite's write lock) is enough.

/// `$1` owner, `$2` lease end, `$3` now, `$4` how many.
pub(super) const CLAIM_SCORES: &str = "UPDATE grade_outbox SET lease_owner = $1, lease_until_ms = $2, \
     attempts = attempts + 1 WHERE id IN (SELECT id FROM grade_outbox WHERE state = 'pending' \
     AND next_at_ms <= $3 AND (lease_until_ms IS NULL OR lease_until_ms < $3) ORDER BY next_at_ms LIMIT $4) \
     RETURNING id, registration_id, lineitem_url, user_id, score_given, score_maximum, comment, \
     score_timestamp, attempts, created_at_ms, lineitems_url, resource_link_id, module_id";
