//! The async Antom client: signs each request, sends it, verifies the signed
//! answer, and keeps "Antom said no" (`Failed`) apart from "we do not know"
//! (everything else: `U`, timeouts, broken or unsigned answers).

use crate::api::{AntomRequest, AntomResponse};
use crate::keys::{PrivateKey, PublicKey};
use crate::result::{ApiResult, Outcome, ResultStatus};
use crate::signature::{
    SignatureError, SignatureHeader, SignedContent, CLIENT_ID_HEADER, REQUEST_TIME_HEADER,
    RESPONSE_TIME_HEADER, SIGNATURE_HEADER,
};
use serde::Deserialize;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Everything the client needs to talk to one Antom gateway as one merchant.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// Gateway base URL, e.g. `https://open-sea-global.alipay.com` (never hard-coded).
    pub gateway_url: String,
    /// The merchant's client id; `SANDBOX_…` ids use Antom's sandbox paths.
    pub client_id: String,
    /// Signs requests.
    pub merchant_private_key: PrivateKey,
    /// Verifies responses.
    pub antom_public_key: PublicKey,
    /// During Antom's key rotation, the key it rotates to: a response verified by
    /// either is Antom's.
    pub antom_public_key_next: Option<PublicKey>,
    /// Limit for one whole request, connect to last byte.
    pub timeout: Duration,
    /// Limit for connecting.
    pub connect_timeout: Duration,
    /// Tries for a request that could not be delivered at all (never for one that may have arrived).
    pub max_attempts: u32,
    /// `keyVersion` of the signature header: which of the merchant's public keys at
    /// Antom verifies it (1 unless a rotation uploaded another; every SDK defaults to 1).
    pub key_version: u32,
}

impl ClientConfig {
    /// A configuration with sensible limits: 15 s per request, 3 s to connect, 3 tries.
    pub fn new(
        gateway_url: impl Into<String>,
        client_id: impl Into<String>,
        merchant_private_key: PrivateKey,
        antom_public_key: PublicKey,
    ) -> Self {
        Self {
            gateway_url: gateway_url.into(),
            client_id: client_id.into(),
            merchant_private_key,
            antom_public_key,
            antom_public_key_next: None,
            timeout: Duration::from_secs(15),
            connect_timeout: Duration::from_secs(3),
            max_attempts: 3,
            key_version: 1,
        }
    }
}

/// Why a call did not end in `S`.
#[derive(Debug, thiserror::Error)]
pub enum AntomError {
    /// `resultStatus` F: final; nothing happened. `body` is the whole signed answer.
    #[error("Antom refused: {} ({})", result.result_code, result.result_message)]
    Failed {
        /// The result block.
        result: ApiResult,
        /// The whole answer, for fields such as `paymentId`.
        body: serde_json::Value,
    },
    /// `resultStatus` U (or a status we do not know): inquire or retry later.
    #[error("Antom does not know yet: {} ({})", result.result_code, result.result_message)]
    Unknown {
        /// The result block.
        result: ApiResult,
    },
    /// The request never left: connection refused, DNS, TLS. Safe to retry.
    #[error("the request could not be delivered to Antom: {0}")]
    NotSent(String),
    /// The request may have arrived but no usable answer came (timeout, dropped connection).
    #[error("no answer from Antom: {0}")]
    NoAnswer(String),
    /// An unsigned answer with an HTTP error status.
    #[error("Antom answered HTTP {0} without a signed result")]
    HttpStatus(u16),
    /// The answer's signature is missing or wrong: it is not trusted.
    #[error("Antom's answer is not trusted: {0}")]
    InvalidResponseSignature(SignatureError),
    /// The answer is signed but not the JSON we expect.
    #[error("Antom's answer could not be read: {0}")]
    MalformedResponse(String),
    /// The request could not be built (bad gateway URL, unserialisable body).
    #[error("the request could not be built: {0}")]
    InvalidRequest(String),
}

impl AntomError {
    /// What this means for money: only `Failed` is a final no; the rest is unknown.
    pub fn outcome(&self) -> Outcome {
        match self {
            AntomError::Failed { result, .. } => Outcome::Failed(result.result_code.clone()),
            AntomError::Unknown { result } => Outcome::Unknown(result.result_code.clone()),
            AntomError::NotSent(_) => Outcome::Unknown("NOT_SENT".into()),
            AntomError::NoAnswer(_) => Outcome::Unknown("NO_ANSWER".into()),
            AntomError::HttpStatus(_) => Outcome::Unknown("HTTP_ERROR".into()),
            AntomError::InvalidResponseSignature(_) => {
                Outcome::Unknown("INVALID_RESPONSE_SIGNATURE".into())
            }
            AntomError::MalformedResponse(_) => Outcome::Unknown("MALFORMED_RESPONSE".into()),
            AntomError::InvalidRequest(_) => Outcome::Unknown("INVALID_REQUEST".into()),
        }
    }

    /// Whether Antom may have received (and acted on) the request.
    pub fn may_have_reached_antom(&self) -> bool {
        !matches!(self, AntomError::NotSent(_) | AntomError::InvalidRequest(_))
    }

    /// The result code, for `Failed` and `Unknown`.
    pub fn result_code(&self) -> Option<&str> {
        match self {
            AntomError::Failed { result, .. } | AntomError::Unknown { result } => {
                Some(&result.result_code)
            }
            _ => None,
        }
    }
}

/// A client for one merchant account; cheap to clone.
#[derive(Debug, Clone)]
pub struct AntomClient {
    http: reqwest::Client,
    config: Arc<ClientConfig>,
}

#[derive(Deserialize)]
struct ResultOnly {
    result: ApiResult,
}

impl AntomClient {
    /// Builds a client; fails only if the TLS stack cannot start.
    pub fn new(config: ClientConfig) -> Result<Self, AntomError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!("antom-auto-debit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AntomError::InvalidRequest(e.to_string()))?;
        Ok(Self {
            http,
            config: Arc::new(config),
        })
    }

    /// The configuration in use.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The URL a request goes to: gateway + `/ams/api` (or `/ams/sandbox/api`) + API path.
    pub fn url_for(&self, api_path: &str) -> Result<reqwest::Url, AntomError> {
        let path = crate::request_path(&self.config.client_id, api_path);
        let base = self.config.gateway_url.trim_end_matches('/');
        reqwest::Url::parse(&format!("{base}{path}"))
            .map_err(|e| AntomError::InvalidRequest(format!("gateway URL {base:?}: {e}")))
    }

    /// Sends `request` and returns Antom's answer if it is `S`; see [`AntomError`] otherwise.
    pub async fn execute<R: AntomRequest>(&self, request: &R) -> Result<R::Response, AntomError> {
        let body =
            serde_json::to_vec(request).map_err(|e| AntomError::InvalidRequest(e.to_string()))?;
        let url = self.url_for(R::PATH)?;
        let started = Instant::now();
        let mut attempt = 1;
        let answer = loop {
            match self.send_once::<R::Response>(&url, &body).await {
                Err(AntomError::NotSent(reason)) if attempt < self.config.max_attempts => {
                    tracing::warn!(path = url.path(), attempt, %reason, "Antom unreachable, retrying");
                    tokio::time::sleep(Duration::from_millis(200 * 2u64.pow(attempt - 1))).await;
                    attempt += 1;
                }
                other => break other,
            }
        };
        let outcome = match &answer {
            Ok(response) => format!("{:?}", response.result().outcome()),
            Err(e) => format!("{:?}", e.outcome()),
        };
        tracing::info!(
            path = url.path(),
            attempts = attempt,
            elapsed_ms = started.elapsed().as_millis() as u64,
            outcome,
            "antom call"
        );
        answer
    }

    async fn send_once<T: AntomResponse>(
        &self,
        url: &reqwest::Url,
        body: &[u8],
    ) -> Result<T, AntomError> {
        let config = &self.config;
        let request_time = crate::time::now();
        let mut signature = SignedContent {
            method: "POST",
            path: url.path(),
            client_id: &config.client_id,
            time: &request_time,
            body,
        }
        .sign(&config.merchant_private_key);
        signature.key_version = Some(config.key_version.to_string());

        let response = self
            .http
            .post(url.clone())
            .header("content-type", "application/json; charset=UTF-8")
            .header(CLIENT_ID_HEADER, &config.client_id)
            .header(REQUEST_TIME_HEADER, &request_time)
            .header(SIGNATURE_HEADER, signature.to_header_value())
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| {
                if e.is_connect() {
                    AntomError::NotSent(e.to_string())
                } else {
                    AntomError::NoAnswer(e.to_string())
                }
            })?;

        let status = response.status();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let signature = header(SIGNATURE_HEADER);
        let response_time = header(RESPONSE_TIME_HEADER);
        let client_id = header(CLIENT_ID_HEADER);
        let bytes = response
            .bytes()
            .await
            .map_err(|e| AntomError::NoAnswer(e.to_string()))?;

        let (signature, response_time) = match (signature, response_time) {
            (Some(signature), Some(time)) => (signature, time),
            (None, None) => return unsigned(status, &bytes),
            // Half a signature is no signature, whatever the body says.
            _ => {
                return Err(AntomError::InvalidResponseSignature(
                    SignatureError::Missing,
                ))
            }
        };
        self.verify_answer(url, client_id, &signature, &response_time, &bytes)?;
        let malformed = |e: serde_json::Error| AntomError::MalformedResponse(e.to_string());
        let ResultOnly { result } = serde_json::from_slice(&bytes).map_err(malformed)?;
        match result.result_status {
            ResultStatus::Success => serde_json::from_slice(&bytes).map_err(malformed),
            ResultStatus::Failed => Err(AntomError::Failed {
                result,
                body: serde_json::from_slice(&bytes).map_err(malformed)?,
            }),
            ResultStatus::Unknown | ResultStatus::Other(_) => {
                note_buyer_urls(url.path(), &bytes);
                Err(AntomError::Unknown { result })
            }
        }
    }

    /// Checks that Antom signed `bytes`, the answer to `url`, for our client id.
    fn verify_answer(
        &self,
        url: &reqwest::Url,
        client_id: Option<String>,
        signature: &str,
        response_time: &str,
        bytes: &[u8],
    ) -> Result<(), AntomError> {
        let config = &self.config;
        let client_id = client_id.unwrap_or_else(|| config.client_id.clone());
        if client_id != config.client_id {
            return Err(AntomError::InvalidResponseSignature(
                SignatureError::WrongClientId,
            ));
        }
        let header =
            SignatureHeader::parse(signature).map_err(AntomError::InvalidResponseSignature)?;
        let content = SignedContent {
            method: "POST",
            path: url.path(),
            client_id: &client_id,
            time: response_time,
            body: bytes,
        };
        crate::signature::verify_rotating(
            &config.antom_public_key,
            config.antom_public_key_next.as_ref(),
            |key| content.verify(key, &header),
        )
        .map_err(AntomError::InvalidResponseSignature)
    }
}

/// The SDK's `AlipayPayResponse` says a `PAYMENT_IN_PROCESS` pay answer carries at
/// least one of `schemeUrl`, `applinkUrl` and `normalUrl`; that is Cashier Payment's
/// text in a class all pay flavours share. Auto Debit's pay page lists no such field
/// and says to wait for notifyPayment or inquire (then cancel), and wallet-side
/// verification shows as F codes (`USER_PAYMENT_VERIFICATION_FAILED`). So a `U`
/// carrying one is not sent to the buyer (an agreement payment has no buyer to
/// send): it is logged, by field name only, for someone to find out why.
fn note_buyer_urls(path: &str, bytes: &[u8]) {
    const FIELDS: [&str; 3] = ["schemeUrl", "applinkUrl", "normalUrl"];
    let Ok(body) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return;
    };
    let present: Vec<&str> = FIELDS
        .into_iter()
        .filter(|f| body.get(f).is_some_and(|v| !v.is_null()))
        .collect();
    if !present.is_empty() {
        tracing::warn!(
            path,
            fields = ?present,
            "Antom answered U with a page for the buyer, which Auto Debit does not document; not shown, settled by notification or inquiry"
        );
    }
}

/// An answer with neither `signature` nor `response-time`. Antom sends some
/// refusals so (a request it could not authenticate: `INVALID_SIGNATURE`,
/// `CLIENT_INVALID`, `KEY_NOT_FOUND`). The official SDKs disagree on them: the
/// Java and PHP clients take any unsigned answer, S included; the Go client and
/// the Python client's `execute()` (its header parsing) refuse every one, F and U
/// too. We keep the safe middle: an unsigned F or U is believed, since it says
/// nothing happened or nothing is known; an unsigned S never is, since it would
/// say money moved.
fn unsigned<T>(status: reqwest::StatusCode, bytes: &[u8]) -> Result<T, AntomError> {
    let refused = || {
        if status.is_success() {
            AntomError::InvalidResponseSignature(SignatureError::Missing)
        } else {
            AntomError::HttpStatus(status.as_u16())
        }
    };
    let Ok(ResultOnly { result }) = serde_json::from_slice(bytes) else {
        return Err(refused());
    };
    match result.result_status {
        ResultStatus::Failed => {
            tracing::warn!(code = %result.result_code, "Antom refused without signing its answer");
            Err(AntomError::Failed {
                body: serde_json::from_slice(bytes).unwrap_or(serde_json::Value::Null),
                result,
            })
        }
        ResultStatus::Unknown => Err(AntomError::Unknown { result }),
        ResultStatus::Success | ResultStatus::Other(_) => Err(refused()),
    }
}
