-- The tool's signing keys (private halves as JWE under the key-encryption key), and a singleton
-- row that makes creating the first key race-free across instances.
CREATE TABLE tool_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    private_jwe TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    signs_from INTEGER NOT NULL,
    retires_at INTEGER,
    unpublish_at INTEGER
);

CREATE TABLE key_bootstrap (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kid TEXT NOT NULL
);
