-- Instructor actions on the roster (issue 5): resets of a learner's attempts with their reason,
-- per-learner due date extensions, and the due dates the tool has seen for items placed in a
-- course (for the roster's "overdue" status).

-- A reset attempt stays in the history; it only stops counting for first and best score and
-- completion. NULL while it counts.
ALTER TABLE quiz_attempts ADD COLUMN reset_id TEXT;

-- The audit trail: who reset which learner's attempts on what, when and why.
CREATE TABLE attempt_resets (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    context_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    -- 'module' or 'path'
    target_kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor_user_id TEXT NOT NULL,
    actor_name TEXT,
    attempts_reset BIGINT NOT NULL,
    reset_at BIGINT NOT NULL
);
CREATE INDEX attempt_resets_context ON attempt_resets (registration_id, context_id, user_id);

-- A learner's own due date for an item (module or path id) placed in a course; the latest grant
-- replaces an earlier one.
CREATE TABLE due_extensions (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    context_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    reason TEXT NOT NULL,
    actor_user_id TEXT NOT NULL,
    actor_name TEXT,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, context_id, user_id, item_id)
);

-- The due date of each placed item (resource link) of a course as last launched, so the roster
-- can tell who is overdue, including members who never opened the tool.
CREATE TABLE context_due_dates (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    context_id TEXT NOT NULL,
    resource_link_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, context_id, resource_link_id)
);
