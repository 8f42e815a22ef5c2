-- When a sign-in used a password the breach list holds (Unix seconds); cleared when the
-- password changes. The account page asks for a new password while it is set, and the mail
-- saying so goes out once, when it is first set.
ALTER TABLE users ADD COLUMN password_breached_at BIGINT;
