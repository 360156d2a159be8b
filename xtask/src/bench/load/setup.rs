//! Buyers made ready before the clock starts: a claimed checkout each, with a
//! linked wallet, through the same calls a browser makes.

use super::super::Server;
use anyhow::{bail, Context};
use serde_json::{json, Value};

pub async fn post(
    http: &reqwest::Client,
    url: String,
    cookie: Option<&str>,
    body: Value,
    bearer: Option<&str>,
) -> anyhow::Result<reqwest::Response> {
    let mut req = http.post(url).header("x-checkout-request", "1").json(&body);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("checkout_sid={c}"));
    }
    if let Some(k) = bearer {
        req = req.bearer_auth(k);
    }
    Ok(req.send().await?)
}

/// A checkout session made by the merchant's API from `body`: its id and its link's one-time token.
pub async fn created_session(
    http: &reqwest::Client,
    s: &Server,
    body: Value,
) -> anyhow::Result<(String, String)> {
    let url = format!("{}/v1/checkout-sessions", s.base);
    let created: Value = post(http, url, None, body, Some(&s.api_key))
        .await?
        .json()
        .await?;
    let id = created["id"].as_str().context("session id")?;
    let token = created["url"]
        .as_str()
        .and_then(|u| u.split_once("#t="))
        .context("token")?
        .1;
    Ok((id.to_owned(), token.to_owned()))
}

/// A claimed checkout session for `buyer`: its id and cookie value.
pub async fn claimed_session(
    http: &reqwest::Client,
    s: &Server,
    buyer: &str,
    n: usize,
) -> anyhow::Result<(String, String)> {
    claimed_with_mandate(http, s, buyer, n, None).await
}

/// [`claimed_session`], asking the buyer for `mandate` (the link it makes is recurring).
pub async fn claimed_with_mandate(
    http: &reqwest::Client,
    s: &Server,
    buyer: &str,
    n: usize,
    mandate: Option<&Value>,
) -> anyhow::Result<(String, String)> {
    let mut body = json!({"buyer_reference": buyer, "order": {"reference": format!("{buyer}-{n}"), "description": "bench", "amount": 10_000, "currency": "PHP"}, "region": "PH", "expires_in_seconds": 3600});
    if let Some(m) = mandate {
        body["mandate"] = m.clone();
    }
    let (id, token) = created_session(http, s, body).await?;
    let claimed = post(
        http,
        format!("{}/api/checkout-sessions/{id}/claim", s.base),
        None,
        json!({"token": token}),
        None,
    )
    .await?;
    let cookie = claimed
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .and_then(|v| v.split_once('='))
        .context("cookie")?
        .1
        .to_owned();
    Ok((id, cookie))
}

/// Links GCASH for the buyer of checkout `id` (claimed with `cookie`), as a person would in the sandbox.
pub async fn link(
    http: &reqwest::Client,
    s: &Server,
    id: &str,
    cookie: &str,
) -> anyhow::Result<()> {
    let urls: Value = post(
        http,
        format!("{}/api/checkout-sessions/{id}/authorizations", s.base),
        Some(cookie),
        json!({"wallet": "GCASH", "terminal": "WEB"}),
        None,
    )
    .await?
    .json()
    .await?;
    let page = urls["normal_url"].as_str().context("normal_url")?;
    let back = http
        .post(page)
        .form(&[("decision", "agree"), ("login", "09171234123")])
        .send()
        .await?;
    let location = reqwest::Url::parse(
        back.headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .context("redirect")?,
    )?;
    let q = |k: &str| {
        location
            .query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    let done = post(
        http,
        format!(
            "{}/api/checkout-sessions/{id}/authorizations/complete",
            s.base
        ),
        Some(cookie),
        json!({"auth_code": q("authCode"), "auth_state": q("authState")}),
        None,
    )
    .await?;
    if !done.status().is_success() {
        bail!("linking failed: {}", done.status());
    }
    Ok(())
}
