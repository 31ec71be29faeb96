//! Numbers in error messages: a few significant digits, never 300 of them.

/// Formats a number for an error message: at most four decimals, trailing zeros dropped
/// (`1.5`, `1`, `1.6034`), scientific notation outside `[1e-3, 1e6)`.
pub fn num(x: f64) -> String {
    if !x.is_finite() {
        return format!("{x}");
    }
    let a = x.abs();
    if a == 0.0 {
        return "0".to_string();
    }
    if (1e-3..1e6).contains(&a) {
        let s = format!("{x:.4}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s == "-0" {
            "0".to_string()
        } else {
            s.to_string()
        }
    } else {
        format!("{x:.4e}")
    }
}

#[cfg(test)]
mod tests {
    use super::num;

    #[test]
    fn numbers_are_short_and_exact_enough() {
        assert_eq!(num(1.5), "1.5");
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.603_37), "1.6034");
        assert_eq!(num(-5.0), "-5");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(2.5e-7), "2.5000e-7");
        assert_eq!(num(-0.000_01), "-1.0000e-5");
    }
}
