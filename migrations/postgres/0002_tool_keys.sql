-- The tool's signing keys (private halves as JWE under the key-encryption key), and a singleton
-- row that makes creating the first key race-free across instances.
CREATE TABLE tool_keys (
    kid TEXT PRIMARY KEY,
    alg TEXT NOT NULL,
    public_jwk TEXT NOT NULL,
    private_jwe TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    signs_from BIGINT NOT NULL,
    retires_at BIGINT,
    unpublish_at BIGINT
);

CREATE TABLE key_bootstrap (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    kid TEXT NOT NULL
);
