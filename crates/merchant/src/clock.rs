//! The one clock the flows, the store and the worker read: real time, moved
//! forward only by the sandbox's test clock (`POST /sandbox/control/clock`),
//! which the service and its embedded sandbox share. A live service's clock is
//! never moved: nothing mounts the control there.

pub use sandbox::clock::TestClock as Clock;

/// Unix seconds of real time, for what the world outside reads too (an authenticator app's codes).
pub fn real_now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Microseconds of real time: orders rows written within the same second.
pub fn now_micros() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000) as i64
}
