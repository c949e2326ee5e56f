-- The institution view (issue 5): who opened a placed activity that has a due date, so an
-- institution administrator can see learners who are overdue across every course of their
-- platform. One row per learner and resource link, refreshed on each visit (the platform may
-- have moved the date). It goes with its registration, and with an erased learner.
CREATE TABLE due_placements (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    resource_link_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    context_id TEXT,
    context_title TEXT,
    learner_name TEXT,
    module_id TEXT,
    path_id TEXT,
    due_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (registration_id, resource_link_id, user_id)
);

CREATE INDEX due_placements_due ON due_placements (registration_id, due_at);
