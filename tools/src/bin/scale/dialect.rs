//! The few pieces of SQL the generator writes differently for SQLite and PostgreSQL: a run
//! of numbers to select from, and a number padded to a fixed width.

/// Which database a statement is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub fn of(url: &str) -> Self {
        match url.starts_with("sqlite:") {
            true => Self::Sqlite,
            false => Self::Postgres,
        }
    }

    /// `INSERT INTO {table} ({columns}) SELECT {values} FROM` the numbers 1 to `count` as `i`.
    pub fn insert_series(self, table: &str, columns: &str, count: i64, values: &str) -> String {
        match self {
            // SQLite's library has no generate_series unless compiled in: a recursive CTE.
            Self::Sqlite => format!(
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {count}) \
                 INSERT INTO {table} ({columns}) SELECT {values} FROM s"
            ),
            Self::Postgres => format!(
                "INSERT INTO {table} ({columns}) SELECT {values} FROM generate_series(1::bigint, {count}::bigint) AS s(i)"
            ),
        }
    }

    /// `expression` as decimal text, zero-padded to `width` characters.
    pub fn padded(self, expression: &str, width: u32) -> String {
        match self {
            Self::Sqlite => format!("printf('%0{width}d', {expression})"),
            Self::Postgres => format!("lpad(({expression})::text, {width}, '0')"),
        }
    }
}
