//! Storage: one schema and one set of queries for SQLite and PostgreSQL,
//! through sqlx's Any driver (`$N` placeholders work on both).

pub mod api_keys;
pub mod audit;
pub mod authorizations;
pub mod declarations;
pub mod events;
pub mod history;
pub mod mandates;
pub mod notifications;
pub mod operators;
pub mod payments;
pub mod reconciliation;
pub mod refunds;
pub mod resealing;
pub mod sessions;
pub mod telemetry;
pub mod unlink_marks;
pub mod wallets;
pub mod webhooks;

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::AnyPool;

/// Which database is behind the pool; only row leasing differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// One file, one writer at a time.
    Sqlite,
    /// Several replicas may share it.
    Postgres,
}

/// This build's migrations (`/readyz` checks the newest is applied).
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The connection pool.
#[derive(Debug, Clone)]
pub struct Db {
    /// The pool.
    pub pool: AnyPool,
    /// What it talks to.
    pub backend: Backend,
    /// Rung after a commit that recorded an event, so webhooks go out at once.
    pub events_recorded: std::sync::Arc<tokio::sync::Notify>,
}

impl Db {
    /// Connects (creating a SQLite file and its folder if needed) and runs migrations.
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            if let Some(file) = url
                .strip_prefix("sqlite://")
                .and_then(|rest| rest.split('?').next())
                .filter(|f| !f.is_empty() && *f != ":memory:")
            {
                if let Some(dir) = std::path::Path::new(file).parent() {
                    crate::config::private_dir(dir)?;
                }
                // Made owner-only before SQLite opens it: its -wal and -shm files copy these permissions.
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create(true).truncate(false);
                #[cfg(unix)]
                {
                    use std::os::unix::fs::OpenOptionsExt;
                    options.mode(0o600);
                }
                options.open(file)?;
            }
            Backend::Sqlite
        } else {
            Backend::Postgres
        };
        let sqlite = backend == Backend::Sqlite;
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 4 } else { 16 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        // WAL: readers never wait for the writer, and a commit is one
                        // append (synchronous=NORMAL keeps it durable across a process
                        // crash; only an OS crash can lose the last commits). A writer waits
                        // up to 15 s for another (a large report import's final move) rather
                        // than failing a buyer's payment with "database is locked".
                        use sqlx::Executor;
                        conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 15000; PRAGMA foreign_keys = ON;")
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        MIGRATOR.run(&pool).await?;
        Ok(Self {
            pool,
            backend,
            events_recorded: Default::default(),
        })
    }

    /// `FOR UPDATE SKIP LOCKED` where the database has it, so replicas never take the same row.
    pub fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }
}

/// Leases up to 20 rows of `table` in an `awaiting` status (an SQL list) that are due a check,
/// for one worker: the outer condition is re-checked on the newest row version, so two
/// replicas never take the same row (and on Postgres they skip each other's locks).
pub async fn lease_due(
    db: &Db,
    table: &str,
    columns: &str,
    awaiting: &str,
    now: i64,
    lease_until: i64,
) -> Result<Vec<AnyRow>, sqlx::Error> {
    let sql = format!(
        "UPDATE {table} SET lease_until = $1 WHERE id IN (\
           SELECT id FROM {table} WHERE status IN {awaiting} AND next_check_at <= $2 \
           AND (lease_until IS NULL OR lease_until < $3) ORDER BY next_check_at LIMIT 20 {}) \
         AND (lease_until IS NULL OR lease_until < $3) RETURNING {columns}",
        db.skip_locked()
    );
    sqlx::query(&sql)
        .bind(lease_until)
        .bind(now)
        .bind(now)
        .fetch_all(&db.pool)
        .await
}

pub use crate::clock::now_micros;

/// Stamps the database with `mode` (`sandbox` or `live`) unless it already
/// carries one; answers the mode it carries.
pub async fn stamp_mode(db: &Db, mode: &str, now: i64) -> Result<String, sqlx::Error> {
    sqlx::query(
        "INSERT INTO service_mode (id, mode, stamped_at) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING",
    )
    .bind(mode)
    .bind(now)
    .execute(&db.pool)
    .await?;
    let (stamped,): (String,) = sqlx::query_as("SELECT mode FROM service_mode WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    Ok(stamped)
}

/// Reads a column, mapping a decode failure to a database error.
pub fn col<'r, T>(row: &'r AnyRow, name: &str) -> Result<T, sqlx::Error>
where
    T: sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    sqlx::Row::try_get(row, name)
}

/// A text column read as one of our types, through that type's one `FromStr`;
/// text it does not know fails the row (written by something else: act on nothing).
pub fn col_as<T>(row: &AnyRow, name: &str) -> Result<T, sqlx::Error>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: String = col(row, name)?;
    text.parse().map_err(|e: T::Err| sqlx::Error::ColumnDecode {
        index: name.to_owned(),
        source: Box::new(e),
    })
}

/// [`col_as`] for a column that may be NULL.
pub fn col_as_opt<T>(row: &AnyRow, name: &str) -> Result<Option<T>, sqlx::Error>
where
    T: std::str::FromStr,
    T::Err: std::error::Error + Send + Sync + 'static,
{
    let text: Option<String> = col(row, name)?;
    text.map(|t| t.parse())
        .transpose()
        .map_err(|e: T::Err| sqlx::Error::ColumnDecode {
            index: name.to_owned(),
            source: Box::new(e),
        })
}

/// Whether an error is a unique-constraint violation (a race lost, or a replay).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.is_unique_violation())
}
