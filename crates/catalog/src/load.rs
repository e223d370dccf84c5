//! Strict loader: reads a catalogue from a set of files, validates everything, and reports
//! every problem (not just the first) as `file:line: field: message`.

use crate::coverage;
use crate::expr::{self, Expr};
use crate::model::*;
use crate::quantity;
use crate::tables::{IndustryTable, RegionTable};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Ids (of facts, of measures) to their positions. Looked up for every answer of every
/// assessment: a fast hash, since the ids come from the catalogue itself.
pub(crate) type IdIndex = HashMap<String, usize, rustc_hash::FxBuildHasher>;
use std::fmt;
use toml::Spanned;

/// One problem found in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Issue {
    pub file: String,
    pub line: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}: {}",
            self.file, self.line, self.field, self.message
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issues(pub Vec<Issue>);

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for issue in &self.0 {
            writeln!(f, "{issue}")?;
        }
        write!(
            f,
            "共 {} 处问题 / {} problem(s)",
            self.0.len(),
            self.0.len()
        )
    }
}

impl std::error::Error for Issues {}

/// A loaded document with everything that belongs to it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct LoadedDocument {
    pub doc: Document,
    /// Folder of the document inside `policies/`.
    pub folder: String,
    pub source_text: String,
    pub measures: Vec<String>,
    pub cases: Vec<GoldenCase>,
    /// Clause labels derived from the source text.
    pub clauses: Vec<String>,
    /// The policy pack the document comes from; none for the built-in catalogue.
    pub pack: Option<crate::pack::PackInfo>,
    /// The full names of `doc.regions` joined by 、 (山东省济南市、…), for texts that name
    /// where the document applies: written once here rather than in every assessment.
    pub region_names: String,
}

/// Full names of region codes, joined by 、 (a code the table lacks stands for itself).
fn region_names(table: &RegionTable, codes: &[String]) -> String {
    let names: Vec<String> = codes
        .iter()
        .map(|c| table.full_name(c).unwrap_or_else(|| c.clone()))
        .collect();
    names.join("、")
}

/// The immutable, validated catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub documents: Vec<LoadedDocument>,
    pub(crate) measures: Vec<Measure>,
    pub(crate) measure_index: IdIndex,
    pub facts: Vec<FactDef>,
    pub(crate) fact_index: IdIndex,
    pub item_kinds: Vec<ItemKind>,
    pub regions: RegionTable,
    pub industries: IndustryTable,
    pub(crate) version: String,
    /// Packs loaded beside the built-in documents, in the order given.
    pub packs: Vec<crate::pack::PackInfo>,
}

impl Catalogue {
    /// Loads a catalogue directory laid out like `assets/` (policies/, sources/, tables/, facts.toml).
    pub fn load_dir(root: &std::path::Path) -> Result<Catalogue, Issues> {
        let mut files = Vec::new();
        let mut issues = Vec::new();
        read_catalogue(root, &mut files, &mut issues);
        if !issues.is_empty() {
            return Err(Issues(issues));
        }
        Catalogue::from_files(&files)
    }

    /// Content hash of the built-in files followed by each pack's id, version and hash
    /// (`af5e40a23851 + 政策包 demo 2026.1（9c1d…）`), so a printed dossier names exactly
    /// the catalogue it rests on.
    pub fn version(&self) -> &str {
        &self.version
    }

    pub fn measures(&self) -> &[Measure] {
        &self.measures
    }

    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measure_index.get(id).map(|&i| &self.measures[i])
    }

    /// The definition of a fact; a per-year answer's id (`id@2026`) names its fact's.
    pub fn fact(&self, id: &str) -> Option<&FactDef> {
        self.fact_position(id).map(|i| &self.facts[i])
    }

    /// Position of a fact in `facts` (catalogue order), without a scan.
    pub fn fact_position(&self, id: &str) -> Option<usize> {
        if let Some(&i) = self.fact_index.get(id) {
            return Some(i);
        }
        let (base, _) = split_year(id)?;
        self.fact_index
            .get(base)
            .copied()
            .filter(|&i| self.facts[i].per_year)
    }

    pub fn document(&self, key: &str) -> Option<&LoadedDocument> {
        self.documents.iter().find(|d| d.doc.key == key)
    }

    pub fn document_of(&self, measure: &Measure) -> &LoadedDocument {
        self.document(&measure.document).expect("validated at load")
    }

    pub fn item_kind(&self, id: &str) -> Option<&ItemKind> {
        self.item_kinds.iter().find(|k| k.id == id)
    }

    pub fn stacking_groups(&self) -> impl Iterator<Item = &StackingGroup> {
        self.documents.iter().flat_map(|d| d.doc.stacking.iter())
    }

    pub fn from_files(files: &[(String, String)]) -> Result<Catalogue, Issues> {
        Loader::default().run(files)
    }

    /// Loads what can be loaded: documents with problems are left out (and their problems
    /// returned), so one half-encoded document does not hide the others while editing.
    pub fn load_dir_lenient(root: &std::path::Path) -> (Option<Catalogue>, Vec<Issue>) {
        let mut files = Vec::new();
        let mut all_issues = Vec::new();
        read_catalogue(root, &mut files, &mut all_issues);
        for _ in 0..64 {
            match Catalogue::from_files(&files) {
                Ok(c) => return (Some(c), all_issues),
                Err(Issues(issues)) => {
                    let folders: HashSet<String> = issues
                        .iter()
                        .filter(|i| i.file.starts_with("policies/"))
                        .filter_map(|i| i.file.rsplit_once('/').map(|(dir, _)| format!("{dir}/")))
                        .collect();
                    all_issues.extend(issues);
                    if folders.is_empty() {
                        return (None, all_issues);
                    }
                    files.retain(|(p, _)| !folders.iter().any(|f| p.starts_with(f.as_str())));
                }
            }
        }
        (None, all_issues)
    }
}

/// What a catalogue folder (`assets/`, or a tree laid out like it) holds for the loader; the
/// rest there — fonts and their licences — is not catalogue and does not change its version.
pub(crate) const CATALOGUE_PARTS: [&str; 4] = ["policies", "sources", "tables", "facts.toml"];

/// The catalogue files under `root` (its `CATALOGUE_PARTS`), as paths relative to it.
fn read_catalogue(
    root: &std::path::Path,
    out: &mut Vec<(String, String)>,
    issues: &mut Vec<Issue>,
) {
    if !root.is_dir() {
        issues.push(unreadable_dir(root));
        return;
    }
    for part in CATALOGUE_PARTS {
        let path = root.join(part);
        if path.is_dir() {
            read_tree(&path, root, out, issues);
        } else if path.is_file() {
            read_file(&path, root, out, issues);
        }
    }
}

fn unreadable_dir(dir: &std::path::Path) -> Issue {
    Issue {
        file: dir.display().to_string(),
        line: 0,
        field: "-".into(),
        message: "无法读取目录 / cannot read directory".into(),
    }
}

fn read_tree(
    dir: &std::path::Path,
    root: &std::path::Path,
    out: &mut Vec<(String, String)>,
    issues: &mut Vec<Issue>,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        issues.push(unreadable_dir(dir));
        return;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            read_tree(&path, root, out, issues);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("toml" | "txt" | "csv")
        ) {
            read_file(&path, root, out, issues);
        }
    }
}

fn read_file(
    path: &std::path::Path,
    root: &std::path::Path,
    out: &mut Vec<(String, String)>,
    issues: &mut Vec<Issue>,
) {
    let rel = path
        .strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/");
    match std::fs::read_to_string(path) {
        Ok(text) => out.push((rel, text)),
        Err(e) => issues.push(Issue {
            file: rel,
            line: 0,
            field: "-".into(),
            message: format!("无法读取（须为 UTF-8 文本）/ cannot read: {e}"),
        }),
    }
}

/// Line of the first occurrence of `needle` (ids of cases and groups are unique strings).
fn text_line(text: &str, needle: &str) -> usize {
    text.find(needle).map(|o| line_of(text, o)).unwrap_or(1)
}

/// Line of the first line that starts a key or table named `key` (for fields without spans).
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('[');
            l.starts_with(key) && l[key.len()..].trim_start().starts_with(['=', ']', '.'])
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

#[derive(Default)]
pub(crate) struct Loader {
    issues: Vec<Issue>,
    /// A facts.toml did not parse: "unknown fact" elsewhere would only repeat it.
    facts_broken: bool,
    /// Documents whose measures.toml did not parse.
    broken_docs: HashSet<String>,
    /// Packs whose files are in the set being loaded (under `packs/<id>/`).
    packs: Vec<crate::pack::PackInfo>,
}

/// What a measure's rules are compiled and checked against: the file and measure they are
/// in, the item kind it pays per (if any) and the catalogue's facts.
struct RuleCtx<'a> {
    file: &'a FileCtx<'a>,
    id: &'a str,
    item: Option<&'a str>,
    table: &'a FactTable,
}

/// The facts of the catalogue being loaded, with what measures and cases are checked against.
struct FactTable {
    defs: Vec<FactDef>,
    index: IdIndex,
    kinds: HashSet<String>,
    item_kinds: Vec<ItemKind>,
}

impl FactTable {
    /// A fact id a case may answer: a fact, or a per-year fact's `id@YEAR`.
    fn knows(&self, id: &str) -> bool {
        let per_year = |base: &str| self.index.get(base).is_some_and(|&i| self.defs[i].per_year);
        self.index.contains_key(id) || split_year(id).is_some_and(|(base, _)| per_year(base))
    }
}

/// The key of a document.toml that does not load, so that references to its measures are
/// not reported as well: its `key` if that much reads, else its folder's name.
fn key_of_unparsed(text: &str, folder: &str) -> String {
    toml::from_str::<toml::Table>(text)
        .ok()
        .and_then(|t| t.get("key")?.as_str().map(str::to_string))
        .unwrap_or_else(|| folder.rsplit('/').next().unwrap_or(folder).to_string())
}

/// Short content hash of a set of files (path and text), independent of their order.
pub(crate) fn content_hash<'a>(files: impl Iterator<Item = &'a (String, String)>) -> String {
    let mut sorted: Vec<&(String, String)> = files.collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut hasher = Sha256::new();
    for (path, text) in sorted {
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    hex::encode(&hasher.finalize()[..6])
}

/// Source position helpers for one file.
struct FileCtx<'a> {
    path: &'a str,
    text: &'a str,
}

impl FileCtx<'_> {
    fn line<T>(&self, s: &Spanned<T>) -> usize {
        line_of(self.text, s.span().start)
    }
}

impl Loader {
    pub(crate) fn with_packs(packs: Vec<crate::pack::PackInfo>) -> Loader {
        Loader {
            packs,
            ..Loader::default()
        }
    }

    fn push(&mut self, file: &str, line: usize, field: &str, message: impl Into<String>) {
        self.issues.push(Issue {
            file: file.into(),
            line,
            field: field.into(),
            message: message.into(),
        });
    }

    fn parse_toml<T: serde::de::DeserializeOwned>(&mut self, path: &str, text: &str) -> Option<T> {
        match toml::from_str::<T>(text) {
            Ok(v) => Some(v),
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start)).unwrap_or(0);
                let msg = e.message().to_string();
                let msg = if msg.contains("unknown field") {
                    format!("未知字段 / {msg}")
                } else if msg.contains("missing field") {
                    format!("缺少必填字段 / {msg}")
                } else {
                    format!("格式错误 / {msg}")
                };
                self.push(path, line, "toml", msg);
                None
            }
        }
    }

    pub(crate) fn run(mut self, files: &[(String, String)]) -> Result<Catalogue, Issues> {
        // The catalogue's version names the built-in files and then each pack by id, version
        // and hash, so that a dossier or a saved assessment says exactly what it rests on.
        let mut version = content_hash(
            files
                .iter()
                .filter(|(p, _)| !p.starts_with(crate::pack::PACKS_DIR)),
        );
        for p in &self.packs {
            version.push_str(&format!(" + 政策包 {} {}（{}）", p.id, p.version, p.hash));
        }
        let by_path: BTreeMap<&str, &str> = files
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        let regions = self.table(
            &by_path,
            "tables/regions.csv",
            "缺少地区代码表 / region table missing",
            RegionTable::parse,
        );
        let industries = self.table(
            &by_path,
            "tables/industries.csv",
            "缺少行业代码表 / industry table missing",
            IndustryTable::parse,
        );
        // Facts first: measures are checked against them.
        let facts = self.load_facts(&by_path);
        let (mut documents, measures) = self.load_documents(&by_path, &facts, &regions);
        self.check_duplicate_keys(&documents, &by_path);
        let measure_index = self.index_measures(&documents, &measures, &by_path);
        for d in &documents {
            self.check_stacking(d, &measure_index, &facts, &by_path);
            self.check_cases(d, &measure_index, &facts, &by_path);
        }
        documents.sort_by(|a, b| a.folder.cmp(&b.folder));

        if !self.issues.is_empty() {
            return Err(Issues(self.issues));
        }
        let mut catalogue = Catalogue {
            documents,
            measures,
            measure_index,
            fact_index: facts.index,
            facts: facts.defs,
            item_kinds: facts.item_kinds,
            regions,
            industries,
            version,
            packs: std::mem::take(&mut self.packs),
        };
        // Rendering needs the whole catalogue (fact labels, code tables), hence after building it.
        let zh = |e: &Option<Expr>| e.as_ref().map(|e| crate::render::render_zh(&catalogue, e));
        let rendered: Vec<_> = catalogue
            .measures
            .iter()
            .map(|m| (zh(&m.scope_expr), zh(&m.when_expr)))
            .collect();
        for (m, (scope, when)) in catalogue.measures.iter_mut().zip(rendered) {
            (m.scope_zh, m.when_zh) = (scope, when);
        }
        Ok(catalogue)
    }

    /// A code table, or an empty one with the problem recorded.
    fn table<T: Default>(
        &mut self,
        by_path: &BTreeMap<&str, &str>,
        path: &str,
        missing: &str,
        parse: fn(&str) -> Result<T, (usize, String)>,
    ) -> T {
        let Some(text) = by_path.get(path) else {
            self.push(path, 1, "-", missing);
            return T::default();
        };
        parse(text).unwrap_or_else(|(line, m)| {
            self.push(path, line, "row", m);
            T::default()
        })
    }

    /// Every facts.toml (the shared one, each document's, each pack's), checked, with the
    /// synthesized "any item of this kind" facts.
    fn load_facts(&mut self, by_path: &BTreeMap<&str, &str>) -> FactTable {
        let mut facts: Vec<(String, FactDef)> = Vec::new();
        let mut item_kinds: Vec<(String, Spanned<ItemKind>)> = Vec::new();
        for (path, text) in by_path.iter().filter(|(p, _)| p.ends_with("facts.toml")) {
            match self.parse_toml::<FactsFile>(path, text) {
                Some(file) => {
                    item_kinds.extend(file.item_kind.into_iter().map(|k| (path.to_string(), k)));
                    facts.extend(file.fact.into_iter().map(|f| (path.to_string(), f)));
                }
                // Measures naming its facts would each report them unknown: one mistake,
                // one message.
                None => self.facts_broken = true,
            }
        }
        let mut index = IdIndex::default();
        let mut kinds = HashSet::new();
        for (path, k) in &item_kinds {
            if !kinds.insert(k.get_ref().id.clone()) {
                self.push(
                    path,
                    line_of(by_path[path.as_str()], k.span().start),
                    "item_kind.id",
                    format!("条目类型重复 / duplicate item kind {}", k.get_ref().id),
                );
            }
        }
        for (i, (path, f)) in facts.iter().enumerate() {
            let ctx = FileCtx {
                path,
                text: by_path[path.as_str()],
            };
            if index.insert(f.id().to_string(), i).is_some() {
                self.push(
                    path,
                    ctx.line(&f.id),
                    "fact.id",
                    format!("事实编号重复 / duplicate fact id {}", f.id()),
                );
            }
            self.check_fact(&ctx, f, &kinds);
        }
        for (path, f) in &facts {
            let ctx = FileCtx {
                path,
                text: by_path[path.as_str()],
            };
            for (field, msg) in derived_fact_problems(f, &facts) {
                self.push(path, ctx.line(&f.id), field, msg);
            }
        }
        let item_kinds: Vec<ItemKind> = item_kinds
            .into_iter()
            .map(|(_, k)| k.into_inner())
            .collect();
        let mut defs: Vec<FactDef> = facts.into_iter().map(|(_, f)| f).collect();
        // "Do you have any …?" for every item kind: 没有 settles the measures paid per item
        // of that kind (not applicable) instead of leaving them waiting for an item.
        // A document that declares the fact itself keeps its own wording.
        for k in &item_kinds {
            let def = item_kind_any_fact(k);
            if let std::collections::hash_map::Entry::Vacant(slot) =
                index.entry(def.id().to_string())
            {
                slot.insert(defs.len());
                defs.push(def);
            }
        }
        FactTable {
            defs,
            index,
            kinds,
            item_kinds,
        }
    }

    fn check_fact(&mut self, ctx: &FileCtx, f: &FactDef, kinds: &HashSet<String>) {
        let line = ctx.line(&f.id);
        if let Some(kind) = &f.item
            && !kinds.contains(kind)
        {
            self.push(
                ctx.path,
                line,
                "fact.item",
                format!("未声明的条目类型 / unknown item kind {kind}"),
            );
        }
        if f.ty == FactType::Choice && f.choices.is_empty() {
            self.push(
                ctx.path,
                line,
                "fact.choices",
                "选择题须列出选项 / a choice fact needs choices",
            );
        }
        if f.ty == FactType::Money && f.unit.is_none() {
            self.push(
                ctx.path,
                line,
                "fact.unit",
                "金额须注明默认单位 / a money fact needs a unit",
            );
        }
    }

    /// Every document folder: its document.toml, source, measures and cases.
    fn load_documents(
        &mut self,
        by_path: &BTreeMap<&str, &str>,
        facts: &FactTable,
        regions: &RegionTable,
    ) -> (Vec<LoadedDocument>, Vec<Measure>) {
        let mut documents = Vec::new();
        let mut measures: Vec<Measure> = Vec::new();
        let doc_paths: Vec<&str> = by_path
            .keys()
            .copied()
            .filter(|p| p.ends_with("/document.toml"))
            .collect();
        for doc_path in doc_paths {
            let folder = doc_path.trim_end_matches("/document.toml").to_string();
            let Some(doc) = self.parse_toml::<Document>(doc_path, by_path[doc_path]) else {
                self.broken_docs
                    .insert(key_of_unparsed(by_path[doc_path], &folder));
                continue;
            };
            // Sources sit beside `policies/` of the tree the document comes from (the
            // built-in one, or a pack's under `packs/<id>/`).
            let root = folder.find("policies/").map_or("", |i| &folder[..i]);
            let source_path = format!("{root}sources/{}", doc.source);
            let Some(source_text) = by_path.get(source_path.as_str()).map(|s| s.to_string()) else {
                self.push(
                    doc_path,
                    key_line(by_path[doc_path], "source"),
                    "source",
                    format!("找不到原文文件 / source file not found: {source_path}"),
                );
                self.broken_docs.insert(doc.key.clone());
                continue;
            };
            let doc_ctx = FileCtx {
                path: doc_path,
                text: by_path[doc_path],
            };
            self.check_document(doc_path, doc_ctx.text, &doc, &source_text, regions);
            let clauses = coverage::derive_clauses(&source_text, &doc.clause_levels);

            let measures_path = format!("{folder}/measures.toml");
            let mut measure_ids = Vec::new();
            let mut measures_ok = true;
            if let Some(text) = by_path.get(measures_path.as_str()) {
                match self.parse_toml::<MeasuresFile>(&measures_path, text) {
                    Some(file) => {
                        let ctx = FileCtx {
                            path: &measures_path,
                            text,
                        };
                        for mut m in file.measure {
                            m.document = doc.key.clone();
                            self.check_measure(&ctx, &mut m, &doc, &source_text, facts);
                            measure_ids.push(m.id().to_string());
                            measures.push(m);
                        }
                    }
                    None => measures_ok = false,
                }
            }
            if measures_ok {
                let mine: Vec<&Measure> =
                    measures.iter().filter(|m| m.document == doc.key).collect();
                self.check_coverage(&doc_ctx, &doc, &source_text, &mine);
            } else {
                // Every clause would look unaccounted for and every case's measure unknown:
                // the parse error is the one message.
                self.broken_docs.insert(doc.key.clone());
            }

            let cases_path = format!("{folder}/cases.toml");
            let cases = by_path
                .get(cases_path.as_str())
                .and_then(|text| {
                    let file = self.parse_toml::<CasesFile>(&cases_path, text)?;
                    Some(
                        file.case
                            .into_iter()
                            .map(|c| {
                                let line = line_of(text, c.span().start);
                                GoldenCase {
                                    line,
                                    ..c.into_inner()
                                }
                            })
                            .collect(),
                    )
                })
                .unwrap_or_default();
            let pack = self.pack_of(&folder);
            let region_names = region_names(regions, &doc.regions);
            documents.push(LoadedDocument {
                doc,
                folder,
                source_text,
                measures: measure_ids,
                cases,
                clauses,
                pack,
                region_names,
            });
        }
        (documents, measures)
    }

    /// The pack a document folder comes from, if any.
    fn pack_of(&self, folder: &str) -> Option<crate::pack::PackInfo> {
        self.packs
            .iter()
            .find(|p| folder.starts_with(&crate::pack::pack_prefix(&p.id)))
            .cloned()
    }

    fn check_duplicate_keys(
        &mut self,
        documents: &[LoadedDocument],
        by_path: &BTreeMap<&str, &str>,
    ) {
        let mut seen = HashSet::new();
        for d in documents {
            if !seen.insert(d.doc.key.clone()) {
                let path = format!("{}/document.toml", d.folder);
                let line = by_path.get(path.as_str()).map_or(1, |t| key_line(t, "key"));
                self.push(
                    &path,
                    line,
                    "key",
                    format!("文件编号重复 / duplicate document key {}", d.doc.key),
                );
            }
        }
    }

    fn index_measures(
        &mut self,
        documents: &[LoadedDocument],
        measures: &[Measure],
        by_path: &BTreeMap<&str, &str>,
    ) -> IdIndex {
        let mut index = IdIndex::default();
        for (i, m) in measures.iter().enumerate() {
            if index.insert(m.id().to_string(), i).is_some() {
                let d = documents.iter().find(|d| d.doc.key == m.document).unwrap();
                let path = format!("{}/measures.toml", d.folder);
                let line = by_path
                    .get(path.as_str())
                    .map(|t| line_of(t, m.id.span().start))
                    .unwrap_or(1);
                self.push(
                    &path,
                    line,
                    "measure.id",
                    format!("措施编号重复 / duplicate measure id {}", m.id()),
                );
            }
        }
        index
    }

    /// A reference to a measure is reported unknown only when its document's measures loaded:
    /// otherwise the parse error already says what is wrong.
    fn unknown_measure(&self, index: &IdIndex, id: &str) -> bool {
        let doc = id.split('/').next().unwrap_or_default();
        !index.contains_key(id) && !self.broken_docs.contains(doc)
    }

    fn check_stacking(
        &mut self,
        d: &LoadedDocument,
        measure_index: &IdIndex,
        facts: &FactTable,
        by_path: &BTreeMap<&str, &str>,
    ) {
        let doc_path = format!("{}/document.toml", d.folder);
        let text = by_path.get(doc_path.as_str()).copied().unwrap_or("");
        for g in &d.doc.stacking {
            let line = text_line(text, &g.id);
            for member in &g.members {
                if self.unknown_measure(measure_index, member) {
                    self.push(
                        &doc_path,
                        line,
                        "stacking.members",
                        format!("{}: 未知措施 / unknown measure {member}", g.id),
                    );
                }
            }
            if !d.source_text.contains(&g.quote) {
                self.push(
                    &doc_path,
                    line,
                    "stacking.quote",
                    format!("{}: 引文不在原文中 / quote not found in source", g.id),
                );
            }
            for problem in stacking_problems(g, &facts.defs, &facts.index) {
                self.push(&doc_path, line, "stacking", format!("{}: {problem}", g.id));
            }
        }
    }

    /// Golden cases name measures, facts and item kinds that exist.
    fn check_cases(
        &mut self,
        d: &LoadedDocument,
        measure_index: &IdIndex,
        facts: &FactTable,
        by_path: &BTreeMap<&str, &str>,
    ) {
        let path = format!("{}/cases.toml", d.folder);
        if !by_path.contains_key(path.as_str()) {
            return;
        }
        for c in &d.cases {
            let named = std::iter::once(("case.measure", &c.measure))
                .chain(c.with.iter().map(|w| ("case.with", w)))
                .chain(c.received.iter().map(|r| ("case.received", &r.measure)));
            for (field, m) in named {
                if self.unknown_measure(measure_index, m) {
                    self.push(
                        &path,
                        c.line,
                        field,
                        format!("{}: 未知措施 / unknown measure {m}", c.id),
                    );
                }
            }
            let all_facts = c
                .facts
                .keys()
                .chain(c.items.iter().flat_map(|i| i.facts.keys()));
            for fact in all_facts {
                if !facts.knows(fact) && !self.facts_broken {
                    self.push(
                        &path,
                        c.line,
                        "case.facts",
                        format!("{}: 未知事实 / unknown fact {fact}", c.id),
                    );
                }
            }
            for item in &c.items {
                if !facts.kinds.contains(&item.kind) && !self.facts_broken {
                    self.push(
                        &path,
                        c.line,
                        "case.items.kind",
                        format!("{}: 未知条目类型 / unknown item kind {}", c.id, item.kind),
                    );
                }
            }
        }
    }

    fn check_document(
        &mut self,
        path: &str,
        text: &str,
        doc: &Document,
        source: &str,
        regions: &RegionTable,
    ) {
        for code in &doc.regions {
            if !regions.contains(code) {
                self.push(
                    path,
                    key_line(text, "regions"),
                    "regions",
                    format!("未知地区代码 / unknown region code {code}"),
                );
            }
        }
        let mut dated = vec![
            ("issued", &doc.issued),
            ("effective", &doc.effective),
            ("expires", &doc.expires),
        ];
        if let Some(c) = &doc.claims_until {
            dated.push(("claims_until", c));
            let ok = matches!((c.date, doc.expires.date), (Some(c), Some(e)) if c >= e);
            if !ok {
                self.push(path, key_line(text, "claims_until"), "claims_until", "补报截止日须有日期且不早于失效日期 / claims_until needs a date on or after the expiry date");
            }
        }
        for (field, dv) in dated {
            match dv.basis {
                Basis::Stated => match &dv.quote {
                    Some(q) if !source.contains(q.as_str()) => self.push(
                        path,
                        key_line(text, field),
                        field,
                        format!("引文不在原文中 / quote not found in source: {q}"),
                    ),
                    None => self.push(
                        path,
                        key_line(text, field),
                        field,
                        "原文明示的日期须附引文 / a stated date needs its quote",
                    ),
                    _ => {}
                },
                Basis::Inferred if dv.rule.is_none() => self.push(
                    path,
                    key_line(text, field),
                    field,
                    "推定的日期须写明规则 / an inferred date needs its rule",
                ),
                _ => {}
            }
            if dv.basis != Basis::NotStated && dv.date.is_none() && field != "expires" {
                self.push(
                    path,
                    key_line(text, field),
                    field,
                    "缺少日期 / date missing",
                );
            }
        }
        if let (Some(a), Some(b)) = (doc.effective.date, doc.expires.date)
            && b < a
        {
            self.push(
                path,
                key_line(text, "expires"),
                "expires",
                "失效日期早于生效日期 / expiry before effective date",
            );
        }
        for rule in &doc.global_rules {
            if !source.contains(rule.as_str()) {
                self.push(
                    path,
                    key_line(text, "global_rules"),
                    "global_rules",
                    format!("引文不在原文中 / quote not found in source: {rule}"),
                );
            }
        }
        if doc.clause_levels.is_empty() {
            self.push(
                path,
                key_line(text, "clause_levels"),
                "clause_levels",
                "须指定条款编号层级 / clause levels required",
            );
        }
    }

    fn check_measure(
        &mut self,
        ctx: &FileCtx,
        m: &mut Measure,
        doc: &Document,
        source: &str,
        table: &FactTable,
    ) {
        let (id, item) = (m.id().to_string(), m.per_item.clone());
        self.check_identity(ctx, m, doc, source, table);
        let rules = RuleCtx {
            file: ctx,
            id: &id,
            item: item.as_deref(),
            table,
        };
        m.scope_expr = m
            .scope
            .clone()
            .and_then(|s| self.compile(&rules, "scope", &s));
        m.when_expr = m
            .when
            .clone()
            .and_then(|s| self.compile(&rules, "when", &s));
        self.check_event(&rules, m);
        let a = &mut m.amount;
        a.base_expr = a
            .base
            .clone()
            .and_then(|s| self.compile(&rules, "amount.base", &s));
        a.units_expr = a
            .units
            .clone()
            .and_then(|s| self.compile(&rules, "amount.units", &s));
        for t in a.tiers.iter_mut() {
            t.when_expr = self.compile(&rules, "amount.tiers.when", &t.when);
        }
        // A figure that does not read leaves none: it is reported just below.
        a.figures = a.read_figures();
        self.check_amount(ctx, m, source);
    }

    /// The measure's id fits its document, its quotes are in the source, its item kind exists.
    fn check_identity(
        &mut self,
        ctx: &FileCtx,
        m: &Measure,
        doc: &Document,
        source: &str,
        table: &FactTable,
    ) {
        let (id, line) = (m.id(), ctx.line(&m.id));
        if !id.starts_with(&format!("{}/", doc.key)) {
            self.push(
                ctx.path,
                line,
                "id",
                format!("措施编号须以文件编号开头 / id must start with {}/", doc.key),
            );
        }
        if m.quotes.is_empty() {
            self.push(
                ctx.path,
                line,
                "quotes",
                "至少引用一句原文 / at least one verbatim quote",
            );
        }
        for q in &m.quotes {
            if !source.contains(q.get_ref().as_str()) {
                self.push(
                    ctx.path,
                    ctx.line(q),
                    "quotes",
                    format!(
                        "{id}: 引文不在原文中 / quote not found in source: {}",
                        q.get_ref()
                    ),
                );
            }
        }
        if let Some(kind) = &m.per_item
            && !table.kinds.contains(kind)
        {
            self.push(
                ctx.path,
                line,
                "per_item",
                format!("{id}: 未知条目类型 / unknown item kind {kind}"),
            );
        }
    }

    /// A rule of the measure parsed, its facts resolved to positions and checked: each known,
    /// an item's fact only in a measure paid per item of that kind, each counted kind known.
    fn compile(&mut self, rules: &RuleCtx, field: &str, src: &Spanned<String>) -> Option<Expr> {
        let (ctx, id, table) = (rules.file, rules.id, rules.table);
        let mut e = match expr::parse(src.get_ref()) {
            Ok(e) => e,
            Err(err) => {
                self.push(ctx.path, ctx.line(src), field, format!("{id}: {err}"));
                return None;
            }
        };
        e.resolve_facts(&|f| table.index.get(f).copied());
        for fact in e.facts() {
            match table.index.get(fact) {
                // Every measure would report the facts of a broken facts file: one message.
                None if self.facts_broken => {}
                None => self.push(
                    ctx.path,
                    ctx.line(src),
                    field,
                    format!("{id}: 未知事实 / unknown fact {fact}"),
                ),
                Some(&i) => {
                    if let Some(kind) = &table.defs[i].item
                        && rules.item != Some(kind.as_str())
                    {
                        self.push(
                            ctx.path,
                            ctx.line(src),
                            field,
                            format!("{id}: 事实 {fact} 属于条目 {kind}，须设 per_item / item fact needs per_item = {kind:?}"),
                        );
                    }
                }
            }
        }
        for kind in e.counted_kinds() {
            if !table.kinds.contains(kind) {
                self.push(
                    ctx.path,
                    ctx.line(src),
                    field,
                    format!("{id}: 未知条目类型 / unknown item kind {kind}"),
                );
            }
        }
        Some(e)
    }

    /// The event date names a date fact; an event window other than the support year has one.
    fn check_event(&mut self, rules: &RuleCtx, m: &mut Measure) {
        let (ctx, id, table) = (rules.file, rules.id, rules.table);
        if let Some(ed) = m.event_date.clone()
            && let Some(e) = self.compile(rules, "event_date", &ed)
        {
            let is_date_fact = matches!(&e, Expr::Fact(f) if table.index.get(f.as_str()).is_some_and(|&i| table.defs[i].ty == FactType::Date));
            if !is_date_fact {
                self.push(
                    ctx.path,
                    ctx.line(&ed),
                    "event_date",
                    format!("{id}: 须为日期型事实 / must name a date fact"),
                );
            }
            m.event_date_expr = Some(e);
        }
        if m.event_window != EventWindow::SupportYear && m.event_date.is_none() {
            self.push(
                ctx.path,
                ctx.line(&m.id),
                "event_window",
                format!("{id}: event_window 须配合 event_date / event_window needs an event_date"),
            );
        }
    }

    /// The amount's figures read, its caps fit, each tier pays one way, and the rule has what
    /// it needs and fits the amount class.
    fn check_amount(&mut self, ctx: &FileCtx, m: &Measure, source: &str) {
        let (a, id, line) = (&m.amount, m.id(), ctx.line(&m.id));
        let money_fields = [("amount.amount", &a.amount), ("amount.floor", &a.floor)];
        for (field, v) in money_fields {
            if let Some(v) = v {
                self.check_money(ctx, id, field, v);
            }
        }
        self.check_caps(ctx, id, a, m.per_item.is_some(), source);
        if let Some(r) = &a.rate {
            self.check_rate(ctx, id, "amount.rate", r);
        }
        for t in &a.tiers {
            if let Some(v) = &t.amount {
                self.check_money(ctx, id, "amount.tiers.amount", v);
            }
            if let Some(r) = &t.rate {
                self.check_rate(ctx, id, "amount.tiers.rate", r);
            }
            if t.amount.is_some() == t.rate.is_some() {
                self.push(ctx.path, ctx.line(&t.when), "amount.tiers", format!("{id}: 每档须给出 amount 或 rate 之一 / each tier needs exactly one of amount, rate"));
            }
            if t.rate.is_some() && a.base.is_none() {
                self.push(
                    ctx.path,
                    ctx.line(&t.when),
                    "amount.base",
                    format!("{id}: 按比例的档次须有 base / rate tiers need a base"),
                );
            }
        }
        use AmountClass as C;
        use AmountRuleKind as K;
        let (needs, classes): (&[(&str, bool)], &[AmountClass]) = match a.rule {
            K::Fixed => (&[("amount", a.amount.is_some())], &[C::Exact, C::Maximum]),
            K::Rate => (
                &[("base", a.base.is_some()), ("rate", a.rate.is_some())],
                &[C::Exact, C::Maximum],
            ),
            K::Tiers => (&[("tiers", !a.tiers.is_empty())], &[C::Exact, C::Maximum]),
            K::PerUnit => (
                &[("units", a.units.is_some()), ("amount", a.amount.is_some())],
                &[C::Exact, C::Maximum],
            ),
            K::UpTo => (&[("caps", !a.caps.is_empty())], &[C::CapOnly]),
            K::None => (&[], &[C::Unquantified, C::NonMonetary]),
        };
        for (field, present) in needs {
            if !present {
                self.push(
                    ctx.path,
                    line,
                    &format!("amount.{field}"),
                    format!("{id}: 规则 {:?} 缺少 {field} / missing {field}", a.rule),
                );
            }
        }
        if !classes.contains(&m.amount_class) {
            self.push(
                ctx.path,
                line,
                "amount_class",
                format!(
                    "{id}: 金额类别 {:?} 与规则 {:?} 不符 / amount class does not fit the rule",
                    m.amount_class, a.rule
                ),
            );
        }
    }

    /// Each cap: an amount with a unit, a period that fits the measure, its words in the
    /// source, and at most one cap per period.
    fn check_caps(
        &mut self,
        ctx: &FileCtx,
        id: &str,
        a: &crate::model::AmountRule,
        per_item: bool,
        source: &str,
    ) {
        let mut seen = Vec::new();
        for cap in &a.caps {
            self.check_money(ctx, id, "amount.caps.amount", &cap.amount);
            let line = ctx.line(&cap.amount);
            if cap.per == CapPeriod::ItemYear && !per_item {
                self.push(
                    ctx.path,
                    line,
                    "amount.caps.per",
                    format!("{id}: item_year 仅用于按项目计的措施 / item_year needs per_item"),
                );
            }
            if seen.contains(&cap.per) {
                self.push(
                    ctx.path,
                    line,
                    "amount.caps.per",
                    format!("{id}: 同一期间的上限重复 / two caps for one period"),
                );
            }
            seen.push(cap.per);
            let q = &cap.quote;
            if !source.contains(q.as_str()) {
                self.push(
                    ctx.path,
                    line,
                    "amount.caps.quote",
                    format!("{id}: 引文不在原文中 / quote not found in source: {q}"),
                );
            }
        }
    }

    fn check_money(&mut self, ctx: &FileCtx, id: &str, field: &str, v: &Spanned<String>) {
        if !quantity::has_money_unit(v.get_ref()) {
            self.push(
                ctx.path,
                ctx.line(v),
                field,
                format!(
                    "{id}: 金额须带单位（元/万元/亿元）/ an amount needs a unit: {}",
                    v.get_ref()
                ),
            );
        } else if let Err(e) = quantity::parse_money(v.get_ref(), None) {
            self.push(ctx.path, ctx.line(v), field, format!("{id}: {e}"));
        }
    }

    fn check_rate(&mut self, ctx: &FileCtx, id: &str, field: &str, v: &Spanned<String>) {
        if let Err(e) = quantity::parse_percent(v.get_ref(), false) {
            self.push(
                ctx.path,
                ctx.line(v),
                field,
                format!("{id}: 比例须写成百分数 / a rate is written as a percentage: {e}"),
            );
        }
    }

    /// Every clause of the source is a measure's, a listed non-enterprise clause (whose quote
    /// lies inside it) or pending; every label named exists.
    fn check_coverage(&mut self, ctx: &FileCtx, doc: &Document, source: &str, mine: &[&Measure]) {
        let levels_line = key_line(ctx.text, "clause_levels");
        let spans = coverage::clause_spans(source, &doc.clause_levels);
        let exists = |c: &str| spans.iter().any(|s| s.label == c);
        let mut accounted: HashSet<&str> = HashSet::new();
        for n in &doc.non_enterprise {
            let line = ctx.line(&n.clause);
            let c = n.clause.get_ref().as_str();
            accounted.insert(c);
            if !exists(c) {
                self.push(
                    ctx.path,
                    line,
                    "non_enterprise.clause",
                    format!("原文中没有条款 {c} / clause {c} not found in the source numbering"),
                );
            } else if let Some(problem) = quote_in_clause(source, &spans, c, &n.quote) {
                self.push(ctx.path, line, "non_enterprise.quote", problem);
            }
        }
        for p in &doc.pending {
            let c = p.get_ref().as_str();
            if !exists(c) {
                self.push(
                    ctx.path,
                    ctx.line(p),
                    "pending",
                    format!("原文中没有条款 {c} / clause {c} not found in the source numbering"),
                );
            } else if !accounted.insert(c) || mine.iter().any(|m| m.clause == c) {
                self.push(ctx.path, ctx.line(p), "pending", format!("条款 {c} 已编码或已列为非企业条款，不应再列为未编码 / clause {c} is already accounted for"));
            }
        }
        for m in mine {
            accounted.insert(m.clause.as_str());
        }
        let mut reported = HashSet::new();
        for s in &spans {
            if !accounted.contains(s.label.as_str()) && reported.insert(s.label.as_str()) {
                let heading: String = source[s.start..s.end]
                    .lines()
                    .next()
                    .unwrap_or("")
                    .chars()
                    .take(20)
                    .collect();
                self.push(
                    ctx.path,
                    levels_line,
                    "clauses",
                    format!("条款 {}（原文第 {} 行“{heading}”）未列为措施、非企业条款或未编码 / clause {} not accounted for: add a measure, a [[non_enterprise]] entry or list it in pending", s.label, s.line, s.label),
                );
            }
        }
    }
}

/// Why a non-enterprise quote does not show the clause it names, if it does not.
fn quote_in_clause(
    source: &str,
    spans: &[coverage::ClauseSpan],
    clause: &str,
    quote: &str,
) -> Option<String> {
    if quote.trim().is_empty() {
        return Some("须引用该条款原文 / quote the clause verbatim".into());
    }
    let mut found_in: Option<&str> = None;
    for (at, _) in source.match_indices(quote) {
        let end = at + quote.len();
        match spans.iter().find(|s| s.start <= at && end <= s.end) {
            Some(s) if s.label == clause => return None,
            Some(s) => found_in = found_in.or(Some(s.label.as_str())),
            None => {}
        }
    }
    if !source.contains(quote) {
        return Some(format!(
            "引文不在原文中 / quote not found in source: {quote}"
        ));
    }
    Some(match found_in {
        Some(other) => format!(
            "引文在条款 {other} 内，不在条款 {clause} 内 / the quote is in clause {other}, not in clause {clause}"
        ),
        None => format!(
            "引文不在任何编号条款内，不在条款 {clause} 内 / the quote is in no numbered clause, not in clause {clause}"
        ),
    })
}

/// A per-year answer's id split into its fact and year: `x.sorties@2026` → (`x.sorties`, 2026).
pub fn split_year(id: &str) -> Option<(&str, i32)> {
    let (base, year) = id.rsplit_once('@')?;
    let year: i32 = year.parse().ok()?;
    (1900..=2200).contains(&year).then_some((base, year))
}

/// The id of the firm-level fact "does the firm have any item of this kind": `<kind>.any`.
pub fn item_kind_any(kind: &str) -> String {
    [kind, ".any"].concat()
}

fn item_kind_any_fact(k: &ItemKind) -> FactDef {
    FactDef {
        id: Spanned::new(0..0, item_kind_any(&k.id)),
        ty: FactType::Bool,
        item: None,
        label: format!("是否有{}", k.label),
        label_en: k.label_en.as_ref().map(|l| format!("Any {l}?")),
        help: Some(format!(
            "没有的话回答“否”：按每个{}计算的措施即不适用；有的话请逐个添加。",
            k.label
        )),
        help_en: k.label_en.as_ref().map(|l| {
            format!(
                "If not, answer “No”: measures paid per {l} then do not apply; if so, add each one."
            )
        }),
        unit: None,
        choices: vec![],
        min: None,
        max: None,
        past_only: false,
        per_year: false,
        industry_sections: vec![],
        screened_by: None,
    }
}

/// What is wrong with a fact's `industry_sections` or `screened_by`: both decide a firm-level
/// yes/no fact, and a screening fact must itself be a firm-level yes/no fact.
fn derived_fact_problems(f: &FactDef, all: &[(String, FactDef)]) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let derived = !f.industry_sections.is_empty() || f.screened_by.is_some();
    if derived && (f.ty != FactType::Bool || f.item.is_some()) {
        out.push((
            "fact.type",
            "推导的事实须为企业层面的是/否题 / a derived fact must be a firm-level bool".into(),
        ));
    }
    for s in &f.industry_sections {
        if !(s.len() == 1 && s.chars().all(|c| c.is_ascii_uppercase())) {
            out.push((
                "fact.industry_sections",
                format!("门类应为一个大写字母，如 C / a section is one capital letter: {s}"),
            ));
        }
    }
    if let Some(screen) = &f.screened_by {
        let ok = all.iter().any(|(_, d)| {
            d.id() == screen
                && d.ty == FactType::Bool
                && d.item.is_none()
                && d.screened_by.is_none()
        });
        if !ok || screen == f.id() {
            out.push((
                "fact.screened_by",
                format!(
                    "筛选问题须为另一个企业层面的是/否题 / the screening fact must be another firm-level bool: {screen}"
                ),
            ));
        }
    }
    out
}

/// The most members the engine compares exhaustively in one 就高不重复 group (2^16 subsets).
pub const MAX_HIGHEST_ONLY_MEMBERS: usize = 16;

/// What makes a stacking group impossible to evaluate exactly.
fn stacking_problems(g: &StackingGroup, facts: &[FactDef], index: &IdIndex) -> Vec<String> {
    let mut out = Vec::new();
    if g.kind == StackingKind::HighestOnly && g.members.len() > MAX_HIGHEST_ONLY_MEMBERS {
        out.push(format!(
            "就高不重复组最多 {MAX_HIGHEST_ONLY_MEMBERS} 项措施 / a highest_only group has at most {MAX_HIGHEST_ONLY_MEMBERS} members"
        ));
    }
    let typed = |id: &str, ty: FactType| index.get(id).is_some_and(|&i| facts[i].ty == ty);
    if let Some(same) = &g.same
        && (g.kind != StackingKind::OnePerItem || !typed(same, FactType::Text))
    {
        out.push(format!(
            "same 须为 one_per_item 组条目的文本型事实 / same must be a text fact of a one_per_item group: {same}"
        ));
    }
    match (&g.overlap, g.kind) {
        (None, StackingKind::OverlapHighest) => {
            out.push("overlap_highest 须写 overlap / overlap_highest needs overlap".into())
        }
        (Some(_), k) if k != StackingKind::OverlapHighest => {
            out.push("overlap 只用于 overlap_highest / overlap is for overlap_highest only".into())
        }
        (Some(o), _) => {
            if !typed(&o.part_of, FactType::Text) {
                out.push(format!(
                    "overlap.part_of 须为文本型事实 / must be a text fact: {}",
                    o.part_of
                ));
            }
            if !typed(&o.amount, FactType::Money) {
                out.push(format!(
                    "overlap.amount 须为金额型事实 / must be a money fact: {}",
                    o.amount
                ));
            }
        }
        _ => {}
    }
    out
}
