//! Login throttling: failed sign-ins slow down further guesses for the same
//! name from the same address, exponentially, without ever locking anyone
//! out.
//!
//! The key is the pair (name, address). The first [`FREE_FAILURES`]
//! failures cost nothing; after that each attempt must wait
//! [`BASE_DELAY`] × 2^(failures − [`FREE_FAILURES`]), at most [`MAX_DELAY`],
//! after the pair's last failure. An attempt that comes sooner is refused
//! without looking at the password; one that waits is checked as usual, so
//! the right password always gets in after the delay, and a success
//! forgets the pair. Because the address is part of the key, failures from
//! one address delay nobody else: not another name from that address (an
//! office behind one gateway), and not the same name from elsewhere (the
//! administrator, while someone guesses at "admin" from outside). A guesser
//! gets about one try per [`MAX_DELAY`] per name and address.
//!
//! Kept in memory: a restart forgets it, which costs an attacker a restart
//! they cannot cause.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures per name and address that cost no delay.
pub const FREE_FAILURES: u32 = 3;
/// The delay after the first failure beyond [`FREE_FAILURES`].
pub const BASE_DELAY: Duration = Duration::from_secs(1);
/// The longest delay.
pub const MAX_DELAY: Duration = Duration::from_secs(5 * 60);
/// How long a pair's failures are remembered after its last one.
pub const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
/// Pairs kept before old ones are dropped (bounds what random names cost).
const MAX_PAIRS: usize = 100_000;

/// One pair's failures.
#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// Failed attempts by name and address.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<(String, String), Failures>>,
}

/// The delay owed after `count` failures.
pub fn delay_after(count: u32) -> Duration {
    if count < FREE_FAILURES {
        return Duration::ZERO;
    }
    let doublings = (count - FREE_FAILURES).min(20);
    BASE_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY)
}

fn key(name: &str, addr: Option<&str>) -> (String, String) {
    (name.to_lowercase(), addr.unwrap_or("-").to_owned())
}

impl Throttle {
    /// `None` when an attempt may go ahead, or the seconds still to wait.
    pub fn check(&self, name: &str, addr: Option<&str>) -> Option<u64> {
        self.check_at(name, addr, Instant::now())
    }

    /// [`Throttle::check`] at `now`.
    pub fn check_at(&self, name: &str, addr: Option<&str>, now: Instant) -> Option<u64> {
        let map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let f = map.get(&key(name, addr))?;
        let until = f.last + delay_after(f.count);
        let left = until.saturating_duration_since(now);
        // Whole seconds for `Retry-After`, rounded up.
        (!left.is_zero()).then(|| left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// Records a failed attempt.
    pub fn fail(&self, name: &str, addr: Option<&str>) {
        self.fail_at(name, addr, Instant::now());
    }

    /// [`Throttle::fail`] at `now`.
    pub fn fail_at(&self, name: &str, addr: Option<&str>, now: Instant) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if map.len() >= MAX_PAIRS {
            map.retain(|_, f| now.saturating_duration_since(f.last) < FORGET_AFTER);
            if map.len() >= MAX_PAIRS {
                // Still full of fresh pairs: an attack with random names.
                // Forgetting them costs the attacker nothing they could not
                // get by changing names, and keeps memory bounded.
                map.clear();
            }
        }
        let f = map.entry(key(name, addr)).or_insert(Failures {
            count: 0,
            last: now,
        });
        if now.saturating_duration_since(f.last) >= FORGET_AFTER {
            f.count = 0;
        }
        f.count = f.count.saturating_add(1);
        f.last = now;
    }

    /// Forgets a pair's failures after a successful sign-in.
    pub fn succeed(&self, name: &str, addr: Option<&str>) {
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .remove(&key(name, addr));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_exponentially_and_stop_at_the_maximum() {
        assert_eq!(delay_after(0), Duration::ZERO);
        assert_eq!(delay_after(FREE_FAILURES - 1), Duration::ZERO);
        assert_eq!(delay_after(FREE_FAILURES), BASE_DELAY);
        assert_eq!(delay_after(FREE_FAILURES + 1), BASE_DELAY * 2);
        assert_eq!(delay_after(FREE_FAILURES + 3), BASE_DELAY * 8);
        assert_eq!(delay_after(u32::MAX), MAX_DELAY);
    }

    #[test]
    fn a_pair_waits_then_may_try_again_and_others_never_wait() {
        let t = Throttle::default();
        let start = Instant::now();
        let a = Some("10.0.0.1");
        for i in 0..FREE_FAILURES + 2 {
            let now = start + Duration::from_millis(u64::from(i));
            t.fail_at("Kim", a, now);
        }
        let last = start + Duration::from_millis(u64::from(FREE_FAILURES + 1));
        // 5 failures: 4 seconds owed, asked case-insensitively.
        assert_eq!(t.check_at("kim", a, last), Some(4));
        assert_eq!(
            t.check_at("KIM", a, last + Duration::from_millis(3_500)),
            Some(1)
        );
        // After the delay the attempt goes ahead (the right password gets in).
        assert_eq!(t.check_at("kim", a, last + Duration::from_secs(4)), None);
        // The same name from elsewhere, and others from the same address, never wait.
        assert_eq!(t.check_at("kim", Some("10.0.0.2"), last), None);
        assert_eq!(t.check_at("lee", a, last), None);
        assert_eq!(t.check_at("kim", None, last), None);
        t.succeed("KIM", a);
        assert_eq!(t.check_at("kim", a, last), None);
    }

    #[test]
    fn many_names_from_one_address_delay_only_themselves() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..1_000 {
            for _ in 0..FREE_FAILURES + 5 {
                t.fail_at(&format!("user{i}"), Some("10.0.0.9"), now);
            }
        }
        assert_eq!(t.check_at("admin", Some("10.0.0.9"), now), None);
        assert!(t.check_at("user7", Some("10.0.0.9"), now).is_some());
    }

    #[test]
    fn old_failures_are_forgotten() {
        let t = Throttle::default();
        let now = Instant::now();
        for _ in 0..FREE_FAILURES + 10 {
            t.fail_at("kim", None, now);
        }
        let later = now + FORGET_AFTER;
        t.fail_at("kim", None, later);
        assert_eq!(t.check_at("kim", None, later), None, "one fresh failure");
    }
}
