//! `/metrics`: Prometheus (OpenMetrics) text, read by the official parser; a
//! scenario moves each counter by exactly one; no label carries an id.

use crate::common::{self, Shop};
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeMap;

const TOKEN: &str = "metrics-token-for-the-tests-0123456789";

async fn scrape(shop: &Shop) -> String {
    let r = shop
        .http
        .get(format!("{}/metrics", shop.base))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

/// Each scrape's samples, as the official `prometheus_client` parser reads them.
fn parsed(scrapes: &[&str]) -> Vec<BTreeMap<String, f64>> {
    let venv = common::venv(
        "prometheus-client-venv",
        &["prometheus-client==0.21.1"],
        "import prometheus_client.openmetrics.parser",
    );
    let dir = std::env::temp_dir().join(common::unique("metrics"));
    std::fs::create_dir_all(&dir).unwrap();
    let files: Vec<_> = scrapes
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let path = dir.join(format!("{i}.txt"));
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/api/operating/parse_metrics.py");
    let out = std::process::Command::new(venv.join("bin/python"))
        .arg(script)
        .args(&files)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "the official parser refused it: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[tokio::test]
async fn metrics_parse_move_by_exactly_one_per_event_and_carry_no_ids() {
    let shop = Shop::open(&[("METRICS_TOKEN", TOKEN)]).await;
    let anonymous = shop
        .http
        .get(format!("{}/metrics", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    // A webhook endpoint nobody listens on, for refunds only: one failing attempt.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}/hooks", closed.local_addr().unwrap());
    drop(closed);
    let r = shop
        .merchant_post(
            "/v1/webhook-endpoints",
            None,
            json!({"url": dead, "event_types": ["refund.succeeded"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let before = scrape(&shop).await;

    let paid = shop.payment_by("buyer-1", 10_000).await;
    assert_eq!(
        shop.refund(&paid.id, "r1", 2_500).await.status(),
        StatusCode::CREATED
    );
    let declined = shop.payment_by("buyer-2", 10_001).await;
    assert_eq!(declined.state, contract::api::PaymentState::Failed);
    let forged = shop
        .notify(
            "/notify/payment",
            &json!({"notifyType": "PAYMENT_RESULT", "paymentRequestId": "x"}),
            Some(&antom::PrivateKey::generate().unwrap()),
        )
        .await;
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);

    merchant::webhooks::delivery::round(&shop.svc)
        .await
        .unwrap();
    let after = scrape(&shop).await;
    let samples = parsed(&[&before, &after]);
    let delta = |key: &str| {
        samples[1].get(key).copied().unwrap_or(0.0) - samples[0].get(key).copied().unwrap_or(0.0)
    };
    for (key, moved) in [
        ("antom_request_duration_seconds_count{api=/v1/payments/pay,result=S}", 1.0),
        ("antom_request_duration_seconds_count{api=/v1/payments/pay,result=F}", 1.0),
        ("antom_request_duration_seconds_count{api=/v1/payments/refund,result=S}", 1.0),
        ("antom_notifications_total{kind=payment,outcome=forged}", 1.0),
        ("http_request_duration_seconds_count{method=POST,route=/v1/payments/{id}/refunds,status=201}", 1.0),
        ("payments{state=succeeded,wallet=GCASH}", 1.0),
        ("payments{state=failed,wallet=GCASH}", 1.0),
        ("refunds{state=succeeded}", 1.0),
        ("webhook_attempts_total{state=unreachable}", 1.0),
        ("webhook_attempts_total{state=delivered}", 0.0),
        ("wallet_links{state=active}", 2.0),
    ] {
        assert_eq!(delta(key), moved, "{key}\n{after}");
    }
    assert_eq!(
        samples[1]["checkout_build_info{mode=sandbox,version=0.1.0}"],
        1.0
    );
    assert_eq!(
        samples[1]["payment_oldest_processing_age_seconds{}"], 0.0,
        "nothing is left processing"
    );
    assert_eq!(samples[1]["database_up{}"], 1.0);
    // The database goes away: the counters are still served, marked so.
    shop.svc.db.pool.close().await;
    let during = scrape(&shop).await;
    let during = &parsed(&[&during])[0];
    assert_eq!(during["database_up{}"], 0.0);
    assert_eq!(
        during["antom_request_duration_seconds_count{api=/v1/payments/refund,result=S}"],
        samples[1]["antom_request_duration_seconds_count{api=/v1/payments/refund,result=S}"]
    );
    // Every label value is from a fixed set: a route template, an API path, a state,
    // a wallet code; never an id, a key or a buyer.
    let ids = [
        paid.id.as_str(),
        declined.id.as_str(),
        "buyer-1",
        "buyer-2",
        "r1",
        TOKEN,
    ];
    for key in samples[1].keys() {
        for id in ids {
            assert!(!key.contains(id), "{key} carries {id}");
        }
    }
    let routes: Vec<&String> = samples[1]
        .keys()
        .filter(|k| k.starts_with("http_request_duration_seconds_count"))
        .collect();
    assert!(
        routes
            .iter()
            .all(|k| k.contains("route=/") || k.contains("route=unmatched")),
        "{routes:?}"
    );
}

#[tokio::test]
async fn without_a_metrics_token_there_is_no_metrics_page() {
    let shop = Shop::open(&[]).await;
    let r = shop
        .http
        .get(format!("{}/metrics", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);
}

/// Every metric the shipped alert rules use is one `/metrics` serves.
#[tokio::test]
async fn the_shipped_alert_rules_name_only_metrics_the_service_serves() {
    let shop = Shop::open(&[("METRICS_TOKEN", TOKEN)]).await;
    shop.payment_by("buyer-1", 10_000).await;
    let text = scrape(&shop).await;
    let families: std::collections::BTreeSet<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .filter_map(|l| l.split(' ').next())
        .collect();
    let rules = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/prometheus/alerts.yml"),
    )
    .unwrap();
    let mut named = 0;
    for word in rules.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        let family = ["_total", "_count", "_bucket", "_sum"]
            .iter()
            .find_map(|s| word.strip_suffix(s))
            .unwrap_or(word);
        let ours = [
            "antom_",
            "payment_",
            "payments_",
            "wallet_links_",
            "webhook_",
            "reconciliation_",
            "token_",
            "db_pool_",
            "worker_",
            "database_",
        ]
        .iter()
        .any(|p| word.starts_with(p));
        if ours {
            named += 1;
            assert!(
                families.contains(family),
                "{word} is not served: {families:?}"
            );
        }
    }
    assert!(named >= 10, "the rules name our metrics ({named})");
}

/// The console's health page reads the numbers `/metrics` serves: the same Antom
/// outcomes, the same stuck payments and lapsing links, and names what a metric may
/// not: the failing webhook endpoint.
#[tokio::test]
async fn the_health_page_shows_what_metrics_count_and_names_the_failing_endpoint() {
    let shop = Shop::open(&[("METRICS_TOKEN", TOKEN), ("SANDBOX_NOTIFICATIONS", "off")]).await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", closed.local_addr().unwrap());
    // A receiver whose URL carries its own secret, as some do.
    let dead = format!("{origin}/hooks?token=receiver-secret-123");
    drop(closed);
    let r = shop
        .merchant_post(
            "/v1/webhook-endpoints",
            None,
            json!({"url": dead, "event_types": ["payment.succeeded"]}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let endpoint: serde_json::Value = r.json().await.unwrap();
    let (reader, _) = crate::access::key(&shop, "dashboards", &["read"]).await;
    shop.payment_by("buyer-1", 10_000).await;
    shop.payment_by("buyer-2", 10_001).await;
    let pending = shop.payment_by("buyer-3", 10_003).await;
    assert_eq!(pending.state, contract::api::PaymentState::Processing);
    // Sent eleven minutes ago, and still no answer.
    sqlx::query("UPDATE payment_attempts SET created_at = created_at - 660 WHERE id = $1")
        .bind(&pending.id)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    // buyer-1's link lapses in three days.
    let lapses = shop.svc.now() + 3 * 86_400;
    sqlx::query("UPDATE linked_wallets SET access_token_expires_at = $1, refresh_token_expires_at = $1 WHERE buyer_reference = 'buyer-1'")
        .bind(lapses)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    merchant::webhooks::delivery::round(&shop.svc)
        .await
        .unwrap();

    let anonymous = shop
        .http
        .get(format!("{}/v1/service-health", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let r = shop.merchant_get("/v1/service-health").await;
    assert_eq!(r.status(), StatusCode::OK);
    let health: contract::health::ServiceHealth = r.json().await.unwrap();
    let metrics = &parsed(&[&scrape(&shop).await])[0];
    let metric = |key: &str| metrics.get(key).copied().unwrap_or(0.0) as u64;
    let a = &health.antom;
    assert_eq!((a.failed, a.pending, a.errors), (1, 1, 0), "{a:?}");
    assert_eq!(
        a.succeeded,
        metric("antom_call_outcomes_total{outcome=succeeded}")
    );
    assert_eq!(
        a.failed,
        metric("antom_call_outcomes_total{outcome=failed}")
    );
    assert_eq!(
        a.pending,
        metric("antom_call_outcomes_total{outcome=pending}")
    );
    let every_call: f64 = metrics
        .iter()
        .filter(|(k, _)| k.starts_with("antom_request_duration_seconds_count"))
        .map(|(_, v)| v)
        .sum();
    assert_eq!(
        a.calls, every_call as u64,
        "the latency histogram counts them alike"
    );
    assert!(a.since <= health.at && health.at - a.since <= 3_660);
    assert_eq!(health.stuck_payments, 1);
    assert_eq!(metric("payments_processing_over_ten_minutes{}"), 1);
    assert!(health.oldest_processing_seconds.is_some_and(|s| s >= 660));
    assert_eq!(health.links_lapsing_this_week, 1);
    assert_eq!(metric("wallet_links_lapsing_within_week{}"), 1);
    assert_eq!(health.failing_endpoints.len(), 1, "{health:?}");
    let failing = &health.failing_endpoints[0];
    assert_eq!(failing.id, endpoint["id"].as_str().unwrap());
    assert_eq!(failing.url, dead);
    assert_eq!(failing.failing_deliveries, 1);
    assert_eq!(failing.last_status, None, "nothing answered");
    assert_eq!(health.pending_deliveries, 1);
    assert_eq!(health.last_reconciliation, None);
    assert_eq!(health.sealed_under_old_keys, 0);
    assert_eq!(
        health.worker_last_round, None,
        "no worker runs in this replica"
    );
    // A key that may read but not manage webhooks sees where, not the whole URL.
    let r = shop
        .http
        .get(format!("{}/v1/service-health", shop.base))
        .bearer_auth(&reader)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let text = r.text().await.unwrap();
    assert!(!text.contains("receiver-secret-123"), "{text}");
    let health: contract::health::ServiceHealth = serde_json::from_str(&text).unwrap();
    assert_eq!(health.failing_endpoints[0].url, origin);
}
