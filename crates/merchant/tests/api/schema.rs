//! `crates/merchant/schema.sql`: every table and index as the migrations leave
//! them, so a reader sees each table's shape without replaying them. This test
//! migrates an empty SQLite database and compares; `UPDATE_SCHEMA=1 cargo test
//! -p merchant --test api schema` writes the file anew after a migration.

use std::path::PathBuf;

/// The schema of a freshly migrated SQLite database, one statement each, tables first.
async fn migrated_schema() -> String {
    let dir = std::env::temp_dir().join(super::common::unique("schema"));
    let url = format!("sqlite://{}?mode=rwc", dir.join("schema.sqlite3").display());
    let db = merchant::store::Db::connect(&url)
        .await
        .expect("migrations run");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' \
         ORDER BY CASE type WHEN 'table' THEN 0 ELSE 1 END, name",
    )
    .fetch_all(&db.pool)
    .await
    .expect("sqlite_master");
    db.pool.close().await;
    let _ = std::fs::remove_dir_all(dir);
    let mut out = String::from(
        "-- Generated from migrations/ by tests/api/schema.rs (SQLite's own text of each\n\
         -- table and index after every migration ran). Do not edit: add a migration, then\n\
         -- UPDATE_SCHEMA=1 cargo test -p merchant --test api schema\n",
    );
    for (_, sql) in rows {
        out.push('\n');
        out.push_str(&one_column_a_line(sql.trim()));
        out.push_str(";\n");
    }
    out
}

/// SQLite keeps the columns an `ALTER TABLE … ADD COLUMN` added on the table's
/// last line, after a comma each: put each on a line of its own.
fn one_column_a_line(sql: &str) -> String {
    sql.lines()
        .map(|line| match line.strip_prefix(", ") {
            Some(added) => {
                let added = added.strip_suffix(')').unwrap_or(added);
                let columns: Vec<String> = added.split(", ").map(|c| format!("    {c}")).collect();
                format!(",\n{}\n)", columns.join(",\n"))
            }
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace("\n,\n", ",\n")
}

#[tokio::test]
async fn the_checked_in_schema_is_what_the_migrations_make() {
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema.sql");
    let schema = migrated_schema().await;
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&file, &schema).expect("schema.sql written");
        return;
    }
    let kept = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        kept == schema,
        "schema.sql is not what the migrations make: run UPDATE_SCHEMA=1 cargo test -p merchant --test api schema, and read the diff"
    );
}
