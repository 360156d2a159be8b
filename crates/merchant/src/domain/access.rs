//! Who may do what in the back office: API keys with scopes for the merchant's
//! systems, operator accounts with roles for people, and the one check every
//! `/v1` call passes ([`Caller::require`]).

pub mod api_keys;
pub mod operators;
mod totp;

use crate::domain::audit::Actor;
use crate::domain::error::{Error, ErrorCode, Result};
pub use contract::access::{Role, Scope};

/// Who proved themselves on this call, and what they may do.
#[derive(Debug, Clone)]
pub struct Caller {
    /// What the audit log names.
    pub actor: Actor,
    /// What the key or the role grants.
    pub scopes: Vec<Scope>,
}

impl Caller {
    /// The bootstrap key (`MERCHANT_API_KEY`): every scope, for existing deployments.
    pub fn bootstrap() -> Self {
        Self {
            actor: Actor::BootstrapKey,
            scopes: Scope::ALL.to_vec(),
        }
    }

    /// Refuses with `SCOPE_MISSING`, naming the first scope of `scopes` the
    /// caller lacks: nobody grants (or rolls, or hands to an operator) more than they hold.
    pub fn require_all(&self, scopes: &[Scope]) -> Result<()> {
        scopes.iter().try_for_each(|s| self.require(*s))
    }

    /// Refuses with `SCOPE_MISSING`, naming the scope, unless the caller has `scope`.
    pub fn require(&self, scope: Scope) -> Result<()> {
        if self.scopes.contains(&scope) {
            return Ok(());
        }
        Err(Error::ScopeMissing {
            scope,
            message: format!(
                "this {} lacks the `{}` scope this call needs",
                match self.actor {
                    Actor::Operator(_) => "operator's role",
                    _ => "API key",
                },
                scope.as_str()
            ),
        })
    }
}

/// The scopes of a stored `read charges` list; an unknown word fails the row.
pub(crate) fn parse_scopes(text: &str) -> Result<Vec<Scope>> {
    text.split_whitespace()
        .map(|s| {
            Scope::parse(s).ok_or_else(|| Error::Internal(anyhow::anyhow!("unknown scope {s:?}")))
        })
        .collect()
}

/// A list of scopes as stored: sorted, once each.
pub(crate) fn scopes_text(scopes: &[Scope]) -> Result<String> {
    let mut list = scopes.to_vec();
    list.sort();
    list.dedup();
    if list.is_empty() {
        return Err(Error::validation("scopes: give at least one"));
    }
    Ok(list
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" "))
}

/// Why a sign-in was refused, said the same way whichever part was wrong.
pub(crate) fn sign_in_failed() -> Error {
    Error::Unauthenticated {
        code: ErrorCode::SignInFailed,
        message: "the e-mail, password or code is not right".into(),
    }
}
