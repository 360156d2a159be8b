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
