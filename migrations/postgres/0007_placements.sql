-- Placements with timing (issue 5): attempts submitted after their placement's due date.
-- The attempt is recorded as usual; this row marks it late for the learner's result page and
-- the instructor's roster. It goes with its attempt (and so with an erased learner).
CREATE TABLE late_attempts (
    attempt_id TEXT PRIMARY KEY REFERENCES quiz_attempts(id) ON DELETE CASCADE,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    context_id TEXT,
    module_id TEXT NOT NULL,
    due_at BIGINT NOT NULL,
    submitted_at BIGINT NOT NULL
);

CREATE INDEX late_attempts_context ON late_attempts (registration_id, context_id);

-- The opening and due dates a resource link was last launched with, so a line item the tool
-- creates through AGS for it later carries them as startDateTime and endDateTime.
CREATE TABLE placement_timing (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    resource_link_id TEXT NOT NULL,
    opens_at BIGINT,
    due_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, resource_link_id)
);
