//! Run-time CPU dispatch for the vectorisable kernels of the Schur and Lyapunov solvers.

/// Defines `$name`, which runs `$generic` (an `#[inline(always)]` function taking the same
/// arguments) compiled for AVX-512F or AVX2 when the CPU has them, and as built otherwise.
/// Rust does not contract `a * b + c` into fused multiply-adds, so every version performs
/// the same arithmetic and gives the same bits.
macro_rules! dispatch {
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident $(<const $c:ident: usize>)? ($($arg:ident: $ty:ty),* $(,)?)
            $(-> $ret:ty)? => $generic:ident
    ) => {
        $(#[$meta])*
        $vis fn $name $(<const $c: usize>)? ($($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f")]
                #[allow(clippy::too_many_arguments)]
                unsafe fn wide $(<const $c: usize>)? ($($arg: $ty),*) $(-> $ret)? {
                    $generic $(::<$c>)? ($($arg),*)
                }
                #[target_feature(enable = "avx2")]
                #[allow(clippy::too_many_arguments)]
                unsafe fn narrow $(<const $c: usize>)? ($($arg: $ty),*) $(-> $ret)? {
                    $generic $(::<$c>)? ($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f") {
                    // SAFETY: the CPU supports AVX-512F (checked at run time).
                    return unsafe { wide $(::<$c>)? ($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2") {
                    // SAFETY: the CPU supports AVX2 (checked at run time).
                    return unsafe { narrow $(::<$c>)? ($($arg),*) };
                }
            }
            $generic $(::<$c>)? ($($arg),*)
        }
    };
}
