//! The catalogue's data model, exactly as written in the TOML files (`deny_unknown_fields`
//! everywhere: a misspelt key is an error, not a silently ignored rule).

use crate::expr::Expr;
use chrono::NaiveDate;
use rust_decimal::Decimal;
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

    // The compiled form (not human-readable, not self-describing) holds plain dates.
    pub fn required<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        if !d.is_human_readable() {
            return NaiveDate::deserialize(d);
        }
        convert(Raw::deserialize(d)?)
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        if !d.is_human_readable() {
            return Option::<NaiveDate>::deserialize(d);
        }
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
    /// 重叠部分就高不重复: where an item's spend is declared part of another member's item
    /// (a 首台套 purchase inside a 技改 project), only the higher award on the overlapping
    /// amount is paid; the rest of each award stands.
    OverlapHighest,
}

/// For an `overlap_highest` group: the item kind whose spend can be part of another item,
/// and its two facts that say of which item and by how much.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OverlapSpec {
    pub item: String,
    /// A text fact of `item`: the id of the item (of another member) its spend is part of.
    pub part_of: String,
    /// A money fact of `item`: the overlapping amount.
    pub amount: String,
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
    /// Required for `overlap_highest`.
    pub overlap: Option<OverlapSpec>,
    /// For `one_per_item`: a text fact of the item that names the achievement, so that one
    /// project entered twice (at two tiers) counts once.
    pub same: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NonEnterpriseClause {
    #[serde(with = "crate::wire::spans")]
    pub clause: Spanned<String>,
    pub reason: String,
    /// Words of the clause (verbatim), checked to fall inside the clause named: a label
    /// that means another clause than the encoder thought cannot pass.
    pub quote: String,
}

/// `document.toml`
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub key: String,
    pub title: String,
    /// An unofficial English translation of `title` (and of `short_title`, `issuer` below),
    /// shown in the English UI; the Chinese stays the document's name everywhere printed.
    pub title_en: Option<String>,
    pub short_title: Option<String>,
    pub short_title_en: Option<String>,
    pub issuer: Option<String>,
    pub issuer_en: Option<String>,
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
    /// After expiry, the last day on which events inside the validity can still be claimed
    /// (stated, or inferred by a named rule such as 次年申报).
    pub claims_until: Option<DatedValue>,
    #[serde(default)]
    pub defects: Vec<Defect>,
    #[serde(default)]
    pub stacking: Vec<StackingGroup>,
    #[serde(default)]
    pub non_enterprise: Vec<NonEnterpriseClause>,
    /// Clauses not encoded yet (未编码): accounted for, shown as such, never assessed.
    #[serde(default, with = "crate::wire::spans")]
    pub pending: Vec<Spanned<String>>,
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
    #[serde(with = "crate::wire::spans")]
    pub when: Spanned<String>,
    /// Fixed amount of this tier, or…
    #[serde(default, with = "crate::wire::spans")]
    pub amount: Option<Spanned<String>>,
    /// …a rate applied to the rule's base.
    #[serde(default, with = "crate::wire::spans")]
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

/// What a cap counts over. Every cap names one: "单个企业最高不超过 1000 万元" is a different sum
/// per support year than over the document's life, and the text (or a 口径 note) decides which.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapPeriod {
    /// One award: per item for a measure paid per item (per project, product, fair), else the
    /// measure's single award to the firm.
    Award,
    /// Per item per support year (单条航线年度最高…): an item paid over several years.
    ItemYear,
    /// Per firm per support year, over all the measure's items of that year (单个企业年度…).
    FirmYear,
    /// Per firm over the document's whole life (累计…), across support years.
    FirmTotal,
}

impl CapPeriod {
    pub fn label_zh(self) -> &'static str {
        match self {
            CapPeriod::Award => "单项上限",
            CapPeriod::ItemYear => "单项年度上限",
            CapPeriod::FirmYear => "单个企业年度上限",
            CapPeriod::FirmTotal => "单个企业累计上限",
        }
    }
    pub fn label(self, lang: crate::render::Lang) -> &'static str {
        match lang {
            crate::render::Lang::Zh => self.label_zh(),
            crate::render::Lang::En => match self {
                CapPeriod::Award => "the cap per award",
                CapPeriod::ItemYear => "the yearly cap per item",
                CapPeriod::FirmYear => "the yearly cap per firm",
                CapPeriod::FirmTotal => "the lifetime cap per firm",
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cap {
    pub per: CapPeriod,
    #[serde(with = "crate::wire::spans")]
    pub amount: Spanned<String>,
    /// The words that state the cap (verbatim, checked against the source): required, so that
    /// every ceiling a firm signs under is traceable to its sentence.
    pub quote: String,
}

/// Which support year an event (a completion, a recognition) belongs to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventWindow {
    /// The event's own calendar year is its support year (annual awards, 当年).
    #[default]
    SupportYear,
    /// Paid in the year after the event (上年度 figures, claimed the next year).
    PreviousYear,
    /// Any date inside the document's validity (新认定/首次, one-off awards): the award is
    /// claimed once, in whichever support year the firm applies.
    Validity,
}

/// How much is paid. Literals carry units (`1000万元`, `10%`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmountRule {
    pub rule: AmountRuleKind,
    /// fixed: the amount; per_unit: the amount per unit.
    #[serde(default, with = "crate::wire::spans")]
    pub amount: Option<Spanned<String>>,
    /// rate / tiers-with-rates: an expression for the base (money).
    #[serde(default, with = "crate::wire::spans")]
    pub base: Option<Spanned<String>>,
    /// per_unit: an expression for the number of units.
    #[serde(default, with = "crate::wire::spans")]
    pub units: Option<Spanned<String>>,
    #[serde(default, with = "crate::wire::spans")]
    pub rate: Option<Spanned<String>>,
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// The ceilings the text states, each with the period it counts over.
    #[serde(default)]
    pub caps: Vec<Cap>,
    /// Minimum payable per item; below it nothing is paid (rare).
    #[serde(default, with = "crate::wire::spans")]
    pub floor: Option<Spanned<String>>,
    /// The figures above read into numbers by the loader, once, so that the engine computes
    /// without parsing text; none for a rule that did not come through the loader.
    #[serde(skip)]
    pub figures: Option<AmountFigures>,
    #[serde(skip)]
    pub base_expr: Option<Expr>,
    #[serde(skip)]
    pub units_expr: Option<Expr>,
}

/// An amount rule's figures as numbers: money in 元, rates as fractions (10% → 0.1), each
/// read as the engine reads it (`parse_money` without a default unit, `parse_percent`
/// without bare fractions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmountFigures {
    pub amount: Option<Decimal>,
    pub rate: Option<Decimal>,
    pub floor: Option<Decimal>,
    /// One per cap, in the order of `caps`.
    pub caps: Vec<Decimal>,
    /// Amount and rate of each tier, in the order of `tiers`.
    pub tiers: Vec<(Option<Decimal>, Option<Decimal>)>,
}

impl AmountRule {
    /// The rule's figures, or none when one of them does not read (the loader reports which).
    pub fn read_figures(&self) -> Option<AmountFigures> {
        use crate::quantity::{parse_money, parse_percent};
        let money = |v: &Option<Spanned<String>>| -> Option<Option<Decimal>> {
            v.as_ref()
                .map(|s| parse_money(s.get_ref(), None).ok())
                .map_or(Some(None), |d| d.map(Some))
        };
        let rate = |v: &Option<Spanned<String>>| -> Option<Option<Decimal>> {
            v.as_ref()
                .map(|s| parse_percent(s.get_ref(), false).ok())
                .map_or(Some(None), |d| d.map(Some))
        };
        Some(AmountFigures {
            amount: money(&self.amount)?,
            rate: rate(&self.rate)?,
            floor: money(&self.floor)?,
            caps: self
                .caps
                .iter()
                .map(|c| parse_money(c.amount.get_ref(), None).ok())
                .collect::<Option<_>>()?,
            tiers: self
                .tiers
                .iter()
                .map(|t| Some((money(&t.amount)?, rate(&t.rate)?)))
                .collect::<Option<_>>()?,
        })
    }
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
    #[serde(with = "crate::wire::spans")]
    pub id: Spanned<String>,
    pub clause: String,
    pub title: String,
    pub title_en: Option<String>,
    #[serde(with = "crate::wire::spans")]
    pub quotes: Vec<Spanned<String>>,
    pub beneficiary: String,
    /// A sector/type precondition; false means "out of scope" rather than "not eligible".
    #[serde(default, with = "crate::wire::spans")]
    pub scope: Option<Spanned<String>>,
    /// Eligibility conditions; absent means no condition beyond scope and region.
    #[serde(default, with = "crate::wire::spans")]
    pub when: Option<Spanned<String>>,
    /// Item kind this measure pays per item of (project, fair, route…).
    pub per_item: Option<String>,
    /// A date fact that must fall inside the document's validity window; it also places the
    /// award in a support year (see `event_window`).
    #[serde(default, with = "crate::wire::spans")]
    pub event_date: Option<Spanned<String>>,
    #[serde(default)]
    pub event_window: EventWindow,
    /// 一次性: paid once per firm (or once per item, for a measure paid per item), whatever
    /// the year; a claim already made settles it.
    #[serde(default)]
    pub once: bool,
    /// The amount counts figures over the whole support year (sorties, turnover): until the
    /// year has ended it is only accruing (累计中), not claimable.
    #[serde(default)]
    pub accrues: bool,
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
    #[serde(with = "crate::wire::spans")]
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub ty: FactType,
    /// Repeatable item kind this fact belongs to; none for firm-level facts.
    pub item: Option<String>,
    pub label: String,
    pub label_en: Option<String>,
    pub help: Option<String>,
    /// `help` in English for the English UI (an unofficial translation).
    pub help_en: Option<String>,
    /// Money: the unit assumed when an answer has none (and shown on the input).
    pub unit: Option<crate::quantity::MoneyUnit>,
    #[serde(default)]
    pub choices: Vec<Choice>,
    pub min: Option<String>,
    pub max: Option<String>,
    /// Dates that must not be after the assessment date (a completion, a recognition).
    #[serde(default)]
    pub past_only: bool,
    /// A figure that differs by year (a route's sorties): answered per year as `id@2026`, and
    /// read for the support year being assessed.
    #[serde(default)]
    pub per_year: bool,
    /// A yes/no fact the firm's industry decides: 是 when the GB/T 4754 section (门类, the
    /// letter of `firm.industry`) is one of these, 否 otherwise; not asked once the industry
    /// is known (工业企业: B 采矿业, C 制造业, D 电力、热力、燃气及水生产和供应业).
    #[serde(default)]
    pub industry_sections: Vec<String>,
    /// A yes/no follow-up of a screening question (是否为广电视听企业 → 是否为影视制作机构):
    /// asked only once the screening fact is 是; 否 there makes this 否 without asking.
    pub screened_by: Option<String>,
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
    pub item_kind: Vec<Spanned<ItemKind>>,
    #[serde(default)]
    pub fact: Vec<FactDef>,
}

/// The status a golden case expects: the engine's statuses, typed so that a typo is an
/// error at its line when the case is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpectedStatus {
    Eligible,
    NotEligible,
    Undecided,
    Expired,
    NotYetEffective,
    OutOfScope,
    Accruing,
    AlreadyReceived,
    OtherYear,
}

impl ExpectedStatus {
    /// The name as written in cases.toml (and as the engine's `Status::as_str`).
    pub fn as_str(self) -> &'static str {
        match self {
            ExpectedStatus::Eligible => "eligible",
            ExpectedStatus::NotEligible => "not_eligible",
            ExpectedStatus::Undecided => "undecided",
            ExpectedStatus::Expired => "expired",
            ExpectedStatus::NotYetEffective => "not_yet_effective",
            ExpectedStatus::OutOfScope => "out_of_scope",
            ExpectedStatus::Accruing => "accruing",
            ExpectedStatus::AlreadyReceived => "already_received",
            ExpectedStatus::OtherYear => "other_year",
        }
    }
}

/// Amounts a golden case expects: 元 as a plain number (`"3000000"`, `"12.5"`), parsed at
/// load. `"10万元"` is refused at its line: an expectation is the encoder's arithmetic done in
/// 元, not a literal to be read.
mod yuan {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer};
    use std::str::FromStr;

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Text(String),
    }

    pub fn optional<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        // The compiled form holds the amounts already read.
        if !d.is_human_readable() {
            return Option::<Decimal>::deserialize(d);
        }
        let Some(raw) = Option::<Raw>::deserialize(d)? else {
            return Ok(None);
        };
        let text = match raw {
            Raw::Int(n) => return Ok(Some(Decimal::from(n))),
            Raw::Text(t) => t,
        };
        let plain = !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        match Decimal::from_str(&text) {
            Ok(v) if plain => Ok(Some(v)),
            _ => Err(serde::de::Error::custom(format!(
                "金额以元为单位写成数字，如 \"100000\" / an expected amount is a number of 元, like \"100000\": {text}"
            ))),
        }
    }
}

/// Expected outcome of a golden case.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    pub status: ExpectedStatus,
    /// Amount in 元 as a plain number (`"3000000"`); absent when none is expected.
    #[serde(default, deserialize_with = "yuan::optional")]
    pub amount: Option<Decimal>,
    pub class: Option<AmountClass>,
    /// For expired measures: what it would have paid.
    #[serde(default, deserialize_with = "yuan::optional")]
    pub would_have_paid: Option<Decimal>,
    /// The exact total (元) over `measure` and `with`, after non-stacking.
    #[serde(default, deserialize_with = "yuan::optional")]
    pub total: Option<Decimal>,
    /// For `other_year`: the support year the event belongs to.
    pub year: Option<i32>,
    /// For `accruing`: the first day the amount can be claimed.
    #[serde(default, deserialize_with = "toml_date::optional")]
    pub claimable_from: Option<NaiveDate>,
    /// For an eligible measure of an expired document: the last day it can still be claimed.
    #[serde(default, deserialize_with = "toml_date::optional")]
    pub late_claim_until: Option<NaiveDate>,
    /// Facts that must be reported missing.
    #[serde(default)]
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseItem {
    pub kind: String,
    pub id: Option<String>,
    #[serde(default, with = "crate::wire::toml_table")]
    pub facts: toml::Table,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseReceived {
    pub measure: String,
    pub year: i32,
    pub amount: Option<String>,
    pub item: Option<String>,
    /// `draft`, `submitted`, `approved`, `paid` (the default) or `rejected`.
    pub state: Option<String>,
}

/// A user's override of a document's validity, as a golden case states it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseValidity {
    /// `repealed`, `extended` or `as_written`.
    pub kind: String,
    #[serde(default, deserialize_with = "toml_date::optional")]
    pub date: Option<NaiveDate>,
    pub reason: String,
}

/// A golden case: facts → outcome, with the arithmetic in a comment citing the text.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldenCase {
    pub id: String,
    /// Line of the case in its cases.toml (set by the loader), for lint messages.
    #[serde(skip)]
    pub line: usize,
    pub measure: String,
    #[serde(deserialize_with = "toml_date::required")]
    pub as_of: NaiveDate,
    /// The support year (申报年度); the year of `as_of` when absent.
    pub year: Option<i32>,
    /// Claims already made or received, as in a firm file's `[[received]]`.
    #[serde(default)]
    pub received: Vec<CaseReceived>,
    /// Other measures assessed together with `measure` (for non-stacking cases).
    #[serde(default)]
    pub with: Vec<String>,
    /// A validity override for the measure's document.
    pub validity: Option<CaseValidity>,
    pub note: Option<String>,
    #[serde(default, with = "crate::wire::toml_table")]
    pub facts: toml::Table,
    #[serde(default)]
    pub items: Vec<CaseItem>,
    pub expect: Expectation,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesFile {
    #[serde(default)]
    pub case: Vec<Spanned<GoldenCase>>,
}
