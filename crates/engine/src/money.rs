//! Money formatting and the one rounding rule: amounts are rounded to the 分 (0.01 元),
//! half away from zero, once, after the formula and before any cap is compared.

use rust_decimal::{Decimal, RoundingStrategy};

pub fn round_fen(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `12345678.5` → `12,345,678.50 元`.
pub fn fmt_yuan(v: Decimal) -> String {
    let r = round_fen(v);
    let s = format!("{:.2}", r.abs());
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if r.is_sign_negative() && !r.is_zero() {
        "-"
    } else {
        ""
    };
    format!("{sign}{grouped}.{frac} 元")
}

/// A fraction as a percentage: 0.125 → `12.5%`.
pub fn fmt_rate(r: Decimal) -> String {
    format!("{}%", (r * Decimal::from(100)).normalize())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }
    #[test]
    fn rounding_and_format() {
        assert_eq!(round_fen(d("0.125")), d("0.13"));
        assert_eq!(round_fen(d("0.124")), d("0.12"));
        assert_eq!(fmt_yuan(d("12345678.5")), "12,345,678.50 元");
        assert_eq!(fmt_yuan(d("100")), "100.00 元");
        assert_eq!(fmt_yuan(d("0")), "0.00 元");
        assert_eq!(fmt_rate(d("0.1")), "10%");
        assert_eq!(fmt_rate(d("0.125")), "12.5%");
    }
}
