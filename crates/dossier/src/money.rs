//! Money formatting: figures with thousands separators, and Chinese financial capitals
//! (大写金额) after 《支付结算办法》附件《正确填写票据和结算凭证的基本规定》.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::model::AmountClass;

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
/// Units inside a 4-digit group, indexed by power of ten.
const IN_GROUP: [&str; 4] = ["", "拾", "佰", "仟"];

/// Rounds to 分 (two decimals), 四舍五入 (half away from zero). The one rounding
/// this crate does; amounts arrive already computed by the engine.
pub fn round_to_fen(amount: Decimal) -> Decimal {
    amount.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// `1200000` → `"1,200,000.00"` (no unit; callers append " 元").
pub fn format_yuan(amount: Decimal) -> String {
    let r = round_to_fen(amount);
    let neg = r.is_sign_negative() && !r.is_zero();
    let plain = format!("{:.2}", r.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((plain.as_str(), "00"));
    let mut out = String::with_capacity(plain.len() + plain.len() / 3 + 1);
    if neg {
        out.push('-');
    }
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push('.');
    out.push_str(frac);
    out
}

/// Chinese financial capitals: `1200000` → `壹佰贰拾万元整`, `10500.5` → `壹万零伍佰元伍角`,
/// `0` → `零元整`. Rounds to 分 first (see [`round_to_fen`]). Groups go 万, 亿, 万亿 and on
/// (亿亿...) so every `Decimal` has an answer; negative amounts get a leading 负.
///
/// Zero rules: one 零 for any run of zeros between non-zero digits (also across 万/亿
/// groups); none between 元 and a non-zero 角 (the rules allow either form); 零 is
/// required after 元 when 角 is zero and 分 is not. 整 follows 元 only.
pub fn amount_in_capitals(amount: Decimal) -> String {
    let r = round_to_fen(amount);
    let abs = r.abs();
    // Decimal's integer part is below 2^96, so it always fits u128.
    let yuan = abs.trunc().to_u128().unwrap_or_default();
    let fen_total = (abs.fract() * Decimal::ONE_HUNDRED)
        .to_u32()
        .unwrap_or_default();
    let (jiao, fen) = ((fen_total / 10) as usize, (fen_total % 10) as usize);

    if yuan == 0 && fen_total == 0 {
        return "零元整".to_string();
    }
    let mut out = String::new();
    if r.is_sign_negative() {
        out.push('负');
    }
    if yuan > 0 {
        out.push_str(&integer_capitals(yuan));
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) => out.push('整'),
        (j, 0) => {
            out.push(DIGITS[j]);
            out.push('角');
        }
        (0, f) => {
            if yuan > 0 {
                out.push('零');
            }
            out.push(DIGITS[f]);
            out.push('分');
        }
        (j, f) => {
            out.push(DIGITS[j]);
            out.push('角');
            out.push(DIGITS[f]);
            out.push('分');
        }
    }
    out
}

/// Unit of the `i`-th 4-digit group from the right: "", 万, 亿, 万亿, 亿亿, 万亿亿, ...
fn group_unit(i: usize) -> String {
    let mut s = String::new();
    if i % 2 == 1 {
        s.push('万');
    }
    for _ in 0..i / 2 {
        s.push('亿');
    }
    s
}

fn integer_capitals(n: u128) -> String {
    let mut groups = Vec::new();
    let mut m = n;
    while m > 0 {
        groups.push((m % 10_000) as u16);
        m /= 10_000;
    }
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &g) in groups.iter().enumerate().rev() {
        if g == 0 {
            pending_zero |= !out.is_empty();
            continue;
        }
        // A group below 1000 after a higher non-zero group starts with zeros.
        if pending_zero || (!out.is_empty() && g < 1000) {
            out.push('零');
            pending_zero = false;
        }
        out.push_str(&group_capitals(g));
        out.push_str(&group_unit(i));
    }
    out
}

/// 1..=9999 without leading 零; 拾 always carries its digit (壹拾), as on bank forms.
fn group_capitals(g: u16) -> String {
    let digits = [g / 1000, g / 100 % 10, g / 10 % 10, g % 10];
    let mut out = String::new();
    let mut zero = false;
    for (pos, &d) in digits.iter().enumerate() {
        if d == 0 {
            zero |= !out.is_empty();
            continue;
        }
        if zero {
            out.push('零');
            zero = false;
        }
        out.push(DIGITS[d as usize]);
        out.push_str(IN_GROUP[3 - pos]);
    }
    out
}

/// The printed amount lines for a measure: figures with the class wording, then capitals.
/// Returns `None` when class and amount disagree (a monetary class without an amount,
/// or an amount on a class that states none).
pub fn amount_lines(class: AmountClass, amount: Option<Decimal>) -> Option<Vec<String>> {
    let capitals = |a: Decimal| format!("大写：{}", amount_in_capitals(a));
    match (class, amount) {
        (AmountClass::Exact, Some(a)) => Some(vec![
            format!("申请金额：{} 元", format_yuan(a)),
            capitals(a),
        ]),
        (AmountClass::Maximum, Some(a)) => Some(vec![
            format!("最高可申请：{} 元", format_yuan(a)),
            capitals(a),
        ]),
        (AmountClass::CapOnly, Some(a)) => Some(vec![
            format!("最高可申请：{} 元（上限）", format_yuan(a)),
            capitals(a),
        ]),
        (AmountClass::Unquantified, None) => Some(vec!["金额以主管部门核定为准".to_string()]),
        (AmountClass::NonMonetary, None) => Some(vec!["非资金类支持".to_string()]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn capitals_hand_computed() {
        let cases = [
            ("0", "零元整"),
            ("0.00", "零元整"),
            ("0.001", "零元整"),
            ("0.005", "壹分"),
            ("0.05", "伍分"),
            ("0.5", "伍角"),
            ("0.25", "贰角伍分"),
            ("1", "壹元整"),
            ("10", "壹拾元整"),
            ("11", "壹拾壹元整"),
            ("20", "贰拾元整"),
            ("100", "壹佰元整"),
            ("100.5", "壹佰元伍角"),
            ("101", "壹佰零壹元整"),
            ("110", "壹佰壹拾元整"),
            ("1001", "壹仟零壹元整"),
            ("1010", "壹仟零壹拾元整"),
            ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
            ("325.04", "叁佰贰拾伍元零肆分"),
            ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
            ("10000", "壹万元整"),
            ("10010", "壹万零壹拾元整"),
            ("10500.5", "壹万零伍佰元伍角"),
            ("10500.50", "壹万零伍佰元伍角"),
            ("107000.53", "壹拾万柒仟元伍角叁分"),
            ("1000001", "壹佰万零壹元整"),
            ("1200000", "壹佰贰拾万元整"),
            ("2000000.00", "贰佰万元整"),
            ("10000000", "壹仟万元整"),
            ("12000034", "壹仟贰佰万零叁拾肆元整"),
            ("100000000", "壹亿元整"),
            ("100010000", "壹亿零壹万元整"),
            ("1000000001", "壹拾亿零壹元整"),
            ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
            ("1000000000000", "壹万亿元整"),
            ("1000000010000", "壹万亿零壹万元整"),
            (
                "9999999999999999.99",
                "玖仟玖佰玖拾玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
            ("10000000000000000", "壹亿亿元整"),
            ("-1200", "负壹仟贰佰元整"),
            ("-0.001", "零元整"),
            ("99.995", "壹佰元整"),
        ];
        for (input, want) in cases {
            assert_eq!(amount_in_capitals(d(input)), want, "input {input}");
        }
    }

    #[test]
    fn capitals_never_panic_at_extremes() {
        assert!(amount_in_capitals(Decimal::MAX).ends_with("元整"));
        assert!(amount_in_capitals(Decimal::MIN).starts_with('负'));
    }

    #[test]
    fn figures_with_separators() {
        let cases = [
            ("0", "0.00"),
            ("0.5", "0.50"),
            ("999", "999.00"),
            ("1000", "1,000.00"),
            ("1200000", "1,200,000.00"),
            ("1234567.891", "1,234,567.89"),
            ("100000000", "100,000,000.00"),
            ("-20000.5", "-20,000.50"),
            ("99.995", "100.00"),
        ];
        for (input, want) in cases {
            assert_eq!(format_yuan(d(input)), want, "input {input}");
        }
    }

    #[test]
    fn wording_per_class() {
        let a = Some(d("1200000"));
        assert_eq!(
            amount_lines(AmountClass::Exact, a).unwrap(),
            ["申请金额：1,200,000.00 元", "大写：壹佰贰拾万元整"]
        );
        assert_eq!(
            amount_lines(AmountClass::Maximum, a).unwrap()[0],
            "最高可申请：1,200,000.00 元"
        );
        assert_eq!(
            amount_lines(AmountClass::CapOnly, a).unwrap()[0],
            "最高可申请：1,200,000.00 元（上限）"
        );
        assert_eq!(
            amount_lines(AmountClass::Unquantified, None).unwrap(),
            ["金额以主管部门核定为准"]
        );
        assert_eq!(
            amount_lines(AmountClass::NonMonetary, None).unwrap(),
            ["非资金类支持"]
        );
        assert!(amount_lines(AmountClass::Exact, None).is_none());
        assert!(amount_lines(AmountClass::NonMonetary, a).is_none());
    }
}
