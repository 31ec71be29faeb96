//! A list of independent jobs on a fixed number of threads, longest first when the caller
//! lists them so.
//!
//! Each of `rayon::current_num_threads()` plain scoped threads takes the next job of the list
//! as it becomes free (a shared counter), so the costliest jobs, listed first, start first
//! and no thread is left with a run of them at the end. Plain threads, not rayon tasks: a job
//! that computes in its own rayon pool would otherwise make its waiting worker run other
//! jobs nested inside that wait.
//!
//! ```
//! use oblique_validate::jobs::run_in_list_order;
//! let squares = run_in_list_order(&[3u64, 1, 2], |&x| x * x);
//! assert_eq!(squares, vec![9, 1, 4]);
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

/// `jobs.iter().map(f)`, the jobs handed out one at a time in list order to
/// `rayon::current_num_threads()` threads (at most one per job); the results come back in
/// the order of `jobs`, whatever the number of threads. A panicking job panics the call.
pub fn run_in_list_order<J: Sync, R: Send>(jobs: &[J], f: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, jobs.len().max(1));
    let mut done: Vec<(usize, R)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else {
                            return mine;
                        };
                        mine.push((i, f(job)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The results are in list order and every job runs once, on 1 and on 3 threads.
    #[test]
    fn results_come_back_in_list_order_for_any_thread_count() {
        let jobs: Vec<u64> = (0..50).rev().collect();
        for threads in [1, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let calls = AtomicUsize::new(0);
            let out = pool.install(|| {
                run_in_list_order(&jobs, |&x| {
                    calls.fetch_add(1, Ordering::Relaxed);
                    x * 10 + 1
                })
            });
            assert_eq!(out, jobs.iter().map(|x| x * 10 + 1).collect::<Vec<_>>());
            assert_eq!(calls.load(Ordering::Relaxed), 50);
        }
        assert!(run_in_list_order(&[] as &[u8], |&x| x).is_empty());
    }
}
