//! A product whose right operand stays the same over many calls, packed once: the Euler
//! steps of a chunk all multiply by `W^T`, its adjoint steps all by `W`
//! ([`super::bptt`]).
//!
//! `matrixmultiply` packs its right operand again at every call; at `N = 512` with a
//! chunk of 16 trials that packing took about 40% of each product's time (perf, f32, on
//! the training step). [`PackedRhs`] packs `B` (`k x n`) once into column panels of `PW`
//! columns (`k` rows of `PW` contiguous values each), and [`PackedRhs::product`] computes
//! `C = alpha A B` (`A` is `m x k`, `C` is `m x n`, both row-major) from the panels with
//! the arithmetic of `matrixmultiply`'s kernels, element for element:
//!
//! ```text
//! s_b  = fma(a_ik, b_kj, s_b)  over k in block b in order, from s_b = 0,
//!        the blocks KC = 256 long along k (matrixmultiply's kc for f32 and f64);
//! c_ij = alpha s_0 (AVX-512) or fma(alpha, s_0, 0) (AVX2),
//!        then  c_ij = fma(alpha, s_b, c_ij)  for b = 1, 2, ...
//! ```
//!
//! That is what `matrixmultiply` 0.3 computes for an element of a full `MR x NR` tile on its
//! fused kernels (AVX2 + FMA and AVX-512, tiles of at most `16 x 16`; its AVX2 kernels add
//! the product to a zero `C`, which differs from `alpha s_0` only when that is `-0`), so
//! when `m` and `n` are multiples of 16 and the CPU has AVX2 and FMA the result equals
//! [`super::real::gemm`] bit for bit (the tests check it on random operands and on zero
//! rows): a trained network does not change. On a CPU with AVX-512, `matrixmultiply` and the
//! panels both take AVX-512; the AVX2 panels are checked against `matrixmultiply`'s AVX2
//! kernels in a build with the feature `avx2-only` and without `matrixmultiply`'s `avx512`
//! feature (`.ci/run`, with `bench/avx2_matrixmultiply.sh`).
//! A product of fewer than 4 rows (one trial a step: Fig. 9's noise-free networks, Fig.
//! 15's) lies in partial tiles only, which `matrixmultiply` computes into a buffer with
//! `C = 0` and adds to `C`; the panels then reproduce that, `c_ij = c_ij + first(s_b)` for
//! `b = 1, 2, ...` with `first` the formula of the first block (the tests check it too:
//! `matrixmultiply` would pack the whole of `B` again for each such row).
//! Otherwise (another CPU, `n` not a multiple of 16, `m` neither below 4 nor a multiple of
//! 16) the product is `matrixmultiply`'s, on the unpacked operand.
//!
//! ```
//! use oblique_validate::rnn::packed::PackedRhs;
//! use oblique_validate::rnn::real::{gemm, Mat};
//! let (m, k, n) = (16, 300, 32);
//! let a: Vec<f32> = (0..m * k).map(|i| (i as f32 * 0.37).sin()).collect();
//! let b: Vec<f32> = (0..k * n).map(|i| (i as f32 * 0.11).cos()).collect();
//! let packed = PackedRhs::new(Mat::rows(&b, n), k, n);
//! let (mut c1, mut c2) = (vec![0.0f32; m * n], vec![0.0f32; m * n]);
//! packed.product(m, 0.2, &a, &mut c1);
//! gemm(m, k, n, 0.2, Mat::rows(&a, k), Mat::rows(&b, n), 0.0, &mut c2);
//! assert_eq!(c1, c2);
//! ```

use super::real::{gemm, Mat, Real};

/// `matrixmultiply`'s block length along `k` (`S_KC` = `D_KC` = 256).
const KC: usize = 256;

/// The products on packed panels exist for `m` and `n` multiples of this (every tile of
/// `matrixmultiply`'s fused kernels is then full, so no element takes its masked path).
const TILE: usize = 16;

/// A product of fewer rows than this lies in partial tiles only: every tile of
/// `matrixmultiply`'s fused kernels is at least 4 on a side (f64 on AVX2: 8 x 4).
const PARTIAL_ROWS: usize = 4;

/// How `matrixmultiply` tiles the rows of a product whose `n` is a multiple of [`TILE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tiles {
    /// every tile full (`m` a multiple of [`TILE`])
    Full,
    /// every tile partial (`m` below [`PARTIAL_ROWS`]: one trial a step, as Fig. 9's
    /// noise-free networks)
    Partial,
}

/// The tiles of a product of `m` rows, if all of one kind (else the product is
/// `matrixmultiply`'s own).
fn tiles_of(m: usize) -> Option<Tiles> {
    if m > 0 && m.is_multiple_of(TILE) {
        Some(Tiles::Full)
    } else if (1..PARTIAL_ROWS).contains(&m) {
        Some(Tiles::Partial)
    } else {
        None
    }
}

/// The vector instructions of a packed product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isa {
    /// 256-bit AVX2 with FMA
    Avx2,
    /// 512-bit AVX-512F
    Avx512,
}

impl Isa {
    /// The best one this CPU has, if it has AVX2 and FMA (the condition for
    /// `matrixmultiply` to run a fused kernel, whose arithmetic the panels reproduce).
    /// Built with the feature `avx2-only`, never [`Isa::Avx512`].
    pub fn detect() -> Option<Isa> {
        #[cfg(target_arch = "x86_64")]
        {
            if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
                if cfg!(not(feature = "avx2-only")) && is_x86_feature_detected!("avx512f") {
                    return Some(Isa::Avx512);
                }
                return Some(Isa::Avx2);
            }
        }
        None
    }
}

/// A `k x n` right operand, packed in panels when this CPU and `n` allow it.
#[derive(Debug, Clone)]
pub struct PackedRhs<'a, R> {
    b: Mat<'a, R>,
    k: usize,
    n: usize,
    panels: Option<(Isa, Vec<R>)>,
}

impl<'a, R: Real> PackedRhs<'a, R> {
    /// Packs `b` (`k x n`, any strides) for [`Isa::detect`]'s instructions.
    pub fn new(b: Mat<'a, R>, k: usize, n: usize) -> Self {
        Self::with_isa(b, k, n, Isa::detect())
    }

    /// Packs `b` for `isa` (`None`: not packed; every product on `matrixmultiply`).
    /// The caller makes sure that the CPU has `isa`'s instructions.
    pub fn with_isa(b: Mat<'a, R>, k: usize, n: usize, isa: Option<Isa>) -> Self {
        let panels = isa.and_then(|isa| {
            let pw = R::panel_width(isa);
            if k == 0 || !n.is_multiple_of(TILE) || !n.is_multiple_of(pw) {
                return None;
            }
            assert!(
                (k - 1) * b.rs + (n - 1) * b.cs < b.data.len(),
                "packed: B too short"
            );
            let mut data = Vec::with_capacity(k * n);
            for p in 0..n / pw {
                for kk in 0..k {
                    let row = kk * b.rs + p * pw * b.cs;
                    data.extend((0..pw).map(|jj| b.data[row + jj * b.cs]));
                }
            }
            Some((isa, data))
        });
        PackedRhs { b, k, n, panels }
    }

    /// Whether products of `m` rows run on the packed panels.
    pub fn is_packed_for(&self, m: usize) -> bool {
        self.panels.is_some() && tiles_of(m).is_some()
    }

    /// `C = alpha A B` for a row-major `A` (`m x k`) into a row-major `C` (`m x n`; not
    /// read), equal bit for bit to [`gemm`] with `beta = 0` (module docs).
    ///
    /// Panics if `a` or `c` is too short (an internal invariant).
    pub fn product(&self, m: usize, alpha: R, a: &[R], c: &mut [R]) {
        let (k, n) = (self.k, self.n);
        assert!(a.len() >= m * k, "packed: A too short");
        assert!(c.len() >= m * n, "packed: C too short");
        match (&self.panels, tiles_of(m)) {
            (Some((isa, data)), Some(tiles)) => {
                let masked = tiles == Tiles::Partial;
                let (a, c) = (a.as_ptr(), c.as_mut_ptr());
                // SAFETY: `a` holds m x k and `c` m x n values (asserted), the panels k x n
                // (built so); `isa` was detected on this CPU; `c` is a distinct &mut.
                unsafe { R::panel_product(*isa, masked, m, k, n, alpha, a, data, c) }
            }
            _ => gemm(m, k, n, alpha, Mat::rows(a, k), self.b, R::default(), c),
        }
    }
}

#[path = "packed_kernels.rs"]
mod kernels;
pub use kernels::PanelKernel;

#[cfg(test)]
#[path = "packed_tests.rs"]
mod tests;
