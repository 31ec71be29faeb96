//! One small Householder reflection applied along whole contiguous lines
//! (`theory/notes/lyapunov.md`, Eq. S3): the right reflections of a Francis sweep act on
//! three columns of the column-major `H` and `Z`, and the left reflections on three rows
//! of the row-major store of the columns right of the active window; in both cases the
//! three affected lines are contiguous, so the loop runs over vector lanes.

crate::simd_dispatch! {
    /// Applies `I - tau v v^T` (`v = (1, v[1][, v[2]])`, `len` 2 or 3) to the lines
    /// `k .. k + len` of `buf` (line `l` is `buf[l * stride ..]`), elements `from..to` of each:
    /// `s = tau ((x_0 + v_1 x_1) + v_2 x_2)`, `x_i -= s v_i`. Compiled for AVX-512 or AVX2
    /// when the CPU has it; the arithmetic is the same in every version (Rust does not
    /// contract `a * b + c` into fused multiply-adds), so the bits are too.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn reflect_lines(
        buf: &mut [f64],
        stride: usize,
        k: usize,
        v: [f64; 3],
        len: usize,
        tau: f64,
        from: usize,
        to: usize,
    ) => lines_generic
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn lines_generic(
    buf: &mut [f64],
    stride: usize,
    k: usize,
    v: [f64; 3],
    len: usize,
    tau: f64,
    from: usize,
    to: usize,
) {
    let (_, rest) = buf.split_at_mut(k * stride);
    let (l0, rest) = rest.split_at_mut(stride);
    let (l1, rest) = rest.split_at_mut(stride);
    let (l0, l1) = (&mut l0[from..to], &mut l1[from..to]);
    if len == 3 {
        let l2 = &mut rest[from..to];
        for ((a, b), c) in l0.iter_mut().zip(l1.iter_mut()).zip(l2.iter_mut()) {
            let s = tau * (*a + v[1] * *b + v[2] * *c);
            *a -= s;
            *b -= s * v[1];
            *c -= s * v[2];
        }
    } else {
        for (a, b) in l0.iter_mut().zip(l1.iter_mut()) {
            let s = tau * (*a + v[1] * *b);
            *a -= s;
            *b -= s * v[1];
        }
    }
}
