//! Policy packs on disk: read from a folder or a .zip, checked (the loader plus every golden
//! case of the pack), installed into `packs/` beside the data file, loaded beside the built-in
//! catalogue at every start, and the difference a pack makes to the saved firms.

use std::io::Read;
use std::path::{Path, PathBuf};

use huiqi_catalog::pack::{MANIFEST, pack_prefix};
use huiqi_catalog::{Catalogue, Issue, Pack};
use huiqi_engine::{Period, Status, assess_lean};
use huiqi_store::Store;
use rust_decimal::Decimal;

use crate::AppError;
use crate::dto::{FirmChangeDto, MeasureChangeDto, PackDto};

/// The folder of installed packs for a data file: `packs/` beside it.
pub fn packs_dir_for(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("packs")
}

/// The most a pack may hold (text files in total): policy texts are small; a larger file is
/// not a pack.
const MAX_PACK_BYTES: u64 = 32 * 1024 * 1024;

fn io(path: &Path, e: impl std::fmt::Display) -> AppError {
    AppError::File {
        path: path.display().to_string(),
        detail: e.to_string(),
    }
}

/// Files a pack is made of: TOML, text and CSV, like a catalogue tree.
fn is_pack_file(name: &str) -> bool {
    [".toml", ".txt", ".csv"].iter().any(|e| name.ends_with(e))
}

/// A pack from a folder, its pack.toml, or a .zip of one (the pack may sit in one folder
/// inside the zip).
pub fn read_pack(path: &Path) -> Result<Pack, AppError> {
    // A dialog picks files: choosing a folder's pack.toml means the folder.
    let path = match path.parent() {
        Some(folder) if path.file_name().is_some_and(|n| n == MANIFEST) => folder,
        _ => path,
    };
    let files = if path.is_dir() {
        let mut files = Vec::new();
        read_folder(path, path, &mut files)?;
        files
    } else {
        read_zip(path)?
    };
    Pack::from_files(files).map_err(|issues| AppError::PackInvalid(issues.0))
}

fn read_folder(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) -> Result<(), AppError> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            read_folder(&p, root, out)?;
            continue;
        }
        let rel = p
            .strip_prefix(root)
            .expect("under root")
            .to_string_lossy()
            .replace('\\', "/");
        if is_pack_file(&rel) {
            let text = std::fs::read_to_string(&p).map_err(|e| io(&p, e))?;
            out.push((rel, text));
        }
    }
    Ok(())
}

fn read_zip(path: &Path) -> Result<Vec<(String, String)>, AppError> {
    let file = std::fs::File::open(path).map_err(|e| io(path, e))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|e| io(path, format!("不是 zip 文件 / not a zip file: {e}")))?;
    let mut files = Vec::new();
    let mut total = 0u64;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| io(path, e))?;
        // `enclosed_name` refuses absolute paths and `..`: nothing outside the pack.
        let Some(name) = entry.enclosed_name() else {
            return Err(io(
                path,
                format!("不安全的路径 / unsafe path in zip: {}", entry.name()),
            ));
        };
        let name = name.to_string_lossy().replace('\\', "/");
        if entry.is_dir() || !is_pack_file(&name) {
            continue;
        }
        total += entry.size();
        if total > MAX_PACK_BYTES {
            return Err(io(path, "政策包过大 / the pack is too large"));
        }
        let mut text = String::new();
        entry
            .by_ref()
            .take(MAX_PACK_BYTES)
            .read_to_string(&mut text)
            .map_err(|e| io(path, format!("{name}: {e}")))?;
        files.push((name, text));
    }
    Ok(strip_common_folder(files))
}

/// A zip of a folder holds `demo/pack.toml`: paths are made relative to that folder.
fn strip_common_folder(files: Vec<(String, String)>) -> Vec<(String, String)> {
    if files.iter().any(|(p, _)| p == MANIFEST) {
        return files;
    }
    let Some(top) = files
        .iter()
        .find(|(p, _)| p.ends_with(&format!("/{MANIFEST}")) && p.matches('/').count() == 1)
        .map(|(p, _)| p.trim_end_matches(MANIFEST).to_string())
    else {
        return files;
    };
    files
        .into_iter()
        .filter_map(|(p, t)| p.strip_prefix(&top).map(|rest| (rest.to_string(), t)))
        .collect()
}

/// The packs installed in `dir`, in folder order; a folder that does not read as a pack is
/// reported and skipped.
pub fn installed(dir: &Path) -> (Vec<Pack>, Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return (vec![], vec![]);
    };
    let mut folders: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !is_temporary(p))
        .collect();
    folders.sort();
    let mut packs = Vec::new();
    let mut warnings = Vec::new();
    for f in folders {
        match read_pack(&f) {
            Ok(p) => packs.push(p),
            Err(e) => warnings.push(format!("{}: {e}", f.display())),
        }
    }
    (packs, warnings)
}

fn is_temporary(p: &Path) -> bool {
    p.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

/// The built-in catalogue with the packs installed in `dir` (none when `dir` is None). A pack
/// that no longer loads (the built-in catalogue changed under it) is left out with a warning,
/// so the app still starts.
pub fn load_catalogue(dir: Option<&Path>) -> Result<(Catalogue, Vec<String>), AppError> {
    let (packs, mut warnings) = dir.map(installed).unwrap_or_default();
    if let Ok(cat) = Catalogue::builtin_with_packs(&packs) {
        return Ok((cat, warnings));
    }
    let mut good: Vec<Pack> = Vec::new();
    for p in packs {
        let mut trial = good.clone();
        trial.push(p.clone());
        match Catalogue::builtin_with_packs(&trial) {
            Ok(_) => good.push(p),
            Err(issues) => warnings.push(format!(
                "政策包 {} 未加载 / pack {} not loaded:\n{issues}",
                p.id(),
                p.id()
            )),
        }
    }
    let cat =
        Catalogue::builtin_with_packs(&good).map_err(|e| AppError::Catalogue(e.to_string()))?;
    Ok((cat, warnings))
}

/// The catalogue with `pack` added to (or replacing the same id among) `others`, or every
/// problem: the loader's, then each failing golden case of the pack. Paths inside the pack
/// are shown relative to the pack.
pub fn check(others: &[Pack], pack: &Pack) -> Result<Catalogue, Vec<Issue>> {
    let mut packs: Vec<Pack> = others
        .iter()
        .filter(|p| p.id() != pack.id())
        .cloned()
        .collect();
    packs.push(pack.clone());
    let relative = |mut i: Issue| {
        if let Some(rest) = i.file.strip_prefix(&pack_prefix(pack.id())) {
            i.file = rest.to_string();
        }
        i
    };
    let cat = Catalogue::builtin_with_packs(&packs)
        .map_err(|issues| issues.0.into_iter().map(relative).collect::<Vec<_>>())?;
    let failing = huiqi_engine::golden::check_cases(&cat, |d| {
        d.pack.as_ref().is_some_and(|p| p.id == pack.id())
    });
    if failing.is_empty() {
        Ok(cat)
    } else {
        Err(failing.into_iter().map(relative).collect())
    }
}

/// Copies a checked pack into `dir/<id>/`, replacing an installed pack of the same id. The
/// files are written to a hidden folder first and renamed into place.
pub fn install(dir: &Path, pack: &Pack) -> Result<PathBuf, AppError> {
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let tmp = tempfile::Builder::new()
        .prefix(".installing-")
        .tempdir_in(dir)
        .map_err(|e| io(dir, e))?;
    for (rel, text) in &pack.files {
        let target = tmp.path().join(rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        }
        std::fs::write(&target, text).map_err(|e| io(&target, e))?;
    }
    let final_dir = dir.join(pack.id());
    if final_dir.exists() {
        remove_dir(&final_dir)?;
    }
    let kept = tmp.keep();
    std::fs::rename(&kept, &final_dir).map_err(|e| io(&final_dir, e))?;
    Ok(final_dir)
}

fn remove_dir(path: &Path) -> Result<(), AppError> {
    std::fs::remove_dir_all(path).map_err(|e| io(path, e))
}

/// Removes the installed pack `id`.
pub fn remove(dir: &Path, id: &str) -> Result<(), AppError> {
    let (packs, _) = installed(dir);
    if !packs.iter().any(|p| p.id() == id) {
        return Err(AppError::Message(format!(
            "没有已安装的政策包 {id} / no installed pack {id}"
        )));
    }
    remove_dir(&dir.join(id))
}

pub fn pack_dto(cat: &Catalogue, info: &huiqi_catalog::PackInfo) -> PackDto {
    PackDto {
        id: info.id.clone(),
        title: info.title.clone(),
        version: info.version.clone(),
        hash: info.hash.clone(),
        replaces: info.replaces.clone(),
        publisher: info.publisher.clone(),
        note: info.note.clone(),
        demonstration: info.demonstration,
        documents: cat
            .documents
            .iter()
            .filter(|d| d.pack.as_ref().is_some_and(|p| p.id == info.id))
            .map(|d| d.doc.key.clone())
            .collect(),
    }
}

/// For every saved firm, the measures whose status or amount differs between two catalogues
/// (before → after); firms without changes are left out.
pub fn diff(
    store: &Store,
    before: &Catalogue,
    after: &Catalogue,
    period: &Period,
) -> Result<Vec<FirmChangeDto>, AppError> {
    let mut out = Vec::new();
    for firm in store.list_firms()? {
        let changes = firm_changes(store, before, after, period, firm.id)?;
        if !changes.is_empty() {
            out.push(FirmChangeDto {
                firm_id: firm.id,
                firm_name: firm.name.clone(),
                changes,
            });
        }
    }
    Ok(out)
}

type Decision = (Status, Option<Decimal>, String);

fn decisions(
    cat: &Catalogue,
    store: &Store,
    period: &Period,
    firm: huiqi_store::FirmId,
) -> Result<std::collections::BTreeMap<String, Decision>, AppError> {
    let (_, facts) = crate::firm_facts::load_firm(cat, store, firm).map_err(AppError::Message)?;
    let a = assess_lean(cat, &facts, period.clone());
    Ok(a.outcomes
        .iter()
        .map(|o| {
            let m = o.measure;
            (m.id().to_string(), (o.status, o.amount, m.title.clone()))
        })
        .collect())
}

fn firm_changes(
    store: &Store,
    before: &Catalogue,
    after: &Catalogue,
    period: &Period,
    firm: huiqi_store::FirmId,
) -> Result<Vec<MeasureChangeDto>, AppError> {
    let old = decisions(before, store, period, firm)?;
    let new = decisions(after, store, period, firm)?;
    let ids: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let side = |d: Option<&Decision>| {
        (
            d.map(|(s, _, _)| s.as_str().to_string()),
            d.and_then(|(_, a, _)| a.map(crate::results::yuan)),
        )
    };
    let mut out = Vec::new();
    for id in ids {
        let (b, a) = (old.get(id), new.get(id));
        let same = matches!((b, a), (Some(x), Some(y)) if x.0 == y.0 && x.1 == y.1);
        if same {
            continue;
        }
        let title = a.or(b).map(|d| d.2.clone()).unwrap_or_default();
        let (before_status, before_amount) = side(b);
        let (after_status, after_amount) = side(a);
        out.push(MeasureChangeDto {
            measure: id.clone(),
            title,
            before_status,
            before_amount,
            after_status,
            after_amount,
        });
    }
    Ok(out)
}
