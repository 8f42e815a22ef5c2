-- Sign-ups, sign-ins and failed sign-ins counted per day as they happen, for the console's
-- activity chart: its 30 days are at most 90 rows to read whatever the number of accounts
-- (counting the events themselves read 6.8 million rows at a million accounts). The counts
-- so far come from the history kept.
-- (PostgreSQL's side: migrations/postgres, same name.)
CREATE TABLE activity_days (
    day   INTEGER NOT NULL,  -- the day's start, Unix seconds, UTC
    kind  TEXT    NOT NULL CHECK (kind IN ('signup', 'login', 'login_failed')),
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (day, kind)
) STRICT, WITHOUT ROWID;

INSERT INTO activity_days (day, kind, count)
    SELECT at / 86400 * 86400, type, count(*) FROM events
    WHERE type IN ('signup', 'login', 'login_failed')
    GROUP BY at / 86400, type;
