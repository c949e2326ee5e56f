-- The operator's login: one password (an argon2id PHC string, set with `operator password`),
-- operator sessions (only the SHA-256 of each session token is stored, with its CSRF token), and
-- failed logins per client address for rate limiting across instances.
CREATE TABLE operator_credentials (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    password_hash TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE operator_sessions (
    token_hash TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);

CREATE TABLE operator_login_failures (
    client TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX operator_login_failures_client ON operator_login_failures (client, at);

-- Certificates outlive their tenant: removing a platform registration (`platform remove`) must
-- leave issued certificates verifiable unless revoked, so `certificates` loses its cascading
-- foreign key to `registrations` (SQLite: by rebuilding the table with the same columns).
CREATE TABLE certificates_kept (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    registration_id TEXT NOT NULL,
    context_id TEXT,
    user_id TEXT NOT NULL,
    path_id TEXT NOT NULL,
    generation INTEGER NOT NULL,
    learner_name TEXT,
    name_self_declared BOOLEAN NOT NULL DEFAULT FALSE,
    recipient_hash TEXT NOT NULL,
    recipient_salt TEXT NOT NULL,
    recipient_type TEXT NOT NULL,
    language TEXT NOT NULL,
    content_version TEXT NOT NULL,
    issued_at INTEGER NOT NULL,
    valid_until INTEGER NOT NULL,
    status_index INTEGER UNIQUE,
    credential_jwt TEXT,
    revoked_at INTEGER,
    revoked_reason TEXT,
    revoked_by TEXT,
    reminded_at INTEGER,
    UNIQUE (registration_id, user_id, path_id, generation)
);
INSERT INTO certificates_kept (id, code, registration_id, context_id, user_id, path_id, generation, learner_name, name_self_declared, recipient_hash, recipient_salt, recipient_type, language, content_version, issued_at, valid_until, status_index, credential_jwt, revoked_at, revoked_reason, revoked_by, reminded_at)
SELECT id, code, registration_id, context_id, user_id, path_id, generation, learner_name, name_self_declared, recipient_hash, recipient_salt, recipient_type, language, content_version, issued_at, valid_until, status_index, credential_jwt, revoked_at, revoked_reason, revoked_by, reminded_at FROM certificates;
DROP TABLE certificates;
ALTER TABLE certificates_kept RENAME TO certificates;
CREATE INDEX certificates_by_learner ON certificates (registration_id, user_id);
CREATE INDEX certificates_by_context ON certificates (registration_id, context_id);
