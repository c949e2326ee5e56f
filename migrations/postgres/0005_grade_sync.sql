-- The grade sync view is per course: remember the context (LTI `context.id`) a score was earned
-- in, so an instructor sees only the scores of the course they launched from. Scores queued
-- before this migration have none and show in no course's view (`grades status` still lists them).
ALTER TABLE grade_outbox ADD COLUMN context_id TEXT;
CREATE INDEX grade_outbox_context ON grade_outbox (registration_id, context_id);
