//! Builds the dossier model from a firm, its assessment and the chosen measures. The model is
//! plain data; rendering it is `huiqi_dossier`'s job.
//!
//! What may be claimed is decided in one place, [`claimable`]; what is printed for the
//! official is plain Chinese, cleaned by [`official_text`] and checked by
//! [`internal_notation`].

use huiqi_catalog::expr::{ArithOp, Expr, Func};
use huiqi_catalog::render::{fact_label, render_zh};
use huiqi_catalog::{AmountClass as CatClass, Catalogue, Measure};
use huiqi_dossier::{
    AppendixEntry, AppendixStatus, DossierModel, EvidenceItem, FirmBlock, MeasureSection, Row,
};
use huiqi_engine::assess::format_value;
use huiqi_engine::eval::{Env, Eval, eval};
use huiqi_engine::{Assessment, Facts, Item, Outcome, Status, Value};
use regex::Regex;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;
use std::sync::LazyLock;

/// Who the firm is, as printed on the cover.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FirmProfile {
    pub name: String,
    pub credit_code: Option<String>,
    pub legal_rep: Option<String>,
    pub contact: Option<String>,
    pub phone: Option<String>,
}

/// The checklist line for evidence attached to a measure but to none of its listed items.
pub const OTHER_EVIDENCE: &str = "其他证明材料";

/// Chosen measures: the given ids, or every claimable money measure when none are given.
pub struct DossierRequest<'a> {
    pub profile: &'a FirmProfile,
    pub facts: &'a Facts,
    pub assessment: &'a Assessment<'a>,
    pub measures: Option<&'a [String]>,
    pub appendix: bool,
    /// Attached evidence file names per (measure id, evidence name); evidence name "" is the
    /// measure as a whole.
    pub attachments: &'a BTreeMap<(String, String), Vec<String>>,
}

// ------------------------------------------------------------------ what may be claimed

/// Why a measure cannot go into a dossier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotClaimable {
    /// Not eligible on the assessment date: not eligible, undecided, expired, out of scope…
    Status(Status),
    /// A non-stacking rule gave the award to the measure `kept`.
    Dropped { kept: String },
    /// Eligible, but no figure where the amount class promises one.
    NoAmount,
}

impl NotClaimable {
    /// Chinese and English, naming the measure.
    pub fn message(&self, o: &Outcome) -> String {
        let who = format!("措施 {}（{}）", o.measure, o.title);
        match self {
            NotClaimable::Status(s) => format!(
                "{who}不能申报：{} / measure {} cannot be claimed: {}",
                s.label_zh(),
                o.measure,
                s.as_str()
            ),
            NotClaimable::Dropped { kept } => format!(
                "{who}不能申报：依不重复享受的规定已由 {kept} 申报 / measure {} cannot be \
                 claimed: a non-stacking rule gives the award to {kept}",
                o.measure
            ),
            NotClaimable::NoAmount => format!(
                "{who}不能申报：金额尚未算出，请补充金额相关信息 / measure {} cannot be \
                 claimed: its amount is not computed yet",
                o.measure
            ),
        }
    }
}

/// The one decision whether an outcome may be claimed in a dossier. Today: eligible on the
/// assessment date, not given to another measure by a non-stacking rule, and a figure
/// wherever the amount class needs one (exact, maximum, cap only); an amount the text does
/// not state (unquantified) is claimable and printed as "以核定为准".
///
/// Non-monetary measures (a listing, priority, a service) are claimable too: applying for
/// them is legitimate and they print as "非资金支持". [`select`] includes them only when
/// they are named, so the default dossier is the money the firm can claim.
///
/// New engine statuses (accruing, already received, other year, expired but still
/// claimable) are to be decided here.
pub fn claimable(o: &Outcome) -> Result<(), NotClaimable> {
    if o.status != Status::Eligible {
        return Err(NotClaimable::Status(o.status));
    }
    if let Some(d) = &o.dropped {
        return Err(NotClaimable::Dropped {
            kept: d.kept.clone(),
        });
    }
    match (o.class, o.amount) {
        (CatClass::Exact | CatClass::Maximum | CatClass::CapOnly, None) => {
            Err(NotClaimable::NoAmount)
        }
        _ => Ok(()),
    }
}

/// The outcomes a dossier claims: the named ids (trimmed; unknown, duplicate or unclaimable
/// ones refused, all problems in one message), or every claimable money measure.
pub fn select<'a>(
    a: &'a Assessment,
    ids: Option<&[String]>,
) -> Result<Vec<&'a Outcome<'a>>, String> {
    let Some(ids) = ids else {
        return Ok(a
            .outcomes
            .iter()
            .filter(|o| claimable(o).is_ok() && o.class != CatClass::NonMonetary)
            .collect());
    };
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for id in ids.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !seen.insert(id) {
            problems.push(format!("措施 {id} 重复指定 / measure {id} is given twice"));
            continue;
        }
        match a.outcome(id) {
            None => problems.push(format!("未知措施 / unknown measure: {id}")),
            Some(o) => match claimable(o) {
                Ok(()) => out.push(o),
                Err(e) => problems.push(e.message(o)),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }
    if out.is_empty() {
        return Err("没有指定措施 / no measure given".into());
    }
    Ok(out)
}

// ------------------------------------------------------------------ official text

static NOTATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // fact ids: firm.revenue_last_year, jinan-gyqs-2020.project.track
        r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*\.[a-z_]+",
        // identifiers with underscores, rule functions and operators
        r"|[a-z]+_[a-z_]+|\b(?:floor|min|max|count|year)\s*\(|>=|<=|==|!=|&&|\|\|",
        r"|\b(?:and|or|not|true|false)\b",
        // analyst and decision markers: 分析师R9, (R3), （D1）, 推定, 引擎
        r"|分析师|推定|引擎|(?:^|[^0-9A-Za-z])[RD][0-9]{1,2}(?:[^0-9A-Za-z]|$)",
    ))
    .expect("valid pattern")
});

/// Parenthesised analyst markers dropped whole: （推定）, （推定对应50万元档）, (R3),
/// （分析师R7）, （R1、R4）.
static MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s*[（(](?:推定[^（）()]*|分析师[^（）()]*|[RD][0-9]{1,2}(?:[、,，][RD][0-9]{1,2})*)[）)]",
    )
    .expect("valid pattern")
});

/// The first piece of internal notation in `text` (fact ids, expression syntax, analyst
/// markers, "推定"), if any. The dossier must print none.
pub fn internal_notation(text: &str) -> Option<&str> {
    NOTATION.find(text).map(|m| m.as_str())
}

/// `text` without the catalogue's parenthesised analyst markers. For text that also carries
/// the firm's own answers (calculations, reasons), which must never lose a sentence.
pub fn without_markers(text: &str) -> String {
    MARKER.replace_all(text, "").trim().to_string()
}

/// `text` for the official: analyst markers removed, and any sentence still written in
/// internal notation left out (it was written for the catalogue's maintainers).
pub fn official_text(text: &str) -> String {
    let cleaned = MARKER.replace_all(text, "");
    let mut out = String::new();
    for sentence in cleaned.split_inclusive(['。', '；']) {
        if internal_notation(sentence).is_none() {
            out.push_str(sentence);
        }
    }
    out.trim().to_string()
}

// ------------------------------------------------------------------ calculation

/// `e` with every fact replaced by its value: "（8,000,000.00 元 + 2,000,000.00 元）".
fn with_values(cat: &Catalogue, e: &Expr, env: &Env) -> String {
    match e {
        Expr::Fact(id) => match eval(e, env) {
            Eval::Known(v) => format_value(cat, id, &v),
            _ => fact_label(cat, id),
        },
        Expr::Arith(op, a, b) => {
            let s = match op {
                ArithOp::Add => "+",
                ArithOp::Sub => "−",
                ArithOp::Mul => "×",
                ArithOp::Div => "÷",
            };
            format!(
                "（{} {s} {}）",
                with_values(cat, a, env),
                with_values(cat, b, env)
            )
        }
        Expr::Call(func @ (Func::Floor | Func::Min | Func::Max), args) => {
            let inner: Vec<String> = args.iter().map(|a| with_values(cat, a, env)).collect();
            match func {
                Func::Floor => format!("{}的整数部分", inner[0]),
                Func::Min => format!("{}中的较小者", inner.join("、")),
                _ => format!("{}中的较大者", inner.join("、")),
            }
        }
        Expr::AsOfYear => match eval(e, env) {
            Eval::Known(Value::Num(n)) => n.to_string(),
            _ => render_zh(cat, e),
        },
        _ => render_zh(cat, e),
    }
}

/// The engine's calculation lines with the numbers substituted into every formula: a line
/// "（A + B） 10,000,000.00 元 × 10% = …" reads "（A + B） = （8,000,000.00 元 + 2,000,000.00
/// 元） = 10,000,000.00 元 × 10% = …". Item lines ("〔p1〕…") use that item's answers.
fn calculation(
    cat: &Catalogue,
    m: &Measure,
    o: &Outcome,
    facts: &Facts,
    (as_of, year): (chrono::NaiveDate, i32),
) -> Vec<String> {
    // The assessment read per-year answers (`x@2026`) for its support year; so do the numbers.
    let facts = &*huiqi_engine::period::facts_for_year(cat, facts, year);
    let formulas: Vec<&Expr> = [m.amount.base_expr.as_ref(), m.amount.units_expr.as_ref()]
        .into_iter()
        .flatten()
        .filter(|e| !matches!(e, Expr::Fact(_)))
        .collect();
    o.calculation
        .iter()
        .map(|line| {
            let item = item_of_line(facts, m, line);
            let env = Env {
                facts,
                item,
                as_of,
                year,
                slots: None,
                // `facts_for_year` has put the derived facts among the answers.
                derived: &[],
            };
            let mut line = line.clone();
            for e in &formulas {
                let words = render_zh(cat, e);
                if line.contains(&format!("{words} ")) {
                    let numbers = with_values(cat, e, &env);
                    line =
                        line.replacen(&format!("{words} "), &format!("{words} = {numbers} = "), 1);
                }
            }
            without_markers(&line)
        })
        .filter(|l| !l.is_empty())
        .collect()
}

/// The item a "〔id〕…" calculation line is about.
fn item_of_line<'f>(facts: &'f Facts, m: &Measure, line: &str) -> Option<&'f Item> {
    let kind = m.per_item.as_deref()?;
    let id = line.strip_prefix('〔')?.split_once('〕')?.0;
    facts.items.iter().find(|i| i.kind == kind && i.id == id)
}

// ------------------------------------------------------------------ the model

fn class(c: CatClass) -> huiqi_dossier::AmountClass {
    use huiqi_dossier::AmountClass as D;
    match c {
        CatClass::Exact => D::Exact,
        CatClass::Maximum => D::Maximum,
        CatClass::CapOnly => D::CapOnly,
        CatClass::Unquantified => D::Unquantified,
        CatClass::NonMonetary => D::NonMonetary,
    }
}

/// A content hash of everything the dossier is made from, printed in every footer.
pub fn input_hash(req: &DossierRequest) -> String {
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(req.profile).unwrap_or_default());
    h.update(serde_json::to_vec(req.facts).unwrap_or_default());
    h.update(req.assessment.as_of.to_string());
    h.update(&req.assessment.catalog_version);
    // Trimmed like the selection, so " 7a" and "7a" print the same stamp.
    let ids: Vec<&str> = req
        .measures
        .unwrap_or_default()
        .iter()
        .map(|s| s.trim())
        .collect();
    h.update(ids.join(","));
    hex::encode(&h.finalize()[..6])
}

/// The answers establishing eligibility: firm-level facts from the trace, then the facts of
/// exactly the items this outcome counted, one row each, labelled with the item.
fn answers(cat: &Catalogue, m: &Measure, o: &Outcome, facts: &Facts) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut push = |label: String, value: String| {
        // Labels, and the labels of chosen options, are the catalogue's and may carry its
        // markers; no sentence is dropped, since values are the firm's answers.
        if !rows.iter().any(|r| r.label == label && r.value == value) {
            rows.push(Row::new(without_markers(&label), without_markers(&value)));
        }
    };
    for step in o.trace.iter().filter(|s| !s.step.contains('〔')) {
        for (label, value) in &step.facts {
            push(label.clone(), value.clone());
        }
    }
    let Some(kind) = m.per_item.as_deref() else {
        return rows;
    };
    for counted in o.items.iter().filter(|i| counts(i) && i.kind == kind) {
        let Some(item) = facts.items_of(kind).find(|i| i.id == counted.id) else {
            continue;
        };
        for (fact, v) in &item.facts {
            push(
                format!("〔{}〕{}", item.id, fact_label(cat, fact)),
                format_value(cat, fact, v),
            );
        }
    }
    rows
}

/// An item the outcome counted toward its amount.
fn counts(i: &huiqi_engine::ItemOutcome) -> bool {
    i.status == Status::Eligible && i.dropped_by.is_none()
}

/// Why items eligible on their own were not counted (given to another measure by a
/// non-stacking rule), worded for the official.
fn adjustments(o: &Outcome) -> Vec<String> {
    let mut out: Vec<String> = o
        .items
        .iter()
        .filter(|i| i.status == Status::Eligible && i.dropped_by.is_some())
        .map(|i| {
            let prefix = format!("〔{}〕", i.id);
            let why = o
                .hints
                .iter()
                .find(|h| h.starts_with(&prefix))
                .cloned()
                .unwrap_or_else(|| {
                    format!("{prefix}已在其他措施中计入，依不重复奖补的规定本项不计")
                });
            without_markers(&format!("未计入：{why}。"))
        })
        .collect();
    // Items of another support year or already claimed count toward nothing in this one.
    for i in &o.items {
        match (i.status, i.year) {
            (Status::OtherYear, Some(y)) => {
                out.push(format!("未计入：〔{}〕属 {y} 申报年度。", i.id))
            }
            (Status::AlreadyReceived, _) => {
                out.push(format!("未计入：〔{}〕已申报或已享受。", i.id))
            }
            _ => {}
        }
    }
    if let Some(until) = o.late_claim_until {
        out.push(format!(
            "本政策已到期；有效期内发生的事项按 {until} 前可申报计。"
        ));
    }
    out.extend(o.validity_note.iter().map(|n| format!("有效期：{n}。")));
    out
}

fn evidence(
    m: &Measure,
    attachments: &BTreeMap<(String, String), Vec<String>>,
) -> Vec<EvidenceItem> {
    let attached_to = |e: &str| {
        attachments
            .get(&(m.id().to_string(), e.to_string()))
            .cloned()
            .unwrap_or_default()
    };
    let mut out: Vec<EvidenceItem> = m
        .evidence
        .iter()
        .map(|e| EvidenceItem {
            name: official_text(e),
            attached: attached_to(e),
        })
        .collect();
    // Files attached to the measure as a whole (evidence "") get a line of their own.
    let general = attached_to("");
    if !general.is_empty() {
        out.push(EvidenceItem {
            name: OTHER_EVIDENCE.into(),
            attached: general,
        });
    }
    out
}

/// 受理部门, lead department first, without the catalogue's "（推定）" markers.
fn departments(m: &Measure) -> Vec<String> {
    m.departments
        .iter()
        .map(|d| official_text(d))
        .filter(|d| !d.is_empty())
        .collect()
}

fn section(cat: &Catalogue, req: &DossierRequest, o: &Outcome) -> Result<MeasureSection, String> {
    let m = cat.measure(o.measure).ok_or("measure vanished")?;
    let doc = &cat.document_of(m).doc;
    let notes = m
        .notes
        .iter()
        .filter_map(|n| {
            let reading = official_text(&n.reading);
            let why = official_text(&n.why);
            if reading.is_empty() {
                return None;
            }
            Some(if why.is_empty() {
                format!("{}：{reading}", n.topic)
            } else {
                format!("{}：{reading}（{why}）", n.topic)
            })
        })
        .collect();
    Ok(MeasureSection {
        measure_id: m.id().to_string(),
        title: m.title.clone(),
        document_title: doc.title.clone(),
        document_number: doc.number.clone(),
        clause: format!("第{}条", m.clause),
        quotes: m.quotes.iter().map(|q| q.get_ref().clone()).collect(),
        answers: answers(cat, m, o, req.facts),
        calculation: calculation(
            cat,
            m,
            o,
            req.facts,
            (req.assessment.as_of, req.assessment.year),
        ),
        amount_yuan: o.amount,
        amount_class: class(m.amount_class),
        notes,
        evidence: evidence(m, req.attachments),
        departments: departments(m),
        adjustments: adjustments(o),
    })
}

fn appendix(cat: &Catalogue, a: &Assessment, chosen: &[&Outcome]) -> Vec<AppendixEntry> {
    a.outcomes
        .iter()
        .filter(|o| !chosen.iter().any(|c| c.measure == o.measure))
        .filter_map(|o| {
            let status = match o.status {
                Status::NotEligible => AppendixStatus::NotEligible,
                Status::Undecided => AppendixStatus::Undecided,
                Status::Expired => AppendixStatus::Expired,
                _ => return None,
            };
            Some(AppendixEntry {
                measure_id: o.measure.to_string(),
                title: o.title.to_string(),
                status,
                reasons: o
                    .failed
                    .iter()
                    .map(|r| without_markers(r))
                    .filter(|r| !r.is_empty())
                    .collect(),
                missing: o.missing.iter().map(|f| fact_label(cat, f)).collect(),
            })
        })
        .collect()
}

pub fn build_model(cat: &Catalogue, req: &DossierRequest) -> Result<DossierModel, String> {
    let chosen = select(req.assessment, req.measures)?;
    model_for(cat, req, &chosen, None)
}

/// The model for `chosen`; `part` names the department or document of a split dossier.
fn model_for(
    cat: &Catalogue,
    req: &DossierRequest,
    chosen: &[&Outcome],
    part: Option<&str>,
) -> Result<DossierModel, String> {
    let a = req.assessment;
    let firm_facts = cat
        .facts
        .iter()
        .filter(|f| f.item.is_none())
        .filter_map(|f| {
            req.facts
                .firm
                .get(f.id())
                .map(|v| Row::new(f.label.clone(), format_value(cat, f.id(), v)))
        })
        .collect();
    let sections = chosen
        .iter()
        .map(|o| section(cat, req, o))
        .collect::<Result<_, _>>()?;
    // The support year claimed for, which may differ from the date's year.
    let year = a.year;
    let mut hash = input_hash(req);
    if let Some(p) = part {
        hash = hex::encode(&Sha256::digest(format!("{hash}{p}"))[..6]);
    }
    Ok(DossierModel {
        project_title: match part {
            Some(p) => format!("{year}年度惠企政策资金申报（{p}）"),
            None => format!("{year}年度惠企政策资金申报"),
        },
        firm: FirmBlock {
            name: Some(req.profile.name.clone()).filter(|s| !s.is_empty()),
            credit_code: req.profile.credit_code.clone(),
            legal_rep: req.profile.legal_rep.clone(),
            contact: req.profile.contact.clone(),
            phone: req.profile.phone.clone(),
        },
        declared_on: a.as_of.to_string(),
        firm_facts,
        measures: sections,
        appendix: req.appendix.then(|| appendix(cat, a, chosen)),
        catalog_version: a.catalog_version.clone(),
        input_hash: hash,
    })
}

/// One dossier for the whole firm, or one per policy document or per 受理部门.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    #[default]
    Whole,
    Document,
    Department,
}

impl std::str::FromStr for Split {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "whole" => Ok(Split::Whole),
            "document" => Ok(Split::Document),
            "department" => Ok(Split::Department),
            _ => Err(format!(
                "未知拆分方式 {s}（可用 whole、document、department） / unknown split {s}"
            )),
        }
    }
}

/// The dossiers for a split: (part name, model), in the order the measures first appear.
/// A measure goes with its lead (first-listed) department; one without any, with "其他部门".
/// The part name is the document key or the department; `None` for the whole firm.
pub fn build_models(
    cat: &Catalogue,
    req: &DossierRequest,
    split: Split,
) -> Result<Vec<(Option<String>, DossierModel)>, String> {
    let chosen = select(req.assessment, req.measures)?;
    if split == Split::Whole {
        return Ok(vec![(None, model_for(cat, req, &chosen, None)?)]);
    }
    let mut groups: Vec<(String, Vec<&Outcome>)> = Vec::new();
    for o in chosen {
        let key = match split {
            Split::Document => o.document.to_string(),
            _ => cat
                .measure(o.measure)
                .and_then(|m| departments(m).into_iter().next())
                .unwrap_or_else(|| "其他部门".to_string()),
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => v.push(o),
            None => groups.push((key, vec![o])),
        }
    }
    groups
        .into_iter()
        .map(|(key, outs)| {
            let part = match split {
                Split::Document => cat
                    .document(&key)
                    .map(|d| {
                        d.doc
                            .short_title
                            .clone()
                            .unwrap_or_else(|| d.doc.title.clone())
                    })
                    .unwrap_or_else(|| key.clone()),
                _ => key.clone(),
            };
            Ok((Some(key), model_for(cat, req, &outs, Some(&part))?))
        })
        .collect()
}

// ------------------------------------------------------------------ writing

/// Writes `bytes` to `path` atomically: into a temporary file beside it, flushed to disk,
/// then renamed over the target. On any failure the temporary file is removed and an
/// existing file at `path` is left exactly as it was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// As [`write_atomic`], with the content written by `fill` (tests inject failures here).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".huiqi-")
        .suffix(".part")
        .tempfile_in(dir)?;
    fill(tmp.as_file_mut())?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn official_text_drops_markers_and_notation() {
        assert_eq!(official_text("营业执照（推定）"), "营业执照");
        assert_eq!(official_text("营业执照(推定)"), "营业执照");
        assert_eq!(
            official_text("中间层级职务（推定对应30万元档）"),
            "中间层级职务"
        );
        assert_eq!(
            official_text("第二条要求三地均在本市辖内（分析师R7）。"),
            "第二条要求三地均在本市辖内。"
        );
        assert_eq!(official_text("以上包括本数（R1）。"), "以上包括本数。");
        assert_eq!(
            official_text("单条航线年度不超过100万元。引擎写法：基数=架次×100元。"),
            "单条航线年度不超过100万元。"
        );
        assert_eq!(
            official_text("按 firm.revenue_last_year 计；其余按原文。"),
            "其余按原文。"
        );
        assert_eq!(official_text("floor(x) >= 1"), "");
        for clean in [
            "上一年度营业收入 ≥ 100亿元",
            "统一社会信用代码 91370112MA3D8K2N5Q",
        ] {
            assert_eq!(official_text(clean), clean);
            assert_eq!(internal_notation(clean), None);
        }
    }

    #[test]
    fn the_firms_own_words_are_kept() {
        // A project called R1 and a partner "A and B": only catalogue markers go.
        let line = "〔R1〕与 A and B 合作的项目投资额 1,000,000.00 元（推定）";
        assert_eq!(
            without_markers(line),
            "〔R1〕与 A and B 合作的项目投资额 1,000,000.00 元"
        );
    }

    #[test]
    fn notation_is_found() {
        for (text, found) in [
            ("分析师R9 认为", "分析师"),
            ("依（R3）", "（R3）"),
            ("firm.revenue_last_year", "firm.revenue_last_year"),
            ("floor(营收)", "floor("),
            ("营收 (>=) 1亿", ">="),
            ("营业执照(推定)", "推定"),
        ] {
            assert_eq!(internal_notation(text), Some(found), "{text}");
        }
    }

    #[test]
    fn failed_write_leaves_the_existing_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("dossier.pdf");
        std::fs::write(&target, b"old signed copy").unwrap();
        // Half the bytes, then the disk is full.
        let err = write_atomic_with(&target, |f| {
            f.write_all(b"%PDF-1.7 trunc")?;
            Err(std::io::Error::new(
                std::io::ErrorKind::StorageFull,
                "disk full",
            ))
        })
        .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(std::fs::read(&target).unwrap(), b"old signed copy");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["dossier.pdf"], "no temporary file left behind");

        write_atomic(&target, b"new").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
    }
}
