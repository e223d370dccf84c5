//! Three-valued evaluation of rule expressions. A value is known or unknown; unknown carries
//! the facts whose answers would decide it, so the questionnaire asks only what matters.

use crate::facts::{Facts, Item, Value};
use chrono::{Datelike, NaiveDate};
use huiqi_catalog::expr::{ArithOp, CmpOp, Expr, Func};
use huiqi_catalog::tables::region_within;
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeSet;

/// What an expression is evaluated against.
pub struct Env<'a> {
    pub facts: &'a Facts,
    pub item: Option<&'a Item>,
    pub as_of: NaiveDate,
    /// The support year: `$year` (当年) in the rules.
    pub year: i32,
}

impl Env<'_> {
    pub fn lookup(&self, id: &str) -> Option<&Value> {
        self.item
            .and_then(|i| i.facts.get(id))
            .or_else(|| self.facts.firm.get(id))
    }
}

/// Result of evaluating an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Eval {
    Known(Value),
    /// Unknown until these facts are answered.
    Unknown(BTreeSet<String>),
    /// The expression cannot be computed with the values given (a type mismatch in the data,
    /// or a division by zero). Reported, never treated as true.
    Invalid(String),
}

/// Truth value of a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tri {
    True,
    False,
    Unknown,
}

pub fn eval(e: &Expr, env: &Env) -> Eval {
    use Eval::*;
    match e {
        Expr::Bool(b) => Known(Value::Bool(*b)),
        Expr::Num { value, .. } => Known(Value::Num(*value)),
        Expr::Date(d) => Known(Value::Date(*d)),
        Expr::Str(s) => Known(Value::Text(s.clone())),
        Expr::AsOf => Known(Value::Date(env.as_of)),
        Expr::AsOfYear => Known(Value::Num(Decimal::from(env.year))),
        Expr::Fact(id) => match env.lookup(id) {
            Some(v) => Known(v.clone()),
            None => Unknown(BTreeSet::from([id.clone()])),
        },
        Expr::Not(a) => match truth(a, env) {
            (Tri::True, _) => Known(Value::Bool(false)),
            (Tri::False, _) => Known(Value::Bool(true)),
            (Tri::Unknown, missing) => Unknown(missing),
        },
        Expr::And(_) | Expr::Or(_) => match truth(e, env) {
            (Tri::True, _) => Known(Value::Bool(true)),
            (Tri::False, _) => Known(Value::Bool(false)),
            (Tri::Unknown, missing) => Unknown(missing),
        },
        Expr::Cmp(op, a, b) => both(eval(a, env), eval(b, env), |x, y| {
            compare(*op, &x, &y).map(Value::Bool)
        }),
        Expr::In(a, xs) => {
            let mut acc = eval(a, env);
            if let Known(v) = &acc {
                let mut found = false;
                for x in xs {
                    if let Known(w) = eval(x, env)
                        && w == *v
                    {
                        found = true;
                    }
                }
                acc = Known(Value::Bool(found));
            }
            acc
        }
        Expr::Within(a, container) => match eval(a, env) {
            Known(Value::Text(code)) => Known(Value::Bool(within(&code, container))),
            Known(v) => Invalid(format!("within 需要代码，得到 {v}")),
            other => other,
        },
        Expr::Arith(op, a, b) => both(eval(a, env), eval(b, env), |x, y| match (x, y) {
            (Value::Num(x), Value::Num(y)) => match op {
                ArithOp::Add => x.checked_add(y),
                ArithOp::Sub => x.checked_sub(y),
                ArithOp::Mul => x.checked_mul(y),
                ArithOp::Div => x.checked_div(y),
            }
            .map(Value::Num)
            .ok_or_else(|| {
                "算术溢出或除以零 / arithmetic overflow or division by zero".to_string()
            }),
            (x, y) => Err(format!("不能对 {x} 和 {y} 做算术运算")),
        }),
        Expr::Call(func, args) => call(*func, args, env),
    }
}

fn both(a: Eval, b: Eval, f: impl FnOnce(Value, Value) -> Result<Value, String>) -> Eval {
    match (a, b) {
        (Eval::Invalid(m), _) | (_, Eval::Invalid(m)) => Eval::Invalid(m),
        (Eval::Unknown(mut x), Eval::Unknown(y)) => {
            x.extend(y);
            Eval::Unknown(x)
        }
        (Eval::Unknown(x), _) | (_, Eval::Unknown(x)) => Eval::Unknown(x),
        (Eval::Known(x), Eval::Known(y)) => f(x, y).map(Eval::Known).unwrap_or_else(Eval::Invalid),
    }
}

/// Region codes nest by their digits (370103 within 370100); industry codes by prefix (C34
/// within C).
fn within(code: &str, container: &str) -> bool {
    if code.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        region_within(code, container)
    } else {
        code.starts_with(container)
    }
}

fn compare(op: CmpOp, a: &Value, b: &Value) -> Result<bool, String> {
    compare_scalars(op, a.scalar(), b.scalar()).ok_or_else(|| format!("无法比较 {a} 与 {b}"))
}

/// None when the two values cannot be compared with `op`.
fn compare_scalars(op: CmpOp, a: Scalar, b: Scalar) -> Option<bool> {
    use std::cmp::Ordering;
    let ord: Ordering = match (a, b) {
        (Scalar::Num(x), Scalar::Num(y)) => x.cmp(&y),
        (Scalar::Date(x), Scalar::Date(y)) => x.cmp(&y),
        (Scalar::Text(x), Scalar::Text(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => x.cmp(y),
        (Scalar::Bool(x), Scalar::Bool(y)) if matches!(op, CmpOp::Eq | CmpOp::Ne) => x.cmp(&y),
        _ => return None,
    };
    Some(match op {
        CmpOp::Lt => ord.is_lt(),
        CmpOp::Le => ord.is_le(),
        CmpOp::Gt => ord.is_gt(),
        CmpOp::Ge => ord.is_ge(),
        CmpOp::Eq => ord.is_eq(),
        CmpOp::Ne => ord.is_ne(),
    })
}

/// A value borrowed from the facts or from a literal of the rule: conditions are decided
/// without copying text.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Scalar<'a> {
    Bool(bool),
    Num(Decimal),
    Date(NaiveDate),
    Text(&'a str),
}

impl Value {
    fn scalar(&self) -> Scalar<'_> {
        match self {
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Num(n) => Scalar::Num(*n),
            Value::Date(d) => Scalar::Date(*d),
            Value::Text(t) => Scalar::Text(t),
        }
    }
}

/// The value of a literal or of an answered fact; None for anything else (unanswered facts,
/// computed values), which `eval` handles.
fn scalar<'a>(e: &'a Expr, env: &Env<'a>) -> Option<Scalar<'a>> {
    Some(match e {
        Expr::Bool(b) => Scalar::Bool(*b),
        Expr::Num { value, .. } => Scalar::Num(*value),
        Expr::Date(d) => Scalar::Date(*d),
        Expr::Str(s) => Scalar::Text(s),
        Expr::AsOf => Scalar::Date(env.as_of),
        Expr::AsOfYear => Scalar::Num(Decimal::from(env.year)),
        Expr::Fact(id) => {
            let item = env.item.and_then(|i| i.facts.get(id));
            item.or_else(|| env.facts.firm.get(id))?.scalar()
        }
        _ => return None,
    })
}

/// Truth of an elementary condition over literals and answered facts, decided like `eval`
/// would but without copying values; None when it needs `eval` (an unanswered fact, a
/// computed value).
fn quick_truth(e: &Expr, env: &Env) -> Option<Tri> {
    let b = match e {
        Expr::Fact(_) => scalar(e, env)? == Scalar::Bool(true),
        Expr::Cmp(op, a, b) => compare_scalars(*op, scalar(a, env)?, scalar(b, env)?) == Some(true),
        Expr::In(a, xs) => {
            let v = scalar(a, env)?;
            let mut found = false;
            for x in xs {
                found |= scalar(x, env)? == v;
            }
            found
        }
        Expr::Within(a, container) => match scalar(a, env)? {
            Scalar::Text(code) => within(code, container),
            _ => false,
        },
        _ => return None,
    };
    Some(if b { Tri::True } else { Tri::False })
}

fn call(func: Func, args: &[Expr], env: &Env) -> Eval {
    match func {
        Func::Count => {
            let Some(Expr::Str(kind)) = args.first() else {
                return Eval::Invalid("count() 参数错误".into());
            };
            Eval::Known(Value::Num(Decimal::from(env.facts.items_of(kind).count())))
        }
        Func::Year => match eval(&args[0], env) {
            Eval::Known(Value::Date(d)) => Eval::Known(Value::Num(Decimal::from(d.year()))),
            Eval::Known(v) => Eval::Invalid(format!("year() 需要日期，得到 {v}")),
            other => other,
        },
        Func::Floor => match eval(&args[0], env) {
            Eval::Known(Value::Num(d)) => Eval::Known(Value::Num(d.floor())),
            Eval::Known(v) => Eval::Invalid(format!("floor() 需要数值，得到 {v}")),
            other => other,
        },
        Func::Min | Func::Max => {
            let mut acc = eval(&args[0], env);
            for a in &args[1..] {
                acc = both(acc, eval(a, env), |x, y| match (x, y) {
                    (Value::Num(x), Value::Num(y)) => Ok(Value::Num(if func == Func::Min {
                        x.min(y)
                    } else {
                        x.max(y)
                    })),
                    (x, y) => Err(format!("min/max 需要数值，得到 {x}、{y}")),
                });
            }
            acc
        }
    }
}

/// Truth of a condition with the facts that would decide it when unknown. `and` is false as
/// soon as one side is false, whatever the other; `or` is true as soon as one side is true.
pub fn truth(e: &Expr, env: &Env) -> (Tri, BTreeSet<String>) {
    match e {
        Expr::And(xs) => {
            let mut missing = BTreeSet::new();
            let mut unknown = false;
            for x in xs {
                match truth(x, env) {
                    (Tri::False, _) => return (Tri::False, BTreeSet::new()),
                    (Tri::Unknown, m) => {
                        unknown = true;
                        missing.extend(m);
                    }
                    (Tri::True, _) => {}
                }
            }
            if unknown {
                (Tri::Unknown, missing)
            } else {
                (Tri::True, missing)
            }
        }
        Expr::Or(xs) => {
            let mut missing = BTreeSet::new();
            let mut unknown = false;
            for x in xs {
                match truth(x, env) {
                    (Tri::True, _) => return (Tri::True, BTreeSet::new()),
                    (Tri::Unknown, m) => {
                        unknown = true;
                        missing.extend(m);
                    }
                    (Tri::False, _) => {}
                }
            }
            if unknown {
                (Tri::Unknown, missing)
            } else {
                (Tri::False, missing)
            }
        }
        Expr::Not(a) => {
            let (t, m) = truth(a, env);
            let flipped = match t {
                Tri::True => Tri::False,
                Tri::False => Tri::True,
                Tri::Unknown => Tri::Unknown,
            };
            (flipped, m)
        }
        _ => match quick_truth(e, env) {
            Some(t) => (t, BTreeSet::new()),
            None => truth_of(eval(e, env)),
        },
    }
}

/// A condition's truth from its value.
fn truth_of(v: Eval) -> (Tri, BTreeSet<String>) {
    match v {
        Eval::Known(Value::Bool(b)) => (if b { Tri::True } else { Tri::False }, BTreeSet::new()),
        // A non-boolean where a condition is expected is a data error: never true.
        Eval::Known(_) | Eval::Invalid(_) => (Tri::False, BTreeSet::new()),
        Eval::Unknown(m) => (Tri::Unknown, m),
    }
}

/// One elementary condition and how it came out, for the trace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtomTrace {
    pub condition: String,
    pub result: Tri,
    /// Facts read, with their values (or "不清楚").
    pub facts: Vec<(String, String)>,
}

/// The elementary conditions of `e` with their results (all of them, not short-circuited).
pub fn atoms(e: &Expr, env: &Env, out: &mut Vec<AtomTrace>) {
    match e {
        Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| atoms(x, env, out)),
        Expr::Not(a) => {
            let mut inner = Vec::new();
            atoms(a, env, &mut inner);
            let (t, _) = truth(e, env);
            let facts = inner.into_iter().flat_map(|a| a.facts).collect();
            out.push(AtomTrace {
                condition: e.to_string(),
                result: t,
                facts,
            });
        }
        _ => {
            let (t, _) = truth(e, env);
            let facts = e
                .facts()
                .into_iter()
                .map(|id| {
                    (
                        id.to_string(),
                        env.lookup(id)
                            .map(|v| v.to_string())
                            .unwrap_or_else(|| "不清楚".into()),
                    )
                })
                .collect();
            out.push(AtomTrace {
                condition: e.to_string(),
                result: t,
                facts,
            });
        }
    }
}

/// The elementary conditions that make a false condition false (what to change).
pub fn failing_atoms<'e>(e: &'e Expr, env: &Env, out: &mut Vec<&'e Expr>) {
    match e {
        Expr::And(xs) => {
            for x in xs {
                if truth(x, env).0 == Tri::False {
                    failing_atoms(x, env, out);
                }
            }
        }
        Expr::Or(xs) => {
            // Each alternative failed; the one needing the fewest changes is the best hint.
            let mut best: Option<Vec<&Expr>> = None;
            for x in xs {
                let mut v = Vec::new();
                failing_atoms(x, env, &mut v);
                if best.as_ref().is_none_or(|b| v.len() < b.len()) {
                    best = Some(v);
                }
            }
            out.extend(best.unwrap_or_default());
        }
        _ => {
            if truth(e, env).0 == Tri::False {
                out.push(e);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::firm_file::FirmFile;
    use huiqi_catalog::Catalogue;

    /// `$year` is the support year in the shortcut as in `eval`, also when the assessment date
    /// falls in another year (a 2025 claim assessed on 2026-03-01).
    #[test]
    fn year_is_the_support_year_in_the_shortcut_too() {
        let facts = Facts {
            firm: [(
                "firm.cert_year".to_string(),
                Value::Num(Decimal::from(2025)),
            )]
            .into(),
            ..Facts::default()
        };
        let env = Env {
            facts: &facts,
            item: None,
            as_of: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            year: 2025,
        };
        let e = huiqi_catalog::expr::parse("firm.cert_year == $year").unwrap();
        assert_eq!(truth_of(eval(&e, &env)).0, Tri::True);
        assert_eq!(quick_truth(&e, &env), Some(Tri::True));
        assert_eq!(truth(&e, &env).0, Tri::True);
    }

    /// The elementary conditions of `e` (what `truth` hands to `quick_truth`).
    fn leaves<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>) {
        match e {
            Expr::And(xs) | Expr::Or(xs) => xs.iter().for_each(|x| leaves(x, out)),
            Expr::Not(a) => leaves(a, out),
            _ => out.push(e),
        }
    }

    /// The shortcut decides every condition of the catalogue as `eval` does, on the facts of
    /// every golden case (firm-level and per item).
    #[test]
    fn quick_truth_agrees_with_eval() {
        let cat = Catalogue::builtin().expect("built-in catalogue");
        let mut conditions = Vec::new();
        for m in cat.measures() {
            let tiers = m.amount.tiers.iter().filter_map(|t| t.when_expr.as_ref());
            for e in [&m.scope_expr, &m.when_expr]
                .into_iter()
                .flatten()
                .chain(tiers)
            {
                leaves(e, &mut conditions);
            }
        }
        let (mut decided, mut differ) = (0, Vec::new());
        for case in cat.documents.iter().flat_map(|d| &d.cases) {
            let firm = FirmFile::from_case(case);
            let Ok(facts) = firm.facts(&cat, Some(case.as_of)) else {
                continue;
            };
            let items = facts.items.iter().map(Some);
            for item in std::iter::once(None).chain(items) {
                let env = Env {
                    facts: &facts,
                    item,
                    as_of: case.as_of,
                    year: case.year.unwrap_or(case.as_of.year()),
                };
                for e in &conditions {
                    if let Some(quick) = quick_truth(e, &env) {
                        decided += 1;
                        let (slow, _) = truth_of(eval(e, &env));
                        if quick != slow {
                            differ
                                .push(format!("{}: {e} is {quick:?}, eval says {slow:?}", case.id));
                        }
                    }
                }
            }
        }
        assert!(
            decided > 1000,
            "the shortcut decided only {decided} conditions"
        );
        assert!(differ.is_empty(), "{}", differ.join("\n"));
    }
}
