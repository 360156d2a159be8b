//! Whether this replica should get traffic (`/readyz`) as opposed to whether it
//! runs at all (`/livez`): the database answers in time, its migrations are this
//! build's, the worker (where it runs) finished a round lately, and the replica
//! is not shutting down. A load balancer drains a replica that turns unready.

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
}

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
    /// `database`, `migrations`, `worker`, `shutdown`: `ok`, or why not.
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
    verdict("database", database(svc).await);
    verdict("migrations", migrations(svc).await);
    verdict("worker", worker(svc));
    Readiness {
        status: if ready { "ready" } else { "not_ready" },
        checks,
    }
}

async fn database(svc: &Service) -> Result<String, String> {
    match tokio::time::timeout(
        DATABASE_BOUND,
        sqlx::query("SELECT 1").execute(&svc.db.pool),
    )
    .await
    {
        Ok(Ok(_)) => Ok("ok".into()),
        Ok(Err(e)) => Err(format!("error: {e}")),
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
        Err(e) => Err(format!("error: {e}")),
    }
}

/// Where the worker runs, its last round is recent: three intervals, and at least 30 s
/// (a round that calls Antom may take a while).
fn worker(svc: &Service) -> Result<String, String> {
    let h = &svc.health;
    let started = h.worker_started.load(Ordering::SeqCst);
    if started == 0 {
        return Ok("not run by this process".into());
    }
    // Its last round, or its start while no round has finished yet.
    let since = h.last_round.load(Ordering::SeqCst).max(started);
    let bound = (svc.config.worker_interval.as_secs() as i64 * 3).max(30);
    let age = crate::clock::real_now() - since;
    if age > bound {
        return Err(format!("no round finished in {age} s"));
    }
    Ok("ok".into())
}
