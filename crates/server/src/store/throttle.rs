//! Sign-in attempts per key (`user:<name>`, `ip:<addr>`) in a sliding window. Checking
//! and counting are one step ([`LoginThrottle::attempt`]), so parallel guesses cannot
//! all pass the check before any is counted. The trait is storage-shaped: a database
//! backend implements `attempt` as one transaction (a row per key, `SELECT … FOR
//! UPDATE` then insert), which makes the limit hold across server instances.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How many attempts each kind of key may make in the window.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThrottleLimits {
    pub per_account: usize,
    pub per_ip: usize,
    pub window: Duration,
}

impl Default for ThrottleLimits {
    fn default() -> Self {
        ThrottleLimits {
            per_account: 5,
            per_ip: 20,
            window: Duration::from_secs(300),
        }
    }
}

impl ThrottleLimits {
    fn limit(&self, key: &str) -> usize {
        if key.starts_with("ip:") {
            self.per_ip
        } else {
            self.per_account
        }
    }
}

pub trait LoginThrottle: Send + Sync {
    /// Counts one attempt against every key if none of them has used up its attempts
    /// in the window; otherwise counts nothing and answers the seconds to wait.
    fn attempt(&self, keys: &[String]) -> Result<(), u64>;
    /// The attempt succeeded: the account's attempts are forgotten, and this attempt
    /// no longer counts against the other keys (the address).
    fn succeeded(&self, account_key: &str, other_keys: &[String]);
}

/// The throttle of a single server process.
pub struct MemoryThrottle {
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
    pub limits: ThrottleLimits,
}

impl MemoryThrottle {
    pub fn new(limits: ThrottleLimits) -> Self {
        MemoryThrottle {
            attempts: Mutex::new(HashMap::new()),
            limits,
        }
    }
}

impl Default for MemoryThrottle {
    fn default() -> Self {
        Self::new(ThrottleLimits::default())
    }
}

impl LoginThrottle for MemoryThrottle {
    fn attempt(&self, keys: &[String]) -> Result<(), u64> {
        let now = Instant::now();
        let window = self.limits.window;
        // A poisoned lock means a panic mid-update: refuse rather than let guesses through.
        let Ok(mut map) = self.attempts.lock() else {
            return Err(window.as_secs().max(1));
        };
        if map.len() > 100_000 {
            // Bound memory under a spray of usernames: forget keys with nothing recent.
            map.retain(|_, q| q.back().is_some_and(|t| now.duration_since(*t) < window));
        }
        let mut wait = 0u64;
        for key in keys {
            if let Some(q) = map.get_mut(key) {
                while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
                    q.pop_front();
                }
                if q.len() >= self.limits.limit(key) {
                    if let Some(oldest) = q.front() {
                        let left = window.saturating_sub(now.duration_since(*oldest));
                        wait = wait.max(left.as_secs() + 1);
                    }
                }
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for key in keys {
            map.entry(key.clone()).or_default().push_back(now);
        }
        Ok(())
    }

    fn succeeded(&self, account_key: &str, other_keys: &[String]) {
        if let Ok(mut map) = self.attempts.lock() {
            map.remove(account_key);
            for key in other_keys {
                if let Some(q) = map.get_mut(key) {
                    q.pop_back();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_are_counted_as_they_are_checked_and_success_refunds() {
        let t = MemoryThrottle::default();
        let keys = vec!["user:farm".to_string(), "ip:127.0.0.1".to_string()];
        for _ in 0..5 {
            assert!(t.attempt(&keys).is_ok());
        }
        let wait = t.attempt(&keys).expect_err("sixth attempt refused");
        assert!(wait > 0 && wait <= 301, "{wait}");
        t.succeeded("user:farm", &keys[1..]);
        assert!(t.attempt(&keys).is_ok(), "the account starts again");
    }

    #[test]
    fn parallel_attempts_never_exceed_the_limit() {
        let t = std::sync::Arc::new(MemoryThrottle::default());
        let keys = vec!["user:farm".to_string()];
        let passed: usize = (0..40)
            .map(|_| {
                let (t, keys) = (t.clone(), keys.clone());
                std::thread::spawn(move || t.attempt(&keys).is_ok())
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| usize::from(h.join().unwrap_or(false)))
            .sum();
        assert_eq!(passed, 5);
    }
}
