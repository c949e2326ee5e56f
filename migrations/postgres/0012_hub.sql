-- Knowledge hub search index and community of practice.
-- hub_docs is rebuilt from content/hub at every start (upserts, then stale rows removed), so it
-- holds nothing that is not in the content files. tsv is a generated tsvector (english
-- configuration, title weighted above summary above body) with a GIN index. Filter columns are
-- space-padded code lists.
CREATE TABLE hub_docs (
    doc_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    title TEXT NOT NULL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL,
    roles TEXT NOT NULL,
    languages TEXT NOT NULL,
    countries TEXT NOT NULL,
    topics TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', summary), 'B')
        || setweight(to_tsvector('english', body), 'C')
    ) STORED
);

CREATE INDEX hub_docs_tsv ON hub_docs USING GIN (tsv);


-- Threads: one per tenant (a registration id, or 'trainers' for the shared forum), context and
-- scope ('course', 'M01'..'M14', 'trainers'). Posts repeat the tenant so every read is scoped.
CREATE TABLE hub_threads (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL,
    context_id TEXT NOT NULL,
    scope TEXT NOT NULL,
    locked BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    UNIQUE (tenant, context_id, scope)
);

CREATE TABLE hub_posts (
    id TEXT PRIMARY KEY,
    thread_id TEXT NOT NULL REFERENCES hub_threads(id) ON DELETE CASCADE,
    parent_id TEXT NOT NULL,
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    author TEXT NOT NULL,
    author_is_instructor BIGINT NOT NULL,
    body TEXT NOT NULL,
    hidden BIGINT NOT NULL DEFAULT 0,
    pinned BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE INDEX hub_posts_thread ON hub_posts (thread_id, created_at);
CREATE INDEX hub_posts_author ON hub_posts (tenant, user_id, created_at);

-- When a user last read a thread, for "3 new replies".
CREATE TABLE hub_visits (
    thread_id TEXT NOT NULL REFERENCES hub_threads(id) ON DELETE CASCADE,
    tenant TEXT NOT NULL,
    user_id TEXT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (thread_id, tenant, user_id)
);

-- Registrations whose instructors may use the cross-institution trainers' forum (opt-in).
CREATE TABLE hub_forum_optin (
    registration_id TEXT PRIMARY KEY REFERENCES registrations(id) ON DELETE CASCADE,
    enabled_at BIGINT NOT NULL
);

-- Threads have no foreign key (the trainers' forum belongs to no registration), so removing a
-- registration removes its discussions, visits and its instructors' trainers' forum posts here.
CREATE FUNCTION hub_tenant_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM hub_posts WHERE tenant = OLD.id;
    DELETE FROM hub_posts WHERE tenant = 'trainers' AND left(user_id, length(OLD.id) + 1) = OLD.id || '/';
    DELETE FROM hub_visits WHERE tenant = OLD.id;
    DELETE FROM hub_visits WHERE tenant = 'trainers' AND left(user_id, length(OLD.id) + 1) = OLD.id || '/';
    DELETE FROM hub_threads WHERE tenant = OLD.id;
    RETURN OLD;
END;
$$;

CREATE TRIGGER hub_tenant_removed AFTER DELETE ON registrations
    FOR EACH ROW EXECUTE FUNCTION hub_tenant_removed();
