//! Prometheus metrics, served at `/metrics` behind `METRICS_TOKEN`. Counted as
//! they happen: HTTP requests by route template, Antom calls by API and result,
//! notifications by kind and outcome. Read from the database at each scrape: payments,
//! refunds, links and webhook deliveries by state, and the age of the oldest
//! unsettled work. Every label comes from a fixed set (a route template, an API
//! path, a state, a wallet code): never a payment id or a buyer.

mod overview;
mod scrape;
mod window;

pub use overview::service_health;
pub use scrape::render;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use std::time::Duration;

/// An HTTP request: the route's template (`/v1/payments/{id}`), method, status.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    route: String,
    method: String,
    status: u16,
}

/// An Antom call: its API path and how it ended.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct AntomLabels {
    api: String,
    result: String,
}

/// A notification from Antom: `payment`, `refund`, `authorization`, and its outcome.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct NotificationLabels {
    kind: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateLabels {
    state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StateWalletLabels {
    state: String,
    wallet: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct BuildLabels {
    version: String,
    mode: String,
}

fn latency() -> Histogram {
    // 5 ms to about 20 s.
    Histogram::new(exponential_buckets(0.005, 2.0, 13))
}

/// The service's metrics, one registry per service.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    http: Family<HttpLabels, Histogram, fn() -> Histogram>,
    antom: Family<AntomLabels, Histogram, fn() -> Histogram>,
    antom_outcomes: Family<OutcomeLabels, Counter>,
    /// `antom_outcomes`' four series, in [`window::OUTCOMES`]' order: counted and read
    /// on every Antom call without a label lookup.
    antom_outcome_counts: [Counter; 4],
    /// The last hour of `antom_outcomes`, for the console.
    antom_window: window::AntomWindow,
    notifications: Family<NotificationLabels, Counter>,
    payments: Family<StateWalletLabels, Gauge>,
    refunds: Family<StateLabels, Gauge>,
    links: Family<StateLabels, Gauge>,
    deliveries: Family<StateLabels, Gauge>,
    declarations: Family<StateLabels, Gauge>,
    refreshes: Family<StateLabels, Counter>,
    webhook_attempts: Family<StateLabels, Counter>,
    last_import_issues: Gauge,
    old_key_values: Gauge,
    last_import_at: Gauge,
    oldest_processing: Gauge,
    stuck_processing: Gauge,
    links_lapsing: Gauge,
    oldest_cancelling: Gauge,
    oldest_pending_delivery: Gauge,
    pool_connections: Gauge,
    pool_idle: Gauge,
    worker_last_round: Gauge,
    database_up: Gauge,
    /// One scrape at a time: each clears and refills the families it reads.
    scraping: tokio::sync::Mutex<()>,
}

impl Metrics {
    /// Registers every metric; `mode` is `sandbox` or `live`; counting starts at `now`.
    /// Long: one registration per metric, with its help text; a list, not logic.
    pub fn new(mode: &str, now: i64) -> Self {
        let mut registry = Registry::default();
        let http =
            Family::<HttpLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency);
        let antom =
            Family::<AntomLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency);
        let antom_outcomes = Family::<OutcomeLabels, Counter>::default();
        let antom_outcome_counts = window::OUTCOMES.map(|outcome| {
            antom_outcomes
                .get_or_create(&OutcomeLabels {
                    outcome: outcome.to_owned(),
                })
                .clone()
        });
        let build = Family::<BuildLabels, Gauge>::default();
        build
            .get_or_create(&BuildLabels {
                version: env!("CARGO_PKG_VERSION").to_owned(),
                mode: mode.to_owned(),
            })
            .set(1);
        let m = Self {
            registry: Registry::default(),
            http,
            antom,
            antom_outcomes,
            antom_outcome_counts,
            antom_window: window::AntomWindow::new(now),
            notifications: Family::default(),
            payments: Family::default(),
            refunds: Family::default(),
            links: Family::default(),
            deliveries: Family::default(),
            declarations: Family::default(),
            refreshes: Family::default(),
            webhook_attempts: Family::default(),
            last_import_issues: Gauge::default(),
            old_key_values: Gauge::default(),
            last_import_at: Gauge::default(),
            oldest_processing: Gauge::default(),
            stuck_processing: Gauge::default(),
            links_lapsing: Gauge::default(),
            oldest_cancelling: Gauge::default(),
            oldest_pending_delivery: Gauge::default(),
            pool_connections: Gauge::default(),
            pool_idle: Gauge::default(),
            worker_last_round: Gauge::default(),
            database_up: Gauge::default(),
            scraping: tokio::sync::Mutex::new(()),
        };
        registry.register("checkout_build_info", "The running build", build);
        registry.register(
            "http_request_duration_seconds",
            "HTTP requests by route template, method and status",
            m.http.clone(),
        );
        registry.register("antom_request_duration_seconds", "Antom calls by API and result (S, F, U, timeout, transport, invalid_signature, malformed)", m.antom.clone());
        registry.register(
            "antom_call_outcomes",
            "Antom calls by outcome: succeeded (S), failed (F), pending (U), error (no usable answer)",
            m.antom_outcomes.clone(),
        );
        registry.register(
            "payments_processing_over_ten_minutes",
            "Payments still processing ten minutes after they were sent",
            m.stuck_processing.clone(),
        );
        registry.register(
            "wallet_links_lapsing_within_week",
            "Active wallet links that lapse within seven days unless the buyer links again",
            m.links_lapsing.clone(),
        );
        registry.register(
            "antom_notifications",
            "Notifications from Antom by kind and outcome (verified, forged, stale, malformed)",
            m.notifications.clone(),
        );
        registry.register(
            "payments",
            "Payment attempts by state and wallet",
            m.payments.clone(),
        );
        registry.register("refunds", "Refunds by state", m.refunds.clone());
        registry.register("wallet_links", "Wallet links by state", m.links.clone());
        registry.register(
            "webhook_deliveries",
            "Webhook deliveries by state (pending is the backlog)",
            m.deliveries.clone(),
        );
        registry.register(
            "customs_declarations",
            "Customs declarations by state",
            m.declarations.clone(),
        );
        registry.register(
            "token_refreshes",
            "Wallet token refreshes by outcome (refreshed, refresh_token_gone, failed)",
            m.refreshes.clone(),
        );
        registry.register(
            "sealed_values_under_old_keys",
            "Tokens and secrets not yet sealed with the current TOKEN_ENCRYPTION_KEY (0: older keys may go)",
            m.old_key_values.clone(),
        );
        registry.register(
            "webhook_attempts",
            "Webhook delivery attempts by outcome (delivered, refused, unreachable)",
            m.webhook_attempts.clone(),
        );
        registry.register(
            "worker_last_round_timestamp_seconds",
            "When this process's worker last finished a round (0: it does not run here)",
            m.worker_last_round.clone(),
        );
        registry.register(
            "database_up",
            "Whether the database answered this scrape's queries (the figures read from it are stale when 0)",
            m.database_up.clone(),
        );
        registry.register(
            "reconciliation_last_import_issues",
            "Issues the latest reconciliation import found",
            m.last_import_issues.clone(),
        );
        registry.register(
            "reconciliation_last_import_timestamp_seconds",
            "When the latest reconciliation import ran (0: never)",
            m.last_import_at.clone(),
        );
        registry.register(
            "payment_oldest_processing_age_seconds",
            "Age of the oldest payment still processing (0: none)",
            m.oldest_processing.clone(),
        );
        registry.register(
            "payment_oldest_cancelling_age_seconds",
            "Age of the oldest cancel still under way (0: none)",
            m.oldest_cancelling.clone(),
        );
        registry.register(
            "webhook_oldest_pending_age_seconds",
            "Age of the oldest webhook delivery still pending (0: none)",
            m.oldest_pending_delivery.clone(),
        );
        registry.register(
            "db_pool_connections",
            "Database connections open",
            m.pool_connections.clone(),
        );
        registry.register(
            "db_pool_idle_connections",
            "Database connections idle",
            m.pool_idle.clone(),
        );
        Self { registry, ..m }
    }

    /// One HTTP request served.
    pub fn http_request(&self, route: &str, method: &str, status: u16, took: Duration) {
        self.http
            .get_or_create(&HttpLabels {
                route: route.to_owned(),
                method: method.to_owned(),
                status,
            })
            .observe(took.as_secs_f64());
    }

    /// One Antom call to `api` (its path), ended as `result`, at `now` (Unix seconds).
    pub fn antom_call(&self, api: &str, result: &str, took: Duration, now: i64) {
        self.antom_window.note(now, self.antom_totals());
        self.antom_outcome_counts[window::outcome_of(result)].inc();
        self.antom
            .get_or_create(&AntomLabels {
                api: api.to_owned(),
                result: result.to_owned(),
            })
            .observe(took.as_secs_f64());
    }

    /// Antom calls so far by outcome, as `antom_call_outcomes_total` says.
    fn antom_totals(&self) -> window::Totals {
        self.antom_outcome_counts.each_ref().map(Counter::get)
    }

    /// One token refresh, ended as `outcome`.
    pub fn token_refresh(&self, outcome: &str) {
        self.refreshes
            .get_or_create(&StateLabels {
                state: outcome.to_owned(),
            })
            .inc();
    }

    /// One webhook delivery attempt, ended as `outcome`.
    pub fn webhook_attempt(&self, outcome: &str) {
        self.webhook_attempts
            .get_or_create(&StateLabels {
                state: outcome.to_owned(),
            })
            .inc();
    }

    /// One notification of `kind` received, ended as `outcome`.
    pub fn notification(&self, kind: &str, outcome: &str) {
        self.notifications
            .get_or_create(&NotificationLabels {
                kind: kind.to_owned(),
                outcome: outcome.to_owned(),
            })
            .inc();
    }
}

/// How an Antom call ended, as the `result` label says it.
pub fn antom_result<T>(answer: &Result<T, antom::AntomError>) -> &'static str {
    use antom::AntomError as E;
    match answer {
        Ok(_) => "S",
        Err(E::Failed { .. }) => "F",
        Err(E::Unknown { .. }) => "U",
        Err(E::NoAnswer(_)) => "timeout",
        Err(E::NotSent(_) | E::HttpStatus(_)) => "transport",
        Err(E::InvalidResponseSignature(_)) => "invalid_signature",
        Err(E::MalformedResponse(_) | E::InvalidRequest(_)) => "malformed",
    }
}
