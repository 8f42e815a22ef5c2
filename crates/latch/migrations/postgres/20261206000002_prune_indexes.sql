-- The pruner deletes in batches, each finding its dead rows by an index: these three tables
-- had none for their expiry, so every batch would have read the whole table.
-- (SQLite's side: migrations/sqlite, same name.)
CREATE INDEX known_devices_by_last_seen ON known_devices (last_seen_at);
CREATE INDEX sign_in_alerts_by_expiry ON sign_in_alerts (expires_at);
CREATE INDEX email_sign_ins_by_expiry ON email_sign_ins (expires_at);
