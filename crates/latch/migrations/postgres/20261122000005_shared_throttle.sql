-- PostgreSQL only: the throttle's buckets, shared by every instance (with one process on
-- SQLite they live in memory). A bucket untouched for an hour is full again and is pruned.
CREATE TABLE throttle_buckets (
    name       TEXT             PRIMARY KEY CHECK (length(name) <= 400),
    tokens     DOUBLE PRECISION NOT NULL,
    updated_at DOUBLE PRECISION NOT NULL  -- Unix seconds, the database's clock
);
