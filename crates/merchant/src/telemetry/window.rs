//! Antom calls over the last hour, for the console's health page: minute snapshots
//! of the same counters `/metrics` serves (`antom_call_outcomes_total`), so the page
//! and a Prometheus graph of them agree.

use std::collections::VecDeque;
use std::sync::Mutex;

/// How a call ended, as the health page groups it: `S`, `F`, `U`, or no usable answer.
pub const OUTCOMES: [&str; 4] = ["succeeded", "failed", "pending", "error"];

/// Totals by [`OUTCOMES`], in that order.
pub type Totals = [u64; 4];

/// The outcome index of an Antom `result` label.
pub fn outcome_of(result: &str) -> usize {
    match result {
        "S" => 0,
        "F" => 1,
        "U" => 2,
        _ => 3,
    }
}

/// The totals as they stood at the start of each of the last 60 minutes with calls.
#[derive(Debug)]
pub struct AntomWindow {
    minutes: Mutex<VecDeque<(i64, Totals)>>,
}

impl AntomWindow {
    /// A window opening at `started` (Unix seconds), when every total was 0.
    pub fn new(started: i64) -> Self {
        Self {
            minutes: Mutex::new(VecDeque::from([(started.div_euclid(60), [0; 4])])),
        }
    }

    /// Notes `totals` at `now`, before a call is counted: the first note in a minute
    /// is therefore what the totals were when that minute began.
    pub fn note(&self, now: i64, totals: Totals) {
        let minute = now.div_euclid(60);
        let Ok(mut minutes) = self.minutes.lock() else {
            return;
        };
        if minutes.back().is_none_or(|(m, _)| *m < minute) {
            minutes.push_back((minute, totals));
        }
        // The oldest kept is the hour's baseline: drop only what an older one replaces.
        while minutes.len() > 1 && minutes.get(1).is_some_and(|(m, _)| *m <= minute - 60) {
            minutes.pop_front();
        }
    }

    /// Since when (Unix seconds) and how many calls ended each way: the last hour (or
    /// since the window opened, when that is later).
    pub fn last_hour(&self, now: i64, totals: Totals) -> (i64, Totals) {
        self.note(now, totals);
        let cutoff = now.div_euclid(60) - 60;
        let Ok(minutes) = self.minutes.lock() else {
            return (now, [0; 4]);
        };
        // Every call leaves a note in its minute, so the calls after the oldest note
        // and before the next one all fell in the oldest note's minute: when that
        // minute is over an hour old, they are outside the window, and the next note
        // (or the totals now) is where the hour starts.
        let (since, base) = match minutes.front() {
            Some(&(m, base)) if m >= cutoff => (m, base),
            Some(_) => (cutoff, minutes.get(1).map_or(totals, |(_, next)| *next)),
            None => (cutoff, totals),
        };
        let mut counted = [0; 4];
        for (i, n) in counted.iter_mut().enumerate() {
            *n = totals[i].saturating_sub(base[i]);
        }
        (since * 60, counted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_hour_is_counted_from_the_totals_at_its_first_minute() {
        let w = AntomWindow::new(0);
        w.note(30, [0, 0, 0, 0]); // first call, minute 0
        w.note(90, [1, 0, 0, 0]); // minute 1
        w.note(3_700, [5, 1, 0, 2]); // minute 61
                                     // At minute 62 the hour starts at minute 2: minute 1's calls are out, minute 61's in.
        assert_eq!(w.last_hour(3_750, [6, 1, 1, 2]), (120, [1, 0, 1, 0]));
        // Three calls at minute 124; at minute 125 the hour starts at minute 65.
        w.note(7_440, [6, 1, 1, 2]);
        assert_eq!(w.last_hour(7_500, [9, 1, 1, 2]), (3_900, [3, 0, 0, 0]));
        // A quiet night: a hundred failures at minute 0, nothing until minute 1000.
        let night = AntomWindow::new(0);
        night.note(10, [0, 0, 0, 0]);
        night.note(60_000, [0, 100, 0, 0]);
        assert_eq!(
            night.last_hour(60_030, [1, 100, 0, 0]),
            (56_400, [1, 0, 0, 0]),
            "the night's failures are not this hour's"
        );
        // Within the first hour everything since the window opened counts.
        let young = AntomWindow::new(120);
        young.note(130, [0, 0, 0, 0]);
        assert_eq!(young.last_hour(200, [3, 1, 0, 0]), (120, [3, 1, 0, 0]));
    }
}
