-- When the session's owner last proved it is them again (the sudo window): a password or a
-- passkey asked anew. NULL until then; the session's own start counts as the first proof.
ALTER TABLE sessions ADD COLUMN reauthenticated_at INTEGER;
