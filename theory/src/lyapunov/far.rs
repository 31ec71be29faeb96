//! The columns of `H` right of the active window of the Francis iteration, kept row-major
//! (`theory/notes/lyapunov.md`, Eq. S4).

use super::left_reflect::Reflector;
use super::lines::reflect_lines;

/// The part of `H` right of the active window, rows `0..c` of each column `c > hi`, kept
/// row-major (Eq. S4): from the moment a column leaves the window it only receives left
/// reflections (rows of the window), which then run along contiguous rows.
pub(super) struct FarColumns {
    n: usize,
    /// row-major `n x n`; entry `(r, c)` at `r * n + c`, meaningful for `c >= first`, `r < c`
    buf: Vec<f64>,
    /// first column kept here; columns `first..n` live in `buf`
    first: usize,
}

impl FarColumns {
    pub(super) fn new(n: usize) -> Self {
        FarColumns {
            n,
            buf: Vec::new(),
            first: n,
        }
    }

    /// Moves columns `hi + 1 .. first` (those that left the window) into the store.
    pub(super) fn take(&mut self, h: &[f64], hi: usize) {
        let n = self.n;
        if hi + 1 >= self.first {
            return;
        }
        if self.buf.is_empty() {
            self.buf = vec![0.0; n * n];
        }
        for c in hi + 1..self.first {
            for r in 0..c {
                self.buf[r * n + c] = h[r + c * n];
            }
        }
        self.first = hi + 1;
    }

    /// Applies the left reflection `refl` to the stored columns (all right of the window).
    pub(super) fn reflect(&mut self, refl: &Reflector) {
        if refl.tau != 0.0 && self.first < self.n {
            let (n, first) = (self.n, self.first);
            reflect_lines(
                &mut self.buf,
                n,
                refl.row,
                refl.v,
                refl.len,
                refl.tau,
                first,
                n,
            );
        }
    }

    /// Copies the stored columns back into the column-major `h`.
    pub(super) fn write_back(&self, h: &mut [f64]) {
        let n = self.n;
        for c in self.first..n {
            for r in 0..c {
                h[r + c * n] = self.buf[r * n + c];
            }
        }
    }
}
