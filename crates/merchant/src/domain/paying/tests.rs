//! Unit tests of the parent module.

use super::backoff;

#[test]
fn checks_back_off_from_one_second_to_about_four_minutes() {
    assert_eq!(backoff(0), 1);
    assert_eq!(backoff(3), 8);
    assert_eq!(backoff(8), 256);
    assert_eq!(backoff(100), 256, "never longer");
    assert_eq!(backoff(-1), 1);
}
