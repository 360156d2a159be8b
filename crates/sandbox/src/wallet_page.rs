//! The wallet's authorization page, as a buyer sees it in the sandbox:
//! bilingual (English / 中文), with Agree and Decline.

use crate::authorization::mask;
use crate::state::{new_secret, span, AuthCode};
use crate::Shared;
use antom::api::AuthorizationNotifyType;
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// A test login per wallet, prefilled so a person can just press Agree.
fn sample_login(wallet: &str) -> &'static str {
    match wallet {
        "GCASH" | "MAYA" | "GRABPAY_PH" => "09171234123",
        "KAKAOPAY" | "NAVERPAY" | "TOSSPAY" => "01012345678",
        "ALIPAY_CN" => "13812345678",
        "ALIPAY_HK" => "85291234567",
        "DANA" => "081234567890",
        _ => "60123456789",
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn page(status: StatusCode, title: &str, body: &str) -> Response {
    let html = format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f3f5f8;color:#1f2329}}
main{{max-width:26rem;margin:2rem auto;background:#fff;border-radius:12px;padding:1.5rem;box-shadow:0 1px 4px #0002}}
.badge{{display:inline-block;background:#fff3cd;color:#5c4400;border-radius:4px;padding:.1rem .4rem;font-size:.8rem}}
label{{display:block;margin:1rem 0 .3rem}} input{{width:100%;box-sizing:border-box;padding:.6rem;font-size:1rem}}
.actions{{display:flex;gap:.75rem;margin-top:1.25rem}} button{{flex:1;padding:.75rem;font-size:1rem;border-radius:8px;border:1px solid #1d4ed8;cursor:pointer}}
button[value=agree]{{background:#1d4ed8;color:#fff}} button[value=decline]{{background:#fff;color:#1d4ed8}}
button:focus-visible,input:focus-visible{{outline:3px solid #f59e0b;outline-offset:2px}}
</style></head><body><main>{body}</main></body></html>"#
    );
    let mut response = (status, Html(html)).into_response();
    // Its own CSP: this page is the wallet's, not the merchant's app.
    if let Ok(value) =
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'".parse()
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, value);
    }
    response
}

/// Every answer of the wallet's pages, its redirect back included, as a real
/// wallet's: with no opener policy. Browsers apply the policy of each page and
/// each redirect a tab goes through; one that differs from the others puts the
/// tab in a new browsing context group, cutting it from its opener — and an
/// embedded checkout's wallet tab must hand the wallet's answer to its opener.
pub async fn as_a_wallet_page(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        header::HeaderValue::from_static("unsafe-none"),
    );
    response
}

fn gone() -> Response {
    page(
        StatusCode::GONE,
        "Link expired · 链接已失效",
        "<h1>This authorization link has expired or was already used.</h1>\
         <p lang=\"zh-CN\">此授权链接已失效或已被使用。</p>\
         <p>Go back to the shop and try again. · 请返回商户页面重试。</p>",
    )
}

/// `GET /sandbox/wallet/{ticket}`.
pub async fn show(State(sb): State<Arc<Shared>>, Path(ticket): Path<String>) -> Response {
    let (wallet, recurring) = {
        let state = sb.state();
        match state.tickets.get(&ticket) {
            Some(t) if !t.decided && t.expires > sb.now() => {
                (t.wallet.clone(), t.recurring_payment == Some(true))
            }
            _ => return gone(),
        }
    };
    let wallet_h = escape(&wallet);
    let merchant = escape(&sb.config.merchant_name);
    let login = sample_login(&wallet);
    // What the wallet learnt from recurringPayment: a subscription, not one-off purchases.
    let recurring_note = if recurring {
        "<p class=\"recurring\">For recurring payments (a subscription). · 用于定期扣款（订阅）。</p>\n"
    } else {
        ""
    };
    let body = format!(
        r#"<p class="badge">Sandbox wallet · 沙箱钱包</p>
<h1>{wallet_h}</h1>
<p><strong>{merchant}</strong> asks to charge your {wallet_h} account automatically for future purchases.</p>
<p lang="zh-CN"><strong>{merchant}</strong> 申请开通自动扣款：以后的订单将从您的 {wallet_h} 账户自动扣款。</p>
{recurring_note}<form method="post">
<label for="login">Account · 账户</label>
<input id="login" name="login" value="{login}" autocomplete="off" inputmode="numeric">
<div class="actions">
<button name="decision" value="decline">Decline · 拒绝</button>
<button name="decision" value="agree">Agree · 同意</button>
</div>
</form>"#
    );
    page(StatusCode::OK, &format!("{wallet_h} · Authorize"), &body)
}

/// The buyer's choice.
#[derive(Deserialize)]
pub struct Decision {
    decision: String,
    #[serde(default)]
    login: String,
}

fn append_query(url: &str, pairs: &[(&str, &str)]) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let (base, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, format!("#{f}")),
        None => (url, String::new()),
    };
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}{query}{fragment}")
}

/// `POST /sandbox/wallet/{ticket}`: Agree sends the buyer back with an authCode; Decline without.
pub async fn decide(
    State(sb): State<Arc<Shared>>,
    Path(ticket): Path<String>,
    Form(decision): Form<Decision>,
) -> Response {
    let now = sb.now();
    let (redirect, auth_state, notify) = {
        let mut state = sb.state();
        let Some(t) = state.tickets.get_mut(&ticket) else {
            return gone();
        };
        if t.decided || t.expires < now {
            return gone();
        }
        t.decided = true;
        let (wallet, auth_state, redirect, notify_url) = (
            t.wallet.clone(),
            t.auth_state.clone(),
            t.redirect_url.clone(),
            t.notify_url.clone(),
        );
        if decision.decision != "agree" {
            (
                append_query(&redirect, &[("authState", &auth_state)]),
                auth_state,
                None,
            )
        } else {
            let login = match decision.login.trim() {
                "" => sample_login(&wallet).to_owned(),
                l => l.to_owned(),
            };
            let code = new_secret("ac");
            state.auth_codes.insert(
                code.clone(),
                AuthCode {
                    wallet,
                    login_id: login.clone(),
                    notify_url: notify_url.clone(),
                    expires: now + span(sb.config.auth_code_ttl),
                    used: false,
                },
            );
            let url = append_query(
                &redirect,
                &[("authCode", &code), ("authState", &auth_state)],
            );
            let notify = notify_url
                .or_else(|| sb.config.auth_notify_url.clone())
                .map(|u| (u, code, mask(&login)));
            (url, auth_state, notify)
        }
    };
    if let Some((url, code, masked)) = notify {
        sb.notifier.send(
            "notifyAuthorization",
            &url,
            json!({
                "authorizationNotifyType": AuthorizationNotifyType::AuthCodeCreated,
                "authCode": code,
                "authState": auth_state,
                "userLoginId": masked,
                "result": antom::ApiResult::success(),
            }),
        );
    }
    Redirect::to(&redirect).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_parameters_are_appended_to_any_existing_query() {
        assert_eq!(
            append_query(
                "https://shop.example/r",
                &[("authCode", "a b"), ("authState", "s")]
            ),
            "https://shop.example/r?authCode=a+b&authState=s"
        );
        assert_eq!(
            append_query("https://shop.example/r?x=1#top", &[("authState", "s")]),
            "https://shop.example/r?x=1&authState=s#top"
        );
    }

    #[test]
    fn page_text_is_escaped() {
        assert_eq!(
            escape("<b>\"Tom & Jerry's\"</b>"),
            "&lt;b&gt;&quot;Tom &amp; Jerry&#39;s&quot;&lt;/b&gt;"
        );
    }
}
