-- Platform registrations (tenants), their deployments, OIDC login states, used nonces, sessions.
CREATE TABLE registrations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    issuer TEXT NOT NULL,
    client_id TEXT NOT NULL,
    auth_url TEXT NOT NULL,
    token_url TEXT NOT NULL,
    jwks_url TEXT NOT NULL,
    status TEXT NOT NULL,
    deployment_policy TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (issuer, client_id)
);

CREATE TABLE deployments (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    deployment_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (registration_id, deployment_id)
);

CREATE TABLE frame_origins (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    origin TEXT NOT NULL,
    PRIMARY KEY (registration_id, origin)
);

CREATE TABLE login_states (
    state TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    deployment_id TEXT,
    target_link_uri TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX login_states_expires ON login_states (expires_at);

CREATE TABLE used_nonces (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    nonce TEXT NOT NULL,
    keep_until INTEGER NOT NULL,
    PRIMARY KEY (registration_id, nonce)
);
CREATE INDEX used_nonces_keep_until ON used_nonces (keep_until);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    deployment_id TEXT NOT NULL,
    context_id TEXT,
    user_id TEXT NOT NULL,
    roles TEXT NOT NULL,
    locale TEXT,
    message_type TEXT NOT NULL,
    resource_link_id TEXT,
    data TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    idle_timeout INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
