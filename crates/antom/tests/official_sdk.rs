//! Cross-check with Antom's official Python SDK (`global-open-sdk-python`):
//! the SDK verifies what this crate signs, and this crate verifies what the
//! SDK signs. The SDK is installed by this test into a throwaway virtualenv.

use antom::signature::{SignatureHeader, SignedContent};
use antom::{PrivateKey, SignatureError};
use serde_json::{json, Value};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Pinned so a new SDK release cannot change what this test means.
const SDK: &str = "global-open-sdk-python==1.7.1";

fn python() -> &'static Path {
    static PYTHON: OnceLock<PathBuf> = OnceLock::new();
    PYTHON.get_or_init(|| {
        let venv = Path::new(env!("CARGO_TARGET_TMPDIR")).join("antom-sdk-venv");
        let python = venv.join("bin/python");
        let ready = python.exists()
            && Command::new(&python)
                .args(["-c", "import com.alipay.ams.api.tools.webhook_tool"])
                .status()
                .is_ok_and(|s| s.success());
        if !ready {
            let status = Command::new("python3")
                .args(["-m", "venv", "--clear"])
                .arg(&venv)
                .status()
                .expect("python3 is needed for the official SDK cross-check");
            assert!(
                status.success(),
                "could not create a virtualenv at {venv:?}"
            );
            let status = Command::new(&python)
                .args([
                    "-m",
                    "pip",
                    "install",
                    "--quiet",
                    "--disable-pip-version-check",
                    SDK,
                ])
                .status()
                .expect("pip");
            assert!(status.success(), "pip install {SDK} failed");
        }
        python
    })
}

fn sdk(request: Value) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/official_sdk.py");
    let mut child = Command::new(python())
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(request.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "the SDK bridge failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

fn key() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::generate().unwrap())
}

const PATH: &str = "/ams/api/v1/payments/pay";
const CLIENT_ID: &str = "SANDBOX_5Y3A2N2YEB3002022";
const TIME: &str = "2026-11-22T15:20:36+00:00";
// Non-ASCII on purpose: the SDK signs UTF-8, and so must we.
const BODY: &str = r#"{"paymentRequestId":"pay-1","order":{"orderDescription":"咖啡豆 Coffee ☕","orderAmount":{"currency":"PHP","value":"10000"}}}"#;

fn content(body: &str) -> SignedContent<'_> {
    SignedContent {
        method: "POST",
        path: PATH,
        client_id: CLIENT_ID,
        time: TIME,
        body: body.as_bytes(),
    }
}

fn sdk_verifies(body: &str, header: &SignatureHeader) -> bool {
    let answer = sdk(json!({
        "op": "verify", "method": "POST", "path": PATH, "client_id": CLIENT_ID, "time": TIME,
        "body": body, "signature_header": header.to_header_value(),
        "public_key": key().public_key().to_spki_base64().unwrap(),
    }));
    answer["verified"].as_bool().unwrap()
}

#[test]
fn the_official_sdk_verifies_our_signatures() {
    let header = content(BODY).sign(key());
    assert!(sdk_verifies(BODY, &header), "SDK refused our signature");
    let tampered = BODY.replace("10000", "10001");
    assert!(
        !sdk_verifies(&tampered, &header),
        "SDK accepted a tampered body"
    );
}

#[test]
fn we_verify_the_official_sdks_signatures() {
    // The Python SDK takes a bare PKCS#1 key and wraps it in RSA markers itself.
    let answer = sdk(json!({
        "op": "sign", "method": "POST", "path": PATH, "client_id": CLIENT_ID, "time": TIME,
        "body": BODY, "private_key": key().to_pkcs1_base64().unwrap(),
    }));
    let signature = answer["signature"].as_str().unwrap();
    let header = SignatureHeader::parse(&format!(
        "algorithm=RSA256,keyVersion=1,signature={signature}"
    ))
    .unwrap();
    assert_eq!(content(BODY).verify(&key().public_key(), &header), Ok(()));
    // Byte-identical signatures: PKCS#1 v1.5 is deterministic, so both sides must agree exactly.
    assert_eq!(
        header.encoded_signature,
        content(BODY).sign(key()).encoded_signature
    );
    let tampered = BODY.replace("咖啡", "茶");
    assert_eq!(
        content(&tampered).verify(&key().public_key(), &header),
        Err(SignatureError::Mismatch)
    );
}

/// One canned answer to inquiryPayment, as Antom's gateway would send it.
struct Answer {
    status: &'static str,
    signed: bool,
    tampered: bool,
}

impl Answer {
    fn body(&self) -> String {
        format!(
            r#"{{"result":{{"resultCode":"X","resultStatus":"{}","resultMessage":"咖啡"}},"paymentStatus":"SUCCESS"}}"#,
            self.status
        )
    }

    /// Headers and body, signed by `antom` over the untampered body when `signed`.
    fn wire(&self, antom: &PrivateKey, path: &str) -> (Vec<(String, String)>, String) {
        let body = self.body();
        let mut headers = Vec::new();
        if self.signed {
            let signature = SignedContent {
                method: "POST",
                path,
                client_id: CLIENT_ID,
                time: TIME,
                body: body.as_bytes(),
            }
            .sign(antom);
            headers.push(("client-id".to_owned(), CLIENT_ID.to_owned()));
            headers.push(("response-time".to_owned(), TIME.to_owned()));
            headers.push(("signature".to_owned(), signature.to_header_value()));
        }
        let body = if self.tampered {
            body.replace("咖啡", "茶")
        } else {
            body
        };
        (headers, body)
    }
}

/// What the official SDK's `execute()` makes of `answer`: `Some(status)` when it
/// hands the answer on, `None` when it refuses it.
fn sdk_executes(answer: &Answer, antom: &PrivateKey) -> Option<String> {
    let out = sdk_run(answer, antom, None);
    out["accepted"]
        .as_bool()
        .unwrap()
        .then(|| out["status"].as_str().unwrap().to_owned())
}

/// The bridge's whole answer to one `execute()`, the SDK's request signed under
/// `key_version` when given.
fn sdk_run(answer: &Answer, antom: &PrivateKey, key_version: Option<u32>) -> Value {
    let (headers, body) = answer.wire(antom, "/ams/sandbox/api/v1/payments/inquiryPayment");
    sdk(json!({
        "op": "execute", "gateway": "https://open-sea-global.alipay.com", "client_id": CLIENT_ID,
        "merchant_private_key": key().to_pkcs1_base64().unwrap(),
        "antom_public_key": antom.public_key().to_spki_base64().unwrap(),
        "headers": headers, "body": body, "key_version": key_version,
    }))
}

/// The one answer a test gateway gives: these headers and this body.
fn canned(headers: Vec<(String, String)>, body: String) -> axum::response::Response {
    let mut response = axum::response::Response::new(axum::body::Body::from(body));
    for (name, value) in headers {
        response.headers_mut().insert(
            axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    response
}

/// What this crate's client makes of `answer`, served by a one-answer gateway.
fn we_execute(answer: &Answer, antom: &PrivateKey) -> Option<String> {
    use antom::api::InquiryPaymentRequest;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (headers, body) = answer.wire(antom, "/ams/sandbox/api/v1/payments/inquiryPayment");
        let app = axum::Router::new().fallback(move || {
            let (headers, body) = (headers.clone(), body.clone());
            async move { canned(headers, body) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let client = antom::AntomClient::new(antom::ClientConfig::new(
            base,
            CLIENT_ID,
            key().clone(),
            antom.public_key(),
        ))
        .unwrap();
        let inquiry = InquiryPaymentRequest {
            payment_request_id: Some("pay-1".into()),
            payment_id: None,
        };
        match client.execute(&inquiry).await {
            Ok(_) => Some("S".to_owned()),
            Err(antom::AntomError::Failed { .. }) => Some("F".to_owned()),
            Err(antom::AntomError::Unknown { .. }) => Some("U".to_owned()),
            Err(_) => None,
        }
    })
}

#[test]
fn the_official_sdks_client_and_ours_on_signed_unsigned_and_tampered_answers() {
    // Through the SDK's public execute(), transport stubbed: the Python SDK's client
    // refuses every answer without a signature header (its header parsing runs
    // first), F and U included. Ours believes an unsigned F or U (they say nothing
    // moved, or nothing is known; the Java and PHP clients take them too) and never
    // an unsigned S (the Go client refuses all three).
    let antom = PrivateKey::generate().unwrap();
    let answer = |status, signed, tampered| Answer {
        status,
        signed,
        tampered,
    };
    let cases = [
        (answer("S", true, false), Some("S"), Some("S")),
        (answer("F", true, false), Some("F"), Some("F")),
        (answer("U", true, false), Some("U"), Some("U")),
        (answer("S", true, true), None, None),
        (answer("F", true, true), None, None),
        (answer("S", false, false), None, None),
        (answer("F", false, false), None, Some("F")),
        (answer("U", false, false), None, Some("U")),
    ];
    for (a, sdk, ours) in cases {
        let what = format!(
            "{} {}{}",
            a.status,
            if a.signed { "signed" } else { "unsigned" },
            if a.tampered { ", tampered" } else { "" }
        );
        assert_eq!(sdk_executes(&a, &antom).as_deref(), sdk, "the SDK, {what}");
        assert_eq!(we_execute(&a, &antom).as_deref(), ours, "ours, {what}");
    }
}

#[test]
fn every_wallet_the_checkout_offers_is_a_customer_belongs_to_of_the_official_sdk() {
    // The SDK's enum of `customerBelongsTo` values, read from the installed package.
    let venv = python().parent().and_then(Path::parent).unwrap();
    let enum_file = std::fs::read_dir(venv.join("lib"))
        .unwrap()
        .filter_map(Result::ok)
        .map(|d| {
            d.path()
                .join("site-packages/com/alipay/ams/api/model/customer_belongs_to.py")
        })
        .find(|p| p.exists())
        .expect("the SDK's customer_belongs_to.py");
    let text = std::fs::read_to_string(enum_file).unwrap();
    for wallet in contract::wallets::WALLETS {
        assert!(
            text.contains(&format!("\"{}\"", wallet.code)),
            "{} is not a customerBelongsTo of the official SDK",
            wallet.code
        );
    }
}

/// The JSON body the official SDK builds from `request` (see `official_sdk.py`).
fn sdk_body(request: Value) -> Value {
    sdk(json!({"op": "serialise", "request": request}))["body"].take()
}

#[test]
fn a_paypay_consult_is_the_body_the_official_sdk_builds() {
    use antom::api::{AuthScope, ConsultRequest, Env, OsType, TerminalType};
    let ours = ConsultRequest {
        customer_belongs_to: "PAYPAY".into(),
        auth_redirect_url: "https://shop.example/checkout/cs_1/return".into(),
        scopes: vec![AuthScope::AgreementPay],
        auth_state: "st-1".into(),
        terminal_type: TerminalType::Wap,
        os_type: Some(OsType::Ios),
        os_version: None,
        merchant_region: None,
        auth_client_id: None,
        auth_notify_url: Some("https://shop.example/notify/authorization".into()),
        recurring_payment: Some(true),
        env: Some(Env {
            terminal_type: Some(TerminalType::Wap),
            os_type: Some(OsType::Ios),
            ..Env::default()
        }),
    };
    let theirs = sdk_body(json!({
        "__class__": "com.alipay.ams.api.request.auth.alipay_auth_consult_request:AlipayAuthConsultRequest",
        "customer_belongs_to": "PAYPAY",
        "auth_redirect_url": "https://shop.example/checkout/cs_1/return",
        "scopes": ["AGREEMENT_PAY"],
        "auth_state": "st-1",
        "terminal_type": "WAP",
        "os_type": "IOS",
        "auth_notify_url": "https://shop.example/notify/authorization",
        "recurring_payment": true,
        "env": {
            "__class__": "com.alipay.ams.api.model.env:Env",
            "terminal_type": "WAP",
            "os_type": "IOS",
        },
    }));
    assert_eq!(serde_json::to_value(&ours).unwrap(), theirs);
}

#[test]
fn a_declaration_is_the_body_the_official_sdk_builds() {
    use antom::api::{Certificate, CustomsInfo, DeclareRequest, MerchantCustomsInfo, UserName};
    let ours = DeclareRequest {
        declaration_request_id: "dr0123456789abcdef0123456789abcd".into(),
        payment_id: "202612021940108001001888C0209992123".into(),
        declaration_amount: antom::Amount::from_minor("CNY", 71_000).unwrap(),
        customs: CustomsInfo {
            customs_code: "ZONGSHU".into(),
            region: "CN".into(),
        },
        merchant_customs_info: MerchantCustomsInfo {
            merchant_customs_code: "1234567890".into(),
            merchant_customs_name: "Kopi Shop Ltd".into(),
        },
        split_order: Some(true),
        suborder_id: Some("sub-1".into()),
        buyer_certificate: Some(Certificate {
            certificate_type: "ID_CARD".into(),
            certificate_no: "110101199001011234".into(),
            holder_name: UserName {
                full_name: Some("张三".into()),
                first_name: None,
                last_name: None,
            },
        }),
    };
    let model = |name: &str| format!("com.alipay.ams.api.model.{name}");
    let theirs = sdk_body(json!({
        "__class__": "com.alipay.ams.api.request.declare.alipay_customs_declare_request:AlipayCustomsDeclareRequest",
        "declaration_request_id": "dr0123456789abcdef0123456789abcd",
        "payment_id": "202612021940108001001888C0209992123",
        "declaration_amount": {"__class__": model("amount:Amount"), "currency": "CNY", "value": "71000"},
        "customs": {"__class__": model("customs_info:CustomsInfo"), "customs_code": "ZONGSHU", "region": "CN"},
        "merchant_customs_info": {
            "__class__": model("merchant_customs_info:MerchantCustomsInfo"),
            "merchant_customs_code": "1234567890",
            "merchant_customs_name": "Kopi Shop Ltd",
        },
        "split_order": true,
        "suborder_id": "sub-1",
        "buyer_certificate": {
            "__class__": model("certificate:Certificate"),
            "certificate_type": "ID_CARD",
            "certificate_no": "110101199001011234",
            "holder_name": {"__class__": model("user_name:UserName"), "full_name": "张三"},
        },
    }));
    assert_eq!(serde_json::to_value(&ours).unwrap(), theirs);
}

#[test]
fn our_client_sends_the_configured_key_version_as_the_official_client_does() {
    use std::sync::{Arc, Mutex};
    let antom = PrivateKey::generate().unwrap();
    let signed = Answer {
        status: "S",
        signed: true,
        tampered: false,
    };
    let theirs = sdk_run(&signed, &antom, Some(2));
    let theirs = SignatureHeader::parse(theirs["sent_signature"].as_str().unwrap()).unwrap();
    // Ours, configured with key version 2, seen by a gateway that keeps its signature header.
    let seen: Arc<Mutex<Option<String>>> = Arc::default();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (headers, body) = signed.wire(&antom, "/ams/sandbox/api/v1/payments/inquiryPayment");
        let keep = seen.clone();
        let app = axum::Router::new().fallback(move |request: axum::http::HeaderMap| {
            let (headers, body, keep) = (headers.clone(), body.clone(), keep.clone());
            async move {
                *keep.lock().unwrap() = request
                    .get("signature")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                canned(headers, body)
            }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await });
        let mut config =
            antom::ClientConfig::new(base, CLIENT_ID, key().clone(), antom.public_key());
        config.key_version = 2;
        antom::AntomClient::new(config)
            .unwrap()
            .execute(&antom::api::InquiryPaymentRequest {
                payment_request_id: Some("pay-1".into()),
                payment_id: None,
            })
            .await
            .unwrap();
    });
    let ours = SignatureHeader::parse(seen.lock().unwrap().as_deref().unwrap()).unwrap();
    assert_eq!(theirs.key_version.as_deref(), Some("2"), "the SDK, told 2");
    assert_eq!(ours.key_version, theirs.key_version);
    assert_eq!(ours.algorithm, theirs.algorithm);
}
