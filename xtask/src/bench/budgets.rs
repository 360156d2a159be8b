//! `bench/budgets.toml`: the limits, and which measured figures break them.

use anyhow::Context;
use std::path::Path;

/// The budgets file, read.
pub struct Budgets(toml::Table);

/// One budget held against one measured figure.
pub struct Verdict {
    /// e.g. `page.lcp_ms`.
    pub name: String,
    pub limit: f64,
    pub measured: f64,
    /// True when the figure must be at least the limit (scores, throughput).
    pub at_least: bool,
}

impl Verdict {
    /// Whether the budget holds.
    pub fn holds(&self) -> bool {
        if self.measured.is_nan() {
            return false;
        }
        if self.at_least {
            self.measured >= self.limit
        } else {
            self.measured <= self.limit
        }
    }
}

impl Budgets {
    /// Reads `bench/budgets.toml`.
    pub fn load(root: &Path) -> anyhow::Result<Self> {
        let path = root.join("bench/budgets.toml");
        let text = std::fs::read_to_string(&path).with_context(|| path.display().to_string())?;
        Ok(Self(
            text.parse().with_context(|| path.display().to_string())?,
        ))
    }

    /// A limit, e.g. `("page", "lcp_ms")`.
    pub fn limit(&self, section: &str, key: &str) -> anyhow::Result<f64> {
        let v = self
            .0
            .get(section)
            .and_then(|s| s.get(key))
            .with_context(|| format!("bench/budgets.toml has no {section}.{key}"))?;
        v.as_float()
            .or_else(|| v.as_integer().map(|i| i as f64))
            .with_context(|| format!("{section}.{key} is not a number"))
    }

    /// The verdict of `measured` against `section.key`.
    pub fn check(
        &self,
        section: &str,
        key: &str,
        measured: f64,
        at_least: bool,
    ) -> anyhow::Result<Verdict> {
        Ok(Verdict {
            name: format!("{section}.{key}"),
            limit: self.limit(section, key)?,
            measured,
            at_least,
        })
    }
}
