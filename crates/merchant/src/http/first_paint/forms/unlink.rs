//! The linked-wallets page's Unlink as a plain form post:
//! `POST /checkout/{id}/wallets/unlink` ends the buyer's link of a wallet, as the
//! app's Unlink does, before the app's wasm has arrived and where WebAssembly is
//! unavailable. The page asked for the confirmation first (`?confirm=GCASH`, a
//! plain `GET`); who may post is the checkout form's rule ([`super::poster`]).

use super::{code_of, poster, same_origin, Back};
use crate::domain::error::{Error, Result};
use crate::domain::linking;
use crate::domain::states::LinkStatus;
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
    /// When the link the page showed was made: a later link of the wallet is not this one.
    #[serde(default)]
    linked_at: Option<i64>,
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
    // The page names back only a wallet's own code, never what was posted; one it
    // does not know (no page offers it) gets the page as it is.
    let Some(wallet) = contract::wallets::wallet(&form.wallet) else {
        return Ok(back.with(None));
    };
    // A confirmation of an earlier link (posted again from the history after the
    // buyer linked the wallet anew) ends nothing: the page shows the link as it is.
    let latest = linking::latest_link(&svc, buyer, wallet.code).await?;
    if matches!(latest, Some((LinkStatus::Active, made)) if Some(made) != form.linked_at) {
        return Ok(back.with(None));
    }
    Ok(
        match linking::unlink(&svc, buyer, wallet.code, "buyer").await {
            Ok(()) => back.with(Some(("unlinked", wallet.code))),
            // No link of it to end now: the same confirmation posted again (a reload, a
            // double tap with no script to hold it), after the first one ended it, is
            // told so. Otherwise the page shows what is true, and says nothing untrue
            // ("not found" reads as the checkout's): another unlink of it on its way,
            // a link the wallet app revoked or that ran out meanwhile, none at all.
            Err(Error::NotFound(_)) => {
                match linking::latest_link(&svc, buyer, wallet.code).await? {
                    Some((LinkStatus::Unlinked, _)) => back.with(Some(("unlinked", wallet.code))),
                    _ => back.with(None),
                }
            }
            Err(e) => back.error(code_of(&e)),
        },
    )
}
