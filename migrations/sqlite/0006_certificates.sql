-- Certificates: one row per issued certificate (the signed credential is added right after
-- the completing transaction), the issuer's own signing keys (not the LTI keys), the counter
-- that hands out Bitstring Status List positions, and names learners declared themselves.
CREATE TABLE certificates (
    id TEXT PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    context_id TEXT,
    user_id TEXT NOT NULL,
    path_id TEXT NOT NULL,
    -- 0 for the first certificate of a learner and path, 1 after the first renewal, ...: the
    -- unique key below makes two concurrent completions issue exactly one.
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
CREATE INDEX certificates_by_learner ON certificates (registration_id, user_id);
CREATE INDEX certificates_by_context ON certificates (registration_id, context_id);

CREATE TABLE credential_status_counter (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    next_index INTEGER NOT NULL
);
INSERT INTO credential_status_counter (id, next_index) VALUES (1, 0);

CREATE TABLE issuer_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    private_jwe TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    signs_from INTEGER NOT NULL,
    retires_at INTEGER,
    unpublish_at INTEGER
);

CREATE TABLE issuer_key_bootstrap (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kid TEXT NOT NULL
);

CREATE TABLE learner_names (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    declared_at INTEGER NOT NULL,
    PRIMARY KEY (registration_id, user_id)
);
