-- A product's own table: notes that belong to an account.
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    owner INTEGER NOT NULL REFERENCES users (id),
    text TEXT NOT NULL
);
CREATE INDEX notes_by_owner ON notes (owner);
