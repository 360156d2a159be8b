//! Who may call the back office: API keys with scopes, operator accounts with
//! roles, and the console's sign-in. Shared by the service, its OpenAPI
//! document and the operator console.

use serde::{Deserialize, Serialize};

/// What an API key (or an operator's role) may do. Each scope is exactly what
/// it names: reading needs `read`, even for a key that may also write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read payments, refunds, declarations, sessions, events, the audit log.
    Read,
    /// Create and expire checkout sessions.
    Checkout,
    /// Refund, cancel and declare to customs.
    Refunds,
    /// Merchant-initiated payments (no buyer present) and buyers' wallets.
    Charges,
    /// Webhook endpoints, their secrets, redelivery.
    Webhooks,
    /// Import settlement reports.
    Reconciliation,
    /// API keys and operator accounts.
    Admin,
}

impl Scope {
    /// Every scope.
    pub const ALL: &'static [Scope] = &[
        Scope::Read,
        Scope::Checkout,
        Scope::Refunds,
        Scope::Charges,
        Scope::Webhooks,
        Scope::Reconciliation,
        Scope::Admin,
    ];

    /// How it is written: `charges`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Checkout => "checkout",
            Scope::Refunds => "refunds",
            Scope::Charges => "charges",
            Scope::Webhooks => "webhooks",
            Scope::Reconciliation => "reconciliation",
            Scope::Admin => "admin",
        }
    }

    /// The scope written `text`, if there is one.
    pub fn parse(text: &str) -> Option<Scope> {
        Self::ALL.iter().copied().find(|s| s.as_str() == text)
    }
}

/// What an operator may do in the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sees payments, refunds and reconciliation; changes nothing.
    Viewer,
    /// A viewer who also refunds, cancels, declares and imports settlement reports.
    Support,
    /// Everything: operators, API keys, webhooks, merchant-initiated charges.
    Admin,
}

impl Role {
    /// Every role, least first.
    pub const ALL: &'static [Role] = &[Role::Viewer, Role::Support, Role::Admin];

    /// How it is written: `support`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Support => "support",
            Role::Admin => "admin",
        }
    }

    /// The role written `text`, if there is one.
    pub fn parse(text: &str) -> Option<Role> {
        Self::ALL.iter().copied().find(|r| r.as_str() == text)
    }

    /// The scopes the role grants.
    pub fn scopes(self) -> &'static [Scope] {
        match self {
            Role::Viewer => &[Scope::Read],
            Role::Support => &[Scope::Read, Scope::Refunds, Scope::Reconciliation],
            Role::Admin => Scope::ALL,
        }
    }
}

/// `POST /v1/api-keys`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewApiKey {
    /// What uses it, e.g. `billing`: the audit log names the key by it. No control characters.
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 1,
            max_length = 64,
            pattern = "^[^\\x00-\\x1f\\x7f-\\x9f]*[^\\s\\x00-\\x1f\\x7f-\\x9f][^\\x00-\\x1f\\x7f-\\x9f]*$"
        )
    )]
    pub name: String,
    /// What it may do; at least one.
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes: Vec<Scope>,
    /// Unix seconds after which it stops working, in the future; none: until revoked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<i64>,
}

/// `POST /v1/api-keys/{id}/roll`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RollApiKey {
    /// Seconds the old key keeps working (0: stops now); 86400 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 2592000))]
    pub old_key_works_for_secs: Option<i64>,
}

/// An API key as listed: never its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiKeyView {
    /// The short id, also in the clear inside the key: `key_3f9a1c0d`.
    pub id: String,
    /// What uses it.
    pub name: String,
    /// What it may do.
    pub scopes: Vec<Scope>,
    /// Unix seconds.
    pub created_at: i64,
    /// When it stops working, if it does.
    pub expires_at: Option<i64>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
    /// When it last proved a call (to the minute).
    pub last_used_at: Option<i64>,
    /// Who created it: an operator, a key by name, or `cli`.
    pub created_by: String,
    /// Whether it works now.
    pub active: bool,
}

/// A new key: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// The key as listed.
    #[serde(flatten)]
    pub key: ApiKeyView,
    /// `sk_live_<id>_<secret>` or `sk_sandbox_…`: send as `Authorization: Bearer`.
    pub secret: String,
}

/// `POST /v1/operators`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewOperator {
    /// Their e-mail address: what they sign in with (ASCII; compared without case).
    #[cfg_attr(
        feature = "openapi",
        schema(
            min_length = 3,
            max_length = 254,
            pattern = "^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$"
        )
    )]
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// At least 12 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12, max_length = 256))]
    pub password: String,
}

/// An operator as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OperatorView {
    /// `op_…`.
    pub id: String,
    /// What they sign in with.
    pub email: String,
    /// What they may do.
    pub role: Role,
    /// Unix seconds.
    pub created_at: i64,
    /// Until when sign-in is refused after repeated failures, if it is now.
    pub locked_until: Option<i64>,
    /// When they were disabled (they cannot sign in; their sign-ins ended), if they were.
    pub disabled_at: Option<i64>,
}

/// A new operator: the only time their second factor is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedOperator {
    /// The operator as listed.
    #[serde(flatten)]
    pub operator: OperatorView,
    /// The TOTP secret (RFC 6238, SHA-1, 6 digits, 30 s) as an `otpauth://` URI for an authenticator app.
    pub totp_uri: String,
    /// The same secret in base32, to type in.
    pub totp_secret: String,
    /// Ten single-use codes that stand in for the authenticator once each.
    pub recovery_codes: Vec<String>,
}

/// `POST /ops/sign-in`: an operator signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    /// Their e-mail address.
    pub email: String,
    /// Their password.
    pub password: String,
    /// The authenticator's six digits, or one of their recovery codes.
    pub code: String,
}

/// Who is signed in to the console, and the token its state changes carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConsoleSignIn {
    /// The operator.
    pub email: String,
    /// Their role.
    pub role: Role,
    /// What the role grants.
    pub scopes: Vec<Scope>,
    /// Sent back as `X-CSRF-Token` on every call that changes something.
    pub csrf_token: String,
    /// Recovery codes left.
    pub recovery_codes_left: u32,
}

/// The header the console's state-changing calls carry.
pub const CSRF_HEADER: &str = "x-csrf-token";
