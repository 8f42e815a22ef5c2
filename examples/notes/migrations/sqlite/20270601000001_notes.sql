-- Notes' own tables, beside Latch's: each row belongs to an account (the foreign key), and
-- goes with it (the delete hook, in Latch's transaction).
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    owner INTEGER NOT NULL REFERENCES users (id),
    text TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX notes_by_owner ON notes (owner, id);

-- The signup field: the name shown above a person's notes.
CREATE TABLE authors (
    owner INTEGER PRIMARY KEY REFERENCES users (id),
    display_name TEXT NOT NULL
);
