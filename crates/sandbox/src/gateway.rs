//! The signed front door: verify the request, dispatch by API path, sign the answer.

use crate::state::failed;
use crate::{authorization, customs, payments, refunds, revocation, Shared};
use antom::api::{self, AntomRequest, IncomingMessage};
use antom::signature::{
    SignatureHeader, SignedContent, CLIENT_ID_HEADER, RESPONSE_TIME_HEADER, SIGNATURE_HEADER,
};
use antom::SignatureError;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;

pub async fn handle(
    State(sb): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let message = IncomingMessage {
        path: &path,
        client_id: header(CLIENT_ID_HEADER),
        request_time: header("request-time"),
        signature: header(SIGNATURE_HEADER),
        body: &body,
    };
    // Antom answers a request it cannot authenticate without signing (it does
    // not know whose key to answer for); the official SDKs accept such an F.
    // The sandbox holds one key per merchant, under one version: another version
    // names a key it does not have. No version means "the latest" (Antom's docs).
    let key_version = header(SIGNATURE_HEADER)
        .and_then(|h| SignatureHeader::parse(h).ok())
        .and_then(|h| h.key_version);
    if key_version
        .as_deref()
        .is_some_and(|v| v != sb.config.merchant_key_version)
    {
        return unsigned(&failed(
            antom::codes::KEY_NOT_FOUND,
            "no public key of this keyVersion is registered for the client",
        ));
    }
    let answer = match message.verify(
        &sb.config.merchant_public_key,
        &sb.config.merchant_client_id,
    ) {
        Err(SignatureError::WrongClientId) => {
            return unsigned(&failed("CLIENT_INVALID", "unknown client-id"))
        }
        Err(e) => {
            return unsigned(&failed(
                "INVALID_SIGNATURE",
                &format!("the request signature is not valid: {e}"),
            ))
        }
        Ok(()) => match serde_json::from_slice::<Value>(&body) {
            Err(e) => failed("PARAM_ILLEGAL", &format!("the body is not JSON: {e}")),
            Ok(request) => dispatch(&sb, antom::api_path_of(&path).unwrap_or(""), &request).await,
        },
    };
    signed(&sb, &path, &answer)
}

async fn dispatch(sb: &Arc<Shared>, api_path: &str, request: &Value) -> Value {
    match api_path {
        api::ConsultRequest::PATH => authorization::consult(sb, request),
        api::ApplyTokenRequest::PATH => authorization::apply_token(sb, request),
        api::RevokeRequest::PATH => revocation::revoke(sb, request).await,
        api::PayRequest::PATH => payments::pay(sb, request).await,
        api::InquiryPaymentRequest::PATH => payments::inquiry_payment(sb, request),
        api::CancelRequest::PATH => payments::cancel(sb, request),
        api::RefundRequest::PATH => refunds::refund(sb, request),
        api::InquiryRefundRequest::PATH => refunds::inquiry_refund(sb, request),
        api::DeclareRequest::PATH => customs::declare(sb, request),
        api::InquiryDeclarationRequestsRequest::PATH => customs::inquiry(sb, request),
        _ => failed("NO_INTERFACE_DEF", "no such API"),
    }
}

/// An answer with no `signature` and no `response-time`, as Antom refuses the unauthenticated.
fn unsigned(answer: &Value) -> Response {
    let mut response = (StatusCode::OK, answer.to_string()).into_response();
    response.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    response
}

fn signed(sb: &Shared, path: &str, answer: &Value) -> Response {
    let body = answer.to_string();
    let client_id = &sb.config.merchant_client_id;
    let time = antom::time::now();
    let signature = SignedContent {
        method: "POST",
        path,
        client_id,
        time: &time,
        body: body.as_bytes(),
    }
    .sign(&sb.config.antom_private_key);
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    let mut put = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(name, v);
        }
    };
    put("content-type", "application/json; charset=UTF-8");
    put(CLIENT_ID_HEADER, client_id);
    put(RESPONSE_TIME_HEADER, &time);
    put(SIGNATURE_HEADER, &signature.to_header_value());
    response
}
