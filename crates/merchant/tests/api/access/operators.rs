use crate::common::{error_code, Shop};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery";

/// An operator made through `/v1/operators` by the bootstrap key.
pub struct Operator {
    pub email: String,
    totp: totp_rs::TOTP,
    pub recovery_codes: Vec<String>,
}

impl Operator {
    pub async fn create(shop: &Shop, role: &str) -> Operator {
        let email = format!("{}@shop.example", crate::common::unique(role));
        let r = shop
            .merchant_post(
                "/v1/operators",
                None,
                json!({"email": email, "role": role, "password": PASSWORD}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let created: Value = r.json().await.unwrap();
        Operator {
            email,
            totp: totp_rs::TOTP::from_url(created["totp_uri"].as_str().unwrap()).unwrap(),
            recovery_codes: serde_json::from_value(created["recovery_codes"].clone()).unwrap(),
        }
    }

    /// The authenticator's code `steps` 30-second steps from now.
    pub fn code(&self, steps: i64) -> String {
        self.totp
            .generate((time::OffsetDateTime::now_utc().unix_timestamp() + steps * 30) as u64)
    }
}

/// A browser of the console: its own cookie jar.
pub struct Console {
    pub http: reqwest::Client,
    pub base: String,
    pub csrf: String,
}

pub async fn sign_in_request(
    shop: &Shop,
    http: &reqwest::Client,
    email: &str,
    password: &str,
    code: &str,
) -> reqwest::Response {
    http.post(format!("{}/ops/sign-in", shop.base))
        .json(&json!({"email": email, "password": password, "code": code}))
        .send()
        .await
        .unwrap()
}

impl Console {
    pub async fn signed_in(shop: &Shop, op: &Operator, code: &str) -> Console {
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap();
        let r = sign_in_request(shop, &http, &op.email, PASSWORD, code).await;
        assert_eq!(r.status(), StatusCode::OK);
        let session: Value = r.json().await.unwrap();
        Console {
            http,
            base: shop.base.clone(),
            csrf: session["csrf_token"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        csrf: bool,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("Idempotency-Key", crate::common::unique("k"));
        if csrf {
            req = req.header("X-CSRF-Token", &self.csrf);
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        req.send().await.unwrap()
    }
}

#[tokio::test]
async fn an_operator_signs_in_with_password_and_authenticator_and_a_code_is_good_once() {
    let shop = Shop::open(&[]).await;
    let op = Operator::create(&shop, "admin").await;
    let http = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let code = op.code(0);
    let r = sign_in_request(&shop, &http, &op.email.to_uppercase(), PASSWORD, &code).await;
    assert_eq!(r.status(), StatusCode::OK);
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("ops_sign_in="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    let session: Value = r.json().await.unwrap();
    assert_eq!(session["role"], "admin");
    assert_eq!(session["recovery_codes_left"], 10);
    let r = http
        .get(format!("{}/v1/payments", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let r = http
        .get(format!("{}/ops/sign-in", shop.base))
        .send()
        .await
        .unwrap();
    assert_eq!(r.json::<Value>().await.unwrap()["email"], op.email);

    // The same code again (a shoulder-surfer, a replayed request) is refused.
    let other = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let r = sign_in_request(&shop, &other, &op.email, PASSWORD, &code).await;
    assert_eq!(
        error_code(r).await,
        (StatusCode::UNAUTHORIZED, "SIGN_IN_FAILED".into())
    );

    // Signing out ends the sign-in on the server, not only in the browser.
    let r = http
        .delete(format!("{}/ops/sign-in", shop.base))
        .header("X-CSRF-Token", session["csrf_token"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    let stolen = cookie.split(';').next().unwrap().to_owned();
    let r = shop
        .http
        .get(format!("{}/v1/payments", shop.base))
        .header("cookie", stolen)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_wrong_password_a_wrong_code_and_an_unknown_email_are_refused_alike() {
    let shop = Shop::open(&[]).await;
    let op = Operator::create(&shop, "viewer").await;
    let http = reqwest::Client::new();
    for (email, password, code) in [
        (op.email.as_str(), "not the password!", op.code(0)),
        (op.email.as_str(), PASSWORD, "000000".to_owned()),
        (op.email.as_str(), PASSWORD, String::new()),
        ("nobody@shop.example", PASSWORD, op.code(0)),
    ] {
        let r = sign_in_request(&shop, &http, email, password, &code).await;
        assert!(r.headers().get("set-cookie").is_none());
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["code"], "SIGN_IN_FAILED");
        assert_eq!(body["message"], "the e-mail, password or code is not right");
    }
    // Nor does an API key's bearer slot take a sign-in, or a sign-in an API key.
    let r = shop
        .http
        .get(format!("{}/v1/payments", shop.base))
        .header("cookie", format!("ops_sign_in={}", shop.api_key))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn five_failed_sign_ins_lock_the_account_even_against_the_right_password() {
    let shop = Shop::open(&[]).await;
    let op = Operator::create(&shop, "support").await;
    let http = reqwest::Client::new();
    for attempt in 1..=5 {
        let r = sign_in_request(&shop, &http, &op.email, "guess guess guess", &op.code(0)).await;
        let expected = if attempt < 5 {
            "SIGN_IN_FAILED"
        } else {
            "OPERATOR_LOCKED"
        };
        assert_eq!(error_code(r).await.1, expected, "attempt {attempt}");
    }
    let r = sign_in_request(&shop, &http, &op.email, PASSWORD, &op.code(0)).await;
    assert!(r.headers().get("retry-after").is_some());
    assert_eq!(
        error_code(r).await,
        (StatusCode::TOO_MANY_REQUESTS, "OPERATOR_LOCKED".into())
    );
    let listed: Vec<Value> = shop
        .merchant_get("/v1/operators")
        .await
        .json()
        .await
        .unwrap();
    let listed = listed
        .iter()
        .find(|o| o["email"] == op.email.as_str())
        .unwrap();
    assert!(listed["locked_until"].as_i64().unwrap() > shop.svc.now() + 800);

    // When the lock has run out, the right password and code work, and the count starts again.
    sqlx::query("UPDATE operators SET locked_until = $1 WHERE email = $2")
        .bind(shop.svc.now() - 1)
        .bind(&op.email)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    Console::signed_in(&shop, &op, &op.code(0)).await;
    let r = sign_in_request(&shop, &http, &op.email, "guess guess guess", &op.code(1)).await;
    assert_eq!(error_code(r).await.1, "SIGN_IN_FAILED");
}

#[tokio::test]
async fn a_recovery_code_stands_in_for_the_authenticator_once() {
    let shop = Shop::open(&[]).await;
    let op = Operator::create(&shop, "viewer").await;
    let recovery = op.recovery_codes[3].to_uppercase();
    let console = Console::signed_in(&shop, &op, &recovery).await;
    let r = console.call(Method::GET, "/ops/sign-in", None, false).await;
    assert_eq!(r.json::<Value>().await.unwrap()["recovery_codes_left"], 9);
    let r = sign_in_request(
        &shop,
        &reqwest::Client::new(),
        &op.email,
        PASSWORD,
        &recovery,
    )
    .await;
    assert_eq!(error_code(r).await.1, "SIGN_IN_FAILED");
}

#[tokio::test]
async fn roles_decide_what_an_operator_may_do() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-roles", 6_000).await;
    let refund = format!("/v1/payments/{}/refunds", payment.id);
    let viewer = Operator::create(&shop, "viewer").await;
    let support = Operator::create(&shop, "support").await;
    let viewer = Console::signed_in(&shop, &viewer, &viewer.code(0)).await;
    let support_console = Console::signed_in(&shop, &support, &support.code(0)).await;

    let r = viewer
        .call(
            Method::GET,
            &format!("/v1/payments/{}", payment.id),
            None,
            false,
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = viewer
        .call(Method::POST, &refund, Some(json!({"amount": 500})), true)
        .await;
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["code"], "SCOPE_MISSING");
    assert!(body["message"].as_str().unwrap().contains("role"));

    let r = support_console
        .call(Method::POST, &refund, Some(json!({"amount": 500})), true)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    for (path, body) in [
        ("/v1/api-keys", json!({"name": "mine", "scopes": ["read"]})),
        (
            "/v1/operators",
            json!({"email": "x@shop.example", "role": "admin", "password": PASSWORD}),
        ),
        (
            "/v1/webhook-endpoints",
            json!({"url": "http://127.0.0.1:9/"}),
        ),
        ("/v1/payments", json!({})),
    ] {
        let r = support_console
            .call(Method::POST, path, Some(body), true)
            .await;
        assert_eq!(
            error_code(r).await,
            (StatusCode::FORBIDDEN, "SCOPE_MISSING".into()),
            "{path}"
        );
    }

    // The audit log names the person.
    let trail: Vec<Value> = shop
        .merchant_get(&format!("/v1/audit?subject={}", payment.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(trail[0]["actor"], format!("operator:{}", support.email));
}

#[tokio::test]
async fn a_console_state_change_without_its_csrf_token_is_refused() {
    let shop = Shop::open(&[]).await;
    let payment = shop.payment_by("buyer-csrf", 6_000).await;
    let op = Operator::create(&shop, "admin").await;
    let console = Console::signed_in(&shop, &op, &op.code(0)).await;
    let refund = format!("/v1/payments/{}/refunds", payment.id);
    let r = console
        .call(Method::POST, &refund, Some(json!({"amount": 500})), false)
        .await;
    assert_eq!(
        error_code(r).await,
        (StatusCode::FORBIDDEN, "FORBIDDEN".into())
    );
    // Another sign-in's token is not this one's.
    let other = Console::signed_in(&shop, &op, &op.code(1)).await;
    let r = console
        .http
        .post(format!("{}{refund}", shop.base))
        .header("Idempotency-Key", "csrf-1")
        .header("X-CSRF-Token", &other.csrf)
        .json(&json!({"amount": 500}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(shop.payment_view(&payment.id).await.refunded_minor, 0);
    let r = console
        .call(Method::POST, &refund, Some(json!({"amount": 500})), true)
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn a_console_sign_in_ends_after_30_idle_minutes_or_12_hours_in_all() {
    let shop = Shop::open(&[]).await;
    let op = Operator::create(&shop, "viewer").await;
    let idle = Console::signed_in(&shop, &op, &op.code(0)).await;
    let busy = Console::signed_in(&shop, &op, &op.code(1)).await;
    let now = shop.svc.now();
    let sessions: Vec<(String,)> = sqlx::query_as(
        "SELECT token_sha256 FROM console_sign_ins ORDER BY created_at, token_sha256",
    )
    .fetch_all(&shop.svc.db.pool)
    .await
    .unwrap();
    assert_eq!(sessions.len(), 2);
    // Which row is which does not matter: one idle 31 minutes, one busy but 12 hours old.
    sqlx::query("UPDATE console_sign_ins SET last_seen_at = $1")
        .bind(now - 31 * 60)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    for console in [&idle, &busy] {
        let r = console.call(Method::GET, "/v1/payments", None, false).await;
        assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    }
    let fresh = Console::signed_in(&shop, &op, &op.recovery_codes[0]).await;
    sqlx::query("UPDATE console_sign_ins SET created_at = $1 WHERE ended_at IS NULL")
        .bind(now - 12 * 3600)
        .execute(&shop.svc.db.pool)
        .await
        .unwrap();
    let r = fresh.call(Method::GET, "/v1/payments", None, false).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_disabled_operator_cannot_sign_in_and_their_console_sign_in_ends_at_once() {
    let shop = Shop::open(&[]).await;
    let op = Operator::create(&shop, "support").await;
    let console = Console::signed_in(&shop, &op, &op.code(0)).await;
    let listed: Vec<Value> = shop
        .merchant_get("/v1/operators")
        .await
        .json()
        .await
        .unwrap();
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    let r = shop
        .http
        .delete(format!("{}/v1/operators/{id}", shop.base))
        .bearer_auth(&shop.api_key)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.json::<Value>().await.unwrap()["disabled_at"].is_i64());
    let r = console.call(Method::GET, "/v1/payments", None, false).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    let r = sign_in_request(
        &shop,
        &reqwest::Client::new(),
        &op.email,
        PASSWORD,
        &op.code(1),
    )
    .await;
    assert_eq!(error_code(r).await.1, "SIGN_IN_FAILED");
}

/// The attacker's read of #30: the lock was read before the password was
/// checked and counted after, so a burst of parallel guesses got many tries.
/// Each attempt is now counted before it is checked.
#[tokio::test]
async fn a_burst_of_parallel_guesses_gets_five_tries_and_no_more() {
    let shop = Shop::open(&[("LIMIT_SIGN_INS_PER_MINUTE", "100")]).await;
    let op = Operator::create(&shop, "admin").await;
    let mut guesses = tokio::task::JoinSet::new();
    for n in 0..12 {
        let url = format!("{}/ops/sign-in", shop.base);
        let body =
            json!({"email": op.email, "password": format!("guess number {n}"), "code": op.code(0)});
        guesses.spawn(async move {
            let r = reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .unwrap();
            error_code(r).await.1
        });
    }
    let answers: Vec<String> = guesses.join_all().await;
    let checked = answers.iter().filter(|c| *c == "SIGN_IN_FAILED").count();
    assert!(checked <= 4, "{answers:?}");
    assert!(
        answers
            .iter()
            .all(|c| c == "SIGN_IN_FAILED" || c == "OPERATOR_LOCKED"),
        "{answers:?}"
    );
    let (failures,): (i64,) = sqlx::query_as("SELECT failed_sign_ins FROM operators")
        .fetch_one(&shop.svc.db.pool)
        .await
        .unwrap();
    assert_eq!(failures, 5);
}
