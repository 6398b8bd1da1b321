//! Login throttling: after too many failed sign-ins for one name, or from
//! one address, within a window, further attempts are refused until the
//! window passes — even with the right password, so that guessing gains
//! nothing. Kept in memory: a restart forgets it, which costs an attacker
//! a restart they cannot cause.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures allowed per user name within [`WINDOW`].
pub const MAX_PER_NAME: usize = 5;
/// Failures allowed per client address within [`WINDOW`].
pub const MAX_PER_ADDR: usize = 20;
/// How long failures are remembered.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed attempts by key (`name:…`, `addr:…`).
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl Throttle {
    /// `None` when an attempt may go ahead, or the seconds to wait.
    pub fn check(&self, name: &str, addr: Option<&str>) -> Option<u64> {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut wait = None;
        for (key, max) in keys(name, addr) {
            if let Some(list) = map.get_mut(&key) {
                list.retain(|t| now.duration_since(*t) < WINDOW);
                if list.len() >= max
                    && let Some(first) = list.first()
                {
                    let left = WINDOW.saturating_sub(now.duration_since(*first));
                    wait = Some(wait.unwrap_or(0).max(left.as_secs().max(1)));
                }
            }
        }
        wait
    }

    /// Records a failed attempt.
    pub fn fail(&self, name: &str, addr: Option<&str>) {
        let now = Instant::now();
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Bound the memory an attacker can make us use with random names.
        if map.len() > 100_000 {
            map.retain(|_, l| l.last().is_some_and(|t| now.duration_since(*t) < WINDOW));
        }
        for (key, _) in keys(name, addr) {
            map.entry(key).or_default().push(now);
        }
    }

    /// Forgets a name's failures after a successful sign-in.
    pub fn succeed(&self, name: &str) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(&format!("name:{}", name.to_lowercase()));
    }
}

fn keys(name: &str, addr: Option<&str>) -> Vec<(String, usize)> {
    let mut k = vec![(format!("name:{}", name.to_lowercase()), MAX_PER_NAME)];
    if let Some(a) = addr {
        k.push((format!("addr:{a}"), MAX_PER_ADDR));
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_after_the_limit_and_forgets_on_success() {
        let t = Throttle::default();
        for _ in 0..MAX_PER_NAME {
            assert_eq!(t.check("Kim", Some("10.0.0.1")), None);
            t.fail("Kim", Some("10.0.0.1"));
        }
        let wait = t.check("kim", None).expect("throttled");
        assert!(wait > 0 && wait <= WINDOW.as_secs());
        assert_eq!(t.check("lee", Some("10.0.0.2")), None, "others go on");
        t.succeed("KIM");
        assert_eq!(t.check("kim", None), None);
    }
}
