//! OpenTelemetry traces, exported by OTLP/HTTP only when an endpoint is configured
//! (`OTEL_EXPORTER_OTLP_ENDPOINT`). The service's `tracing` spans become the trace:
//! one per request, one per Antom call (its API and `paymentRequestId`), one per
//! database transaction on the money path. A `traceparent` sent with a `/v1` call is
//! adopted, and each event records the trace it happened in, for its webhooks.

use opentelemetry::propagation::TextMapPropagator;
use opentelemetry::trace::{TraceContextExt, TracerProvider as _};
use opentelemetry_http::{Bytes, HttpClient, HttpError, Request, Response};
use opentelemetry_otlp::{WithExportConfig, WithHttpConfig};
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{SdkTracer, SdkTracerProvider};
use opentelemetry_sdk::Resource;
use std::time::Duration;
use tracing_opentelemetry::{OpenTelemetryLayer, OpenTelemetrySpanExt};

/// How long one export may take before it is given up (spans are then dropped, never the request).
const EXPORT_TIMEOUT: Duration = Duration::from_secs(10);

/// Why traces could not start.
#[derive(Debug, thiserror::Error)]
pub enum TracesError {
    /// The OTLP exporter refused its settings, or its HTTP client could not be made.
    #[error("the OTLP trace exporter could not start: {0}")]
    Exporter(String),
}

/// The running exporter: spans are batched and posted from its own thread.
#[derive(Debug)]
pub struct Traces {
    provider: SdkTracerProvider,
}

impl Traces {
    /// Starts exporting to `endpoint` (the whole `…/v1/traces` URL) as `service.name`
    /// `OTEL_SERVICE_NAME`, or `antom-checkout`.
    pub fn start(endpoint: &str, mode: &str) -> Result<Self, TracesError> {
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_http_client(Exporting::new()?)
            .with_endpoint(endpoint)
            .with_timeout(EXPORT_TIMEOUT)
            .build()
            .map_err(|e| TracesError::Exporter(e.to_string()))?;
        let mut resource = Resource::builder().with_attributes([
            opentelemetry::KeyValue::new("service.version", env!("CARGO_PKG_VERSION")),
            opentelemetry::KeyValue::new("deployment.environment.name", mode.to_owned()),
        ]);
        if std::env::var_os("OTEL_SERVICE_NAME").is_none() {
            resource = resource.with_service_name("antom-checkout");
        }
        let provider = SdkTracerProvider::builder()
            // Not the caller's sampling flag: a merchant sampling 1% of its own calls must
            // not leave 99% of refunds and charges untraced here, nor a caller hide its own.
            .with_sampler(opentelemetry_sdk::trace::Sampler::AlwaysOn)
            .with_batch_exporter(exporter)
            .with_resource(resource.build())
            .build();
        Ok(Self { provider })
    }

    /// The `tracing` layer that turns spans into this exporter's spans.
    pub fn layer<S>(&self) -> OpenTelemetryLayer<S, SdkTracer>
    where
        S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
    {
        tracing_opentelemetry::layer().with_tracer(self.provider.tracer("merchant"))
    }

    /// Sends what is still batched and stops (at the end of a drain).
    pub fn shutdown(self) {
        if let Err(e) = self.provider.shutdown() {
            eprintln!("traces: the last spans were not all sent: {e}");
        }
    }
}

/// Makes `span` a child of the W3C `traceparent` in `headers`, if one is there and valid.
pub fn adopt_parent(span: &tracing::Span, headers: &axum::http::HeaderMap) {
    let parent =
        TraceContextPropagator::new().extract(&opentelemetry_http::HeaderExtractor(headers));
    if parent.span().span_context().is_valid() {
        // Refused only when traces are off: there is then no trace to join.
        let _ = span.set_parent(parent);
    }
}

/// The trace id of `span`, as 32 hex digits; `None` when traces are off.
pub fn trace_id(span: &tracing::Span) -> Option<String> {
    let cx = span.context();
    let sc = cx.span().span_context().clone();
    sc.is_valid().then(|| sc.trace_id().to_string())
}

/// The current span as a W3C `traceparent` value; `None` when traces are off.
pub fn current_traceparent() -> Option<String> {
    let cx = tracing::Span::current().context();
    let sc = cx.span().span_context().clone();
    sc.is_valid().then(|| {
        format!(
            "00-{}-{}-{:02x}",
            sc.trace_id(),
            sc.span_id(),
            sc.trace_flags().to_u8()
        )
    })
}

/// The exporter's HTTP client: the service's own `reqwest`, blocking, because the
/// SDK's batch processor exports from a plain thread with no async runtime.
#[derive(Debug)]
struct Exporting(reqwest::blocking::Client);

impl Exporting {
    fn new() -> Result<Self, TracesError> {
        // A blocking client must not be made on an async runtime's thread.
        std::thread::spawn(|| {
            reqwest::blocking::Client::builder()
                .timeout(EXPORT_TIMEOUT)
                .build()
        })
        .join()
        .map_err(|_| TracesError::Exporter("its HTTP client could not be made".into()))?
        .map(Self)
        .map_err(|e| TracesError::Exporter(e.to_string()))
    }
}

#[async_trait::async_trait]
impl HttpClient for Exporting {
    async fn send_bytes(&self, request: Request<Bytes>) -> Result<Response<Bytes>, HttpError> {
        let (parts, body) = request.into_parts();
        let answer = self
            .0
            .request(parts.method, parts.uri.to_string())
            .headers(parts.headers)
            .body(body.to_vec())
            .send()?;
        let mut response = Response::builder().status(answer.status());
        if let Some(headers) = response.headers_mut() {
            headers.extend(answer.headers().clone());
        }
        Ok(response.body(answer.bytes()?)?)
    }
}
