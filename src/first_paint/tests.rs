//! Unit tests of the parent module.

use super::*;
use contract::api::{Currency3, LinkState, Money, OrderItem, WalletOption};

fn summary(linked: bool) -> SessionSummary {
    let wallet = |code: &str, name: &str, link: bool| WalletOption {
        code: code.into(),
        name: name.into(),
        link: if link {
            LinkState::Linked
        } else {
            LinkState::NotLinked
        },
        account: link.then(|| "0917****123".into()),
    };
    SessionSummary {
        id: "cs_1".into(),
        merchant_name: "Sari-Sari <Store>".into(),
        order_reference: "o1".into(),
        description: "Groceries".into(),
        amount: Money {
            minor: 125_000,
            currency: Currency3(*b"PHP"),
            exponent: 2,
        },
        items: vec![OrderItem {
            name: "Rice".into(),
            quantity: 2,
            unit_amount: 62_500,
        }],
        region: Some("PH".into()),
        regions: vec![],
        brand_color: None,
        locale: None,
        terminal: None,
        wallets: vec![
            wallet("MAYA", "Maya", linked),
            wallet("GCASH", "GCash", false),
        ],
        payment: None,
        return_url: None,
        embed_origin: None,
        expires_at: 0,
        setup: false,
        awaiting_link_code: None,
        account_hint: None,
        mandate: None,
        recovery: None,
    }
}

fn page(claimed: bool, locale: &str) -> String {
    render(
        "/checkout/cs_1",
        &mut FirstPaint {
            locale: locale.into(),
            language_reason: locale::Reason::Browser,
            catalogue: None,
            linked_wallets: None,
            picked_language: None,
            form_proof: None,
            amounts: Vec::new(),
            checkout: Some(CheckoutPaint {
                summary: summary(claimed),
                viewer: if claimed {
                    Viewer::Buyer
                } else {
                    Viewer::LinkHolder
                },
                picked: None,
                picked_region: None,
                form: None,
            }),
        },
    )
}

#[test]
fn the_first_paint_shows_the_order_and_the_wallets_and_waits_to_act() {
    let html = page(false, "en");
    assert!(
        html.starts_with("<main id=\"main\" class=\"checkout\">"),
        "{html}"
    );
    assert!(html.contains("Pay Sari-Sari &lt;Store&gt;"), "{html}");
    assert!(html.contains("₱1,250.00"), "{html}");
    assert!(html.contains("GCash") && html.contains("Maya"), "{html}");
    // Before the claim: no link state, no account, and the action waits.
    assert!(!html.contains("0917"), "{html}");
    assert!(!html.contains("Linked"), "{html}");
    assert!(html.contains("Loading…"), "{html}");
    assert!(html.contains("disabled"), "{html}");
    assert!(html.contains(r#"aria-busy="true""#), "{html}");
    assert!(
        html.contains("checked"),
        "the first wallet is chosen: {html}"
    );
}

#[test]
fn the_data_carries_the_amounts_the_page_shows_as_written() {
    let mut paint = FirstPaint::bare("en", locale::Reason::Browser);
    paint.checkout = Some(CheckoutPaint {
        summary: summary(true),
        viewer: Viewer::Buyer,
        picked: None,
        picked_region: None,
        form: None,
    });
    let html = render("/checkout/cs_1", &mut paint);
    // The line (2 × ₱625.00) and the total: the same amount, written down once.
    assert_eq!(paint.amounts, vec!["1250.00 PHP en=₱1,250.00".to_owned()]);
    assert!(html.contains("₱1,250.00"), "{html}");
    let back: FirstPaint = serde_json::from_str(&data_json(&paint)).unwrap();
    assert_eq!(back.amounts, paint.amounts);
}

#[test]
fn a_claimed_first_paint_is_the_buyers_own_and_in_their_language() {
    let html = page(true, "en");
    assert!(html.contains("Linked · 0917****123"), "{html}");
    assert!(html.contains("Pay ₱1,250.00 with Maya"), "{html}");
    let chinese = page(true, "zh-TW");
    assert!(chinese.contains("PHP\u{a0}1,250.00"), "{chinese}");
    assert!(!chinese.contains("Pay ₱"), "{chinese}");
}

#[test]
fn a_paid_checkout_is_painted_as_paid_in_utc() {
    use contract::api::{PaymentState, PaymentView};
    let mut paid = summary(true);
    // From JSON: the service's build of `contract` has fields the app's does not.
    let view: PaymentView = serde_json::from_value(serde_json::json!({
        "id": "pay_1", "state": PaymentState::Succeeded, "amount": paid.amount,
        "wallet": "MAYA", "failure_code": null, "paid_at": 0, "order_reference": "o1",
        "refunded_minor": 0, "created_at": 0, "livemode": false,
    }))
    .unwrap();
    paid.payment = Some(view);
    let html = render(
        "/checkout/cs_1",
        &mut FirstPaint {
            locale: "en".into(),
            language_reason: locale::Reason::Browser,
            catalogue: None,
            linked_wallets: None,
            picked_language: None,
            form_proof: None,
            amounts: Vec::new(),
            checkout: Some(CheckoutPaint {
                summary: paid,
                viewer: Viewer::Buyer,
                picked: None,
                picked_region: None,
                form: None,
            }),
        },
    );
    assert!(html.contains("Payment successful"), "{html}");
    assert!(html.contains("1970-01-01 00:00 UTC"), "{html}");
}

#[test]
fn renders_on_many_threads_keep_their_own_language() {
    let threads: Vec<_> = (0..8)
        .map(|i| {
            std::thread::spawn(move || {
                let code = ["en", "zh-CN", "zh-TW"][i % 3];
                (code, (0..20).map(|_| page(true, code)).collect::<Vec<_>>())
            })
        })
        .collect();
    for t in threads {
        let (code, pages) = t.join().unwrap();
        assert!(pages.windows(2).all(|w| w[0] == w[1]), "{code}");
        assert_eq!(pages[0] == page(true, "en"), code == "en", "{code}");
    }
}

#[test]
fn data_cannot_close_its_element() {
    let paint = FirstPaint {
        locale: "en</script><script>alert(1)</script><!--".into(),
        language_reason: locale::Reason::Browser,
        catalogue: None,
        checkout: None,
        linked_wallets: None,
        picked_language: None,
        form_proof: None,
        amounts: Vec::new(),
    };
    let json = data_json(&paint);
    assert!(!json.contains('<'), "{json}");
    let back: FirstPaint = serde_json::from_str(&json).unwrap();
    assert_eq!(back.locale, paint.locale);
}
