//! The catalogue in compiled form: what the strict loader produced, stored with postcard so
//! that reading it back needs no TOML parsing, no checks and no rendering.
//!
//! `build.rs` runs the loader over `assets/` (a catalogue with problems fails the build with
//! every `file:line: field: message`) and writes `encode(&catalogue)`; `Catalogue::builtin`
//! reads it with `decode`. A `--catalog DIR` and policy packs still go through the loader.
//!
//! The model's loader-derived fields (`#[serde(skip)]`: they must not be accepted from TOML)
//! travel beside it in `MeasureDerived` and `case_lines`; spans and golden-case tables cross
//! through `wire.rs`. The indexes are rebuilt on reading, so the bytes do not depend on a
//! hash map's order.

use crate::expr::Expr;
use crate::load::{Catalogue, IdIndex, LoadedDocument};
use crate::model::*;
use crate::pack::PackInfo;
use crate::tables::{IndustryTable, RegionTable};
use serde::{Deserialize, Serialize};

/// Raised whenever the layout of `Compiled` or of the model changes, so that bytes of another
/// layout are refused by name instead of misread.
const FORMAT: u32 = 3;

#[derive(Serialize, Deserialize)]
struct Compiled {
    format: u32,
    version: String,
    documents: Vec<LoadedDocument>,
    measures: Vec<Measure>,
    /// One per measure, in the order of `measures`.
    derived: Vec<MeasureDerived>,
    /// Per document, the line of each golden case in its cases.toml.
    case_lines: Vec<Vec<usize>>,
    facts: Vec<FactDef>,
    item_kinds: Vec<ItemKind>,
    regions: RegionTable,
    industries: IndustryTable,
    packs: Vec<PackInfo>,
}

/// What the loader adds to a measure after reading it: parsed rules and amount figures, their
/// Chinese rendering and the document it belongs to.
#[derive(Serialize, Deserialize)]
struct MeasureDerived {
    scope_expr: Option<Expr>,
    when_expr: Option<Expr>,
    event_date_expr: Option<Expr>,
    scope_zh: Option<String>,
    when_zh: Option<String>,
    document: String,
    tier_when: Vec<Option<Expr>>,
    base_expr: Option<Expr>,
    units_expr: Option<Expr>,
    figures: Option<AmountFigures>,
}

impl MeasureDerived {
    fn of(m: &Measure) -> MeasureDerived {
        MeasureDerived {
            scope_expr: m.scope_expr.clone(),
            when_expr: m.when_expr.clone(),
            event_date_expr: m.event_date_expr.clone(),
            scope_zh: m.scope_zh.clone(),
            when_zh: m.when_zh.clone(),
            document: m.document.clone(),
            tier_when: m.amount.tiers.iter().map(|t| t.when_expr.clone()).collect(),
            base_expr: m.amount.base_expr.clone(),
            units_expr: m.amount.units_expr.clone(),
            figures: m.amount.figures.clone(),
        }
    }

    fn apply(self, m: &mut Measure) -> Result<(), String> {
        if self.tier_when.len() != m.amount.tiers.len() {
            return Err(format!("{}: tiers do not match", m.id()));
        }
        for (tier, when) in m.amount.tiers.iter_mut().zip(self.tier_when) {
            tier.when_expr = when;
        }
        m.scope_expr = self.scope_expr;
        m.when_expr = self.when_expr;
        m.event_date_expr = self.event_date_expr;
        m.scope_zh = self.scope_zh;
        m.when_zh = self.when_zh;
        m.document = self.document;
        m.amount.base_expr = self.base_expr;
        m.amount.units_expr = self.units_expr;
        m.amount.figures = self.figures;
        Ok(())
    }
}

/// The compiled form of a loaded catalogue.
pub fn encode(catalogue: &Catalogue) -> Vec<u8> {
    let compiled = Compiled {
        format: FORMAT,
        version: catalogue.version.clone(),
        documents: catalogue.documents.clone(),
        measures: catalogue.measures.clone(),
        derived: catalogue.measures.iter().map(MeasureDerived::of).collect(),
        case_lines: catalogue
            .documents
            .iter()
            .map(|d| d.cases.iter().map(|c| c.line).collect())
            .collect(),
        facts: catalogue.facts.clone(),
        item_kinds: catalogue.item_kinds.clone(),
        regions: catalogue.regions.clone(),
        industries: catalogue.industries.clone(),
        packs: catalogue.packs.clone(),
    };
    postcard::to_allocvec(&compiled).expect("a catalogue always serializes")
}

/// The catalogue `encode` was given. Fails only on bytes of another format or layout.
pub fn decode(bytes: &[u8]) -> Result<Catalogue, String> {
    let compiled: Compiled =
        postcard::from_bytes(bytes).map_err(|e| format!("compiled catalogue: {e}"))?;
    if compiled.format != FORMAT {
        return Err(format!(
            "compiled catalogue: format {} (this build reads {FORMAT})",
            compiled.format
        ));
    }
    let mut documents = compiled.documents;
    if compiled.case_lines.len() != documents.len() {
        return Err("compiled catalogue: case lines do not match the documents".into());
    }
    for (doc, lines) in documents.iter_mut().zip(compiled.case_lines) {
        for (case, line) in doc.cases.iter_mut().zip(lines) {
            case.line = line;
        }
    }
    let mut measures = compiled.measures;
    if compiled.derived.len() != measures.len() {
        return Err("compiled catalogue: derived fields do not match the measures".into());
    }
    for (m, derived) in measures.iter_mut().zip(compiled.derived) {
        derived.apply(m)?;
    }
    Ok(Catalogue {
        measure_index: positions(measures.iter().map(Measure::id)),
        fact_index: positions(compiled.facts.iter().map(FactDef::id)),
        documents,
        measures,
        facts: compiled.facts,
        item_kinds: compiled.item_kinds,
        regions: compiled.regions,
        industries: compiled.industries,
        version: compiled.version,
        packs: compiled.packs,
    })
}

/// Id → position, the first of equal ids winning (the loader refuses duplicates anyway).
fn positions<'a>(ids: impl Iterator<Item = &'a str>) -> IdIndex {
    let mut index = IdIndex::default();
    for (i, id) in ids.enumerate() {
        index.entry(id.to_string()).or_insert(i);
    }
    index
}
