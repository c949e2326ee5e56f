-- Placements with timing (issue 5): attempts submitted after their placement's due date.
-- The attempt is recorded as usual; this row marks it late for the learner's result page and
-- the instructor's roster. It goes with its attempt (and so with an erased learner).
CREATE TABLE late_attempts (
    attempt_id TEXT PRIMARY KEY REFERENCES quiz_attempts(id) ON DELETE CASCADE,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    context_id TEXT,
    module_id TEXT NOT NULL,
    due_at INTEGER NOT NULL,
    submitted_at INTEGER NOT NULL
);

CREATE INDEX late_attempts_context ON late_attempts (registration_id, context_id);
