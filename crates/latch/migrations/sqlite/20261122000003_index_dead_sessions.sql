-- The pruner deletes expired and revoked sessions on a schedule; these let it find them
-- without reading every live row.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
