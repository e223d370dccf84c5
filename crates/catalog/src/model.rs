//! The catalogue's data model, exactly as written in the TOML files (`deny_unknown_fields`
//! everywhere: a misspelt key is an error, not a silently ignored rule).

use crate::expr::Expr;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

/// Where a dated value comes from: stated in the text, or inferred by a named rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Stated,
    Inferred,
    NotStated,
}

/// TOML dates (`2020-07-09`, unquoted) and quoted date strings both deserialize.
mod toml_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer};

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }

    fn convert<E: serde::de::Error>(raw: Raw) -> Result<NaiveDate, E> {
        let text = match raw {
            Raw::Toml(d) => d.to_string(),
            Raw::Text(s) => s,
        };
        NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .map_err(|_| E::custom(format!("无效日期 / invalid date: {text}")))
    }

    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        convert(Raw::deserialize(d)?)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        Option::<Raw>::deserialize(d)?.map(convert).transpose()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatedValue {
    #[serde(default, deserialize_with = "toml_date::optional")]
    pub date: Option<NaiveDate>,
    pub basis: Basis,
    /// The words the date rests on (verbatim, checked against the source) when stated.
    pub quote: Option<String>,
    /// The rule used when inferred (e.g. "D3: 计划期末").
    pub rule: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseLevel {
    /// 一、二、三、
    CnTop,
    /// （一）（二）
    CnParen,
    /// 1. 2. 3.  (also 1．and 1、)
    Arabic,
    /// (1) （1）
    ArabicParen,
    /// 第一条
    Article,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defect {
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StackingKind {
    /// 就高不重复: of the member measures, the firm receives only the best one.
    HighestOnly,
    /// 同一项目不重复奖补: per item (project, product...), only the best member pays.
    OnePerItem,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StackingGroup {
    pub id: String,
    pub kind: StackingKind,
    pub members: Vec<String>,
    /// The words that create the rule (verbatim).
    pub quote: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NonEnterpriseClause {
    pub clause: String,
    pub reason: String,
}

/// `document.toml`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub key: String,
    pub title: String,
    pub short_title: Option<String>,
    pub issuer: Option<String>,
    pub number: Option<String>,
    /// File name in `assets/sources/`.
    pub source: String,
    /// GB/T 2260 codes; a firm is in scope if its region nests in one of them.
    pub regions: Vec<String>,
    pub region_note: Option<String>,
    pub clause_levels: Vec<ClauseLevel>,
    pub issued: DatedValue,
    pub effective: DatedValue,
    pub expires: DatedValue,
    #[serde(default)]
    pub defects: Vec<Defect>,
    #[serde(default)]
    pub stacking: Vec<StackingGroup>,
    #[serde(default)]
    pub non_enterprise: Vec<NonEnterpriseClause>,
    /// Global rules in words (e.g. 申报主体须在本区注册纳税), each verbatim.
    #[serde(default)]
    pub global_rules: Vec<String>,
}

/// A document's standing on a date, from its own effective and expiry dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    NotYetEffective,
    InForce,
    /// In force; the document states no end date.
    InForceNoEnd,
    Expired,
}

impl Standing {
    pub fn label_zh(self) -> &'static str {
        match self {
            Standing::NotYetEffective => "尚未生效",
            Standing::InForce => "有效",
            Standing::InForceNoEnd => "有效（未规定有效期）",
            Standing::Expired => "已失效",
        }
    }
}

impl Document {
    /// Both ends are inclusive: the expiry date is the last day in force.
    pub fn standing_on(&self, as_of: NaiveDate) -> Standing {
        if self.effective.date.is_some_and(|s| as_of < s) {
            Standing::NotYetEffective
        } else if self.expires.date.is_some_and(|e| as_of > e) {
            Standing::Expired
        } else if self.expires.date.is_none() {
            Standing::InForceNoEnd
        } else {
            Standing::InForce
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountClass {
    /// The text fixes the amount (or a formula with no discretion).
    Exact,
    /// A formula whose result is a ceiling (不超过, 最高 with a formula, 择优).
    Maximum,
    /// Only a ceiling is stated; nothing to compute.
    CapOnly,
    /// Money is promised but no amount stated (never 0).
    Unquantified,
    /// Listing, priority, service, land, honour.
    NonMonetary,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tier {
    pub when: Spanned<String>,
    /// Fixed amount of this tier, or…
    pub amount: Option<Spanned<String>>,
    /// …a rate applied to the rule's base.
    pub rate: Option<Spanned<String>>,
    pub label: Option<String>,
    #[serde(skip)]
    pub when_expr: Option<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AmountRuleKind {
    Fixed,
    Rate,
    Tiers,
    PerUnit,
    UpTo,
    None,
}

/// How much is paid. Literals carry units (`1000万元`, `10%`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRule {
    pub rule: AmountRuleKind,
    /// fixed: the amount; per_unit: the amount per unit.
    pub amount: Option<Spanned<String>>,
    /// rate / tiers-with-rates: an expression for the base (money).
    pub base: Option<Spanned<String>>,
    /// per_unit: an expression for the number of units.
    pub units: Option<Spanned<String>>,
    pub rate: Option<Spanned<String>>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// Cap per item (per project, per fair, per route), or per firm for a non-item measure.
    pub cap: Option<Spanned<String>>,
    /// Cap per firm per support year, across all items of the measure.
    pub cap_firm: Option<Spanned<String>>,
    /// Minimum payable per item; below it nothing is paid (rare).
    pub floor: Option<Spanned<String>>,
    #[serde(skip)]
    pub base_expr: Option<Expr>,
    #[serde(skip)]
    pub units_expr: Option<Expr>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub topic: String,
    pub reading: String,
    #[serde(default)]
    pub alternatives: Vec<String>,
    pub why: String,
}

/// One enterprise-facing measure.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: Spanned<String>,
    pub clause: String,
    pub title: String,
    pub title_en: Option<String>,
    pub quotes: Vec<Spanned<String>>,
    pub beneficiary: String,
    /// A sector/type precondition; false means "out of scope" rather than "not eligible".
    pub scope: Option<Spanned<String>>,
    /// Eligibility conditions; absent means no condition beyond scope and region.
    pub when: Option<Spanned<String>>,
    /// Item kind this measure pays per item of (project, fair, route…).
    pub per_item: Option<String>,
    /// A date fact that must fall inside the document's validity window.
    pub event_date: Option<Spanned<String>>,
    pub amount_class: AmountClass,
    pub amount: AmountRule,
    #[serde(default)]
    pub evidence: Vec<String>,
    #[serde(default)]
    pub departments: Vec<String>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(skip)]
    pub scope_expr: Option<Expr>,
    #[serde(skip)]
    pub when_expr: Option<Expr>,
    #[serde(skip)]
    pub event_date_expr: Option<Expr>,
    /// `scope` and `when` in Chinese (`render::render_zh`), rendered once at load: the engine
    /// quotes them in every trace.
    #[serde(skip)]
    pub scope_zh: Option<String>,
    #[serde(skip)]
    pub when_zh: Option<String>,
    #[serde(skip)]
    pub document: String,
}

impl Measure {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasuresFile {
    #[serde(default)]
    pub measure: Vec<Measure>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    Bool,
    Money,
    Count,
    Percent,
    Number,
    Date,
    Year,
    Choice,
    Region,
    Industry,
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub label_en: Option<String>,
}

/// A named fact the engine can ask for.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub ty: FactType,
    /// Repeatable item kind this fact belongs to; none for firm-level facts.
    pub item: Option<String>,
    pub label: String,
    pub label_en: Option<String>,
    pub help: Option<String>,
    /// Money: the unit assumed when an answer has none (and shown on the input).
    pub unit: Option<crate::quantity::MoneyUnit>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    pub min: Option<String>,
    pub max: Option<String>,
    /// Dates that must not be after the assessment date (a completion, a recognition).
    #[serde(default)]
    pub past_only: bool,
}

impl FactDef {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemKind {
    pub id: String,
    pub label: String,
    pub label_en: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactsFile {
    #[serde(default)]
    pub item_kind: Vec<ItemKind>,
    #[serde(default)]
    pub fact: Vec<FactDef>,
}

/// Expected outcome of a golden case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub status: String,
    /// Amount in 元 as a decimal string; absent when none is expected.
    pub amount: Option<String>,
    pub class: Option<AmountClass>,
    /// For expired measures: what it would have paid.
    pub would_have_paid: Option<String>,
    /// Facts that must be reported missing.
    #[serde(default)]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseItem {
    pub kind: String,
    pub id: Option<String>,
    #[serde(default)]
    pub facts: toml::Table,
}

/// A golden case: facts → outcome, with the arithmetic in a comment citing the text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldenCase {
    pub id: String,
    pub measure: String,
    #[serde(deserialize_with = "toml_date::required")]
    pub as_of: NaiveDate,
    pub note: Option<String>,
    #[serde(default)]
    pub facts: toml::Table,
    #[serde(default)]
    pub items: Vec<CaseItem>,
    pub expect: Expectation,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesFile {
    #[serde(default)]
    pub case: Vec<GoldenCase>,
}
