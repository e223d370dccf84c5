//! Builds the dossier model from a firm, its assessment and the chosen measures. The model is
//! plain data; rendering it is `huiqi_dossier`'s job.

use huiqi_catalog::Catalogue;
use huiqi_catalog::render::fact_label;
use huiqi_dossier::{
    AppendixEntry, AppendixStatus, DossierModel, EvidenceItem, FirmBlock, MeasureSection, Row,
};
use huiqi_engine::assess::format_value;
use huiqi_engine::{Assessment, Facts, Status};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

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

/// Chosen measures: the given ids, or every eligible measure when none are given.
pub struct DossierRequest<'a> {
    pub profile: &'a FirmProfile,
    pub facts: &'a Facts,
    pub assessment: &'a Assessment,
    pub measures: Option<&'a [String]>,
    pub appendix: bool,
    /// Attached evidence file names per (measure id, evidence name); evidence name "" is the
    /// measure as a whole.
    pub attachments: &'a BTreeMap<(String, String), Vec<String>>,
}

fn class(c: huiqi_catalog::AmountClass) -> huiqi_dossier::AmountClass {
    use huiqi_catalog::AmountClass as C;
    use huiqi_dossier::AmountClass as D;
    match c {
        C::Exact => D::Exact,
        C::Maximum => D::Maximum,
        C::CapOnly => D::CapOnly,
        C::Unquantified => D::Unquantified,
        C::NonMonetary => D::NonMonetary,
    }
}

/// A content hash of everything the dossier is made from, printed in every footer.
pub fn input_hash(req: &DossierRequest) -> String {
    let mut h = Sha256::new();
    h.update(serde_json::to_vec(req.profile).unwrap_or_default());
    h.update(serde_json::to_vec(req.facts).unwrap_or_default());
    h.update(req.assessment.as_of.to_string());
    h.update(&req.assessment.catalog_version);
    h.update(req.measures.map(|m| m.join(",")).unwrap_or_default());
    hex::encode(&h.finalize()[..6])
}

pub fn build_model(cat: &Catalogue, req: &DossierRequest) -> Result<DossierModel, String> {
    let a = req.assessment;
    let chosen: Vec<&huiqi_engine::Outcome> = match req.measures {
        Some(ids) => ids
            .iter()
            .map(|id| {
                a.outcome(id)
                    .ok_or_else(|| format!("未知措施 / unknown measure: {id}"))
            })
            .collect::<Result<_, _>>()?,
        None => a
            .outcomes
            .iter()
            .filter(|o| o.status == Status::Eligible && o.dropped.is_none())
            .collect(),
    };
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
    let mut sections = Vec::new();
    for o in &chosen {
        let m = cat.measure(&o.measure).ok_or("measure vanished")?;
        let doc = &cat.document_of(m).doc;
        let mut answers: Vec<Row> = Vec::new();
        // Firm-level steps here; item facts follow, one row each, labelled with the item.
        for step in o.trace.iter().filter(|s| !s.step.contains('〔')) {
            for (label, value) in &step.facts {
                if !answers
                    .iter()
                    .any(|r| &r.label == label && &r.value == value)
                {
                    answers.push(Row::new(label.clone(), value.clone()));
                }
            }
        }
        for item in req
            .facts
            .items
            .iter()
            .filter(|i| Some(&i.kind) == m.per_item.as_ref())
        {
            for (fact, v) in &item.facts {
                let label = format!("〔{}〕{}", item.id, fact_label(cat, fact));
                let value = format_value(cat, fact, v);
                if !answers.iter().any(|r| r.label == label) {
                    answers.push(Row::new(label, value));
                }
            }
        }
        let attached_to = |e: &str| {
            req.attachments
                .get(&(m.id().to_string(), e.to_string()))
                .cloned()
                .unwrap_or_default()
        };
        let mut evidence: Vec<EvidenceItem> = m
            .evidence
            .iter()
            .map(|e| EvidenceItem {
                name: e.clone(),
                attached: attached_to(e),
            })
            .collect();
        // Files attached to the measure as a whole (evidence "") get a line of their own.
        let general = attached_to("");
        if !general.is_empty() {
            evidence.push(EvidenceItem {
                name: OTHER_EVIDENCE.into(),
                attached: general,
            });
        }
        sections.push(MeasureSection {
            measure_id: m.id().to_string(),
            title: m.title.clone(),
            document_title: doc.title.clone(),
            document_number: doc.number.clone(),
            clause: format!("第{}条", m.clause),
            quotes: m.quotes.iter().map(|q| q.get_ref().clone()).collect(),
            answers,
            calculation: o.calculation.clone(),
            amount_yuan: if o.status == Status::Eligible {
                o.amount
            } else {
                None
            },
            amount_class: class(m.amount_class),
            notes: m
                .notes
                .iter()
                .map(|n| format!("{}：{}（{}）", n.topic, n.reading, n.why))
                .collect(),
            evidence,
        });
    }
    let appendix = req.appendix.then(|| {
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
                    measure_id: o.measure.clone(),
                    title: o.title.clone(),
                    status,
                    reasons: o.failed.clone(),
                    missing: o.missing.iter().map(|f| fact_label(cat, f)).collect(),
                })
            })
            .collect()
    });
    let year = a.as_of.format("%Y").to_string();
    Ok(DossierModel {
        project_title: format!("{year}年度惠企政策资金申报"),
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
        appendix,
        catalog_version: a.catalog_version.clone(),
        input_hash: input_hash(req),
    })
}
