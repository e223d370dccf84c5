//! The policy library as the UI shows it: documents with their standing on a date, the
//! source text split into runs that mark which measure quotes them, and the code tables
//! as trees for the region and industry pickers.

use chrono::NaiveDate;
use huiqi_catalog::render::{
    Lang, amount_rule_en, amount_rule_zh, item_kind_label_in, render_en, render_zh,
};
use huiqi_catalog::{AmountClass, Catalogue, LoadedDocument, Measure};
use huiqi_engine::Period;
use huiqi_engine::period::Window;

use crate::dto::{
    CodeNodeDto, DocumentDetailDto, DocumentStatus, DocumentSummaryDto, MeasureSummaryDto,
    NonEnterpriseDto, NoteDto, SourceSegmentDto,
};

pub fn amount_class_name(c: AmountClass) -> String {
    match c {
        AmountClass::Exact => "exact",
        AmountClass::Maximum => "maximum",
        AmountClass::CapOnly => "cap_only",
        AmountClass::Unquantified => "unquantified",
        AmountClass::NonMonetary => "non_monetary",
    }
    .to_string()
}

/// A document's standing on the period's date, after the user's validity override.
fn status(win: &Window, as_of: NaiveDate) -> DocumentStatus {
    if win.start.is_some_and(|s| as_of < s) {
        DocumentStatus::NotYetEffective
    } else if win.end.is_some_and(|e| as_of > e) {
        DocumentStatus::Expired
    } else if win.end.is_none() {
        DocumentStatus::InForceNoEnd
    } else {
        DocumentStatus::InForce
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn document_summary(
    cat: &Catalogue,
    d: &LoadedDocument,
    period: &Period,
) -> DocumentSummaryDto {
    let doc = &d.doc;
    let win = Window::of(doc, period);
    let measures: Vec<&Measure> = d.measures.iter().filter_map(|id| cat.measure(id)).collect();
    DocumentSummaryDto {
        key: doc.key.clone(),
        title: doc.title.clone(),
        title_en: doc.title_en.clone(),
        short_title: doc.short_title.clone(),
        short_title_en: doc.short_title_en.clone(),
        issuer: doc.issuer.clone(),
        issuer_en: doc.issuer_en.clone(),
        number: doc.number.clone(),
        region_codes: doc.regions.clone(),
        region_names: doc
            .regions
            .iter()
            .map(|c| cat.regions.full_name(c).unwrap_or_else(|| c.clone()))
            .collect(),
        issued: doc.issued.date.map(|d| d.to_string()),
        effective: doc.effective.date.map(|d| d.to_string()),
        expires: win.end.map(|d| d.to_string()),
        claims_until: win.claims_until.map(|d| d.to_string()),
        validity_note: validity_note(&win, Lang::Zh),
        validity_note_en: validity_note(&win, Lang::En),
        status: status(&win, period.as_of),
        measure_count: count(measures.len()),
        monetary_count: count(
            measures
                .iter()
                .filter(|m| {
                    matches!(
                        m.amount_class,
                        AmountClass::Exact | AmountClass::Maximum | AmountClass::CapOnly
                    )
                })
                .count(),
        ),
        non_enterprise_count: count(doc.non_enterprise.len()),
        pending_count: count(doc.pending.len()),
        pack: d.pack.as_ref().map(|p| p.id.clone()),
        replaces: d
            .pack
            .as_ref()
            .map(|p| p.replaces.clone())
            .unwrap_or_default(),
    }
}

pub fn documents(cat: &Catalogue, period: &Period) -> Vec<DocumentSummaryDto> {
    cat.documents
        .iter()
        .map(|d| document_summary(cat, d, period))
        .collect()
}

/// The override in words, or that the end date could not be fixed from the text.
pub fn validity_note(win: &Window, lang: Lang) -> Option<String> {
    match win.overridden {
        Some(o) => Some(o.describe(lang)),
        None if win.unverified => Some(lang.pick(
            "有效期原文未写明（或系推定），是否仍在执行请向主管部门核实；可在此设置实际有效期",
            "The text does not state the validity (or it is inferred): ask the competent department whether it still applies; you can set the actual validity here",
        ).into()),
        None => None,
    }
}

pub fn measure_summary(cat: &Catalogue, m: &Measure) -> MeasureSummaryDto {
    let exprs = || [&m.scope_expr, &m.when_expr].into_iter().flatten();
    let conditions: Vec<String> = exprs().map(|e| render_zh(cat, e)).collect();
    let conditions_en: Vec<String> = exprs().map(|e| render_en(cat, e)).collect();
    MeasureSummaryDto {
        id: m.id().to_string(),
        document: m.document.clone(),
        clause: m.clause.clone(),
        title: m.title.clone(),
        title_en: m.title_en.clone(),
        amount_class: amount_class_name(m.amount_class),
        amount_rule: amount_rule_zh(cat, m),
        amount_rule_en: amount_rule_en(cat, m),
        conditions: (!conditions.is_empty()).then(|| conditions.join("；")),
        conditions_en: (!conditions_en.is_empty()).then(|| conditions_en.join("; ")),
        per_item_en: m
            .per_item
            .as_ref()
            .map(|k| item_kind_label_in(cat, k, Lang::En)),
        per_item: m.per_item.as_ref().map(|k| {
            cat.item_kind(k)
                .map(|x| x.label.clone())
                .unwrap_or(k.clone())
        }),
        quotes: m.quotes.iter().map(|q| q.get_ref().clone()).collect(),
        evidence: m.evidence.clone(),
        departments: m.departments.clone(),
        notes: m
            .notes
            .iter()
            .map(|n| NoteDto {
                topic: n.topic.clone(),
                reading: n.reading.clone(),
                alternatives: n.alternatives.clone(),
                why: n.why.clone(),
            })
            .collect(),
    }
}

/// Splits `text` into runs, each tagged with the measures whose quotes cover it. Quotes are
/// exact substrings of the source (checked at load); every occurrence is marked.
pub fn segments(text: &str, quotes: &[(String, &str)]) -> Vec<SourceSegmentDto> {
    // Byte boundaries where coverage may change, and per byte range the covering measures.
    let mut marks: Vec<(usize, usize, &str)> = Vec::new();
    for (measure, quote) in quotes {
        if quote.is_empty() {
            continue;
        }
        for (start, _) in text.match_indices(quote) {
            marks.push((start, start + quote.len(), measure.as_str()));
        }
    }
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for (s, e, _) in &marks {
        cuts.push(*s);
        cuts.push(*e);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<SourceSegmentDto> = Vec::new();
    for w in cuts.windows(2) {
        let (s, e) = (w[0], w[1]);
        let mut measures: Vec<String> = marks
            .iter()
            .filter(|(ms, me, _)| *ms <= s && e <= *me)
            .map(|(_, _, id)| id.to_string())
            .collect();
        measures.sort();
        measures.dedup();
        match out.last_mut() {
            Some(last) if last.measures == measures => last.text.push_str(&text[s..e]),
            _ => out.push(SourceSegmentDto {
                text: text[s..e].to_string(),
                measures,
            }),
        }
    }
    out
}

pub fn document_detail(cat: &Catalogue, key: &str, period: &Period) -> Option<DocumentDetailDto> {
    let d = cat.document(key)?;
    let measures: Vec<&Measure> = d.measures.iter().filter_map(|id| cat.measure(id)).collect();
    let quotes: Vec<(String, &str)> = measures
        .iter()
        .flat_map(|m| {
            m.quotes
                .iter()
                .map(|q| (m.id().to_string(), q.get_ref().as_str()))
        })
        .collect();
    Some(DocumentDetailDto {
        summary: document_summary(cat, d, period),
        region_note: d.doc.region_note.clone(),
        source: segments(&d.source_text, &quotes),
        measures: measures.iter().map(|m| measure_summary(cat, m)).collect(),
        non_enterprise: d
            .doc
            .non_enterprise
            .iter()
            .map(|n| NonEnterpriseDto {
                clause: n.clause.get_ref().clone(),
                reason: n.reason.clone(),
                quote: n.quote.clone(),
            })
            .collect(),
        pending: d.doc.pending.iter().map(|p| p.get_ref().clone()).collect(),
        defects: d.doc.defects.iter().map(|x| x.text.clone()).collect(),
        stacking: d
            .doc
            .stacking
            .iter()
            .map(|g| {
                let names: Vec<String> = g
                    .members
                    .iter()
                    .map(|id| {
                        cat.measure(id)
                            .map(|m| format!("{}（第{}条）", m.title, m.clause))
                            .unwrap_or(id.clone())
                    })
                    .collect();
                format!("{}：“{}”", names.join("、"), g.quote)
            })
            .collect(),
    })
}

/// GB/T 2260 as a tree: provinces, prefectures, counties (nesting by code).
pub fn region_tree(cat: &Catalogue) -> Vec<CodeNodeDto> {
    let node = |code: &str, name: &str| CodeNodeDto {
        code: code.to_string(),
        name: name.to_string(),
        full_name: cat
            .regions
            .full_name(code)
            .unwrap_or_else(|| name.to_string()),
        children: Vec::new(),
    };
    let mut provinces: Vec<CodeNodeDto> = Vec::new();
    for r in &cat.regions.regions {
        let c = r.code.as_str();
        if c.ends_with("0000") {
            provinces.push(node(c, &r.name));
        } else if c.ends_with("00") {
            if let Some(p) = provinces.iter_mut().find(|p| c.starts_with(&p.code[..2])) {
                p.children.push(node(c, &r.name));
            }
        } else if let Some(p) = provinces.iter_mut().find(|p| c.starts_with(&p.code[..2])) {
            // Counties of a municipality (北京市东城区) hang directly under the province
            // when the table has no prefecture row for them.
            match p.children.iter_mut().find(|x| c.starts_with(&x.code[..4])) {
                Some(pref) => pref.children.push(node(c, &r.name)),
                None => p.children.push(node(c, &r.name)),
            }
        }
    }
    provinces
}

/// GB/T 4754 as a tree: sections (门类) with their divisions (大类).
pub fn industry_tree(cat: &Catalogue) -> Vec<CodeNodeDto> {
    let mut sections: Vec<CodeNodeDto> = Vec::new();
    for i in &cat.industries.industries {
        let n = CodeNodeDto {
            code: i.code.clone(),
            name: i.name.clone(),
            full_name: format!("{} {}", i.code, i.name),
            children: Vec::new(),
        };
        if i.code.len() == 1 {
            sections.push(n);
        } else if let Some(s) = sections.iter_mut().find(|s| i.code.starts_with(&s.code)) {
            s.children.push(n);
        }
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_mark_quotes_and_overlaps() {
        let text = "一、甲乙丙丁。二、戊己。";
        let segs = segments(
            text,
            &[
                ("a".into(), "甲乙丙"),
                ("b".into(), "丙丁"),
                ("c".into(), "戊己"),
            ],
        );
        let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(joined, text, "segments must rebuild the source");
        let find = |t: &str| {
            segs.iter()
                .find(|s| s.text == t)
                .map(|s| s.measures.clone())
        };
        assert_eq!(find("甲乙"), Some(vec!["a".to_string()]));
        assert_eq!(find("丙"), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(find("丁"), Some(vec!["b".to_string()]));
        assert_eq!(find("戊己"), Some(vec!["c".to_string()]));
        assert_eq!(find("一、"), Some(vec![]));
    }

    #[test]
    fn every_document_has_highlights_and_the_trees_nest() {
        let cat = Catalogue::builtin().unwrap();
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        for d in &cat.documents {
            let detail = document_detail(&cat, &d.doc.key, &Period::from(as_of)).unwrap();
            let rebuilt: String = detail.source.iter().map(|s| s.text.as_str()).collect();
            assert_eq!(rebuilt, d.source_text);
            for m in &detail.measures {
                assert!(
                    detail.source.iter().any(|s| s.measures.contains(&m.id)),
                    "{} has no highlighted text",
                    m.id
                );
            }
        }
        let regions = region_tree(&cat);
        let shandong = regions.iter().find(|p| p.code == "370000").unwrap();
        let jinan = shandong
            .children
            .iter()
            .find(|c| c.code == "370100")
            .unwrap();
        assert!(jinan.children.iter().any(|c| c.code == "370102"));
        let placed: usize = regions
            .iter()
            .map(|p| {
                1 + p
                    .children
                    .iter()
                    .map(|c| 1 + c.children.len())
                    .sum::<usize>()
            })
            .sum();
        assert_eq!(
            placed,
            cat.regions.regions.len(),
            "every region is in the tree"
        );
        let industries = industry_tree(&cat);
        let c = industries.iter().find(|s| s.code == "C").unwrap();
        assert!(c.children.iter().any(|d| d.code == "C34"));
    }
}
