//! Client-side throttling: a steady request rate below Everflow's limit, shared by every client of
//! one network, plus a shared pause when Everflow says the budget is spent.
//!
//! Everflow's reference (rate limits): the budget belongs to the network, shared by every key and
//! user of it (30 requests/s with a burst of 50 for network keys in the current text, 20/s in older
//! text), and once it is spent Everflow may answer `429` until a 30-second window resets. So after
//! `X-RateLimit-Remaining: 0` or a `429`, every request of that network waits until the window can
//! have reset, not one second: retrying sooner only collects more `429`s.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota};

pub struct RateLimiter {
    limiter: DefaultDirectRateLimiter,
    per_second: NonZeroU32,
    paused_until: Mutex<Option<Instant>>,
}

impl std::fmt::Debug for RateLimiter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RateLimiter").field("per_second", &self.per_second).finish_non_exhaustive()
    }
}

impl RateLimiter {
    /// `per_second` requests a second on average. The burst is half of that so that the jitter of
    /// requests arriving at the server never pushes a second over the limit.
    pub fn new(per_second: NonZeroU32) -> Self {
        let burst = NonZeroU32::new((per_second.get() / 2).max(1)).unwrap_or(NonZeroU32::MIN);
        RateLimiter {
            limiter: DefaultDirectRateLimiter::direct(Quota::per_second(per_second).allow_burst(burst)),
            per_second,
            paused_until: Mutex::new(None),
        }
    }

    pub fn per_second(&self) -> u32 {
        self.per_second.get()
    }

    /// Waits until a request may be sent.
    pub async fn acquire(&self) {
        loop {
            let pause = self.paused_until.lock().map(|until| *until).unwrap_or(None);
            match pause {
                Some(until) if until > Instant::now() => tokio::time::sleep_until(until.into()).await,
                _ => break,
            }
        }
        self.limiter.until_ready().await;
    }

    /// Holds every request back for `duration` (longer pauses win over shorter ones).
    pub fn pause_for(&self, duration: Duration) {
        let until = Instant::now() + duration;
        if let Ok(mut paused) = self.paused_until.lock() {
            if paused.is_none_or(|current| current < until) {
                *paused = Some(until);
            }
        }
    }

    /// How long requests are still held back, if they are.
    pub fn paused_for(&self) -> Option<Duration> {
        let until = self.paused_until.lock().map(|until| *until).unwrap_or(None)?;
        until.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())
    }

    /// Reads `X-RateLimit-Remaining`: when the network's budget is spent, wait out `window`.
    pub fn observe_remaining(&self, remaining: Option<u64>, window: Duration) {
        if remaining == Some(0) {
            self.pause_for(window);
        }
    }
}

/// One limiter per network, shared by every client of it: two profiles of one network, or a key
/// check beside an open session, spend one budget and wait out one pause.
///
/// A network is known by its API address and key kind: two keys cannot be told to belong to one
/// network before asking, and erring towards sharing only slows the app down, never gets it refused.
#[derive(Default)]
pub struct RateBudgets {
    limiters: Mutex<HashMap<(String, bool), Weak<RateLimiter>>>,
}

impl RateBudgets {
    pub fn new() -> Self {
        RateBudgets::default()
    }

    /// The limiter of the network at `base_url` (a new one when none is alive, or when the rate
    /// changed in Settings).
    pub fn limiter(&self, base_url: &str, partner_key: bool, per_second: NonZeroU32) -> Arc<RateLimiter> {
        let Ok(mut limiters) = self.limiters.lock() else {
            return Arc::new(RateLimiter::new(per_second));
        };
        limiters.retain(|_, limiter| limiter.strong_count() > 0);
        let key = (base_url.trim_end_matches('/').to_owned(), partner_key);
        if let Some(limiter) = limiters.get(&key).and_then(Weak::upgrade) {
            if limiter.per_second == per_second {
                return limiter;
            }
        }
        let limiter = Arc::new(RateLimiter::new(per_second));
        limiters.insert(key, Arc::downgrade(&limiter));
        limiter
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_network_one_limiter() {
        let budgets = RateBudgets::new();
        let rate = NonZeroU32::new(20).unwrap();
        let first = budgets.limiter("https://api.eflow.team/v1", false, rate);
        let second = budgets.limiter("https://api.eflow.team/v1/", false, rate);
        assert!(Arc::ptr_eq(&first, &second));
        assert!(!Arc::ptr_eq(&first, &budgets.limiter("https://api-eu.eflow.team/v1", false, rate)));
        assert!(!Arc::ptr_eq(&first, &budgets.limiter("https://api.eflow.team/v1", true, rate)));
        let faster = budgets.limiter("https://api.eflow.team/v1", false, NonZeroU32::new(30).unwrap());
        assert_eq!(faster.per_second(), 30, "a changed rate gets a limiter of its own");
    }

    #[test]
    fn a_pause_is_seen_and_ends() {
        let limiter = RateLimiter::new(NonZeroU32::new(5).unwrap());
        assert_eq!(limiter.paused_for(), None);
        limiter.observe_remaining(Some(3), Duration::from_secs(30));
        assert_eq!(limiter.paused_for(), None);
        limiter.observe_remaining(Some(0), Duration::from_secs(30));
        let left = limiter.paused_for().unwrap();
        assert!(left > Duration::from_secs(29) && left <= Duration::from_secs(30), "{left:?}");
    }
}
