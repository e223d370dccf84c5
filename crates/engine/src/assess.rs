//! Decides every measure for a firm on an assessment date: status, amount, trace, what is
//! missing and what would change the outcome; then applies the non-stacking groups.

use crate::amount::{AmountCalc, amount_for, caps_of};
use crate::eval::{self, Env, Eval, Missing, Slots, Tri, fill_slots, slots_of, truth};
use crate::facts::Received;
use crate::facts::{Facts, Value};
use crate::money::{fmt_rate, fmt_yuan};
use crate::period::{
    Period, ValidityOverride, Window, asked_id, received_of, sum_received, support_year_of,
    year_view,
};
use crate::shared::SharedVec;
use crate::text::{Lang, tr, unknown, yuan};
use chrono::NaiveDate;
use huiqi_catalog::expr::{CmpOp, Expr};
use huiqi_catalog::load::item_kind_any;
use huiqi_catalog::render::{fact_label_in, item_kind_label_in, render};
use huiqi_catalog::tables::region_within;
use huiqi_catalog::{
    AmountClass, AmountRuleKind, CapPeriod, Catalogue, LoadedDocument, Measure, StackingKind,
};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Eligible,
    NotEligible,
    Undecided,
    Expired,
    NotYetEffective,
    OutOfScope,
    /// The support year has not ended: the figures so far give an amount that is not yet
    /// claimable (累计中).
    Accruing,
    /// Already claimed or received (one-off awards, or this year's claim already made).
    AlreadyReceived,
    /// The event belongs to another support year (see `Outcome::year`).
    OtherYear,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Eligible => "eligible",
            Status::NotEligible => "not_eligible",
            Status::Undecided => "undecided",
            Status::Expired => "expired",
            Status::NotYetEffective => "not_yet_effective",
            Status::OutOfScope => "out_of_scope",
            Status::Accruing => "accruing",
            Status::AlreadyReceived => "already_received",
            Status::OtherYear => "other_year",
        }
    }
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Eligible => "符合条件",
            Status::NotEligible => "不符合条件",
            Status::Undecided => "尚需补充信息",
            Status::Expired => "政策已过期",
            Status::NotYetEffective => "政策尚未生效",
            Status::OutOfScope => "不适用",
            Status::Accruing => "累计中",
            Status::AlreadyReceived => "已享受",
            Status::OtherYear => "属其他申报年度",
        }
    }
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.label_zh(),
            Lang::En => match self {
                Status::Eligible => "eligible",
                Status::NotEligible => "not eligible",
                Status::Undecided => "more information needed",
                Status::Expired => "policy expired",
                Status::NotYetEffective => "policy not yet in force",
                Status::OutOfScope => "not applicable",
                Status::Accruing => "accruing",
                Status::AlreadyReceived => "already received",
                Status::OtherYear => "another support year",
            },
        }
    }
}

/// One step of the reasoning, citing the clause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraceStep {
    pub step: String,
    pub detail: String,
    pub result: Tri,
    pub facts: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemOutcome {
    pub kind: String,
    pub id: String,
    pub status: Status,
    /// Amount for this item after its own cap, before the per-firm cap; 元.
    pub amount: Option<Decimal>,
    pub calculation: Vec<String>,
    pub missing: Vec<String>,
    pub failed: Vec<String>,
    /// Set when a non-stacking rule gave this item to another measure.
    pub dropped_by: Option<String>,
    /// The support year the item's event places it in, when known.
    pub year: Option<i32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dropped {
    pub group: String,
    pub kept: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome<'c> {
    /// The measure's id, its document's key, clause and title, borrowed from the catalogue.
    pub measure: &'c str,
    pub document: &'c str,
    pub clause: &'c str,
    pub title: &'c str,
    pub status: Status,
    pub class: AmountClass,
    /// 元, exact or upper bound according to `class`; None when no figure applies.
    pub amount: Option<Decimal>,
    /// For an expired document: what the measure would have paid inside its validity.
    pub would_have_paid: Option<Decimal>,
    /// `OtherYear`: the support year the event belongs to.
    pub year: Option<i32>,
    /// `Accruing`: the first day the amount so far (`amount`) can be claimed.
    pub claimable_from: Option<NaiveDate>,
    /// Eligible after the document expired: the last day events inside its validity can be
    /// claimed.
    pub late_claim_until: Option<NaiveDate>,
    /// Claims of this measure that bind this assessment (this year's, or any year's for a
    /// one-off award or a cap over the document's life).
    pub received: Vec<Received>,
    /// The document's validity as applied: the user's override, or that it must be verified.
    pub validity_note: Option<String>,
    pub items: Vec<ItemOutcome>,
    /// Fact ids still to answer, in question order.
    pub missing: Vec<String>,
    /// Item kinds of which the firm has entered none.
    pub missing_items: Vec<String>,
    /// Why not eligible. `failed`, `trace` and `hints` of a measure settled by its document
    /// (the firm registered outside its regions) are the document's, shared by its measures.
    pub failed: SharedVec<String>,
    pub calculation: Vec<String>,
    pub trace: SharedVec<TraceStep>,
    /// What would make the firm eligible (or pay more).
    pub hints: SharedVec<String>,
    pub dropped: Option<Dropped>,
}

impl Outcome<'_> {
    /// The amount that counts toward totals (nothing once dropped by a non-stacking rule).
    pub fn counted_amount(&self) -> Option<Decimal> {
        counted(self.status, self.dropped.is_some(), self.amount)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Totals {
    /// Sum of exact amounts (元) the firm can still claim for the support year.
    pub exact: Decimal,
    /// Exact amounts plus every maximum and cap (元): the most the firm could receive.
    pub upper_bound: Decimal,
    /// Amounts so far of measures whose year has not ended (元); in neither total above.
    pub accruing: Decimal,
    /// What expired measures would have paid inside their validity (元, exact or upper).
    pub would_have_paid: Decimal,
    /// Claims of the support year already made or received (元), apart from the totals.
    pub received: Decimal,
    pub eligible: usize,
    pub eligible_unquantified: usize,
    pub undecided: usize,
    pub not_eligible: usize,
    pub expired: usize,
    pub out_of_scope: usize,
    pub accruing_count: usize,
    pub already_received: usize,
    pub other_year: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment<'c> {
    pub as_of: NaiveDate,
    /// The support year (申报年度) assessed.
    pub year: i32,
    /// Validity overrides applied.
    pub overrides: Vec<ValidityOverride>,
    pub catalog_version: String,
    pub outcomes: Vec<Outcome<'c>>,
    pub totals: Totals,
}

impl<'c> Assessment<'c> {
    pub fn outcome(&self, measure: &str) -> Option<&Outcome<'c>> {
        self.outcomes.iter().find(|o| o.measure == measure)
    }
}

/// What an assessment builds besides the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessOptions {
    /// Build the explanation: `trace`, `hints`, `calculation`, `failed` (of outcomes and
    /// items) and `validity_note`. Without it (the questionnaire) these stay empty; every
    /// other field, the non-stacking decisions and the totals are the same as with it.
    pub explain: bool,
    /// The language of the explanation (Chinese unless asked otherwise; the printed dossier
    /// is always Chinese). Decisions and amounts do not depend on it.
    pub lang: Lang,
}

impl AssessOptions {
    pub const FULL: AssessOptions = AssessOptions {
        explain: true,
        lang: Lang::Zh,
    };
    pub const LEAN: AssessOptions = AssessOptions {
        explain: false,
        lang: Lang::Zh,
    };
    /// The full assessment explained in `lang`.
    pub const fn full_in(lang: Lang) -> AssessOptions {
        AssessOptions {
            explain: true,
            lang,
        }
    }
}

impl Default for AssessOptions {
    fn default() -> Self {
        AssessOptions::FULL
    }
}

/// Assesses every measure of the catalogue (or only `only`, when given), with the explanation.
/// `period` is an assessment date (its year is the support year) or a full [`Period`].
pub fn assess<'c>(
    cat: &'c Catalogue,
    facts: &Facts,
    period: impl Into<Period>,
    only: Option<&[String]>,
) -> Assessment<'c> {
    assess_with(cat, facts, period, only, AssessOptions::FULL)
}

/// [`assess`] with options; `AssessOptions::LEAN` decides without explaining.
pub fn assess_with<'c>(
    cat: &'c Catalogue,
    facts: &Facts,
    period: impl Into<Period>,
    only: Option<&[String]>,
    options: AssessOptions,
) -> Assessment<'c> {
    let period = period.into();
    let (facts, derived) = year_view(cat, facts, period.year);
    let slots = FirmSlots::new(cat, &facts, &derived);
    let mut memo = Memo::new(cat, (&facts, &slots), &period, options.lang);
    // Sized up front, and each outcome written where it stays: outcomes are large, and
    // moving them (or growing the vector) was a tenth of a lean assessment.
    let mut outcomes = Vec::with_capacity(only.map_or(cat.measures().len(), <[String]>::len));
    for m in cat.measures() {
        if only.is_none_or(|ids| ids.iter().any(|i| i == m.id())) {
            measure_outcome(&mut memo, m, options.explain, &mut outcomes);
        }
    }
    apply_stacking(
        cat,
        (&facts, &derived, &period),
        &mut outcomes,
        options.explain,
        options.lang,
    );
    let totals = totals(outcomes.iter().map(Outcome::tally), &facts, period.year);
    Assessment {
        as_of: period.as_of,
        year: period.year,
        overrides: period.overrides.clone(),
        catalog_version: cat.version().to_string(),
        outcomes,
        totals,
    }
}

/// The amount that counts toward totals: an eligible outcome's, unless a non-stacking rule
/// dropped it (the one rule for full and lean outcomes).
pub(crate) fn counted(status: Status, dropped: bool, amount: Option<Decimal>) -> Option<Decimal> {
    (status == Status::Eligible && !dropped)
        .then_some(amount)
        .flatten()
}

/// What the totals read of an outcome (full or lean).
#[derive(Clone, Copy)]
pub(crate) struct Tally {
    pub status: Status,
    pub class: AmountClass,
    pub amount: Option<Decimal>,
    pub counted: Option<Decimal>,
    pub would_have_paid: Option<Decimal>,
}

impl Outcome<'_> {
    fn tally(&self) -> Tally {
        Tally {
            status: self.status,
            class: self.class,
            amount: self.amount,
            counted: self.counted_amount(),
            would_have_paid: self.would_have_paid,
        }
    }
}

/// The totals of the outcomes, and of the claims of the support year already made.
pub(crate) fn totals(outcomes: impl Iterator<Item = Tally>, facts: &Facts, year: i32) -> Totals {
    let mut t = Totals::default();
    for o in outcomes {
        match o.status {
            Status::Eligible => {
                t.eligible += 1;
                match (o.class, o.counted) {
                    (AmountClass::Exact, Some(a)) => {
                        t.exact += a;
                        t.upper_bound += a;
                    }
                    (AmountClass::Maximum | AmountClass::CapOnly, Some(a)) => t.upper_bound += a,
                    (AmountClass::Unquantified | AmountClass::NonMonetary, _) => {
                        t.eligible_unquantified += 1
                    }
                    _ => {}
                }
            }
            Status::Undecided => t.undecided += 1,
            Status::NotEligible => t.not_eligible += 1,
            Status::Expired => {
                t.expired += 1;
                t.would_have_paid += o.would_have_paid.unwrap_or_default();
            }
            Status::OutOfScope | Status::NotYetEffective => t.out_of_scope += 1,
            Status::Accruing => {
                t.accruing_count += 1;
                t.accruing += o.amount.unwrap_or_default();
            }
            Status::AlreadyReceived => t.already_received += 1,
            Status::OtherYear => t.other_year += 1,
        }
    }
    t.received = facts
        .received
        .iter()
        .filter(|r| r.state.binds() && r.year == year)
        .filter_map(|r| r.amount)
        .sum();
    t
}

/// Result of one condition-and-amount pass (for the firm, or for one item).
struct Pass {
    tri: Tri,
    missing: Missing,
    failed: Vec<String>,
    hints: Vec<String>,
    amount: Option<Decimal>,
    calculation: Vec<String>,
    trace: Vec<TraceStep>,
    /// The event date, when the measure has one and it is answered.
    event: Option<NaiveDate>,
}

/// A condition and its truth `tri` (already computed by the caller), with the facts it reads.
/// `zh` is the condition in Chinese when the catalogue has it already.
fn condition_step(
    cat: &Catalogue,
    step: &str,
    (e, zh): (&Expr, Option<&str>),
    env: &Env,
    tri: Tri,
    lang: Lang,
) -> TraceStep {
    let mut facts: Vec<(String, String)> = Vec::new();
    for id in e.facts() {
        let shown = env
            .lookup(id)
            .map(|v| format_value_in(cat, id, v, lang))
            .unwrap_or_else(|| unknown(lang).into());
        let entry = (fact_label_in(cat, id, lang), shown);
        if !facts.contains(&entry) {
            facts.push(entry);
        }
    }
    TraceStep {
        step: step.into(),
        detail: match (lang, zh) {
            (Lang::Zh, Some(zh)) => zh.to_string(),
            _ => render(cat, e, lang),
        },
        result: tri,
        facts,
    }
}

/// "What would make you eligible" for a false condition.
fn hints_for(cat: &Catalogue, e: &Expr, env: &Env, lang: Lang) -> Vec<String> {
    let mut atoms = Vec::new();
    eval::failing_atoms(e, env, &mut atoms);
    atoms
        .into_iter()
        .map(|a| {
            let now = a
                .facts()
                .first()
                .and_then(|f| env.lookup(f).map(|v| format_value_in(cat, f, v, lang)))
                .map(|v| tr!(lang, "（目前为 {v}）", " (now {v})"))
                .unwrap_or_default();
            let text = render(cat, a, lang);
            match a {
                Expr::Fact(f) => {
                    let label = fact_label_in(cat, f, lang);
                    tr!(lang, "需具备：{label}", "Needed: {label}")
                }
                Expr::Cmp(op @ (CmpOp::Ge | CmpOp::Gt), _, _) => {
                    let above = if *op == CmpOp::Gt {
                        lang.pick("（须超过）", " (must exceed)")
                    } else {
                        ""
                    };
                    tr!(
                        lang,
                        "需达到：{text}{now}{above}",
                        "Must reach: {text}{now}{above}"
                    )
                }
                _ => tr!(lang, "需满足：{text}{now}", "Must meet: {text}{now}"),
            }
        })
        .collect()
}

/// The elementary conditions that make a false condition false, in words.
fn failed_for(cat: &Catalogue, e: &Expr, env: &Env, lang: Lang) -> Vec<String> {
    let mut atoms = Vec::new();
    eval::failing_atoms(e, env, &mut atoms);
    atoms.iter().map(|a| render(cat, a, lang)).collect()
}

/// A value as a person reads it: money in 元 with separators, choices by label.
pub fn format_value(cat: &Catalogue, fact: &str, v: &Value) -> String {
    format_value_in(cat, fact, v, Lang::Zh)
}

/// [`format_value`] in `lang`. English names regions and industries by their GB/T code (the
/// code tables have Chinese names only).
pub fn format_value_in(cat: &Catalogue, fact: &str, v: &Value, lang: Lang) -> String {
    let def = cat.fact(fact);
    if lang == Lang::En {
        match (def.map(|d| d.ty), v) {
            (Some(huiqi_catalog::FactType::Money), Value::Num(n)) => return yuan(lang, *n),
            (Some(huiqi_catalog::FactType::Choice), Value::Text(t)) => {
                if let Some(c) = def.and_then(|d| d.choices.iter().find(|c| &c.value == t)) {
                    return c.label_en.clone().unwrap_or_else(|| c.label.clone());
                }
            }
            (_, Value::Bool(b)) => return if *b { "yes" } else { "no" }.into(),
            // The code tables have Chinese names only: English shows the code.
            (
                Some(huiqi_catalog::FactType::Region | huiqi_catalog::FactType::Industry),
                Value::Text(t),
            ) => return t.clone(),
            _ => {}
        }
    }
    match (def.map(|d| d.ty), v) {
        (Some(huiqi_catalog::FactType::Money), Value::Num(n)) => fmt_yuan(*n),
        (Some(huiqi_catalog::FactType::Percent), Value::Num(n)) => fmt_rate(*n),
        (Some(huiqi_catalog::FactType::Choice), Value::Text(t)) => def
            .and_then(|d| d.choices.iter().find(|c| &c.value == t))
            .map(|c| c.label.clone())
            .unwrap_or_else(|| t.clone()),
        (Some(huiqi_catalog::FactType::Region), Value::Text(t)) => {
            cat.regions.full_name(t).unwrap_or_else(|| t.clone())
        }
        (Some(huiqi_catalog::FactType::Industry), Value::Text(t)) => cat
            .industries
            .name(t)
            .map(|n| format!("{t} {n}"))
            .unwrap_or_else(|| t.clone()),
        _ => v.to_string(),
    }
}

/// Evaluates conditions, the event date (`event`, parsed from `m.event_date`) and the amount
/// for one environment.
fn pass(
    cat: &Catalogue,
    m: &Measure,
    win: &Window,
    event: Option<&Expr>,
    env: &Env,
    (explain, lang): (bool, Lang),
) -> Pass {
    let mut p = Pass {
        tri: Tri::True,
        missing: Missing::new(),
        failed: vec![],
        hints: vec![],
        amount: None,
        calculation: vec![],
        trace: vec![],
        event: None,
    };
    let combine = |p: &mut Pass, tri: Tri, missing: Missing| match tri {
        Tri::False => p.tri = Tri::False,
        Tri::Unknown => {
            if p.tri != Tri::False {
                p.tri = Tri::Unknown;
            }
            p.missing.extend(missing);
        }
        Tri::True => {}
    };
    if let Some(when) = &m.when_expr {
        let (tri, missing) = truth(when, env);
        if explain {
            let zh = m.when_zh.as_deref();
            let step = lang.pick("申报条件", "Conditions");
            p.trace
                .push(condition_step(cat, step, (when, zh), env, tri, lang));
            if tri == Tri::False {
                p.failed.extend(failed_for(cat, when, env, lang));
                p.hints.extend(hints_for(cat, when, env, lang));
            }
        }
        combine(&mut p, tri, missing);
    }
    if let Some(e) = event {
        let label = || {
            fact_label_in(
                cat,
                m.event_date.as_ref().map_or("", |ed| ed.get_ref()),
                lang,
            )
        };
        let step = || {
            lang.pick("政策期内", "Within the policy period")
                .to_string()
        };
        match eval::eval(e, env) {
            Eval::Known(Value::Date(d)) => {
                p.event = Some(d);
                let ok = win.contains(d);
                if explain {
                    let label = label();
                    let window = win.describe_in(lang);
                    p.trace.push(TraceStep {
                        step: step(),
                        detail: tr!(
                            lang,
                            "{label} 须在政策有效期 {window} 内",
                            "{label} must fall within the policy's validity, {window}"
                        ),
                        result: if ok { Tri::True } else { Tri::False },
                        facts: vec![(label.clone(), d.to_string())],
                    });
                    if !ok {
                        p.failed.push(tr!(
                            lang,
                            "{label} {d} 不在政策有效期 {window} 内",
                            "{label} {d} is outside the policy's validity, {window}"
                        ));
                    }
                }
                if !ok {
                    combine(&mut p, Tri::False, Missing::new());
                }
            }
            Eval::Unknown(missing) => {
                if explain {
                    p.trace.push(TraceStep {
                        step: step(),
                        detail: tr!(
                            lang,
                            "{} 须在政策有效期内",
                            "{} must fall within the policy's validity",
                            label()
                        ),
                        result: Tri::Unknown,
                        facts: vec![],
                    });
                }
                combine(&mut p, Tri::Unknown, missing);
            }
            _ => combine(&mut p, Tri::False, Missing::new()),
        }
    }
    if p.tri == Tri::False {
        p.missing.clear();
        return p;
    }
    // Amount, computed even while conditions are unknown so the missing base facts are asked too.
    let AmountCalc {
        amount,
        missing,
        lines,
        failure,
    } = amount_for(cat, &m.amount, env, explain, lang);
    p.calculation = lines;
    if let Some(f) = failure {
        if explain {
            p.failed.push(f);
        }
        p.tri = Tri::False;
        p.missing.clear();
        return p;
    }
    if !missing.is_empty() {
        p.tri = Tri::Unknown;
        p.missing.extend(missing);
    }
    p.amount = amount;
    p
}

/// What one assessment computes once rather than per measure: the document of the measures
/// (they come grouped by document, and `Catalogue::document_of` searches by key) and, for the
/// explanation, texts that depend only on the document or the firm.
pub(crate) struct Memo<'c: 'a, 'a> {
    cat: &'c Catalogue,
    facts: &'a Facts,
    /// The firm's and its items' answers by fact position.
    slots: &'a FirmSlots<'a>,
    period: &'a Period,
    /// The firm's registered region code, when answered.
    region_code: Option<&'a str>,
    doc: Option<&'c LoadedDocument>,
    /// `doc`'s position in the catalogue.
    doc_position: Option<usize>,
    /// `doc`'s validity for the period, and its note (see `validity_note`; written when first
    /// asked for, by the explanation): the same for every measure of the document.
    window: Option<Window<'a>>,
    validity_note: Option<Option<String>>,
    /// Whether the firm is registered in `doc`'s regions.
    region: Tri,
    /// For `doc`: "注册地须在 … 范围内" and the hint to a firm registered elsewhere.
    region_texts: Option<(String, String)>,
    /// The label of `firm.region` and the firm's region as the trace shows them.
    firm_region: Option<(String, String)>,
    /// The language of the explanation.
    lang: Lang,
    /// For `doc`, when the firm is outside its regions: what each of its measures says.
    outside: Option<Outside>,
    /// The measures the firm has binding claims of, sorted: most firms have a few claims and
    /// most measures none, which a search settles without reading the claims.
    claimed: Vec<&'a str>,
}

impl<'c: 'a, 'a> Memo<'c, 'a> {
    pub(crate) fn new(
        cat: &'c Catalogue,
        (facts, slots): (&'a Facts, &'a FirmSlots<'a>),
        period: &'a Period,
        lang: Lang,
    ) -> Self {
        let region_code = match facts.firm.get("firm.region") {
            Some(Value::Text(code)) => Some(code.as_str()),
            _ => None,
        };
        Memo {
            cat,
            facts,
            slots,
            period,
            region_code,
            doc: None,
            doc_position: None,
            window: None,
            validity_note: None,
            region: Tri::Unknown,
            region_texts: None,
            firm_region: None,
            lang,
            outside: None,
            claimed: claimed_measures(facts),
        }
    }

    /// The claims of `m` that bind the support year (see [`binding_claims`]).
    fn binding_claims(&self, m: &Measure) -> Vec<Received> {
        if self.claimed.binary_search(&m.id()).is_err() {
            return vec![];
        }
        binding_claims(m, self.facts, self.period.year)
    }

    /// The document of `m`, which becomes the current one.
    fn document(&mut self, m: &Measure) -> &'c LoadedDocument {
        if let Some(d) = self.doc
            && d.doc.key == m.document
        {
            return d;
        }
        // Measures come in catalogue order: the next document is most often the one.
        let next = self.doc_position.map_or(0, |p| p + 1);
        let (position, d) = match self.cat.documents.get(next) {
            Some(d) if d.doc.key == m.document => (Some(next), d),
            _ => {
                let d = self.cat.document_of(m);
                (
                    self.cat.documents.iter().position(|x| std::ptr::eq(x, d)),
                    d,
                )
            }
        };
        self.doc_position = position;
        self.doc = Some(d);
        let window = Window::of(&d.doc, self.period);
        self.validity_note = None;
        self.window = Some(window);
        self.region = match self.region_code {
            Some(code) if d.doc.regions.iter().any(|r| region_within(code, r)) => Tri::True,
            Some(_) => Tri::False,
            None => Tri::Unknown,
        };
        self.region_texts = None;
        self.outside = None;
        d
    }

    /// The current document's explanation for a firm registered outside its regions.
    fn outside_explanation(&mut self) -> &Outside {
        if self.outside.is_none() {
            let lang = self.lang;
            let (_, step) = self.region_step(true);
            let failed = tr!(
                lang,
                "企业注册地不在本政策适用地区",
                "The firm is not registered in the region this policy covers"
            );
            let hint = self.region_texts().1.clone();
            self.outside = Some(Outside {
                trace: step.into_iter().collect(),
                failed: [failed].into(),
                hints: [hint].into(),
            });
        }
        self.outside.as_ref().expect("set above")
    }

    /// Whether the firm is registered outside the regions of `m`'s document (which becomes
    /// the current one): then `measure_outcome` settles `m` as out of scope, unread.
    pub(crate) fn outside_region(&mut self, m: &Measure) -> bool {
        self.document(m);
        self.region == Tri::False
    }

    /// The current document's validity note (see `validity_note`).
    fn validity_note(&mut self) -> &Option<String> {
        let (window, lang) = (&self.window, self.lang);
        self.validity_note
            .get_or_insert_with(|| window.as_ref().and_then(|w| validity_note(w, lang)))
    }

    /// The current document's region texts (see `region_texts`).
    fn region_texts(&mut self) -> &(String, String) {
        let loaded = self.doc.expect("document() first");
        let lang = self.lang;
        self.region_texts.get_or_insert_with(|| {
            if lang == Lang::En {
                // The code tables have Chinese names only: English names the regions by code.
                let codes = loaded.doc.regions.join(", ");
                return (
                    format!("The firm must be registered within region {codes} (GB/T 2260)"),
                    format!("This policy applies only to firms registered within region {codes}"),
                );
            }
            let names = &loaded.region_names;
            (
                format!("注册地须在 {names} 范围内"),
                format!("本政策仅适用于 {names} 注册的企业"),
            )
        })
    }

    /// Whether the firm is registered in the current document's regions (with its trace step
    /// when explaining).
    fn region_step(&mut self, explain: bool) -> (Tri, Option<TraceStep>) {
        let (cat, tri, code) = (self.cat, self.region, self.region_code);
        if !explain {
            return (tri, None);
        }
        let detail = self.region_texts().0.clone();
        let facts = match code {
            Some(code) => {
                let lang = self.lang;
                let (label, shown) = self.firm_region.get_or_insert_with(|| {
                    let shown = match lang {
                        Lang::Zh => cat.regions.full_name(code),
                        Lang::En => None,
                    }
                    .unwrap_or_else(|| code.to_string());
                    (fact_label_in(cat, "firm.region", self.lang), shown)
                });
                vec![(label.clone(), shown.clone())]
            }
            None => vec![],
        };
        let step = TraceStep {
            step: self.lang.pick("适用地区", "Region").into(),
            detail,
            result: tri,
            facts,
        };
        (tri, Some(step))
    }
}

/// Assesses one measure, without non-stacking (which needs all measures).
pub fn assess_measure<'c>(
    cat: &'c Catalogue,
    m: &'c Measure,
    facts: &Facts,
    period: impl Into<Period>,
) -> Outcome<'c> {
    assess_measure_with(cat, m, facts, period, AssessOptions::FULL)
}

/// [`assess_measure`] with options (see [`AssessOptions`]).
pub fn assess_measure_with<'c>(
    cat: &'c Catalogue,
    m: &'c Measure,
    facts: &Facts,
    period: impl Into<Period>,
    options: AssessOptions,
) -> Outcome<'c> {
    let period = period.into();
    let (facts, derived) = year_view(cat, facts, period.year);
    let slots = FirmSlots::new(cat, &facts, &derived);
    let mut outcomes = Vec::with_capacity(1);
    let mut memo = Memo::new(cat, (&facts, &slots), &period, options.lang);
    measure_outcome(&mut memo, m, options.explain, &mut outcomes);
    outcomes.pop().expect("one outcome pushed")
}

/// Every measure of `measures` without non-stacking, on facts already read for the support
/// year (see [`facts_for_year`]); for the questionnaire, which folds the years once.
pub(crate) fn outcomes_for_year<'c>(
    cat: &'c Catalogue,
    facts_of_year: &Facts,
    period: &Period,
    measures: impl Iterator<Item = &'c Measure>,
) -> Vec<(&'c Measure, Outcome<'c>)> {
    // Derived facts are already among `facts_of_year`.
    let slots = FirmSlots::new(cat, facts_of_year, &[]);
    let mut memo = Memo::new(cat, (facts_of_year, &slots), period, Lang::Zh);
    let measures: Vec<&Measure> = measures.collect();
    let mut outcomes = Vec::with_capacity(measures.len());
    for m in &measures {
        measure_outcome(&mut memo, m, false, &mut outcomes);
    }
    measures.into_iter().zip(outcomes).collect()
}

/// A fresh outcome for `m` of the document `document`, its labels borrowed.
fn new_outcome<'c>(m: &'c Measure, document: &'c str) -> Outcome<'c> {
    Outcome {
        measure: m.id(),
        document,
        clause: &m.clause,
        title: &m.title,
        status: Status::Undecided,
        class: m.amount_class,
        amount: None,
        would_have_paid: None,
        year: None,
        claimable_from: None,
        late_claim_until: None,
        received: vec![],
        validity_note: None,
        items: vec![],
        missing: vec![],
        missing_items: vec![],
        failed: SharedVec::default(),
        calculation: vec![],
        trace: SharedVec::default(),
        hints: SharedVec::default(),
        dropped: None,
    }
}

fn status_of(tri: Tri) -> Status {
    match tri {
        Tri::True => Status::Eligible,
        Tri::False => Status::NotEligible,
        Tri::Unknown => Status::Undecided,
    }
}

/// The measures with binding claims, sorted and without repeats.
fn claimed_measures(facts: &Facts) -> Vec<&str> {
    let mut ids: Vec<&str> = facts
        .received
        .iter()
        .filter(|r| r.state.binds())
        .map(|r| r.measure.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The claims of `m` that bind the support year `year`: this year's, and every year's for a
/// one-off award or a cap over the document's life.
fn binding_claims(m: &Measure, facts: &Facts, year: i32) -> Vec<Received> {
    let lifetime = m.once || m.amount.caps.iter().any(|c| c.per == CapPeriod::FirmTotal);
    received_of(facts, m.id(), None, (!lifetime).then_some(year))
        .cloned()
        .collect()
}

/// Whether a claim already made settles this award: a one-off award claimed in any year, or
/// an annual one claimed for this year. `item` is the item's id for a measure paid per item.
fn already_claimed(m: &Measure, facts: &Facts, item: Option<&str>, year: i32) -> bool {
    let year = (!m.once).then_some(year);
    let claims = || received_of(facts, m.id(), None, year);
    match item {
        // A claim that names no item is the firm's claim for the measure (and year) as a
        // whole — a dossier records its claims so — and settles every item of it; a claim
        // naming another item only uses up the firm's caps.
        Some(id) => claims().any(|r| r.item.is_none() || r.item.as_deref() == Some(id)),
        None => claims().next().is_some(),
    }
}

/// What the firm-level caps leave for this year after the claims already made in their period.
/// `lang` is the language of the lines (which only the explanation reads).
pub(crate) fn firm_room(
    m: &Measure,
    facts: &Facts,
    year: i32,
    lang: Lang,
) -> Option<(Decimal, Vec<String>)> {
    let mut room: Option<Decimal> = None;
    let mut lines = Vec::new();
    for (cap, limit) in caps_of(&m.amount, true) {
        let in_period = match cap.per {
            CapPeriod::FirmYear => Some(year),
            _ => None,
        };
        let used = sum_received(received_of(facts, m.id(), None, in_period));
        let left = (limit - used).max(Decimal::ZERO);
        if used > Decimal::ZERO {
            let label = cap.per.label(lang);
            let (limit, used, left) = (yuan(lang, limit), yuan(lang, used), yuan(lang, left));
            lines.push(tr!(
                lang,
                "{label} {limit}，已申报或已获 {used}，尚余 {left}",
                "{label} {limit}; claimed or received {used}; left {left}"
            ));
        }
        room = Some(room.map_or(left, |r: Decimal| r.min(left)));
    }
    room.map(|r| (r, lines))
}

/// The room an item's own lifetime cap (`award`) leaves after what the item already received.
fn item_room(m: &Measure, facts: &Facts, item: &str) -> Option<Decimal> {
    let (_, limit) = caps_of(&m.amount, false).find(|(c, _)| c.per == CapPeriod::Award)?;
    let used = sum_received(received_of(facts, m.id(), Some(item), None));
    (used > Decimal::ZERO).then(|| (limit - used).max(Decimal::ZERO))
}

fn validity_note(win: &Window, lang: Lang) -> Option<String> {
    match win.overridden {
        Some(o) => Some(o.describe(lang)),
        None if win.unverified => Some(match win.end {
            Some(end) => tr!(
                lang,
                "本文件有效期至 {end} 是按原文推算的，是否仍在执行请向主管部门核实",
                "The end of validity, {end}, is inferred from the text; ask the competent department whether the document still applies"
            ),
            None => tr!(
                lang,
                "本文件未写有效期，是否仍在执行请向主管部门核实",
                "The document states no validity; ask the competent department whether it still applies"
            ),
        }),
        None => None,
    }
}

/// Decides `m` (and explains it, when asked) into a new outcome at the end of `outcomes`:
/// written where it stays, since an outcome is large.
pub(crate) fn measure_outcome<'c>(
    memo: &mut Memo<'c, '_>,
    m: &'c Measure,
    explain: bool,
    outcomes: &mut Vec<Outcome<'c>>,
) {
    let (cat, facts, period, lang) = (memo.cat, memo.facts, memo.period, memo.lang);
    let doc = &memo.document(m).doc;
    outcomes.push(new_outcome(m, &doc.key));
    let o = outcomes.last_mut().expect("just pushed");
    if memo.region == Tri::False {
        return out_of_region(memo, m, explain, o);
    }
    let win = memo
        .window
        .clone()
        .unwrap_or_else(|| Window::of(doc, period));
    o.received = memo.binding_claims(m);
    if explain {
        o.validity_note.clone_from(memo.validity_note());
    }
    let mut missing = Missing::new();
    let env = Env {
        facts,
        item: None,
        as_of: period.as_of,
        year: period.year,
        slots: Some(Slots {
            firm: &memo.slots.firm,
            item: None,
        }),
        derived: memo.slots.derived,
    };
    let Some((region, scope)) = applies(memo, m, &env, o, &mut missing, explain) else {
        o.status = Status::OutOfScope;
        return;
    };

    // Conditions and amount, for the firm or per item.
    let (overall, settled) = match &m.per_item {
        Some(kind) => items_pass(
            cat,
            m,
            &win,
            (&env, memo.slots),
            kind,
            o,
            &mut missing,
            (explain, lang),
        ),
        None => firm_pass(cat, m, &win, &env, o, &mut missing, (explain, lang)),
    };
    finish_amount(m, facts, period.year, o, (explain, lang));
    o.status = match (region, scope, overall) {
        (_, _, Tri::False) => settled.unwrap_or(Status::NotEligible),
        (Tri::True, Tri::True, Tri::True) => settled.unwrap_or(Status::Eligible),
        _ => Status::Undecided,
    };
    if matches!(o.status, Status::Eligible | Status::Undecided) {
        ask_missing(cat, period.year, missing, o, (explain, lang));
    }
    if !matches!(o.status, Status::Eligible) {
        o.amount = None;
    }
    if o.status == Status::Eligible && explain {
        o.hints.extend(next_tier_hint(
            cat,
            m,
            (facts, memo.slots.derived),
            period,
            lang,
        ));
    }
    settle_accruing(m, period, o, (explain, lang));
    settle_validity(&win, period, o, (explain, lang));
}

/// A measure of a document whose regions the firm is registered outside of: settled by the
/// document (`Memo::region`), without reading the measure's conditions or amount.
fn out_of_region(memo: &mut Memo, m: &Measure, explain: bool, o: &mut Outcome) {
    o.status = Status::OutOfScope;
    o.received = memo.binding_claims(m);
    if explain {
        o.validity_note.clone_from(memo.validity_note());
        let outside = memo.outside_explanation();
        o.trace = SharedVec::shared(outside.trace.clone());
        o.failed = SharedVec::shared(outside.failed.clone());
        o.hints = SharedVec::shared(outside.hints.clone());
    }
}

/// The explanation of every measure of a document whose regions the firm is outside of
/// (see [`SharedVec`]).
struct Outside {
    trace: Arc<[TraceStep]>,
    failed: Arc<[String]>,
    hints: Arc<[String]>,
}

/// Where and to whom the measure applies: the truth of the region and of the scope, or
/// nothing when it does not apply (with the reason in `o` when explaining).
fn applies(
    memo: &mut Memo,
    m: &Measure,
    env: &Env,
    o: &mut Outcome,
    missing: &mut Missing,
    explain: bool,
) -> Option<(Tri, Tri)> {
    let (cat, lang) = (memo.cat, memo.lang);
    let (region, step) = memo.region_step(explain);
    o.trace.extend(step);
    if region == Tri::False {
        // Settled by the document before (`out_of_region`).
        return None;
    }
    if region == Tri::Unknown {
        match memo.slots.region {
            Some(i) => missing.insert_position(i),
            None => missing.insert_id(cat, REGION_FACT),
        }
    }
    let Some(scope_e) = &m.scope_expr else {
        return Some((region, Tri::True));
    };
    let (scope, m_scope) = truth(scope_e, env);
    if explain {
        let zh = m.scope_zh.as_deref();
        let step = lang.pick("适用对象", "Who it is for");
        o.trace
            .push(condition_step(cat, step, (scope_e, zh), env, scope, lang));
    }
    match scope {
        Tri::False => {
            if explain {
                o.failed.extend(failed_for(cat, scope_e, env, lang));
                o.hints.extend(hints_for(cat, scope_e, env, lang));
            }
            return None;
        }
        Tri::Unknown => missing.extend(m_scope),
        Tri::True => {}
    }
    Some((region, scope))
}

/// The facts still missing, in the order to ask them, and a hint for each when explaining.
fn ask_missing(
    cat: &Catalogue,
    year: i32,
    missing: Missing,
    o: &mut Outcome,
    (explain, lang): (bool, Lang),
) {
    o.missing = order_missing_of(cat, &missing, year);
    if explain && lang == Lang::En {
        for f in &o.missing {
            let label = fact_label_in(cat, f, lang);
            o.hints.push(format!("Please answer: {label}"));
        }
    } else if explain {
        for f in &o.missing {
            // As `format!("请回答：{}", fact_label(cat, f))`, without formatting machinery:
            // an undecided measure asks this for each of its missing facts.
            let label = cat.fact(f).map_or(f.as_str(), |d| d.label.as_str());
            o.hints.push(["请回答：", label].concat());
        }
    }
}

/// A measure without items: one pass for the firm. Returns the truth and, when the firm's
/// award is settled otherwise (another year, already claimed), that status.
fn firm_pass(
    cat: &Catalogue,
    m: &Measure,
    win: &Window,
    env: &Env,
    o: &mut Outcome,
    missing: &mut Missing,
    (explain, lang): (bool, Lang),
) -> (Tri, Option<Status>) {
    let p = pass(
        cat,
        m,
        win,
        m.event_date_expr.as_ref(),
        env,
        (explain, lang),
    );
    missing.extend(p.missing);
    o.trace.extend(p.trace);
    o.failed = p.failed.into();
    o.calculation = p.calculation;
    o.amount = p.amount;
    if p.tri == Tri::False {
        o.hints.extend(p.hints);
        return (p.tri, None);
    }
    let year = p.event.and_then(|d| support_year_of(m, d));
    if let Some(y) = year.filter(|&y| y != env.year) {
        o.year = Some(y);
        if explain {
            o.hints.push(tr!(
                lang,
                "本项事件属 {y} 申报年度，不计入 {} 年度",
                "The event belongs to support year {y}; it does not count for {}",
                env.year
            ));
        }
        return (Tri::False, Some(Status::OtherYear));
    }
    if already_claimed(m, env.facts, None, env.year) {
        if explain {
            o.hints.push(received_hint(m, &o.received, lang));
        }
        return (Tri::False, Some(Status::AlreadyReceived));
    }
    (p.tri, None)
}

fn received_hint(m: &Measure, received: &[Received], lang: Lang) -> String {
    let what: Vec<String> = received
        .iter()
        .map(|r| {
            let amount = r
                .amount
                .map(|a| yuan(lang, a))
                .unwrap_or_else(|| lang.pick("金额未记", "amount not recorded").into());
            let (year, state) = (r.year, r.state.label(lang));
            tr!(
                lang,
                "{year} 年度 {amount}（{state}）",
                "{year}: {amount} ({state})"
            )
        })
        .collect();
    let once = if m.once {
        lang.pick("本项为一次性奖补，", "A one-off award; ")
    } else {
        ""
    };
    let what = what.join(lang.pick("；", "; "));
    tr!(
        lang,
        "{once}已申报或已享受：{what}",
        "{once}already claimed or received: {what}"
    )
}

/// A measure paid per item: one pass per item of the kind. Items of another support year and
/// items already claimed are listed but count toward nothing.
#[allow(clippy::too_many_arguments)]
fn items_pass(
    cat: &Catalogue,
    m: &Measure,
    win: &Window,
    (env, slots): (&Env, &FirmSlots),
    kind: &str,
    o: &mut Outcome,
    missing: &mut Missing,
    (explain, lang): (bool, Lang),
) -> (Tri, Option<Status>) {
    let facts = env.facts;
    let mut items = facts
        .items
        .iter()
        .zip(slots.items())
        .filter(|(i, _)| i.kind == kind)
        .peekable();
    if items.peek().is_none() {
        return no_items(cat, kind, env, o, (explain, lang));
    }
    let (mut any_true, mut any_unknown) = (false, false);
    let mut settled = None;
    let mut sum = Decimal::ZERO;
    for (item, item_slots) in items {
        let env = Env {
            item: Some(item),
            slots: Some(Slots {
                firm: &slots.firm,
                item: Some(item_slots),
            }),
            ..*env
        };
        let p = pass(
            cat,
            m,
            win,
            m.event_date_expr.as_ref(),
            &env,
            (explain, lang),
        );
        let d = decide_item(m, &env, &item.id, &p, lang);
        match d.status {
            Status::Eligible => {
                any_true = true;
                sum += d.amount.unwrap_or_default();
            }
            Status::Undecided => {
                any_unknown = true;
                missing.extend(p.missing.clone());
            }
            Status::OtherYear | Status::AlreadyReceived => {
                // The latest year is the most useful to name when nothing else is left.
                if settled != Some(Status::AlreadyReceived) {
                    settled = Some(d.status);
                }
                if d.status == Status::OtherYear {
                    o.year = o.year.max(d.year);
                }
            }
            _ => {}
        }
        push_item(cat, (kind, &item.id, env.year), p, d, o, explain);
    }
    if any_true && m.amount.rule != AmountRuleKind::None {
        o.amount = Some(sum);
    }
    let overall = if any_true {
        Tri::True
    } else if any_unknown {
        Tri::Unknown
    } else {
        Tri::False
    };
    if overall == Tri::False && explain {
        o.failed = o
            .items
            .iter()
            .flat_map(|i| i.failed.iter().map(move |f| format!("〔{}〕{f}", i.id)))
            .collect();
    }
    if overall == Tri::True {
        settled = None;
    }
    (overall, settled)
}

/// A measure paid per item when the firm has none of the kind: not applicable when it said
/// it has none, else undecided until one is added.
fn no_items(
    cat: &Catalogue,
    kind: &str,
    env: &Env,
    o: &mut Outcome,
    (explain, lang): (bool, Lang),
) -> (Tri, Option<Status>) {
    let label = || item_kind_label_in(cat, kind, lang);
    if let Some(Value::Bool(false)) = env.lookup(&item_kind_any(kind)) {
        if explain {
            o.failed
                .push(tr!(lang, "企业没有{}", "The firm has no {}", label()));
        }
        return (Tri::False, Some(Status::OutOfScope));
    }
    o.missing_items.push(kind.to_string());
    if explain {
        o.hints.push(tr!(
            lang,
            "添加一个“{}”并回答相关问题",
            "Add a “{}” and answer its questions",
            label()
        ));
    }
    (Tri::Unknown, None)
}

/// What one item's pass comes to once its support year and the claims already made count.
struct ItemDecision {
    status: Status,
    amount: Option<Decimal>,
    /// Why the item is settled or reduced (another year, already claimed, partly received).
    note: Option<String>,
    year: Option<i32>,
}

fn decide_item(m: &Measure, env: &Env, item: &str, p: &Pass, lang: Lang) -> ItemDecision {
    let year = p.event.and_then(|d| support_year_of(m, d));
    let mut d = ItemDecision {
        status: status_of(p.tri),
        amount: if p.tri == Tri::True { p.amount } else { None },
        note: None,
        year,
    };
    if p.tri == Tri::False {
        return d;
    }
    if let Some(y) = year.filter(|&y| y != env.year) {
        d.status = Status::OtherYear;
        d.note = Some(tr!(
            lang,
            "属 {y} 申报年度，不计入 {} 年度",
            "belongs to support year {y}; does not count for {}",
            env.year
        ));
    } else if already_claimed(m, env.facts, Some(item), env.year) {
        d.status = Status::AlreadyReceived;
        d.note = Some(tr!(
            lang,
            "已申报或已享受，不再重复计算",
            "already claimed or received; not counted again"
        ));
    } else if let (Some(a), Some(room)) = (d.amount, item_room(m, env.facts, item)) {
        d.amount = Some(a.min(room));
        d.note = (a > room).then(|| {
            let room = yuan(lang, room);
            tr!(
                lang,
                "本项目已获部分奖补，尚余 {room}",
                "part of the award already received; {room} left"
            )
        });
    }
    d
}

/// Adds the item's outcome to `o`, and its trace and hints when explaining.
fn push_item(
    cat: &Catalogue,
    (kind, id, year): (&str, &str, i32),
    p: Pass,
    d: ItemDecision,
    o: &mut Outcome,
    explain: bool,
) {
    if explain {
        for step in p.trace {
            o.trace.push(TraceStep {
                step: format!("{}〔{id}〕", step.step),
                ..step
            });
        }
        if p.tri == Tri::False {
            o.hints
                .extend(p.hints.iter().map(|h| format!("〔{id}〕{h}")));
        }
        if let Some(n) = &d.note {
            o.hints.push(format!("〔{id}〕{n}"));
        }
    }
    let mut calculation = p.calculation;
    if explain && let Some(n) = d.note {
        calculation.push(n);
    }
    let eligible = d.status == Status::Eligible;
    o.items.push(ItemOutcome {
        kind: kind.to_string(),
        id: id.to_string(),
        status: d.status,
        amount: if eligible { d.amount } else { None },
        calculation,
        missing: if d.status == Status::Undecided {
            p.missing
                .ids(cat)
                .into_iter()
                .map(|(i, f)| asked(cat, i, f, year))
                .collect()
        } else {
            vec![]
        },
        failed: p.failed,
        dropped_by: None,
        year: d.year,
    });
}

/// A measure that counts figures over the support year is only accruing until the year ends.
fn settle_accruing(m: &Measure, period: &Period, o: &mut Outcome, (explain, lang): (bool, Lang)) {
    let closes = period.year_closes();
    if !m.accrues || period.as_of >= closes || o.status != Status::Eligible {
        return;
    }
    o.status = Status::Accruing;
    o.claimable_from = Some(closes);
    if explain {
        o.hints.push(tr!(
            lang,
            "{} 年度尚未结束：按截至目前的数字计算，{closes} 起方可申报，届时以全年数字为准",
            "The year {} has not ended: computed from the figures so far; claims open on {closes}, with the whole year's figures",
            period.year
        ));
    }
}

/// The document's validity on the assessment date: not yet in force, expired (with what it
/// would have paid), or expired but still open to claims for events inside its validity.
fn settle_validity(win: &Window, period: &Period, o: &mut Outcome, (explain, lang): (bool, Lang)) {
    let as_of = period.as_of;
    let step = |o: &mut Outcome, detail: String| {
        if explain {
            o.trace.push(TraceStep {
                step: lang.pick("文件有效期", "Validity of the document").into(),
                detail,
                result: Tri::False,
                facts: vec![],
            });
        }
    };
    if let Some(start) = win.start
        && as_of < start
    {
        step(
            o,
            tr!(
                lang,
                "本文件自 {start} 起施行，评估日 {as_of} 尚未生效",
                "The document applies from {start}; on the assessment date {as_of} it is not yet in force"
            ),
        );
        o.would_have_paid = o.amount.take();
        o.status = Status::NotYetEffective;
        return;
    }
    let Some(end) = win.end.filter(|&end| as_of > end) else {
        return;
    };
    let year_inside = chrono::Datelike::year(&end) >= period.year;
    if let Some(until) = win.claims_until.filter(|&u| as_of <= u && year_inside) {
        if matches!(o.status, Status::Eligible | Status::Accruing) {
            o.late_claim_until = Some(until);
            if explain {
                o.hints.push(tr!(
                    lang,
                    "本文件已于 {end} 到期；有效期内发生的事项可于 {until} 前申报",
                    "The document expired on {end}; events inside its validity can be claimed until {until}"
                ));
            }
        }
        return;
    }
    step(
        o,
        tr!(
            lang,
            "本文件有效期至 {end}，评估日 {as_of} 已过期",
            "The document was valid until {end}; on the assessment date {as_of} it has expired"
        ),
    );
    if matches!(o.status, Status::Eligible | Status::Accruing) {
        o.would_have_paid = o.amount.take();
        if explain {
            o.hints.push(tr!(
                lang,
                "政策已过期：在有效期内发生的事项可向主管部门咨询是否仍可补报",
                "The policy has expired: ask the competent department whether events inside its validity can still be claimed"
            ));
        }
    }
    if o.status != Status::OutOfScope {
        o.status = Status::Expired;
    }
}

/// A measure as a reader names it in a reason: its title, then its id (which the dossier
/// prints as 措施编号), e.g. “普通技术改造项目设备投资奖补”（jinan-gyqs-2020/7a）.
pub(crate) fn measure_ref(cat: &Catalogue, id: &str, lang: Lang) -> String {
    match (cat.measure(id), lang) {
        (Some(m), Lang::Zh) => format!("“{}”（{id}）", m.title),
        (Some(m), Lang::En) => format!("“{}” ({id})", m.title_en.as_ref().unwrap_or(&m.title)),
        (None, Lang::Zh) => format!("（{id}）"),
        (None, Lang::En) => format!("({id})"),
    }
}

/// Applies the firm-level caps, less what was already claimed in their period (and, when
/// explaining, records the summing of items).
fn finish_amount(
    m: &Measure,
    facts: &Facts,
    year: i32,
    o: &mut Outcome,
    (explain, lang): (bool, Lang),
) {
    let Some(total) = o.amount else { return };
    let room = firm_room(m, facts, year, lang);
    let v = room.as_ref().map_or(total, |(r, _)| total.min(*r));
    o.amount = Some(v);
    if !explain {
        return;
    }
    let mut lines = Vec::new();
    if m.per_item.is_some() {
        let counted = o.items.iter().filter(|i| i.status == Status::Eligible);
        for i in counted.clone() {
            for l in &i.calculation {
                lines.push(format!("〔{}〕{l}", i.id));
            }
        }
        let n = counted.count();
        if n > 1 {
            let total = yuan(lang, total);
            lines.push(tr!(
                lang,
                "{n} 项合计：{total}",
                "Total of {n} items: {total}"
            ));
        }
    } else {
        lines.append(&mut o.calculation);
    }
    if let Some((r, used)) = room {
        lines.extend(used);
        let mut capped = false;
        for (cap, limit) in caps_of(&m.amount, true) {
            let (label, limit_text) = (cap.per.label(lang), yuan(lang, limit));
            capped = total > limit;
            lines.push(if capped {
                tr!(
                    lang,
                    "超过{label} {limit_text}，按上限计",
                    "Above {label} of {limit_text}: the cap is paid"
                )
            } else {
                tr!(
                    lang,
                    "未超过{label} {limit_text}",
                    "Within {label} of {limit_text}"
                )
            });
        }
        if r < total && !capped {
            let r = yuan(lang, r);
            lines.push(tr!(
                lang,
                "按尚余额度计：{r}",
                "Paid from what is left: {r}"
            ));
        }
    }
    let v_text = yuan(lang, v);
    lines.push(tr!(lang, "结果：{v_text}", "Result: {v_text}"));
    o.calculation = lines;
}

/// For a tiered measure already eligible, the next higher tier and what unlocks it.
fn next_tier_hint(
    cat: &Catalogue,
    m: &Measure,
    (facts, derived): (&Facts, &[(&str, Value)]),
    period: &Period,
    lang: Lang,
) -> Vec<String> {
    if m.amount.rule != AmountRuleKind::Tiers || m.per_item.is_some() {
        return vec![];
    }
    let env = Env {
        facts,
        item: None,
        as_of: period.as_of,
        year: period.year,
        slots: None,
        derived,
    };
    let mut out = Vec::new();
    for t in &m.amount.tiers {
        let Some(when) = &t.when_expr else { continue };
        if truth(when, &env).0 == Tri::True {
            break;
        }
        let when = render(cat, when, lang);
        out.push(match (lang, &t.label) {
            (Lang::Zh, name) => format!(
                "更高档次「{}」需满足：{when}",
                name.as_deref().unwrap_or("")
            ),
            // The tier's name is the text's Chinese; its condition says which tier it is.
            (Lang::En, _) => format!("A higher tier needs: {when}"),
        });
    }
    out.truncate(1);
    out
}

/// Firm-level facts first, then item facts, each in catalogue order; then the rest (facts of
/// neither kind, unknown ids) in id order.
pub fn order_missing(cat: &Catalogue, missing: &BTreeSet<String>, year: i32) -> Vec<String> {
    order_missing_owned(cat, missing.clone(), year)
}

/// [`order_missing`], moving the ids rather than copying them.
/// A per-year fact is asked for the support year (`x@2026`).
fn order_missing_owned(cat: &Catalogue, missing: BTreeSet<String>, year: i32) -> Vec<String> {
    if missing.len() < 2 {
        return missing
            .into_iter()
            .map(|id| asked_id(cat, &id, year))
            .collect();
    }
    let mut ranked: Vec<((u8, usize), String)> = missing
        .into_iter()
        .map(|id| (question_rank(cat, cat.fact_position(&id)), id))
        .collect();
    // Stable: the rest keep the set's (id) order.
    ranked.sort_by_key(|(r, _)| *r);
    ranked
        .into_iter()
        .map(|(_, id)| asked_id(cat, &id, year))
        .collect()
}

/// Where a missing fact comes in the questions: firm-level `firm.*` facts first, then item
/// facts, each in catalogue order; anything else (a document's firm-level fact, an id the
/// catalogue does not know) after them, keeping its place.
fn question_rank(cat: &Catalogue, position: Option<usize>) -> (u8, usize) {
    let Some((i, f)) = position.and_then(|i| Some((i, cat.facts.get(i)?))) else {
        return (2, 0);
    };
    match (f.item.is_none(), f.id().starts_with("firm.")) {
        (true, true) => (0, i),
        (false, false) => (1, i),
        _ => (2, 0),
    }
}

/// [`order_missing`] for the facts an assessment found missing: ids only now, for output.
fn order_missing_of(cat: &Catalogue, missing: &Missing, year: i32) -> Vec<String> {
    if let Some(i) = missing.only_position()
        && let Some(f) = cat.facts.get(i)
    {
        return vec![asked(cat, Some(i), f.id(), year)];
    }
    let ids = missing.ids(cat);
    if ids.len() < 2 {
        return ids
            .into_iter()
            .map(|(i, id)| asked(cat, i, id, year))
            .collect();
    }
    // Stable: the rest keep the set's (id) order.
    let mut ids = ids;
    ids.sort_by_key(|(i, _)| question_rank(cat, *i));
    ids.into_iter()
        .map(|(i, id)| asked(cat, i, id, year))
        .collect()
}

/// [`asked_id`] for a fact whose position is known (no lookup by id).
fn asked(cat: &Catalogue, position: Option<usize>, id: &str, year: i32) -> String {
    match position.map(|i| &cat.facts[i]) {
        Some(f) if f.per_year && !id.contains('@') => format!("{id}@{year}"),
        Some(_) => id.to_string(),
        None => asked_id(cat, id, year),
    }
}

/// A firm's answers and each of its items' (in `Facts::items` order) by fact position, built
/// once per assessment.
pub(crate) struct FirmSlots<'f> {
    firm: Vec<Option<&'f Value>>,
    /// The derived facts `firm` includes (see [`year_view`]), for reading them by id.
    derived: &'f [(&'f str, Value)],
    /// Every item's slots, one after the other (`width` each): one allocation for them all.
    items: Vec<Option<&'f Value>>,
    width: usize,
    /// The position of `firm.region`, which the region check reports missing.
    region: Option<usize>,
}

impl<'f> FirmSlots<'f> {
    pub(crate) fn new(cat: &Catalogue, facts: &'f Facts, derived: &'f [(&'f str, Value)]) -> Self {
        let width = cat.facts.len();
        let mut firm = slots_of(cat, &facts.firm);
        for (id, v) in derived {
            if let Some(i) = cat.fact_position(id) {
                firm[i] = Some(v);
            }
        }
        let mut items = vec![None; width * facts.items.len()];
        for (slots, item) in items.chunks_exact_mut(width.max(1)).zip(&facts.items) {
            fill_slots(cat, &item.facts, slots);
        }
        FirmSlots {
            firm,
            derived,
            items,
            width,
            region: cat
                .fact_position(REGION_FACT)
                .filter(|&i| cat.facts[i].id() == REGION_FACT),
        }
    }

    /// The slots of each item of the firm, in order.
    fn items(&self) -> impl Iterator<Item = &[Option<&'f Value>]> {
        self.items.chunks_exact(self.width.max(1))
    }
}

/// The fact that holds the firm's registered region code.
const REGION_FACT: &str = "firm.region";

/// Non-stacking: per item first (同一项目不重复), then whole measures (就高不重复), choosing the
/// combination with the largest total and recording what was dropped and why.
pub(crate) fn apply_stacking(
    cat: &Catalogue,
    (facts, derived, period): (&Facts, &[(&str, Value)], &Period),
    outcomes: &mut [Outcome],
    explain: bool,
    lang: Lang,
) {
    crate::overlap::apply(cat, (facts, derived, period), outcomes, (explain, lang));
    // Only eligible outcomes take part in either kind of group.
    let index: BTreeMap<&str, usize> = outcomes
        .iter()
        .enumerate()
        .filter(|(_, o)| o.status == Status::Eligible)
        .map(|(i, o)| (o.measure, i))
        .collect();
    if index.is_empty() {
        return;
    }
    for g in cat
        .stacking_groups()
        .filter(|g| g.kind == StackingKind::OnePerItem)
    {
        let members: Vec<usize> = g
            .members
            .iter()
            .filter_map(|m| index.get(m.as_str()).copied())
            .collect();
        one_per_item(
            cat,
            (facts, period.year),
            g,
            &members,
            outcomes,
            (explain, lang),
        );
    }
    highest_only(cat, &index, outcomes, (explain, lang));
}

/// Every (kind, id) paid by more than one member of a 同一项目不重复 group goes to the member
/// paying most for it; the others drop the item (and the measure when no item is left).
fn one_per_item(
    cat: &Catalogue,
    (facts, year): (&Facts, i32),
    g: &huiqi_catalog::StackingGroup,
    members: &[usize],
    outcomes: &mut [Outcome],
    (explain, lang): (bool, Lang),
) {
    // (item kind, item id) → [(outcome index, item index, amount)]
    type Claims = BTreeMap<(String, String), Vec<(usize, usize, Decimal)>>;
    let mut claims: Claims = BTreeMap::new();
    for &oi in members {
        if outcomes[oi].status != Status::Eligible {
            continue;
        }
        for (ii, item) in outcomes[oi].items.iter().enumerate() {
            if item.status == Status::Eligible {
                claims
                    .entry((
                        item.kind.clone(),
                        achievement(facts, g, &item.kind, &item.id),
                    ))
                    .or_default()
                    .push((oi, ii, item.amount.unwrap_or_default()));
            }
        }
    }
    for ((_, item_id), mut cs) in claims.into_iter().filter(|(_, cs)| cs.len() > 1) {
        cs.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        let kept = outcomes[cs[0].0].measure;
        let kept_ref = measure_ref(cat, kept, lang);
        for &(oi, ii, _) in &cs[1..] {
            outcomes[oi].items[ii].dropped_by = Some(g.id.clone());
            if explain {
                // English leaves the rule's Chinese words out: the measure's quotes show them.
                outcomes[oi].hints.push(match lang {
                    Lang::Zh => format!("〔{item_id}〕已在{kept_ref}中计入，依“{}”不重复奖补", g.quote),
                    Lang::En => format!(
                        "〔{item_id}〕 is already counted in {kept_ref}; the document's rule against paying one project twice applies"
                    ),
                });
            }
        }
        for &(oi, _, _) in &cs[1..] {
            let o = &mut outcomes[oi];
            let Some(m) = cat.measure(o.measure) else {
                continue;
            };
            recount_without_dropped_items(m, (facts, year), o, &kept_ref, (explain, lang));
            if o.items
                .iter()
                .all(|i| i.status != Status::Eligible || i.dropped_by.is_some())
            {
                o.dropped = Some(Dropped {
                    group: g.id.clone(),
                    kept: kept.to_string(),
                    reason: match lang {
                        Lang::Zh => format!("依“{}”，同一项目已在{kept_ref}中奖补", g.quote),
                        Lang::En => format!(
                            "The same project is already paid under {kept_ref} (the document's rule against paying one project twice)"
                        ),
                    },
                });
            }
        }
    }
}

/// The amount of `o` over its items still counted, within the firm's caps.
fn recount_without_dropped_items(
    m: &Measure,
    (facts, year): (&Facts, i32),
    o: &mut Outcome,
    kept_ref: &str,
    (explain, lang): (bool, Lang),
) {
    let sum: Decimal = o
        .items
        .iter()
        .filter(|i| i.status == Status::Eligible && i.dropped_by.is_none())
        .filter_map(|i| i.amount)
        .sum();
    let capped = firm_room(m, facts, year, lang).map_or(sum, |(r, _)| sum.min(r));
    if o.amount.is_some() {
        if explain {
            let capped = yuan(lang, capped);
            o.calculation.push(tr!(
                lang,
                "扣除与{kept_ref}重复的项目后：{capped}",
                "After the projects shared with {kept_ref}: {capped}"
            ));
        }
        o.amount = Some(capped);
    }
}

/// A 就高不重复 group: its id, its quote and the members that pay.
type HighestOnly = (String, String, Vec<usize>);

/// 就高不重复: each group admits at most one paying member. Members linked through shared
/// groups are decided together by trying every admissible subset (groups are small).
fn highest_only(
    cat: &Catalogue,
    index: &BTreeMap<&str, usize>,
    outcomes: &mut [Outcome],
    (explain, lang): (bool, Lang),
) {
    let groups: Vec<HighestOnly> = cat
        .stacking_groups()
        .filter(|g| g.kind == StackingKind::HighestOnly)
        .map(|g| {
            let ms = g
                .members
                .iter()
                .filter_map(|m| index.get(m.as_str()).copied())
                .filter(|&i| {
                    outcomes[i].counted_amount().is_some()
                        || (outcomes[i].status == Status::Eligible && outcomes[i].dropped.is_none())
                })
                .collect();
            (g.id.clone(), g.quote.clone(), ms)
        })
        .collect();
    for members in linked_components(&groups) {
        let n = members.len().min(16);
        let best = best_subset(&groups, &members[..n], outcomes);
        for (p, &i) in members.iter().enumerate().take(n) {
            if best & (1 << p) == 0 {
                drop_unchosen(cat, &groups, (&members, best), i, outcomes, (explain, lang));
            }
        }
    }
}

/// The members of the groups, in sets linked through shared groups.
fn linked_components(groups: &[HighestOnly]) -> Vec<Vec<usize>> {
    let mut involved: Vec<usize> = groups.iter().flat_map(|g| g.2.iter().copied()).collect();
    involved.sort();
    involved.dedup();
    let mut comp: BTreeMap<usize, usize> = involved.iter().map(|&i| (i, i)).collect();
    fn find(comp: &mut BTreeMap<usize, usize>, x: usize) -> usize {
        let p = comp[&x];
        if p == x {
            x
        } else {
            let r = find(comp, p);
            comp.insert(x, r);
            r
        }
    }
    for g in groups {
        for w in g.2.windows(2) {
            let (a, b) = (find(&mut comp, w[0]), find(&mut comp, w[1]));
            comp.insert(a, b);
        }
    }
    let mut components: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &involved {
        let r = find(&mut comp, i);
        components.entry(r).or_default().push(i);
    }
    components.into_values().collect()
}

/// The subset of `members` (a bit mask over their positions) that pays most while every
/// group admits at most one; on a tie, the earlier measures (stable, explainable).
fn best_subset(groups: &[HighestOnly], members: &[usize], outcomes: &[Outcome]) -> u32 {
    let n = members.len();
    let value = |i: usize| outcomes[i].amount.unwrap_or_default();
    let mut best: (Decimal, u32) = (Decimal::MIN, 0);
    for mask in 0u32..(1 << n) {
        let chosen = |i: usize| {
            members
                .iter()
                .position(|&x| x == i)
                .is_some_and(|p| mask & (1 << p) != 0)
        };
        let admissible = groups
            .iter()
            .all(|g| g.2.iter().filter(|&&i| chosen(i)).count() <= 1);
        if !admissible {
            continue;
        }
        let total: Decimal = (0..n)
            .filter(|p| mask & (1 << p) != 0)
            .map(|p| value(members[p]))
            .sum();
        if total > best.0 || (total == best.0 && mask.reverse_bits() > best.1.reverse_bits()) {
            best = (total, mask);
        }
    }
    best.1
}

/// Marks member `i`, not chosen by `best`, as dropped in favour of its group's chosen member.
fn drop_unchosen(
    cat: &Catalogue,
    groups: &[HighestOnly],
    (members, best): (&[usize], u32),
    i: usize,
    outcomes: &mut [Outcome],
    (explain, lang): (bool, Lang),
) {
    let Some(group) = groups.iter().find(|g| g.2.contains(&i)) else {
        return;
    };
    let kept = group.2.iter().find(|&&j| {
        members
            .iter()
            .position(|&x| x == j)
            .is_some_and(|q| q < 32 && best & (1 << q) != 0)
    });
    let kept_id = kept.map(|&k| outcomes[k].measure).unwrap_or_default();
    let kept_ref = measure_ref(cat, kept_id, lang);
    let reason = match lang {
        Lang::Zh => format!("依“{}”，与{kept_ref}不重复享受，按较高者计", group.1),
        Lang::En => {
            format!("Not paid together with {kept_ref}: the document pays only the higher one")
        }
    };
    if explain {
        outcomes[i].hints.push(reason.clone());
    }
    outcomes[i].dropped = Some(Dropped {
        group: group.0.clone(),
        kept: kept_id.to_string(),
        reason,
    });
}

/// What makes two items one achievement for a 同一项目不重复 group: the group's `same` fact
/// (one project entered at two tiers is one project), else the item itself.
fn achievement(facts: &Facts, g: &huiqi_catalog::StackingGroup, kind: &str, id: &str) -> String {
    let named = g.same.as_ref().and_then(|fact| {
        let item = facts.items.iter().find(|i| i.kind == kind && i.id == id)?;
        match item.facts.get(fact) {
            Some(Value::Text(name)) if !name.trim().is_empty() => Some(name.trim().to_string()),
            _ => None,
        }
    });
    named.unwrap_or_else(|| id.to_string())
}
