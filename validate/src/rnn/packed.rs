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
//! Otherwise (another CPU, `m` or `n` not a multiple of 16) the product is
//! `matrixmultiply`'s, on the unpacked operand.
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
        self.panels.is_some() && m.is_multiple_of(TILE)
    }

    /// `C = alpha A B` for a row-major `A` (`m x k`) into a row-major `C` (`m x n`; not
    /// read), equal bit for bit to [`gemm`] with `beta = 0` (module docs).
    ///
    /// Panics if `a` or `c` is too short (an internal invariant).
    pub fn product(&self, m: usize, alpha: R, a: &[R], c: &mut [R]) {
        let (k, n) = (self.k, self.n);
        assert!(a.len() >= m * k, "packed: A too short");
        assert!(c.len() >= m * n, "packed: C too short");
        match &self.panels {
            Some((isa, data)) if m.is_multiple_of(TILE) => {
                // SAFETY: `a` holds m x k and `c` m x n values (asserted), the panels k x n
                // (built so); `isa` was detected on this CPU; `c` is a distinct &mut.
                unsafe { R::panel_product(*isa, m, k, n, alpha, a.as_ptr(), data, c.as_mut_ptr()) }
            }
            _ => gemm(m, k, n, alpha, Mat::rows(a, k), self.b, R::default(), c),
        }
    }
}

/// One kernel per element type and instruction set: `$v` holds `$lanes` values, a panel
/// is two vectors wide, and a tile of `MR` rows keeps `2 MR` accumulators. `$first_fused`
/// says how `matrixmultiply`'s kernel of that instruction set writes the first block
/// (`beta = 0`): `fma(alpha, s, 0)` (its AVX2 kernels) or `alpha * s` (its AVX-512
/// kernels); the two differ only where `alpha * s` is `-0` (`fma` then gives `+0`).
macro_rules! panel_kernel {
    ($modname:ident, $t:ty, $feat:literal, $v:ty, $lanes:expr, $mr:expr, $first_fused:expr,
     $zero:ident, $set1:ident, $load:ident, $store:ident, $mul:ident, $fma:ident) => {
        #[cfg(target_arch = "x86_64")]
        pub(crate) mod $modname {
            use super::KC;
            use std::arch::x86_64::*;

            /// Lanes of one vector.
            const LANES: usize = $lanes;
            /// Columns of a panel.
            pub(crate) const PW: usize = 2 * LANES;

            /// `C = alpha A B` on the panels (module docs); `m` rows in tiles of `$mr`.
            ///
            /// # Safety
            /// The CPU has the instructions of `$feat`; `a` addresses `m x k`, `panels`
            /// `k x n` packed values and `c` `m x n` values not overlapping them;
            /// `n % PW == 0`.
            #[target_feature(enable = $feat)]
            pub(crate) unsafe fn product(
                m: usize,
                k: usize,
                n: usize,
                alpha: $t,
                a: *const $t,
                panels: *const $t,
                c: *mut $t,
            ) {
                let alpha = $set1(alpha);
                let mut i0 = 0;
                while i0 < m {
                    let rows = (m - i0).min($mr);
                    let (a, c) = (a.add(i0 * k), c.add(i0 * n));
                    for p in 0..n / PW {
                        let (panel, c) = (panels.add(p * k * PW), c.add(p * PW));
                        match rows {
                            8 => tile::<8>(k, n, alpha, a, panel, c),
                            7 => tile::<7>(k, n, alpha, a, panel, c),
                            6 => tile::<6>(k, n, alpha, a, panel, c),
                            5 => tile::<5>(k, n, alpha, a, panel, c),
                            4 => tile::<4>(k, n, alpha, a, panel, c),
                            3 => tile::<3>(k, n, alpha, a, panel, c),
                            2 => tile::<2>(k, n, alpha, a, panel, c),
                            _ => tile::<1>(k, n, alpha, a, panel, c),
                        }
                    }
                    i0 += rows;
                }
            }

            /// `MR` rows of `C` times one panel: per block of `KC` along `k`, the sums
            /// by fused multiply-adds in order, then `C = alpha s` or `fma(alpha, s, 0)`
            /// (first block, see `$first_fused`) or `C = fma(alpha, s, C)`.
            #[target_feature(enable = $feat)]
            unsafe fn tile<const MR: usize>(
                k: usize,
                ldc: usize,
                alpha: $v,
                a: *const $t,
                panel: *const $t,
                c: *mut $t,
            ) {
                let mut kb = 0;
                while kb < k {
                    let kc = (k - kb).min(KC);
                    let mut acc = [[$zero(); 2]; MR];
                    let mut bp = panel.add(kb * PW);
                    let mut ap = a.add(kb);
                    for _ in 0..kc {
                        let (b0, b1) = ($load(bp), $load(bp.add(LANES)));
                        for (r, acc) in acc.iter_mut().enumerate() {
                            let av = $set1(*ap.add(r * k));
                            acc[0] = $fma(av, b0, acc[0]);
                            acc[1] = $fma(av, b1, acc[1]);
                        }
                        bp = bp.add(PW);
                        ap = ap.add(1);
                    }
                    for (r, acc) in acc.iter().enumerate() {
                        for (v, &s) in acc.iter().enumerate() {
                            let cp = c.add(r * ldc + v * LANES);
                            let out = if kb > 0 {
                                $fma(alpha, s, $load(cp))
                            } else if $first_fused {
                                $fma(alpha, s, $zero())
                            } else {
                                $mul(alpha, s)
                            };
                            $store(cp, out);
                        }
                    }
                    kb += kc;
                }
            }
        }
    };
}

panel_kernel!(
    f32_avx2,
    f32,
    "avx2,fma",
    __m256,
    8,
    6,
    true,
    _mm256_setzero_ps,
    _mm256_set1_ps,
    _mm256_loadu_ps,
    _mm256_storeu_ps,
    _mm256_mul_ps,
    _mm256_fmadd_ps
);
panel_kernel!(
    f64_avx2,
    f64,
    "avx2,fma",
    __m256d,
    4,
    6,
    true,
    _mm256_setzero_pd,
    _mm256_set1_pd,
    _mm256_loadu_pd,
    _mm256_storeu_pd,
    _mm256_mul_pd,
    _mm256_fmadd_pd
);
panel_kernel!(
    f32_avx512,
    f32,
    "avx512f",
    __m512,
    16,
    8,
    false,
    _mm512_setzero_ps,
    _mm512_set1_ps,
    _mm512_loadu_ps,
    _mm512_storeu_ps,
    _mm512_mul_ps,
    _mm512_fmadd_ps
);
panel_kernel!(
    f64_avx512,
    f64,
    "avx512f",
    __m512d,
    8,
    8,
    false,
    _mm512_setzero_pd,
    _mm512_set1_pd,
    _mm512_loadu_pd,
    _mm512_storeu_pd,
    _mm512_mul_pd,
    _mm512_fmadd_pd
);

/// The panel kernels of one element type ([`Real`] forwards to these).
pub trait PanelKernel: Sized {
    /// Columns of a panel on `isa`.
    fn panel_width(isa: Isa) -> usize;
    /// `C = alpha A B` on the panels of `isa`.
    ///
    /// # Safety
    /// As the kernels': the CPU has `isa`; `a` holds `m x k`, `panels` `k x n` and `c`
    /// `m x n` values; `n` is a multiple of the panel width.
    #[allow(clippy::too_many_arguments)]
    unsafe fn panel_product(
        isa: Isa,
        m: usize,
        k: usize,
        n: usize,
        alpha: Self,
        a: *const Self,
        panels: &[Self],
        c: *mut Self,
    );
}

macro_rules! panel_kernel_impl {
    ($t:ty, $avx2:ident, $avx512:ident) => {
        impl PanelKernel for $t {
            fn panel_width(isa: Isa) -> usize {
                #[cfg(target_arch = "x86_64")]
                {
                    match isa {
                        Isa::Avx2 => $avx2::PW,
                        Isa::Avx512 => $avx512::PW,
                    }
                }
                #[cfg(not(target_arch = "x86_64"))]
                {
                    let _ = isa;
                    usize::MAX
                }
            }
            unsafe fn panel_product(
                isa: Isa,
                m: usize,
                k: usize,
                n: usize,
                alpha: $t,
                a: *const $t,
                panels: &[$t],
                c: *mut $t,
            ) {
                #[cfg(target_arch = "x86_64")]
                // SAFETY: forwarded from the caller.
                unsafe {
                    match isa {
                        Isa::Avx2 => $avx2::product(m, k, n, alpha, a, panels.as_ptr(), c),
                        Isa::Avx512 => $avx512::product(m, k, n, alpha, a, panels.as_ptr(), c),
                    }
                }
                #[cfg(not(target_arch = "x86_64"))]
                {
                    let _ = (isa, m, k, n, alpha, a, panels, c);
                    unreachable!("no packed panels off x86_64");
                }
            }
        }
    };
}

panel_kernel_impl!(f32, f32_avx2, f32_avx512);
panel_kernel_impl!(f64, f64_avx2, f64_avx512);

#[cfg(test)]
#[path = "packed_tests.rs"]
mod tests;
