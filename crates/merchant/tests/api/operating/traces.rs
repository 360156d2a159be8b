//! Traces (#33): the real binary exports OTLP/HTTP to a collector that decodes it with
//! the official protobuf definitions (`opentelemetry-proto`).

use crate::common::Shop;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::common::v1::any_value::Value as AnyValue;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use prost::Message;
use serde_json::json;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One exported span, as the collector decoded it.
#[derive(Debug, Clone)]
struct Exported {
    trace_id: String,
    span_id: String,
    parent_span_id: String,
    name: String,
    kind: i32,
    attributes: Vec<(String, String)>,
}

impl Exported {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Spans posted to `/v1/traces`, and webhooks' headers posted to `/hooks`.
#[derive(Clone, Default)]
struct Collector {
    spans: Arc<Mutex<Vec<Exported>>>,
    hooks: Arc<Mutex<Vec<HeaderMap>>>,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn traces(State(c): State<Collector>, body: axum::body::Bytes) -> StatusCode {
    let Ok(request) = ExportTraceServiceRequest::decode(body) else {
        return StatusCode::BAD_REQUEST;
    };
    let mut spans = c.spans.lock().unwrap();
    for resource in request.resource_spans {
        for scope in resource.scope_spans {
            for s in scope.spans {
                let attributes = s
                    .attributes
                    .iter()
                    .map(|kv| {
                        let value = match kv.value.as_ref().and_then(|v| v.value.as_ref()) {
                            Some(AnyValue::StringValue(text)) => text.clone(),
                            Some(AnyValue::IntValue(n)) => n.to_string(),
                            Some(other) => format!("{other:?}"),
                            None => String::new(),
                        };
                        (kv.key.clone(), value)
                    })
                    .collect();
                spans.push(Exported {
                    trace_id: hex(&s.trace_id),
                    span_id: hex(&s.span_id),
                    parent_span_id: hex(&s.parent_span_id),
                    name: s.name,
                    kind: s.kind,
                    attributes,
                });
            }
        }
    }
    StatusCode::OK
}

async fn hooks(State(c): State<Collector>, headers: HeaderMap) -> StatusCode {
    c.hooks.lock().unwrap().push(headers);
    StatusCode::OK
}

impl Collector {
    /// The collector and its base URL (as `OTEL_EXPORTER_OTLP_ENDPOINT`).
    async fn start() -> (Collector, String) {
        let c = Collector::default();
        let app = Router::new()
            .route("/v1/traces", post(traces))
            .route("/hooks", post(hooks))
            .with_state(c.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        (c, base)
    }

    /// The first exported span that `found` accepts, waiting for the exporter's batches.
    async fn span(&self, what: &str, found: impl Fn(&Exported) -> bool) -> Exported {
        for _ in 0..100 {
            if let Some(s) = self.spans.lock().unwrap().iter().find(|s| found(s)) {
                return s.clone();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let names: Vec<String> = self
            .spans
            .lock()
            .unwrap()
            .iter()
            .map(|s| s.name.clone())
            .collect();
        panic!("no span {what} among {names:?}");
    }
}

/// A buyer's payment is one trace: the request, the payment recorded before it is
/// sent, and the Antom pay call naming its `paymentRequestId`; the payment's webhook
/// carries that trace. A merchant's `/v1` call joins the trace its `traceparent`
/// names; a buyer's page cannot choose its trace.
#[tokio::test]
async fn a_buyer_payment_is_one_trace_with_its_antom_call_and_its_webhook_carries_it() {
    let (collector, endpoint) = Collector::start().await;
    let mut shop = Shop::open(&[
        ("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint.as_str()),
        ("OTEL_BSP_SCHEDULE_DELAY", "100"),
        // Otherwise notifyPayment may record payment.succeeded first, in its own trace.
        ("SANDBOX_NOTIFICATIONS", "off"),
    ])
    .await;
    let (mut child, base) = shop.process().await;
    shop.base = base;

    let merchant_trace = "4bf92f3577b34da6a3ce929d0e0e4736";
    let merchant_span = "00f067aa0ba902b7";
    let registered = shop
        .http
        .post(format!("{}/v1/webhook-endpoints", shop.base))
        .bearer_auth(&shop.api_key)
        .header(
            "traceparent",
            format!("00-{merchant_trace}-{merchant_span}-01"),
        )
        .json(&json!({"url": format!("{endpoint}/hooks"), "event_types": ["payment.succeeded"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), StatusCode::CREATED);
    let joined = collector
        .span("POST /v1/webhook-endpoints", |s| {
            s.name == "POST /v1/webhook-endpoints"
        })
        .await;
    assert_eq!(joined.trace_id, merchant_trace, "the merchant's trace");
    assert_eq!(
        joined.parent_span_id, merchant_span,
        "under the merchant's span"
    );
    assert_eq!(joined.kind, SpanKind::Server as i32);
    assert_eq!(joined.attribute("http.response.status_code"), Some("201"));

    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let paid = buyer.paid("k1").await;
    assert_eq!(paid.state, contract::api::PaymentState::Succeeded);
    let stored = merchant::store::payments::get(&shop.svc.db, &paid.id)
        .await
        .unwrap()
        .unwrap();
    let pay = collector
        .span("antom /v1/payments/pay", |s| {
            s.attribute("antom.api") == Some("/v1/payments/pay")
        })
        .await;
    assert_eq!(pay.name, "antom /v1/payments/pay");
    assert_eq!(pay.kind, SpanKind::Client as i32);
    assert_eq!(
        pay.attribute("antom.payment_request_id"),
        Some(stored.payment_request_id.as_str())
    );
    assert_eq!(pay.attribute("antom.result"), Some("S"));
    let request = collector
        .span("the pay request", |s| s.span_id == pay.parent_span_id)
        .await;
    assert_eq!(
        request.name, "POST /api/checkout-sessions/{id}/payments",
        "the Antom call is a child of the buyer's request"
    );
    assert_eq!(request.trace_id, pay.trace_id);
    assert_ne!(
        pay.trace_id, merchant_trace,
        "a new trace, not the merchant's"
    );
    let recorded = collector
        .span("the payment recorded before it is sent", |s| {
            s.attribute("db.operation") == Some("record_payment")
        })
        .await;
    assert_eq!(recorded.trace_id, pay.trace_id);
    assert_eq!(recorded.parent_span_id, request.span_id);

    // A buyer's request names a trace, unsampled: it is not joined, and still traced.
    let forged = "11111111111111111111111111111111";
    let summary = buyer
        .http
        .get(format!("{}{}", shop.base, buyer.api("")))
        .header("traceparent", format!("00-{forged}-1111111111111111-00"))
        .header("x-request-id", "req-forged-trace")
        .send()
        .await
        .unwrap();
    assert_eq!(summary.status(), StatusCode::OK);
    let summary_span = collector
        .span("the summary request", |s| {
            s.attribute("request_id") == Some("req-forged-trace")
        })
        .await;
    assert_eq!(summary_span.name, "GET /api/checkout-sessions/{id}");
    assert_ne!(summary_span.trace_id, forged);
    assert!(summary_span.parent_span_id.is_empty(), "a root span");

    merchant::webhooks::delivery::round(&shop.svc)
        .await
        .unwrap();
    let hooks = collector.hooks.lock().unwrap().clone();
    assert_eq!(hooks.len(), 1, "payment.succeeded, once");
    let traceparent = hooks[0]["traceparent"].to_str().unwrap().to_owned();
    let parts: Vec<&str> = traceparent.split('-').collect();
    assert_eq!(parts.len(), 4, "{traceparent}");
    assert_eq!(
        parts[1], pay.trace_id,
        "the webhook carries the payment's trace"
    );
    // Nothing secret or personal reached the collector: no key, no buyer, no concrete path.
    let exported = collector.spans.lock().unwrap().clone();
    for s in &exported {
        for (key, value) in &s.attributes {
            for secret in [shop.api_key.as_str(), "buyer-1", buyer.session_id.as_str()] {
                assert!(!value.contains(secret), "{} {key}={value}", s.name);
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}
