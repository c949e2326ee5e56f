-- The operator's login: one password (an argon2id PHC string, set with `operator password`),
-- operator sessions (only the SHA-256 of each session token is stored, with its CSRF token), and
-- failed logins per client address for rate limiting across instances.
CREATE TABLE operator_credentials (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    password_hash TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE operator_sessions (
    token_hash TEXT PRIMARY KEY,
    csrf TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE operator_login_failures (
    client TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX operator_login_failures_client ON operator_login_failures (client, at);

-- Certificates outlive their tenant: removing a platform registration (`platform remove`) must
-- leave issued certificates verifiable unless revoked, so `certificates` loses its cascading
-- foreign key to `registrations`.
ALTER TABLE certificates DROP CONSTRAINT IF EXISTS certificates_registration_id_fkey;
