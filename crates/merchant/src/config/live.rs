//! A real Antom account: every setting required, every URL safe to send tokens over.

use super::common::Common;
use super::problems::Problems;
use super::urls::{origin_of, secure_url};
use super::{decode_key, invalid, Account, AntomMode, ConfigError, Source};
use antom::{PrivateKey, PublicKey};

/// The account's settings, or `None` with each missing or malformed one noted.
pub(super) fn account(
    source: &Source,
    common: &Common,
    problems: &mut Problems,
) -> Option<Account> {
    let antom_client_id = required(source, problems, "ANTOM_CLIENT_ID");
    let antom_gateway_url = required(source, problems, "ANTOM_GATEWAY_URL");
    if let Some(url) = &antom_gateway_url {
        problems.take(secure_url(
            "ANTOM_GATEWAY_URL",
            url,
            "e.g. https://open-sea-global.alipay.com",
        ));
    }
    let merchant_private_key =
        required(source, problems, "ANTOM_MERCHANT_PRIVATE_KEY").and_then(|text| {
            problems.take(
                PrivateKey::from_text(&text).map_err(|e| invalid("ANTOM_MERCHANT_PRIVATE_KEY", e)),
            )
        });
    let antom_public_key = required(source, problems, "ANTOM_PUBLIC_KEY").and_then(|text| {
        problems.take(PublicKey::from_text(&text).map_err(|e| invalid("ANTOM_PUBLIC_KEY", e)))
    });
    let merchant_api_key = required(source, problems, "MERCHANT_API_KEY");
    if merchant_api_key.as_ref().is_some_and(|k| k.len() < 24) {
        problems.note(invalid(
            "MERCHANT_API_KEY",
            "use at least 24 random characters",
        ));
    }
    let token_encryption_key = required(source, problems, "TOKEN_ENCRYPTION_KEY")
        .and_then(|text| problems.take(decode_key("TOKEN_ENCRYPTION_KEY", &text)));
    if required(source, problems, "PUBLIC_BASE_URL").is_some() {
        problems.take(secure_url(
            "PUBLIC_BASE_URL",
            &common.public_base_url,
            "buyers' cookies and authCodes travel over it",
        ));
    }
    // A page over http could be swapped by anyone on the buyer's network, frame and all.
    // The service's own origin is in the list too: PUBLIC_BASE_URL's check names it.
    let own = origin_of(&common.public_base_url);
    for origin in common
        .merchant_origins
        .iter()
        .filter(|o| Some(*o) != own.as_ref())
    {
        problems.take(secure_url(
            "MERCHANT_ORIGINS",
            origin,
            "e.g. https://shop.example",
        ));
    }
    Some(Account {
        antom_client_id: antom_client_id?,
        antom_gateway_url: antom_gateway_url?,
        merchant_private_key: merchant_private_key?,
        antom_public_key: antom_public_key?,
        merchant_api_key: merchant_api_key.filter(|k| k.len() >= 24)?,
        token_encryption_key: token_encryption_key?,
        mode: AntomMode::Live,
    })
}

/// A setting live mode cannot do without; its absence is noted.
fn required(source: &Source, problems: &mut Problems, name: &'static str) -> Option<String> {
    let value = source.get(name);
    if value.is_none() {
        problems.note(ConfigError::Missing { name });
    }
    value
}
