//! Wallet marks, drawn here: a coloured tile with the wallet's initials.
//! Simple on purpose; no brand artwork is copied.

use leptos::prelude::*;

fn colour(code: &str) -> &'static str {
    match code {
        "ALIPAY_CN" | "ALIPAY_HK" => "#1677ff",
        "GCASH" => "#005ce6",
        "MAYA" => "#00804a",
        "DANA" => "#0b6bcb",
        "KAKAOPAY" => "#5c4a00",
        "NAVERPAY" => "#03803e",
        "TOSSPAY" => "#0050c8",
        "PAYPAY" => "#d0021b",
        "TNG" => "#0a4ea2",
        "BOOST" => "#c4122f",
        c if c.starts_with("GRABPAY") => "#00803a",
        "TRUEMONEY" => "#d4380d",
        "RABBIT_LINE_PAY" => "#06803a",
        "ZALOPAY" => "#0068b8",
        "MOMO" => "#a50064",
        _ => "#4b5563",
    }
}

fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [one] => one.chars().take(2).collect(),
        [first, second, ..] => first
            .chars()
            .take(1)
            .chain(second.chars().take(1))
            .collect(),
        [] => "?".into(),
    }
}

/// The mark of `code`, labelled for screen readers by `label`.
#[component]
pub fn WalletMark(
    code: String,
    name: String,
    #[prop(into)] label: Signal<String>,
) -> impl IntoView {
    let fill = colour(&code);
    let text = initials(&name);
    view! {
        <svg class="wallet-mark" viewBox="0 0 40 40" width="40" height="40" role="img" aria-label=move || label.get()>
            <rect width="40" height="40" rx="10" fill=fill></rect>
            <text x="20" y="25" text-anchor="middle" font-size="14" font-weight="700" fill="#ffffff">{text}</text>
        </svg>
    }
}
