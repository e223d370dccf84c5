//! Three-valued evaluation of rule expressions. A value is known or unknown; unknown carries
//! the facts whose answers would decide it, so the questionnaire asks only what matters.

use crate::facts::{Facts, Item, Value};
use chrono::{Datelike, NaiveDate};
use huiqi_catalog::Catalogue;
use huiqi_catalog::expr::{ArithOp, CmpOp, Expr, FactRef, Func};
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
    /// The same answers by fact position, for rules of the catalogue the slots were built
    /// from; none to read them by id (an expression parsed outside the loader, a caller
    /// evaluating a single formula).
    pub slots: Option<Slots<'a>>,
    /// Facts the other answers decide and `facts` does not hold (see
    /// [`crate::period::year_view`]): read after the firm's own answers.
    pub derived: &'a [(&'a str, Value)],
}

/// A firm's answers (and one item's, when evaluating for an item) by the position of their
/// fact in the catalogue (`FactRef::index`): rules read them without hashing or comparing ids.
#[derive(Clone, Copy)]
pub struct Slots<'a> {
    pub firm: &'a [Option<&'a Value>],
    pub item: Option<&'a [Option<&'a Value>]>,
}

/// Answers by fact position: `cat.facts.len()` slots, each the answer to that fact if any.
pub fn slots_of<'a>(
    cat: &Catalogue,
    answers: &'a std::collections::BTreeMap<String, Value>,
) -> Vec<Option<&'a Value>> {
    let mut slots = vec![None; cat.facts.len()];
    fill_slots(cat, answers, &mut slots);
    slots
}

/// Puts each answer in its slot (`slots` has `cat.facts.len()`).
pub fn fill_slots<'a>(
    cat: &Catalogue,
    answers: &'a std::collections::BTreeMap<String, Value>,
    slots: &mut [Option<&'a Value>],
) {
    for (id, v) in answers {
        // Exact ids only: a rule names `x`, never `x@2026` (those are folded before).
        if let Some(i) = cat.fact_position(id)
            && cat.facts[i].id() == id
        {
            slots[i] = Some(v);
        }
    }
}

impl<'a> Env<'a> {
    pub fn lookup(&self, id: &str) -> Option<&'a Value> {
        self.item
            .and_then(|i| i.facts.get(id))
            .or_else(|| self.facts.firm.get(id))
            .or_else(|| {
                self.derived
                    .iter()
                    .find(|(derived, _)| *derived == id)
                    .map(|(_, v)| v)
            })
    }

    /// The answer to a fact a rule names: by position when both are known, else by id.
    fn fact(&self, f: &FactRef) -> Option<&'a Value> {
        match (self.slots, f.index()) {
            (Some(s), Some(i)) => s
                .item
                .and_then(|item| item.get(i).copied().flatten())
                .or_else(|| s.firm.get(i).copied().flatten()),
            _ => self.lookup(f),
        }
    }
}

/// The facts whose answers would decide an unknown value: positions of catalogue facts (a
/// bitset for the first `LOW_BITS`, room for every fact of the built-in catalogue and more,
/// then a sorted list), and the ids of any fact named by an unresolved rule. Turned into ids only for
/// output ([`Missing::ids`]); building and merging one allocates nothing for the built-in
/// catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Missing {
    low: [u64; LOW_WORDS],
    /// Positions past the bitset and facts named by id: none for the built-in catalogue, so
    /// boxed to keep `Missing` small — it is returned and merged at every condition.
    rest: Option<Box<Rest>>,
}

/// What the bitset of [`Missing`] cannot hold; never empty when present.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Rest {
    /// Positions from `LOW_BITS` on, sorted.
    high: Vec<u32>,
    other: BTreeSet<String>,
}

const LOW_WORDS: usize = 6;
const LOW_BITS: usize = LOW_WORDS * 64;

impl Missing {
    pub fn new() -> Missing {
        Missing::default()
    }

    fn rest(&mut self) -> &mut Rest {
        self.rest.get_or_insert_with(Box::default)
    }

    /// The one fact `f`.
    pub fn of(f: &FactRef) -> Missing {
        let mut m = Missing::new();
        match f.index() {
            Some(i) => m.insert_position(i),
            None => {
                m.rest().other.insert(f.to_string());
            }
        }
        m
    }

    /// The fact at `position` in the catalogue.
    pub fn insert_position(&mut self, position: usize) {
        if position < LOW_BITS {
            self.low[position / 64] |= 1 << (position % 64);
            return;
        }
        let Ok(i) = u32::try_from(position) else {
            return;
        };
        let high = &mut self.rest().high;
        if let Err(at) = high.binary_search(&i) {
            high.insert(at, i);
        }
    }

    /// A fact by id (not a catalogue fact, or one outside rules).
    pub fn insert_id(&mut self, cat: &Catalogue, id: &str) {
        match cat.fact_position(id).filter(|&i| cat.facts[i].id() == id) {
            Some(i) => self.insert_position(i),
            None => {
                self.rest().other.insert(id.to_string());
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.low.iter().all(|&w| w == 0) && self.rest.is_none()
    }

    pub fn clear(&mut self) {
        self.low = [0; LOW_WORDS];
        self.rest = None;
    }

    pub fn extend(&mut self, more: Missing) {
        for (w, m) in self.low.iter_mut().zip(more.low) {
            *w |= m;
        }
        let Some(more) = more.rest else {
            return;
        };
        let Some(rest) = &mut self.rest else {
            self.rest = Some(more);
            return;
        };
        if !more.high.is_empty() {
            rest.high.extend(more.high);
            rest.high.sort_unstable();
            rest.high.dedup();
        }
        rest.other.extend(more.other);
    }

    /// The position of the one missing fact, when it is a single catalogue fact.
    pub fn only_position(&self) -> Option<usize> {
        if self.rest.is_some() {
            return None;
        }
        let mut words = self.low.iter().enumerate().filter(|(_, w)| **w != 0);
        match (words.next(), words.next()) {
            (Some((i, w)), None) if w.count_ones() == 1 => {
                Some(i * 64 + w.trailing_zeros() as usize)
            }
            _ => None,
        }
    }

    /// The positions of the missing catalogue facts, in catalogue order.
    fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        let words = self.low.iter().enumerate().flat_map(|(w, &bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let i = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    w * 64 + i
                })
            })
        });
        let high = self
            .rest
            .iter()
            .flat_map(|r| r.high.iter().map(|&i| i as usize));
        words.chain(high)
    }

    /// The missing facts as (position in the catalogue, id), in id order (the order a set of
    /// ids has).
    pub fn ids<'c>(&'c self, cat: &'c Catalogue) -> Vec<(Option<usize>, &'c str)> {
        let other = self.rest.iter().flat_map(|r| r.other.iter());
        let mut out: Vec<(Option<usize>, &str)> = self
            .positions()
            .filter_map(|i| cat.facts.get(i).map(|f| (Some(i), f.id())))
            .chain(other.map(|id| (None, id.as_str())))
            .collect();
        if out.len() > 1 {
            out.sort_by(|a, b| a.1.cmp(b.1));
            out.dedup_by(|a, b| a.1 == b.1);
        }
        out
    }

    /// The missing ids as a set (for callers that want one).
    pub fn to_set(&self, cat: &Catalogue) -> BTreeSet<String> {
        self.ids(cat)
            .into_iter()
            .map(|(_, id)| id.to_string())
            .collect()
    }
}

/// Result of evaluating an expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Eval {
    Known(Value),
    /// Unknown until these facts are answered.
    Unknown(Missing),
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
        Expr::Fact(f) => match env.fact(f) {
            Some(v) => Known(v.clone()),
            None => Unknown(Missing::of(f)),
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
        Expr::Fact(f) => env.fact(f)?.scalar(),
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
pub fn truth(e: &Expr, env: &Env) -> (Tri, Missing) {
    match e {
        Expr::And(xs) => {
            let mut missing = Missing::new();
            let mut unknown = false;
            for x in xs {
                match truth(x, env) {
                    (Tri::False, _) => return (Tri::False, Missing::new()),
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
            let mut missing = Missing::new();
            let mut unknown = false;
            for x in xs {
                match truth(x, env) {
                    (Tri::True, _) => return (Tri::True, Missing::new()),
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
            Some(t) => (t, Missing::new()),
            None => truth_of(eval(e, env)),
        },
    }
}

/// A condition's truth from its value.
fn truth_of(v: Eval) -> (Tri, Missing) {
    match v {
        Eval::Known(Value::Bool(b)) => (if b { Tri::True } else { Tri::False }, Missing::new()),
        // A non-boolean where a condition is expected is a data error: never true.
        Eval::Known(_) | Eval::Invalid(_) => (Tri::False, Missing::new()),
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
            slots: None,
            derived: &[],
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

    /// Every condition of the catalogue: each measure's scope, `when` and tier conditions.
    fn catalogue_conditions(cat: &Catalogue) -> impl Iterator<Item = &Expr> {
        cat.measures().iter().flat_map(|m| {
            let tiers = m.amount.tiers.iter().filter_map(|t| t.when_expr.as_ref());
            [&m.scope_expr, &m.when_expr]
                .into_iter()
                .flatten()
                .chain(tiers)
        })
    }

    /// The shortcut decides every condition of the catalogue as `eval` does, on the facts of
    /// every golden case (firm-level and per item).
    #[test]
    fn quick_truth_agrees_with_eval() {
        let cat = Catalogue::builtin().expect("built-in catalogue");
        let mut conditions = Vec::new();
        for e in catalogue_conditions(&cat) {
            leaves(e, &mut conditions);
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
                    slots: None,
                    derived: &[],
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

    /// Reading answers by fact position decides every condition of the catalogue as reading
    /// them by id does, with the same missing facts, on the facts of every golden case.
    #[test]
    fn slots_agree_with_ids() {
        let cat = Catalogue::builtin().expect("built-in catalogue");
        let conditions: Vec<&Expr> = catalogue_conditions(&cat).collect();
        let mut unknown = 0;
        let cases = cat.documents.iter().flat_map(|d| &d.cases);
        for (case, facts) in cases
            .filter_map(|c| Some((c, FirmFile::from_case(c).facts(&cat, Some(c.as_of)).ok()?)))
            .chain(std::iter::once((
                &cat.documents[0].cases[0],
                Facts::default(),
            )))
        {
            let firm = slots_of(&cat, &facts.firm);
            let items: Vec<_> = facts
                .items
                .iter()
                .map(|i| slots_of(&cat, &i.facts))
                .collect();
            let items = facts
                .items
                .iter()
                .zip(&items)
                .map(|(i, s)| (Some(i), Some(&s[..])));
            for (item, item_slots) in std::iter::once((None, None)).chain(items) {
                let by_id = Env {
                    facts: &facts,
                    item,
                    as_of: case.as_of,
                    year: case.as_of.year(),
                    slots: None,
                    derived: &[],
                };
                let by_slot = Env {
                    slots: Some(Slots {
                        firm: &firm,
                        item: item_slots,
                    }),
                    ..by_id
                };
                for e in &conditions {
                    let (a, b) = (truth(e, &by_id), truth(e, &by_slot));
                    assert_eq!(a.0, b.0, "{}: {e}", case.id);
                    assert_eq!(a.1.to_set(&cat), b.1.to_set(&cat), "{}: {e}", case.id);
                    unknown += usize::from(a.0 == Tri::Unknown);
                }
            }
        }
        assert!(unknown > 100, "only {unknown} unknown conditions");
    }

    /// Missing facts merge as sets and come out in id order, catalogue facts and others alike.
    #[test]
    fn missing_is_a_set_in_id_order() {
        let cat = Catalogue::builtin().expect("built-in catalogue");
        let n = cat.facts.len();
        let (a, b) = (&cat.facts[n - 1], &cat.facts[0]);
        let mut m = Missing::new();
        assert!(m.is_empty());
        m.insert_id(&cat, a.id());
        m.insert_id(&cat, "zz.not_a_fact");
        let mut more = Missing::new();
        more.insert_position(0);
        more.insert_position(n - 1);
        more.insert_position(LOW_BITS + 10);
        m.extend(more);
        let mut want = vec![a.id(), b.id(), "zz.not_a_fact"];
        want.sort();
        let got: Vec<&str> = m.ids(&cat).into_iter().map(|(_, id)| id).collect();
        // Position LOW_BITS + 10 is no fact of this catalogue: left out.
        assert_eq!(got, want);
        assert_eq!(m.only_position(), None);
        m.clear();
        assert!(m.is_empty() && m.ids(&cat).is_empty());
        m.insert_position(n - 1);
        assert_eq!(m.only_position(), Some(n - 1));
        m.insert_position(0);
        assert_eq!(m.only_position(), None);
    }
}
