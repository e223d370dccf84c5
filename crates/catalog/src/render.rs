//! Renders rule expressions in readable Chinese, with fact labels and choice labels, for the
//! trace, the questionnaire help, `huiqi catalog show` and the dossier.

use crate::Catalogue;
use crate::expr::{CmpOp, Expr, Func};

fn symbol(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "≤",
        CmpOp::Gt => ">",
        CmpOp::Ge => "≥",
        CmpOp::Eq => "为",
        CmpOp::Ne => "不为",
    }
}

/// A literal shown in the context of a fact: choice values become their labels.
fn literal_for(cat: &Catalogue, fact: Option<&str>, e: &Expr) -> String {
    if let (Some(fact), Expr::Str(v)) = (fact, e)
        && let Some(def) = cat.fact(fact)
        && let Some(c) = def.choices.iter().find(|c| &c.value == v)
    {
        return format!("“{}”", c.label);
    }
    if let Expr::Str(code) = e
        && let Some(name) = cat.regions.name(code).or_else(|| cat.industries.name(code))
    {
        return name.to_string();
    }
    render_zh(cat, e)
}

pub fn fact_label(cat: &Catalogue, id: &str) -> String {
    cat.fact(id)
        .map(|f| f.label.clone())
        .unwrap_or_else(|| id.to_string())
}

pub fn render_zh(cat: &Catalogue, e: &Expr) -> String {
    match e {
        Expr::Bool(true) => "是".into(),
        Expr::Bool(false) => "否".into(),
        Expr::Num { written, .. } => written.clone(),
        Expr::Date(d) => d.format("%Y年%-m月%-d日").to_string(),
        Expr::Str(s) => format!("“{s}”"),
        Expr::Fact(id) => fact_label(cat, id),
        Expr::AsOf => "评估日".into(),
        Expr::AsOfYear => "评估年度".into(),
        Expr::Not(a) => format!("并非（{}）", render_zh(cat, a)),
        Expr::And(xs) => xs
            .iter()
            .map(|x| paren(cat, x))
            .collect::<Vec<_>>()
            .join("，且"),
        Expr::Or(xs) => xs
            .iter()
            .map(|x| paren(cat, x))
            .collect::<Vec<_>>()
            .join("，或"),
        Expr::Cmp(op, a, b) => {
            let fact = a.fact_id();
            if let (Some(f), Expr::Bool(b)) = (fact, b.as_ref()) {
                let yes = matches!((op, b), (CmpOp::Eq, true) | (CmpOp::Ne, false));
                return format!("{}：{}", fact_label(cat, f), if yes { "是" } else { "否" });
            }
            format!(
                "{} {} {}",
                render_zh(cat, a),
                symbol(*op),
                literal_for(cat, fact, b)
            )
        }
        Expr::In(a, xs) => {
            let fact = a.fact_id();
            let options: Vec<String> = xs.iter().map(|x| literal_for(cat, fact, x)).collect();
            format!("{} 为 {}", render_zh(cat, a), options.join("或"))
        }
        Expr::Within(a, code) => {
            let name = cat
                .regions
                .name(code)
                .or_else(|| cat.industries.name(code))
                .unwrap_or(code);
            format!("{} 属于 {name}", render_zh(cat, a))
        }
        Expr::Arith(op, a, b) => {
            let s = arith_sign(*op);
            format!("（{} {s} {}）", render_zh(cat, a), render_zh(cat, b))
        }
        Expr::Call(func, args) => {
            let inner: Vec<String> = args.iter().map(|a| render_zh(cat, a)).collect();
            match func {
                Func::Year => format!("{}所在年度", inner[0]),
                Func::Floor => format!("{}的整数部分", inner[0]),
                Func::Min => format!("{}中的较小者", inner.join("、")),
                Func::Max => format!("{}中的较大者", inner.join("、")),
                Func::Count => {
                    let kind = match &args[0] {
                        Expr::Str(k) => cat
                            .item_kind(k)
                            .map(|k| k.label.clone())
                            .unwrap_or_else(|| k.clone()),
                        _ => inner[0].clone(),
                    };
                    format!("{kind}的个数")
                }
            }
        }
    }
}

fn paren(cat: &Catalogue, e: &Expr) -> String {
    match e {
        Expr::And(_) | Expr::Or(_) => format!("（{}）", render_zh(cat, e)),
        _ => render_zh(cat, e),
    }
}

/// The sign an arithmetic operator is printed with, in either language.
fn arith_sign(op: crate::expr::ArithOp) -> &'static str {
    match op {
        crate::expr::ArithOp::Add => "+",
        crate::expr::ArithOp::Sub => "−",
        crate::expr::ArithOp::Mul => "×",
        crate::expr::ArithOp::Div => "÷",
    }
}

/// How a measure's amount is computed, in words: base, rate, amount, tiers and caps.
/// Empty when the measure states no amount.
pub fn amount_rule_zh(cat: &Catalogue, m: &crate::Measure) -> String {
    let a = &m.amount;
    let mut parts = Vec::new();
    if let Some(b) = &a.base_expr {
        parts.push(format!("基数：{}", render_zh(cat, b)));
    }
    if let Some(r) = &a.rate {
        parts.push(format!("比例：{}", r.get_ref()));
    }
    if let Some(v) = &a.amount {
        parts.push(format!("金额：{}", v.get_ref()));
    }
    for t in &a.tiers {
        let what = t
            .amount
            .as_ref()
            .or(t.rate.as_ref())
            .map(|s| s.get_ref().clone())
            .unwrap_or_default();
        let when = t
            .when_expr
            .as_ref()
            .map(|w| render_zh(cat, w))
            .unwrap_or_default();
        parts.push(format!(
            "档次「{}」：{when} → {what}",
            t.label.as_deref().unwrap_or("")
        ));
    }
    for c in &a.caps {
        parts.push(format!("{}：{}", c.per.label_zh(), c.amount.get_ref()));
    }
    parts.join("；")
}

/// The language an explanation is written in. Chinese is the default and the language of
/// everything printed (the dossier); English serves the English UI.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `"en"` (or any `en-…`) is English; anything else Chinese.
    pub fn from_code(code: &str) -> Lang {
        if code == "en" || code.starts_with("en-") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Contains a Han character (CJK unified ideographs, their extensions and compatibility forms).
pub fn has_han(s: &str) -> bool {
    s.chars().any(|c| {
        matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
    })
}

/// `v` with thousands separators and its own decimals: 5000000 → `5,000,000`.
pub fn group_digits(v: rust_decimal::Decimal) -> String {
    let s = v.normalize().abs().to_string();
    let (int, frac) = s
        .split_once('.')
        .map_or((s.as_str(), None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    if v.is_sign_negative() && !v.is_zero() {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A fact's label in `lang` (English when the catalogue has it, else the Chinese).
pub fn fact_label_in(cat: &Catalogue, id: &str, lang: Lang) -> String {
    match (lang, cat.fact(id)) {
        (Lang::En, Some(f)) => f.label_en.clone().unwrap_or_else(|| f.label.clone()),
        _ => fact_label(cat, id),
    }
}

/// An item kind's label in `lang`.
pub fn item_kind_label_in(cat: &Catalogue, id: &str, lang: Lang) -> String {
    match cat.item_kind(id) {
        Some(k) if lang == Lang::En => k.label_en.clone().unwrap_or_else(|| k.label.clone()),
        Some(k) => k.label.clone(),
        None => id.to_string(),
    }
}

/// [`render_zh`] or [`render_en`].
pub fn render(cat: &Catalogue, e: &Expr, lang: Lang) -> String {
    match lang {
        Lang::Zh => render_zh(cat, e),
        Lang::En => render_en(cat, e),
    }
}

fn symbol_en(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Lt => "<",
        CmpOp::Le => "≤",
        CmpOp::Gt => ">",
        CmpOp::Ge => "≥",
        CmpOp::Eq => "is",
        CmpOp::Ne => "is not",
    }
}

/// A number as written in a rule, in English: money in yuan (`500万元` → `5,000,000 yuan`),
/// other Chinese units dropped to the bare number.
fn number_en(value: rust_decimal::Decimal, written: &str) -> String {
    if !has_han(written) {
        written.to_string()
    } else if written.ends_with('元') {
        format!("{} yuan", group_digits(value))
    } else {
        group_digits(value)
    }
}

fn literal_en(cat: &Catalogue, fact: Option<&str>, e: &Expr) -> String {
    if let (Some(fact), Expr::Str(v)) = (fact, e)
        && let Some(def) = cat.fact(fact)
        && let Some(c) = def.choices.iter().find(|c| &c.value == v)
    {
        return format!("“{}”", c.label_en.as_deref().unwrap_or(&c.label));
    }
    if let Expr::Str(code) = e
        && cat
            .regions
            .name(code)
            .or_else(|| cat.industries.name(code))
            .is_some()
    {
        return format!("code {code}");
    }
    render_en(cat, e)
}

/// A rule expression in English, with the facts' and choices' English labels. Region and
/// industry names are not translated: they are named by their GB/T code.
pub fn render_en(cat: &Catalogue, e: &Expr) -> String {
    let paren = |x: &Expr| match x {
        Expr::And(_) | Expr::Or(_) => format!("({})", render_en(cat, x)),
        _ => render_en(cat, x),
    };
    match e {
        Expr::Bool(true) => "yes".into(),
        Expr::Bool(false) => "no".into(),
        Expr::Num { value, written } => number_en(*value, written),
        Expr::Date(d) => d.to_string(),
        Expr::Str(s) if has_han(s) => "(a value in Chinese)".into(),
        Expr::Str(s) => format!("“{s}”"),
        Expr::Fact(id) => fact_label_in(cat, id, Lang::En),
        Expr::AsOf => "the assessment date".into(),
        Expr::AsOfYear => "the support year".into(),
        Expr::Not(a) => format!("not ({})", render_en(cat, a)),
        Expr::And(xs) => xs.iter().map(paren).collect::<Vec<_>>().join(", and "),
        Expr::Or(xs) => xs.iter().map(paren).collect::<Vec<_>>().join(", or "),
        Expr::Cmp(op, a, b) => {
            let fact = a.fact_id();
            if let (Some(f), Expr::Bool(b)) = (fact, b.as_ref()) {
                let yes = matches!((op, b), (CmpOp::Eq, true) | (CmpOp::Ne, false));
                return format!(
                    "{}: {}",
                    fact_label_in(cat, f, Lang::En),
                    if yes { "yes" } else { "no" }
                );
            }
            format!(
                "{} {} {}",
                render_en(cat, a),
                symbol_en(*op),
                literal_en(cat, fact, b)
            )
        }
        Expr::In(a, xs) => {
            let fact = a.fact_id();
            let options: Vec<String> = xs.iter().map(|x| literal_en(cat, fact, x)).collect();
            format!("{} is {}", render_en(cat, a), options.join(" or "))
        }
        Expr::Within(a, code) => format!("{} lies within code {code}", render_en(cat, a)),
        Expr::Arith(op, a, b) => {
            let s = arith_sign(*op);
            format!("({} {s} {})", render_en(cat, a), render_en(cat, b))
        }
        Expr::Call(func, args) => {
            let inner: Vec<String> = args.iter().map(|a| render_en(cat, a)).collect();
            match func {
                Func::Year => format!("the year of {}", inner[0]),
                Func::Floor => format!("the whole part of {}", inner[0]),
                Func::Min => format!("the smaller of {}", inner.join(", ")),
                Func::Max => format!("the larger of {}", inner.join(", ")),
                Func::Count => {
                    let kind = match &args[0] {
                        Expr::Str(k) => item_kind_label_in(cat, k, Lang::En),
                        _ => inner[0].clone(),
                    };
                    format!("the number of: {kind}")
                }
            }
        }
    }
}

/// A written amount (`500万元`) in English: `5,000,000 yuan`; as written when it does not read.
fn money_en(written: &str) -> String {
    match crate::quantity::parse_money(written, None) {
        Ok(v) => format!("{} yuan", group_digits(v)),
        Err(_) => written.to_string(),
    }
}

/// [`amount_rule_zh`] in English. A tier is named by its condition (its label is the text's
/// Chinese name).
pub fn amount_rule_en(cat: &Catalogue, m: &crate::Measure) -> String {
    let a = &m.amount;
    let mut parts = Vec::new();
    if let Some(b) = &a.base_expr {
        parts.push(format!("base: {}", render_en(cat, b)));
    }
    if let Some(r) = &a.rate {
        parts.push(format!("rate: {}", r.get_ref()));
    }
    if let Some(v) = &a.amount {
        parts.push(format!("amount: {}", money_en(v.get_ref())));
    }
    for t in &a.tiers {
        let what = match (&t.amount, &t.rate) {
            (Some(v), _) => money_en(v.get_ref()),
            (None, Some(r)) => r.get_ref().clone(),
            (None, None) => String::new(),
        };
        let when = t
            .when_expr
            .as_ref()
            .map(|w| render_en(cat, w))
            .unwrap_or_default();
        parts.push(format!("tier: {when} → {what}"));
    }
    for c in &a.caps {
        let per = c.per.label(Lang::En);
        parts.push(format!(
            "{}{}: {}",
            per[..1].to_uppercase(),
            &per[1..],
            money_en(c.amount.get_ref())
        ));
    }
    parts.join("; ")
}
