//! The explanation's words in the language asked for (`AssessOptions::lang`): Chinese (the
//! default, and the only language of the printed dossier) or English for the English UI.
//! Each text is written at the place that builds it, both languages side by side, with [`tr!`].

pub use huiqi_catalog::render::Lang;
use huiqi_catalog::render::group_digits;
use rust_decimal::Decimal;

use crate::money::{fmt_yuan, round_fen};

/// `tr!(lang, "中文 {x}", "English {x}")`: the one of the two `format!`s for `lang`.
macro_rules! tr {
    ($lang:expr, $zh:literal, $en:literal $(,)?) => {
        match $lang {
            $crate::text::Lang::Zh => format!($zh),
            $crate::text::Lang::En => format!($en),
        }
    };
    ($lang:expr, $zh:literal, $en:literal, $($arg:tt)+) => {
        match $lang {
            $crate::text::Lang::Zh => format!($zh, $($arg)+),
            $crate::text::Lang::En => format!($en, $($arg)+),
        }
    };
}
pub(crate) use tr;

/// Money in `lang`: `12,345,678.50 元` or `12,345,678.50 yuan`.
pub fn yuan(lang: Lang, v: Decimal) -> String {
    match lang {
        Lang::Zh => fmt_yuan(v),
        Lang::En => {
            let r = round_fen(v);
            let s = group_digits(r.round_dp(2));
            // Always two decimals, as in Chinese.
            let s = match s.split_once('.') {
                Some((i, f)) => format!("{i}.{f:0<2}"),
                None => format!("{s}.00"),
            };
            format!("{s} yuan")
        }
    }
}

/// "不清楚" — the answer given as "don't know", or a fact not answered.
pub fn unknown(lang: Lang) -> &'static str {
    lang.pick("不清楚", "unknown")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn yuan_in_english_keeps_the_chinese_digits() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(yuan(Lang::En, d("1200000")), "1,200,000.00 yuan");
        assert_eq!(yuan(Lang::En, d("12345678.5")), "12,345,678.50 yuan");
        assert_eq!(yuan(Lang::En, d("0.125")), "0.13 yuan");
        assert_eq!(yuan(Lang::En, d("-3")), "-3.00 yuan");
        assert_eq!(yuan(Lang::Zh, d("1200000")), "1,200,000.00 元");
        let x = 3;
        assert_eq!(tr!(Lang::En, "{x} 项", "{x} items"), "3 items");
        assert_eq!(tr!(Lang::Zh, "{} 项", "{} items", x), "3 项");
    }
}
