-- Which account a message is about, so that deleting the account deletes its messages (the
-- address, the name and every body) in the same transaction, sent or not. NULL for rows
-- written before this column; deletion also matches those by the account's address.
ALTER TABLE outbox ADD COLUMN user_id BIGINT;
CREATE INDEX outbox_by_user ON outbox (user_id);
