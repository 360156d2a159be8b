//! The `Idempotency-Key` every money-moving call carries.

use crate::error::{Error, ErrorCode, Result};

/// The key, if present and well-formed: 1 to 64 of `A-Z a-z 0-9 - _`.
pub fn key(raw: Option<&str>) -> Result<&str> {
    let key = raw.ok_or_else(|| {
        Error::invalid(
            ErrorCode::IdempotencyKeyRequired,
            "send an Idempotency-Key header",
        )
    })?;
    let ok = !key.is_empty()
        && key.len() <= 64
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(Error::invalid(
            ErrorCode::IdempotencyKeyInvalid,
            "Idempotency-Key must be 1 to 64 of A-Z a-z 0-9 - _",
        ));
    }
    Ok(key)
}

/// The `Idempotency-Key` header as `/openapi.json` describes it (what [`key`] accepts).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // Read by hand in `key`; this only documents it.
pub struct IdempotencyKey {
    /// Required. The same key always means the same payment, charge, refund or declaration.
    #[param(
        rename = "Idempotency-Key",
        pattern = "^[A-Za-z0-9_-]{1,64}$",
        min_length = 1,
        max_length = 64
    )]
    idempotency_key: String,
}
