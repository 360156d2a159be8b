//! The serving loop: the worker and webhook delivery beside it, limits on what
//! one client may hold, and a graceful shutdown.

use super::demo;
use crate::Service;
use axum::Router;

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
    let health = svc.health.clone();
    let drain = svc.config.operating.shutdown_drain;
    serve_on(listener, super::router(svc), limits, async move {
        stop_signal().await;
        // Unready first, still serving, so the load balancer moves traffic away.
        health.drain();
        tracing::info!(
            drain_secs = drain.as_secs(),
            "shutting down: /readyz answers 503 while traffic drains"
        );
        tokio::time::sleep(drain).await;
    })
    .await;
    Ok(())
}

/// Ctrl-C, or SIGTERM (how a container runtime or Kubernetes stops a process).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
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
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, most likely: wait instead of spinning.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Rate limits key on the peer's address (see `throttle::Source`).
        let app = tower::Layer::layer(
            &axum::Extension(axum::extract::ConnectInfo(peer)),
            app.clone(),
        );
        let service = hyper_util::service::TowerToHyperService::new(app);
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
