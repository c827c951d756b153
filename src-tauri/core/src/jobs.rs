//! Long jobs the UI can stop: each runs under an id the UI chose, with a cancellation token kept
//! here until the job ends.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub use tokio_util::sync::CancellationToken;

#[derive(Debug, Default)]
struct Inner {
    running: Mutex<HashMap<String, (u64, CancellationToken)>>,
    next: AtomicU64,
}

/// The jobs running now, by id. Cheap to clone (shared).
#[derive(Debug, Clone, Default)]
pub struct Jobs {
    inner: Arc<Inner>,
}

/// A running job's registration; dropping it forgets the job.
#[derive(Debug)]
pub struct JobGuard {
    jobs: Jobs,
    id: String,
    generation: u64,
    token: CancellationToken,
}

impl JobGuard {
    pub fn token(&self) -> &CancellationToken {
        &self.token
    }

    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }
}

impl Drop for JobGuard {
    fn drop(&mut self) {
        if let Ok(mut running) = self.jobs.inner.running.lock() {
            // Only forget our own registration: a new job may have reused the id since.
            if running.get(&self.id).is_some_and(|(generation, _)| *generation == self.generation) {
                running.remove(&self.id);
            }
        }
    }
}

impl Jobs {
    pub fn new() -> Self {
        Jobs::default()
    }

    /// Registers a job. A job already running under the same id is cancelled first (the UI
    /// started it again).
    pub fn start(&self, id: &str) -> JobGuard {
        let token = CancellationToken::new();
        let generation = self.inner.next.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut running) = self.inner.running.lock() {
            if let Some((_, previous)) = running.insert(id.to_owned(), (generation, token.clone())) {
                previous.cancel();
            }
        }
        JobGuard { jobs: self.clone(), id: id.to_owned(), generation, token }
    }

    /// Asks the job to stop. `false` when no job runs under this id (already finished).
    pub fn cancel(&self, id: &str) -> bool {
        let token = self.inner.running.lock().ok().and_then(|running| running.get(id).map(|(_, t)| t.clone()));
        match token {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    /// Stops every running job between two of its steps (closing or quitting the app).
    pub fn cancel_all(&self) {
        if let Ok(running) = self.inner.running.lock() {
            for (_, token) in running.values() {
                token.cancel();
            }
        }
    }

    pub fn is_running(&self, id: &str) -> bool {
        self.inner.running.lock().map(|running| running.contains_key(id)).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_reaches_the_running_job_and_ends_with_it() {
        let jobs = Jobs::new();
        let guard = jobs.start("load-1");
        assert!(jobs.is_running("load-1"));
        assert!(!guard.is_cancelled());
        assert!(jobs.cancel("load-1"));
        assert!(guard.is_cancelled());
        drop(guard);
        assert!(!jobs.is_running("load-1"));
        assert!(!jobs.cancel("load-1"));
    }

    #[test]
    fn restarting_an_id_stops_the_old_job_and_keeps_the_new_one() {
        let jobs = Jobs::new();
        let old = jobs.start("x");
        let new = jobs.start("x");
        assert!(old.is_cancelled());
        drop(old);
        assert!(jobs.is_running("x"), "the old job's end must not forget the new one");
        assert!(!new.is_cancelled());
    }
}
