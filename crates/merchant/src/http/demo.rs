//! A demo shop, served in sandbox mode only: what a merchant's own site does.
//! Its "backend" creates a checkout session, sends the buyer to the hosted
//! checkout, receives the service's webhooks (verified with the `standardwebhooks`
//! crate, as a merchant would), and calls an order paid only once the
//! `payment.succeeded` webhook arrived.

use crate::domain::checkout::{self, NewCheckoutSession, NewOrder};
use crate::domain::error::{Error, Result};
use crate::domain::payment_records;
use crate::Service;
use axum::extract::{Query, State};
use axum::http::{header, HeaderValue};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use contract::api::OrderItem;
use serde::Deserialize;

/// Routes, added only in sandbox mode.
pub fn router() -> Router<Service> {
    Router::new()
        .route("/demo", get(shop))
        .route("/demo/checkout", post(start_checkout))
        .route("/demo/thanks", get(thanks))
        .route("/demo/embedded", get(embedded))
        .route("/demo/embedded.js", get(embedded_script))
        .route("/demo/webhooks", post(receive_webhook))
}

/// What the demo backend heard, by payment id: the last `payment.*` event type.
static HEARD: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<String, String>>> =
    std::sync::LazyLock::new(Default::default);

/// Where the demo backend keeps its webhook secret, as a merchant keeps it in its own settings.
fn secret_file(svc: &Service) -> std::path::PathBuf {
    svc.config.data_dir.join("demo-webhook-secret")
}

/// Registers the demo shop's webhook endpoint (once per data folder) and keeps its secret.
pub async fn register_webhook(svc: &Service) -> anyhow::Result<()> {
    let url = svc.url("/demo/webhooks");
    let file = secret_file(svc);
    let existing = crate::webhooks::endpoints(svc).await?;
    let ours: Vec<_> = existing.iter().filter(|e| e.url == url).collect();
    if file.exists() && !ours.is_empty() {
        return Ok(());
    }
    for old in ours {
        crate::webhooks::delete_endpoint(svc, &old.id).await?;
    }
    let created = crate::webhooks::create_endpoint(
        svc,
        crate::webhooks::NewWebhookEndpoint {
            url,
            event_types: vec![
                "payment.succeeded".into(),
                "payment.failed".into(),
                "payment.cancelled".into(),
            ],
        },
    )
    .await?;
    let secret = created.secret.unwrap_or_default();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    std::io::Write::write_all(&mut options.open(&file)?, secret.as_bytes())?;
    Ok(())
}

/// The demo backend's webhook receiver: verified, then remembered.
async fn receive_webhook(
    State(svc): State<Service>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> axum::http::StatusCode {
    use axum::http::StatusCode;
    let Ok(secret) = std::fs::read_to_string(secret_file(&svc)) else {
        return StatusCode::SERVICE_UNAVAILABLE;
    };
    let verified = standardwebhooks::Webhook::new(secret.trim())
        .and_then(|w| w.verify(&body, &headers))
        .is_ok();
    if !verified {
        return StatusCode::BAD_REQUEST;
    }
    let Ok(event) = serde_json::from_slice::<serde_json::Value>(&body) else {
        return StatusCode::BAD_REQUEST;
    };
    if let (Some(kind), Some(payment)) = (event["type"].as_str(), event["data"]["id"].as_str()) {
        if let Ok(mut heard) = HEARD.lock() {
            heard.insert(payment.to_owned(), kind.to_owned());
        }
    }
    StatusCode::NO_CONTENT
}

const STYLE: &str = "body{font-family:system-ui,\"PingFang SC\",\"Noto Sans CJK SC\",sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}\
.product{border:1px solid #d4d9e1;border-radius:12px;padding:1rem}label{display:block;margin:1rem 0 .25rem}\
select,button{font:inherit;padding:.6rem;border-radius:8px}button{background:#1453c7;color:#fff;border:0;min-height:3rem;width:100%;margin-top:1rem}\
.badge{background:#fff3cd;color:#5c4400;border-radius:4px;padding:.1rem .4rem;font-size:.85rem}:focus-visible{outline:3px solid #b45309}";

fn page(title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><main>{body}</main></body></html>"
    );
    let mut response = Html(html).into_response();
    super::headers::set_policy(&mut response, super::headers::DEMO_SHOP_POLICY);
    response
}

/// The shop's price of the demo product in each buyer region: (region, currency,
/// minor units, how the shop prints it). The checkout formats it itself.
const PRICES: &[(&str, &str, i64, &str)] = &[
    ("PH", "PHP", 10_000, "₱100.00"),
    ("KR", "KRW", 13_000, "₩13,000"),
    ("JP", "JPY", 1_500, "¥1,500"),
    ("TH", "THB", 35_000, "฿350.00"),
    ("ID", "IDR", 15_000_000, "Rp150.000"),
    ("MY", "MYR", 4_500, "RM45.00"),
    ("VN", "VND", 75_000, "₫75,000"),
    ("SG", "SGD", 1_350, "S$13.50"),
    ("HK", "HKD", 7_800, "HK$78.00"),
    ("CN", "CNY", 7_200, "¥72.00"),
];

async fn shop() -> Response {
    let regions: String = PRICES
        .iter()
        .map(|(region, _, _, price)| {
            format!("<option value=\"{region}\">{region} · {price}</option>")
        })
        .collect();
    let languages: String = locale::LOCALES
        .iter()
        .map(|(code, name)| format!("<option value=\"{code}\" lang=\"{code}\">{name}</option>"))
        .collect();
    page(
        "Kopi Shop (demo)",
        &format!(
            "<p class=\"badge\">Sandbox demo shop · 沙箱演示商店</p><h1>Kopi Shop</h1>\
             <div class=\"product\"><h2>Kopi beans 250 g</h2>\
             <form method=\"post\" action=\"/demo/checkout\">\
             <label for=\"region\">Buyer's region and price · 买家地区</label>\
             <select id=\"region\" name=\"region\">{regions}</select>\
             <label for=\"locale\">Checkout language · 收银台语言</label>\
             <select id=\"locale\" name=\"locale\"><option value=\"\">The buyer's browser, else the region's language</option>{languages}</select>\
             <label for=\"amount\">Sandbox outcome · 沙箱结果</label>\
             <select id=\"amount\" name=\"amount\"><option value=\"10000\">paid</option><option value=\"10001\">balance too low</option>\
             <option value=\"10003\">processing, then paid</option></select>\
             <button>Buy with Auto Debit · 自动扣款购买</button></form></div>\
             <p><a href=\"/demo/embedded\">Or try the checkout embedded in this shop's page · 或试试嵌入式收银台</a></p>"
        ),
    )
}

#[derive(Deserialize)]
struct Purchase {
    /// Empty: the checkout decides from the buyer's browser, else the region.
    #[serde(default)]
    locale: String,
    #[serde(default)]
    region: Option<String>,
    /// The sandbox outcome, in its last two digits (see the sandbox's payment script).
    amount: i64,
}

async fn start_checkout(State(svc): State<Service>, Form(p): Form<Purchase>) -> Result<Redirect> {
    let order = format!("kopi-{}", svc.now());
    let region = p.region.as_deref().unwrap_or("PH");
    let &(region, currency, price, _) = PRICES
        .iter()
        .find(|(r, ..)| *r == region)
        .ok_or_else(|| Error::validation("region must be one of the shop's"))?;
    // IDR amounts go to Antom in whole hundreds: there the sandbox's outcome digits cannot ride along.
    let amount = if currency == "IDR" {
        price
    } else {
        price + p.amount.rem_euclid(100)
    };
    // The Philippine shop lets the buyer pay from two more regions; the others from their own.
    let regions = if region == "PH" {
        vec!["PH".into(), "MY".into(), "SG".into()]
    } else {
        vec![region.into()]
    };
    let created = checkout::create(
        &svc,
        NewCheckoutSession {
            // One demo buyer, so a wallet linked once stays linked: one-click from then on.
            buyer_reference: "demo-buyer".into(),
            order: NewOrder {
                reference: order.clone(),
                description: "Kopi beans 250 g".into(),
                amount,
                currency: currency.into(),
                items: vec![OrderItem {
                    name: "Kopi beans 250 g".into(),
                    quantity: 1,
                    unit_amount: amount,
                }],
            },
            region: Some(region.into()),
            locale: Some(p.locale).filter(|l| !l.is_empty()),
            terminal: None,
            return_url: Some(svc.url(&format!("/demo/thanks?order={order}"))),
            expires_in_seconds: Some(3600),
            embed_origin: None,
            regions,
            brand_color: Some("#7a3e00".into()),
            recurring: false,
            metadata: Default::default(),
            mode: Default::default(),
            account_hint: None,
            mandate: None,
            renews: None,
        },
    )
    .await?;
    Ok(Redirect::to(&created.url))
}

#[derive(Deserialize)]
struct Thanks {
    order: String,
}

async fn thanks(State(svc): State<Service>, Query(q): Query<Thanks>) -> Result<Response> {
    // What the shop's backend would ask its payment service: how did this order end?
    let row = payment_records::latest_for_order(&svc, &q.order)
        .await?
        .map(|p| (p.id,));
    // A shop ships only on the webhook, never on the buyer coming back.
    let heard = match &row {
        Some((id,)) => HEARD.lock().ok().and_then(|h| h.get(id).cloned()),
        None => None,
    };
    let (status, refresh) = match (row, heard.as_deref()) {
        (None, _) => ("not paid".to_owned(), false),
        (Some(_), Some("payment.succeeded")) => (
            "paid (payment.succeeded webhook received)".to_owned(),
            false,
        ),
        (Some(_), Some(other)) => (format!("not paid ({other} webhook received)"), false),
        (Some((id,)), None) => {
            let state = payment_records::stored(&svc, &id).await?.status;
            (
                format!(
                    "waiting for the payment webhook (the API says {})",
                    state.as_str()
                ),
                true,
            )
        }
    };
    let order = q.order.replace(['<', '>', '&', '"'], "");
    let mut response = page(
        "Thank you",
        &format!("<h1>Order {order}</h1><p>Payment status: <strong id=\"status\">{status}</strong></p><p><a href=\"/demo\">Back to the shop · 返回商店</a></p>"),
    );
    if refresh {
        response
            .headers_mut()
            .insert(header::REFRESH, HeaderValue::from_static("2"));
    }
    Ok(response)
}

#[derive(Deserialize)]
struct Embedded {
    /// Lets tests start from a buyer with nothing linked.
    buyer: Option<String>,
}

/// The checkout inside the shop's own page, with the events it posts listed beside it.
async fn embedded(State(svc): State<Service>, Query(q): Query<Embedded>) -> Result<Response> {
    let own_origin = crate::config::parse_origin(&svc.config.public_base_url);
    let created = checkout::create(
        &svc,
        NewCheckoutSession {
            buyer_reference: q.buyer.unwrap_or_else(|| "demo-embedded-buyer".into()),
            order: NewOrder {
                reference: format!("kopi-embedded-{}", svc.now()),
                description: "Kopi beans 250 g".into(),
                amount: 10_000,
                currency: "PHP".into(),
                items: vec![OrderItem {
                    name: "Kopi beans 250 g".into(),
                    quantity: 1,
                    unit_amount: 10_000,
                }],
            },
            region: Some("PH".into()),
            locale: None,
            terminal: None,
            return_url: None,
            expires_in_seconds: Some(3600),
            embed_origin: own_origin,
            regions: Vec::new(),
            brand_color: None,
            recurring: false,
            metadata: Default::default(),
            mode: Default::default(),
            account_hint: None,
            mandate: None,
            renews: None,
        },
    )
    .await?;
    // An attribute value: the URL's own characters need no more than quotes and ampersands escaped.
    let url = created.url.replace('&', "&amp;").replace('"', "&quot;");
    let mut response = page(
        "Kopi Shop (embedded checkout)",
        &format!(
            "<p class=\"badge\">Sandbox demo shop · 沙箱演示商店</p><h1>Kopi Shop</h1>\
             <div id=\"checkout\" data-url=\"{url}\"></div>\
             <h2>Events from the checkout</h2><ol id=\"events\" aria-live=\"polite\"></ol>\
             <script src=\"{}\"></script><script src=\"/demo/embedded.js\"></script>",
            super::embed::PATH
        ),
    );
    super::headers::set_policy(&mut response, super::headers::DEMO_EMBEDDING_SHOP_POLICY);
    Ok(response)
}

/// What the shop's page does with the embed library: one call, and the events listed.
const EMBEDDED_JS: &str = "const host = document.getElementById('checkout');\n\
const events = document.getElementById('events');\n\
AntomCheckout.mount(host, {\n\
  url: host.dataset.url,\n\
  // A hint for the page only: the shop ships on its backend's webhook.\n\
  onEvent: (e) => {\n\
    const li = document.createElement('li');\n\
    li.textContent = [e.type, e.wallet, e.payment].filter(Boolean).join(' ');\n\
    events.appendChild(li);\n\
  },\n\
});\n";

async fn embedded_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        EMBEDDED_JS,
    )
        .into_response()
}
