//! Delivering events: each recorded event is given its data and one delivery per
//! endpoint that wants it, then posted, signed, with no redirects followed and a
//! 10-second limit; a non-2xx or no answer is tried again with back-off and jitter
//! for a little over three days. Deliveries are leased, so replicas on one
//! PostgreSQL never send the same one twice at once.

use super::{event_of, render};
use crate::store::now;
use crate::store::webhooks::{self as store, AttemptRecord, DueDelivery};
use crate::Service;
use rand::Rng;
use std::time::{Duration, Instant};

/// The wait before each retry: 5 s, 5 min, 30 min, 2 h, 5 h, then 10 h seven times
/// (about 77 hours in all), as Standard Webhooks suggests; then the delivery fails.
const RETRY_AFTER_SECS: &[i64] = &[
    5,
    5 * 60,
    30 * 60,
    2 * 3600,
    5 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
    10 * 3600,
];
/// One attempt's limit.
pub const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
/// How much of an answer is kept.
const RESPONSE_HEAD_BYTES: usize = 256;
/// A lease outlives one attempt.
const LEASE_SECS: i64 = 30;

/// When to try again after `attempts` failed attempts (jittered by up to a tenth), or
/// `None` to give up.
pub fn next_attempt_after(attempts: usize) -> Option<i64> {
    let wait = *RETRY_AFTER_SECS.get(attempts.checked_sub(1)?)?;
    let jitter = rand::thread_rng().gen_range(0..=wait / 10);
    Some(wait + jitter)
}

/// Runs forever: woken after each commit that recorded an event, and at least every second.
pub async fn run(svc: Service) {
    let client = client();
    loop {
        if let Err(e) = round_with(&svc, &client).await {
            tracing::warn!(error = %e, "webhook round failed; will retry");
        }
        let _ =
            tokio::time::timeout(Duration::from_secs(1), svc.db.events_recorded.notified()).await;
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(ATTEMPT_TIMEOUT)
        .build()
        .unwrap_or_default()
}

/// One pass: dispatch what was recorded, send what is due.
pub async fn round(svc: &Service) -> anyhow::Result<()> {
    round_with(svc, &client()).await
}

async fn round_with(svc: &Service, client: &reqwest::Client) -> anyhow::Result<()> {
    dispatch(svc).await?;
    let now = now();
    let due = store::lease_due(&svc.db, now, now + LEASE_SECS).await?;
    // Side by side: a slow endpoint does not hold up the others.
    let mut sends = tokio::task::JoinSet::new();
    for d in due {
        let (svc, client) = (svc.clone(), client.clone());
        sends.spawn(async move { send(&svc, &client, &d).await });
    }
    while let Some(outcome) = sends.join_next().await {
        match outcome {
            Ok(Err(e)) => tracing::warn!(error = %e, "webhook delivery could not be recorded"),
            Err(e) => tracing::warn!(error = %e, "webhook delivery task failed"),
            Ok(Ok(())) => {}
        }
    }
    Ok(())
}

/// Gives recorded events their data and their deliveries.
async fn dispatch(svc: &Service) -> anyhow::Result<()> {
    let events = store::undispatched(&svc.db, 100).await?;
    if events.is_empty() {
        return Ok(());
    }
    let endpoints = store::endpoints(&svc.db).await?;
    for e in events {
        let data = match render(svc, &e).await {
            Ok(data) => data,
            Err(err) => {
                tracing::warn!(event = %e.id, error = %err, "event data could not be read; sent without it");
                serde_json::Value::Null
            }
        };
        let wanted: Vec<String> = endpoints
            .iter()
            .filter(|w| w.wants(&e.event_type))
            .map(|w| w.id.clone())
            .collect();
        store::dispatch(&svc.db, &e.id, &data.to_string(), &wanted, now()).await?;
    }
    Ok(())
}

/// One attempt at one delivery, recorded whatever happens.
async fn send(svc: &Service, client: &reqwest::Client, d: &DueDelivery) -> anyhow::Result<()> {
    let (Some(event), Some(endpoint)) = (
        store::event(&svc.db, &d.event_id).await?,
        store::endpoint(&svc.db, &d.endpoint_id).await?,
    ) else {
        return Ok(());
    };
    let body = serde_json::to_vec(&event_of(svc, &event))?;
    let at = now();
    let mut signatures = vec![sign(
        &svc.cipher.decrypt(&endpoint.secret_enc)?,
        &event.id,
        at,
        &body,
    )?];
    if let (Some(previous), Some(until)) = (&endpoint.previous_secret_enc, endpoint.previous_until)
    {
        if until > at {
            signatures.push(sign(&svc.cipher.decrypt(previous)?, &event.id, at, &body)?);
        }
    }
    let started = Instant::now();
    let answer = client
        .post(&endpoint.url)
        .header("content-type", "application/json")
        .header(standardwebhooks::HEADER_WEBHOOK_ID, &event.id)
        .header(standardwebhooks::HEADER_WEBHOOK_TIMESTAMP, at.to_string())
        .header(
            standardwebhooks::HEADER_WEBHOOK_SIGNATURE,
            signatures.join(" "),
        )
        .body(body)
        .send()
        .await;
    let (status_code, response_head, error) = match answer {
        Ok(r) => {
            let status = r.status().as_u16();
            let bytes = r.bytes().await.unwrap_or_default();
            let head = String::from_utf8_lossy(&bytes[..bytes.len().min(RESPONSE_HEAD_BYTES)])
                .into_owned();
            (Some(status), Some(head), None)
        }
        Err(e) => (
            None,
            None,
            Some(if e.is_timeout() {
                "timed out after 10 s".to_owned()
            } else {
                e.to_string()
            }),
        ),
    };
    let delivered = status_code.is_some_and(|s| (200..300).contains(&s));
    let attempts = usize::try_from(d.attempts).unwrap_or(0) + 1;
    let next = (!delivered)
        .then(|| next_attempt_after(attempts))
        .flatten()
        .map(|wait| at + wait);
    let record = AttemptRecord {
        at,
        status_code,
        duration_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        response_head,
        error,
    };
    store::record_attempt(&svc.db, &d.id, &record, delivered, next).await?;
    Ok(())
}

fn sign(secret: &str, id: &str, at: i64, body: &[u8]) -> anyhow::Result<String> {
    let webhook = standardwebhooks::Webhook::new(secret)
        .map_err(|e| anyhow::anyhow!("webhook secret: {e}"))?;
    webhook
        .sign(id, at, body)
        .map_err(|e| anyhow::anyhow!("signing: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_last_a_little_over_three_days_then_stop() {
        let total: i64 = RETRY_AFTER_SECS.iter().sum();
        assert!(total >= 72 * 3600, "{total}");
        assert!(next_attempt_after(1).is_some_and(|w| (5..=5).contains(&w)));
        assert!(next_attempt_after(2).is_some_and(|w| (300..=330).contains(&w)));
        assert_eq!(next_attempt_after(RETRY_AFTER_SECS.len() + 1), None);
        assert_eq!(next_attempt_after(0), None);
    }
}
