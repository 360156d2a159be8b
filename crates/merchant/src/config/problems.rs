//! Every problem of a configuration at once: an operator fixing a deployment
//! should not have to start it once per mistake.

use super::ConfigError;

/// The problems noted while reading, in the order the settings were read.
#[derive(Default)]
pub(super) struct Problems(Vec<ConfigError>);

impl Problems {
    /// Notes a problem.
    pub(super) fn note(&mut self, problem: ConfigError) {
        self.0.push(problem);
    }

    /// The value read, or `None` with its problem noted.
    pub(super) fn take<T>(&mut self, read: Result<T, ConfigError>) -> Option<T> {
        read.map_err(|problem| self.note(problem)).ok()
    }

    /// The value read, or `fallback` with its problem noted, so that what depends
    /// on it can still be read and checked.
    pub(super) fn or<T>(&mut self, read: Result<T, ConfigError>, fallback: T) -> T {
        self.take(read).unwrap_or(fallback)
    }

    /// Whether nothing is wrong so far.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The problems as the error `Config::load` answers.
    pub(super) fn into_error(self) -> ConfigProblems {
        ConfigProblems(self.0)
    }
}

/// Why a configuration was refused: every problem found, each naming its setting.
#[derive(Debug, thiserror::Error)]
pub struct ConfigProblems(Vec<ConfigError>);

impl ConfigProblems {
    /// Each problem, in the order the settings are read.
    pub fn problems(&self) -> &[ConfigError] {
        &self.0
    }
}

impl From<ConfigError> for ConfigProblems {
    fn from(problem: ConfigError) -> Self {
        Self(vec![problem])
    }
}

impl std::fmt::Display for ConfigProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.as_slice() {
            [one] => write!(f, "{one}"),
            many => {
                write!(f, "{} problems:", many.len())?;
                for problem in many {
                    write!(f, "\n  - {problem}")?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{live_settings, load, temp_dir};

    #[test]
    fn a_configuration_with_several_mistakes_names_every_one_at_once() {
        let mut settings = live_settings();
        settings.retain(|(n, _)| *n != "ANTOM_PUBLIC_KEY" && *n != "PUBLIC_BASE_URL");
        settings.retain(|(n, _)| *n != "ANTOM_GATEWAY_URL");
        settings.extend([
            (
                "ANTOM_GATEWAY_URL",
                "http://open-sea-global.alipay.com".into(),
            ),
            ("PUBLIC_BASE_URL", "https://pay.shop.example".into()),
            ("LISTEN_ADDR", "everywhere:80".into()),
            ("MERCHANT_ORIGINS", "https://shop.example/path".into()),
            ("LIMIT_SIGN_INS_PER_MINUTE", "0".into()),
            ("SHUTDOWN_DRAIN_SECS", "forever".into()),
            ("CHARGE_RETRY_DAYS", "5,3".into()),
            ("LOG_FORMAT", "xml".into()),
            (
                "TOKEN_ENCRYPTION_KEY_PREVIOUS",
                "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=".into(),
            ),
        ]);
        let err = load(&settings).unwrap_err();
        let named: Vec<String> = err
            .problems()
            .iter()
            .map(|p| {
                p.to_string()
                    .split(' ')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            named,
            [
                "LISTEN_ADDR",
                "MERCHANT_ORIGINS",
                "LIMIT_SIGN_INS_PER_MINUTE",
                "ANTOM_GATEWAY_URL",
                "ANTOM_PUBLIC_KEY",
                "SHUTDOWN_DRAIN_SECS",
                "LOG_FORMAT",
                "TOKEN_ENCRYPTION_KEY_PREVIOUS",
                "CHARGE_RETRY_DAYS",
            ],
            "{err}"
        );
        assert!(
            err.to_string().starts_with("9 problems:\n  - LISTEN_ADDR"),
            "{err}"
        );
    }

    #[test]
    fn a_sandbox_configuration_refused_for_a_late_setting_makes_no_keys() {
        for (name, bad) in [
            ("CHARGE_RETRY_DAYS", "5,3"),
            ("TOKEN_ENCRYPTION_KEY", "c2hvcnQ="),
            ("LOG_FORMAT", "xml"),
            ("WALLET_EXPIRING_DAYS", "90"),
        ] {
            let dir = temp_dir(&format!("late-{}", name.to_lowercase()));
            let err = load(&[
                ("ANTOM_MODE", "sandbox".into()),
                ("DATA_DIR", dir.clone()),
                (name, bad.into()),
            ])
            .unwrap_err();
            assert!(err.to_string().starts_with(name), "{err}");
            assert!(
                !std::path::Path::new(&dir).exists(),
                "{name}: nothing made under DATA_DIR"
            );
        }
    }
}
