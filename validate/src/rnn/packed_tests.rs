//! The packed product against `matrixmultiply` ([`gemm`]), bit for bit.

use super::*;

/// Deterministic operands with both signs and a spread of magnitudes.
fn operand<R: Real>(len: usize, seed: f64) -> Vec<R> {
    (0..len)
        .map(|i| {
            let x = i as f64 * seed;
            R::of(x.sin() * (1.0 + 3.0 * (0.7 * x).cos().abs()))
        })
        .collect()
}

/// The instruction sets this CPU can run, and `None` (matrixmultiply only).
fn isas() -> Vec<Option<Isa>> {
    let mut v = vec![None];
    match Isa::detect() {
        Some(Isa::Avx512) => v.extend([Some(Isa::Avx2), Some(Isa::Avx512)]),
        Some(Isa::Avx2) => v.push(Some(Isa::Avx2)),
        None => {}
    }
    v
}

fn bits<R: Real>(v: &[R]) -> Vec<u64> {
    v.iter().map(|x| x.f64().to_bits()).collect()
}

/// The bits with every zero made `+0`.
fn bits_up_to_zero_sign<R: Real>(v: &[R]) -> Vec<u64> {
    v.iter().map(|x| (x.f64() + 0.0).to_bits()).collect()
}

/// `PackedRhs::product` equals `gemm` with `beta = 0` bit for bit, B row-major or
/// transposed, on the instruction set `matrixmultiply` runs here ([`Isa::detect`]), and up
/// to the sign of zeros on the others of this CPU (AVX2 on an AVX-512 CPU: `matrixmultiply`'s
/// AVX2 and AVX-512 kernels themselves differ there); returns how many products ran on
/// panels.
fn matches_gemm<R: Real>(m: usize, k: usize, n: usize, alpha: f64, transposed: bool) -> usize {
    let a: Vec<R> = operand(m * k, 0.37);
    let b: Vec<R> = operand(k * n, 0.11);
    let bm = if transposed {
        Mat::rows_t(&b, k)
    } else {
        Mat::rows(&b, n)
    };
    let mut expected = vec![R::default(); m * n];
    gemm(
        m,
        k,
        n,
        R::of(alpha),
        Mat::rows(&a, k),
        bm,
        R::default(),
        &mut expected,
    );
    let mut packed_runs = 0;
    for isa in isas() {
        let p = PackedRhs::with_isa(bm, k, n, isa);
        packed_runs += p.is_packed_for(m) as usize;
        let mut c = vec![R::of(f64::NAN); m * n];
        p.product(m, R::of(alpha), &a, &mut c);
        let same_kernels = isa.is_none() || isa == Isa::detect();
        let view = if same_kernels {
            bits
        } else {
            bits_up_to_zero_sign
        };
        assert_eq!(
            view(&c),
            view(&expected),
            "{} m {m} k {k} n {n} alpha {alpha} {isa:?}",
            R::NAME
        );
    }
    packed_runs
}

#[test]
fn packed_products_equal_matrixmultiply_bit_for_bit() {
    // k = 512 and 1000: two and four blocks of KC (the fused accumulation across blocks);
    // k = 256, 257: one block and one plus a single term; alpha = dt and 1
    let shapes = [
        (16, 512, 512),
        (32, 256, 64),
        (16, 257, 96),
        (48, 1000, 128),
        (16, 1, 32), // with alpha = -1.7: a zero row of A, whose C is -0 or +0 by kernel
        (64, 77, 32),
    ];
    let mut packed = 0;
    for &(m, k, n) in &shapes {
        for alpha in [0.2, 1.0, -1.7] {
            for transposed in [false, true] {
                packed += matches_gemm::<f32>(m, k, n, alpha, transposed);
                packed += matches_gemm::<f64>(m, k, n, alpha, transposed);
            }
        }
    }
    // on an x86-64 CPU with AVX2 and FMA every shape above runs on panels
    if Isa::detect().is_some() {
        assert!(
            packed >= shapes.len() * 3 * 2 * 2,
            "{packed} packed products"
        );
    }
}

#[test]
fn products_of_fewer_than_four_rows_equal_matrixmultiply_partial_tiles() {
    // one to three rows: every tile partial; k = 512, 1024 and 300: two, four and one plus
    // a part of a block (the unfused sum across blocks), 256: one block
    let mut packed = 0;
    for m in 1..4 {
        for k in [512, 1024, 300, 256] {
            for alpha in [0.2, 1.0, -1.7] {
                for transposed in [false, true] {
                    packed += matches_gemm::<f32>(m, k, 128, alpha, transposed);
                    packed += matches_gemm::<f64>(m, k, 64, alpha, transposed);
                }
            }
        }
    }
    if Isa::detect().is_some() {
        assert!(packed >= 3 * 4 * 3 * 2 * 2, "{packed} packed products");
    }
}

#[test]
fn other_shapes_fall_back_to_matrixmultiply() {
    // m from 4 and not a multiple of 16 (a short last chunk), n not a multiple of 16 or of
    // the panel
    for &(m, k, n) in &[
        (5, 512, 512),
        (4, 300, 64),
        (17, 64, 32),
        (16, 64, 24),
        (16, 64, 48),
        (0, 8, 32),
    ] {
        let runs = matches_gemm::<f32>(m, k, n, 0.2, false);
        assert!(m % 16 == 0 || runs == 0, "m {m}: {runs} packed");
        matches_gemm::<f64>(m, k, n, 0.2, true);
    }
    let b = [1.0f32; 24];
    let p = PackedRhs::new(Mat::rows(&b, 24), 1, 24);
    assert!(!p.is_packed_for(16), "n = 24 is not a multiple of 16");
}

#[test]
fn a_product_is_what_the_definition_gives() {
    // C = alpha A B on a small exact case: A = ones (16 x 300), B = j-th column all j/4
    let (m, k, n) = (16, 300, 32);
    let a = vec![1.0f64; m * k];
    let b: Vec<f64> = (0..k * n).map(|i| (i % n) as f64 / 4.0).collect();
    let p = PackedRhs::new(Mat::rows(&b, n), k, n);
    let mut c = vec![0.0; m * n];
    p.product(m, 0.5, &a, &mut c);
    for i in 0..m {
        for j in 0..n {
            assert_eq!(c[i * n + j], 0.5 * 300.0 * j as f64 / 4.0);
        }
    }
}
