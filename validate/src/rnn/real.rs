//! The floating-point type of the training hot path (`f32` or `f64`) and its matrix product.
//!
//! Everything of size `batch x T x N` and the weights used in the forward and backward passes
//! are stored as [`Real`]; the optimiser keeps `f64` master weights ([`super::adam`]). The
//! products run on one of two kernels ([`Kernel`]), single-threaded (one product per call;
//! the trainers parallelise over trials): `matrixmultiply`, whose result for one row of `C`
//! does not depend on the other rows, and the `gemm` crate, 1.2-1.7x faster on the
//! training step's skinny shapes `(16..32 x N) (N x N)` (`matrixmultiply` re-packs the
//! `N x N` operand at every call; side by side in `benches/skinny.rs`).

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Mul, Sub};

/// `f32` or `f64`.
pub trait Real:
    Copy
    + Send
    + Sync
    + Default
    + Debug
    + PartialOrd
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + AddAssign
    + 'static
    + super::packed::PanelKernel
    + super::scratch::Pooled
{
    /// `"f32"` or `"f64"`.
    const NAME: &'static str;
    /// Conversion from `f64` (rounded for `f32`).
    fn of(v: f64) -> Self;
    /// Conversion to `f64` (exact).
    fn f64(self) -> f64;
    /// `self * a + b` rounded once (a fused multiply-add).
    fn mul_add(self, a: Self, b: Self) -> Self;
    /// `C <- alpha A B + beta C` with explicit row and column strides, on
    /// [`Kernel::RowExact`] (`matrixmultiply`). With `beta = 0`, `C` is not read.
    ///
    /// # Safety
    /// The pointers with their strides must address valid `m x k`, `k x n` and `m x n`
    /// matrices; `c` must not overlap `a` or `b`.
    #[allow(clippy::too_many_arguments)]
    unsafe fn gemm_raw(
        m: usize,
        k: usize,
        n: usize,
        alpha: Self,
        a: *const Self,
        rsa: isize,
        csa: isize,
        b: *const Self,
        rsb: isize,
        csb: isize,
        beta: Self,
        c: *mut Self,
        rsc: isize,
        csc: isize,
    );
}

impl Real for f64 {
    const NAME: &'static str = "f64";
    #[inline(always)]
    fn of(v: f64) -> Self {
        v
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        self
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        f64::mul_add(self, a, b)
    }
    unsafe fn gemm_raw(
        m: usize,
        k: usize,
        n: usize,
        alpha: f64,
        a: *const f64,
        rsa: isize,
        csa: isize,
        b: *const f64,
        rsb: isize,
        csb: isize,
        beta: f64,
        c: *mut f64,
        rsc: isize,
        csc: isize,
    ) {
        matrixmultiply::dgemm(m, k, n, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc)
    }
}

impl Real for f32 {
    const NAME: &'static str = "f32";
    #[inline(always)]
    fn of(v: f64) -> Self {
        v as f32
    }
    #[inline(always)]
    fn f64(self) -> f64 {
        self as f64
    }
    #[inline(always)]
    fn mul_add(self, a: Self, b: Self) -> Self {
        f32::mul_add(self, a, b)
    }
    unsafe fn gemm_raw(
        m: usize,
        k: usize,
        n: usize,
        alpha: f32,
        a: *const f32,
        rsa: isize,
        csa: isize,
        b: *const f32,
        rsb: isize,
        csb: isize,
        beta: f32,
        c: *mut f32,
        rsc: isize,
        csc: isize,
    ) {
        matrixmultiply::sgemm(m, k, n, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc)
    }
}

/// The kernel of a product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kernel {
    /// `matrixmultiply`: a row of `C` is rounded the same whatever the number of rows and
    /// the other rows (its blocking depends on `k` and `n` only), which the re-runs of
    /// [`crate::regime::rerun`] need to reproduce a forward pass bit for bit.
    RowExact,
    /// The `gemm` crate without threads: faster on skinny shapes, but the summation path
    /// (and so a row's rounding) may depend on the number of rows. For the training step.
    Fast,
}

/// `C <- alpha A B + beta C` on `kernel`, strides as in [`Real::gemm_raw`]. With
/// `beta = 0`, `C` is not read (it may hold NaN). [`Kernel::Fast`] calls `gemm::gemm`
/// without threads, which computes `dst <- alpha dst + beta lhs rhs` with the column stride
/// first: the arguments are reordered accordingly.
///
/// # Safety
/// As [`Real::gemm_raw`].
#[allow(clippy::too_many_arguments)]
#[inline]
pub unsafe fn gemm_raw_on<T: Real>(
    kernel: Kernel,
    m: usize,
    k: usize,
    n: usize,
    alpha: T,
    a: *const T,
    rsa: isize,
    csa: isize,
    b: *const T,
    rsb: isize,
    csb: isize,
    beta: T,
    c: *mut T,
    rsc: isize,
    csc: isize,
) {
    // SAFETY: forwarded from the caller (valid, non-overlapping operands).
    unsafe {
        match kernel {
            Kernel::RowExact => {
                T::gemm_raw(m, k, n, alpha, a, rsa, csa, b, rsb, csb, beta, c, rsc, csc)
            }
            Kernel::Fast => gemm::gemm(
                m,
                n,
                k,
                c,
                csc,
                rsc,
                beta != T::default(),
                a,
                csa,
                rsa,
                b,
                csb,
                rsb,
                beta,
                alpha,
                false,
                false,
                false,
                gemm::Parallelism::None,
            ),
        }
    }
}

/// `C = alpha A B + beta C` on [`Kernel::Fast`] (the `gemm` crate, single-threaded), each
/// operand a slice with its (row, column) strides, non-negative: the safe form of
/// [`gemm_raw_on`] for the linear trainer and the subsampling pass.
///
/// Panics if a slice is too short for the sizes and strides (an internal invariant).
#[allow(clippy::too_many_arguments)]
pub fn gemm_strided<T: Real>(
    m: usize,
    k: usize,
    n: usize,
    alpha: T,
    a: (&[T], isize, isize),
    b: (&[T], isize, isize),
    beta: T,
    c: (&mut [T], isize, isize),
) {
    let max_idx = |rows: usize, cols: usize, rs: isize, cs: isize| {
        if rows == 0 || cols == 0 {
            0
        } else {
            (rows - 1) * rs as usize + (cols - 1) * cs as usize + 1
        }
    };
    assert!(a.1 >= 0 && a.2 >= 0 && b.1 >= 0 && b.2 >= 0 && c.1 >= 0 && c.2 >= 0);
    assert!(a.0.len() >= max_idx(m, k, a.1, a.2), "gemm: A too short");
    assert!(b.0.len() >= max_idx(k, n, b.1, b.2), "gemm: B too short");
    assert!(c.0.len() >= max_idx(m, n, c.1, c.2), "gemm: C too short");
    // SAFETY: the asserts above keep every accessed index inside the slices; strides are
    // non-negative and C does not alias A or B (it is a distinct &mut borrow).
    unsafe {
        gemm_raw_on(
            Kernel::Fast,
            m,
            k,
            n,
            alpha,
            a.0.as_ptr(),
            a.1,
            a.2,
            b.0.as_ptr(),
            b.1,
            b.2,
            beta,
            c.0.as_mut_ptr(),
            c.1,
            c.2,
        );
    }
}

/// A matrix operand: a slice with its row and column strides (non-negative).
#[derive(Debug, Clone, Copy)]
pub struct Mat<'a, R> {
    /// the elements
    pub data: &'a [R],
    /// row stride
    pub rs: usize,
    /// column stride
    pub cs: usize,
}

impl<'a, R> Mat<'a, R> {
    /// A row-major matrix (`rows x cols` stored row after row).
    pub fn rows(data: &'a [R], cols: usize) -> Self {
        Mat {
            data,
            rs: cols,
            cs: 1,
        }
    }
    /// The transpose of a row-major matrix with `cols` columns.
    pub fn rows_t(data: &'a [R], cols: usize) -> Self {
        Mat {
            data,
            rs: 1,
            cs: cols,
        }
    }
}

/// Highest index addressed by an `r x c` matrix with strides `(rs, cs)`, plus one.
fn extent(r: usize, c: usize, rs: usize, cs: usize) -> usize {
    if r == 0 || c == 0 {
        0
    } else {
        (r - 1) * rs + (c - 1) * cs + 1
    }
}

/// `C (m x n, row-major) <- alpha A B + beta C` for `A` of size `m x k` and `B` of size `k x n`,
/// on [`Kernel::RowExact`].
///
/// Panics if a slice is too short for the sizes and strides (an internal invariant).
#[allow(clippy::too_many_arguments)]
pub fn gemm<R: Real>(
    m: usize,
    k: usize,
    n: usize,
    alpha: R,
    a: Mat<R>,
    b: Mat<R>,
    beta: R,
    c: &mut [R],
) {
    gemm_on(Kernel::RowExact, m, k, n, alpha, a, b, beta, c)
}

/// [`gemm`] on `kernel`.
///
/// Panics if a slice is too short for the sizes and strides (an internal invariant).
#[allow(clippy::too_many_arguments)]
pub fn gemm_on<R: Real>(
    kernel: Kernel,
    m: usize,
    k: usize,
    n: usize,
    alpha: R,
    a: Mat<R>,
    b: Mat<R>,
    beta: R,
    c: &mut [R],
) {
    assert!(
        extent(m, k, a.rs, a.cs) <= a.data.len(),
        "gemm: A too short"
    );
    assert!(
        extent(k, n, b.rs, b.cs) <= b.data.len(),
        "gemm: B too short"
    );
    assert!(m * n <= c.len(), "gemm: C too short");
    if m == 0 || n == 0 {
        return;
    }
    // SAFETY: the extents were checked above; `c` is a distinct mutable slice.
    unsafe {
        gemm_raw_on(
            kernel,
            m,
            k,
            n,
            alpha,
            a.data.as_ptr(),
            a.rs as isize,
            a.cs as isize,
            b.data.as_ptr(),
            b.rs as isize,
            b.cs as isize,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        )
    }
}

/// Converts a slice to another precision.
pub fn cast<R: Real>(v: &[f64]) -> Vec<R> {
    v.iter().map(|&x| R::of(x)).collect()
}

#[cfg(test)]
#[path = "real_tests.rs"]
mod product_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gemm_with_a_transposed_operand_matches_the_definition() {
        // A = [[1,2,3],[4,5,6]] (2x3), B^T stored row-major as 2x3 -> B is 3x2
        let a = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let bt = [1.0, 0.0, -1.0, 2.0, 1.0, 0.5];
        let mut c = [1.0; 4];
        gemm(
            2,
            3,
            2,
            2.0,
            Mat::rows(&a, 3),
            Mat::rows_t(&bt, 3),
            1.0,
            &mut c,
        );
        // A B = [[1-3, 2+2+1.5],[4-6, 8+5+3]] = [[-2, 5.5], [-2, 16]]
        assert_eq!(c, [-3.0, 12.0, -3.0, 33.0]);
        let a32: Vec<f32> = a.iter().map(|&v| v as f32).collect();
        let bt32: Vec<f32> = bt.iter().map(|&v| v as f32).collect();
        let mut c32 = [0.0f32; 4];
        gemm(
            2,
            3,
            2,
            1.0,
            Mat::rows(&a32, 3),
            Mat::rows_t(&bt32, 3),
            0.0,
            &mut c32,
        );
        assert_eq!(c32, [-2.0, 5.5, -2.0, 16.0]);
    }
}
