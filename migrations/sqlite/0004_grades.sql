-- The grade outbox: one row per score to deliver to an LMS gradebook through AGS. Rows are
-- written in the transaction that records the attempt and stay until delivered or dead-lettered.
-- Times ending in _ms are unix milliseconds (backoff in tests is shorter than a second).
CREATE TABLE grade_outbox (
    id TEXT PRIMARY KEY,
    registration_id TEXT NOT NULL,
    -- Empty until resolved when the launch had no `lineitem`: then the line item is found or
    -- created through `lineitems_url` by resource link, module (resourceId) and tag.
    lineitem_url TEXT NOT NULL,
    lineitems_url TEXT,
    resource_link_id TEXT,
    user_id TEXT NOT NULL,
    module_id TEXT NOT NULL,
    score_given BIGINT NOT NULL,
    score_maximum BIGINT NOT NULL,
    comment TEXT NOT NULL,
    -- The score's AGS timestamp as sent (RFC 3339, milliseconds): every retry resends this text.
    score_timestamp TEXT NOT NULL,
    -- pending, delivered, dead (permanent refusal, kept with the platform's answer), superseded.
    state TEXT NOT NULL DEFAULT 'pending',
    attempts BIGINT NOT NULL DEFAULT 0,
    next_at_ms BIGINT NOT NULL,
    lease_owner TEXT,
    lease_until_ms BIGINT,
    last_status BIGINT,
    last_error TEXT,
    created_at_ms BIGINT NOT NULL,
    delivered_at_ms BIGINT
);
CREATE INDEX grade_outbox_due ON grade_outbox (state, next_at_ms);
-- Line items the tool found or created, so each (link, module) gets one gradebook column.
CREATE TABLE grade_line_items (
    registration_id TEXT NOT NULL,
    lineitems_url TEXT NOT NULL,
    resource_link_id TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    lineitem_url TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (registration_id, lineitems_url, resource_link_id, resource_id)
);
CREATE INDEX grade_outbox_cell ON grade_outbox (registration_id, lineitem_url, user_id, state);
