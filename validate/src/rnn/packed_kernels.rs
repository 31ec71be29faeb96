//! The kernels of [`super::PackedRhs`]: one per element type and instruction set, each
//! the arithmetic of `matrixmultiply`'s fused kernel of that type and set (module docs of
//! [`super`]).

use super::{Isa, KC};

/// One kernel per element type and instruction set: `$v` holds `$lanes` values, a panel
/// is two vectors wide, and a tile of `MR` rows keeps `2 MR` accumulators. `$first_fused`
/// says how `matrixmultiply`'s kernel of that instruction set writes the first block
/// (`beta = 0`): `fma(alpha, s, 0)` (its AVX2 kernels) or `alpha * s` (its AVX-512
/// kernels); the two differ only where `alpha * s` is `-0` (`fma` then gives `+0`).
macro_rules! panel_kernel {
    ($modname:ident, $t:ty, $feat:literal, $v:ty, $lanes:expr, $mr:expr, $first_fused:expr,
     $zero:ident, $set1:ident, $load:ident, $store:ident, $mul:ident, $add:ident,
     $fma:ident) => {
        #[cfg(target_arch = "x86_64")]
        pub(crate) mod $modname {
            use super::KC;
            use std::arch::x86_64::*;

            /// Lanes of one vector.
            const LANES: usize = $lanes;
            /// Columns of a panel.
            pub(crate) const PW: usize = 2 * LANES;

            /// `C = alpha A B` on the panels (module docs); `m` rows in tiles of `$mr`,
            /// accumulated across blocks as a full tile of `matrixmultiply` (`MASKED`
            /// false) or as its partial tiles (true).
            ///
            /// # Safety
            /// The CPU has the instructions of `$feat`; `a` addresses `m x k`, `panels`
            /// `k x n` packed values and `c` `m x n` values not overlapping them;
            /// `n % PW == 0`.
            #[target_feature(enable = $feat)]
            pub(crate) unsafe fn product<const MASKED: bool>(
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
                            8 => tile::<8, MASKED>(k, n, alpha, a, panel, c),
                            7 => tile::<7, MASKED>(k, n, alpha, a, panel, c),
                            6 => tile::<6, MASKED>(k, n, alpha, a, panel, c),
                            5 => tile::<5, MASKED>(k, n, alpha, a, panel, c),
                            4 => tile::<4, MASKED>(k, n, alpha, a, panel, c),
                            3 => tile::<3, MASKED>(k, n, alpha, a, panel, c),
                            2 => tile::<2, MASKED>(k, n, alpha, a, panel, c),
                            _ => tile::<1, MASKED>(k, n, alpha, a, panel, c),
                        }
                    }
                    i0 += rows;
                }
            }

            /// `MR` rows of `C` times one panel: per block of `KC` along `k`, the sums
            /// by fused multiply-adds in order, then `C = alpha s` or `fma(alpha, s, 0)`
            /// (`first`: the first block, see `$first_fused`), and for the later blocks
            /// `C = fma(alpha, s, C)` (a full tile) or `C = C + first` (`MASKED`: a partial
            /// tile, which `matrixmultiply` computes into a buffer and adds to `C`).
            #[target_feature(enable = $feat)]
            unsafe fn tile<const MR: usize, const MASKED: bool>(
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
                            let first = if $first_fused {
                                $fma(alpha, s, $zero())
                            } else {
                                $mul(alpha, s)
                            };
                            let out = match (kb > 0, MASKED) {
                                (false, _) => first,
                                (true, false) => $fma(alpha, s, $load(cp)),
                                (true, true) => $add($load(cp), first),
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
    _mm256_add_ps,
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
    _mm256_add_pd,
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
    _mm512_add_ps,
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
    _mm512_add_pd,
    _mm512_fmadd_pd
);

/// The panel kernels of one element type ([`Real`](crate::rnn::real::Real) forwards to these).
pub trait PanelKernel: Sized {
    /// Columns of a panel on `isa`.
    fn panel_width(isa: Isa) -> usize;
    /// `C = alpha A B` on the panels of `isa`, accumulated as `matrixmultiply`'s full
    /// tiles or (`masked`) its partial ones.
    ///
    /// # Safety
    /// As the kernels': the CPU has `isa`; `a` holds `m x k`, `panels` `k x n` and `c`
    /// `m x n` values; `n` is a multiple of the panel width.
    #[allow(clippy::too_many_arguments)]
    unsafe fn panel_product(
        isa: Isa,
        masked: bool,
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
                masked: bool,
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
                    let b = panels.as_ptr();
                    match (isa, masked) {
                        (Isa::Avx2, false) => $avx2::product::<false>(m, k, n, alpha, a, b, c),
                        (Isa::Avx2, true) => $avx2::product::<true>(m, k, n, alpha, a, b, c),
                        (Isa::Avx512, false) => $avx512::product::<false>(m, k, n, alpha, a, b, c),
                        (Isa::Avx512, true) => $avx512::product::<true>(m, k, n, alpha, a, b, c),
                    }
                }
                #[cfg(not(target_arch = "x86_64"))]
                {
                    let _ = (isa, masked, m, k, n, alpha, a, panels, c);
                    unreachable!("no packed panels off x86_64");
                }
            }
        }
    };
}

panel_kernel_impl!(f32, f32_avx2, f32_avx512);
panel_kernel_impl!(f64, f64_avx2, f64_avx512);
