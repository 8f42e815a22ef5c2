//! The two databases' schemas, compared: after their migrations, SQLite and PostgreSQL have
//! the same tables, columns (name, type, null or not), keys, unique constraints, foreign keys,
//! CHECK constraints (counted per table) and indexes. Each side is read from the database's
//! own catalogue and described in one neutral vocabulary.

use std::collections::BTreeSet;

use latch::web::db::{self, Db};
use sqlx::{PgPool, SqlitePool};

use crate::postgres::ThrowawayPostgres;

/// Tables only PostgreSQL has, and why: the throttle's buckets are shared through the
/// database by several instances; one SQLite process keeps them in memory.
const POSTGRES_ONLY_TABLES: &[&str] = &["throttle_buckets"];

/// Indexes only PostgreSQL has, and why: its `users.email` UNIQUE index follows the
/// database's locale, where the console's prefix search needs byte order; SQLite's is in
/// byte order already.
const POSTGRES_ONLY_INDEXES: &[&str] = &["users_by_email_bytes"];

/// How an index's expression column (not a plain column) reads on either side.
const EXPRESSION: &str = "(expression)";

type Facts = BTreeSet<String>;

#[tokio::test]
async fn sqlite_and_postgres_migrate_to_the_same_schema() {
    let postgres = ThrowawayPostgres::start();
    let folder = tempfile::tempdir().unwrap();
    let sqlite = db::open(&format!("sqlite://{}/latch.db", folder.path().display()), 2).await.unwrap();
    let pg = db::open(&postgres.new_database("schema"), 2).await.unwrap();
    let (Db::Sqlite(sqlite), Db::Postgres(pg)) = (sqlite, pg) else { unreachable!("each URL opens its own kind") };
    let (sqlite, pg) = (sqlite_facts(&sqlite).await, postgres_facts(&pg).await);
    assert!(sqlite.len() > 30, "the SQLite side was not read: {sqlite:#?}");
    let only_sqlite: Vec<_> = sqlite.difference(&pg).collect();
    let only_pg: Vec<_> = pg.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "only SQLite: {only_sqlite:#?}\nonly PostgreSQL: {only_pg:#?}"
    );
}

fn neutral_type(declared: &str) -> &'static str {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "integer",
        "text" => "text",
        "real" | "double precision" => "real",
        other => panic!("a column type the comparison does not know: {other}"),
    }
}

async fn sqlite_facts(pool: &SqlitePool) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table'
         AND name NOT LIKE 'sqlite_%' AND name != '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for (table, sql) in tables {
        facts.insert(format!("table {table}"));
        facts.insert(format!("checks on {table}: {}", sql.matches("CHECK").count()));
        let columns: Vec<(String, String, bool, i64)> =
            sqlx::query_as("SELECT name, type, \"notnull\", pk FROM pragma_table_info($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        let mut key = Vec::new();
        for (name, declared, not_null, pk) in &columns {
            let null = if *not_null || *pk > 0 { "not null" } else { "null" };
            facts.insert(format!("column {table}.{name} {} {null}", neutral_type(declared)));
            if *pk > 0 {
                key.push(name.clone());
            }
        }
        facts.insert(format!("primary key {table}({})", key.join(", ")));
        // Every SQLite table has a hidden `rowid` in insertion order; an INTEGER PRIMARY KEY is
        // that rowid under another name. Otherwise it is a column of its own, as PostgreSQL
        // declares it where a query uses it.
        let integer_key = key.len() == 1 && columns.iter().any(|c| c.0 == key[0] && neutral_type(&c.1) == "integer");
        let without_rowid = sql.to_uppercase().contains("WITHOUT ROWID");
        if !integer_key && !without_rowid {
            facts.insert(format!("column {table}.rowid integer not null"));
            facts.insert(format!("unique {table}(rowid)"));
        }
        let foreign: Vec<(String, String, String)> =
            sqlx::query_as("SELECT \"table\", \"from\", on_delete FROM pragma_foreign_key_list($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        for (target, column, on_delete) in foreign {
            facts.insert(format!("foreign key {table}({column}) -> {target} on delete {}", on_delete.to_lowercase()));
        }
        let indexes: Vec<(String, bool, String, bool)> =
            sqlx::query_as("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&table)
                .fetch_all(pool)
                .await
                .unwrap();
        for (index, unique, origin, partial) in indexes {
            // An expression (`lower(username)`) has no column name: both sides call it so.
            let columns: Vec<Option<String>> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(pool)
                    .await
                    .unwrap();
            let columns: Vec<String> =
                columns.into_iter().map(|name| name.unwrap_or_else(|| EXPRESSION.to_owned())).collect();
            let columns = columns.join(", ");
            match origin.as_str() {
                "pk" => {}
                "u" => {
                    facts.insert(format!("unique {table}({columns})"));
                }
                _ => {
                    facts.insert(index_fact(&index, &table, &columns, unique, partial));
                }
            }
        }
    }
    facts
}

async fn postgres_facts(pool: &PgPool) -> Facts {
    let mut facts = Facts::new();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::TEXT FROM information_schema.tables
         WHERE table_schema = 'public' AND table_name != '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    for table in tables.into_iter().filter(|table| !POSTGRES_ONLY_TABLES.contains(&table.as_str())) {
        facts.insert(format!("table {table}"));
        let checks: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_constraint WHERE contype = 'c' AND conrelid = $1::TEXT::regclass",
        )
        .bind(&table)
        .fetch_one(pool)
        .await
        .unwrap();
        facts.insert(format!("checks on {table}: {checks}"));
        let columns: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT column_name::TEXT, data_type::TEXT, is_nullable::TEXT FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name = $1",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        for (name, declared, nullable) in columns {
            let null = if nullable == "YES" { "null" } else { "not null" };
            facts.insert(format!("column {table}.{name} {} {null}", neutral_type(&declared)));
        }
        // Constraints and indexes, each with its columns in order.
        let constraints: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
            "SELECT c.contype::TEXT,
                    (SELECT string_agg(a.attname, ', ' ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
                     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum),
                    c.confrelid::regclass::TEXT, c.confdeltype::TEXT
             FROM pg_constraint c WHERE c.conrelid = $1::TEXT::regclass AND c.contype IN ('p', 'u', 'f')",
        )
        .bind(&table)
        .fetch_all(pool)
        .await
        .unwrap();
        for (kind, columns, target, on_delete) in constraints {
            facts.insert(match kind.as_str() {
                "p" => format!("primary key {table}({columns})"),
                "u" => format!("unique {table}({columns})"),
                _ => {
                    let on_delete = match on_delete.as_str() {
                        "c" => "cascade",
                        "a" => "no action",
                        "r" => "restrict",
                        "n" => "set null",
                        other => panic!("on delete {other}"),
                    };
                    format!("foreign key {table}({columns}) -> {} on delete {on_delete}", target.unwrap())
                }
            });
        }
        let indexes: Vec<(String, bool, bool, String)> = sqlx::query_as(
            "SELECT i.relname::TEXT, x.indisunique, x.indpred IS NOT NULL,
                    (SELECT string_agg(COALESCE(a.attname::TEXT, $2), ', ' ORDER BY k.n)
                     FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                     LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0)
             FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
             WHERE x.indrelid = $1::TEXT::regclass
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)",
        )
        .bind(&table)
        .bind(EXPRESSION)
        .fetch_all(pool)
        .await
        .unwrap();
        for (index, unique, partial, columns) in indexes {
            if POSTGRES_ONLY_INDEXES.contains(&index.as_str()) {
                continue;
            }
            facts.insert(index_fact(&index, &table, &columns, unique, partial));
        }
    }
    facts
}

fn index_fact(index: &str, table: &str, columns: &str, unique: bool, partial: bool) -> String {
    let unique = if unique { "unique " } else { "" };
    let partial = if partial { " (partial)" } else { "" };
    format!("{unique}index {index} on {table}({columns}){partial}")
}
