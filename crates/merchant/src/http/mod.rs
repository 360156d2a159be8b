//! The HTTP surface: one router per resource, merged here, sharing one [`Service`].
//!
//! - `/api/...`: the checkout app (buyer cookie)
//! - `/v1/...`: the merchant's own systems (Bearer API key)
//! - `/notify/...`: Antom (signature checked first)
//! - `/ams/...`, `/sandbox/...`: the embedded Antom sandbox, in sandbox mode
//! - everything else: the built checkout app

pub mod app;
pub mod auth;
pub mod demo;
pub mod embed;
pub mod error;
pub mod first_paint;
pub mod merchant;
pub mod notify;
pub mod sandbox_banner;
pub mod static_files;
pub mod timing;

use crate::Service;
use axum::http::{header, HeaderName, HeaderValue, Request};
use axum::routing::get;
use axum::Router;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

/// The API's description; the paths come from the handlers themselves.
#[derive(OpenApi)]
#[openapi(
    info(title = "Antom Auto Debit checkout: merchant service", description = "The app API (/api, buyer cookie), the merchant API (/v1, Bearer key) and Antom's notifications (/notify, signed). No string in a request (path, query or JSON, known property or not) may hold U+0000: such a request is refused with VALIDATION."),
    modifiers(&BearerKey)
)]
struct ApiDoc;

struct BearerKey;

impl utoipa::Modify for BearerKey {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "merchant_api_key",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

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
    let csp = static_files::content_security_policy(
        &svc.config.app_dir,
        &svc.config.merchant_origins,
        svc.config.is_sandbox(),
    );
    let https = svc.config.serves_https();
    let (api, spec) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(app::router())
        .merge(merchant::router())
        .merge(notify::router())
        .split_for_parts();
    let api = api.merge(embed::router()).merge(first_paint::router(
        &svc.config.app_dir,
        svc.config.is_sandbox(),
        &csp,
    ));
    let spec = spec.to_pretty_json().unwrap_or_default();
    let mut router = api
        .route("/healthz", get(|| async { "ok" }))
        .route(
            "/openapi.json",
            get(move || {
                let spec = spec.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], spec) }
            }),
        )
        .layer(axum::middleware::from_fn(auth::require_app_header))
        .layer(axum::middleware::from_fn(error::refuse_nul))
        .with_state(svc.clone());
    if let Some(sandbox) = &svc.sandbox {
        router = router
            .merge(sandbox.router())
            .merge(demo::router().with_state(svc.clone()));
    }
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    if https {
        router = router.layer(header(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ));
    }
    router
        .fallback_service(static_files::service(
            &svc.config.app_dir,
            svc.config.is_sandbox(),
        ))
        // A buyer's checkout, a payment, a back-office list: never kept by a browser or
        // proxy. Chromium's back button reuses cached answers as they were (a wallet
        // unlinked since would still show). Static files set their own.
        .layer(header(header::CACHE_CONTROL, "no-store"))
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, csp))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // The return URL carries an authCode: never leak it through Referer.
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"))
        .layer(header(HeaderName::from_static("cross-origin-opener-policy"), "same-origin-allow-popups"))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(
            // Method and path only: query strings may carry authCodes.
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
}

/// Serves until Ctrl-C, with the background worker and the webhook delivery running.
pub async fn serve(svc: Service) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(svc.config.listen_addr).await?;
    tokio::spawn(crate::worker::run(svc.clone()));
    tokio::spawn(crate::webhooks::delivery::run(svc.clone()));
    if svc.sandbox.is_some() {
        if let Err(e) = demo::register_webhook(&svc).await {
            tracing::warn!(error = %e, "the demo shop's webhook endpoint could not be registered");
        }
    }
    let limits = ServerLimits::for_config(&svc.config);
    serve_on(listener, router(svc), limits, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await;
    Ok(())
}

/// What one client may hold of the server: a slow or greedy client gets cut
/// off instead of holding a connection, a task or a database lock.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// A request's headers must have come whole within this (slowloris).
    pub header_read_timeout: std::time::Duration,
    /// A request must be answered within this, reading its body included (408 after).
    pub request_timeout: std::time::Duration,
    /// Connections served at once; more wait in the kernel's accept queue.
    pub max_connections: usize,
}

impl ServerLimits {
    /// Limits for `config`: a request may outlast two Antom calls (pay, then its inquiry).
    pub fn for_config(config: &crate::Config) -> Self {
        Self {
            header_read_timeout: std::time::Duration::from_secs(10),
            request_timeout: config.antom_timeout * 2 + std::time::Duration::from_secs(30),
            max_connections: 4_096,
        }
    }
}

/// Serves `app` on `listener` within `limits` until `shutdown`, then lets open requests finish (30 s at most).
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ServerLimits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
    use hyper_util::server::conn::auto;
    let app = app.layer(tower_http::timeout::TimeoutLayer::with_status_code(
        axum::http::StatusCode::REQUEST_TIMEOUT,
        limits.request_timeout,
    ));
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(100)
        .keep_alive_interval(Some(std::time::Duration::from_secs(30)));
    let connections = std::sync::Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(p) => p,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, most likely: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let (builder, watcher) = (builder.clone(), graceful.watcher());
        let header_read_timeout = limits.header_read_timeout;
        tokio::spawn(async move {
            // hyper's header timer starts with the first byte: a client that
            // connects and says nothing would keep its place for ever.
            let mut first = [0u8; 1];
            if !matches!(
                tokio::time::timeout(header_read_timeout, stream.peek(&mut first)).await,
                Ok(Ok(1..))
            ) {
                return;
            }
            let connection = builder
                .serve_connection_with_upgrades(TokioIo::new(stream), service)
                .into_owned();
            let _ = watcher.watch(connection).await;
            drop(permit);
        });
    }
    let _ = tokio::time::timeout(std::time::Duration::from_secs(30), graceful.shutdown()).await;
}
