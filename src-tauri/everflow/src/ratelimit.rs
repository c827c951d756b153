//! Client-side throttling: a steady request rate below Everflow's limit, plus a shared pause when
//! Everflow says the budget is spent (`X-RateLimit-Remaining: 0` or a `429`).

use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use governor::{DefaultDirectRateLimiter, Quota};

pub struct RateLimiter {
    limiter: DefaultDirectRateLimiter,
    per_second: NonZeroU32,
    paused_until: Mutex<Option<Instant>>,
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

    /// Reads `X-RateLimit-Remaining`: when the server's budget is spent, wait for it to refill.
    pub fn observe_remaining(&self, remaining: Option<u64>) {
        if remaining == Some(0) {
            self.pause_for(Duration::from_secs(1));
        }
    }
}
