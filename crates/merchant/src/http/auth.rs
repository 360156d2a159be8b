//! Who is calling: the merchant (Bearer API key) or a buyer (session cookie).

use super::error::Error;
use crate::crypto::{constant_time_eq, sha256_hex};
use crate::store::sessions::CheckoutSession;
use crate::store::{now, sessions};
use crate::Service;
use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

/// The buyer cookie's name.
pub const COOKIE: &str = "checkout_sid";

/// The merchant's own systems, proven by `Authorization: Bearer <MERCHANT_API_KEY>`.
pub struct Merchant;

impl FromRequestParts<Service> for Merchant {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, svc: &Service) -> Result<Self, Error> {
        let given = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(Error::Unauthorized(
                "send Authorization: Bearer <merchant API key>",
            ))?;
        if !constant_time_eq(given.trim(), &svc.config.merchant_api_key) {
            return Err(Error::Unauthorized("the merchant API key is not valid"));
        }
        Ok(Merchant)
    }
}

/// The buyer's checkout session, from the cookie set when the checkout link was claimed.
pub struct Buyer(pub CheckoutSession);

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl FromRequestParts<Service> for Buyer {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, svc: &Service) -> Result<Self, Error> {
        let value =
            cookie(parts, COOKIE).ok_or(Error::Unauthorized("open the checkout link again"))?;
        let session = sessions::by_browser(&svc.db, &sha256_hex(value.as_bytes()), now())
            .await?
            .ok_or(Error::Unauthorized(
                "this checkout has expired; open the checkout link again",
            ))?;
        Ok(Buyer(session))
    }
}

/// The `Set-Cookie` value for a claimed session.
pub fn set_cookie(svc: &Service, value: &str) -> String {
    let secure = if svc.config.public_base_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{secure}",
        crate::checkout::BROWSER_TTL_SECS
    )
}
