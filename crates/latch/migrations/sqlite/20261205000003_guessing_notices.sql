-- When the owner was last told that someone is guessing the password (Unix seconds): the
-- claim that keeps it to one such mail per account every 12 hours, across every instance.
ALTER TABLE users ADD COLUMN guessing_notice_at INTEGER;
