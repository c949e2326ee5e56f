-- A launch's session and its nonce are written by one statement: inserting a session that
-- carries a nonce records the nonce as used, and fails (unique violation) when it was used
-- before. used_nonces stays the single-use record: it outlives the session (ended or purged).
ALTER TABLE sessions ADD COLUMN nonce TEXT;
ALTER TABLE sessions ADD COLUMN nonce_keep_until INTEGER;

CREATE TRIGGER sessions_consume_nonce
BEFORE INSERT ON sessions
FOR EACH ROW WHEN NEW.nonce IS NOT NULL
BEGIN
    INSERT INTO used_nonces (registration_id, nonce, keep_until)
    VALUES (NEW.registration_id, NEW.nonce, NEW.nonce_keep_until);
END;

-- Login states now travel signed in the OIDC state parameter; the table is no longer written.
DROP TABLE login_states;
