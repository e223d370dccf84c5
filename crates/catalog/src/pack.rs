//! Policy packs: documents in the catalogue format that a consultant adds without a new build.
//! A pack's files are loaded beside the built-in ones by the same loader, under
//! `packs/<id>/` (its own `policies/`, `sources/` and optional `facts.toml`); the code tables
//! and shared facts are the built-in catalogue's.

use crate::load::{Catalogue, Issue, Issues, Loader, content_hash};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use toml::Spanned;

/// Where pack files sit in the set of files the loader reads.
pub const PACKS_DIR: &str = "packs/";

/// The prefix of one pack's files in the loader's file set.
pub fn pack_prefix(id: &str) -> String {
    format!("{PACKS_DIR}{id}/")
}

/// `pack.toml`, at the root of a pack.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackManifest {
    /// Lower-case letters, digits and `-`; the pack's folder name once installed.
    pub id: Spanned<String>,
    pub title: String,
    /// The publisher's version of the pack (free text, e.g. `2026.1`).
    pub version: String,
    /// Keys of built-in documents this pack replaces (a newer version of the same notice).
    #[serde(default)]
    pub replaces: Vec<Spanned<String>>,
    pub publisher: Option<String>,
    pub note: Option<String>,
    /// A demonstration pack (a built-in document re-encoded), not a policy to apply.
    #[serde(default)]
    pub demonstration: bool,
}

/// What a loaded pack is, as dossiers and the library show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackInfo {
    pub id: String,
    pub title: String,
    pub version: String,
    /// Content hash of the pack's files (the same hash as a catalogue version).
    pub hash: String,
    pub replaces: Vec<String>,
    pub publisher: Option<String>,
    pub note: Option<String>,
    pub demonstration: bool,
}

/// A pack read into memory: its manifest and its files (paths relative to the pack root).
#[derive(Debug, Clone)]
pub struct Pack {
    pub info: PackInfo,
    pub files: Vec<(String, String)>,
    /// Lines of `pack.toml` entries, for messages about them.
    replaces_lines: Vec<(String, usize)>,
}

pub const MANIFEST: &str = "pack.toml";

fn issue(file: &str, line: usize, field: &str, message: impl Into<String>) -> Issue {
    Issue {
        file: file.into(),
        line,
        field: field.into(),
        message: message.into(),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

impl Pack {
    /// A pack from its files (as read from a folder or a .zip): `pack.toml` is required.
    pub fn from_files(files: Vec<(String, String)>) -> Result<Pack, Issues> {
        let Some((_, text)) = files.iter().find(|(p, _)| p == MANIFEST) else {
            return Err(Issues(vec![issue(
                MANIFEST,
                1,
                "-",
                "缺少 pack.toml（政策包说明）/ pack.toml missing",
            )]));
        };
        let manifest: PackManifest = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(text, s.start));
            Issues(vec![issue(
                MANIFEST,
                line,
                "toml",
                format!("格式错误 / {}", e.message()),
            )])
        })?;
        let id = manifest.id.get_ref();
        let valid = !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid {
            return Err(Issues(vec![issue(
                MANIFEST,
                line_of(text, manifest.id.span().start),
                "id",
                format!(
                    "编号只用小写字母、数字和 - / an id is lower-case letters, digits and -: {id}"
                ),
            )]));
        }
        let replaces_lines = manifest
            .replaces
            .iter()
            .map(|r| (r.get_ref().clone(), line_of(text, r.span().start)))
            .collect();
        let info = PackInfo {
            id: id.clone(),
            title: manifest.title,
            version: manifest.version,
            hash: content_hash(files.iter()),
            replaces: manifest
                .replaces
                .into_iter()
                .map(|r| r.into_inner())
                .collect(),
            publisher: manifest.publisher,
            note: manifest.note,
            demonstration: manifest.demonstration,
        };
        Ok(Pack {
            info,
            files,
            replaces_lines,
        })
    }

    pub fn id(&self) -> &str {
        &self.info.id
    }
}

/// The `key` of a document.toml, read without checking the rest (the loader does that).
fn document_key(text: &str) -> Option<(String, usize)> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let key = table.get("key")?.as_str()?.to_string();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("key"))
        .map_or(1, |i| i + 1);
    Some((key, line))
}

fn source_name(text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    Some(table.get("source")?.as_str()?.to_string())
}

/// The folders of built-in documents by key.
fn builtin_folders(base: &[(String, String)]) -> BTreeMap<String, (String, Option<String>)> {
    base.iter()
        .filter(|(p, _)| p.ends_with("/document.toml"))
        .filter_map(|(p, t)| {
            let (key, _) = document_key(t)?;
            let folder = p.trim_end_matches("document.toml").to_string();
            Some((key, (folder, source_name(t))))
        })
        .collect()
}

/// The built-in files and the packs' as one set for the loader: documents a pack replaces
/// are left out, and a pack document whose key clashes with a built-in one it does not
/// replace is refused (one message, instead of a duplicate of every fact and measure).
fn merge(base: &[(String, String)], packs: &[Pack]) -> (Vec<(String, String)>, Vec<Issue>) {
    let mut issues = Vec::new();
    let builtin = builtin_folders(base);
    let mut replaced: HashSet<&str> = HashSet::new();
    let mut ids = HashSet::new();
    for pack in packs {
        let manifest = format!("{}{MANIFEST}", pack_prefix(pack.id()));
        if !ids.insert(pack.id()) {
            issues.push(issue(
                &manifest,
                1,
                "id",
                format!("政策包编号重复 / two packs with id {}", pack.id()),
            ));
        }
        for (key, line) in &pack.replaces_lines {
            if builtin.contains_key(key) {
                replaced.insert(key);
            } else {
                issues.push(issue(
                    &manifest,
                    *line,
                    "replaces",
                    format!("没有编号为 {key} 的内置文件 / no built-in document {key}"),
                ));
            }
        }
    }
    let mut dropped: Vec<String> = Vec::new();
    for key in &replaced {
        let (folder, source) = &builtin[*key];
        dropped.push(folder.clone());
        if let Some(s) = source {
            dropped.push(format!("sources/{s}"));
        }
    }
    let mut files: Vec<(String, String)> = base
        .iter()
        .filter(|(p, _)| !dropped.iter().any(|d| p.starts_with(d.as_str())))
        .cloned()
        .collect();
    for pack in packs {
        let prefix = pack_prefix(pack.id());
        let mut refused: Vec<String> = Vec::new();
        for (path, text) in pack
            .files
            .iter()
            .filter(|(p, _)| p.ends_with("/document.toml"))
        {
            let Some((key, line)) = document_key(text) else {
                continue;
            };
            if builtin.contains_key(&key) && !pack.info.replaces.contains(&key) {
                issues.push(issue(
                    &format!("{prefix}{path}"),
                    line,
                    "key",
                    format!("与内置文件编号 {key} 冲突；如为同一通知的新版本，请在 pack.toml 写 replaces = [\"{key}\"] / clashes with built-in document {key}; a newer version of it says replaces = [\"{key}\"] in pack.toml"),
                ));
                refused.push(path.trim_end_matches("document.toml").to_string());
            }
        }
        files.extend(
            pack.files
                .iter()
                .filter(|(p, _)| !refused.iter().any(|r| p.starts_with(r.as_str())))
                .map(|(p, t)| (format!("{prefix}{p}"), t.clone())),
        );
    }
    (files, issues)
}

impl Catalogue {
    /// A catalogue from a base tree (laid out like `assets/`) and packs.
    pub fn with_packs(base: &[(String, String)], packs: &[Pack]) -> Result<Catalogue, Issues> {
        if packs.is_empty() {
            // Every start of the app and the CLI: nothing to merge.
            return Catalogue::from_files(base);
        }
        let (files, mut issues) = merge(base, packs);
        let loader = Loader::with_packs(packs.iter().map(|p| p.info.clone()).collect());
        match loader.run(&files) {
            Ok(c) if issues.is_empty() => Ok(c),
            Ok(_) => Err(Issues(issues)),
            Err(Issues(more)) => {
                issues.extend(more);
                Err(Issues(issues))
            }
        }
    }
}
