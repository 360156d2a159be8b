//! The examples of `/openapi.json` are real: a merchant's day in the sandbox calls
//! every operation once, and what it sent and got back is the example. The recording
//! is kept in `crates/merchant/src/http/openapi_examples.json` (secrets replaced);
//! this test fails when an operation has none, or when the API's answers no longer
//! have the recorded shape. `UPDATE_EXAMPLES=1` records them again.

use crate::common::{unique, Shop};
use reqwest::Method;
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;

const FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/http/openapi_examples.json"
);

/// The calls of the day, by operationId.
struct Recorder<'a> {
    shop: &'a Shop,
    calls: Map<String, Value>,
}

impl Recorder<'_> {
    /// Calls `op` (`METHOD path`, with `body`), records it, and answers its body.
    async fn call(&mut self, op: &str, method: Method, path: &str, body: Option<Value>) -> Value {
        let mut request = self
            .shop
            .http
            .request(method.clone(), format!("{}{path}", self.shop.base))
            .bearer_auth(&self.shop.api_key);
        if matches!(
            op,
            "chargeLinkedWallet" | "refundPayment" | "declarePayment"
        ) {
            request = request.header("Idempotency-Key", unique("key"));
        }
        if let Some(body) = &body {
            request = request.json(body);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status();
        let text = answer.text().await.unwrap();
        assert!(
            status.is_success(),
            "{op}: {method} {path}: {status} {text}"
        );
        let response: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let mut call = json!({"status": status.as_u16(), "response": response});
        if let Some(body) = body {
            call["request"] = body;
        }
        self.calls.insert(op.to_owned(), call);
        response
    }
}

/// A merchant's day: every operation of the merchant API once.
// Long: one story, in the order a merchant lives it.
async fn a_merchant_day(shop: &Shop) -> Map<String, Value> {
    let mut r = Recorder {
        shop,
        calls: Map::new(),
    };
    let buyer = "buyer-4711";
    let order = |reference: &str, description: &str, amount: i64| json!({"reference": reference, "description": description, "amount": amount, "currency": "PHP"});
    // Webhooks first, so the day's events are dispatched to them.
    let endpoint = r
        .call(
            "createWebhookEndpoint",
            Method::POST,
            "/v1/webhook-endpoints",
            Some(json!({"url": "http://127.0.0.1:9/webhooks/antom", "event_types": ["payment.succeeded", "payment.failed", "refund.succeeded", "wallet.linked"]})),
        )
        .await;
    let endpoint = endpoint["id"].as_str().unwrap().to_owned();
    // A subscriber links GCash for a monthly plan and pays the first month.
    let session = r
        .call(
            "createCheckoutSession",
            Method::POST,
            "/v1/checkout-sessions",
            Some(json!({"buyer_reference": buyer, "order": {"reference": "order-1001", "description": "Kopi club, first month", "amount": 10_000, "currency": "PHP",
                    "items": [{"name": "Kopi club: 2 bags a month", "quantity": 1, "unit_amount": 8_000}, {"name": "Delivery", "quantity": 2, "unit_amount": 1_000}]}, "region": "PH",
                "metadata": {"plan": "kopi-club-monthly", "crm_id": "C-88412"},
                "mandate": {"description": "Kopi club, monthly", "max_amount_per_charge": 20_000, "interval": "month", "max_amount_per_interval": 50_000}})),
        )
        .await;
    let session_id = session["id"].as_str().unwrap().to_owned();
    let b = shop.claim(&session).await;
    b.link("GCASH").await;
    let paid = b.paid("k1").await;
    r.call(
        "getCheckoutSession",
        Method::GET,
        &format!("/v1/checkout-sessions/{session_id}"),
        None,
    )
    .await;
    let other = shop.created("buyer-4712", 5_000).await;
    let other = other["id"].as_str().unwrap();
    r.call(
        "expireCheckoutSession",
        Method::POST,
        &format!("/v1/checkout-sessions/{other}/expire"),
        None,
    )
    .await;
    // The payment, its refund and its timeline.
    let payment = format!("/v1/payments/{}", paid.id);
    r.call("listPayments", Method::GET, "/v1/payments?limit=2", None)
        .await;
    r.call("getPayment", Method::GET, &payment, None).await;
    let refund = r
        .call(
            "refundPayment",
            Method::POST,
            &format!("{payment}/refunds"),
            Some(json!({"amount": 2_500, "reason": "One bag arrived torn"})),
        )
        .await;
    r.call(
        "listPaymentRefunds",
        Method::GET,
        &format!("{payment}/refunds"),
        None,
    )
    .await;
    r.call(
        "getRefund",
        Method::GET,
        &format!("/v1/refunds/{}", refund["id"].as_str().unwrap()),
        None,
    )
    .await;
    // The second month, charged without the buyer, then voided.
    let charged = r
        .call(
            "chargeLinkedWallet",
            Method::POST,
            "/v1/payments",
            Some(json!({"buyer_reference": buyer, "wallet": "GCASH", "order": order("order-1002", "Kopi club, second month", 10_000)})),
        )
        .await;
    // The third month: refused for balance, so tried again on the retry days; its
    // detail shows the attempt, and cancelling stops the retries.
    let declined = shop
        .merchant_post(
            "/v1/payments",
            Some("month-3"),
            json!({"buyer_reference": buyer, "wallet": "GCASH", "order": order("order-1003", "Kopi club, third month", 10_001)}),
        )
        .await;
    let declined: Value = declined.json().await.unwrap();
    assert!(declined["id"].is_string(), "{declined}");
    let declined = format!("/v1/payments/{}", declined["id"].as_str().unwrap());
    // Antom's id of the refused try comes with its notification, which may follow the answer.
    antom_id_known(shop, &format!("{declined}/detail")).await;
    r.call(
        "getPaymentDetail",
        Method::GET,
        &format!("{declined}/detail"),
        None,
    )
    .await;
    r.call(
        "cancelPayment",
        Method::POST,
        &format!("{declined}/cancel"),
        None,
    )
    .await;
    let _ = charged;
    // Customs, for a buyer in China paying with Alipay.
    let cn = shop.alipay_cn_payment("buyer-4713", 10_000).await;
    let declarations = format!("/v1/payments/{}/declarations", cn.id);
    r.call(
        "declarePayment",
        Method::POST,
        &declarations,
        Some(
            json!({"amount": null, "customs_code": "ZONGSHU", "customs_region": "CN",
            "merchant_customs_code": "1234567890", "merchant_customs_name": "Kopi Shop Ltd",
            "buyer_certificate": {"certificate_type": "ID_CARD", "certificate_no": "110101199003070000", "holder_name": "Li Wei"}}),
        ),
    )
    .await;
    r.call("listPaymentDeclarations", Method::GET, &declarations, None)
        .await;
    r.call(
        "inquireDeclarations",
        Method::POST,
        &format!("{declarations}/inquiry"),
        None,
    )
    .await;
    // Webhooks.
    // The endpoint does not answer: the health page names it.
    merchant::webhooks::delivery::round(&shop.svc)
        .await
        .unwrap();
    r.call("getServiceHealth", Method::GET, "/v1/service-health", None)
        .await;
    r.call(
        "listWebhookEndpoints",
        Method::GET,
        "/v1/webhook-endpoints",
        None,
    )
    .await;
    r.call(
        "rotateWebhookSecret",
        Method::POST,
        &format!("/v1/webhook-endpoints/{endpoint}/rotate-secret"),
        None,
    )
    .await;
    let events = r
        .call(
            "listEvents",
            Method::GET,
            "/v1/events?type=wallet.linked",
            None,
        )
        .await;
    let event = events["events"][0]["id"].as_str().unwrap().to_owned();
    r.call(
        "getEvent",
        Method::GET,
        &format!("/v1/events/{event}"),
        None,
    )
    .await;
    r.call(
        "redeliverEvent",
        Method::POST,
        &format!("/v1/events/{event}/redeliver"),
        None,
    )
    .await;
    let spare = shop
        .merchant_post(
            "/v1/webhook-endpoints",
            None,
            json!({"url": "http://127.0.0.1:9/webhooks/old", "event_types": ["*"]}),
        )
        .await;
    let spare: Value = spare.json().await.unwrap();
    r.call(
        "deleteWebhookEndpoint",
        Method::DELETE,
        &format!("/v1/webhook-endpoints/{}", spare["id"].as_str().unwrap()),
        None,
    )
    .await;
    // The buyer's wallets and mandate.
    let wallets = r
        .call(
            "listBuyerWallets",
            Method::GET,
            &format!("/v1/buyers/{buyer}/wallets"),
            None,
        )
        .await;
    let mandate = wallets[0]["mandate"]["id"].as_str().unwrap().to_owned();
    r.call(
        "getMandate",
        Method::GET,
        &format!("/v1/mandates/{mandate}"),
        None,
    )
    .await;
    r.call(
        "cancelMandate",
        Method::DELETE,
        &format!("/v1/mandates/{mandate}"),
        None,
    )
    .await;
    r.call(
        "unlinkBuyerWallet",
        Method::DELETE,
        &format!("/v1/buyers/{buyer}/wallets/GCASH"),
        None,
    )
    .await;
    // The day's settlement files.
    let (_, files) = shop.sandbox_reports().await;
    r.call(
        "importSettlementReports",
        Method::POST,
        "/v1/reconciliation/imports",
        Some(json!({ "files": files })),
    )
    .await;
    // Antom's files again, one amount changed: the latest report names the mismatch.
    let mut changed = files.clone();
    let details = changed
        .iter_mut()
        .find(|f| f.name.starts_with("settlementItems"))
        .unwrap();
    let before = details.content.clone();
    details.content = before.replacen(",100.00,", ",99.00,", 1);
    assert_ne!(details.content, before, "{before}");
    let report: Value = shop
        .merchant_post(
            "/v1/reconciliation/imports",
            None,
            json!({ "files": changed }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["clean"], false, "{report}");
    r.call(
        "getLatestReconciliation",
        Method::GET,
        "/v1/reconciliation/imports/latest",
        None,
    )
    .await;
    // A file that cannot be read: the refusal says where (the error's example).
    let mut malformed = files.clone();
    let details = malformed
        .iter_mut()
        .find(|f| f.name.starts_with("settlementItems"))
        .unwrap();
    details.content = details.content.replacen(",100.00,", ",100.0.0,", 1);
    let refused = shop
        .merchant_post(
            "/v1/reconciliation/imports",
            None,
            json!({ "files": malformed }),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    let refused: Value = refused.json().await.unwrap();
    r.calls.insert(
        "refusal".into(),
        json!({"status": 422, "response": refused}),
    );
    // Keys, operators, the audit log and the service's health.
    let key = r
        .call(
            "createApiKey",
            Method::POST,
            "/v1/api-keys",
            Some(json!({"name": "billing", "scopes": ["charges", "read"], "expires_at": null})),
        )
        .await;
    let key = key["id"].as_str().unwrap().to_owned();
    r.call("listApiKeys", Method::GET, "/v1/api-keys", None)
        .await;
    let rolled = r
        .call(
            "rollApiKey",
            Method::POST,
            &format!("/v1/api-keys/{key}/roll"),
            Some(json!({"old_key_works_for_secs": 86_400})),
        )
        .await;
    r.call(
        "revokeApiKey",
        Method::DELETE,
        &format!("/v1/api-keys/{}", rolled["id"].as_str().unwrap()),
        None,
    )
    .await;
    let operator = r
        .call(
            "createOperator",
            Method::POST,
            "/v1/operators",
            Some(json!({"email": "ana@kopi.example", "role": "support", "password": "correct horse battery staple"})),
        )
        .await;
    r.call("listOperators", Method::GET, "/v1/operators", None)
        .await;
    r.call(
        "removeOperator",
        Method::DELETE,
        &format!("/v1/operators/{}", operator["id"].as_str().unwrap()),
        None,
    )
    .await;
    r.call(
        "listAuditEntries",
        Method::GET,
        &format!("/v1/audit?subject={}", paid.id),
        None,
    )
    .await;
    // The endpoint has not answered all day: the health page names it.
    merchant::webhooks::delivery::round(&shop.svc)
        .await
        .unwrap();
    let health = r
        .call("getServiceHealth", Method::GET, "/v1/service-health", None)
        .await;
    assert!(health["failing_endpoints"][0]["id"].is_string(), "{health}");
    r.calls
}

/// What a secret in an example becomes: the same kind of text, plainly made up.
fn without_secrets(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (name, v) in map.iter_mut() {
                let made_up = match name.as_str() {
                    "secret" if v.as_str().is_some_and(|s| s.starts_with("whsec_")) => {
                        Some(json!("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"))
                    }
                    // `sk_sandbox_<key id>_<secret>`: the id stays, the secret is made up.
                    "secret" => v.as_str().and_then(|key| {
                        let id_at = key.find("key_")?;
                        let id_end = id_at + 4 + key[id_at + 4..].find('_')?;
                        Some(json!(format!("{}_EXAMPLEsecretEXAMPLEsecret", &key[..id_end])))
                    }),
                    "ip" => Some(json!("203.0.113.7")),
                    "totp_secret" => Some(json!("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")),
                    "totp_uri" => Some(json!("otpauth://totp/Checkout:ana%40kopi.example?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Checkout")),
                    "recovery_codes" => Some(json!(["a1b2-c3d4-e5f6", "f6e5-d4c3-b2a1"])),
                    "password" => Some(json!("correct horse battery staple")),
                    _ => None,
                };
                match made_up {
                    Some(m) => *v = m,
                    None => without_secrets(v),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_secrets),
        Value::String(text) => {
            // The test shop's address, and a checkout link's one-time token.
            if let Some(rest) = text.strip_prefix("http://127.0.0.1:") {
                let path = rest.find('/').map_or("", |i| &rest[i..]);
                let host = match path.starts_with("/webhooks") {
                    true => "shop.example",
                    false => "pay.shop.example",
                };
                *text = format!("https://{host}{path}");
            }
            if let Some(at) = text.find("#t=") {
                text.replace_range(at.., "#t=EXAMPLE-one-time-token");
            }
        }
        _ => {}
    }
}

/// Waits (up to 10 s) until the payment detail at `path` names Antom's payment id.
async fn antom_id_known(shop: &Shop, path: &str) {
    for _ in 0..100 {
        let detail: Value = shop.merchant_get(path).await.json().await.unwrap();
        if detail["antom_payment_id"].is_string() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("{path}: Antom's payment id never came");
}

/// A value's shape: its keys and kinds, recursively (ids and times differ run to run).
fn shape(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
        Value::Array(items) => Value::Array(items.first().map(shape).into_iter().collect()),
        Value::Null => json!("null"),
        Value::Bool(_) => json!("bool"),
        Value::Number(_) => json!("number"),
        Value::String(_) => json!("string"),
    }
}

#[tokio::test]
async fn every_operation_has_a_real_example_of_the_shape_the_api_answers() {
    let shop = Shop::open(&[]).await;
    let mut recorded = a_merchant_day(&shop).await;
    recorded.values_mut().for_each(without_secrets);
    let document = shop.public_json("/openapi.json").await;
    let operations: BTreeSet<String> = document["paths"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|op| op["operationId"].as_str().map(str::to_owned))
        .collect();
    let played: BTreeSet<String> = recorded
        .keys()
        .filter(|k| *k != "refusal")
        .cloned()
        .collect();
    assert_eq!(played, operations, "the day calls every operation once");
    if std::env::var_os("UPDATE_EXAMPLES").is_some() {
        let text = serde_json::to_string_pretty(&Value::Object(recorded)).unwrap();
        std::fs::write(FILE, text + "\n").unwrap();
        return;
    }
    let kept: Map<String, Value> =
        serde_json::from_str(&std::fs::read_to_string(FILE).unwrap()).unwrap();
    for (op, call) in &recorded {
        let Some(example) = kept.get(op) else {
            panic!("{op} has no example: run UPDATE_EXAMPLES=1 cargo test -p merchant --test api examples");
        };
        for part in ["request", "response"] {
            assert_eq!(
                shape(&example[part]),
                shape(&call[part]),
                "{op}'s {part} changed shape: run UPDATE_EXAMPLES=1 cargo test -p merchant --test api examples"
            );
        }
    }
    // The document serves them: on each operation, and on each schema they reach.
    for item in document["paths"].as_object().unwrap().values() {
        for op in item.as_object().unwrap().values() {
            let id = op["operationId"].as_str().unwrap();
            let answered = op["responses"]
                .as_object()
                .unwrap()
                .iter()
                .find(|(status, _)| status.starts_with('2'))
                .map(|(_, r)| r);
            if let Some(body) = answered.and_then(|r| r["content"]["application/json"].as_object())
            {
                assert!(body.contains_key("example"), "{id}: no response example");
            }
            if let Some(body) = op["requestBody"]["content"]["application/json"].as_object() {
                assert!(body.contains_key("example"), "{id}: no request example");
            }
        }
    }
    let schemas = document["components"]["schemas"].as_object().unwrap();
    let bare: Vec<&String> = schemas
        .iter()
        .filter(|(_, s)| s.get("example").is_none() && s.get("examples").is_none())
        .map(|(name, _)| name)
        .collect();
    assert!(bare.is_empty(), "schemas without an example: {bare:?}");
}
