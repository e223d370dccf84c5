//! The firm file (TOML or JSON): a firm's profile and its answers as a person would type them,
//! for scripted and batch use. Format documented in docs/firm-file.md.

use crate::facts::{AnswerError, Facts, ItemAnswers, facts_from_text};
use chrono::NaiveDate;
use huiqi_catalog::{Catalogue, GoldenCase};
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
        match result {
            Ok(f) if errors.is_empty() => Ok(f),
            Ok(_) => Err(FirmFileError::Answers(errors)),
            Err(mut e) => {
                errors.append(&mut e);
                Err(FirmFileError::Answers(errors))
            }
        }
    }
}
