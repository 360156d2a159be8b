//! The HTTP surface: one router per resource, merged here, sharing one [`Service`].
//!
//! - `/api/...`: the checkout app (buyer cookie)
//! - `/v1/...`: the merchant's own systems (Bearer API key)
//! - `/notify/...`: Antom (signature checked first)
//! - `/ams/...`, `/sandbox/...`: the embedded Antom sandbox, in sandbox mode
//! - everything else: the built checkout app

pub mod app;
pub mod auth;
pub mod console;
pub mod demo;
pub mod embed;
pub mod error;
pub mod extract;
pub mod first_paint;
pub mod headers;
pub mod merchant;
pub mod notify;
pub mod openapi;
mod openapi_examples;
pub mod probes;
pub mod sandbox_banner;
pub mod server;
pub mod static_files;
pub mod throttle;
pub mod timing;

pub use server::{serve, serve_on, ServerLimits};

use crate::Service;
use axum::http::{header, HeaderName, HeaderValue, Request};
use axum::routing::get;
use axum::Router;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

#[derive(Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&crate::crypto::random_token(9))
            .ok()
            .map(RequestId::new)
    }
}

/// The whole service.
pub fn router(svc: Service) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    let csp = headers::content_security_policy(&svc.config.app_dir, svc.config.is_sandbox());
    let https = svc.config.serves_https();
    let (api, spec) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .merge(app::router())
        .merge(merchant::router())
        .merge(console::router())
        .merge(notify::router())
        .split_for_parts();
    let api = api.merge(embed::router()).merge(first_paint::router(
        &svc.config.app_dir,
        svc.config.is_sandbox(),
        &csp,
    ));
    let mut spec = spec;
    openapi::add_service_lists(&mut spec);
    let (merchant_spec, internal_spec) = openapi::split_by_audience(&spec);
    let mut router = api
        .route_layer(axum::middleware::from_fn_with_state(
            svc.clone(),
            probes::count_request,
        ))
        .route("/livez", get(probes::live))
        .route("/healthz", get(probes::live))
        .route("/readyz", get(probes::ready))
        .route("/metrics", get(probes::metrics))
        .route(
            "/openapi.json",
            get(move || json_document(merchant_spec.clone())),
        )
        .route(
            "/openapi/internal.json",
            get(move || json_document(internal_spec.clone())),
        )
        .layer(axum::middleware::from_fn(auth::require_app_header))
        .layer(axum::middleware::from_fn(error::refuse_nul))
        .with_state(svc.clone());
    if let Some(sandbox) = &svc.sandbox {
        router = router
            .merge(sandbox.router())
            .merge(demo::router().with_state(svc.clone()));
    }
    let router = router.fallback_service(static_files::service(
        &svc.config.app_dir,
        svc.config.is_sandbox(),
    ));
    headers::secure(router, csp, https)
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_response(
                    |r: &axum::http::Response<_>, _: std::time::Duration, span: &tracing::Span| {
                        span.record("http.response.status_code", r.status().as_u16());
                        if r.status().is_server_error() {
                            span.record("otel.status_code", "ERROR");
                        }
                    },
                ),
        )
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
}

/// An OpenAPI document as the answer.
async fn json_document(text: String) -> impl axum::response::IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], text)
}

/// The span of one request: its method, its route template as `path` (never the
/// concrete path, which may name a buyer, nor the query, which may carry an authCode;
/// the raw path only where no route matched: static files), `request_id`, and the
/// trace's name. A merchant's `/v1` call joins the trace its `traceparent` names; a
/// buyer's page cannot.
fn request_span<B>(req: &Request<B>) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(axum::extract::MatchedPath::as_str);
    let name = match route {
        Some(route) => format!("{} {route}", req.method()),
        None => req.method().to_string(),
    };
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = route.unwrap_or(req.uri().path()),
        request_id = %id,
        trace_id = tracing::field::Empty,
        otel.name = %name,
        otel.kind = "server",
        http.route = route,
        http.response.status_code = tracing::field::Empty,
        otel.status_code = tracing::field::Empty,
    );
    if req.uri().path().starts_with("/v1/") {
        crate::traces::adopt_parent(&span, req.headers());
    }
    if let Some(trace_id) = crate::traces::trace_id(&span) {
        span.record("trace_id", trace_id);
    }
    span
}
