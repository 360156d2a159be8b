//! Scripted payment outcomes, chosen by the last two digits of the amount in
//! minor units, so a test (or a person trying the checkout) picks the story:
//!
//! | ends in | outcome |
//! |---|---|
//! | `01` | F `USER_BALANCE_NOT_ENOUGH` |
//! | `02` | F `RISK_REJECT` |
//! | `03` | U `PAYMENT_IN_PROCESS`, then SUCCESS after the processing delay |
//! | `04` | U `PAYMENT_IN_PROCESS`, then FAIL (`USER_BALANCE_NOT_ENOUGH`) |
//! | `05` | no answer: the payment succeeds but pay never answers in time |
//! | `06` | U `UNKNOWN_EXCEPTION`, though the payment did succeed |
//! | `07` | F `USER_AMOUNT_EXCEED_LIMIT` |
//! | `08` | F `REPEAT_REQ_INCONSISTENT`, though an earlier request under the same id paid |
//! | `09` | U `PAYMENT_IN_PROCESS` carrying a `normalUrl` (a page no Auto Debit doc lists), then SUCCESS after the processing delay |
//! | anything else | S, if the buyer's balance covers it |
//!
//! PHP 100.00 (10000) succeeds; PHP 100.01 (10001) is declined for balance.
//!
//! Refunds have their own, by the refund amount:
//!
//! | ends in | outcome |
//! |---|---|
//! | `11` | lost on the way in the first time (U `UNKNOWN_EXCEPTION`, nothing recorded): inquiryRefund answers S with no record, as the SDK documents for a refund it cannot find; sent again, it succeeds |
//! | `12` | U `REFUND_IN_PROCESS`, then SUCCESS (notifyRefund) after the processing delay |
//! | `13` | S, then FAIL (notifyRefund) after the processing delay: a contradiction to record |
//! | `14` | F `REPEAT_REQ_INCONSISTENT`, though an earlier request under the same id refunded |
//! | `15` | F `REFUND_WINDOW_EXCEED`: refused, nothing refunded |
//! | anything else | S |

/// What pay does with an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentScript {
    /// Paid at once.
    Succeed,
    /// Declined with this code.
    Decline(&'static str),
    /// In process, then final success or failure.
    ProcessThen { succeeds: bool },
    /// Paid, but the answer never arrives.
    NoAnswer,
    /// `U` answer though the payment succeeded.
    UnknownButPaid,
    /// `REPEAT_REQ_INCONSISTENT` (F), though the payment succeeded.
    ReusedIdButPaid,
    /// In process with a page for the buyer, then final success.
    ProcessWithPage,
}

impl PaymentScript {
    /// The script for an amount in minor units.
    pub fn for_amount(minor_units: i64) -> Self {
        match minor_units % 100 {
            1 => Self::Decline("USER_BALANCE_NOT_ENOUGH"),
            2 => Self::Decline("RISK_REJECT"),
            3 => Self::ProcessThen { succeeds: true },
            4 => Self::ProcessThen { succeeds: false },
            5 => Self::NoAnswer,
            6 => Self::UnknownButPaid,
            7 => Self::Decline("USER_AMOUNT_EXCEED_LIMIT"),
            8 => Self::ReusedIdButPaid,
            9 => Self::ProcessWithPage,
            _ => Self::Succeed,
        }
    }
}

/// What refund does with an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundScript {
    /// Refunded at once.
    Succeed,
    /// Lost the first time it is sent.
    LostOnce,
    /// In process, then refunded.
    ProcessThenSucceed,
    /// Refunded (S), then failed (notifyRefund FAIL).
    SucceedThenFail,
    /// `REPEAT_REQ_INCONSISTENT` (F), though the refund went through.
    ReusedIdButRefunded,
    /// Refused with this code; nothing refunded.
    Decline(&'static str),
}

impl RefundScript {
    /// The script for a refund amount in minor units.
    pub fn for_amount(minor_units: i64) -> Self {
        match minor_units % 100 {
            11 => Self::LostOnce,
            12 => Self::ProcessThenSucceed,
            13 => Self::SucceedThenFail,
            14 => Self::ReusedIdButRefunded,
            15 => Self::Decline("REFUND_WINDOW_EXCEED"),
            _ => Self::Succeed,
        }
    }
}
