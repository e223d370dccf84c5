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
            let fact = match a.as_ref() {
                Expr::Fact(id) => Some(id.as_str()),
                _ => None,
            };
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
            let fact = match a.as_ref() {
                Expr::Fact(id) => Some(id.as_str()),
                _ => None,
            };
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
            let s = match op {
                crate::expr::ArithOp::Add => "+",
                crate::expr::ArithOp::Sub => "−",
                crate::expr::ArithOp::Mul => "×",
                crate::expr::ArithOp::Div => "÷",
            };
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
