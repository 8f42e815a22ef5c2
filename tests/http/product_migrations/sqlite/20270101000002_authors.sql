-- The product's signup field: the name shown above a person's notes.
CREATE TABLE authors (
    owner INTEGER PRIMARY KEY REFERENCES users (id),
    display_name TEXT NOT NULL
);
