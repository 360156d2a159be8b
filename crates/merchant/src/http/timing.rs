//! Where a request's time goes: the time spent waiting for Antom is counted
//! apart, so the `Server-Timing` header (and the benchmark) can tell what the
//! service itself adds.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::cell::Cell;
use std::time::{Duration, Instant};

tokio::task_local! {
    static ANTOM_WAIT: Cell<Duration>;
}

/// Counts `d` as time spent waiting for Antom in the current request, if it is timed.
pub fn waited_for_antom(d: Duration) {
    let _ = ANTOM_WAIT.try_with(|c| c.set(c.get() + d));
}

/// Middleware: answers with `Server-Timing: app;dur=<ms the service added>, antom;dur=<ms waiting for Antom>`.
pub async fn server_timing(req: Request, next: Next) -> Response {
    let started = Instant::now();
    let (mut response, antom) = ANTOM_WAIT
        .scope(Cell::new(Duration::ZERO), async {
            let response = next.run(req).await;
            (response, ANTOM_WAIT.with(Cell::get))
        })
        .await;
    let total = started.elapsed();
    let app = total.saturating_sub(antom);
    let value = format!(
        "app;dur={:.3}, antom;dur={:.3}",
        app.as_secs_f64() * 1000.0,
        antom.as_secs_f64() * 1000.0
    );
    if let Ok(v) = HeaderValue::from_str(&value) {
        response.headers_mut().insert("server-timing", v);
    }
    response
}
