//! The linked-wallets page's Unlink as a plain form post:
//! `POST /checkout/{id}/wallets/unlink` ends the buyer's link of a wallet, as the
//! app's Unlink does, before the app's wasm has arrived and where WebAssembly is
//! unavailable. The page asked for the confirmation first (`?confirm=GCASH`, a
//! plain `GET`); who may post is the checkout form's rule ([`super::poster`]).

use super::{code_of, poster, same_origin, Back};
use crate::domain::error::{Error, Result};
use crate::domain::linking;
use crate::Service;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use axum::Form;

/// What the linked-wallets page's confirmation posts.
#[derive(serde::Deserialize)]
pub(in crate::http::first_paint) struct UnlinkForm {
    /// The wallet's code.
    wallet: String,
    /// [`crate::http::auth::form_proof`] of this checkout and browser.
    proof: String,
}

/// `POST /checkout/{id}/wallets/unlink`: the buyer ends the link of the form's wallet.
pub(in crate::http::first_paint) async fn unlink(
    State(svc): State<Service>,
    Path(id): Path<String>,
    headers: HeaderMap,
    uri: Uri,
    form: std::result::Result<Form<UnlinkForm>, FormRejection>,
) -> Result<Response> {
    same_origin(&headers)?;
    let Form(form) = form.map_err(|e| Error::validation(e.body_text()))?;
    let back = Back::to(format!("/checkout/{id}/wallets"), &uri);
    let (session, _) = match poster(&svc, &headers, &id, &form.proof, &back).await? {
        Ok(poster) => poster,
        Err(answer) => return Ok(answer),
    };
    let buyer = &session.buyer_reference;
    Ok(
        match linking::unlink(&svc, buyer, &form.wallet, "buyer").await {
            Ok(()) => back.with(Some(("unlinked", &form.wallet))),
            // The same confirmation posted again (a double tap, a reload): the first
            // post ended the link, and that is what the buyer reads.
            Err(Error::NotFound(_))
                if linking::ended_by_unlink(&svc, buyer, &form.wallet).await? =>
            {
                back.with(Some(("unlinked", &form.wallet)))
            }
            Err(e) => back.error(code_of(&e)),
        },
    )
}
