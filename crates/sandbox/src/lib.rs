//! An offline stand-in for Antom's gateway, faithful to the protocol: the
//! same paths (under `/ams/api` and `/ams/sandbox/api`), the same signatures
//! on requests, responses and notifications, wallet authorization pages, and
//! scriptable payment outcomes. Embedded in the merchant service in sandbox
//! mode, or run on its own (`sandbox` binary).
//!
//! Payment outcomes are chosen by the last two digits of the amount in minor
//! units (see [`script::PaymentScript`]); every test buyer starts with
//! [`SandboxConfig::starting_balance`].

mod authorization;
pub mod clock;
mod control;
mod customs;
mod gateway;
mod notifier;
mod payments;
mod refunds;
mod revocation;
pub mod script;
pub mod settlement;
mod state;
mod wallet_page;

use antom::{PrivateKey, PublicKey};
use axum::routing::{get, post};
use axum::Router;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use notifier::Delivery;

/// How the sandbox behaves; every limit is configurable so tests can compress time.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    /// The merchant's client id; requests naming another are refused.
    pub merchant_client_id: String,
    /// Verifies the merchant's requests.
    pub merchant_public_key: PublicKey,
    /// Signs responses and notifications ("Antom's" key).
    pub antom_private_key: PrivateKey,
    /// Where buyers reach the sandbox, for wallet page URLs (e.g. `http://127.0.0.1:8080`).
    pub public_url: String,
    /// Shown on the wallet authorization page.
    pub merchant_name: String,
    /// How long an authCode can be exchanged (Antom: minutes).
    pub auth_code_ttl: Duration,
    /// How long an access token lives.
    pub access_token_ttl: Duration,
    /// How long a refresh token lives.
    pub refresh_token_ttl: Duration,
    /// How long a "processing" payment takes to become final.
    pub processing_delay: Duration,
    /// How long pay holds the connection for the "no answer" script.
    pub no_answer_hold: Duration,
    /// Antom's retry schedule (0s, 2m, 10m, 10m, 1h, 2h, 6h, 15h) is divided by this.
    pub notify_time_factor: u32,
    /// Where notifyAuthorization goes when consult names no authNotifyUrl.
    pub auth_notify_url: Option<String>,
    /// Where notifyPayment goes when pay names no paymentNotifyUrl.
    pub payment_notify_url: Option<String>,
    /// Where notifyRefund goes when refund names no refundNotifyUrl.
    pub refund_notify_url: Option<String>,
    /// How long after payment a cancel is accepted.
    pub cancel_window: Duration,
    /// Each test buyer's balance, in minor units of any currency.
    pub starting_balance: i64,
    /// Whether notifications are sent at all (off: only inquiries tell).
    pub send_notifications: bool,
    /// Antom's fee on each payment, in hundredths of a percent (180 = 1.8%).
    pub fee_basis_points: u32,
    /// Where settlement reports are written (`<dir>/<customerId>/<YYYYMMDD>/`), if anywhere.
    pub settlement_dir: Option<std::path::PathBuf>,
    /// The time zone of report days.
    pub settlement_offset: time::UtcOffset,
    /// The clock it reads, shared with the merchant service beside it.
    pub clock: clock::TestClock,
    /// The `keyVersion` the merchant's public key is registered under: a request
    /// naming another is refused with `KEY_NOT_FOUND`.
    pub merchant_key_version: String,
}

impl SandboxConfig {
    /// Defaults close to Antom's: 5 min codes, 30 day tokens, retries 60× faster.
    pub fn new(
        merchant_client_id: impl Into<String>,
        merchant_public_key: PublicKey,
        antom_private_key: PrivateKey,
        public_url: impl Into<String>,
    ) -> Self {
        Self {
            merchant_client_id: merchant_client_id.into(),
            merchant_public_key,
            antom_private_key,
            public_url: public_url.into(),
            merchant_name: "Sandbox Merchant".into(),
            auth_code_ttl: Duration::from_secs(300),
            access_token_ttl: Duration::from_secs(30 * 24 * 3600),
            refresh_token_ttl: Duration::from_secs(180 * 24 * 3600),
            processing_delay: Duration::from_secs(3),
            no_answer_hold: Duration::from_secs(30),
            notify_time_factor: 60,
            auth_notify_url: None,
            payment_notify_url: None,
            refund_notify_url: None,
            cancel_window: Duration::from_secs(24 * 3600),
            starting_balance: 100_000_000,
            send_notifications: true,
            fee_basis_points: 180,
            settlement_dir: None,
            settlement_offset: time::UtcOffset::UTC,
            clock: clock::TestClock::new(),
            merchant_key_version: "1".into(),
        }
    }
}

pub(crate) struct Shared {
    config: SandboxConfig,
    state: Mutex<state::State>,
    notifier: notifier::Notifier,
}

impl Shared {
    /// The state, even if a panicking thread poisoned the lock (the data is plain maps).
    fn state(&self) -> std::sync::MutexGuard<'_, state::State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Now, by the test clock.
    fn now(&self) -> time::OffsetDateTime {
        self.config.clock.now()
    }
}

/// A running sandbox: its router, and what it has sent.
#[derive(Clone)]
pub struct Sandbox {
    shared: Arc<Shared>,
}

impl Sandbox {
    /// A sandbox with empty state.
    pub fn new(config: SandboxConfig) -> Self {
        let notifier = notifier::Notifier::new(
            config.merchant_client_id.clone(),
            config.antom_private_key.clone(),
            config.notify_time_factor,
            config.send_notifications,
        );
        Self {
            shared: Arc::new(Shared {
                config,
                state: Mutex::new(state::State::default()),
                notifier,
            }),
        }
    }

    /// Antom's API paths, the wallet pages and the control endpoints.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/ams/api/{*api}", post(gateway::handle))
            .route("/ams/sandbox/api/{*api}", post(gateway::handle))
            .route(
                "/sandbox/wallet/{ticket}",
                get(wallet_page::show).post(wallet_page::decide).layer(
                    axum::middleware::map_response(wallet_page::as_a_wallet_page),
                ),
            )
            .route(
                "/sandbox/control/unlink",
                post(revocation::unlink_from_wallet),
            )
            .route("/sandbox/control/settlement", post(settlement::settle_day))
            .route(
                "/sandbox/control/refresh",
                post(authorization::script_refresh),
            )
            .route("/sandbox/control/revoke", post(revocation::script_revoke))
            .route("/sandbox/control/clock", post(control::advance_clock))
            .route("/sandbox/control/balance", post(control::set_balance))
            .with_state(self.shared.clone())
    }

    /// The day's reconciliation reports (transaction details, settlement details, summary).
    pub fn settlement_files(&self, date: time::Date) -> Vec<settlement::SettlementFile> {
        settlement::files_for(&self.shared, date)
    }

    /// How many scripted revoke answers (`/sandbox/control/revoke`) are still to be used.
    pub fn revoke_answers_left(&self) -> usize {
        self.shared.state().revoke_script.len()
    }

    /// Every notification delivery attempt so far, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.notifier.deliveries()
    }
}
