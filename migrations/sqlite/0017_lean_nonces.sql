-- Fewer pages written per launch. used_nonces becomes one B-tree keyed by (registration, nonce)
-- (WITHOUT ROWID: no separate rowid table beside the primary-key index), and loses its
-- keep_until index: the minute's purge scans it instead, and it holds only the nonces of the last
-- few minutes. Each launch's commit writes two WAL pages fewer (docs/benchmarks.md).
DROP TRIGGER sessions_consume_nonce;

CREATE TABLE used_nonces_lean (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    keep_until INTEGER NOT NULL,
    PRIMARY KEY (registration_id, nonce)
) WITHOUT ROWID;
INSERT INTO used_nonces_lean (registration_id, nonce, keep_until)
    SELECT registration_id, nonce, keep_until FROM used_nonces;
DROP TABLE used_nonces;
ALTER TABLE used_nonces_lean RENAME TO used_nonces;

CREATE TRIGGER sessions_consume_nonce
BEFORE INSERT ON sessions
FOR EACH ROW WHEN NEW.nonce IS NOT NULL
BEGIN
    INSERT INTO used_nonces (registration_id, nonce, keep_until)
    VALUES (NEW.registration_id, NEW.nonce, NEW.nonce_keep_until);
END;
