-- The course player: learner profiles (job role, language), lesson and module progress, quiz
-- attempts (with their draw and content version) and completed learning paths.
CREATE TABLE learner_profiles (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    job_role TEXT,
    language TEXT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_id)
);

-- A lesson page view is one upsert here (the newest `recorded_at` is the resume point), so
-- reading a lesson costs one write.
CREATE TABLE lesson_progress (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    module_id TEXT NOT NULL,
    lesson_slug TEXT NOT NULL,
    state TEXT NOT NULL,
    recorded_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_id, module_id, lesson_slug)
);

CREATE TABLE module_progress (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    module_id TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    first_score BIGINT,
    best_score BIGINT,
    passed_at BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_id, module_id)
);

CREATE TABLE quiz_attempts (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    module_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    content_version TEXT NOT NULL,
    language TEXT NOT NULL,
    job_role TEXT NOT NULL,
    pass_mark BIGINT NOT NULL,
    draw TEXT NOT NULL,
    context_id TEXT,
    resource_link_id TEXT,
    started_at BIGINT NOT NULL,
    submitted_at BIGINT,
    score BIGINT,
    passed BOOLEAN,
    result TEXT
);
CREATE INDEX quiz_attempts_learner ON quiz_attempts (registration_id, user_id, module_id);

CREATE TABLE path_completions (
    registration_id TEXT NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    path_id TEXT NOT NULL,
    completed_at BIGINT NOT NULL,
    PRIMARY KEY (registration_id, user_id, path_id)
);
