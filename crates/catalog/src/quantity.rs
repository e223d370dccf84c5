//! Parsing of written quantities: money with Chinese units (`1,200万元`, `0.12亿`, full-width
//! digits), percentages and plain counts. Shared by the catalogue's literals and by user answers,
//! so "500万元" means the same thing in a rule and in an answer.

use rust_decimal::Decimal;
use std::str::FromStr;

/// Largest amount accepted anywhere (1 万亿元). Larger figures are typing mistakes, not firms.
pub const MAX_YUAN: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0); // 1e15

/// A money unit as written in the policy texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MoneyUnit {
    #[serde(rename = "元")]
    Yuan,
    #[serde(rename = "万元")]
    Wan,
    #[serde(rename = "亿元")]
    Yi,
}

impl MoneyUnit {
    pub fn factor(self) -> Decimal {
        match self {
            MoneyUnit::Yuan => Decimal::ONE,
            MoneyUnit::Wan => Decimal::from(10_000),
            MoneyUnit::Yi => Decimal::from(100_000_000),
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MoneyUnit::Yuan => "元",
            MoneyUnit::Wan => "万元",
            MoneyUnit::Yi => "亿元",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("内容为空 / empty")]
    Empty,
    #[error("不能为负数：{0} / must not be negative")]
    Negative(String),
    #[error("无法识别的数字：{0} / not a number")]
    NotANumber(String),
    #[error("数额过大：{0} / implausibly large")]
    TooLarge(String),
    #[error("缺少单位（元、万元或亿元）：{0} / a unit is required")]
    MissingUnit(String),
    #[error("无法识别的单位：{0} / unknown unit")]
    UnknownUnit(String),
    #[error("百分比含义不明确：{0}（请写成 30% 的形式） / ambiguous percentage")]
    AmbiguousPercent(String),
}

/// Full-width digits and punctuation to ASCII; strips spaces and thousands separators.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '．' => Some('.'),
            '％' => Some('%'),
            '－' | '—' | '−' => Some('-'),
            '，' | ',' | ' ' | '\u{3000}' | '\t' | '_' => None,
            _ => Some(c),
        })
        .collect()
}

/// Splits a normalized string into its leading number and the unit suffix.
fn split_number(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || c == '.' || (i == 0 && (c == '-' || c == '+'))))
        .map(|(i, _)| i)
        .unwrap_or(s.len());
    (&s[..end], &s[end..])
}

fn parse_plain(num: &str, original: &str) -> Result<Decimal, QuantityError> {
    if num.is_empty() || num == "-" || num == "+" {
        return Err(QuantityError::NotANumber(original.to_string()));
    }
    if num.starts_with('-') {
        return Err(QuantityError::Negative(original.to_string()));
    }
    Decimal::from_str(num.trim_start_matches('+'))
        .map_err(|_| QuantityError::NotANumber(original.to_string()))
}

/// Parses a money amount to 元. `default_unit` applies when the text has no unit
/// (a question asking "（万元）" passes `Some(Wan)`); with `None` a unit is required.
pub fn parse_money(text: &str, default_unit: Option<MoneyUnit>) -> Result<Decimal, QuantityError> {
    let s = normalize(text.trim());
    if s.is_empty() {
        return Err(QuantityError::Empty);
    }
    let (num, unit) = split_number(&s);
    let value = parse_plain(num, text)?;
    let unit = match unit {
        "" => default_unit.ok_or_else(|| QuantityError::MissingUnit(text.to_string()))?,
        // "yuan" (any case) for the English UI, which names no Chinese unit.
        "元" => MoneyUnit::Yuan,
        u if u.eq_ignore_ascii_case("yuan") => MoneyUnit::Yuan,
        "万" | "万元" => MoneyUnit::Wan,
        "亿" | "亿元" => MoneyUnit::Yi,
        other => {
            if other.chars().any(|c| c.is_ascii_digit() || c == '.') {
                return Err(QuantityError::NotANumber(text.to_string()));
            }
            return Err(QuantityError::UnknownUnit(text.to_string()));
        }
    };
    let yuan = value
        .checked_mul(unit.factor())
        .ok_or_else(|| QuantityError::TooLarge(text.to_string()))?;
    if yuan > MAX_YUAN {
        return Err(QuantityError::TooLarge(text.to_string()));
    }
    Ok(yuan.normalize())
}

/// Parses a percentage to a fraction (`30%` → 0.3). A bare number is accepted only when it
/// cannot be misread: a value in (0, 1] is a fraction only if `bare_fraction_ok`; otherwise
/// a bare number is ambiguous (is `30` 30% or 3000%?).
pub fn parse_percent(text: &str, bare_fraction_ok: bool) -> Result<Decimal, QuantityError> {
    let s = normalize(text.trim());
    if s.is_empty() {
        return Err(QuantityError::Empty);
    }
    let (num, unit) = split_number(&s);
    let value = parse_plain(num, text)?;
    match unit {
        "%" => Ok((value / Decimal::from(100)).normalize()),
        "" if bare_fraction_ok && value <= Decimal::ONE => Ok(value.normalize()),
        "" => Err(QuantityError::AmbiguousPercent(text.to_string())),
        _ => Err(QuantityError::UnknownUnit(text.to_string())),
    }
}

/// Parses a non-negative count; a trailing measure word (家, 个, 项, 场, 架次, 人…) is allowed.
pub fn parse_count(text: &str) -> Result<Decimal, QuantityError> {
    let s = normalize(text.trim());
    if s.is_empty() {
        return Err(QuantityError::Empty);
    }
    let (num, unit) = split_number(&s);
    let value = parse_plain(num, text)?;
    if !unit.chars().all(|c| !c.is_ascii()) {
        return Err(QuantityError::NotANumber(text.to_string()));
    }
    if value > MAX_YUAN {
        return Err(QuantityError::TooLarge(text.to_string()));
    }
    Ok(value.normalize())
}

/// A literal in the rule language: money (`500万元`), a percentage (`10%`) or a count (`30家`).
pub fn parse_literal(text: &str) -> Result<Decimal, QuantityError> {
    let s = normalize(text.trim());
    let (_, unit) = split_number(&s);
    match unit {
        "元" | "万" | "万元" | "亿" | "亿元" => parse_money(text, None),
        "%" => parse_percent(text, false),
        _ => parse_count(text),
    }
}

/// True when the literal carries a money unit (a cap must).
pub fn has_money_unit(text: &str) -> bool {
    let s = normalize(text.trim());
    matches!(split_number(&s).1, "元" | "万" | "万元" | "亿" | "亿元")
}

#[cfg(test)]
mod tests {
    use super::*;
    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn money_forms_from_the_questionnaire_spec() {
        assert_eq!(parse_money("1200万", None).unwrap(), d("12000000"));
        assert_eq!(parse_money("1,200万元", None).unwrap(), d("12000000"));
        assert_eq!(parse_money("0.12亿", None).unwrap(), d("12000000"));
        assert_eq!(parse_money("12000000元", None).unwrap(), d("12000000"));
        assert_eq!(parse_money("12,000,000 yuan", None).unwrap(), d("12000000"));
        assert_eq!(parse_money("5 Yuan", Some(MoneyUnit::Wan)).unwrap(), d("5"));
        assert_eq!(parse_money("１２００万", None).unwrap(), d("12000000"));
        assert_eq!(parse_money("１，２００万元", None).unwrap(), d("12000000"));
        assert_eq!(
            parse_money("500", Some(MoneyUnit::Wan)).unwrap(),
            d("5000000")
        );
    }

    #[test]
    fn money_rejects_bad_input() {
        assert_eq!(
            parse_money("-5", Some(MoneyUnit::Wan)),
            Err(QuantityError::Negative("-5".into()))
        );
        assert!(matches!(
            parse_money("abc", Some(MoneyUnit::Wan)),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            parse_money("1.2.3", Some(MoneyUnit::Wan)),
            Err(QuantityError::NotANumber(_))
        ));
        assert_eq!(parse_money("  ", None), Err(QuantityError::Empty));
        assert!(matches!(
            parse_money("50000000亿", None),
            Err(QuantityError::TooLarge(_))
        ));
        assert!(matches!(
            parse_money("500", None),
            Err(QuantityError::MissingUnit(_))
        ));
        assert!(matches!(
            parse_money("500美元", None),
            Err(QuantityError::UnknownUnit(_))
        ));
    }

    #[test]
    fn percentages() {
        assert_eq!(parse_percent("30%", false).unwrap(), d("0.3"));
        assert_eq!(parse_percent("３０％", false).unwrap(), d("0.3"));
        assert_eq!(parse_percent("0.3", true).unwrap(), d("0.3"));
        assert!(matches!(
            parse_percent("0.3", false),
            Err(QuantityError::AmbiguousPercent(_))
        ));
        assert!(matches!(
            parse_percent("30", true),
            Err(QuantityError::AmbiguousPercent(_))
        ));
    }

    #[test]
    fn literals_carry_their_units() {
        assert_eq!(parse_literal("10亿元").unwrap(), d("1000000000"));
        assert_eq!(parse_literal("10%").unwrap(), d("0.1"));
        assert_eq!(parse_literal("30家").unwrap(), d("30"));
        assert!(has_money_unit("1000万元"));
        assert!(!has_money_unit("1000"));
    }
}
