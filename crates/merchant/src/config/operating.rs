//! How the service runs in production: `SHUTDOWN_DRAIN_SECS`, how long it keeps
//! serving, unready, after SIGTERM or Ctrl-C before it stops taking connections
//! (so a load balancer that polls `/readyz` moves traffic away first), and
//! `ANTOM_PUBLIC_KEY_NEXT`, the key Antom rotates to, trusted beside
//! `ANTOM_PUBLIC_KEY` during the overlap, `LOG_FORMAT` (`text` or `json`) and
//! `METRICS_TOKEN`, the bearer token `/metrics` asks for (no token: no `/metrics`),
//! and `TOKEN_ENCRYPTION_KEY_PREVIOUS`, the older token keys still read while the
//! worker seals their values again with `TOKEN_ENCRYPTION_KEY`, and
//! `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), the
//! OpenTelemetry collector traces go to (none: no traces).

use super::problems::Problems;
use super::{invalid, ConfigError, Source};
use antom::PublicKey;
use std::time::Duration;

/// Settings of running as one replica of several, through key rotations.
#[derive(Debug, Clone)]
pub struct Operating {
    /// `SHUTDOWN_DRAIN_SECS` (0 to 300), default 5.
    pub shutdown_drain: Duration,
    /// `ANTOM_PUBLIC_KEY_NEXT`: Antom's next key, verifying answers and notifications too.
    pub antom_public_key_next: Option<PublicKey>,
    /// `LOG_FORMAT=json`: one JSON object per log line, for a log pipeline.
    pub json_logs: bool,
    /// `METRICS_TOKEN` (at least 24 characters): the bearer token of `/metrics`.
    pub metrics_token: Option<String>,
    /// `TOKEN_ENCRYPTION_KEY_PREVIOUS`: older token keys (comma-separated base64), read only.
    pub previous_token_keys: Vec<[u8; 32]>,
    /// Where OTLP/HTTP traces are posted (`…/v1/traces`); `None`: traces are off.
    pub traces_endpoint: Option<String>,
}

impl Operating {
    /// Reads them, noting each problem; `current_token_key` is `TOKEN_ENCRYPTION_KEY`
    /// (when it could be read), which no previous key may repeat.
    pub(super) fn read(
        source: &Source,
        current_token_key: Option<&[u8; 32]>,
        problems: &mut Problems,
    ) -> Self {
        let shutdown_drain = match source.get("SHUTDOWN_DRAIN_SECS") {
            None => 5,
            Some(text) => problems.or(
                text.trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|s| *s <= 300)
                    .ok_or_else(|| invalid("SHUTDOWN_DRAIN_SECS", "whole seconds, 0 to 300")),
                5,
            ),
        };
        let antom_public_key_next = source.get("ANTOM_PUBLIC_KEY_NEXT").and_then(|text| {
            problems
                .take(PublicKey::from_text(&text).map_err(|e| invalid("ANTOM_PUBLIC_KEY_NEXT", e)))
        });
        let json_logs = match source.get("LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => false,
            Some("json") => true,
            Some(_) => {
                problems.note(invalid("LOG_FORMAT", "text or json"));
                false
            }
        };
        let metrics_token = source.get("METRICS_TOKEN");
        if metrics_token.as_ref().is_some_and(|t| t.trim().len() < 24) {
            problems.note(invalid("METRICS_TOKEN", "at least 24 characters"));
        }
        let previous_token_keys = source
            .get("TOKEN_ENCRYPTION_KEY_PREVIOUS")
            .map(|text| {
                text.split(',')
                    .filter(|k| !k.trim().is_empty())
                    .map(|k| super::decode_key("TOKEN_ENCRYPTION_KEY_PREVIOUS", k))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose();
        let previous_token_keys = problems.or(previous_token_keys, None).unwrap_or_default();
        if let Some(current) = current_token_key {
            problems.take(distinct_key_ids(current, &previous_token_keys));
        }
        let traces_endpoint = problems.or(traces_endpoint(source), None);
        Self {
            shutdown_drain: Duration::from_secs(shutdown_drain),
            antom_public_key_next,
            json_logs,
            metrics_token,
            previous_token_keys,
            traces_endpoint,
        }
    }
}

fn traces_endpoint(source: &Source) -> Result<Option<String>, ConfigError> {
    let (name, url) = match (
        source.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"),
        source.get("OTEL_EXPORTER_OTLP_ENDPOINT"),
    ) {
        (Some(url), _) if !url.trim().is_empty() => {
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", url.trim().to_owned())
        }
        (_, Some(base)) if !base.trim().is_empty() => (
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            format!("{}/v1/traces", base.trim().trim_end_matches('/')),
        ),
        _ => return Ok(None),
    };
    match url::Url::parse(&url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(Some(url)),
        _ => Err(invalid(name, "an http:// or https:// URL")),
    }
}

/// Each token key is named by its id in what it sealed: the current key listed again
/// as a previous one (a rotation half done), or two keys sharing an id, would open
/// values with the wrong key.
pub(super) fn distinct_key_ids(
    current: &[u8; 32],
    previous: &[[u8; 32]],
) -> Result<(), ConfigError> {
    let mut seen = vec![crate::crypto::key_id(current)];
    for key in previous {
        let id = crate::crypto::key_id(key);
        if key == current {
            return Err(invalid(
                "TOKEN_ENCRYPTION_KEY_PREVIOUS",
                "it holds the current TOKEN_ENCRYPTION_KEY: set the new key as TOKEN_ENCRYPTION_KEY and list only older ones here",
            ));
        }
        if seen.contains(&id) {
            return Err(invalid(
                "TOKEN_ENCRYPTION_KEY_PREVIOUS",
                "two keys share a key id (the same key twice, or a rare clash): list each key once, or make a new current key",
            ));
        }
        seen.push(id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_previous_token_key_may_not_be_the_current_one_or_listed_twice() {
        let (a, b) = ([1u8; 32], [2u8; 32]);
        assert!(distinct_key_ids(&a, &[b]).is_ok());
        let current_again = distinct_key_ids(&a, &[b, a]).unwrap_err().to_string();
        assert!(
            current_again.contains("holds the current"),
            "{current_again}"
        );
        let twice = distinct_key_ids(&a, &[b, b]).unwrap_err().to_string();
        assert!(twice.contains("share a key id"), "{twice}");
    }
}
