//! Delivering events: each recorded event is given its data and one delivery per
//! endpoint that wants it, then posted, signed, with no redirects followed and a
//! 10-second limit; a non-2xx or no answer is tried again with back-off and jitter
//! for a little over three days. Deliveries are leased, so replicas on one
//! PostgreSQL never send the same one twice at once.

use super::{event_of, event_with, render};
use crate::store::webhooks::{self as store, AttemptOutcome, AttemptRecord, EndpointRow};
use crate::Service;
use axum::body::Bytes;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, Semaphore};

/// One attempt's limit.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// A lease outlives one attempt.
const LEASE_SECS: i64 = 30;

/// Sends running at once, across all endpoints.
const MAX_SENDS: usize = 256;
/// Events given their data and deliveries per transaction.
const DISPATCH_BATCH: i64 = 500;
/// Due retries leased per round.
const RETRY_BATCH: i64 = 200;

/// One attempt ready to go, with everything it needs read once.
struct Job {
    delivery_id: String,
    /// Attempts made before this one.
    attempts: i64,
    event_id: String,
    /// The event as JSON (cheap to clone: one buffer for all its endpoints).
    body: Bytes,
    target: Arc<Target>,
    /// The trace the event happened in, sent as `traceparent`.
    traceparent: Option<String>,
    /// Another worker may take it after this (Unix seconds).
    leased_until: i64,
}

/// An endpoint as a send needs it: where, and the secrets that sign (the current one,
/// and the rotated-out one during its overlap).
struct Target {
    endpoint_id: String,
    url: String,
    event_types: Vec<String>,
    signers: Vec<standardwebhooks::Webhook>,
}

impl Target {
    fn of(svc: &Service, e: &EndpointRow, at: i64) -> anyhow::Result<Self> {
        let signer = |enc: &str| -> anyhow::Result<standardwebhooks::Webhook> {
            standardwebhooks::Webhook::new(&svc.cipher.open(enc, super::secret_binding(&e.id))?)
                .map_err(|e| anyhow::anyhow!("webhook secret: {e}"))
        };
        let mut signers = vec![signer(&e.secret_enc)?];
        if let (Some(previous), Some(until)) = (&e.previous_secret_enc, e.previous_until) {
            if until > at {
                signers.push(signer(previous)?);
            }
        }
        Ok(Self {
            endpoint_id: e.id.clone(),
            url: e.url.clone(),
            event_types: e.event_types(),
            signers,
        })
    }

    fn wants(&self, event_type: &str) -> bool {
        self.event_types.iter().any(|t| t == "*" || t == event_type)
    }
}

/// The live endpoints, ready to sign, read once per round.
async fn targets(svc: &Service, at: i64) -> anyhow::Result<Vec<Arc<Target>>> {
    let mut targets = Vec::new();
    for e in store::endpoints(&svc.db).await? {
        match Target::of(svc, &e, at) {
            Ok(t) => targets.push(Arc::new(t)),
            Err(err) => tracing::warn!(endpoint = %e.id, error = %err, "webhook endpoint unusable"),
        }
    }
    Ok(targets)
}

/// Runs forever: woken after each commit that recorded an event, and at least every
/// second. Dispatching, sending and recording overlap: a round hands its sends to
/// tasks and does not wait for them, and finished attempts are recorded in batches.
pub async fn run(svc: Service) {
    let sandbox = svc.config.is_sandbox();
    let client = match client(sandbox) {
        Ok(client) => client,
        Err(e) => {
            tracing::error!(error = %e, "no webhook client: nothing will be delivered");
            return;
        }
    };
    let permits = Arc::new(Semaphore::new(MAX_SENDS));
    let (done, outcomes) = mpsc::unbounded_channel();
    tokio::spawn(record_outcomes(svc.clone(), outcomes));
    loop {
        match next_jobs(&svc, permits.available_permits()).await {
            Ok(jobs) => {
                for job in jobs {
                    let (client, permits, done) = (client.clone(), permits.clone(), done.clone());
                    let clock = svc.clock.clone();
                    tokio::spawn(async move {
                        let Ok(_permit) = permits.acquire_owned().await else {
                            return;
                        };
                        if let Some(outcome) = attempt(&client, &job, sandbox, &clock).await {
                            let _ = done.send(outcome);
                        }
                    });
                }
            }
            Err(e) => tracing::warn!(error = %e, "webhook round failed; will retry"),
        }
        let _ =
            tokio::time::timeout(Duration::from_secs(1), svc.db.events_recorded.notified()).await;
    }
}

/// Writes finished attempts, as many as have arrived in one transaction.
async fn record_outcomes(svc: Service, mut outcomes: mpsc::UnboundedReceiver<AttemptOutcome>) {
    while let Some(first) = outcomes.recv().await {
        let mut batch = vec![first];
        while batch.len() < 500 {
            match outcomes.try_recv() {
                Ok(o) => batch.push(o),
                Err(_) => break,
            }
        }
        record(&svc, &batch).await;
    }
}

/// Records `outcomes` in one transaction; if that fails, one by one, so one
/// record the database refuses cannot lose the others (whatever fails alone is
/// left to its lease, and sent again).
async fn record(svc: &Service, outcomes: &[AttemptOutcome]) {
    for o in outcomes {
        svc.metrics.webhook_attempt(if o.delivered {
            "delivered"
        } else if o.record.status_code.is_some() {
            // The endpoint answered, but not 2xx.
            "refused"
        } else {
            "unreachable"
        });
    }
    if store::record_attempts(&svc.db, outcomes).await.is_ok() || outcomes.len() < 2 {
        return;
    }
    for one in outcomes.chunks(1) {
        if let Err(e) = store::record_attempts(&svc.db, one).await {
            tracing::warn!(error = %e, delivery = %one[0].delivery_id, "webhook attempt could not be recorded; its lease lapses and it is sent again");
        }
    }
}

/// The client of every delivery: no redirects, no proxy from the environment (a
/// proxy would resolve the receiver's name itself, unvetted), and only the
/// addresses [`VettedResolver`] keeps. Without it, nothing is sent.
fn client(sandbox: bool) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(ATTEMPT_TIMEOUT)
        .dns_resolver(std::sync::Arc::new(VettedResolver { sandbox }))
        .build()?)
}

/// One whole pass, waited for: dispatch what was recorded, send what is due, record
/// every attempt. (Tests drive delivery with it.)
pub async fn round(svc: &Service) -> anyhow::Result<()> {
    let sandbox = svc.config.is_sandbox();
    let client = client(sandbox)?;
    let jobs = next_jobs(svc, MAX_SENDS).await?;
    let mut sends = tokio::task::JoinSet::new();
    for job in jobs {
        let (client, clock) = (client.clone(), svc.clock.clone());
        sends.spawn(async move { attempt(&client, &job, sandbox, &clock).await });
    }
    let mut outcomes = Vec::new();
    while let Some(outcome) = sends.join_next().await {
        match outcome {
            Ok(Some(o)) => outcomes.push(o),
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "webhook delivery task failed"),
        }
    }
    record(svc, &outcomes).await;
    Ok(())
}

/// The attempts to make now: the first one of each newly dispatched delivery, and due
/// retries (no more than `free_slots` less those).
async fn next_jobs(svc: &Service, free_slots: usize) -> anyhow::Result<Vec<Job>> {
    let at = svc.now();
    // The endpoints are read only in a round that has something for them.
    let mut endpoints = None;
    let mut jobs = Vec::new();
    let events = store::undispatched(&svc.db, DISPATCH_BATCH).await?;
    if !events.is_empty() {
        let targets = endpoints.insert(targets(svc, at).await?);
        jobs = dispatch(svc, events, targets, at).await?;
    }
    let room = i64::try_from(free_slots.saturating_sub(jobs.len())).unwrap_or(0);
    if room > 0 {
        let due = store::lease_due(&svc.db, at, at + LEASE_SECS, room.min(RETRY_BATCH)).await?;
        if !due.is_empty() {
            let targets = match endpoints {
                Some(t) => t,
                None => targets(svc, at).await?,
            };
            jobs.extend(retries(svc, due, &targets, at).await?);
        }
    }
    Ok(jobs)
}

/// Gives recorded events their data and their deliveries, all in one transaction, and
/// returns their first attempts, already leased to this worker.
async fn dispatch(
    svc: &Service,
    events: Vec<store::EventRow>,
    targets: &[Arc<Target>],
    at: i64,
) -> anyhow::Result<Vec<Job>> {
    let mut batch = Vec::with_capacity(events.len());
    let mut planned = Vec::new();
    for e in events {
        let data = match render(svc, &e).await {
            Ok(data) => data,
            Err(err) => {
                tracing::warn!(event = %e.id, error = %err, "event data could not be read; sent without it");
                serde_json::Value::Null
            }
        };
        let data_json = data.to_string();
        let wanted: Vec<&Arc<Target>> = targets.iter().filter(|t| t.wants(&e.event_type)).collect();
        let deliveries: Vec<(String, String)> = wanted
            .iter()
            .map(|t| (crate::crypto::new_id("whd"), t.endpoint_id.clone()))
            .collect();
        if !wanted.is_empty() {
            let body = Bytes::from(serde_json::to_vec(&event_with(svc, &e, data))?);
            for ((delivery_id, _), target) in deliveries.iter().zip(wanted) {
                planned.push(Job {
                    delivery_id: delivery_id.clone(),
                    attempts: 0,
                    event_id: e.id.clone(),
                    body: body.clone(),
                    target: Arc::clone(target),
                    traceparent: e.traceparent.clone(),
                    leased_until: at + LEASE_SECS,
                });
            }
        }
        batch.push(store::Dispatch {
            event_id: e.id,
            data_json,
            deliveries,
        });
    }
    let taken = store::dispatch(&svc.db, &batch, at, at + LEASE_SECS).await?;
    // Another replica dispatched what this one did not get: its deliveries are its own.
    Ok(planned
        .into_iter()
        .filter(|j| taken.contains(&j.event_id))
        .collect())
}

/// The attempts of due retries (and redeliveries) leased to this worker.
async fn retries(
    svc: &Service,
    due: Vec<store::DueDelivery>,
    targets: &[Arc<Target>],
    at: i64,
) -> anyhow::Result<Vec<Job>> {
    let mut jobs = Vec::with_capacity(due.len());
    for d in due {
        // A deleted endpoint's deliveries were failed with it; an unusable one is warned of above.
        let Some(target) = targets.iter().find(|t| t.endpoint_id == d.endpoint_id) else {
            continue;
        };
        let Some(event) = store::event(&svc.db, &d.event_id).await? else {
            continue;
        };
        jobs.push(Job {
            delivery_id: d.id,
            attempts: d.attempts,
            body: Bytes::from(serde_json::to_vec(&event_of(svc, &event))?),
            event_id: event.id,
            target: Arc::clone(target),
            traceparent: event.traceparent,
            leased_until: at + LEASE_SECS,
        });
    }
    Ok(jobs)
}

/// One attempt at one delivery; `None` if its lease ran too low while it waited for a
/// send slot, or it could not be signed (it is left for whichever worker leases it next,
/// so it is never sent twice at once, nor unsigned).
async fn attempt(
    client: &reqwest::Client,
    job: &Job,
    sandbox: bool,
    clock: &crate::clock::Clock,
) -> Option<AttemptOutcome> {
    let at = clock.unix();
    let timeout = i64::try_from(ATTEMPT_TIMEOUT.as_secs()).unwrap_or(i64::MAX);
    if at + timeout + 2 > job.leased_until {
        return None;
    }
    // Never sent unsigned: a failure to sign leaves it for the lease to lapse and a retry.
    let signatures = job
        .target
        .signers
        .iter()
        .map(|signer| signer.sign(&job.event_id, at, &job.body))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| tracing::warn!(event = %job.event_id, error = %e, "webhook not signed"))
        .ok()?;
    let started = Instant::now();
    // Checked at every send too: an endpoint stored before the rule, or a row edited since.
    let (status_code, error) = match reqwest::Url::parse(&job.target.url) {
        Ok(url) if address::host_allowed(&url, sandbox) => {
            let mut request = client.post(url);
            if let Some(traceparent) = &job.traceparent {
                request = request.header("traceparent", traceparent);
            }
            let answer = request
                .header("content-type", "application/json")
                .header(standardwebhooks::HEADER_WEBHOOK_ID, &job.event_id)
                .header(standardwebhooks::HEADER_WEBHOOK_TIMESTAMP, at.to_string())
                .header(
                    standardwebhooks::HEADER_WEBHOOK_SIGNATURE,
                    signatures.join(" "),
                )
                .body(job.body.clone())
                .send()
                .await;
            match answer {
                Ok(r) => (Some(r.status().as_u16()), None),
                Err(e) => (None, Some(failure_class(&e))),
            }
        }
        _ => (None, Some(FailureClass::AddressNotAllowed)),
    };
    let delivered = status_code.is_some_and(|s| (200..300).contains(&s));
    let attempts = usize::try_from(job.attempts).unwrap_or(0) + 1;
    let next_attempt_at = (!delivered)
        .then(|| next_attempt_after(attempts))
        .flatten()
        .map(|wait| at + wait);
    Some(AttemptOutcome {
        delivery_id: job.delivery_id.clone(),
        record: AttemptRecord {
            at,
            status_code,
            duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            error: error.map(|c| c.as_str().to_owned()),
        },
        delivered,
        next_attempt_at,
    })
}

mod failure;
mod schedule;
pub use schedule::next_attempt_after;
#[cfg(test)]
use schedule::RETRY_AFTER_SECS;
#[cfg(test)]
mod tests;

use super::address::{self, VettedResolver};
use failure::{failure_class, FailureClass};
