//! The firm file (TOML or JSON): a firm's profile and its answers as a person would type them,
//! for scripted and batch use. Format documented in docs/firm-file.md.

use crate::facts::{AnswerError, ClaimState, Facts, ItemAnswers, Received, facts_from_text};
use chrono::NaiveDate;
use huiqi_catalog::{Catalogue, GoldenCase, quantity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmFileItem {
    pub kind: String,
    pub id: Option<String>,
    pub name: Option<String>,
    #[serde(default)]
    pub facts: BTreeMap<String, AnswerText>,
}

/// A claim made or an award received (`[[received]]`), as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmFileReceived {
    /// The measure id, e.g. `jinan-gyqs-2020/7a`.
    pub measure: String,
    /// The support year (申报年度).
    pub year: i32,
    /// As typed, with its unit: `300万`, `3,000,000元`; absent when not known.
    pub amount: Option<String>,
    /// The item (project, route…) it was for.
    pub item: Option<String>,
    /// `draft`, `submitted`, `approved`, `paid` (the default) or `rejected`, or the
    /// Chinese label (草稿、已申报、已批准、已拨付、未通过).
    pub state: Option<String>,
}

impl FirmFileReceived {
    /// The entry as the engine reads it; `n` (from 1) names it in errors.
    fn to_received(&self, cat: &Catalogue, n: usize) -> Result<Received, AnswerError> {
        let fail = |message: String| AnswerError {
            fact: format!("received[{n}]"),
            question: format!("已获支持第 {n} 条（{}）", self.measure),
            message,
        };
        if cat.measure(&self.measure).is_none() {
            return Err(fail(format!(
                "未知措施编号：{} / unknown measure id",
                self.measure
            )));
        }
        if !(1949..=2100).contains(&self.year) {
            return Err(fail(format!(
                "申报年度超出范围：{} / year out of range",
                self.year
            )));
        }
        let amount = match self.amount.as_deref() {
            None => None,
            Some(t) => Some(quantity::parse_money(t, None).map_err(|e| {
                let full = e.to_string();
                let (zh, en) = full.split_once(" / ").unwrap_or((&full, &full));
                fail(format!("金额：{zh} / amount: {en}"))
            })?),
        };
        let state = match self.state.as_deref() {
            None => ClaimState::Paid,
            Some(t) => parse_state(t).ok_or_else(|| {
                fail(format!(
                    "未知状态：{t}（可选 draft、submitted、approved、paid、rejected） / unknown state"
                ))
            })?,
        };
        Ok(Received {
            measure: self.measure.clone(),
            year: self.year,
            amount,
            item: self.item.clone().filter(|i| !i.trim().is_empty()),
            state,
        })
    }
}

/// A claim state by its English name or Chinese label.
fn parse_state(text: &str) -> Option<ClaimState> {
    let t = text.trim();
    ClaimState::ALL
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(t) || s.label_zh() == t)
}

/// An answer in a firm file: text as typed, or a native TOML/JSON bool, number or date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AnswerText {
    Bool(bool),
    Int(i64),
    Text(String),
    Date(toml::value::Datetime),
}

impl From<&toml::Value> for AnswerText {
    /// A TOML value as the firm-file reader would take it (a float or a table is its TOML text).
    fn from(v: &toml::Value) -> AnswerText {
        match v {
            toml::Value::String(s) => AnswerText::Text(s.clone()),
            toml::Value::Boolean(b) => AnswerText::Bool(*b),
            toml::Value::Integer(n) => AnswerText::Int(*n),
            toml::Value::Datetime(d) => AnswerText::Date(*d),
            other => AnswerText::Text(other.to_string()),
        }
    }
}

impl AnswerText {
    pub fn as_text(&self) -> String {
        match self {
            AnswerText::Bool(true) => "是".into(),
            AnswerText::Bool(false) => "否".into(),
            AnswerText::Int(n) => n.to_string(),
            AnswerText::Text(s) => s.clone(),
            AnswerText::Date(d) => d.to_string(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmFile {
    pub name: String,
    pub credit_code: Option<String>,
    pub legal_rep: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
    /// The support year (申报年度) to assess, when the command line does not say.
    pub year: Option<i32>,
    /// Validity overrides the firm's adviser has checked (see docs/firm-file.md).
    #[serde(default)]
    pub validity: Vec<FirmFileValidity>,
    #[serde(default)]
    pub facts: BTreeMap<String, AnswerText>,
    #[serde(default)]
    pub items: Vec<FirmFileItem>,
    /// Claims made or awards received (`[[received]]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub received: Vec<FirmFileReceived>,
}

/// `[[validity]]`: a document repealed or extended on a date, or checked as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirmFileValidity {
    pub document: String,
    /// `repealed`, `extended` or `as_written`.
    pub kind: String,
    pub date: Option<toml::value::Datetime>,
    pub reason: String,
}

impl FirmFileValidity {
    /// The override as the engine reads it; the document must be in the catalogue.
    pub fn to_override(&self, cat: &Catalogue) -> Result<crate::ValidityOverride, String> {
        if cat.document(&self.document).is_none() {
            return Err(format!("未知文件 / unknown document: {}", self.document));
        }
        let date = match &self.date {
            None => None,
            Some(d) => Some(
                NaiveDate::parse_from_str(&d.to_string(), "%Y-%m-%d")
                    .map_err(|_| format!("无效日期 / invalid date: {d}"))?,
            ),
        };
        Ok(crate::ValidityOverride {
            document: self.document.clone(),
            kind: crate::period::override_kind(&self.kind, date)?,
            reason: self.reason.clone(),
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FirmFileError {
    /// The file is not valid TOML/JSON of this shape (message includes the line).
    Syntax(String),
    /// Answers that could not be accepted, each naming its question.
    Answers(Vec<AnswerError>),
}

impl std::fmt::Display for FirmFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FirmFileError::Syntax(m) => write!(f, "企业文件格式错误 / bad firm file: {m}"),
            FirmFileError::Answers(errs) => {
                for e in errs {
                    writeln!(f, "{e}")?;
                }
                write!(
                    f,
                    "共 {} 个答案无法识别 / {} answer(s) rejected",
                    errs.len(),
                    errs.len()
                )
            }
        }
    }
}

impl std::error::Error for FirmFileError {}

impl FirmFile {
    /// A golden case of the catalogue read exactly like a firm file, so the tests run cases
    /// through the same parser as real firms.
    pub fn from_case(case: &GoldenCase) -> FirmFile {
        let answers = |t: &toml::Table| t.iter().map(|(k, v)| (k.clone(), v.into())).collect();
        FirmFile {
            name: case.id.clone(),
            facts: answers(&case.facts),
            items: case
                .items
                .iter()
                .map(|i| FirmFileItem {
                    kind: i.kind.clone(),
                    id: i.id.clone(),
                    name: None,
                    facts: answers(&i.facts),
                })
                .collect(),
            year: case.year,
            received: case
                .received
                .iter()
                .map(|r| FirmFileReceived {
                    measure: r.measure.clone(),
                    year: r.year,
                    amount: r.amount.clone(),
                    item: r.item.clone(),
                    state: r.state.clone(),
                })
                .collect(),
            validity: case
                .validity
                .iter()
                .map(|v| FirmFileValidity {
                    document: case
                        .measure
                        .split('/')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                    kind: v.kind.clone(),
                    date: v.date.and_then(|d| d.to_string().parse().ok()),
                    reason: v.reason.clone(),
                })
                .collect(),
            ..Default::default()
        }
    }

    /// Parses TOML, or JSON when the text starts with `{`.
    pub fn parse(text: &str) -> Result<FirmFile, FirmFileError> {
        let t = text.trim_start_matches('\u{feff}');
        if t.trim_start().starts_with('{') {
            serde_json::from_str(t)
                .map_err(|e| FirmFileError::Syntax(format!("第 {} 行: {e}", e.line())))
        } else {
            toml::from_str(t).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| t[..s.start].matches('\n').count() + 1)
                    .unwrap_or(0);
                FirmFileError::Syntax(format!("第 {line} 行: {}", e.message()))
            })
        }
    }

    /// Typed facts; every rejected answer is reported. Items without an id are numbered.
    pub fn facts(&self, cat: &Catalogue, as_of: Option<NaiveDate>) -> Result<Facts, FirmFileError> {
        let firm: Vec<(String, String)> = self
            .facts
            .iter()
            .map(|(k, v)| (k.clone(), v.as_text()))
            .collect();
        let items: Vec<ItemAnswers> = self
            .items
            .iter()
            .enumerate()
            .map(|(n, i)| {
                let id = i.id.clone().unwrap_or_else(|| format!("{}", n + 1));
                (
                    i.kind.clone(),
                    id,
                    i.facts
                        .iter()
                        .map(|(k, v)| (k.clone(), v.as_text()))
                        .collect(),
                )
            })
            .collect();
        let mut errors = Vec::new();
        for (kind, _, _) in &items {
            if cat.item_kind(kind).is_none() {
                errors.push(AnswerError {
                    fact: kind.clone(),
                    question: kind.clone(),
                    message: "未知条目类型 / unknown item kind".into(),
                });
            }
        }
        let result = facts_from_text(
            cat,
            firm.iter().map(|(a, b)| (a.as_str(), b.as_str())),
            items.iter().map(|(k, id, fs)| {
                (
                    k.as_str(),
                    id.as_str(),
                    fs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect(),
                )
            }),
            as_of,
        );
        let mut received = Vec::new();
        let mut received_errors = Vec::new();
        for (n, r) in self.received.iter().enumerate() {
            match r.to_received(cat, n + 1) {
                Ok(r) => received.push(r),
                Err(e) => received_errors.push(e),
            }
        }
        let result = result.map(|mut f| {
            f.received = received;
            f
        });
        match result {
            Ok(f) if errors.is_empty() && received_errors.is_empty() => Ok(f),
            Ok(_) => {
                errors.append(&mut received_errors);
                Err(FirmFileError::Answers(errors))
            }
            Err(mut e) => {
                errors.append(&mut e);
                errors.append(&mut received_errors);
                Err(FirmFileError::Answers(errors))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn cat() -> Catalogue {
        Catalogue::builtin().expect("built-in catalogue")
    }

    const HEAD: &str = "name = \"甲公司\"\n";

    #[test]
    fn received_entries_become_facts() {
        let text = format!(
            "{HEAD}
[[received]]
measure = \"jinan-gyqs-2020/7a\"
year = 2025
amount = \"300万\"
item = \"p1\"

[[received]]
measure = \"jinan-gyqs-2020/7a\"
year = 2026
state = \"已申报\"
"
        );
        let facts = FirmFile::parse(&text).unwrap().facts(&cat(), None).unwrap();
        assert_eq!(
            facts.received,
            vec![
                Received {
                    measure: "jinan-gyqs-2020/7a".into(),
                    year: 2025,
                    amount: Some(Decimal::from(3_000_000)),
                    item: Some("p1".into()),
                    state: ClaimState::Paid,
                },
                Received {
                    measure: "jinan-gyqs-2020/7a".into(),
                    year: 2026,
                    amount: None,
                    item: None,
                    state: ClaimState::Submitted,
                },
            ]
        );
    }

    #[test]
    fn bad_received_entries_are_named_in_both_languages() {
        let text = format!(
            "{HEAD}
[[received]]
measure = \"no-such/1\"
year = 2025

[[received]]
measure = \"jinan-gyqs-2020/7a\"
year = 2025
amount = \"300\"

[[received]]
measure = \"jinan-gyqs-2020/7a\"
year = 2025
amount = \"-5万\"

[[received]]
measure = \"jinan-gyqs-2020/7a\"
year = 2025
state = \"done\"
"
        );
        let err = FirmFile::parse(&text)
            .unwrap()
            .facts(&cat(), None)
            .unwrap_err();
        let FirmFileError::Answers(errs) = &err else {
            panic!("{err}")
        };
        let msgs: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
        assert_eq!(msgs.len(), 4, "{msgs:?}");
        assert!(
            msgs[0].contains("已获支持第 1 条（no-such/1）"),
            "{}",
            msgs[0]
        );
        assert!(msgs[0].contains("未知措施编号") && msgs[0].contains("unknown measure"));
        assert!(
            msgs[1].contains("第 2 条") && msgs[1].contains("缺少单位"),
            "{}",
            msgs[1]
        );
        assert!(
            msgs[2].contains("第 3 条") && msgs[2].contains("不能为负数"),
            "{}",
            msgs[2]
        );
        assert!(
            msgs[3].contains("第 4 条") && msgs[3].contains("unknown state"),
            "{}",
            msgs[3]
        );
    }

    #[test]
    fn received_keys_are_checked() {
        let text = format!("{HEAD}[[received]]\nmeasure = \"x\"\nyear = 2025\nyuan = 5\n");
        assert!(matches!(
            FirmFile::parse(&text),
            Err(FirmFileError::Syntax(m)) if m.contains("第 4 行") || m.contains("yuan")
        ));
    }
}
