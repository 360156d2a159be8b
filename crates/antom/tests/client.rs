//! The client against a loopback server playing Antom: what a merchant sees
//! when Antom answers S, F, U, slowly, not at all, or with a bad signature.

use antom::api::{Buyer, InquiryPaymentRequest, Order, PayRequest, PaymentStatus, RevokeRequest};
use antom::signature::{SignatureHeader, SignedContent};
use antom::{
    Amount, AntomClient, AntomError, ClientConfig, Outcome, PrivateKey, Secret, SignatureError,
};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

fn merchant_key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::generate().unwrap())
}

fn antom_key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::generate().unwrap())
}

/// How the fake gateway misbehaves.
#[derive(Clone, Copy, PartialEq)]
enum Behaviour {
    Answer,
    TamperBody,
    Unsigned,
    /// Neither `signature` nor `response-time`: how Antom answers some refusals.
    UnsignedBare,
    SignWithOtherKey,
    Stall,
    Http502,
}

#[derive(Clone)]
struct Gateway {
    behaviour: Behaviour,
    answer: &'static str,
    seen: Arc<Mutex<Vec<(String, bool)>>>,
}

async fn handle(State(gw): State<Gateway>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let h = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    let time = h("request-time");
    let verified = SignatureHeader::parse(&h("signature"))
        .and_then(|sig| {
            SignedContent {
                method: "POST",
                path: uri.path(),
                client_id: &h("client-id"),
                time: &time,
                body: &body,
            }
            .verify(&merchant_key().public_key(), &sig)
        })
        .is_ok();
    let time_ok =
        time.len() == 25 && time.ends_with("+00:00") && antom::time::parse(&time).is_some();
    gw.seen
        .lock()
        .unwrap()
        .push((uri.path().to_owned(), verified && time_ok));

    match gw.behaviour {
        Behaviour::Stall => {
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
        Behaviour::Http502 => return (StatusCode::BAD_GATEWAY, "bad gateway").into_response(),
        _ => {}
    }
    let client_id = h("client-id");
    let response_time = antom::time::now();
    let signer = if gw.behaviour == Behaviour::SignWithOtherKey {
        merchant_key()
    } else {
        antom_key()
    };
    let signature = SignedContent {
        method: "POST",
        path: uri.path(),
        client_id: &client_id,
        time: &response_time,
        body: gw.answer.as_bytes(),
    }
    .sign(signer);
    let body = if gw.behaviour == Behaviour::TamperBody {
        gw.answer.replace("10000", "99999")
    } else {
        gw.answer.to_owned()
    };
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert("content-type", "application/json".parse().unwrap());
    headers.insert("client-id", client_id.parse().unwrap());
    if gw.behaviour != Behaviour::UnsignedBare {
        headers.insert("response-time", response_time.parse().unwrap());
    }
    if !matches!(gw.behaviour, Behaviour::Unsigned | Behaviour::UnsignedBare) {
        headers.insert("signature", signature.to_header_value().parse().unwrap());
    }
    response
}

async fn gateway(
    behaviour: Behaviour,
    answer: &'static str,
) -> (String, Arc<Mutex<Vec<(String, bool)>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let state = Gateway {
        behaviour,
        answer,
        seen: seen.clone(),
    };
    let app = Router::new().fallback(post(handle)).with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

fn client(gateway_url: &str, client_id: &str) -> AntomClient {
    let mut config = ClientConfig::new(
        gateway_url,
        client_id,
        merchant_key().clone(),
        antom_key().public_key(),
    );
    config.timeout = Duration::from_millis(800);
    AntomClient::new(config).unwrap()
}

fn pay_request() -> PayRequest {
    let amount = Amount::from_minor("PHP", 10_000).unwrap();
    PayRequest::agreement_payment(
        "pay-20261122-0001",
        Order {
            reference_order_id: "order-1".into(),
            order_description: "Coffee beans".into(),
            order_amount: amount,
            goods: vec![],
            buyer: Some(Buyer {
                reference_buyer_id: "buyer-1".into(),
            }),
            env: None,
        },
        amount,
        "GCASH",
        Secret::new("token-abc"),
    )
}

const PAID: &str = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentId":"2026112211","paymentRequestId":"pay-20261122-0001","paymentAmount":{"currency":"PHP","value":"10000"},"paymentTime":"2026-11-22T12:00:00+08:00","newField":true}"#;
const NO_BALANCE: &str = r#"{"result":{"resultCode":"USER_BALANCE_NOT_ENOUGH","resultStatus":"F","resultMessage":"balance"},"paymentRequestId":"pay-20261122-0001"}"#;
const IN_PROCESS: &str = r#"{"result":{"resultCode":"PAYMENT_IN_PROCESS","resultStatus":"U","resultMessage":"processing"}}"#;

#[tokio::test]
async fn a_signed_success_is_returned_typed() {
    let (url, seen) = gateway(Behaviour::Answer, PAID).await;
    let paid = client(&url, "2188120000000001")
        .execute(&pay_request())
        .await
        .unwrap();
    assert_eq!(paid.payment_id.as_deref(), Some("2026112211"));
    assert_eq!(paid.payment_amount.unwrap().minor_units(), 10_000);
    assert_eq!(paid.result.outcome(), Outcome::Success);
    let seen = seen.lock().unwrap();
    assert_eq!(
        *seen,
        vec![("/ams/api/v1/payments/pay".to_owned(), true)],
        "request was signed and timed"
    );
}

#[tokio::test]
async fn sandbox_client_ids_use_the_sandbox_path() {
    let (url, seen) = gateway(Behaviour::Answer, PAID).await;
    client(&url, "SANDBOX_5Y3A2N2YEB3002022")
        .execute(&pay_request())
        .await
        .unwrap();
    assert_eq!(
        seen.lock().unwrap()[0],
        ("/ams/sandbox/api/v1/payments/pay".to_owned(), true)
    );
}

#[tokio::test]
async fn a_decline_is_failed_with_its_code() {
    let err = pay_through(Behaviour::Answer, NO_BALANCE).await;
    assert_eq!(
        err.outcome(),
        Outcome::Failed("USER_BALANCE_NOT_ENOUGH".into())
    );
    let AntomError::Failed { body, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(body["paymentRequestId"], "pay-20261122-0001");
}

const UNSIGNED_REFUSAL: &str = r#"{"result":{"resultCode":"INVALID_SIGNATURE","resultStatus":"F","resultMessage":"the signature is invalid"}}"#;
const UNSIGNED_UNKNOWN: &str = r#"{"result":{"resultCode":"UNKNOWN_EXCEPTION","resultStatus":"U","resultMessage":"try later"}}"#;

/// What pay answers when the gateway behaves so and says `answer`.
async fn pay_through(behaviour: Behaviour, answer: &'static str) -> AntomError {
    let (url, _) = gateway(behaviour, answer).await;
    client(&url, "2188")
        .execute(&pay_request())
        .await
        .unwrap_err()
}

fn unknown(e: &AntomError) -> bool {
    matches!(e.outcome(), Outcome::Unknown(_))
}

fn bad_signature(e: &AntomError, why: SignatureError) -> bool {
    matches!(e, AntomError::InvalidResponseSignature(w) if *w == why)
}

/// Every answer that is not a signed success, and what the merchant is told:
/// `U` is never `F`, and nothing unsigned or tampered is believed when money may
/// have moved. Each row is a scenario; a failure names it.
#[tokio::test]
async fn what_a_merchant_is_told_when_antom_does_not_simply_say_yes() {
    type Check = fn(&AntomError) -> bool;
    let rows: &[(&str, Behaviour, &'static str, Check)] = &[
        (
            "payment_in_process_is_unknown_not_failed",
            Behaviour::Answer,
            IN_PROCESS,
            |e| {
                e.outcome() == Outcome::Unknown("PAYMENT_IN_PROCESS".into())
                    && e.may_have_reached_antom()
            },
        ),
        (
            "a_timeout_on_pay_is_unknown_never_failed",
            Behaviour::Stall,
            PAID,
            |e| {
                matches!(e, AntomError::NoAnswer(_))
                    && e.outcome() == Outcome::Unknown("NO_ANSWER".into())
                    && e.may_have_reached_antom()
            },
        ),
        (
            "a_tampered_response_is_refused (money may have moved)",
            Behaviour::TamperBody,
            PAID,
            |e| bad_signature(e, SignatureError::Mismatch) && unknown(e),
        ),
        (
            "an_unsigned_response_is_refused",
            Behaviour::Unsigned,
            PAID,
            |e| bad_signature(e, SignatureError::Missing),
        ),
        (
            "an_unsigned_refusal_is_a_refusal_as_the_official_sdks_take_it",
            Behaviour::UnsignedBare,
            UNSIGNED_REFUSAL,
            |e| e.outcome() == Outcome::Failed("INVALID_SIGNATURE".into()),
        ),
        (
            "an unsigned U is unknown, as the official SDKs take it",
            Behaviour::UnsignedBare,
            UNSIGNED_UNKNOWN,
            |e| e.outcome() == Outcome::Unknown("UNKNOWN_EXCEPTION".into()),
        ),
        (
            "an_unsigned_success_is_never_believed (money may have moved)",
            Behaviour::UnsignedBare,
            PAID,
            |e| bad_signature(e, SignatureError::Missing) && unknown(e),
        ),
        (
            "a refusal with half a signature (response-time, no signature) is not believed",
            Behaviour::Unsigned,
            UNSIGNED_REFUSAL,
            |e| matches!(e, AntomError::InvalidResponseSignature(_)),
        ),
        (
            "a refusal signed with a wrong key is not believed",
            Behaviour::SignWithOtherKey,
            UNSIGNED_REFUSAL,
            |e| bad_signature(e, SignatureError::Mismatch),
        ),
        (
            "a_response_signed_by_someone_else_is_refused",
            Behaviour::SignWithOtherKey,
            PAID,
            |e| bad_signature(e, SignatureError::Mismatch),
        ),
        (
            "an_unsigned_http_error_is_unknown",
            Behaviour::Http502,
            PAID,
            |e| matches!(e, AntomError::HttpStatus(502)) && unknown(e),
        ),
    ];
    for (scenario, behaviour, answer, check) in rows {
        let err = pay_through(*behaviour, answer).await;
        assert!(check(&err), "{scenario}: {err:?}");
    }
}

#[tokio::test]
async fn an_unreachable_gateway_is_not_sent_and_retried() {
    // Bind then drop a listener: the port is closed, so connecting is refused.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let started = std::time::Instant::now();
    let err = client(&format!("http://127.0.0.1:{port}"), "2188")
        .execute(&RevokeRequest {
            access_token: Secret::new("t"),
        })
        .await
        .unwrap_err();
    assert!(matches!(err, AntomError::NotSent(_)), "{err:?}");
    assert!(!err.may_have_reached_antom());
    // Three tries with 200 ms and 400 ms pauses between them.
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn inquiry_success_carries_the_payment_status() {
    const FAILED_PAYMENT: &str = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"},"paymentStatus":"FAIL","paymentResultCode":"USER_BALANCE_NOT_ENOUGH"}"#;
    let (url, seen) = gateway(Behaviour::Answer, FAILED_PAYMENT).await;
    let inquiry = client(&url, "2188")
        .execute(&InquiryPaymentRequest {
            payment_request_id: Some("pay-1".into()),
            payment_id: None,
        })
        .await
        .unwrap();
    assert_eq!(inquiry.payment_status, Some(PaymentStatus::Fail));
    assert_eq!(
        inquiry.payment_result_code.as_deref(),
        Some("USER_BALANCE_NOT_ENOUGH")
    );
    assert_eq!(
        seen.lock().unwrap()[0].0,
        "/ams/api/v1/payments/inquiryPayment"
    );
}

#[test]
fn requests_serialise_as_antom_expects() {
    let json = serde_json::to_value(pay_request()).unwrap();
    assert_eq!(json["productCode"], "AGREEMENT_PAYMENT");
    assert_eq!(
        json["paymentAmount"],
        serde_json::json!({"currency":"PHP","value":"10000"})
    );
    assert_eq!(json["paymentMethod"]["paymentMethodType"], "GCASH");
    assert_eq!(json["paymentMethod"]["paymentMethodId"], "token-abc");
    assert_eq!(json["order"]["buyer"]["referenceBuyerId"], "buyer-1");
    assert!(
        json.get("paymentNotifyUrl").is_none(),
        "absent options are left out"
    );
    // The token never shows in debug output.
    assert!(!format!("{:?}", pay_request()).contains("token-abc"));
}

/// During Antom's key rotation its answers may come signed by the next key: trusted
/// only when that key is configured, never any other key.
#[tokio::test]
async fn an_answer_signed_by_antoms_next_key_is_trusted_only_when_that_key_is_configured() {
    let (url, _) = gateway(Behaviour::Answer, PAID).await;
    let rotating = |next: Option<antom::PublicKey>| {
        // The gateway signs with `antom_key()`: here it is the key Antom rotates to.
        let mut config = ClientConfig::new(
            &url,
            "2188120000000001",
            merchant_key().clone(),
            PrivateKey::generate().unwrap().public_key(),
        );
        config.antom_public_key_next = next;
        config.timeout = Duration::from_millis(800);
        AntomClient::new(config).unwrap()
    };
    let paid = rotating(Some(antom_key().public_key()))
        .execute(&pay_request())
        .await
        .unwrap();
    assert_eq!(paid.payment_id.as_deref(), Some("2026112211"));
    for next in [None, Some(PrivateKey::generate().unwrap().public_key())] {
        let refused = rotating(next).execute(&pay_request()).await.unwrap_err();
        assert!(
            matches!(refused, AntomError::InvalidResponseSignature(_)),
            "{refused:?}"
        );
    }
}
