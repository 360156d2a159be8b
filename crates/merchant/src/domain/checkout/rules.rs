//! The rules a checkout session must meet before it is stored, and the
//! conversions to what Antom takes (amounts, terminal types).

use super::{NewCheckoutSession, NewOrder, DEFAULT_TTL_SECS, LOCALES};
use crate::crypto::sha256_hex;
use crate::domain::error::{Error, Result};
use crate::store::sessions::CheckoutSession;
use crate::Service;
use antom::api::TerminalType;
use contract::api::{Money, Terminal};

/// Antom counts characters, and so does the OpenAPI document's `maxLength`.
fn check_text(field: &'static str, value: &str, max: usize) -> Result<()> {
    if contract::is_blank(value) || value.chars().count() > max {
        return Err(Error::validation(format!(
            "{field} must be 1 to {max} characters"
        )));
    }
    Ok(())
}

/// Whose account the checkout is for: printable, up to 64 characters.
fn check_account_hint(hint: Option<&str>) -> Result<()> {
    let Some(hint) = hint else { return Ok(()) };
    check_text("account_hint", hint, 64)?;
    if hint.chars().any(char::is_control) {
        return Err(Error::validation("account_hint must be printable"));
    }
    Ok(())
}

/// A valid session `id` made of `req`, claimable with `token`; every rule a session
/// must meet (lengths, amounts Antom takes, regions, locale, URLs) is checked here.
pub(crate) fn checked(
    svc: &Service,
    req: NewCheckoutSession,
    id: String,
    token: &str,
    now: i64,
) -> Result<CheckoutSession> {
    check_text("buyer_reference", &req.buyer_reference, 64)?;
    check_account_hint(req.account_hint.as_deref())?;
    let currency = check_order(&req.order)?;
    let (region, regions) = check_regions(req.region.as_deref(), &req.regions)?;
    check_metadata(&req.metadata)?;
    let mandate = crate::domain::mandates::asked_by(&req, now)?;
    let brand_color = match req.brand_color {
        Some(c) => Some(readable_brand_color(&c)?),
        None => None,
    };
    if let Some(locale) = &req.locale {
        if !LOCALES.contains(&locale.as_str()) {
            return Err(Error::validation(format!(
                "locale must be one of {LOCALES:?}"
            )));
        }
    }
    if let Some(url) = &req.return_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() > 1024 {
            return Err(Error::validation("return_url must be an http(s) URL"));
        }
    }
    let embed_origin = match &req.embed_origin {
        None => None,
        Some(o) => match crate::config::parse_origin(o) {
            Some(origin) if svc.config.merchant_origins.contains(&origin) => Some(origin),
            _ => {
                return Err(Error::validation(
                    "embed_origin must be one of MERCHANT_ORIGINS",
                ))
            }
        },
    };
    let ttl = req.expires_in_seconds.unwrap_or(DEFAULT_TTL_SECS);
    if !(60..=86_400).contains(&ttl) {
        return Err(Error::validation("expires_in_seconds must be 60 to 86400"));
    }
    Ok(CheckoutSession {
        id,
        claim_token_hash: sha256_hex(token.as_bytes()),
        claimed_at: None,
        buyer_reference: req.buyer_reference,
        order_reference: req.order.reference,
        order_description: req.order.description,
        amount_minor: req.order.amount,
        currency: currency.code().to_owned(),
        items: req.order.items,
        region,
        locale: req.locale,
        terminal: req.terminal,
        return_url: req.return_url,
        embed_origin,
        regions: if regions.len() > 1 {
            regions
        } else {
            Vec::new()
        },
        brand_color,
        // A relink renews a recurring link: the wallet is told so again.
        recurring: mandate.is_some() || req.mode == contract::api::CheckoutMode::Relink,
        metadata: req.metadata,
        mode: req.mode,
        account_hint: req.account_hint,
        mandate,
        charged_under: None,
        renews: req.renews,
        created_at: now,
        expires_at: now + ttl,
    })
}

/// The order's texts, its amount in a currency Antom takes, and lines that add up to it.
fn check_order(order: &NewOrder) -> Result<antom::Currency> {
    check_text("order.reference", &order.reference, 64)?;
    check_text("order.description", &order.description, 256)?;
    let currency = antom::Currency::new(&order.currency)
        .map_err(|e| Error::validation(format!("order.currency: {e}")))?;
    if order.amount <= 0 {
        return Err(Error::validation(
            "order.amount must be a positive number of minor units",
        ));
    }
    let antom_takes = |field: &str, minor: i64| antom_takes(field, currency.code(), minor);
    antom_takes("order.amount", order.amount)?;
    if order.items.is_empty() {
        return Ok(currency);
    }
    let mut total: i64 = 0;
    for item in &order.items {
        check_text("order.items[].name", &item.name, 128)?;
        if !(1..=1_000_000).contains(&item.quantity) || item.unit_amount < 0 {
            return Err(Error::validation(
                "order.items need a quantity from 1 to 1,000,000 and a non-negative unit_amount",
            ));
        }
        antom_takes("order.items[].unit_amount", item.unit_amount)?;
        total = item
            .unit_amount
            .checked_mul(i64::from(item.quantity))
            .and_then(|line| total.checked_add(line))
            .ok_or_else(|| Error::validation("order.items add up to more than order.amount"))?;
    }
    if total != order.amount {
        return Err(Error::validation(format!(
            "order.items add up to {total}, not order.amount {}",
            order.amount
        )));
    }
    Ok(currency)
}

/// The default region and the regions offered, each one that has Auto Debit wallets.
fn check_regions(
    region: Option<&str>,
    regions: &[String],
) -> Result<(Option<String>, Vec<String>)> {
    let known_region = |r: &str| -> Result<String> {
        contract::wallets::region(r)
            .map(|x| x.code.to_owned())
            .ok_or_else(|| Error::validation(format!("region {r:?} has no Auto Debit wallets")))
    };
    let regions = regions
        .iter()
        .map(|r| known_region(r))
        .collect::<Result<Vec<_>>>()?;
    let region = match region {
        Some(r) => Some(known_region(r)?),
        None => regions.first().cloned(),
    };
    if let Some(r) = &region {
        if !regions.is_empty() && !regions.contains(r) {
            return Err(Error::validation("region must be one of regions"));
        }
    }
    Ok((region, regions))
}

/// Refuses metadata beyond 20 pairs, keys of 1–40 characters and values of ≤ 500.
fn check_metadata(m: &contract::api::Metadata) -> Result<()> {
    if m.len() > 20
        || m.iter()
            .any(|(k, v)| k.is_empty() || k.chars().count() > 40 || v.chars().count() > 500)
    {
        return Err(Error::validation(
            "metadata takes at most 20 pairs, keys of 1 to 40 characters and values of at most 500",
        ));
    }
    Ok(())
}

/// The money of a session.
pub fn money(amount: i64, currency: &str) -> Money {
    let b = currency.as_bytes();
    let code = if b.len() == 3 {
        [b[0], b[1], b[2]]
    } else {
        *b"XXX"
    };
    // Stored currencies were checked against ISO 4217 when the session was made.
    let exponent = antom::Currency::new(currency).map_or(2, |c| c.exponent()) as u8;
    Money {
        minor: amount,
        currency: contract::api::Currency3(code),
        exponent,
    }
}

/// A brand colour buyers can read: `#rrggbb` with at least 4.5:1 contrast against white.
fn readable_brand_color(text: &str) -> Result<String> {
    let hex = text.trim().strip_prefix('#').unwrap_or("");
    let bad = || Error::validation("brand_color must look like #1453c7");
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let channel = |i: usize| -> Result<f64> {
        let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| bad())?) / 255.0;
        Ok(if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    let luminance = 0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?;
    let contrast = 1.05 / (luminance + 0.05);
    if contrast < 4.5 {
        return Err(Error::validation(format!("brand_color #{hex} has {contrast:.1}:1 contrast against white; WCAG AA needs 4.5:1: use a darker shade"),
        ));
    }
    Ok(format!("#{}", hex.to_ascii_lowercase()))
}

/// Refuses with `VALIDATION` an amount Antom would not take (IDR in whole
/// rupiah), before anything is recorded or sent; `field` names it.
pub fn antom_takes(field: &str, currency: &str, minor: i64) -> Result<()> {
    antom::Amount::from_minor(currency, minor)
        .and_then(|a| a.check_antom_rules())
        .map_err(|e| Error::validation(format!("{field}: {e}")))
}

/// Antom's `terminalType` for where the buyer is.
pub fn antom_terminal(terminal: Terminal) -> TerminalType {
    match terminal {
        Terminal::Web => TerminalType::Web,
        Terminal::Wap => TerminalType::Wap,
        Terminal::App => TerminalType::App,
    }
}

#[cfg(test)]
mod tests {
    use super::readable_brand_color;

    #[test]
    fn a_brand_colour_must_be_readable_on_white() {
        assert_eq!(
            readable_brand_color(" #1453C7 ").ok().as_deref(),
            Some("#1453c7")
        );
        assert!(
            readable_brand_color("#ffd700").is_err(),
            "gold on white is unreadable"
        );
        assert!(readable_brand_color("1453c7").is_err());
        assert!(readable_brand_color("#12345g").is_err());
    }
}
