//! The tapes' buffers, kept from one training step to the next.
//!
//! Each forward pass of [`super::bptt`] fills three `T x M x N` arrays, every element of
//! which it writes before any is read. Allocating them zeroed at every step cost about 7%
//! of a training step (`memset`, perf, cycling at `N = 128`); [`take`] hands back a buffer
//! of an earlier step instead, whose old values the pass overwrites, and [`give`] returns
//! it. The values computed do not depend on which buffer a pass gets.
//!
//! ```
//! use oblique_validate::rnn::scratch::Pool;
//! let pool = Pool::new();
//! let mut v: Vec<f32> = pool.take(1000);
//! v.fill(1.0);
//! pool.give(v);
//! let w = pool.take(500);
//! assert_eq!(w, vec![1.0f32; 500]); // the old values, which the caller overwrites
//! ```

use std::sync::{Mutex, MutexGuard};

/// The most buffers a pool keeps.
const KEPT: usize = 64;
/// The most bytes a pool keeps (so that a finished network's large buffers do not stay
/// behind; [`Pool::take`] reuses a buffer only for at least half its length).
const KEPT_BYTES: usize = 1 << 30;

/// Buffers of one element type for reuse.
#[derive(Debug, Default)]
pub struct Pool<R> {
    kept: Mutex<Vec<Vec<R>>>,
}

impl<R: Copy + Default> Pool<R> {
    /// An empty pool.
    pub const fn new() -> Self {
        Pool {
            kept: Mutex::new(Vec::new()),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Vec<Vec<R>>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A buffer of `len` values: the shortest kept one at least that long and at most twice
    /// as long, truncated (its old values), else a new one of zeros. The caller writes each
    /// element before it reads it.
    pub fn take(&self, len: usize) -> Vec<R> {
        let reused = {
            let mut kept = self.lock();
            let best = (kept.iter().enumerate())
                .filter(|(_, v)| v.len() >= len && v.len() <= len.saturating_mul(2))
                .min_by_key(|(_, v)| v.len())
                .map(|(i, _)| i);
            best.map(|i| kept.swap_remove(i))
        };
        match reused {
            Some(mut v) => {
                v.truncate(len);
                v
            }
            None => vec![R::default(); len],
        }
    }

    /// Keeps `v` for a later [`Pool::take`] (up to 64 buffers and 1 GiB; an empty one is
    /// dropped).
    pub fn give(&self, v: Vec<R>) {
        let mut kept = self.lock();
        let bytes = |v: &Vec<R>| v.capacity() * std::mem::size_of::<R>();
        let total: usize = kept.iter().map(bytes).sum();
        if !v.is_empty() && kept.len() < KEPT && total + bytes(&v) <= KEPT_BYTES {
            kept.push(v);
        }
    }
}

/// An element type with a process-wide [`Pool`].
pub trait Pooled: Copy + Default + Send + 'static {
    /// This type's pool.
    fn pool() -> &'static Pool<Self>;
}

impl Pooled for f32 {
    fn pool() -> &'static Pool<f32> {
        static POOL: Pool<f32> = Pool::new();
        &POOL
    }
}

impl Pooled for f64 {
    fn pool() -> &'static Pool<f64> {
        static POOL: Pool<f64> = Pool::new();
        &POOL
    }
}

/// [`Pool::take`] from `R`'s process-wide pool.
pub fn take<R: Pooled>(len: usize) -> Vec<R> {
    R::pool().take(len)
}

/// [`Pool::give`] to `R`'s process-wide pool.
pub fn give<R: Pooled>(v: Vec<R>) {
    R::pool().give(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_long_enough_buffer_comes_back_truncated() {
        let pool = Pool::new();
        let (mut a, mut b) = (pool.take(300), pool.take(200));
        assert_eq!((a.len(), b.len()), (300, 200));
        assert!(a.iter().chain(&b).all(|&x| x == 0.0f64));
        a.fill(3.0);
        b.fill(2.0);
        pool.give(a);
        pool.give(b);
        // 150 fits both: the shorter (200) comes back, with its old values
        assert_eq!(pool.take(150), vec![2.0; 150]);
        // 250 fits the 300 only; 400 fits none: zeros
        assert_eq!(pool.take(250), vec![3.0; 250]);
        assert_eq!(pool.take(400), vec![0.0; 400]);
        // a buffer more than twice as long as asked for stays kept
        pool.give(vec![5.0; 1000]);
        assert_eq!(pool.take(499), vec![0.0; 499]);
        assert_eq!(pool.take(500), vec![5.0; 500]);
        pool.give(Vec::new());
        assert_eq!(pool.lock().len(), 0);
    }
}
