//! `merchant webhooks test URL --secret whsec_…`: a go-live check of a merchant's own
//! webhook receiver. It posts a `payment.succeeded` the way this service does, signed
//! with the endpoint's secret, then deliveries a receiver must refuse (a wrong
//! signature, none, a changed body, a timestamp outside five minutes) and one it must
//! take (two signatures during a secret's rotation, one of them right). A receiver
//! that answers 2xx to a forged webhook fails.

use contract::api::{PaymentState, PaymentView};
use contract::webhooks::{Event, EventType};
use standardwebhooks::Webhook;
use std::time::Duration;

/// What a receiver should do with a delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// Answer 2xx: it is ours and intact.
    Accept,
    /// Answer anything but 2xx: it is forged, changed or stale.
    Refuse,
    /// Either is safe, with a condition the report states.
    Either,
}

/// One delivery and how the receiver answered it.
#[derive(Debug, Clone)]
pub struct CaseOutcome {
    /// What was sent, in a few words.
    pub case: &'static str,
    /// What the receiver should do.
    pub expect: Expect,
    /// The HTTP status it answered; `None` when nothing came back.
    pub status: Option<u16>,
    /// Why nothing came back (connect refused, timeout).
    pub error: Option<String>,
}

impl CaseOutcome {
    /// Whether the answer is the one expected (`Either` always is).
    pub fn passed(&self) -> bool {
        let accepted = self.status.is_some_and(|s| (200..300).contains(&s));
        match self.expect {
            Expect::Accept => accepted,
            Expect::Refuse => self.status.is_some() && !accepted,
            Expect::Either => self.status.is_some(),
        }
    }

    /// Whether the receiver took it (2xx).
    pub fn accepted(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Why the check could not run.
#[derive(Debug, thiserror::Error)]
pub enum ReceiverCheckError {
    /// The secret is not an endpoint secret (`whsec_` and base64).
    #[error("--secret must be the endpoint's whsec_… secret: {0}")]
    Secret(String),
    /// The URL is not http(s).
    #[error("the receiver's URL must be http:// or https://")]
    Url,
    /// No HTTP client could be made.
    #[error("no HTTP client: {0}")]
    Client(String),
}

/// A plausible event: a sandbox payment that succeeded, as the service sends it.
fn sample_event(id: &str, now: i64) -> Event {
    let payment = PaymentView {
        id: "pay_webhookstest".into(),
        state: PaymentState::Succeeded,
        amount: crate::domain::checkout::money(10_000, "PHP"),
        wallet: "GCASH".into(),
        failure_code: None,
        paid_at: Some(now),
        order_reference: "webhooks-test-order".into(),
        refunded_minor: 0,
        created_at: now,
        livemode: false,
        metadata: Default::default(),
        attempts: Vec::new(),
        next_attempt_at: None,
        is_final: None,
        recovery_url: None,
    };
    Event {
        id: id.to_owned(),
        event_type: EventType::PaymentSucceeded.as_str().to_owned(),
        created_at: now,
        livemode: false,
        data: serde_json::to_value(payment).unwrap_or_default(),
    }
}

/// One delivery as it goes on the wire.
struct Delivery {
    id: String,
    timestamp: i64,
    signature: Option<String>,
    body: Vec<u8>,
}

/// Posts every case to `url` and reports each answer.
pub async fn check_receiver(
    url: &str,
    secret: &str,
) -> Result<Vec<CaseOutcome>, ReceiverCheckError> {
    let parsed = url::Url::parse(url).map_err(|_| ReceiverCheckError::Url)?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(ReceiverCheckError::Url);
    }
    if !secret.starts_with("whsec_") {
        return Err(ReceiverCheckError::Secret(
            "it does not start with whsec_".into(),
        ));
    }
    let theirs = Webhook::new(secret).map_err(|e| ReceiverCheckError::Secret(e.to_string()))?;
    // Not theirs: what a forger, or a secret rotated out long ago, signs with.
    let forger = Webhook::from_bytes(crate::crypto::random_token(24).into_bytes())
        .map_err(|e| ReceiverCheckError::Secret(e.to_string()))?;
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| ReceiverCheckError::Client(e.to_string()))?;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let cases = cases(&theirs, &forger, now);
    let mut outcomes = Vec::with_capacity(cases.len());
    for (case, expect, d) in cases {
        let mut request = client
            .post(parsed.clone())
            .header("content-type", "application/json")
            .header(standardwebhooks::HEADER_WEBHOOK_ID, &d.id)
            .header(
                standardwebhooks::HEADER_WEBHOOK_TIMESTAMP,
                d.timestamp.to_string(),
            );
        if let Some(signature) = &d.signature {
            request = request.header(standardwebhooks::HEADER_WEBHOOK_SIGNATURE, signature);
        }
        let answer = request.body(d.body).send().await;
        outcomes.push(CaseOutcome {
            case,
            expect,
            status: answer.as_ref().ok().map(|r| r.status().as_u16()),
            error: answer.err().map(|e| e.to_string()),
        });
    }
    Ok(outcomes)
}

/// Every delivery to send, with what the receiver should do with it.
fn cases(theirs: &Webhook, forger: &Webhook, now: i64) -> Vec<(&'static str, Expect, Delivery)> {
    let sign = |w: &Webhook, d: &Delivery| w.sign(&d.id, d.timestamp, &d.body).unwrap_or_default();
    let delivery = |timestamp: i64| {
        let id = crate::crypto::new_id("msg_webhookstest");
        let body = serde_json::to_vec(&sample_event(&id, now)).unwrap_or_default();
        Delivery {
            id,
            timestamp,
            signature: None,
            body,
        }
    };
    let mut cases: Vec<(&'static str, Expect, Delivery)> = Vec::new();
    let mut valid = delivery(now);
    valid.signature = Some(sign(theirs, &valid));
    let replay = Delivery {
        id: valid.id.clone(),
        timestamp: valid.timestamp,
        signature: valid.signature.clone(),
        body: valid.body.clone(),
    };
    cases.push(("signed with your secret", Expect::Accept, valid));
    let mut rotating = delivery(now);
    rotating.signature = Some(format!(
        "{} {}",
        sign(forger, &rotating),
        sign(theirs, &rotating)
    ));
    cases.push((
        "two signatures during a rotation, the second yours",
        Expect::Accept,
        rotating,
    ));
    let mut forged = delivery(now);
    forged.signature = Some(sign(forger, &forged));
    cases.push(("signed with another secret", Expect::Refuse, forged));
    cases.push(("no signature", Expect::Refuse, delivery(now)));
    let mut changed = delivery(now);
    changed.signature = Some(sign(theirs, &changed));
    changed.body = String::from_utf8_lossy(&changed.body)
        .replace("10000", "1")
        .into_bytes();
    cases.push((
        "body changed after signing (amount 10000 → 1)",
        Expect::Refuse,
        changed,
    ));
    let mut stale = delivery(now - 10 * 60);
    stale.signature = Some(sign(theirs, &stale));
    cases.push(("signed 10 minutes ago", Expect::Refuse, stale));
    let mut early = delivery(now + 10 * 60);
    early.signature = Some(sign(theirs, &early));
    cases.push(("signed 10 minutes in the future", Expect::Refuse, early));
    cases.push((
        "the first delivery again, byte for byte (a replay)",
        Expect::Either,
        replay,
    ));
    cases
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_event_is_what_the_service_sends() {
        let event = sample_event("msg_1", 1_800_000_000);
        let text = serde_json::to_string(&event).unwrap();
        let back: Event = serde_json::from_str(&text).unwrap();
        let payment: PaymentView = serde_json::from_value(back.data).unwrap();
        assert_eq!(payment.state, PaymentState::Succeeded);
        assert!(text.contains("\"type\":\"payment.succeeded\""), "{text}");
    }
}
