//! The dossier as plain data. No IO, no clock: the facade fills it from an assessment
//! and the renderers only read it.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Everything printed in one 申报材料.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DossierModel {
    /// 项目名称, e.g. "2026年度惠企政策资金申报".
    pub project_title: String,
    pub firm: FirmBlock,
    /// 申报日期 as `YYYY-MM-DD`: the assessment's as-of date, never the wall clock.
    pub declared_on: String,
    /// 企业基本情况表 rows, values already formatted for print.
    pub firm_facts: Vec<Row>,
    pub measures: Vec<MeasureSection>,
    /// Measures not eligible or not yet decidable; `None` leaves the appendix out.
    pub appendix: Option<Vec<AppendixEntry>>,
    /// Catalogue version, printed in every footer.
    pub catalog_version: String,
    /// Content hash of the inputs, printed in every footer so paper matches data.
    pub input_hash: String,
}

/// Cover fields. `None` prints a ruled blank line to be filled in by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirmBlock {
    pub name: Option<String>,
    pub credit_code: Option<String>,
    pub legal_rep: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
}

/// A label/value pair: one row of a two-column table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub label: String,
    pub value: String,
}

impl Row {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
        }
    }
}

/// One measure the firm is applying under.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MeasureSection {
    /// Stable id naming document and clause, e.g. `jinan-2020-3/7`.
    pub measure_id: String,
    /// Short title of the measure, e.g. "技术改造补助".
    pub title: String,
    /// Policy document title without 《》, e.g. "关于加快建设工业强市的实施意见".
    pub document_title: String,
    /// 文号 as printed, e.g. "济政发〔2020〕3号"; `None` when the document has none.
    pub document_number: Option<String>,
    /// Clause reference as printed, e.g. "第七条".
    pub clause: String,
    /// Verbatim source sentences (政策依据).
    pub quotes: Vec<String>,
    /// Answers establishing eligibility: question label, answer as printed.
    pub answers: Vec<Row>,
    /// Calculation, one already-worded line each.
    pub calculation: Vec<String>,
    /// Amount in 元; `None` when the text states none or the benefit is non-monetary.
    pub amount_yuan: Option<Decimal>,
    pub amount_class: AmountClass,
    /// Interpretation notes (口径).
    pub notes: Vec<String>,
    /// Evidence checklist.
    pub evidence: Vec<EvidenceItem>,
    /// 受理部门: the departments that receive the application, lead department first.
    #[serde(default)]
    pub departments: Vec<String>,
    /// Why items were left out of the award or the award was reduced, already worded.
    #[serde(default)]
    pub adjustments: Vec<String>,
}

/// How firm the amount is; decides the wording printed next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountClass {
    /// The rule yields the amount itself.
    Exact,
    /// The rule yields an upper bound (e.g. rate × base, then capped by discretion).
    Maximum,
    /// The text states only a cap.
    CapOnly,
    /// Monetary, but the text states no figure.
    Unquantified,
    /// The benefit is not money (priority, qualification, service...).
    NonMonetary,
}

/// One document the firm must hand in; `attached` lists files already on record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceItem {
    pub name: String,
    pub attached: Vec<String>,
}

impl EvidenceItem {
    pub fn new(name: impl Into<String>, attached: &[&str]) -> Self {
        Self {
            name: name.into(),
            attached: attached.iter().map(|s| (*s).to_string()).collect(),
        }
    }
}

/// A measure the firm is not applying under, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppendixEntry {
    pub measure_id: String,
    pub title: String,
    pub status: AppendixStatus,
    /// Why: the failed condition, the expiry, ... already worded.
    pub reasons: Vec<String>,
    /// What is missing to decide (facts to answer, documents to obtain).
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppendixStatus {
    NotEligible,
    Undecided,
    Expired,
}

impl AppendixStatus {
    pub fn label(self) -> &'static str {
        match self {
            AppendixStatus::NotEligible => "不符合条件",
            AppendixStatus::Undecided => "尚待确认",
            AppendixStatus::Expired => "政策已过期",
        }
    }
}
