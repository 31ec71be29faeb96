//! The one run-time SIMD dispatch of the workspace: [`simd_dispatch!`](crate::simd_dispatch).

/// Defines `$name`, which runs `$generic` (an `#[inline(always)]` function with the same
/// arguments and generic parameters) compiled for AVX-512, for AVX2 with FMA, or for the
/// baseline, whichever the CPU supports first (checked at run time, cached by `std`).
///
/// One floating-point policy holds for every kernel and every version: Rust never contracts
/// `a * b + c` into a fused multiply-add, and `f64::mul_add` is always fused (an FMA
/// instruction where the version enables it, a correctly rounded library call in the
/// baseline), so each version of a kernel performs exactly the same roundings and gives the
/// same bits on every x86-64 CPU. Kernels that want FMA speed write `mul_add`.
///
/// Generic parameters are either all `const N: usize` or all `T: Bound`:
///
/// ```
/// #[inline(always)]
/// fn scale_generic<const K: usize>(x: &mut [f64], a: f64) {
///     for v in x.iter_mut() {
///         *v = a.mul_add(*v, K as f64);
///     }
/// }
/// oblique_theory::simd_dispatch! {
///     /// `x <- a x + K`, fused.
///     fn scale<const K: usize>(x: &mut [f64], a: f64) => scale_generic
/// }
/// let mut x = vec![1.0, 2.0];
/// scale::<1>(&mut x, 0.5);
/// assert_eq!(x, [1.5, 2.0]);
/// ```
#[macro_export]
macro_rules! simd_dispatch {
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident <$(const $c:ident: usize),+> ($($arg:ident: $ty:ty),* $(,)?)
            $(-> $ret:ty)? => $generic:ident
    ) => {
        $crate::simd_dispatch! { @emit [$(#[$meta])*] [$vis] $name [$(const $c: usize),+]
            [$($c),+] ($($arg: $ty),*) [$($ret)?] $generic }
    };
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident <$($t:ident: $b:path),+> ($($arg:ident: $ty:ty),* $(,)?)
            $(-> $ret:ty)? => $generic:ident
    ) => {
        $crate::simd_dispatch! { @emit [$(#[$meta])*] [$vis] $name [$($t: $b),+]
            [$($t),+] ($($arg: $ty),*) [$($ret)?] $generic }
    };
    (
        $(#[$meta:meta])*
        $vis:vis fn $name:ident ($($arg:ident: $ty:ty),* $(,)?)
            $(-> $ret:ty)? => $generic:ident
    ) => {
        $crate::simd_dispatch! { @emit [$(#[$meta])*] [$vis] $name [] []
            ($($arg: $ty),*) [$($ret)?] $generic }
    };
    (
        @emit [$($meta:tt)*] [$($vis:tt)*] $name:ident [$($decl:tt)*] [$($param:tt)*]
            ($($arg:ident: $ty:ty),*) [$($ret:ty)?] $generic:ident
    ) => {
        $($meta)*
        #[allow(clippy::too_many_arguments)]
        $($vis)* fn $name<$($decl)*>($($arg: $ty),*) $(-> $ret)? {
            #[cfg(target_arch = "x86_64")]
            {
                #[target_feature(enable = "avx512f,avx512dq,avx512vl,avx2,fma")]
                #[allow(clippy::too_many_arguments)]
                unsafe fn wide<$($decl)*>($($arg: $ty),*) $(-> $ret)? {
                    $generic::<$($param)*>($($arg),*)
                }
                #[target_feature(enable = "avx2,fma")]
                #[allow(clippy::too_many_arguments)]
                unsafe fn narrow<$($decl)*>($($arg: $ty),*) $(-> $ret)? {
                    $generic::<$($param)*>($($arg),*)
                }
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512dq")
                    && std::arch::is_x86_feature_detected!("avx512vl")
                    && std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                {
                    // SAFETY: the CPU has every feature `wide` enables (checked just above).
                    return unsafe { wide::<$($param)*>($($arg),*) };
                }
                if std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("fma")
                {
                    // SAFETY: the CPU has every feature `narrow` enables (checked just above).
                    return unsafe { narrow::<$($param)*>($($arg),*) };
                }
            }
            $generic::<$($param)*>($($arg),*)
        }
    };
}
