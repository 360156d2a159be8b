//! Operating a replica (#33): `/livez` answers while the process runs; `/readyz`
//! says whether it should get traffic, and why not.

mod image;
mod metrics;
mod traces;

use crate::common::Shop;
use reqwest::StatusCode;
use serde_json::Value;

async fn probe(shop: &Shop, base: &str, path: &str) -> (StatusCode, Value) {
    let r = shop.http.get(format!("{base}{path}")).send().await.unwrap();
    let status = r.status();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

#[tokio::test]
async fn ready_names_each_check_and_turns_unready_while_shutting_down_while_live_stays() {
    let shop = Shop::open(&[]).await;
    let (status, body) = probe(&shop, &shop.base, "/readyz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ready");
    for check in ["database", "migrations", "shutdown"] {
        assert_eq!(body["checks"][check], "ok", "{body}");
    }
    for path in ["/livez", "/healthz"] {
        assert_eq!(
            probe(&shop, &shop.base, path).await.0,
            StatusCode::OK,
            "{path}"
        );
    }
    shop.svc.health.drain();
    let (status, body) = probe(&shop, &shop.base, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["checks"]["shutdown"], "shutting down");
    assert_eq!(probe(&shop, &shop.base, "/livez").await.0, StatusCode::OK);
}

#[tokio::test]
async fn an_old_schema_or_a_database_gone_makes_a_replica_unready_but_a_slow_worker_does_not() {
    let shop = Shop::open(&[]).await;
    // The worker started 100 s ago here and never finished a round (Antom is slow):
    // every replica would be in the same state, so it is an alert, not unreadiness.
    shop.svc
        .health
        .worker_started(merchant::clock::real_now() - 100);
    assert_eq!(probe(&shop, &shop.base, "/readyz").await.0, StatusCode::OK);
    assert!(shop.svc.health.worker_last_round() > 0);

    // A database whose newest migration is not this build's.
    let newest = merchant::store::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap();
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = $1")
        .bind(newest)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    // A verdict is reused for a second (the probe needs no key): the next one sees it.
    assert_eq!(probe(&shop, &shop.base, "/readyz").await.0, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, body) = probe(&shop, &shop.base, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        body["checks"]["migrations"],
        format!("migration {newest} is not applied")
    );

    // The database goes away: unready (the reason says nothing of the database's
    // address or user), and still alive.
    shop.svc.db.pool.close().await;
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let (status, body) = probe(&shop, &shop.base, "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["checks"]["database"], "error", "{body}");
    assert_eq!(probe(&shop, &shop.base, "/livez").await.0, StatusCode::OK);
}

#[cfg(unix)]
#[tokio::test]
async fn sigterm_makes_the_process_unready_while_it_drains_then_it_stops() {
    let shop = Shop::open(&[("SHUTDOWN_DRAIN_SECS", "3")]).await;
    let (mut child, base) = shop.process().await;
    let (status, body) = probe(&shop, &base, "/readyz").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut unready = None;
    for _ in 0..40 {
        let (status, body) = probe(&shop, &base, "/readyz").await;
        if status == StatusCode::SERVICE_UNAVAILABLE {
            unready = Some(body);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let body = unready.expect("unready soon after SIGTERM, while still answering");
    assert_eq!(body["checks"]["shutdown"], "shutting down");
    assert_eq!(
        probe(&shop, &base, "/livez").await.0,
        StatusCode::OK,
        "alive while draining"
    );
    let mut exited = None;
    for _ in 0..100 {
        if let Some(status) = child.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let status = exited.expect("stopped after the drain");
    assert!(status.success(), "{status:?}");
}

/// Antom rotates its key: during the overlap notifications signed by the current and
/// by the next key are both Antom's; after it (the next key is the current one, and
/// no next is set) only the new key is.
#[tokio::test]
async fn during_antoms_key_rotation_both_keys_sign_notifications_and_after_it_only_the_new_one() {
    let next = antom::PrivateKey::generate().unwrap();
    let next_public = next.public_key().to_spki_base64().unwrap();
    let shop = Shop::open(&[("ANTOM_PUBLIC_KEY_NEXT", next_public.as_str())]).await;
    let current = shop.antom_key();
    let stranger = antom::PrivateKey::generate().unwrap();
    // A notification of a payment this shop does not know: acknowledged once verified.
    let notice = serde_json::json!({"notifyType": "PAYMENT_RESULT", "paymentRequestId": "pr_unknown",
        "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"}});
    for (key, expected) in [
        (&current, StatusCode::OK),
        (&next, StatusCode::OK),
        (&stranger, StatusCode::UNAUTHORIZED),
    ] {
        let r = shop.notify("/notify/payment", &notice, Some(key)).await;
        assert_eq!(r.status(), expected);
    }
    // The rotation is over: the sandbox signs with the new key only, and no next is set.
    std::fs::write(
        shop.data_dir.join("sandbox-antom-private-key"),
        next.to_pkcs8_base64().unwrap(),
    )
    .unwrap();
    let after = shop.restarted_with(&[("ANTOM_PUBLIC_KEY_NEXT", "")]).await;
    let sent_by = |key| {
        let (after, notice) = (after.clone(), notice.clone());
        let shop = &shop;
        async move {
            shop.notify_to(
                &after,
                "/notify/payment",
                &notice,
                Some(key),
                antom::time::now(),
            )
            .await
            .status()
        }
    };
    let (status_new, status_old) = (sent_by(&next).await, sent_by(&current).await);
    assert_eq!(
        (status_new, status_old),
        (StatusCode::OK, StatusCode::UNAUTHORIZED)
    );
}

/// `LOG_FORMAT=json`: every line the service writes is one JSON object; a line
/// written while serving a request carries that request's id and, with traces on,
/// its trace id (even when the collector cannot be reached); no secret appears.
#[tokio::test]
async fn json_logs_are_one_object_per_line_with_the_request_and_trace_ids_and_no_secret() {
    use std::io::Read;
    let shop = Shop::open(&[
        ("LOG_FORMAT", "json"),
        ("SHUTDOWN_DRAIN_SECS", "0"),
        // Nothing listens there: exporting fails, quietly, and serving goes on.
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:9"),
    ])
    .await;
    let (mut child, base) = shop
        .process_with("info", std::process::Stdio::piped())
        .await;
    // A forged notification is logged (refused) inside its request.
    let forged = shop
        .http
        .post(format!("{base}/notify/payment"))
        .header("x-request-id", "req-json-log-1")
        .header("client-id", &shop.svc.config.antom_client_id)
        .header("request-time", antom::time::now())
        .header(
            "signature",
            "algorithm=RSA256,keyVersion=1,signature=Zm9yZ2Vk",
        )
        .body(r#"{"notifyType":"PAYMENT_RESULT"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::UNAUTHORIZED);
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let _ = child.wait();
    let lines: Vec<Value> = out
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l["fields"]["message"] == "checkout ready"),
        "{out}"
    );
    let refused = lines
        .iter()
        .find(|l| {
            l["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("notification refused"))
        })
        .unwrap_or_else(|| panic!("the refusal is logged: {out}"));
    assert_eq!(refused["span"]["request_id"], "req-json-log-1", "{refused}");
    let trace_id = refused["span"]["trace_id"].as_str().unwrap_or_default();
    assert!(
        trace_id.len() == 32 && trace_id.chars().all(|c| c.is_ascii_hexdigit()),
        "{refused}"
    );
    assert!(
        !out.contains(&shop.api_key),
        "the merchant API key never reaches the logs"
    );
}

/// `TOKEN_ENCRYPTION_KEY` rotates without downtime: with the old key in
/// `TOKEN_ENCRYPTION_KEY_PREVIOUS`, what it sealed still pays; the worker seals it
/// again with the new key; then the old key goes and nothing breaks.
#[tokio::test]
async fn the_token_key_rotates_without_downtime_and_the_old_key_can_then_go() {
    use base64::Engine;
    let key = |b: u8| base64::engine::general_purpose::STANDARD.encode([b; 32]);
    let (old, new) = (key(1), key(2));
    let shop = Shop::open(&[("TOKEN_ENCRYPTION_KEY", old.as_str())]).await;
    let buyer = shop.checkout("buyer-1", 10_000).await;
    buyer.link("GCASH").await;
    let buyer_first = &buyer;
    // An operator's TOTP secret is sealed with the same key.
    let operator = crate::access::operators::Operator::create(&shop, "viewer").await;
    let sealed_before: (String,) =
        sqlx::query_as("SELECT access_token_enc FROM linked_wallets WHERE status = 'active'")
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    // Rotated: the new key seals, the old one still opens.
    let rotated = shop
        .restarted_with(&[
            ("TOKEN_ENCRYPTION_KEY", new.as_str()),
            ("TOKEN_ENCRYPTION_KEY_PREVIOUS", old.as_str()),
        ])
        .await;
    let second = shop.open_in(&buyer, "buyer-1", 5_000).await;
    let pay = |base: String, key: &'static str, buyer: &'static str| {
        let buyer = if buyer == "first" {
            buyer_first
        } else {
            &second
        };
        async move {
            buyer
                .http
                .post(format!("{base}{}", buyer.api("/payments")))
                .header("Idempotency-Key", key)
                .header("X-Checkout-Request", "1")
                .json(&serde_json::json!({"wallet": "GCASH"}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(
        pay(rotated.clone(), "k1", "first").await,
        StatusCode::OK,
        "the old key still opens"
    );
    // The worker of a service on the new ring seals every value again.
    let svc = shop
        .restarted_service_with(&[
            ("TOKEN_ENCRYPTION_KEY", new.as_str()),
            ("TOKEN_ENCRYPTION_KEY_PREVIOUS", old.as_str()),
        ])
        .await;
    assert!(
        merchant::domain::resealing::under_old_keys(&svc)
            .await
            .unwrap()
            > 0
    );
    merchant::worker::round(&svc).await.unwrap();
    assert_eq!(
        merchant::domain::resealing::under_old_keys(&svc)
            .await
            .unwrap(),
        0
    );
    let sealed_after: (String,) =
        sqlx::query_as("SELECT access_token_enc FROM linked_wallets WHERE status = 'active'")
            .fetch_one(&shop.svc.db.pool)
            .await
            .unwrap();
    assert_ne!(sealed_before.0, sealed_after.0);
    assert!(sealed_after.0.starts_with(&svc.cipher.current_prefix()));
    // The old key is gone from the settings: the checkout still pays.
    let only_new = shop
        .restarted_with(&[
            ("TOKEN_ENCRYPTION_KEY", new.as_str()),
            ("TOKEN_ENCRYPTION_KEY_PREVIOUS", ""),
        ])
        .await;
    assert_eq!(
        pay(only_new.clone(), "k2", "second").await,
        StatusCode::OK,
        "nothing needs the old key any more"
    );
    let signed_in = shop
        .http
        .post(format!("{only_new}/ops/sign-in"))
        .json(&serde_json::json!({"email": operator.email, "password": "correct horse battery", "code": operator.code(0)}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        signed_in.status(),
        StatusCode::OK,
        "the operator's TOTP secret moved too"
    );
}
