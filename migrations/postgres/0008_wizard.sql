-- Curriculum Wizard plans: one row per plan (a named unit) of an instructor in a course context.
-- Answers are kept raw as JSON (exactly as typed, so an invalid value is never lost); the advice
-- is computed from them when asked. Every read is scoped by registration, context and user.
CREATE TABLE wizard_plans (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    context_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    unit TEXT NOT NULL,
    answers TEXT NOT NULL,
    step BIGINT NOT NULL DEFAULT 0,
    finished_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX wizard_plans_owner ON wizard_plans (registration_id, context_id, user_id, updated_at);
