//! A firm's facts and the parsing of answers typed by a person.

use chrono::{Datelike, NaiveDate};
use huiqi_catalog::quantity::{self, QuantityError};
use huiqi_catalog::{Catalogue, FactDef, FactType};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// A known fact value. Money is in 元, percentages are fractions (30% → 0.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Value {
    Bool(bool),
    Num(Decimal),
    Date(NaiveDate),
    Text(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Bool(true) => f.write_str("是"),
            Value::Bool(false) => f.write_str("否"),
            Value::Num(d) => write!(f, "{}", d.normalize()),
            Value::Date(d) => write!(f, "{d}"),
            Value::Text(s) => f.write_str(s),
        }
    }
}

/// One repeatable item (a project, a fair, a route…) and its facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Item {
    pub kind: String,
    pub id: String,
    pub facts: BTreeMap<String, Value>,
}

/// Where a claim stands. Only `Submitted`, `Approved` and `Paid` bind: they are money the
/// firm has asked for or received, which it must not claim again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
    Draft,
    Submitted,
    Approved,
    Paid,
    Rejected,
}

impl ClaimState {
    pub const ALL: [ClaimState; 5] = [
        ClaimState::Draft,
        ClaimState::Submitted,
        ClaimState::Approved,
        ClaimState::Paid,
        ClaimState::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClaimState::Draft => "draft",
            ClaimState::Submitted => "submitted",
            ClaimState::Approved => "approved",
            ClaimState::Paid => "paid",
            ClaimState::Rejected => "rejected",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ClaimState::Draft => "草稿",
            ClaimState::Submitted => "已申报",
            ClaimState::Approved => "已批准",
            ClaimState::Paid => "已拨付",
            ClaimState::Rejected => "未通过",
        }
    }

    pub fn label(self, lang: crate::text::Lang) -> &'static str {
        match lang {
            crate::text::Lang::Zh => self.label_zh(),
            crate::text::Lang::En => match self {
                ClaimState::Draft => "draft",
                ClaimState::Submitted => "submitted",
                ClaimState::Approved => "approved",
                ClaimState::Paid => "paid",
                ClaimState::Rejected => "rejected",
            },
        }
    }

    /// Whether the claim counts against what the firm can still claim.
    pub fn binds(self) -> bool {
        matches!(
            self,
            ClaimState::Submitted | ClaimState::Approved | ClaimState::Paid
        )
    }
}

/// A claim the firm made or an award it received, as the engine reads it (from the store's
/// claims ledger, or a firm file's `[[received]]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    pub measure: String,
    /// The support year (申报年度) the claim is for.
    pub year: i32,
    /// 元; none when the amount is not known (an honour, or not yet decided).
    pub amount: Option<Decimal>,
    /// The item (project, route…) the claim was for, when the measure pays per item.
    pub item: Option<String>,
    pub state: ClaimState,
}

/// Everything known about one firm. A fact absent from the maps is unknown ("不清楚").
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Facts {
    pub firm: BTreeMap<String, Value>,
    pub items: Vec<Item>,
    /// Claims already made or received; the engine reduces what can still be claimed by them.
    pub received: Vec<Received>,
}

impl Facts {
    pub fn items_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Item> + 'a {
        self.items.iter().filter(move |i| i.kind == kind)
    }
}

/// A typed answer that could not be accepted; the message names the question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnswerError {
    pub fact: String,
    pub question: String,
    pub message: String,
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "「{}」：{}", self.question, self.message)
    }
}

impl std::error::Error for AnswerError {}

/// Words that mean "I don't know": the fact stays unknown.
pub fn is_dont_know(text: &str) -> bool {
    matches!(
        text.trim(),
        "不清楚" | "不知道" | "未知" | "?" | "？" | "unknown"
    )
}

/// Parses an answer for `fact`. `Ok(None)` is "不清楚". `as_of` enables the past-only check.
pub fn parse_answer(
    catalogue: &Catalogue,
    fact: &FactDef,
    text: &str,
    as_of: Option<NaiveDate>,
) -> Result<Option<Value>, AnswerError> {
    let fail = |message: String| AnswerError {
        fact: fact.id().to_string(),
        question: fact.label.clone(),
        message,
    };
    let q = |e: QuantityError| fail(e.to_string());
    if is_dont_know(text) {
        return Ok(None);
    }
    let t = text.trim();
    if t.is_empty() {
        return Err(fail(
            "请填写答案，或选择“不清楚” / answer required (or 不清楚)".into(),
        ));
    }
    let value = match fact.ty {
        FactType::Bool => match t.to_lowercase().as_str() {
            "是" | "有" | "对" | "yes" | "y" | "true" | "1" => Value::Bool(true),
            "否" | "无" | "不是" | "没有" | "no" | "n" | "false" | "0" => Value::Bool(false),
            _ => {
                return Err(fail(format!(
                    "请回答“是”或“否”，而不是“{t}” / answer yes or no"
                )));
            }
        },
        FactType::Money => Value::Num(quantity::parse_money(t, fact.unit).map_err(q)?),
        FactType::Count => {
            let n = quantity::parse_count(t).map_err(q)?;
            if n.fract() != Decimal::ZERO {
                return Err(fail(format!("须为整数：{t} / must be a whole number")));
            }
            Value::Num(n)
        }
        FactType::Number => Value::Num(quantity::parse_count(t).map_err(q)?),
        FactType::Percent => {
            let s = quantity::normalize(t);
            // A bare number below 1 can only be a fraction (0.3 = 30%); 30 or 1 are ambiguous.
            let bare_ok = !s.ends_with('%') && s.parse::<Decimal>().is_ok_and(|d| d < Decimal::ONE);
            Value::Num(quantity::parse_percent(t, bare_ok).map_err(q)?)
        }
        FactType::Date => {
            let d = parse_date(t).ok_or_else(|| {
                fail(format!(
                    "无法识别的日期：{t}（例如 2026-03-15 或 2026年3月15日） / not a date"
                ))
            })?;
            if fact.past_only
                && let Some(as_of) = as_of
                && d > as_of
            {
                return Err(fail(format!(
                    "日期 {d} 晚于评估日 {as_of}，此处须为已发生的日期 / must not be in the future"
                )));
            }
            Value::Date(d)
        }
        FactType::Year => {
            let s = quantity::normalize(t);
            let y: i32 = s
                .trim_end_matches('年')
                .parse()
                .map_err(|_| fail(format!("无法识别的年份：{t} / not a year")))?;
            if !(1949..=2100).contains(&y) {
                return Err(fail(format!("年份超出范围：{t} / year out of range")));
            }
            Value::Num(Decimal::from(y))
        }
        FactType::Choice => {
            let c = fact
                .choices
                .iter()
                .find(|c| c.value == t || c.label == t || c.label_en.as_deref() == Some(t))
                .ok_or_else(|| {
                    let names: Vec<&str> = fact.choices.iter().map(|c| c.label.as_str()).collect();
                    fail(format!(
                        "“{t}”不是可选项，可选：{} / not one of the choices",
                        names.join("、")
                    ))
                })?;
            Value::Text(c.value.clone())
        }
        FactType::Region => {
            let regions = &catalogue.regions;
            let code = if regions.contains(t) {
                t.to_string()
            } else {
                // Older files wrote a municipality's placeholder level (北京市市辖区大兴区).
                let hits = regions.find_by_name(&t.replace("市辖区", ""));
                match hits.as_slice() {
                    [one] => one.to_string(),
                    [] => {
                        return Err(fail(format!(
                            "未知地区：{t}（请填写 6 位行政区划代码或全称） / unknown region"
                        )));
                    }
                    _ => {
                        return Err(fail(format!(
                            "“{t}”对应多个地区，请写全称（如 山东省济南市市中区） / ambiguous region"
                        )));
                    }
                }
            };
            Value::Text(code)
        }
        FactType::Industry => {
            let table = &catalogue.industries;
            let code = if table.contains(t) {
                t.to_string()
            } else if let Some(i) = table.industries.iter().find(|i| i.name == t) {
                i.code.clone()
            } else {
                return Err(fail(format!(
                    "未知行业：{t}（请填写 GB/T 4754 代码，如 C34） / unknown industry"
                )));
            };
            Value::Text(code)
        }
        FactType::Text => Value::Text(t.to_string()),
    };
    if let Value::Num(n) = &value {
        check_range(fact, *n).map_err(fail)?;
    }
    Ok(Some(value))
}

fn check_range(fact: &FactDef, n: Decimal) -> Result<(), String> {
    let bound = |s: &str| huiqi_catalog::quantity::parse_literal(s).ok();
    if let Some(min) = fact.min.as_deref().and_then(bound)
        && n < min
    {
        return Err(format!(
            "不能小于 {} / below the minimum",
            fact.min.as_deref().unwrap_or_default()
        ));
    }
    if let Some(max) = fact.max.as_deref().and_then(bound)
        && n > max
    {
        return Err(format!(
            "不能大于 {} / above the maximum",
            fact.max.as_deref().unwrap_or_default()
        ));
    }
    Ok(())
}

/// `2026-03-15`, `2026/3/15`, `2026.3.15`, `2026年3月15日` (full-width digits too).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let s = quantity::normalize(text);
    let s = s.trim_end_matches('日').trim_end_matches('号');
    let parts: Vec<&str> = s.split(['-', '/', '.', '年', '月']).collect();
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let date = NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?;
    (date.year() >= 1900).then_some(date)
}

/// Whether `def` is answered where it belongs: an item's fact in an item of its kind
/// (`item_kind`), a firm-level fact for the firm (`item_kind` none). Otherwise the answer would
/// be read where no rule looks for it, or shadow the firm's own answer for one item.
pub fn check_place(def: &FactDef, item_kind: Option<&str>) -> Result<(), AnswerError> {
    let message = match (def.item.as_deref(), item_kind) {
        (Some(kind), Some(k)) if kind != k => {
            format!("属于{kind}，不属于{k} / belongs to items of kind {kind}, not {k}")
        }
        (Some(kind), None) => format!("须属于一个条目（{kind}） / must belong to an item ({kind})"),
        (None, Some(_)) => "是企业级问题，不属于条目 / a firm-level question, not an item's".into(),
        _ => return Ok(()),
    };
    Err(AnswerError {
        fact: def.id().to_string(),
        question: def.label.clone(),
        message,
    })
}

/// A repeatable item's answers as typed: (item kind, item id, [(fact id, text)]).
pub type ItemAnswers = (String, String, Vec<(String, String)>);

/// Builds facts from text answers (firm file, golden case, store), reporting every bad answer.
pub fn facts_from_text<'a>(
    catalogue: &Catalogue,
    firm: impl IntoIterator<Item = (&'a str, &'a str)>,
    items: impl IntoIterator<Item = (&'a str, &'a str, Vec<(&'a str, &'a str)>)>,
    as_of: Option<NaiveDate>,
) -> Result<Facts, Vec<AnswerError>> {
    let mut errors = Vec::new();
    let mut facts = Facts::default();
    let mut put = |map: &mut BTreeMap<String, Value>, kind: Option<&str>, id: &str, text: &str| {
        let Some(def) = catalogue.fact(id) else {
            errors.push(AnswerError {
                fact: id.into(),
                question: id.into(),
                message: "未知事实 / unknown fact".into(),
            });
            return;
        };
        match check_place(def, kind).and_then(|()| parse_answer(catalogue, def, text, as_of)) {
            Ok(Some(v)) => {
                map.insert(id.to_string(), v);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    };
    for (id, text) in firm {
        put(&mut facts.firm, None, id, text);
    }
    for (kind, item_id, answers) in items {
        let mut item = Item {
            kind: kind.into(),
            id: item_id.into(),
            facts: BTreeMap::new(),
        };
        for (id, text) in answers {
            put(&mut item.facts, Some(kind), id, text);
        }
        facts.items.push(item);
    }
    if errors.is_empty() {
        Ok(facts)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_several_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        assert_eq!(parse_date("2026-03-15"), Some(d));
        assert_eq!(parse_date("2026年3月15日"), Some(d));
        assert_eq!(parse_date("２０２６年３月１５日"), Some(d));
        assert_eq!(parse_date("2026/3/15"), Some(d));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("15/3/2026"), None);
        assert_eq!(parse_date("abc"), None);
    }
}
