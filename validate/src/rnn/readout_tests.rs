use super::*;

/// Values in [-1, 1) with exact zeros of both signs mixed in (every 7th `+0`, every 11th
/// `-0`), and whole rows of zeros when `zero_rows`: the errors of a step outside the loss
/// mask are zero.
fn values<R: Real>(len: usize, seed: u64, row: usize, zero_rows: bool) -> Vec<R> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let v = (s >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0;
            if zero_rows && (i / row) % 3 == 1 {
                R::of(if i % 2 == 0 { 0.0 } else { -0.0 })
            } else if i % 7 == 0 {
                R::of(0.0)
            } else if i % 11 == 0 {
                R::of(-0.0)
            } else {
                R::of(v)
            }
        })
        .collect()
}

fn bits<R: Real>(v: &[R]) -> Vec<u64> {
    v.iter().map(|x| x.f64().to_bits()).collect()
}

fn outputs_equal_gemm<R: Real>() {
    for rows in [1, 3, 7, 8, 13, 37, 64, 71] {
        for n in [8, 128, 256, 300, 520] {
            for d in 1..=3 {
                let x = values::<R>(rows * n, (rows * n + d) as u64, n, true);
                let w = values::<R>(d * n, 5 + d as u64, n, false);
                let mut z1 = vec![R::of(9.0); rows * d];
                let mut z2 = z1.clone();
                outputs(rows, n, d, &x, &w, &mut z1);
                gemm(
                    rows,
                    n,
                    d,
                    R::of(1.0),
                    Mat::rows(&x, n),
                    Mat::rows_t(&w, n),
                    R::default(),
                    &mut z2,
                );
                assert_eq!(bits(&z1), bits(&z2), "{} rows {rows} n {n} d {d}", R::NAME);
            }
        }
    }
}

fn gradient_equals_gemm<R: Real>() {
    for rows in [1, 5, 255, 256, 257, 600, 1100] {
        for n in [8, 128, 136] {
            for d in 1..=3 {
                let e = values::<R>(rows * d, (rows + d) as u64, d, true);
                let x = values::<R>(rows * n, 3 + n as u64, n, false);
                let mut g1 = vec![R::of(9.0); d * n];
                let mut g2 = g1.clone();
                output_gradient(rows, d, n, &e, &x, &mut g1);
                gemm(
                    d,
                    rows,
                    n,
                    R::of(1.0),
                    Mat::rows_t(&e, d),
                    Mat::rows(&x, n),
                    R::default(),
                    &mut g2,
                );
                assert_eq!(bits(&g1), bits(&g2), "{} rows {rows} n {n} d {d}", R::NAME);
            }
        }
    }
}

fn push_equals_gemm<R: Real>() {
    for m in [1, 3, 5, 8, 16, 21, 32] {
        for n in [8, 128, 256] {
            for d in 1..=3 {
                for add in [false, true] {
                    let e = values::<R>(m * d, (m + d) as u64, d, true);
                    let w = values::<R>(d * n, 7 + n as u64, n, false);
                    let mut a1 = values::<R>(m * n, 11 + m as u64, n, true);
                    let mut a2 = a1.clone();
                    push_errors(m, d, n, &e, &w, add, &mut a1);
                    let beta = R::of(if add { 1.0 } else { 0.0 });
                    gemm(
                        m,
                        d,
                        n,
                        R::of(1.0),
                        Mat::rows(&e, d),
                        Mat::rows(&w, n),
                        beta,
                        &mut a2,
                    );
                    assert_eq!(
                        bits(&a1),
                        bits(&a2),
                        "{} m {m} n {n} d {d} add {add}",
                        R::NAME
                    );
                }
            }
        }
    }
}

#[test]
fn outputs_equal_matrixmultiply_bit_for_bit() {
    outputs_equal_gemm::<f32>();
    outputs_equal_gemm::<f64>();
}

#[test]
fn output_gradients_equal_matrixmultiply_bit_for_bit() {
    gradient_equals_gemm::<f32>();
    gradient_equals_gemm::<f64>();
}

#[test]
fn pushed_errors_equal_matrixmultiply_bit_for_bit() {
    push_equals_gemm::<f32>();
    push_equals_gemm::<f64>();
}

#[test]
fn the_sums_are_the_products_they_name() {
    // z = X W_out^T, g = E^T X and A + E W_out on small integers (exact in f32)
    let x = [1.0f32, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0]; // 1 x 8
    let w = [1.0f32, 0.0, -1.0, 0.0, 2.0, 0.0, 0.0, 1.0]; // 1 x 8
    let mut z = [0.0f32; 1];
    outputs(1, 8, 1, &x, &w, &mut z);
    assert_eq!(z, [1.0 - 3.0 + 10.0 + 8.0]);
    let e = [2.0f32];
    let mut g = [0.0f32; 8];
    output_gradient(1, 1, 8, &e, &x, &mut g);
    assert_eq!(g, [2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0]);
    let mut a = x;
    push_errors(1, 1, 8, &e, &w, true, &mut a);
    assert_eq!(a, [3.0, 2.0, 1.0, 4.0, 9.0, 6.0, 7.0, 10.0]);
}

#[test]
fn a_sum_of_negative_zeros_is_positive_zero_as_in_matrixmultiply() {
    // every product is -0 (-0 times positive values): the sums start at +0, so they end
    // at +0, in matrixmultiply's kernels and here; a sum started at the first product
    // would be -0
    let (rows, n, d) = (9, 16, 2);
    let x = vec![-0.0f32; rows * n];
    let w = vec![0.5f32; d * n];
    let mut z = vec![9.0f32; rows * d];
    outputs(rows, n, d, &x, &w, &mut z);
    let mut g = vec![9.0f32; d * n];
    output_gradient(rows, d, n, &w[..rows * d], &x, &mut g);
    let mut a = vec![9.0f32; rows * n];
    push_errors(rows, d, n, &x[..rows * d], &w, false, &mut a);
    for v in z.iter().chain(&g).chain(&a) {
        assert_eq!(v.to_bits(), 0.0f32.to_bits());
    }
    let mut z2 = vec![9.0f32; rows * d];
    gemm(
        rows,
        n,
        d,
        1.0,
        Mat::rows(&x, n),
        Mat::rows_t(&w, n),
        0.0,
        &mut z2,
    );
    assert_eq!(bits(&z), bits(&z2));
}
