//! Webhooks to the merchant's systems, as Standard Webhooks specifies them: endpoints
//! with `whsec_` secrets (rotated with a 24-hour overlap), events recorded in the same
//! transaction as the change they report (`store::events`), and their delivery
//! (`delivery`), signed with the `standardwebhooks` crate.

pub mod address;
pub mod delivery;
pub mod receiver_check;

use crate::crypto::new_id;
use crate::domain::error::{Error, ErrorCode, Result};
use crate::domain::{declaring, linking, payment_records, refunding};
use crate::store::webhooks::{self as store, EndpointRow, EventRow};
use crate::store::{declarations, refunds, wallets};
use crate::Service;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
pub use contract::requests::EventQuery;
pub use contract::webhooks::{Event, EventType, NewWebhookEndpoint, WebhookEndpoint};
use rand::RngCore;

/// An endpoint's signing secret, sealed to its endpoint.
pub fn secret_binding(endpoint_id: &str) -> crate::crypto::Binding<'_> {
    crate::crypto::Binding {
        purpose: "webhook_endpoint.secret",
        row: endpoint_id,
    }
}

/// How long a rotated-out secret keeps signing beside the new one.
pub const ROTATION_OVERLAP_SECS: i64 = 24 * 3600;

fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut key);
    format!("whsec_{}", STANDARD.encode(key))
}

fn view(svc: &Service, e: &EndpointRow, secret: Option<String>) -> WebhookEndpoint {
    WebhookEndpoint {
        id: e.id.clone(),
        url: e.url.clone(),
        event_types: e.event_types(),
        created_at: e.created_at,
        secret,
        previous_secret_until: e.previous_until.filter(|until| *until > svc.now()),
        livemode: svc.config.livemode(),
    }
}

/// Registers an endpoint; the answer carries its secret, which is never shown again.
pub async fn create_endpoint(svc: &Service, req: NewWebhookEndpoint) -> Result<WebhookEndpoint> {
    let url = req.url.trim();
    let https = url.starts_with("https://") && url.len() > "https://".len();
    let allowed = https || (!svc.config.livemode() && crate::config::is_loopback_http(url));
    if url.len() > 2048 || !allowed {
        return Err(Error::validation(if svc.config.livemode() {
            "url must be an https:// URL of at most 2048 characters"
        } else {
            "url must be https:// (or http:// to a loopback host in sandbox mode), at most 2048 characters"
        }));
    }
    // Never this service's own network: a host name (vetted again at every send), not an address.
    let usable = reqwest::Url::parse(url).is_ok_and(|parsed| {
        parsed.username().is_empty()
            && parsed.password().is_none()
            && address::host_allowed(&parsed, svc.config.is_sandbox())
    });
    if !usable {
        return Err(Error::validation(
            "url: the address is not allowed (use a host name of the public internet, no IP address and no user:password@)",
        ));
    }
    let mut types = req.event_types.clone();
    types.sort();
    types.dedup();
    let known = |t: &String| t == "*" || EventType::parse(t).is_some();
    if types.is_empty() || !types.iter().all(known) {
        return Err(Error::validation(format!(
            "event_types must be [\"*\"] or some of {:?}",
            EventType::names().collect::<Vec<_>>()
        )));
    }
    if types.iter().any(|t| t == "*") {
        types = vec!["*".to_owned()];
    }
    let secret = new_secret();
    let id = new_id("we");
    let row = EndpointRow {
        secret_enc: svc.cipher.seal(&secret, secret_binding(&id)),
        id,
        url: url.to_owned(),
        event_types_json: serde_json::to_string(&types).map_err(anyhow::Error::from)?,
        previous_secret_enc: None,
        previous_until: None,
        created_at: svc.now(),
    };
    store::insert_endpoint(&svc.db, &row).await?;
    Ok(view(svc, &row, Some(secret)))
}

/// The live endpoints (without secrets).
pub async fn endpoints(svc: &Service) -> Result<Vec<WebhookEndpoint>> {
    Ok(store::endpoints(&svc.db)
        .await?
        .iter()
        .map(|e| view(svc, e, None))
        .collect())
}

/// Stops sending to an endpoint.
pub async fn delete_endpoint(svc: &Service, id: &str) -> Result<()> {
    if store::delete_endpoint(&svc.db, id, svc.now()).await? {
        Ok(())
    } else {
        Err(Error::NotFound("webhook endpoint"))
    }
}

/// A new secret for an endpoint; the old one signs beside it for 24 hours.
pub async fn rotate_secret(svc: &Service, id: &str) -> Result<WebhookEndpoint> {
    let secret = new_secret();
    let until = svc.now() + ROTATION_OVERLAP_SECS;
    if !store::rotate_secret(
        &svc.db,
        id,
        &svc.cipher.seal(&secret, secret_binding(id)),
        until,
    )
    .await?
    {
        return Err(Error::NotFound("webhook endpoint"));
    }
    let row = store::endpoint(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("webhook endpoint"))?;
    Ok(view(svc, &row, Some(secret)))
}

/// The object an event reports, as the `/v1` API shows it (read when the event is dispatched).
async fn render(svc: &Service, e: &EventRow) -> Result<serde_json::Value> {
    let detail: serde_json::Value = e
        .detail_json
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or(serde_json::Value::Null);
    let value = match e.object_type.as_str() {
        "payment" => serde_json::to_value(payment_records::view_by_id(svc, &e.object_id).await?),
        "refund" => {
            let r = refunds::get(&svc.db, &e.object_id)
                .await?
                .ok_or(Error::NotFound("refund"))?;
            serde_json::to_value(refunding::view(svc, &r))
        }
        "declaration" => {
            let d = declarations::get(&svc.db, &e.object_id)
                .await?
                .ok_or(Error::NotFound("declaration"))?;
            serde_json::to_value(declaring::view(svc, &d))
        }
        "wallet" => {
            let w = wallets::get(&svc.db, &e.object_id)
                .await?
                .ok_or(Error::NotFound("linked wallet"))?;
            let ended_by = detail["ended_by"].as_str().map(str::to_owned);
            let mut view = linking::buyer_wallet(svc, &w, ended_by).await?;
            view.linked_from = serde_json::from_value(detail["linked_from"].clone()).ok();
            serde_json::to_value(view)
        }
        "mandate" => serde_json::to_value(crate::domain::mandates::get(svc, &e.object_id).await?),
        "checkout_session" => {
            serde_json::to_value(crate::domain::checkout::view(svc, &e.object_id).await?)
        }
        "reconciliation" => {
            let report = crate::store::reconciliation::report_of(&svc.db, &e.object_id)
                .await?
                .ok_or(Error::NotFound("reconciliation import"))?;
            let mut v: serde_json::Value =
                serde_json::from_str(&report).map_err(anyhow::Error::from)?;
            v["mismatches"] = detail["mismatches"].clone();
            Ok(v)
        }
        _ => Ok(detail),
    };
    value.map_err(|e| Error::Internal(anyhow::Error::from(e)))
}

/// An event as the API and the webhooks show it.
fn event_of(svc: &Service, e: &EventRow) -> Event {
    let data = e
        .data_json
        .as_deref()
        .and_then(|d| serde_json::from_str(d).ok())
        .unwrap_or(serde_json::Value::Null);
    event_with(svc, e, data)
}

/// An event with `data` as given (the dispatch has it at hand, not yet stored).
fn event_with(svc: &Service, e: &EventRow, data: serde_json::Value) -> Event {
    Event {
        id: e.id.clone(),
        event_type: e.event_type.clone(),
        created_at: e.created_at,
        livemode: svc.config.livemode(),
        data,
    }
}

/// `GET /v1/events`.
pub async fn list(svc: &Service, q: &EventQuery) -> Result<contract::webhooks::EventPage> {
    // Refused like any other invalid value, as the document says (1 to 100), not clamped.
    let limit = q.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(Error::validation("limit must be 1 to 100"));
    }
    if let Some(t) = &q.event_type {
        if EventType::parse(t).is_none() {
            return Err(Error::validation(format!(
                "type must be one of {:?}",
                EventType::names().collect::<Vec<_>>()
            )));
        }
    }
    let before = match &q.before {
        Some(b) => Some(
            b.parse::<i64>()
                .map_err(|_| Error::validation("before must be a next_before value"))?,
        ),
        None => None,
    };
    let rows = store::events(
        &svc.db,
        q.event_type.as_deref(),
        q.object_id.as_deref(),
        q.from,
        q.to,
        before,
        limit + 1,
    )
    .await?;
    let more = rows.len() as i64 > limit;
    let page: Vec<&EventRow> = rows.iter().take(limit as usize).collect();
    Ok(contract::webhooks::EventPage {
        next_before: more
            .then(|| page.last().map(|e| e.created_seq.to_string()))
            .flatten(),
        events: page.iter().map(|e| event_of(svc, e)).collect(),
    })
}

/// `GET /v1/events/{id}`: the event and every delivery attempt.
pub async fn detail(svc: &Service, id: &str) -> Result<contract::webhooks::EventDetail> {
    let e = store::event(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("event"))?;
    let deliveries = store::deliveries(&svc.db, id)
        .await?
        .into_iter()
        .map(
            |(endpoint_id, status, next, attempts)| contract::webhooks::Delivery {
                endpoint_id,
                status,
                next_attempt_at: next,
                attempts: attempts
                    .into_iter()
                    .map(|a| contract::webhooks::DeliveryAttempt {
                        at: a.at,
                        status_code: a.status_code,
                        duration_ms: a.duration_ms,
                        error: a.error,
                    })
                    .collect(),
            },
        )
        .collect();
    Ok(contract::webhooks::EventDetail {
        event: event_of(svc, &e),
        deliveries,
    })
}

/// `POST /v1/events/{id}/redeliver`: sends it again now to every endpoint that had it.
pub async fn redeliver(svc: &Service, id: &str) -> Result<contract::webhooks::EventDetail> {
    store::event(&svc.db, id)
        .await?
        .ok_or(Error::NotFound("event"))?;
    if store::redeliver(&svc.db, id, svc.now()).await? == 0 {
        return Err(Error::conflict(
            ErrorCode::Validation,
            "the event was never dispatched to an endpoint that still exists",
        ));
    }
    detail(svc, id).await
}
