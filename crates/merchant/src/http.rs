//! The HTTP surface: `/healthz` and the checkout app's static files.

use crate::Config;
use axum::http::{header, HeaderValue};
use axum::routing::get;
use axum::Router;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// The whole router.
pub fn router(config: &Config) -> Router {
    // Unknown paths get index.html so the app's own routes survive a reload.
    let index = config.app_dir.join("index.html");
    let app = ServeDir::new(&config.app_dir).fallback(ServeFile::new(index));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .fallback_service(app)
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(TraceLayer::new_for_http())
}

/// Serves until Ctrl-C.
pub async fn serve(config: Config) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(config.listen_addr).await?;
    let addr = listener.local_addr()?;
    println!("Checkout ready at http://{addr}/");
    axum::serve(listener, router(&config))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
