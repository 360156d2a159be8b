//! The merchant service: serves the checkout app, its `/api`, Antom's
//! notifications and the merchant's back-office API, and keeps wallet tokens
//! server-side.
//!
//! Three layers, one folder each; `http` reaches `store` only through `domain`:
//! - [`http`]: the routers, extractors, response headers and `/openapi.json`.
//! - [`domain`]: the flows of design.md (checkout, linking, paying, refunding, …), their states and errors.
//! - [`store`]: SQLite or PostgreSQL, one schema.
//!
//! Beside them: [`webhooks`] to the merchant's systems, [`worker`] (settles what
//! is unknown, refreshes tokens), [`config`], [`crypto`] and the [`clock`].

pub mod clock;
pub mod config;
pub mod crypto;
pub mod domain;
pub mod health;
pub mod http;
pub mod store;
pub mod telemetry;
pub mod traces;
pub mod webhooks;
pub mod worker;

pub use config::Config;

use antom::{AntomClient, ClientConfig};
use std::sync::Arc;
use tracing::Instrument;

/// Everything a request or the worker needs; cheap to clone.
#[derive(Clone)]
pub struct Service {
    /// Settings.
    pub config: Arc<Config>,
    /// Storage.
    pub db: store::Db,
    /// Antom (or the embedded sandbox).
    pub antom: AntomClient,
    /// Encrypts wallet tokens at rest.
    pub cipher: crypto::TokenCipher,
    /// The embedded sandbox, in sandbox mode.
    pub sandbox: Option<sandbox::Sandbox>,
    /// Per-source rate limits.
    pub throttles: Arc<http::throttle::Throttles>,
    /// What time it is (the sandbox's test clock may have moved it).
    pub clock: clock::Clock,
    /// What the probes report: shutting down, the worker's last round.
    pub health: Arc<health::Health>,
    /// Prometheus metrics (`/metrics`).
    pub metrics: Arc<telemetry::Metrics>,
}

impl Service {
    /// Connects storage and builds the Antom client (and the sandbox, in sandbox mode).
    pub async fn start(config: Config) -> anyhow::Result<Self> {
        let db = store::Db::connect(&config.database_url).await?;
        let mode = if config.is_sandbox() {
            "sandbox"
        } else {
            "live"
        };
        let clock = clock::Clock::new();
        let started = clock.unix();
        let stamped = store::stamp_mode(&db, mode, clock.unix()).await?;
        if stamped != mode {
            anyhow::bail!(
                "this database belongs to a {stamped} service; a {mode} service refuses it \
                 (its links and payments are not this mode's): use another DATABASE_URL"
            );
        }
        let mut client = ClientConfig::new(
            &config.antom_gateway_url,
            &config.antom_client_id,
            config.merchant_private_key.clone(),
            config.antom_public_key.clone(),
        );
        client.timeout = config.antom_timeout;
        client.key_version = config.antom_key_version;
        client.antom_public_key_next = config.operating.antom_public_key_next.clone();
        let antom = AntomClient::new(client)?;
        let sandbox = match &config.mode {
            config::AntomMode::Sandbox { antom_private_key } => {
                let mut sb = sandbox::SandboxConfig::new(
                    &config.antom_client_id,
                    config.merchant_private_key.public_key(),
                    (**antom_private_key).clone(),
                    &config.public_base_url,
                );
                sb.merchant_name = config.merchant_name.clone();
                sb.settlement_dir = Some(config.data_dir.join("sandbox-settlements"));
                sb.settlement_offset = config.settlement_offset;
                // The sandbox knows the merchant's key under the version it signs with.
                sb.merchant_key_version = config.antom_key_version.to_string();
                config.sandbox_tuning.apply(&mut sb);
                sb.clock = clock.clone();
                Some(sandbox::Sandbox::new(sb))
            }
            config::AntomMode::Live => None,
        };
        let svc = Self {
            cipher: crypto::TokenCipher::ring(
                &config.token_encryption_key,
                &config.operating.previous_token_keys,
            ),
            throttles: Arc::new(http::throttle::Throttles::new(config.rate_limits)),
            config: Arc::new(config),
            db,
            antom,
            sandbox,
            clock,
            health: Arc::default(),
            metrics: Arc::new(telemetry::Metrics::new(mode, started)),
        };
        domain::resealing::run(&svc).await?;
        Ok(svc)
    }

    /// Calls Antom; the wait is counted apart in the request's `Server-Timing`.
    pub async fn call_antom<R: antom::api::AntomRequest>(
        &self,
        request: &R,
    ) -> Result<R::Response, antom::AntomError> {
        let span = tracing::info_span!(
            "antom",
            otel.name = %format!("antom {}", R::PATH),
            otel.kind = "client",
            antom.api = R::PATH,
            antom.payment_request_id = request.payment_request_id(),
            antom.refund_request_id = request.refund_request_id(),
            antom.result = tracing::field::Empty,
        );
        let asked = std::time::Instant::now();
        let answer = self.antom.execute(request).instrument(span.clone()).await;
        http::timing::waited_for_antom(asked.elapsed());
        let result = telemetry::antom_result(&answer);
        span.record("antom.result", result);
        self.metrics
            .antom_call(R::PATH, result, asked.elapsed(), self.now());
        answer
    }

    /// Unix seconds now, by the service's clock.
    pub fn now(&self) -> i64 {
        self.clock.unix()
    }

    /// An absolute URL on this service.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.public_base_url)
    }

    /// Where Antom sends notification `path`: the public URL, or in sandbox
    /// mode this process's loopback address (the embedded sandbox calls it from
    /// inside, and would refuse a TLS terminator's private certificate).
    pub fn notify_url(&self, path: &str) -> String {
        if self.config.is_sandbox() {
            format!("{}{path}", self.config.loopback_base_url())
        } else {
            self.url(path)
        }
    }
}
