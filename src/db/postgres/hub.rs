//! Hub search on PostgreSQL: the generated `tsv` column (english configuration, GIN index),
//! ranked by `ts_rank` with title above summary above body.

/// Same parameters as the SQLite statement: `$1` words, `$2` kind or '', `$3`..`$6` LIKE
/// patterns, `$7` limit.
pub(super) const SEARCH: &str = "SELECT kind, doc_id, title, summary FROM hub_docs, \
     plainto_tsquery('english', $1) q WHERE tsv @@ q AND ($2 = '' OR kind = $2) AND roles LIKE $3 \
     AND languages LIKE $4 AND (countries LIKE $5 OR countries LIKE '% international %') \
     AND topics LIKE $6 ORDER BY ts_rank(tsv, q) DESC, doc_key LIMIT $7";

/// The tsvector is a generated column: nothing to refresh.
pub(super) const FTS_SYNC: [&str; 0] = [];

/// The words joined by spaces; `plainto_tsquery` ANDs them and ignores any operator characters.
pub(super) fn match_param(words: &[String]) -> String {
    words.join(" ")
}
