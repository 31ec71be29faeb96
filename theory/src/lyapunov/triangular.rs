//! Back substitution for the quasi-triangular Lyapunov equation `T Y + Y T^T = R`
//! (`theory/notes/lyapunov.md`, Eqs. Y4-Y6), column block by column block from the last.

use super::schur::Block;
use nalgebra::DMatrix;

crate::simd_dispatch! {
    /// Solves `T Y + Y T^T = R` in place: `y` holds `R` on entry and `Y` on exit.
    ///
    /// `t` is upper quasi-triangular with the given diagonal `blocks`, `tt = T^T`. With
    /// `symmetric` (R symmetric) only the upper block triangle is solved and the rest mirrored,
    /// which halves the work. Returns the smallest pivot met in the small block solves, an
    /// estimate of the smallest `|lambda_i + lambda_j|` (Eq. Y7).
    pub(crate) fn solve_in_place(
        t: &DMatrix<f64>,
        tt: &DMatrix<f64>,
        blocks: &[Block],
        y: &mut DMatrix<f64>,
        symmetric: bool,
    ) -> f64 => solve_generic
}

/// The body of [`solve_in_place`]: column blocks `J` from the last, each by Eq. Y5 (the
/// known columns after `J` moved to the right-hand side) and Eq. Y6 (back substitution
/// over the row blocks).
#[inline(always)]
fn solve_generic(
    t: &DMatrix<f64>,
    tt: &DMatrix<f64>,
    blocks: &[Block],
    y: &mut DMatrix<f64>,
    symmetric: bool,
) -> f64 {
    let n = t.nrows();
    let ts = t.as_slice();
    let tts = tt.as_slice();
    let ys = y.as_mut_slice();
    let mut min_pivot = f64::INFINITY;
    let mut tmp = DMatrix::<f64>::zeros(n, 2);

    for jb in blocks.iter().rev() {
        // Rows that must be solved in these columns: all, or (symmetric) those of blocks <= J.
        let m = if symmetric { jb.end() } else { n };
        if symmetric {
            mirror_below(ys, n, *jb);
        }
        if jb.end() < n {
            subtract_known_columns(ys, ts, tts, n, *jb, m, symmetric, &mut tmp);
        }
        back_substitute(ys, ts, n, blocks, *jb, m, &mut min_pivot);
    }
    min_pivot
}

/// Symmetric `R`: the rows below block `J` of its columns are known, `Y[K, J] = Y[J, K]^T`
/// for the blocks `K > J` already solved, and are copied from there.
#[inline(always)]
fn mirror_below(ys: &mut [f64], n: usize, jb: Block) {
    let (j0, j1) = (jb.start, jb.end());
    for c in j0..j1 {
        for r in j1..n {
            ys[r + c * n] = ys[c + r * n];
        }
    }
}

/// Eq. Y5: `R[:, J] -= Y[:, after J] T[J, after J]^T` and, if symmetric, also
/// `R[I, J] -= T[I, after J] Y[after J, J]`, on the first `m` rows: `q` (1 or 2)
/// matrix-vector products, one pass over the columns after `J`, each read once (a GEMM
/// would pad `q` up to its kernel width and repack the columns for every `J`).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn subtract_known_columns(
    ys: &mut [f64],
    ts: &[f64],
    tts: &[f64],
    n: usize,
    jb: Block,
    m: usize,
    symmetric: bool,
    tmp: &mut DMatrix<f64>,
) {
    let (j0, j1, q) = (jb.start, jb.end(), jb.size);
    let (left, right) = ys.split_at_mut(j1 * n);
    if symmetric {
        // rows K > J of columns J are known by symmetry (copied by `mirror_below`)
        for c in 0..q {
            for k in 0..(n - j1) {
                tmp[(k, c)] = left[j1 + k + (j0 + c) * n];
            }
        }
    }
    let rcols = &mut left[j0 * n..j1 * n];
    for c in j1..n {
        let ycol = &right[(c - j1) * n..(c - j1) * n + m];
        let tcol = &ts[c * n..c * n + m];
        for cc in 0..q {
            let a = tts[c + (j0 + cc) * n]; // T[j0 + cc, c]
            let rcol = &mut rcols[cc * n..cc * n + m];
            if symmetric {
                let b = tmp[(c - j1, cc)]; // Y[c, j0 + cc]
                for ((r, yv), tv) in rcol.iter_mut().zip(ycol).zip(tcol) {
                    *r -= a * yv + b * tv;
                }
            } else {
                for (r, yv) in rcol.iter_mut().zip(ycol) {
                    *r -= a * yv;
                }
            }
        }
    }
}

/// Eq. Y6: back substitution in the columns of block `J` over the row blocks that start
/// above `m`, bottom up: each `p x q` block by [`small_sylvester`], then its contribution
/// subtracted from the rows above it (column-oriented updates). Lowers `min_pivot` to the
/// smallest pivot met.
#[inline(always)]
fn back_substitute(
    ys: &mut [f64],
    ts: &[f64],
    n: usize,
    blocks: &[Block],
    jb: Block,
    m: usize,
    min_pivot: &mut f64,
) {
    let (j0, q) = (jb.start, jb.size);
    let b = diag_block(ts, n, jb);
    for ib in blocks.iter().rev().filter(|b| b.start < m) {
        let (i0, p) = (ib.start, ib.size);
        let a = diag_block(ts, n, *ib);
        let mut rhs = [0.0; 4];
        for c in 0..q {
            for r in 0..p {
                rhs[r + c * p] = ys[i0 + r + (j0 + c) * n];
            }
        }
        let (sol, piv) = small_sylvester(&a, p, &b, q, rhs);
        *min_pivot = min_pivot.min(piv);
        for c in 0..q {
            for r in 0..p {
                ys[i0 + r + (j0 + c) * n] = sol[r + c * p];
            }
        }
        if i0 > 0 {
            for c in 0..q {
                let (head, tail) = ys.split_at_mut((j0 + c) * n);
                let _ = head;
                let ycol = &mut tail[..i0];
                for r in 0..p {
                    let v = sol[r + c * p];
                    let tcol = &ts[(i0 + r) * n..(i0 + r) * n + i0];
                    for (yi, ti) in ycol.iter_mut().zip(tcol) {
                        *yi -= ti * v;
                    }
                }
            }
        }
    }
}

/// The `size x size` diagonal block of `T` at `b` (zero-padded to 2x2).
fn diag_block(ts: &[f64], n: usize, b: Block) -> [[f64; 2]; 2] {
    let i = b.start;
    let mut m = [[0.0; 2]; 2];
    for (r, row) in m.iter_mut().enumerate().take(b.size) {
        for (c, v) in row.iter_mut().enumerate().take(b.size) {
            *v = ts[i + r + (i + c) * n];
        }
    }
    m
}

/// Solves `P Y + Y B^T = R` for a `p x q` block (`p, q` in {1, 2}) through its Kronecker
/// form `(I_q (x) P + B (x) I_p) vec Y = vec R` (Eq. Y6), by Gaussian elimination with
/// complete pivoting. Returns `vec Y` (column-major) and the smallest pivot magnitude.
/// A zero pivot is replaced by the smallest positive normal number, so the caller's
/// conditioning check (not a division by zero) decides.
#[allow(clippy::needless_range_loop)]
#[inline]
pub(crate) fn small_sylvester(
    pm: &[[f64; 2]; 2],
    p: usize,
    bm: &[[f64; 2]; 2],
    q: usize,
    rhs: [f64; 4],
) -> ([f64; 4], f64) {
    if p == 1 && q == 1 {
        // the 1x1 case of the elimination below: one division by `P + B`
        let mut d = pm[0][0] + bm[0][0];
        if d.abs() < f64::MIN_POSITIVE {
            d = f64::MIN_POSITIVE;
        }
        return ([rhs[0] / d, 0.0, 0.0, 0.0], d.abs());
    }
    let m = p * q;
    let mut k = [[0.0f64; 4]; 4];
    for c in 0..q {
        for r in 0..p {
            let row = r + c * p;
            for c2 in 0..q {
                for r2 in 0..p {
                    let col = r2 + c2 * p;
                    let mut v = 0.0;
                    if c == c2 {
                        v += pm[r][r2];
                    }
                    if r == r2 {
                        v += bm[c][c2];
                    }
                    k[row][col] = v;
                }
            }
        }
    }
    match m {
        1 => eliminate::<1>(k, rhs),
        2 => eliminate::<2>(k, rhs),
        _ => eliminate::<4>(k, rhs),
    }
}

/// Gaussian elimination with complete pivoting on the leading `M x M` block of `k`, with
/// the size known at compile time so that the loops unroll. Returns the solution
/// (unpermuted) and the smallest pivot magnitude.
#[inline(always)]
#[allow(clippy::needless_range_loop)]
fn eliminate<const M: usize>(mut k: [[f64; 4]; 4], rhs: [f64; 4]) -> ([f64; 4], f64) {
    let mut x = rhs;
    let mut perm = [0usize, 1, 2, 3];
    let mut min_piv = f64::INFINITY;
    for s in 0..M {
        // complete pivoting: the first largest entry, row by row
        let (mut pr, mut pc, mut best) = (s, s, -1.0);
        for r in s..M {
            for c in s..M {
                if k[r][c].abs() > best {
                    best = k[r][c].abs();
                    pr = r;
                    pc = c;
                }
            }
        }
        k.swap(s, pr);
        x.swap(s, pr);
        for row in k.iter_mut() {
            row.swap(s, pc);
        }
        perm.swap(s, pc);
        if k[s][s].abs() < f64::MIN_POSITIVE {
            k[s][s] = f64::MIN_POSITIVE;
        }
        min_piv = min_piv.min(k[s][s].abs());
        for r in (s + 1)..M {
            let f = k[r][s] / k[s][s];
            if f != 0.0 {
                for c in s..M {
                    k[r][c] -= f * k[s][c];
                }
                x[r] -= f * x[s];
            }
        }
    }
    for s in (0..M).rev() {
        let mut v = x[s];
        for c in (s + 1)..M {
            v -= k[s][c] * x[c];
        }
        x[s] = v / k[s][s];
    }
    let mut out = [0.0; 4];
    for s in 0..M {
        out[perm[s]] = x[s];
    }
    (out, min_piv)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sylvester_2x2_by_2x2_matches_direct_check() {
        let pm = [[-1.0, 2.0], [-0.5, -1.5]];
        let bm = [[-0.3, 1.0], [-4.0, -0.7]];
        let rhs = [1.0, -2.0, 0.5, 3.0];
        let (y, piv) = small_sylvester(&pm, 2, &bm, 2, rhs);
        assert!(piv > 0.1);
        // residual of P Y + Y B^T - R, Y column-major 2x2
        for r in 0..2 {
            for c in 0..2 {
                let mut v = 0.0;
                for k in 0..2 {
                    v += pm[r][k] * y[k + 2 * c] + y[r + 2 * k] * bm[c][k];
                }
                assert!((v - rhs[r + 2 * c]).abs() < 1e-14, "({r},{c}): {v}");
            }
        }
    }

    #[test]
    fn small_sylvester_1x1_is_a_division() {
        let (y, piv) = small_sylvester(
            &[[-2.0, 0.0], [0.0, 0.0]],
            1,
            &[[-3.0, 0.0], [0.0, 0.0]],
            1,
            [10.0, 0.0, 0.0, 0.0],
        );
        assert_eq!(y[0], -2.0);
        assert_eq!(piv, 5.0);
    }
}
