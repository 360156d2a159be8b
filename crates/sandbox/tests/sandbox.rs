//! The sandbox behaves like Antom, seen through the real client.

use antom::api::*;
use antom::{Amount, AntomClient, AntomError, ClientConfig, Outcome, PrivateKey, Secret};
use axum::routing::post;
use axum::Router;
use sandbox::{Sandbox, SandboxConfig};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

fn keys() -> &'static (PrivateKey, PrivateKey) {
    static KEYS: OnceLock<(PrivateKey, PrivateKey)> = OnceLock::new();
    KEYS.get_or_init(|| {
        (
            PrivateKey::generate().unwrap(),
            PrivateKey::generate().unwrap(),
        )
    })
}

struct World {
    sandbox: Sandbox,
    client: AntomClient,
    base: String,
    http: reqwest::Client,
}

async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{addr}")
}

async fn world(tweak: impl FnOnce(&mut SandboxConfig)) -> World {
    let (merchant, antom) = keys();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut config =
        SandboxConfig::new("SANDBOX_TEST", merchant.public_key(), antom.clone(), &base);
    config.processing_delay = Duration::from_millis(300);
    config.no_answer_hold = Duration::from_secs(3);
    config.notify_time_factor = 600;
    tweak(&mut config);
    let sandbox = Sandbox::new(config);
    let router = sandbox.router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    let mut client_config =
        ClientConfig::new(&base, "SANDBOX_TEST", merchant.clone(), antom.public_key());
    client_config.timeout = Duration::from_secs(1);
    World {
        sandbox,
        client: AntomClient::new(client_config).unwrap(),
        base,
        http: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
    }
}

fn consult(terminal: TerminalType, state: &str) -> ConsultRequest {
    ConsultRequest {
        customer_belongs_to: "GCASH".into(),
        auth_redirect_url: "https://shop.example/return?session=1".into(),
        scopes: vec![AuthScope::AgreementPay],
        auth_state: state.into(),
        terminal_type: terminal,
        os_type: None,
        os_version: None,
        merchant_region: None,
        auth_client_id: None,
        auth_notify_url: None,
        recurring_payment: None,
        env: None,
    }
}

impl World {
    /// Consult, open the wallet page, press a button; the redirect's query pairs.
    async fn authorize(&self, agree: bool) -> Vec<(String, String)> {
        let urls = self
            .client
            .execute(&consult(TerminalType::Web, "state-1"))
            .await
            .unwrap();
        let page = urls.normal_url.unwrap();
        let html = self
            .http
            .get(&page)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("GCASH") && html.contains("Agree") && html.contains("同意"),
            "{html}"
        );
        let decision = if agree { "agree" } else { "decline" };
        let answer = self
            .http
            .post(&page)
            .form(&[("decision", decision), ("login", "09171234123")])
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 303);
        let location = answer.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            location.starts_with("https://shop.example/return?session=1&"),
            "{location}"
        );
        let url = reqwest::Url::parse(&location).unwrap();
        url.query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }

    async fn link(&self) -> Secret {
        let back = self.authorize(true).await;
        let code = back
            .iter()
            .find(|(k, _)| k == "authCode")
            .unwrap()
            .1
            .clone();
        let token = self.client.execute(&apply_code(&code)).await.unwrap();
        assert_eq!(token.user_login_id.as_deref(), Some("0917****123"));
        token.access_token.unwrap()
    }

    async fn pay(&self, id: &str, minor: i64, token: &Secret) -> Result<PayResponse, AntomError> {
        self.client.execute(&pay(id, minor, token)).await
    }
}

fn apply_code(code: &str) -> ApplyTokenRequest {
    ApplyTokenRequest {
        grant_type: GrantType::AuthorizationCode,
        customer_belongs_to: "GCASH".into(),
        auth_code: Some(Secret::new(code)),
        refresh_token: None,
        merchant_region: None,
    }
}

fn pay(id: &str, minor: i64, token: &Secret) -> PayRequest {
    let amount = Amount::from_minor("PHP", minor).unwrap();
    PayRequest::agreement_payment(
        id,
        Order {
            reference_order_id: format!("order-{id}"),
            order_description: "Coffee".into(),
            order_amount: amount,
            goods: vec![],
            buyer: None,
            env: None,
        },
        amount,
        "GCASH",
        token.clone(),
    )
}

#[tokio::test]
async fn buyer_agrees_links_the_wallet_and_pays() {
    let w = world(|_| {}).await;
    let back = w.authorize(true).await;
    assert!(back.contains(&("authState".into(), "state-1".into())));
    let token = w.link().await;
    let paid = w.pay("p-1", 10_000, &token).await.unwrap();
    assert_eq!(paid.payment_amount.unwrap().minor_units(), 10_000);
    let inquiry = w
        .client
        .execute(&InquiryPaymentRequest {
            payment_request_id: Some("p-1".into()),
            payment_id: None,
        })
        .await
        .unwrap();
    assert_eq!(inquiry.payment_status, Some(PaymentStatus::Success));
}

#[tokio::test]
async fn buyer_declines_at_the_wallet() {
    let w = world(|_| {}).await;
    let back = w.authorize(false).await;
    assert_eq!(
        back,
        vec![
            ("session".into(), "1".into()),
            ("authState".into(), "state-1".into())
        ]
    );
}

#[tokio::test]
async fn an_auth_code_works_once_and_expires() {
    let w = world(|c| c.auth_code_ttl = Duration::from_millis(200)).await;
    let code =
        |back: Vec<(String, String)>| back.into_iter().find(|(k, _)| k == "authCode").unwrap().1;
    let first = code(w.authorize(true).await);
    w.client.execute(&apply_code(&first)).await.unwrap();
    let again = w.client.execute(&apply_code(&first)).await.unwrap_err();
    assert_eq!(again.outcome(), Outcome::Failed("INVALID_AUTHCODE".into()));
    let late = code(w.authorize(true).await);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let err = w.client.execute(&apply_code(&late)).await.unwrap_err();
    assert_eq!(err.outcome(), Outcome::Failed("INVALID_AUTHCODE".into()));
    let forged = w
        .client
        .execute(&apply_code("ac-forged"))
        .await
        .unwrap_err();
    assert_eq!(forged.outcome(), Outcome::Failed("INVALID_AUTHCODE".into()));
}

#[tokio::test]
async fn consult_shapes_urls_by_terminal() {
    let w = world(|_| {}).await;
    let web = w
        .client
        .execute(&consult(TerminalType::Web, "s"))
        .await
        .unwrap();
    assert!(web.normal_url.is_some() && web.applink_url.is_none() && web.scheme_url.is_none());
    let mut wap = consult(TerminalType::Wap, "s");
    let missing_os = w.client.execute(&wap).await.unwrap_err();
    assert_eq!(
        missing_os.outcome(),
        Outcome::Failed("PARAM_ILLEGAL".into())
    );
    wap.os_type = Some(OsType::Android);
    let wap = w.client.execute(&wap).await.unwrap();
    assert!(wap.applink_url.is_some() && wap.scheme_url.unwrap().starts_with("gcash-sandbox://"));
    assert!(wap.normal_url.unwrap().starts_with(&w.base));
}

#[tokio::test]
async fn scripted_amounts_tell_their_story() {
    let w = world(|_| {}).await;
    let token = w.link().await;
    let declined = w.pay("p-balance", 10_001, &token).await.unwrap_err();
    assert_eq!(
        declined.outcome(),
        Outcome::Failed("USER_BALANCE_NOT_ENOUGH".into())
    );
    let risk = w.pay("p-risk", 10_002, &token).await.unwrap_err();
    assert_eq!(risk.outcome(), Outcome::Failed("RISK_REJECT".into()));

    let processing = w.pay("p-proc", 10_003, &token).await.unwrap_err();
    assert_eq!(
        processing.outcome(),
        Outcome::Unknown("PAYMENT_IN_PROCESS".into())
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let later = w.pay("p-proc", 10_003, &token).await.unwrap();
    assert!(
        later.payment_time.is_some(),
        "same id, same body: the current answer"
    );

    let silent = w.pay("p-silent", 10_005, &token).await.unwrap_err();
    assert!(matches!(silent, AntomError::NoAnswer(_)), "{silent:?}");
    let found = w
        .client
        .execute(&InquiryPaymentRequest {
            payment_request_id: Some("p-silent".into()),
            payment_id: None,
        })
        .await
        .unwrap();
    assert_eq!(
        found.payment_status,
        Some(PaymentStatus::Success),
        "it was paid after all"
    );
}

#[tokio::test]
async fn a_request_id_reused_with_another_body_is_refused() {
    let w = world(|_| {}).await;
    let token = w.link().await;
    w.pay("p-same", 5_000, &token).await.unwrap();
    let again = w.pay("p-same", 5_000, &token).await.unwrap();
    assert!(again.payment_id.is_some());
    let changed = w.pay("p-same", 6_000, &token).await.unwrap_err();
    assert_eq!(
        changed.outcome(),
        Outcome::Failed("REPEAT_REQ_INCONSISTENT".into())
    );
}

#[tokio::test]
async fn a_revoked_token_cannot_pay() {
    let w = world(|_| {}).await;
    let token = w.link().await;
    w.client
        .execute(&RevokeRequest {
            access_token: token.clone(),
        })
        .await
        .unwrap();
    let err = w.pay("p-revoked", 1_000, &token).await.unwrap_err();
    assert_eq!(
        err.outcome(),
        Outcome::Failed("INVALID_ACCESS_TOKEN".into())
    );
}

#[tokio::test]
async fn refunds_cannot_exceed_the_payment() {
    let w = world(|_| {}).await;
    let token = w.link().await;
    let paid = w.pay("p-r", 10_000, &token).await.unwrap();
    let refund = |id: &str, minor| RefundRequest {
        refund_request_id: id.into(),
        payment_id: paid.payment_id.clone().unwrap(),
        refund_amount: Amount::from_minor("PHP", minor).unwrap(),
        refund_reason: None,
        refund_notify_url: None,
    };
    w.client.execute(&refund("r-1", 6_000)).await.unwrap();
    let over = w.client.execute(&refund("r-2", 4_001)).await.unwrap_err();
    assert_eq!(
        over.outcome(),
        Outcome::Failed("REFUND_AMOUNT_EXCEED".into())
    );
    w.client.execute(&refund("r-3", 4_000)).await.unwrap();
    let status = w
        .client
        .execute(&InquiryRefundRequest {
            refund_request_id: Some("r-3".into()),
            refund_id: None,
        })
        .await
        .unwrap();
    assert_eq!(status.refund_status, Some(RefundStatus::Success));
    let never_sent = w
        .client
        .execute(&InquiryRefundRequest {
            refund_request_id: Some("r-never-sent".into()),
            refund_id: None,
        })
        .await;
    match never_sent {
        Err(AntomError::Failed { result, .. }) => {
            assert_eq!(result.result_code, "ORDER_NOT_EXIST")
        }
        other => panic!("a refund Antom never received is ORDER_NOT_EXIST, got {other:?}"),
    }
}

#[tokio::test]
async fn a_request_signed_with_another_key_is_refused() {
    let w = world(|_| {}).await;
    let (_, antom) = keys();
    let stranger = AntomClient::new(ClientConfig::new(
        &w.base,
        "SANDBOX_TEST",
        PrivateKey::generate().unwrap(),
        antom.public_key(),
    ))
    .unwrap();
    let err = stranger
        .execute(&consult(TerminalType::Web, "s"))
        .await
        .unwrap_err();
    assert_eq!(err.outcome(), Outcome::Failed("INVALID_SIGNATURE".into()));
    // As Antom: the refusal of a request it cannot authenticate is not signed.
    let (headers, body) = forged_consult(&w, "1").await;
    assert!(headers.get("signature").is_none());
    assert!(headers.get("response-time").is_none());
    assert_eq!(body["result"]["resultCode"], "INVALID_SIGNATURE");
    assert_eq!(body["result"]["resultStatus"], "F");
    // A key version Antom does not hold: KEY_NOT_FOUND, unsigned too.
    let (headers, body) = forged_consult(&w, "7").await;
    assert!(headers.get("signature").is_none());
    assert_eq!(
        (
            &body["result"]["resultCode"],
            &body["result"]["resultStatus"]
        ),
        (&serde_json::json!("KEY_NOT_FOUND"), &serde_json::json!("F"))
    );
}

/// A consult with a made-up signature naming `key_version`: the answer's headers and body.
async fn forged_consult(
    w: &World,
    key_version: &str,
) -> (reqwest::header::HeaderMap, serde_json::Value) {
    let raw = w
        .http
        .post(format!(
            "{}/ams/sandbox/api/v1/authorizations/consult",
            w.base
        ))
        .header("client-id", "SANDBOX_TEST")
        .header("request-time", antom::time::now())
        .header(
            "signature",
            format!("algorithm=RSA256,keyVersion={key_version},signature=bm90LWEtc2lnbmF0dXJl"),
        )
        .body("{}")
        .send()
        .await
        .unwrap();
    let headers = raw.headers().clone();
    (headers, raw.json().await.unwrap())
}

#[tokio::test]
async fn notifications_are_signed_and_retried_until_acknowledged() {
    let hits = Arc::new(AtomicU32::new(0));
    let counter = hits.clone();
    let receiver = serve(Router::new().route(
        "/notify/payment",
        post(move || {
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move {
                if n < 2 {
                    "busy".to_owned()
                } else {
                    NotificationAck::SUCCESS_BODY.to_owned()
                }
            }
        }),
    ))
    .await;
    let url = format!("{receiver}/notify/payment");
    let w = world(|c| c.payment_notify_url = Some(url.clone())).await;
    let token = w.link().await;
    w.pay("p-n", 10_000, &token).await.unwrap();
    // Retries at 0, 2m/600 = 0.2s, 10m/600 = 1s.
    tokio::time::sleep(Duration::from_millis(1_800)).await;
    let deliveries = w.sandbox.deliveries();
    assert_eq!(deliveries.len(), 3, "{deliveries:?}");
    assert_eq!(
        deliveries.iter().map(|d| d.attempt).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert!(deliveries[2].acknowledged && !deliveries[1].acknowledged);
    let notice: PaymentNotification = serde_json::from_str(&deliveries[0].body).unwrap();
    assert_eq!(notice.notify_type, PaymentNotifyType::PaymentResult);
    assert_eq!(notice.payment_request_id, "p-n");
}

#[tokio::test]
async fn idr_is_paid_in_whole_rupiah_as_antom_requires() {
    let w = world(|_| {}).await;
    w.authorize(true).await;
    let token = w.link().await;
    let idr = |minor| {
        let mut request = pay("p-idr", 0, &token);
        let amount = Amount::from_minor("IDR", minor).unwrap();
        request.order.order_amount = amount;
        request.payment_amount = amount;
        request
    };
    let err = w.client.execute(&idr(1_500_050)).await.unwrap_err();
    assert_eq!(err.outcome(), Outcome::Failed("PARAM_ILLEGAL".into()));
    let paid = w.client.execute(&idr(1_500_000)).await.unwrap();
    let refund = |minor| RefundRequest {
        refund_request_id: format!("r-idr-{minor}"),
        payment_id: paid.payment_id.clone().unwrap(),
        refund_amount: Amount::from_minor("IDR", minor).unwrap(),
        refund_reason: None,
        refund_notify_url: None,
    };
    let err = w.client.execute(&refund(50)).await.unwrap_err();
    assert_eq!(err.outcome(), Outcome::Failed("PARAM_ILLEGAL".into()));
    w.client.execute(&refund(100_000)).await.unwrap();
}

#[tokio::test]
async fn paypay_consult_must_say_whether_it_is_for_recurring_payments() {
    let w = world(|_| {}).await;
    let mut paypay = consult(TerminalType::Web, "state-pp");
    paypay.customer_belongs_to = "PAYPAY".into();
    match w.client.execute(&paypay).await {
        Err(AntomError::Failed { result, .. }) => assert_eq!(result.result_code, "PARAM_ILLEGAL"),
        other => panic!("PayPay without recurringPayment is refused, got {other:?}"),
    }
    paypay.recurring_payment = Some(false);
    assert!(w.client.execute(&paypay).await.is_ok());
}
