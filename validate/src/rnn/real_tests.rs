//! Both product kernels ([`gemm_raw_on`]) against a naive `f64` triple loop on odd shapes
//! and strides, and the meaning of `alpha` and `beta`.

use super::{gemm_raw_on, Kernel, Real};

const KERNELS: [Kernel; 2] = [Kernel::RowExact, Kernel::Fast];

/// A strided `r x c` view: element `(i, j)` at `off + i rs + j cs`.
#[derive(Clone, Copy)]
struct View {
    r: usize,
    c: usize,
    rs: usize,
    cs: usize,
}

impl View {
    fn row_major(r: usize, c: usize, pad: usize) -> Self {
        View {
            r,
            c,
            rs: c + pad,
            cs: 1,
        }
    }
    fn col_major(r: usize, c: usize, pad: usize) -> Self {
        View {
            r,
            c,
            rs: 1,
            cs: r + pad,
        }
    }
    fn len(&self) -> usize {
        (self.r - 1) * self.rs + (self.c - 1) * self.cs + 1
    }
    fn at(&self, i: usize, j: usize) -> usize {
        i * self.rs + j * self.cs
    }
}

/// Deterministic values in `[-1, 1)`, not exactly representable in `f32`.
fn fill<R: Real>(len: usize, salt: usize) -> Vec<R> {
    (0..len)
        .map(|i| R::of((((i + salt) * 7919) % 1009) as f64 / 504.5 - 1.0 + 1e-9))
        .collect()
}

/// Runs `C <- alpha A B + beta C` and checks every entry of `C` against the `f64` loop,
/// `|c - c_ref| <= tol (|alpha| sum_p |a_ip b_pj| + |beta c_ij|)`, and that the padding of
/// `C` is left alone.
fn check<R: Real>(kernel: Kernel, va: View, vb: View, vc: View, alpha: f64, beta: f64, tol: f64) {
    let (m, k, n) = (va.r, va.c, vb.c);
    let a: Vec<R> = fill(va.len(), 1);
    let b: Vec<R> = fill(vb.len(), 2);
    let mut c: Vec<R> = fill(vc.len(), 3);
    let c0 = c.clone();
    // SAFETY: the buffers hold the views' full extents; `c` is a separate vector.
    unsafe {
        gemm_raw_on(
            kernel,
            m,
            k,
            n,
            R::of(alpha),
            a.as_ptr(),
            va.rs as isize,
            va.cs as isize,
            b.as_ptr(),
            vb.rs as isize,
            vb.cs as isize,
            R::of(beta),
            c.as_mut_ptr(),
            vc.rs as isize,
            vc.cs as isize,
        )
    };
    let mut touched = vec![false; c.len()];
    for i in 0..m {
        for j in 0..n {
            let (mut sum, mut mag) = (0.0, 0.0);
            for p in 0..k {
                let t = a[va.at(i, p)].f64() * b[vb.at(p, j)].f64();
                sum += t;
                mag += t.abs();
            }
            let old = c0[vc.at(i, j)].f64();
            let want = alpha * sum + beta * old;
            let bound = tol * (alpha.abs() * mag + (beta * old).abs());
            let got = c[vc.at(i, j)].f64();
            assert!(
                (got - want).abs() <= bound,
                "{} {kernel:?} m={m} k={k} n={n} ({i},{j}): {got} vs {want} (bound {bound:e})",
                R::NAME
            );
            touched[vc.at(i, j)] = true;
        }
    }
    for (idx, t) in touched.iter().enumerate() {
        if !t {
            assert_eq!(c[idx].f64(), c0[idx].f64(), "padding of C changed at {idx}");
        }
    }
}

/// Odd shapes: `m = 1`, `k = 1`, `n = 1`, sizes not multiples of 8, and the trainers'.
const SHAPES: [(usize, usize, usize); 9] = [
    (1, 1, 1),
    (1, 37, 13),
    (11, 1, 9),
    (5, 17, 1),
    (7, 3, 29),
    (33, 65, 19),
    (16, 128, 128),
    (32, 129, 131),
    (130, 128, 16),
];

fn all_layouts<R: Real>(tol: f64) {
    for (kernel, &(m, k, n)) in KERNELS
        .iter()
        .flat_map(|&q| SHAPES.iter().map(move |s| (q, s)))
    {
        for (alpha, beta) in [(1.0, 0.0), (0.7, 1.0), (-1.3, 0.25)] {
            let rm = |r, c| View::row_major(r, c, 0);
            check::<R>(kernel, rm(m, k), rm(k, n), rm(m, n), alpha, beta, tol);
            // transposed operands with padded leading dimensions, column-major C
            let a = View::col_major(m, k, 3);
            let b = View::col_major(k, n, 1);
            check::<R>(kernel, a, b, View::col_major(m, n, 2), alpha, beta, tol);
            check::<R>(
                kernel,
                View::row_major(m, k, 5),
                b,
                View::row_major(m, n, 4),
                alpha,
                beta,
                tol,
            );
        }
    }
}

#[test]
fn f64_products_match_a_naive_loop_on_odd_shapes_and_strides() {
    all_layouts::<f64>(1e-12);
}

#[test]
fn f32_products_match_a_naive_loop_on_odd_shapes_and_strides() {
    all_layouts::<f32>(1e-5);
}

#[test]
fn beta_zero_ignores_the_old_c_and_alpha_zero_only_scales_it() {
    for kernel in KERNELS {
        alpha_beta(kernel);
    }
}

/// `C (2 x 2) <- alpha A B + beta C` on `kernel`, `A` (`2 x k`) and `B` (`k x 2`) row-major.
fn two_by_two<R: Real>(kernel: Kernel, k: usize, ab: (f64, f64), a: &[R], b: &[R], c: &mut [R]) {
    assert!(a.len() >= 2 * k && b.len() >= 2 * k && c.len() >= 4);
    // SAFETY: the asserts keep every addressed element inside the slices.
    unsafe {
        gemm_raw_on(
            kernel,
            2,
            k,
            2,
            R::of(ab.0),
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            2,
            1,
            R::of(ab.1),
            c.as_mut_ptr(),
            2,
            1,
        )
    }
}

fn alpha_beta(kernel: Kernel) {
    let a = [1.0, 2.0, 3.0, 4.0];
    let b = [0.5, -1.0, 2.0, 0.25];
    let mut c = [f64::NAN; 4];
    two_by_two(kernel, 2, (2.0, 0.0), &a, &b, &mut c);
    // A B = [[4.5, -0.5], [9.5, -2]]; beta = 0 does not read the NaNs
    assert_eq!(c, [9.0, -1.0, 19.0, -4.0], "{kernel:?}");
    two_by_two(kernel, 2, (0.0, 0.5), &a, &b, &mut c);
    assert_eq!(c, [4.5, -0.5, 9.5, -2.0], "{kernel:?}");
    // k = 0: the product is empty, C <- beta C
    let mut c32 = [1.0f32, -2.0, 3.0, 0.5];
    two_by_two::<f32>(kernel, 0, (1.0, 3.0), &[], &[], &mut c32);
    assert_eq!(c32, [3.0, -6.0, 9.0, 1.5], "{kernel:?}");
    let mut z = [f32::NAN; 4];
    two_by_two::<f32>(kernel, 0, (1.0, 0.0), &[], &[], &mut z);
    assert_eq!(z, [0.0; 4], "{kernel:?}");
}
