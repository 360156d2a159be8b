//! Whether this replica should get traffic (`/readyz`) as opposed to whether it
//! runs at all (`/livez`): the database answers in time, its migrations are this
//! build's, and the replica is not shutting down. A load balancer drains a replica
//! that turns unready. The worker is not a readiness check: a round waits on Antom,
//! and Antom being slow must not take every replica out at once; its last round is
//! a metric (`worker_last_round_timestamp_seconds`) with an alert instead.

use crate::Service;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

/// What the serving loop and the worker tell the probes.
#[derive(Debug, Default)]
pub struct Health {
    draining: AtomicBool,
    /// Unix seconds (real time) the worker started in this process; 0: it does not run here.
    worker_started: AtomicI64,
    /// Unix seconds (real time) of the worker's last finished round; 0: none yet.
    last_round: AtomicI64,
    /// The last database and migrations verdicts, and when they were reached.
    checked: tokio::sync::Mutex<Option<Checked>>,
}

type Checked = (
    std::time::Instant,
    Result<String, String>,
    Result<String, String>,
);

/// How long a probe's database verdicts are reused. `/readyz` needs no key, so
/// however often it is polled (by a load balancer, or anyone), the database answers
/// at most one pair of probe queries a second per replica.
const REUSED_FOR: Duration = Duration::from_secs(1);

impl Health {
    /// The replica is shutting down: unready from now on, while open requests finish.
    pub fn drain(&self) {
        self.draining.store(true, Ordering::SeqCst);
    }

    /// Whether [`Health::drain`] was called.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::SeqCst)
    }

    /// The worker runs in this process, since `now` (real Unix seconds).
    pub fn worker_started(&self, now: i64) {
        self.worker_started.store(now, Ordering::SeqCst);
    }

    /// Real Unix seconds of the worker's last finished round (its start before the
    /// first round ends); 0 where the worker does not run.
    pub fn worker_last_round(&self) -> i64 {
        let started = self.worker_started.load(Ordering::SeqCst);
        if started == 0 {
            return 0;
        }
        self.last_round.load(Ordering::SeqCst).max(started)
    }

    /// The worker finished a round at `now` (real Unix seconds).
    pub fn round_done(&self, now: i64) {
        self.last_round.store(now, Ordering::SeqCst);
    }
}

/// How long the database may take to answer a probe.
const DATABASE_BOUND: Duration = Duration::from_secs(2);

/// `/readyz`'s verdict: each check's word, and whether all passed.
#[derive(Debug, serde::Serialize)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    pub status: &'static str,
    /// `database`, `migrations`, `shutdown`: `ok`, or why not (details in the log).
    pub checks: BTreeMap<&'static str, String>,
}

impl Readiness {
    /// Whether every check passed.
    pub fn is_ready(&self) -> bool {
        self.status == "ready"
    }
}

/// Runs every check.
pub async fn readiness(svc: &Service) -> Readiness {
    let mut checks = BTreeMap::new();
    let mut ready = true;
    let mut verdict = |name, outcome: Result<String, String>| {
        ready &= outcome.is_ok();
        checks.insert(name, outcome.unwrap_or_else(|e| e));
    };
    verdict(
        "shutdown",
        if svc.health.is_draining() {
            Err("shutting down".into())
        } else {
            Ok("ok".into())
        },
    );
    let (database, migrations) = database_verdicts(svc).await;
    verdict("database", database);
    verdict("migrations", migrations);
    Readiness {
        status: if ready { "ready" } else { "not_ready" },
        checks,
    }
}

/// The database and migrations verdicts, at most [`REUSED_FOR`] old; probes that
/// arrive while one is asking wait for its answer rather than ask again.
async fn database_verdicts(svc: &Service) -> (Result<String, String>, Result<String, String>) {
    let mut last = svc.health.checked.lock().await;
    if let Some((at, database, migrations)) = last.as_ref() {
        if at.elapsed() < REUSED_FOR {
            return (database.clone(), migrations.clone());
        }
    }
    let verdicts = (database(svc).await, migrations(svc).await);
    *last = Some((
        std::time::Instant::now(),
        verdicts.0.clone(),
        verdicts.1.clone(),
    ));
    verdicts
}

async fn database(svc: &Service) -> Result<String, String> {
    match tokio::time::timeout(
        DATABASE_BOUND,
        sqlx::query("SELECT 1").execute(&svc.db.pool),
    )
    .await
    {
        Ok(Ok(_)) => Ok("ok".into()),
        Ok(Err(e)) => {
            // The error may name the database's host or user: logged, not answered.
            tracing::warn!(error = %e, "readiness: the database refused");
            Err("error".into())
        }
        Err(_) => Err(format!("no answer within {} s", DATABASE_BOUND.as_secs())),
    }
}

/// The database has this build's newest migration: an older build against a newer
/// schema, or the other way round, does not take traffic.
async fn migrations(svc: &Service) -> Result<String, String> {
    let Some(newest) = crate::store::MIGRATOR.iter().map(|m| m.version).max() else {
        return Ok("ok".into());
    };
    let applied: Result<(i64,), _> = tokio::time::timeout(
        DATABASE_BOUND,
        sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = $1")
            .bind(newest)
            .fetch_one(&svc.db.pool),
    )
    .await
    .map_err(|_| "no answer".to_owned())?;
    match applied {
        Ok((1..,)) => Ok("ok".into()),
        Ok(_) => Err(format!("migration {newest} is not applied")),
        Err(e) => {
            tracing::warn!(error = %e, "readiness: the migrations could not be read");
            Err("error".into())
        }
    }
}
