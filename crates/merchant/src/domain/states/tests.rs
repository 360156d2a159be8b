//! Unit tests of the parent module: every lifecycle's arrows.

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
        PaymentStatus::sql_list(PaymentStatus::UNSETTLED),
        "('recorded', 'processing')"
    );
}

/// Every arrow of each lifecycle, as design.md draws it; every pair not
/// listed must be refused.
fn check_arrows<T: Copy + PartialEq + std::fmt::Display>(
    all: &[T],
    arrows: &[(T, T)],
    may_become: fn(T, T) -> bool,
) {
    for &from in all {
        for &to in all {
            let drawn = arrows.contains(&(from, to));
            assert_eq!(may_become(from, to), drawn, "{from} → {to}");
        }
    }
}

#[test]
fn a_payment_moves_only_along_its_arrows() {
    use PaymentStatus::*;
    check_arrows(
        PaymentStatus::ALL,
        &[
            // Sent, no final answer yet; or surely never left, to be sent again.
            (Recorded, Recorded),
            (Recorded, Processing),
            (Processing, Processing),
            (Processing, Recorded),
            // Antom's answer, notification or inquiry.
            (Recorded, Succeeded),
            (Recorded, Failed),
            (Recorded, Cancelled),
            (Processing, Succeeded),
            (Processing, Failed),
            (Processing, Cancelled),
            // A cancel, confirmed or refused.
            (Succeeded, Cancelling),
            (Processing, Cancelling),
            (Cancelling, Cancelled),
            (Cancelling, Succeeded),
            (Cancelling, Processing),
            // A charge refused for a reason that may pass: tried again, given up, or cancelled.
            (Recorded, RetryScheduled),
            (Processing, RetryScheduled),
            (RetryScheduled, Recorded),
            (RetryScheduled, Failed),
            (RetryScheduled, Cancelled),
        ],
        PaymentStatus::may_become,
    );
}

#[test]
fn the_lists_the_store_updates_by_agree_with_the_arrows() {
    for s in PaymentStatus::ALL {
        let settles = s.may_become(PaymentStatus::Succeeded) && s.may_become(PaymentStatus::Failed);
        assert_eq!(PaymentStatus::UNSETTLED.contains(s), settles, "{s}");
        let cancels = s.may_become(PaymentStatus::Cancelling);
        assert_eq!(PaymentStatus::CANCELLABLE.contains(s), cancels, "{s}");
    }
    for s in RefundStatus::ALL {
        assert_eq!(s.is_unsettled(), s.may_become(RefundStatus::Failed), "{s}");
    }
    for s in DeclarationStatus::ALL {
        assert_eq!(
            DeclarationStatus::UNSETTLED.contains(s),
            s.may_become(DeclarationStatus::Failed),
            "{s}"
        );
    }
}

#[test]
fn a_refund_moves_only_along_its_arrows() {
    use RefundStatus::*;
    check_arrows(
        RefundStatus::ALL,
        &[
            (Recorded, Recorded),
            (Recorded, Processing),
            (Processing, Processing),
            (Processing, Recorded),
            (Recorded, Succeeded),
            (Recorded, Failed),
            (Processing, Succeeded),
            (Processing, Failed),
            // Only our own NOT_SENT, when Antom says it refunded after all (#32).
            (Failed, Succeeded),
        ],
        RefundStatus::may_become,
    );
}

#[test]
fn a_declaration_moves_only_along_its_arrows() {
    use DeclarationStatus::*;
    check_arrows(
        DeclarationStatus::ALL,
        &[
            (Recorded, Recorded),
            (Recorded, Processing),
            (Processing, Processing),
            (Processing, Recorded),
            // Antom's answer to declare.
            (Recorded, Submitted),
            (Recorded, Failed),
            (Processing, Submitted),
            (Processing, Failed),
            // Customs' answer.
            (Submitted, Submitted),
            (Submitted, Succeeded),
            (Submitted, Failed),
            // A status no document lists, reported until nobody asks any more (#32).
            (Submitted, Unrecognized),
        ],
        DeclarationStatus::may_become,
    );
}

#[test]
fn a_link_ends_once_and_never_comes_back() {
    use LinkStatus::*;
    check_arrows(
        LinkStatus::ALL,
        &[
            (Active, Unlinked),
            (Active, RevokedByWallet),
            (Active, Expired),
        ],
        LinkStatus::may_become,
    );
}
