-- A reset link's confirmation reserves its token before hashing the new password: until
-- `claimed_until` (Unix seconds) no other confirmation of the same link may hash, so one link
-- buys one Argon2 hash at a time, however many requests bring it at once. A confirmation
-- that fails to hash gives the claim back; one that dies leaves it to expire.
ALTER TABLE email_tokens ADD COLUMN claimed_until INTEGER;
