//! Hub search on SQLite: FTS5 with porter stemming, ranked by bm25 (title weighted highest).

/// `$1` FTS5 query, `$2` kind or '', `$3`..`$6` LIKE patterns (role, language, country, topic),
/// `$7` limit. Entries for "international" match every country filter.
pub(super) const SEARCH: &str = "SELECT d.kind, d.doc_id, d.title, d.summary FROM hub_fts f \
     JOIN hub_docs d ON d.doc_key = f.doc_key WHERE hub_fts MATCH $1 AND ($2 = '' OR d.kind = $2) \
     AND d.roles LIKE $3 AND d.languages LIKE $4 AND (d.countries LIKE $5 OR d.countries LIKE '% international %') \
     AND d.topics LIKE $6 ORDER BY bm25(hub_fts, 0.0, 10.0, 4.0, 1.0), d.doc_key LIMIT $7";

/// The FTS table mirrors `hub_docs`; rebuilt in the indexing transaction.
pub(super) const FTS_SYNC: [&str; 2] = [
    "DELETE FROM hub_fts",
    "INSERT INTO hub_fts (doc_key, title, summary, body) SELECT doc_key, title, summary, body FROM hub_docs",
];

/// Each word as a quoted FTS5 term (implicit AND); words are letters and digits only, so no
/// FTS5 operator can be formed.
pub(super) fn match_param(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\""))
        .collect::<Vec<_>>()
        .join(" ")
}
