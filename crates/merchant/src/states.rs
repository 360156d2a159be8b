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

/// The SQL list `('a', 'b')` of some statuses, for conditional updates.
pub fn sql_list<T: Copy>(statuses: &[T], text: fn(T) -> &'static str) -> String {
    let quoted: Vec<String> = statuses.iter().map(|s| format!("'{}'", text(*s))).collect();
    format!("({})", quoted.join(", "))
}

stored_text! {
    /// Where a payment attempt stands in our records.
    ///
    /// ```text
    /// recorded, processing → succeeded | failed | cancelled   Antom's answer, notification or inquiry
    /// recorded             → processing                       sent, no final answer yet
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
    }
}

impl PaymentStatus {
    /// Still waiting for Antom's answer to pay: the states a settlement may change.
    pub const UNSETTLED: &'static [PaymentStatus] =
        &[PaymentStatus::Recorded, PaymentStatus::Processing];
    /// What a cancel may start from (a refund must not hold any part of it).
    pub const CANCELLABLE: &'static [PaymentStatus] =
        &[PaymentStatus::Succeeded, PaymentStatus::Processing];

    /// Whether Antom's answer is final (nothing will change it but a cancel or refund).
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            PaymentStatus::Succeeded | PaymentStatus::Failed | PaymentStatus::Cancelled
        )
    }

    /// What the app and the merchant API show.
    pub const fn view(self) -> PaymentState {
        match self {
            PaymentStatus::Recorded | PaymentStatus::Processing => PaymentState::Processing,
            PaymentStatus::Succeeded => PaymentState::Succeeded,
            PaymentStatus::Failed => PaymentState::Failed,
            PaymentStatus::Cancelling => PaymentState::Cancelling,
            PaymentStatus::Cancelled => PaymentState::Cancelled,
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
    }
}

impl DeclarationStatus {
    /// Still waiting for Antom's or customs' answer.
    pub const UNSETTLED: &'static [DeclarationStatus] = &[
        DeclarationStatus::Recorded,
        DeclarationStatus::Processing,
        DeclarationStatus::Submitted,
    ];

    /// What the merchant API shows.
    pub const fn view(self) -> DeclarationState {
        match self {
            DeclarationStatus::Recorded | DeclarationStatus::Processing => {
                DeclarationState::Processing
            }
            DeclarationStatus::Submitted => DeclarationState::Submitted,
            DeclarationStatus::Succeeded => DeclarationState::Succeeded,
            DeclarationStatus::Failed => DeclarationState::Failed,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_reads_back_as_itself() {
        for s in PaymentStatus::ALL {
            assert_eq!(s.as_str().parse::<PaymentStatus>().ok(), Some(*s));
        }
        for s in LinkStatus::ALL {
            assert_eq!(s.as_str().parse::<LinkStatus>().ok(), Some(*s));
        }
        assert!("paid".parse::<PaymentStatus>().is_err());
    }

    #[test]
    fn a_final_payment_is_never_settled_again_nor_cancelled_twice() {
        for s in PaymentStatus::ALL.iter().filter(|s| s.is_final()) {
            assert!(!PaymentStatus::UNSETTLED.contains(s), "{s}");
        }
        for s in [
            PaymentStatus::Cancelling,
            PaymentStatus::Cancelled,
            PaymentStatus::Failed,
        ] {
            assert!(!PaymentStatus::CANCELLABLE.contains(&s), "{s}");
        }
    }

    #[test]
    fn recorded_and_processing_both_show_as_processing() {
        assert_eq!(
            PaymentStatus::shown_as(PaymentState::Processing),
            vec![PaymentStatus::Recorded, PaymentStatus::Processing]
        );
        assert_eq!(
            sql_list(PaymentStatus::UNSETTLED, PaymentStatus::as_str),
            "('recorded', 'processing')"
        );
    }
}
