-- One index fewer to write per launch: the minute's purge of used_nonces scans the table (it
-- holds only the nonces of the last few minutes) instead of keeping a keep_until index.
-- (On SQLite the same migration also makes the table WITHOUT ROWID; PostgreSQL has no rowid.)
DROP INDEX used_nonces_keep_until;
