//! Unit tests of the parent module.

use super::*;

#[test]
fn retries_last_a_little_over_three_days_then_stop() {
    let total: i64 = RETRY_AFTER_SECS.iter().sum();
    assert!(total >= 72 * 3600, "{total}");
    assert!(next_attempt_after(1).is_some_and(|w| (5..=5).contains(&w)));
    assert!(next_attempt_after(2).is_some_and(|w| (300..=330).contains(&w)));
    assert_eq!(next_attempt_after(RETRY_AFTER_SECS.len() + 1), None);
    assert_eq!(next_attempt_after(0), None);
}
