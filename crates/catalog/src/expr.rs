//! The rule language: a small expression syntax for conditions and amount bases, e.g.
//! `firm.is_industrial and jgq.project.equipment >= 500万元 and year(jgq.project.done_on) == $year`.
//!
//! Grammar (lowest precedence first):
//!   or    := and ("or" and)*
//!   and   := not ("and" not)*
//!   not   := "not" not | cmp
//!   cmp   := sum (("<"|"<="|">"|">="|"=="|"!=") sum | "in" "[" lit,* "]" | "within" string)?
//!   sum   := prod (("+"|"-") prod)*        -- a minus needs spaces: `a - b` (ids contain '-')
//!   prod  := atom (("*"|"/") atom)*
//!   atom  := number[unit] | date | string | true | false | $as_of | $year | fact
//!          | func "(" expr,* ")" | "(" expr ")"
//! Units on numbers: 元/万元/亿元 (money, in 元), % (fraction), or a measure word (家, 个...).

use rust_decimal::Decimal;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
}

impl CmpOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Eq => "==",
            CmpOp::Ne => "!=",
        }
    }
    /// Chinese wording, following 《民法典》第1259条 (以上/以下 include the boundary).
    pub fn words_zh(self) -> &'static str {
        match self {
            CmpOp::Lt => "低于",
            CmpOp::Le => "不超过",
            CmpOp::Gt => "超过",
            CmpOp::Ge => "达到",
            CmpOp::Eq => "为",
            CmpOp::Ne => "不为",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Func {
    Year,
    Floor,
    Min,
    Max,
    /// Number of repeatable items of a kind the firm has entered.
    Count,
}

/// A fact named by a rule: its id and, once the loader has resolved it, its position in the
/// catalogue's facts (`Catalogue::facts`), so the engine reads a firm's answer by index
/// instead of by the id. Two references are equal when they name the same fact.
#[derive(Debug, Clone, Eq, serde::Serialize, serde::Deserialize)]
pub struct FactRef {
    id: String,
    /// `u32::MAX` until resolved (an expression parsed outside the loader).
    index: u32,
}

impl FactRef {
    pub fn new(id: String) -> FactRef {
        FactRef {
            id,
            index: u32::MAX,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// The fact's position in the catalogue it was loaded with; none when not resolved.
    pub fn index(&self) -> Option<usize> {
        (self.index != u32::MAX).then_some(self.index as usize)
    }
}

impl PartialEq for FactRef {
    fn eq(&self, other: &FactRef) -> bool {
        self.id == other.id
    }
}

impl std::ops::Deref for FactRef {
    type Target = str;
    fn deref(&self) -> &str {
        &self.id
    }
}

impl fmt::Display for FactRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

/// A literal as written, kept for display (`500万元` reads better than 5000000).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Expr {
    Bool(bool),
    Num {
        value: Decimal,
        written: String,
    },
    Date(chrono::NaiveDate),
    Str(String),
    Fact(FactRef),
    AsOf,
    AsOfYear,
    Not(Box<Expr>),
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    In(Box<Expr>, Vec<Expr>),
    /// Code nesting: a region code within a region (370103 within 3701), an industry within a section.
    Within(Box<Expr>, String),
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    Call(Func, Vec<Expr>),
}

impl Expr {
    /// The fact's id when the expression is a fact by itself (`x` in `x >= 500万元`).
    pub fn fact_id(&self) -> Option<&str> {
        match self {
            Expr::Fact(f) => Some(f.as_str()),
            _ => None,
        }
    }

    /// Every fact id the expression reads, in order of first appearance.
    pub fn facts(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Fact(id) = e
                && !out.contains(&id.as_str())
            {
                out.push(id.as_str());
            }
        });
        out
    }

    /// Every fact reference, in order of appearance (repeats included).
    pub fn fact_refs(&self) -> Vec<&FactRef> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Fact(f) = e {
                out.push(f);
            }
        });
        out
    }

    /// Resolves every fact reference to its position with `position` (the loader does this
    /// once, with the catalogue's fact index); a fact it does not know stays unresolved.
    pub fn resolve_facts(&mut self, position: &impl Fn(&str) -> Option<usize>) {
        match self {
            Expr::Fact(f) => {
                f.index = position(&f.id)
                    .and_then(|i| u32::try_from(i).ok())
                    .filter(|&i| i != u32::MAX)
                    .unwrap_or(u32::MAX);
            }
            Expr::Not(a) | Expr::Within(a, _) => a.resolve_facts(position),
            Expr::And(xs) | Expr::Or(xs) | Expr::Call(_, xs) => {
                xs.iter_mut().for_each(|x| x.resolve_facts(position))
            }
            Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => {
                a.resolve_facts(position);
                b.resolve_facts(position);
            }
            Expr::In(a, xs) => {
                a.resolve_facts(position);
                xs.iter_mut().for_each(|x| x.resolve_facts(position));
            }
            Expr::Bool(_) | Expr::Num { .. } | Expr::Date(_) | Expr::Str(_) => {}
            Expr::AsOf | Expr::AsOfYear => {}
        }
    }

    /// Item kinds named by `count(kind)`.
    pub fn counted_kinds(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.visit(&mut |e| {
            if let Expr::Call(Func::Count, args) = e
                && let Some(Expr::Str(kind)) = args.first()
            {
                out.push(kind.as_str());
            }
        });
        out
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Not(a) => a.visit(f),
            Expr::And(xs) | Expr::Or(xs) | Expr::Call(_, xs) => xs.iter().for_each(|x| x.visit(f)),
            Expr::Cmp(_, a, b) | Expr::Arith(_, a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Expr::In(a, xs) => {
                a.visit(f);
                xs.iter().for_each(|x| x.visit(f));
            }
            Expr::Within(a, _) => a.visit(f),
            _ => {}
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Bool(b) => write!(f, "{b}"),
            Expr::Num { written, .. } => write!(f, "{written}"),
            Expr::Date(d) => write!(f, "{d}"),
            Expr::Str(s) => write!(f, "{s:?}"),
            Expr::Fact(id) => write!(f, "{id}"),
            Expr::AsOf => write!(f, "$as_of"),
            Expr::AsOfYear => write!(f, "$year"),
            Expr::Not(a) => write!(f, "not {a}"),
            Expr::And(xs) => join(f, xs, " and "),
            Expr::Or(xs) => join(f, xs, " or "),
            Expr::Cmp(op, a, b) => write!(f, "{a} {} {b}", op.symbol()),
            Expr::In(a, xs) => {
                write!(f, "{a} in [")?;
                join(f, xs, ", ")?;
                write!(f, "]")
            }
            Expr::Within(a, code) => write!(f, "{a} within {code:?}"),
            Expr::Arith(op, a, b) => {
                let s = match op {
                    ArithOp::Add => "+",
                    ArithOp::Sub => "-",
                    ArithOp::Mul => "*",
                    ArithOp::Div => "/",
                };
                write!(f, "({a} {s} {b})")
            }
            Expr::Call(func, args) => {
                let name = match func {
                    Func::Year => "year",
                    Func::Floor => "floor",
                    Func::Min => "min",
                    Func::Max => "max",
                    Func::Count => "count",
                };
                write!(f, "{name}(")?;
                join(f, args, ", ")?;
                write!(f, ")")
            }
        }
    }
}

fn join(f: &mut fmt::Formatter<'_>, xs: &[Expr], sep: &str) -> fmt::Result {
    for (i, x) in xs.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        let needs_parens = matches!(x, Expr::And(_) | Expr::Or(_));
        if needs_parens {
            write!(f, "({x})")?;
        } else {
            write!(f, "{x}")?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Var(String),
    Num(String),
    Date(chrono::NaiveDate),
    Str(String),
    Op(&'static str),
    LParen,
    RParen,
    LBrack,
    RBrack,
    Comma,
}

/// A parse error with the character offset in the expression text.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "表达式第 {} 个字符处：{}", self.offset + 1, self.message)
    }
}

fn lex(src: &str) -> Result<Vec<(usize, Tok)>, ParseError> {
    let chars: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let err = |offset, message: &str| ParseError {
        offset,
        message: message.to_string(),
    };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let tok = if let Some(op) = ["<=", ">=", "==", "!="].into_iter().find(|op| *op == two) {
            i += 2;
            Tok::Op(op)
        } else if let Some(op) = ["<", ">", "+", "-", "*", "/"]
            .into_iter()
            .find(|op| op.starts_with(c))
        {
            i += 1;
            Tok::Op(op)
        } else if c == '(' {
            i += 1;
            Tok::LParen
        } else if c == ')' {
            i += 1;
            Tok::RParen
        } else if c == '[' {
            i += 1;
            Tok::LBrack
        } else if c == ']' {
            i += 1;
            Tok::RBrack
        } else if c == ',' {
            i += 1;
            Tok::Comma
        } else if c == '"' {
            i += 1;
            let mut s = String::new();
            while i < chars.len() && chars[i] != '"' {
                s.push(chars[i]);
                i += 1;
            }
            if i == chars.len() {
                return Err(err(start, "字符串缺少结束引号 / unterminated string"));
            }
            i += 1;
            Tok::Str(s)
        } else if c == '$' {
            i += 1;
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                s.push(chars[i]);
                i += 1;
            }
            Tok::Var(s)
        } else if c.is_ascii_digit() {
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].is_ascii_digit() || chars[i] == '.' || chars[i] == '-')
            {
                // A '-' inside a number is only part of a date literal (2020-07-09).
                if chars[i] == '-' && !(s.len() == 4 || s.len() == 7) {
                    break;
                }
                s.push(chars[i]);
                i += 1;
            }
            if s.contains('-') {
                let d = chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                    .map_err(|_| err(start, &format!("无效日期 {s} / invalid date")))?;
                Tok::Date(d)
            } else {
                // Unit suffix: any run of CJK characters or '%'.
                while i < chars.len()
                    && (chars[i] == '%' || !chars[i].is_ascii())
                    && !chars[i].is_whitespace()
                {
                    s.push(chars[i]);
                    i += 1;
                }
                Tok::Num(s)
            }
        } else if c.is_ascii_alphabetic() || c == '_' {
            let mut s = String::new();
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '.' | '-'))
            {
                s.push(chars[i]);
                i += 1;
            }
            Tok::Ident(s)
        } else {
            return Err(err(
                start,
                &format!("无法识别的字符 '{c}' / unexpected character"),
            ));
        };
        out.push((start, tok));
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }
    fn offset(&self) -> usize {
        self.toks.get(self.pos).map(|(o, _)| *o).unwrap_or(self.end)
    }
    fn err<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            offset: self.offset(),
            message: message.into(),
        })
    }
    fn eat_ident(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(w)) if w == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, tok: Tok, what: &str) -> Result<(), ParseError> {
        if self.peek() == Some(&tok) {
            self.pos += 1;
            Ok(())
        } else {
            self.err(format!("此处应为 {what} / expected {what}"))
        }
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut xs = vec![self.and()?];
        while self.eat_ident("or") {
            xs.push(self.and()?);
        }
        Ok(if xs.len() == 1 {
            xs.pop().unwrap()
        } else {
            Expr::Or(xs)
        })
    }
    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut xs = vec![self.not()?];
        while self.eat_ident("and") {
            xs.push(self.not()?);
        }
        Ok(if xs.len() == 1 {
            xs.pop().unwrap()
        } else {
            Expr::And(xs)
        })
    }
    fn not(&mut self) -> Result<Expr, ParseError> {
        if self.eat_ident("not") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.cmp()
    }
    fn cmp(&mut self) -> Result<Expr, ParseError> {
        let left = self.sum()?;
        let op = match self.peek() {
            Some(Tok::Op("<")) => CmpOp::Lt,
            Some(Tok::Op("<=")) => CmpOp::Le,
            Some(Tok::Op(">")) => CmpOp::Gt,
            Some(Tok::Op(">=")) => CmpOp::Ge,
            Some(Tok::Op("==")) => CmpOp::Eq,
            Some(Tok::Op("!=")) => CmpOp::Ne,
            Some(Tok::Ident(w)) if w == "in" => {
                self.pos += 1;
                self.expect(Tok::LBrack, "[")?;
                let mut items = Vec::new();
                while self.peek() != Some(&Tok::RBrack) {
                    items.push(self.atom()?);
                    if self.peek() == Some(&Tok::Comma) {
                        self.pos += 1;
                    }
                }
                self.pos += 1;
                return Ok(Expr::In(Box::new(left), items));
            }
            Some(Tok::Ident(w)) if w == "within" => {
                self.pos += 1;
                return match self.peek().cloned() {
                    Some(Tok::Str(code)) => {
                        self.pos += 1;
                        Ok(Expr::Within(Box::new(left), code))
                    }
                    _ => self
                        .err("within 之后应为带引号的代码 / expected a quoted code after within"),
                };
            }
            _ => return Ok(left),
        };
        self.pos += 1;
        let right = self.sum()?;
        Ok(Expr::Cmp(op, Box::new(left), Box::new(right)))
    }
    fn sum(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.prod()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("+")) => ArithOp::Add,
                Some(Tok::Op("-")) => ArithOp::Sub,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Arith(op, Box::new(left), Box::new(self.prod()?));
        }
    }
    fn prod(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.atom()?;
        loop {
            let op = match self.peek() {
                Some(Tok::Op("*")) => ArithOp::Mul,
                Some(Tok::Op("/")) => ArithOp::Div,
                _ => return Ok(left),
            };
            self.pos += 1;
            left = Expr::Arith(op, Box::new(left), Box::new(self.atom()?));
        }
    }
    fn atom(&mut self) -> Result<Expr, ParseError> {
        let Some(tok) = self.peek().cloned() else {
            return self.err("表达式不完整 / unexpected end of expression");
        };
        self.pos += 1;
        match tok {
            Tok::LParen => {
                let e = self.or()?;
                self.expect(Tok::RParen, ")")?;
                Ok(e)
            }
            Tok::Num(written) => match crate::quantity::parse_literal(&written) {
                Ok(value) => Ok(Expr::Num { value, written }),
                Err(e) => {
                    self.pos -= 1;
                    self.err(format!("数字 {written}：{e}"))
                }
            },
            Tok::Date(d) => Ok(Expr::Date(d)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Var(v) if v == "as_of" => Ok(Expr::AsOf),
            Tok::Var(v) if v == "year" => Ok(Expr::AsOfYear),
            Tok::Var(v) => {
                self.pos -= 1;
                self.err(format!(
                    "未知变量 ${v}（可用 $as_of, $year） / unknown variable"
                ))
            }
            Tok::Ident(w) if w == "true" => Ok(Expr::Bool(true)),
            Tok::Ident(w) if w == "false" => Ok(Expr::Bool(false)),
            Tok::Ident(w) if self.peek() == Some(&Tok::LParen) => {
                let func = match w.as_str() {
                    "year" => Func::Year,
                    "floor" => Func::Floor,
                    "min" => Func::Min,
                    "max" => Func::Max,
                    "count" => Func::Count,
                    _ => {
                        self.pos -= 1;
                        return self.err(format!("未知函数 {w} / unknown function"));
                    }
                };
                self.pos += 1;
                let mut args = Vec::new();
                while self.peek() != Some(&Tok::RParen) {
                    if func == Func::Count {
                        // count(kind): the item kind is an identifier, not a fact.
                        match self.peek().cloned() {
                            Some(Tok::Ident(kind)) => {
                                self.pos += 1;
                                args.push(Expr::Str(kind));
                            }
                            _ => {
                                return self
                                    .err("count() 需要一个条目类型 / count() takes an item kind");
                            }
                        }
                    } else {
                        args.push(self.or()?);
                    }
                    if self.peek() == Some(&Tok::Comma) {
                        self.pos += 1;
                    } else if self.peek() != Some(&Tok::RParen) {
                        return self.err("此处应为 , 或 ) / expected , or )");
                    }
                }
                self.pos += 1;
                let arity_ok = match func {
                    Func::Year | Func::Floor | Func::Count => args.len() == 1,
                    Func::Min | Func::Max => args.len() >= 2,
                };
                if !arity_ok {
                    return self.err(format!(
                        "函数 {w} 的参数个数不对 / wrong number of arguments"
                    ));
                }
                Ok(Expr::Call(func, args))
            }
            Tok::Ident(w) => Ok(Expr::Fact(FactRef::new(w))),
            _ => {
                self.pos -= 1;
                self.err("此处应为数值、事实或括号 / expected a value, a fact or '('")
            }
        }
    }
}

/// Parses an expression; the error offset counts characters from the start of `src`.
pub fn parse(src: &str) -> Result<Expr, ParseError> {
    let toks = lex(src)?;
    let mut p = Parser {
        end: src.chars().count(),
        toks,
        pos: 0,
    };
    let e = p.or()?;
    if p.pos != p.toks.len() {
        return p.err("表达式后有多余内容 / unexpected trailing input");
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_conditions_with_units_and_precedence() {
        let e = parse("firm.is_industrial and p.invest >= 500万元 or not x.y").unwrap();
        let Expr::Or(xs) = &e else { panic!("{e:?}") };
        assert_eq!(xs.len(), 2);
        assert_eq!(e.facts(), vec!["firm.is_industrial", "p.invest", "x.y"]);
        let Expr::And(ys) = &xs[0] else { panic!() };
        let Expr::Cmp(CmpOp::Ge, _, rhs) = &ys[1] else {
            panic!()
        };
        assert_eq!(
            **rhs,
            Expr::Num {
                value: Decimal::from(5_000_000),
                written: "500万元".into()
            }
        );
    }

    #[test]
    fn ids_may_contain_hyphens_and_minus_needs_spaces() {
        let e = parse("floor(a-1.rev / 10亿元) - floor(a-1.prev / 10亿元)").unwrap();
        assert_eq!(e.facts(), vec!["a-1.rev", "a-1.prev"]);
        assert!(matches!(e, Expr::Arith(ArithOp::Sub, _, _)));
    }

    #[test]
    fn dates_lists_within_and_vars() {
        let e = parse("d >= 2020-07-09 and lvl in [\"national\", \"province\"] and firm.region within \"3701\" and year(d) == $year").unwrap();
        let Expr::And(xs) = e else { panic!() };
        assert!(matches!(&xs[0], Expr::Cmp(_, _, b) if matches!(**b, Expr::Date(_))));
        assert!(matches!(&xs[1], Expr::In(_, v) if v.len() == 2));
        assert!(matches!(&xs[2], Expr::Within(_, c) if c == "3701"));
        assert!(matches!(&xs[3], Expr::Cmp(_, _, b) if **b == Expr::AsOfYear));
    }

    #[test]
    fn errors_point_at_the_offending_character() {
        let e = parse("a >= ").unwrap_err();
        assert_eq!(e.offset, 5);
        let e = parse("a >= 2020-13-01").unwrap_err();
        assert_eq!(e.offset, 5);
        assert!(parse("a & b").unwrap_err().message.contains('&'));
        assert!(parse("count(x) > 1 and foo(1)").is_err());
        assert!(parse("a >= 1.2.3").is_err());
    }
}
