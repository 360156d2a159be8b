//! The lifecycles the service keeps, as types: a payment, a refund, a
//! declaration, a wallet link. Each is stored as text (the `status` column)
//! through the one conversion here, and each says what callers may see of it
//! and which changes it allows.
//!
//! The store's conditional updates (`… WHERE status IN (…)`) are what make a
//! refused change impossible under concurrency; they take their lists from here.

use contract::api::{LinkState, PaymentState, UnknownValue};
use contract::back_office::{DeclarationState, RefundState};

macro_rules! stored_text {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
        }

        impl $name {
            /// Every value, in lifecycle order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            /// The text in the `status` column.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                }
            }

            /// The text as an SQL literal, `'text'`, for a statement's condition.
            pub const fn sql(self) -> &'static str {
                match self {
                    $($name::$variant => concat!("'", $text, "'"),)*
                }
            }

            /// `list` as SQL, `('a', 'b')`, for a conditional update's `IN`.
            pub fn sql_list(list: &[$name]) -> String {
                let quoted: Vec<&str> = list.iter().map(|s| s.sql()).collect();
                format!("({})", quoted.join(", "))
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownValue;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)*
                    other => Err(UnknownValue(format!(
                        concat!(stringify!($name), " {:?}"),
                        other
                    ))),
                }
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownValue;

            fn try_from(text: String) -> Result<Self, Self::Error> {
                text.parse()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

stored_text! {
    /// Where a payment attempt stands in our records.
    ///
    /// ```text
    /// recorded, processing → succeeded | failed | cancelled   Antom's answer, notification or inquiry
    /// recorded             → processing                       sent, no final answer yet
    /// recorded, processing → retry_scheduled → recorded       a charge refused for a reason that may pass, tried again
    /// retry_scheduled      → failed | cancelled               its mandate ended; the merchant cancelled
    /// succeeded, processing → cancelling → cancelled          a cancel (never beside a refund)
    /// cancelling           → where it came from               Antom refused the cancel
    /// ```
    /// Nothing else moves: `succeeded`, `failed` and `cancelled` are final
    /// for a settlement, and a refund leaves the payment `succeeded`.
    PaymentStatus {
        /// Written before pay is sent; Antom may not have it.
        Recorded = "recorded",
        /// Sent; Antom has not given a final answer.
        Processing = "processing",
        /// Paid.
        Succeeded = "succeeded",
        /// Not paid, for good.
        Failed = "failed",
        /// A cancel is recorded and sent; Antom has not confirmed it.
        Cancelling = "cancelling",
        /// Cancelled (and, if it was paid, the money went back).
        Cancelled = "cancelled",
        /// A merchant-initiated charge refused for a reason that may pass (the
        /// balance was too low): it is tried again at `next_check_at`.
        RetryScheduled = "retry_scheduled",
    }
}

impl PaymentStatus {
    /// Still waiting for Antom's answer to pay: the states a settlement may change.
    pub const UNSETTLED: &'static [PaymentStatus] =
        &[PaymentStatus::Recorded, PaymentStatus::Processing];
    /// What a cancel may start from (a refund must not hold any part of it).
    pub const CANCELLABLE: &'static [PaymentStatus] =
        &[PaymentStatus::Succeeded, PaymentStatus::Processing];
    /// Owing an answer from Antom, to pay or to cancel: what the worker checks.
    pub const AWAITING_ANTOM: &'static [PaymentStatus] = &[
        PaymentStatus::Recorded,
        PaymentStatus::Processing,
        PaymentStatus::Cancelling,
        PaymentStatus::RetryScheduled,
    ];
    /// Under way or paid: a checkout's live attempt, which no other may join.
    pub const LIVE: &'static [PaymentStatus] = &[
        PaymentStatus::Recorded,
        PaymentStatus::Processing,
        PaymentStatus::Succeeded,
    ];
    /// Paid, even if undone since: the order was paid once.
    pub const PAID_OR_AFTER: &'static [PaymentStatus] = &[
        PaymentStatus::Succeeded,
        PaymentStatus::Cancelling,
        PaymentStatus::Cancelled,
    ];
    /// Every state but failed: a checkout with such a payment is not expired unpaid.
    pub const NOT_FAILED: &'static [PaymentStatus] = &[
        PaymentStatus::Recorded,
        PaymentStatus::Processing,
        PaymentStatus::Succeeded,
        PaymentStatus::Cancelling,
        PaymentStatus::Cancelled,
        PaymentStatus::RetryScheduled,
    ];
    /// What settlement reports count as paid on the day it was paid.
    pub const SETTLED_AS_PAID: &'static [PaymentStatus] =
        &[PaymentStatus::Succeeded, PaymentStatus::Cancelled];

    /// Whether Antom's answer is final (nothing will change it but a cancel or refund).
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            PaymentStatus::Succeeded | PaymentStatus::Failed | PaymentStatus::Cancelled
        )
    }

    /// Whether a payment in `self` may move to `to`: the arrows of the diagram above.
    /// Unsettled states move among themselves as answers come and go (a pay that
    /// surely never left goes back to `recorded` to be sent again).
    pub fn may_become(self, to: PaymentStatus) -> bool {
        use PaymentStatus::*;
        match (self, to) {
            (Recorded | Processing, Recorded | Processing | Succeeded | Failed | Cancelled) => true,
            // A charge refused for a reason that may pass waits, then is tried again,
            // given up (its mandate ended), or cancelled by the merchant.
            (Recorded | Processing, RetryScheduled) => true,
            (RetryScheduled, Recorded | Failed | Cancelled) => true,
            (Succeeded | Processing, Cancelling) => true,
            // Confirmed; or refused, back to where the cancel came from.
            (Cancelling, Cancelled | Succeeded | Processing) => true,
            _ => false,
        }
    }

    /// What the app and the merchant API show.
    pub const fn view(self) -> PaymentState {
        match self {
            PaymentStatus::Recorded | PaymentStatus::Processing => PaymentState::Processing,
            PaymentStatus::Succeeded => PaymentState::Succeeded,
            PaymentStatus::Failed => PaymentState::Failed,
            PaymentStatus::Cancelling => PaymentState::Cancelling,
            PaymentStatus::Cancelled => PaymentState::Cancelled,
            PaymentStatus::RetryScheduled => PaymentState::RetryScheduled,
        }
    }

    /// The stored statuses shown as `state` (for filters).
    pub fn shown_as(state: PaymentState) -> Vec<PaymentStatus> {
        Self::ALL
            .iter()
            .copied()
            .filter(|s| s.view() == state)
            .collect()
    }
}

stored_text! {
    /// Where a refund stands in our records.
    RefundStatus {
        /// Written before refund is sent.
        Recorded = "recorded",
        /// Sent; no final answer yet.
        Processing = "processing",
        /// The money went back.
        Succeeded = "succeeded",
        /// Refused for good.
        Failed = "failed",
    }
}

impl RefundStatus {
    /// Still waiting for Antom's answer.
    pub const UNSETTLED: &'static [RefundStatus] =
        &[RefundStatus::Recorded, RefundStatus::Processing];

    /// Whether it is still waiting for Antom.
    pub fn is_unsettled(self) -> bool {
        Self::UNSETTLED.contains(&self)
    }

    /// Whether a refund in `self` may move to `to`: unsettled ones move among
    /// themselves or to a final answer; final ones never move.
    /// The one arrow out of `failed`: a refund we failed ourselves (`NOT_SENT`, Antom
    /// had no record of it) that Antom then says it refunded after all.
    pub fn may_become(self, to: RefundStatus) -> bool {
        use RefundStatus::*;
        matches!(
            (self, to),
            (
                Recorded | Processing,
                Recorded | Processing | Succeeded | Failed
            ) | (Failed, Succeeded)
        )
    }

    /// What the merchant API shows.
    pub const fn view(self) -> RefundState {
        match self {
            RefundStatus::Recorded | RefundStatus::Processing => RefundState::Processing,
            RefundStatus::Succeeded => RefundState::Succeeded,
            RefundStatus::Failed => RefundState::Failed,
        }
    }
}

stored_text! {
    /// Where a customs declaration stands in our records.
    DeclarationStatus {
        /// Written before declare is sent.
        Recorded = "recorded",
        /// Sent; no answer from Antom yet.
        Processing = "processing",
        /// Antom accepted it (declare `S`); customs has not answered yet.
        Submitted = "submitted",
        /// Customs accepted it.
        Succeeded = "succeeded",
        /// Refused, by Antom or by customs.
        Failed = "failed",
        /// Antom kept reporting a `declarationRequestStatus` no document lists: no longer
        /// asked about (its value is the `result_code`), for an operator to look up.
        Unrecognized = "unrecognized",
    }
}

impl DeclarationStatus {
    /// Still waiting for Antom's or customs' answer.
    pub const UNSETTLED: &'static [DeclarationStatus] = &[
        DeclarationStatus::Recorded,
        DeclarationStatus::Processing,
        DeclarationStatus::Submitted,
    ];

    /// Whether a declaration in `self` may move to `to`: Antom accepts or refuses
    /// it, then customs answers; final ones never move.
    pub fn may_become(self, to: DeclarationStatus) -> bool {
        use DeclarationStatus::*;
        matches!(
            (self, to),
            (
                Recorded | Processing,
                Recorded | Processing | Submitted | Failed
            ) | (Submitted, Submitted | Succeeded | Failed | Unrecognized)
        )
    }

    /// What the merchant API shows.
    pub const fn view(self) -> DeclarationState {
        match self {
            DeclarationStatus::Recorded | DeclarationStatus::Processing => {
                DeclarationState::Processing
            }
            DeclarationStatus::Submitted => DeclarationState::Submitted,
            DeclarationStatus::Succeeded => DeclarationState::Succeeded,
            DeclarationStatus::Failed => DeclarationState::Failed,
            DeclarationStatus::Unrecognized => DeclarationState::Unrecognized,
        }
    }
}

stored_text! {
    /// Where a wallet link stands. Only `active` ever changes (to one of the others).
    LinkStatus {
        /// The token may be used.
        Active = "active",
        /// Ended here, by the buyer or the merchant.
        Unlinked = "unlinked",
        /// Ended in the wallet app (Antom told us).
        RevokedByWallet = "revoked_by_wallet",
        /// The token ran out, or Antom refused it.
        Expired = "expired",
    }
}

impl LinkStatus {
    /// Whether a link in `self` may move to `to`: only an active link ends, once.
    pub fn may_become(self, to: LinkStatus) -> bool {
        self == LinkStatus::Active && to != LinkStatus::Active
    }

    /// What the buyer sees.
    pub const fn view(self) -> LinkState {
        match self {
            LinkStatus::Active => LinkState::Linked,
            LinkStatus::Unlinked => LinkState::NotLinked,
            LinkStatus::RevokedByWallet => LinkState::RevokedByWallet,
            LinkStatus::Expired => LinkState::Expired,
        }
    }
}

stored_text! {
    /// Where one webhook delivery (an event to one endpoint) stands.
    DeliveryStatus {
        /// Due to be sent, or sent again after a failure.
        Pending = "pending",
        /// The endpoint answered 2xx.
        Delivered = "delivered",
        /// Given up: out of attempts, or its endpoint was deleted.
        Failed = "failed",
    }
}

/// How a link attempt ended (its `outcome` column); none while it waits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthorizationOutcome {
    /// applyToken gave a token: the wallet is linked.
    Linked,
    /// The buyer declined at the wallet.
    Declined,
    /// applyToken refused the authCode, with Antom's `resultCode`.
    Rejected(String),
    /// applyToken gave no final answer.
    Unknown,
}

impl AuthorizationOutcome {
    /// `'linked'`, for the statement that asks whether a checkout linked a wallet.
    pub const LINKED_SQL: &'static str = "'linked'";

    /// The text in the `outcome` column.
    pub fn to_text(&self) -> String {
        match self {
            AuthorizationOutcome::Linked => "linked".into(),
            AuthorizationOutcome::Declined => "declined".into(),
            AuthorizationOutcome::Rejected(code) => format!("rejected:{code}"),
            AuthorizationOutcome::Unknown => "unknown".into(),
        }
    }

    /// The outcome a stored text names (anything unforeseen reads as unknown).
    pub fn from_text(text: &str) -> Self {
        match text {
            "linked" => AuthorizationOutcome::Linked,
            "declined" => AuthorizationOutcome::Declined,
            other => match other.strip_prefix("rejected:") {
                Some(code) => AuthorizationOutcome::Rejected(code.to_owned()),
                None => AuthorizationOutcome::Unknown,
            },
        }
    }
}

#[cfg(test)]
mod tests;
