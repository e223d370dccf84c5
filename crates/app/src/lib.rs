//! `huiqi-app`: the facade that the desktop shell, the `huiqi` CLI and the tests call.
//!
//! It owns the catalogue and the store, and converts domain types to the transport
//! types in [`dto`] at this boundary. It knows nothing about Tauri.

pub mod batch_export;
pub mod calendar;
pub mod claims;
pub mod dossier;
pub mod dto;
pub mod firm_facts;
pub mod firm_sheet;
pub mod imports;
pub mod library;
pub mod names;
pub mod overview;
pub mod packs;
pub mod period;
pub mod questionnaire;
pub mod readable;
pub mod results;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::NaiveDate;
use huiqi_catalog::Catalogue;
use huiqi_engine::Facts;
pub use huiqi_engine::Lang;
use huiqi_store::{
    AnswerKey, AnswerSource, FirmId, FirmRecord, FirmSummary, ImportMode, ItemRef, NewFirm, Store,
    StoreError,
};

use dto::*;

/// Everything that can go wrong behind the facade. Each error has a stable [`AppError::code`]
/// (the UI switches on it; listed in docs/errors.md) and a message in each UI language.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{}", .0)]
    Store(#[from] StoreError),
    #[error("内置政策库加载失败：{0} / The built-in policy catalogue failed to load: {0}")]
    Catalogue(String),
    #[error("未找到企业（编号 {0}） / Firm not found (id {0})")]
    FirmNotFound(i64),
    #[error("企业名称不能为空 / The firm name must not be empty")]
    EmptyFirmName,
    #[error("日期“{0}”无效，应为 YYYY-MM-DD / Invalid date “{0}”, expected YYYY-MM-DD")]
    BadDate(String),
    #[error("无法读取或写入文件 {path}：{detail} / Cannot read or write {path}: {detail}")]
    File { path: String, detail: String },
    #[error("已取消 / Cancelled")]
    Cancelled,
    /// An import file holds answers that typing would refuse; nothing was imported.
    #[error("{} / {}", import_invalid_zh(.0), import_invalid_en(.0))]
    ImportInvalid(Vec<imports::BadAnswer>),
    /// A message already written "中文 / English" (the last " / " separates them: user text
    /// is only ever quoted in the Chinese half).
    #[error("{0}")]
    Message(String),
    /// A policy pack with problems (the loader's, or failing golden cases); nothing installed.
    #[error("{} / {}", pack_invalid_zh(.0), pack_invalid_en(.0))]
    PackInvalid(Vec<huiqi_catalog::Issue>),
}

fn issue_lines(issues: &[huiqi_catalog::Issue]) -> String {
    issues
        .iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

fn pack_invalid_zh(issues: &[huiqi_catalog::Issue]) -> String {
    format!(
        "政策包有 {} 处问题，未安装：\n{}",
        issues.len(),
        issue_lines(issues)
    )
}

fn pack_invalid_en(issues: &[huiqi_catalog::Issue]) -> String {
    format!(
        "The policy pack has {} problem(s); nothing was installed:\n{}",
        issues.len(),
        issue_lines(issues)
    )
}

fn import_invalid_zh(bad: &[imports::BadAnswer]) -> String {
    let list: Vec<String> = bad
        .iter()
        .map(|b| format!("{}（{}）：{}", b.field, b.fact, b.message_zh))
        .collect();
    format!(
        "导入文件中有 {} 个答案不合要求，未导入任何内容：{}",
        bad.len(),
        list.join("；")
    )
}

fn import_invalid_en(bad: &[imports::BadAnswer]) -> String {
    let list: Vec<String> = bad
        .iter()
        .map(|b| format!("{} ({}): {}", b.field, b.fact, b.message_en))
        .collect();
    format!(
        "{} answers in the import file would be refused; nothing was imported: {}",
        bad.len(),
        list.join("; ")
    )
}

impl AppError {
    /// Stable machine-readable code; store errors keep the store's codes.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Store(e) => e.code(),
            AppError::Catalogue(_) => "catalogue",
            AppError::FirmNotFound(_) => "not_found",
            AppError::EmptyFirmName => "invalid_input",
            AppError::BadDate(_) => "bad_date",
            AppError::File { .. } => "io",
            AppError::Cancelled => "cancelled",
            AppError::ImportInvalid(_) => "import_invalid",
            AppError::Message(_) => "invalid_input",
            AppError::PackInvalid(_) => "pack_invalid",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            AppError::Store(e) => e.message_zh(),
            AppError::Catalogue(d) => format!("内置政策库加载失败：{d}"),
            AppError::File { path, detail } => format!("无法读取或写入文件 {path}：{detail}"),
            AppError::ImportInvalid(bad) => import_invalid_zh(bad),
            AppError::PackInvalid(issues) => pack_invalid_zh(issues),
            AppError::Message(m) => imports::split_answer_message(m).0,
            other => split_bilingual(&other.to_string()).0,
        }
    }

    pub fn message_en(&self) -> String {
        match self {
            AppError::Store(e) => e.message_en(),
            AppError::Catalogue(d) => format!("The built-in policy catalogue failed to load: {d}"),
            AppError::File { path, detail } => format!("Cannot read or write {path}: {detail}"),
            AppError::ImportInvalid(bad) => import_invalid_en(bad),
            AppError::PackInvalid(issues) => pack_invalid_en(issues),
            AppError::Message(m) => imports::split_answer_message(m).1,
            other => split_bilingual(&other.to_string()).1,
        }
    }

    /// Technical detail (paths, the underlying error) for logs and support; not shown as
    /// the message.
    pub fn detail(&self) -> Option<String> {
        match self {
            AppError::Store(e) => e.detail(),
            AppError::Catalogue(d) => Some(d.clone()),
            AppError::File { path, detail } => Some(format!("{path}: {detail}")),
            _ => None,
        }
    }

    pub fn to_dto(&self) -> ErrorDto {
        ErrorDto {
            code: self.code().to_string(),
            message_zh: self.message_zh(),
            message_en: self.message_en(),
            detail: self.detail(),
        }
    }
}

/// Our messages are written "中文 / English"; a message without the separator is used for both.
pub(crate) fn split_bilingual(full: &str) -> (String, String) {
    imports::split_answer_message(full)
}

/// One open data file plus the built-in catalogue and the policy packs installed beside it.
pub struct App {
    store: Store,
    catalogue: Catalogue,
    /// `packs/` beside the data file; none for an in-memory store.
    packs_dir: Option<std::path::PathBuf>,
    /// Installed packs that could not be loaded, in words.
    pack_warnings: Vec<String>,
}

impl App {
    /// Opens (creating if needed) the database at `db_path` and loads the built-in catalogue.
    pub fn open(db_path: &Path) -> Result<App, AppError> {
        if let Some(parent) = db_path.parent() {
            // The per-user data folder does not exist on first launch.
            std::fs::create_dir_all(parent).map_err(|source| {
                AppError::Store(StoreError::Io {
                    context: parent.display().to_string(),
                    source,
                })
            })?;
        }
        let store = Store::open(db_path)?;
        Self::with_store(store, Some(packs::packs_dir_for(db_path)))
    }

    /// After the data file was found damaged: moves it aside (renamed, never deleted) and
    /// restores the newest healthy backup, or starts an empty file, then opens the result.
    pub fn recover(db_path: &Path, start_new: bool) -> Result<(App, RecoveryDto), AppError> {
        let how = if start_new {
            huiqi_store::Recovery::StartNew
        } else {
            huiqi_store::Recovery::RestoreLatestBackup
        };
        let (store, report) = Store::recover(db_path, how)?;
        let dto = RecoveryDto {
            moved_to: report.moved_to.map(|p| p.display().to_string()),
            restored_from: report.restored_from.map(|p| p.display().to_string()),
        };
        Ok((
            Self::with_store(store, Some(packs::packs_dir_for(db_path)))?,
            dto,
        ))
    }

    /// An app on a throwaway in-memory database (tests, previews).
    pub fn open_in_memory() -> Result<App, AppError> {
        Self::with_store(Store::open_in_memory()?, None)
    }

    fn with_store(store: Store, packs_dir: Option<std::path::PathBuf>) -> Result<App, AppError> {
        let (catalogue, pack_warnings) = packs::load_catalogue(packs_dir.as_deref())?;
        Ok(App {
            store,
            catalogue,
            packs_dir,
            pack_warnings,
        })
    }

    /// Installed packs that could not be loaded at start (the built-in catalogue changed
    /// under them), in words.
    pub fn pack_warnings(&self) -> &[String] {
        &self.pack_warnings
    }

    fn packs_dir(&self) -> Result<&Path, AppError> {
        self.packs_dir.as_deref().ok_or_else(|| {
            AppError::Message(
                "没有数据文件夹，无法安装政策包 / no data folder to install policy packs into"
                    .into(),
            )
        })
    }

    /// The policy packs loaded beside the built-in catalogue.
    pub fn list_packs(&self) -> Vec<PackDto> {
        self.catalogue
            .packs
            .iter()
            .map(|p| packs::pack_dto(&self.catalogue, p))
            .collect()
    }

    /// Reads and checks a pack (folder or .zip) without installing it: the pack and, for every
    /// saved firm, the measures whose outcome or amount it would change.
    pub fn preview_pack(
        &self,
        path: &Path,
        as_of: &str,
        year: Option<i32>,
    ) -> Result<PackPreviewDto, AppError> {
        let pack = packs::read_pack(path)?;
        let after = self.checked(&pack)?;
        let period = period::period(&self.store, as_of, year)?;
        let changes = packs::diff(&self.store, &self.catalogue, &after, &period)?;
        let info = after
            .packs
            .iter()
            .find(|p| p.id == pack.id())
            .expect("the pack just loaded");
        Ok(PackPreviewDto {
            pack: packs::pack_dto(&after, info),
            changes,
        })
    }

    /// The catalogue with `pack` installed beside the other installed packs, or its problems.
    fn checked(&self, pack: &huiqi_catalog::Pack) -> Result<Catalogue, AppError> {
        let (installed, _) = packs::installed(self.packs_dir()?);
        packs::check(&installed, pack).map_err(AppError::PackInvalid)
    }

    /// Checks and installs a pack, then loads it: nothing is installed when the check fails.
    pub fn install_pack(&mut self, path: &Path) -> Result<PackDto, AppError> {
        let pack = packs::read_pack(path)?;
        self.checked(&pack)?;
        packs::install(self.packs_dir()?, &pack)?;
        self.reload_catalogue()?;
        let info = self
            .catalogue
            .packs
            .iter()
            .find(|p| p.id == pack.id())
            .ok_or_else(|| AppError::Catalogue(self.pack_warnings.join("\n")))?;
        Ok(packs::pack_dto(&self.catalogue, info))
    }

    /// For every saved firm, what removing pack `id` would change.
    pub fn preview_pack_removal(
        &self,
        id: &str,
        as_of: &str,
        year: Option<i32>,
    ) -> Result<Vec<FirmChangeDto>, AppError> {
        let (installed, _) = packs::installed(self.packs_dir()?);
        let rest: Vec<_> = installed.into_iter().filter(|p| p.id() != id).collect();
        let after = Catalogue::builtin_with_packs(&rest).map_err(|e| AppError::PackInvalid(e.0))?;
        let period = period::period(&self.store, as_of, year)?;
        packs::diff(&self.store, &self.catalogue, &after, &period)
    }

    pub fn remove_pack(&mut self, id: &str) -> Result<(), AppError> {
        packs::remove(self.packs_dir()?, id)?;
        self.reload_catalogue()
    }

    fn reload_catalogue(&mut self) -> Result<(), AppError> {
        let (catalogue, warnings) = packs::load_catalogue(self.packs_dir.as_deref())?;
        self.catalogue = catalogue;
        self.pack_warnings = warnings;
        Ok(())
    }

    pub fn app_info(&self) -> AppInfo {
        AppInfo {
            app_version: env!("CARGO_PKG_VERSION").to_string(),
            catalog_version: self.catalogue.version().to_string(),
            document_count: count(self.catalogue.documents.len()),
            measure_count: count(self.catalogue.measures().len()),
        }
    }

    pub fn list_firms(&self) -> Result<Vec<FirmSummaryDto>, AppError> {
        Ok(self
            .store
            .list_firms()?
            .into_iter()
            .map(|s| firm_summary_dto(&self.catalogue, s))
            .collect())
    }

    /// Creates a firm and returns it as stored (the store trims and normalises fields).
    pub fn create_firm(&mut self, new: NewFirmDto) -> Result<FirmDto, AppError> {
        let profile = new_firm(new);
        if profile.name.is_empty() {
            return Err(AppError::EmptyFirmName);
        }
        for (fact, code) in [
            ("firm.region", &profile.region),
            ("firm.industry", &profile.industry),
        ] {
            if let Some(code) = code {
                firm_facts::validate_answer(&self.catalogue, fact, code, None)
                    .map_err(|e| AppError::Message(e.to_string()))?;
            }
        }
        let id = self.store.create_firm(&profile)?;
        // Region and industry are answers too, so their history starts here and undo can
        // come back to them.
        for (fact, code) in [
            ("firm.region", &profile.region),
            ("firm.industry", &profile.industry),
        ] {
            if let Some(code) = code {
                self.store.set_answer(
                    id,
                    &AnswerKey::firm(fact),
                    Some(code),
                    AnswerSource::Typed,
                )?;
            }
        }
        self.get_firm(id)
    }

    pub fn get_firm(&self, id: i64) -> Result<FirmDto, AppError> {
        match self.store.get_firm(id)? {
            Some(record) => Ok(firm_dto(record)),
            None => Err(AppError::FirmNotFound(id)),
        }
    }

    /// Checks a 统一社会信用代码 the way the store will when the firm is saved.
    pub fn check_credit_code(&self, code: &str) -> CreditCodeCheck {
        check_credit_code(code)
    }

    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    // ------------------------------------------------------------ firms

    pub fn firm_detail(&self, id: i64) -> Result<FirmDetailDto, AppError> {
        let firm = self.get_firm(id)?;
        let p = &firm.profile;
        let region_name = p
            .region
            .as_deref()
            .and_then(|c| self.catalogue.regions.full_name(c));
        let industry_name = p
            .industry
            .as_deref()
            .and_then(|c| self.catalogue.industries.name(c))
            .map(str::to_string);
        let answer_count = self
            .store
            .current_answers(id)?
            .iter()
            .filter(|a| a.key.item.is_none())
            .count();
        Ok(FirmDetailDto {
            region_name,
            industry_name,
            answer_count: count(answer_count),
            item_count: count(self.store.list_items(id, None)?.len()),
            attachment_count: count(self.store.list_attachments(id, None)?.len()),
            firm,
        })
    }

    /// Saves the profile. Region and industry are also questionnaire answers: a change here
    /// is recorded as an answer so the questionnaire, history and undo see it.
    pub fn update_firm(&mut self, id: i64, dto: NewFirmDto) -> Result<FirmDetailDto, AppError> {
        let profile = new_firm(dto);
        if profile.name.is_empty() {
            return Err(AppError::EmptyFirmName);
        }
        for (fact, code) in [
            ("firm.region", &profile.region),
            ("firm.industry", &profile.industry),
        ] {
            if let Some(code) = code {
                firm_facts::validate_answer(&self.catalogue, fact, code, None)
                    .map_err(|e| AppError::Message(e.to_string()))?;
            }
        }
        let before = self.get_firm(id)?.profile;
        self.store.update_firm_profile(id, &profile)?;
        for (fact, old, new) in [
            ("firm.region", &before.region, &profile.region),
            ("firm.industry", &before.industry, &profile.industry),
        ] {
            if old != new
                && let Some(code) = new
            {
                self.store.set_answer(
                    id,
                    &AnswerKey::firm(fact),
                    Some(code),
                    AnswerSource::Typed,
                )?;
            }
        }
        self.firm_detail(id)
    }

    /// A copy of the firm with all its answers, items and evidence, named "…（副本）".
    pub fn duplicate_firm(&mut self, id: i64) -> Result<FirmDto, AppError> {
        let bytes = self.store.export_firm(id)?;
        let copy = self.store.import_firm(&bytes, Some(ImportMode::KeepBoth))?;
        let mut profile = self.get_firm(copy)?.profile;
        profile.name = format!("{}（副本）", profile.name);
        // A credit code identifies one firm; the copy is a working draft without it.
        profile.credit_code = None;
        self.store.update_firm_profile(copy, &new_firm(profile))?;
        self.get_firm(copy)
    }

    pub fn delete_firm(&mut self, id: i64) -> Result<(), AppError> {
        self.get_firm(id)?;
        Ok(self.store.delete_firm(id)?)
    }

    pub fn export_firm(&self, id: i64, path: &Path) -> Result<SavedFileDto, AppError> {
        let bytes = self.store.export_firm(id)?;
        write_file(path, &bytes)?;
        Ok(SavedFileDto {
            path: path.display().to_string(),
            bytes: bytes.len() as u64,
            page_count: 0,
        })
    }

    /// What an export file holds, whether its firm is already here, and which of its
    /// answers typing would refuse; writes nothing.
    pub fn inspect_import(&self, path: &Path) -> Result<ImportPreviewDto, AppError> {
        let doc = huiqi_store::parse_export(&read_file(path)?)?;
        let bad = imports::check_export(&self.catalogue, &doc);
        let p = self.store.inspect_doc(&doc)?;
        Ok(ImportPreviewDto {
            name: p.name,
            credit_code: p.credit_code,
            exported_at: p.exported_at,
            answers: count(p.answers),
            items: count(p.items),
            attachments: count(p.attachments),
            existing: p.existing,
            bad_answers: bad
                .into_iter()
                .map(|b| BadAnswerDto {
                    field: b.field,
                    fact: b.fact,
                    value: b.value,
                    message_zh: b.message_zh,
                    message_en: b.message_en,
                })
                .collect(),
        })
    }

    /// Imports an export file. Answers typing would refuse make the import fail whole
    /// ([`AppError::ImportInvalid`], listing each) unless `leave_bad_unset`, which imports
    /// the file with those answers unset. One transaction either way.
    pub fn import_firm(
        &mut self,
        path: &Path,
        mode: Option<ImportModeDto>,
        leave_bad_unset: bool,
    ) -> Result<FirmDto, AppError> {
        let mode = mode.map(|m| match m {
            ImportModeDto::Merge => ImportMode::Merge,
            ImportModeDto::KeepBoth => ImportMode::KeepBoth,
        });
        let doc = huiqi_store::parse_export(&read_file(path)?)?;
        let bad = imports::check_export(&self.catalogue, &doc);
        let doc = match (bad.is_empty(), leave_bad_unset) {
            (true, _) => doc,
            (false, true) => imports::without_bad_answers(doc, &bad),
            (false, false) => return Err(AppError::ImportInvalid(bad)),
        };
        let id = self.store.import_doc(&doc, mode)?;
        self.get_firm(id)
    }

    /// Firms from a CSV file or an Excel workbook's first sheet; with `write == false` only
    /// checks and reports. Region and industry codes are checked as the profile form checks
    /// them; a bad row is reported with its line (the sheet's row) and column and not
    /// imported.
    pub fn import_firms_csv(
        &mut self,
        path: &Path,
        write: bool,
    ) -> Result<CsvImportReportDto, AppError> {
        let bytes = read_file(path)?;
        let (r, sheet) = firm_sheet::import(&mut self.store, &self.catalogue, &bytes, write)?;
        Ok(csv_report(r, write, sheet))
    }

    pub fn language(&self) -> Result<Option<String>, AppError> {
        Ok(self.store.get_setting(huiqi_store::SETTING_LANGUAGE)?)
    }

    pub fn set_language(&mut self, lang: &str) -> Result<(), AppError> {
        Ok(self
            .store
            .set_setting(huiqi_store::SETTING_LANGUAGE, Some(lang))?)
    }

    // ------------------------------------------------------------ policy library

    pub fn documents(&self, as_of: &str) -> Result<Vec<DocumentSummaryDto>, AppError> {
        let period = period::period(&self.store, as_of, None)?;
        Ok(library::documents(&self.catalogue, &period))
    }

    pub fn document(&self, key: &str, as_of: &str) -> Result<DocumentDetailDto, AppError> {
        let period = period::period(&self.store, as_of, None)?;
        library::document_detail(&self.catalogue, key, &period).ok_or_else(|| {
            AppError::Message(format!("未找到政策文件 {key} / No policy document {key}"))
        })
    }

    pub fn region_tree(&self) -> Vec<CodeNodeDto> {
        library::region_tree(&self.catalogue)
    }

    pub fn industry_tree(&self) -> Vec<CodeNodeDto> {
        library::industry_tree(&self.catalogue)
    }

    // ------------------------------------------------------------ questionnaire

    fn facts(&self, firm: FirmId) -> Result<(dossier::FirmProfile, Facts), AppError> {
        self.get_firm(firm)?;
        firm_facts::load_firm(&self.catalogue, &self.store, firm).map_err(AppError::Message)
    }

    fn check_measures(&self, ids: &[String]) -> Result<(), AppError> {
        match ids.iter().find(|id| self.catalogue.measure(id).is_none()) {
            Some(id) => Err(AppError::Message(format!(
                "未知措施 {id} / Unknown measure {id}"
            ))),
            None => Ok(()),
        }
    }

    /// Open questions and given answers for `measures` (all when empty).
    pub fn questionnaire(
        &self,
        firm: i64,
        measures: &[String],
        as_of: &str,
        year: Option<i32>,
        include_expired: bool,
    ) -> Result<QuestionnaireDto, AppError> {
        let period = period::period(&self.store, as_of, year)?;
        self.check_measures(measures)?;
        let (_, facts) = self.facts(firm)?;
        let only = (!measures.is_empty()).then_some(measures);
        Ok(questionnaire::build(
            &self.catalogue,
            &self.store,
            firm,
            &facts,
            only,
            (period, include_expired),
        )?)
    }

    pub fn preview_answer(&self, fact: &str, text: &str, as_of: &str) -> AnswerPreviewDto {
        match parse_as_of(as_of) {
            Ok(d) => questionnaire::preview(&self.catalogue, fact, text, d),
            Err(e) => AnswerPreviewDto {
                ok: false,
                dont_know: false,
                display: None,
                display_en: None,
                message_zh: Some(e.message_zh()),
                message_en: Some(e.message_en()),
            },
        }
    }

    /// Validates and durably saves one answer; a rejected answer saves nothing.
    pub fn save_answer(
        &mut self,
        firm: i64,
        key: &AnswerKeyDto,
        text: &str,
        as_of: &str,
    ) -> Result<RevisionDto, AppError> {
        let as_of = parse_as_of(as_of)?;
        self.get_firm(firm)?;
        let key = questionnaire::key_from_dto(key);
        if let Some(item) = &key.item
            && !self
                .store
                .list_items(firm, Some(&item.kind))?
                .iter()
                .any(|i| i.item.id == item.id)
        {
            return Err(AppError::Message(
                "该条目已删除或不存在 / That item was removed or does not exist".into(),
            ));
        }
        let item = key.item.as_ref().map(|i| (i.kind.as_str(), i.id.as_str()));
        let rev = firm_facts::save_answer(
            &self.catalogue,
            &mut self.store,
            firm,
            &key.fact,
            item,
            text,
            Some(as_of),
        )
        .map_err(AppError::Message)?;
        self.sync_profile(firm, &key)?;
        Ok(questionnaire::revision_dto(&rev))
    }

    /// Keeps the profile's region/industry equal to the current answer.
    fn sync_profile(&mut self, firm: i64, key: &AnswerKey) -> Result<(), AppError> {
        if key.item.is_some() || !matches!(key.fact.as_str(), "firm.region" | "firm.industry") {
            return Ok(());
        }
        let current = self.store.current_answer(firm, key)?.and_then(|a| a.value);
        let mut p = self.get_firm(firm)?.profile;
        let slot = if key.fact == "firm.region" {
            &mut p.region
        } else {
            &mut p.industry
        };
        if *slot != current {
            *slot = current;
            self.store.update_firm_profile(firm, &new_firm(p))?;
        }
        Ok(())
    }

    pub fn answer_history(
        &self,
        firm: i64,
        key: &AnswerKeyDto,
    ) -> Result<Vec<RevisionDto>, AppError> {
        let key = questionnaire::key_from_dto(key);
        Ok(self
            .store
            .answer_history(firm)?
            .iter()
            .filter(|r| r.key == key)
            .map(questionnaire::revision_dto)
            .collect())
    }

    /// Undoes the latest change of one answer; `None` when there is nothing to undo.
    pub fn undo_answer(
        &mut self,
        firm: i64,
        key: &AnswerKeyDto,
    ) -> Result<Option<RevisionDto>, AppError> {
        let key = questionnaire::key_from_dto(key);
        let rev = self.store.undo_answer(firm, &key)?;
        self.sync_profile(firm, &key)?;
        Ok(rev.as_ref().map(questionnaire::revision_dto))
    }

    /// Adds a repeatable item (a project, a fair…); returns its id.
    pub fn add_item(
        &mut self,
        firm: i64,
        kind: &str,
        label: Option<String>,
    ) -> Result<String, AppError> {
        if self.catalogue.item_kind(kind).is_none() {
            return Err(AppError::Message(format!(
                "未知条目类型 {kind} / Unknown item kind {kind}"
            )));
        }
        // An item always has a name a person can read: the one typed, else "技术改造项目 1".
        let label = match non_blank(label) {
            Some(l) => l,
            None => {
                let taken: Vec<String> = self
                    .store
                    .list_items(firm, Some(kind))?
                    .into_iter()
                    .filter_map(|i| i.label)
                    .collect();
                names::fresh_item_name(&self.catalogue, kind, &taken)
            }
        };
        Ok(self.store.add_item(firm, kind, Some(&label))?.id)
    }

    pub fn rename_item(
        &mut self,
        firm: i64,
        kind: &str,
        id: &str,
        label: Option<String>,
    ) -> Result<(), AppError> {
        let item = ItemRef {
            kind: kind.into(),
            id: id.into(),
        };
        Ok(self
            .store
            .put_item(firm, &item, non_blank(label).as_deref())?)
    }

    /// Removes an item; its answers stay in the history.
    pub fn remove_item(&mut self, firm: i64, kind: &str, id: &str) -> Result<(), AppError> {
        let item = ItemRef {
            kind: kind.into(),
            id: id.into(),
        };
        Ok(self.store.remove_item(firm, &item)?)
    }

    // ------------------------------------------------------------ per-firm view state

    /// The measure filter and dossier selection remembered for `firm`. Measures the catalogue
    /// no longer has are dropped, so a stale filter never hides the whole questionnaire.
    pub fn firm_view(&self, firm: i64) -> Result<FirmViewDto, AppError> {
        self.get_firm(firm)?;
        let read = |name: &str| -> Result<Option<Vec<String>>, AppError> {
            let Some(json) = self.store.firm_setting(firm, name)? else {
                return Ok(None);
            };
            let ids: Vec<String> = serde_json::from_str(&json).unwrap_or_default();
            Ok(Some(
                ids.into_iter()
                    .filter(|id| self.catalogue.measure(id).is_some())
                    .collect(),
            ))
        };
        Ok(FirmViewDto {
            measure_filter: read(VIEW_MEASURE_FILTER)?.unwrap_or_default(),
            dossier_selection: read(VIEW_DOSSIER_SELECTION)?,
        })
    }

    /// Limits the questionnaire of `firm` to `measures`; empty clears the filter.
    pub fn set_measure_filter(&mut self, firm: i64, measures: &[String]) -> Result<(), AppError> {
        self.check_measures(measures)?;
        let value = (!measures.is_empty()).then(|| json_list(measures));
        Ok(self
            .store
            .set_firm_setting(firm, VIEW_MEASURE_FILTER, value.as_deref())?)
    }

    /// The measures ticked for the dossier of `firm`; `None` forgets the choice (the
    /// dossier then ticks the measures that pay money).
    pub fn set_dossier_selection(
        &mut self,
        firm: i64,
        measures: Option<&[String]>,
    ) -> Result<(), AppError> {
        if let Some(m) = measures {
            self.check_measures(m)?;
        }
        let value = measures.map(json_list);
        Ok(self
            .store
            .set_firm_setting(firm, VIEW_DOSSIER_SELECTION, value.as_deref())?)
    }

    // ------------------------------------------------------------ results

    fn item_labels(&self, firm: i64) -> Result<names::ItemNames, AppError> {
        Ok(names::item_names(&self.catalogue, &self.store, firm)?)
    }

    pub fn assess(
        &self,
        firm: i64,
        as_of: &str,
        year: Option<i32>,
    ) -> Result<AssessmentDto, AppError> {
        self.assess_in(firm, as_of, year, Lang::Zh)
    }

    /// [`App::assess`] with its words (reasons, calculation, trace, hints, labels) in `lang`.
    pub fn assess_in(
        &self,
        firm: i64,
        as_of: &str,
        year: Option<i32>,
        lang: Lang,
    ) -> Result<AssessmentDto, AppError> {
        let period = period::period(&self.store, as_of, year)?;
        let (profile, facts) = self.facts(firm)?;
        let options = huiqi_engine::AssessOptions::full_in(lang);
        let a = huiqi_engine::assess_with(&self.catalogue, &facts, period, None, options);
        let mut dto = results::assessment_dto(
            &self.catalogue,
            firm,
            &profile.name,
            &a,
            &self.item_labels(firm)?,
            lang,
        );
        let dont_know = readable::dont_know_labels(&self.catalogue, &self.store, firm, lang)?;
        readable::mark_unanswered(&mut dto, &dont_know, lang);
        readable::mark_superseded(&mut dto);
        Ok(dto)
    }

    // ------------------------------------------------------------ validity overrides

    pub fn validity_overrides(&self) -> Result<Vec<ValidityOverrideDto>, AppError> {
        Ok(period::overrides(&self.store)?
            .iter()
            .map(period::override_dto)
            .collect())
    }

    pub fn set_validity_override(
        &mut self,
        dto: &ValidityOverrideDto,
    ) -> Result<Vec<ValidityOverrideDto>, AppError> {
        period::set_override(&self.catalogue, &mut self.store, dto)
    }

    pub fn remove_validity_override(
        &mut self,
        document: &str,
    ) -> Result<Vec<ValidityOverrideDto>, AppError> {
        period::remove_override(&mut self.store, document)
    }

    /// Assesses many firms (all when `ids` is empty), reporting progress after each firm and
    /// stopping with [`AppError::Cancelled`] when `cancel` is set.
    pub fn assess_firms(
        &self,
        ids: &[i64],
        (as_of, year): (&str, Option<i32>),
        progress: &mut dyn FnMut(ProgressDto),
        cancel: &AtomicBool,
    ) -> Result<Vec<BatchRowDto>, AppError> {
        let period = period::period(&self.store, as_of, year)?;
        let firms: Vec<(i64, String)> = if ids.is_empty() {
            self.store
                .list_firms()?
                .into_iter()
                .map(|f| (f.id, f.name))
                .collect()
        } else {
            ids.iter()
                .map(|&id| Ok((id, self.get_firm(id)?.profile.name)))
                .collect::<Result<_, AppError>>()?
        };
        let total = count(firms.len());
        let mut rows = Vec::with_capacity(firms.len());
        for (n, (id, name)) in firms.into_iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return Err(AppError::Cancelled);
            }
            progress(ProgressDto {
                done: count(n),
                total,
                label: name.clone(),
            });
            let row = match firm_facts::load_firm(&self.catalogue, &self.store, id) {
                Ok((_, facts)) => {
                    // Only the totals are shown: decide without explaining.
                    let t =
                        huiqi_engine::assess_lean(&self.catalogue, &facts, period.clone()).totals;
                    BatchRowDto {
                        firm_id: id,
                        name,
                        eligible: count(t.eligible),
                        undecided: count(t.undecided),
                        exact: results::yuan(t.exact),
                        upper_bound: results::yuan(t.upper_bound),
                        accruing: results::yuan(t.accruing),
                        would_have_paid: results::yuan(t.would_have_paid),
                        error: None,
                    }
                }
                Err(e) => BatchRowDto {
                    firm_id: id,
                    name,
                    eligible: 0,
                    undecided: 0,
                    exact: results::yuan(rust_decimal::Decimal::ZERO),
                    upper_bound: results::yuan(rust_decimal::Decimal::ZERO),
                    accruing: results::yuan(rust_decimal::Decimal::ZERO),
                    would_have_paid: results::yuan(rust_decimal::Decimal::ZERO),
                    error: Some(e),
                },
            };
            rows.push(row);
        }
        progress(ProgressDto {
            done: total,
            total,
            label: String::new(),
        });
        Ok(rows)
    }

    /// The batch assessment of `ids` (all firms when empty) saved as an Excel workbook
    /// (`xlsx`: sheets 汇总, 明细 and 日程) or as CSV (`csv`: the summary), atomically.
    pub fn export_batch(
        &self,
        ids: &[i64],
        (as_of, year): (&str, Option<i32>),
        path: &Path,
        format: &str,
    ) -> Result<SavedFileDto, AppError> {
        let never = AtomicBool::new(false);
        let summary = self.assess_firms(ids, (as_of, year), &mut |_| {}, &never)?;
        let bytes = match format {
            "xlsx" => {
                let period = period::period(&self.store, as_of, year)?;
                let (detail, calendar) = self.batch_sheets(&summary, &period)?;
                batch_export::xlsx(&summary, &detail, &calendar).map_err(|e| {
                    AppError::Message(format!(
                        "无法生成 Excel 文件 / cannot write the workbook: {e}"
                    ))
                })?
            }
            "csv" => batch_export::csv(&summary).into_bytes(),
            other => {
                return Err(AppError::Message(format!(
                    "未知格式 {other}（可用 xlsx、csv） / unknown format {other}"
                )));
            }
        };
        dossier::write_atomic(path, &bytes).map_err(|e| AppError::File {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        Ok(SavedFileDto {
            path: path.display().to_string(),
            bytes: bytes.len() as u64,
            page_count: 0,
        })
    }

    /// The detail and calendar sheets, from one full assessment per firm the summary could
    /// read (the calendar needs the outcomes' documents and titles, which a lean assessment
    /// leaves out; its decisions are the same).
    fn batch_sheets(
        &self,
        summary: &[BatchRowDto],
        period: &huiqi_engine::Period,
    ) -> Result<
        (
            Vec<batch_export::DetailRow>,
            Vec<calendar::CalendarEntryDto>,
        ),
        AppError,
    > {
        let mut detail = Vec::new();
        let mut dates = Vec::new();
        for r in summary.iter().filter(|r| r.error.is_none()) {
            let (_, facts) = firm_facts::load_firm(&self.catalogue, &self.store, r.firm_id)
                .map_err(AppError::Message)?;
            let a = huiqi_engine::assess(&self.catalogue, &facts, period.clone(), None);
            detail.extend(self.detail_rows(&r.name, &a));
            let entries = calendar::entries(&self.catalogue, &facts, &a, period);
            dates.push((r.firm_id, r.name.clone(), entries));
        }
        Ok((detail, calendar::dtos_by_date(&self.catalogue, dates)))
    }

    /// A firm's measures that pay or accrue (the clerk's to-do), for the detail sheet.
    fn detail_rows(
        &self,
        firm: &str,
        a: &huiqi_engine::Assessment,
    ) -> Vec<batch_export::DetailRow> {
        use huiqi_engine::Status;
        let pays = a.outcomes.iter().filter(|o| {
            matches!(o.status, Status::Eligible | Status::Accruing) && o.dropped.is_none()
        });
        pays.filter_map(|o| {
            let m = self.catalogue.measure(o.measure)?;
            let doc = &self.catalogue.document_of(m).doc;
            Some(batch_export::DetailRow {
                firm: firm.to_string(),
                document: doc.short_title.clone().unwrap_or(doc.title.clone()),
                clause: m.clause.clone(),
                measure: m.title.clone(),
                status: o.status.label_zh().into(),
                amount: o.amount,
                amount_class: batch_export::class_zh(o.class).into(),
            })
        })
        .collect()
    }

    // ------------------------------------------------------------ evidence

    pub fn attachments(&self, firm: i64) -> Result<Vec<AttachmentDto>, AppError> {
        Ok(self
            .store
            .list_attachments(firm, None)?
            .into_iter()
            .map(attachment_dto)
            .collect())
    }

    /// Attaches a file as evidence for a measure (and one of its evidence lines).
    pub fn attach_file(
        &mut self,
        firm: i64,
        measure: &str,
        evidence: Option<String>,
        path: &Path,
    ) -> Result<AttachmentDto, AppError> {
        self.check_measures(&[measure.to_string()])?;
        let bytes = read_file(path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "附件".into());
        let evidence = non_blank(evidence);
        let info = self
            .store
            .add_attachment(firm, measure, evidence.as_deref(), &name, &bytes)?;
        Ok(attachment_dto(info))
    }

    pub fn remove_attachment(&mut self, firm: i64, id: i64) -> Result<(), AppError> {
        match self.store.get_attachment(id)? {
            Some(a) if a.firm == firm => Ok(self.store.remove_attachment(id)?),
            _ => Err(AppError::Message(format!(
                "未找到附件 {id} / No attachment {id}"
            ))),
        }
    }

    // ------------------------------------------------------------ claims ledger

    /// The firm's claims, newest support year first.
    pub fn claims(&self, firm: i64) -> Result<Vec<ClaimDto>, AppError> {
        self.get_firm(firm)?;
        let names = self.item_labels(firm)?;
        Ok(self
            .store
            .claims(firm)?
            .iter()
            .map(|c| {
                let mut dto = claims::claim_dto(&self.catalogue, c);
                // The ledger names the item, not its id.
                dto.item_name = dto.item.as_ref().and_then(|id| {
                    names
                        .iter()
                        .find(|((_, i), _)| i == id)
                        .map(|(_, n)| n.clone())
                });
                dto
            })
            .collect())
    }

    /// The claim on the ledger, checked to belong to `firm` (a stale window must not edit
    /// another firm's).
    fn own_claim(&self, firm: i64, id: i64) -> Result<huiqi_store::Claim, AppError> {
        match self.store.claim(id)? {
            Some(c) if c.firm == firm => Ok(c),
            _ => Err(AppError::Message(format!(
                "未找到申报记录 {id} / No claim {id}"
            ))),
        }
    }

    /// Validates and records a new claim (any state: an award received years ago is entered
    /// as paid directly).
    pub fn add_claim(&mut self, firm: i64, input: &ClaimInputDto) -> Result<ClaimDto, AppError> {
        self.get_firm(firm)?;
        let fields = claims::claim_fields(&self.catalogue, input).map_err(AppError::Message)?;
        let c = self
            .store
            .add_claim(firm, &fields, huiqi_store::ClaimSource::Typed)?;
        Ok(claims::claim_dto(&self.catalogue, &c))
    }

    /// Replaces a claim's fields; a change of state must be a forward move.
    pub fn update_claim(
        &mut self,
        firm: i64,
        id: i64,
        input: &ClaimInputDto,
    ) -> Result<ClaimDto, AppError> {
        self.own_claim(firm, id)?;
        let fields = claims::claim_fields(&self.catalogue, input).map_err(AppError::Message)?;
        self.store
            .update_claim(id, &fields, huiqi_store::ClaimSource::Typed)?;
        Ok(claims::claim_dto(
            &self.catalogue,
            &self.own_claim(firm, id)?,
        ))
    }

    /// Moves a claim to `state`, recording `on` (as typed) as that state's date.
    pub fn set_claim_state(
        &mut self,
        firm: i64,
        id: i64,
        state: ClaimStateDto,
        on: Option<String>,
        reference: Option<String>,
    ) -> Result<ClaimDto, AppError> {
        self.own_claim(firm, id)?;
        let on = non_blank(on)
            .map(|d| claims::parse_claim_date("日期", &d))
            .transpose()
            .map_err(AppError::Message)?;
        self.store.set_claim_state(
            id,
            claims::state_from_dto(state),
            on.as_deref(),
            non_blank(reference).as_deref(),
        )?;
        Ok(claims::claim_dto(
            &self.catalogue,
            &self.own_claim(firm, id)?,
        ))
    }

    /// Takes a claim off the ledger; undo brings it back.
    pub fn remove_claim(&mut self, firm: i64, id: i64) -> Result<(), AppError> {
        self.own_claim(firm, id)?;
        self.store.remove_claim(id)?;
        Ok(())
    }

    /// Undoes the claim's latest change (also a removal); the claims afterwards.
    pub fn undo_claim(&mut self, firm: i64, id: i64) -> Result<Vec<ClaimDto>, AppError> {
        self.check_claim_owner(firm, id)?;
        self.store.undo_claim(id)?;
        self.claims(firm)
    }

    /// Also for a claim taken off the ledger (its history and undo stay reachable).
    fn check_claim_owner(&self, firm: i64, id: i64) -> Result<(), AppError> {
        match self.store.claim_firm(id) {
            Ok(owner) if owner == firm => Ok(()),
            _ => Err(AppError::Message(format!(
                "未找到申报记录 {id} / No claim {id}"
            ))),
        }
    }

    /// Every change of one claim, oldest first.
    pub fn claim_history(&self, firm: i64, id: i64) -> Result<Vec<ClaimRevisionDto>, AppError> {
        self.check_claim_owner(firm, id)?;
        Ok(self
            .store
            .claim_history(id)?
            .iter()
            .map(claims::revision_dto)
            .collect())
    }

    // ------------------------------------------------------------ dossier

    fn dossier_model(
        &self,
        req: &DossierRequestDto,
    ) -> Result<huiqi_dossier::DossierModel, AppError> {
        let period = period::period(&self.store, &req.as_of, req.year)?;
        self.check_measures(&req.measures)?;
        let (profile, mut facts) = self.facts(req.firm_id)?;
        // A claim submitted for this year is what this dossier prints: printing it again (a
        // corrected copy) must not be refused as already claimed. Approved and paid claims
        // still bind.
        let year = period.year;
        facts
            .received
            .retain(|r| !(r.state == huiqi_engine::ClaimState::Submitted && r.year == year));
        let a = huiqi_engine::assess(&self.catalogue, &facts, period, None);
        let mut attachments: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
        for info in self.store.list_attachments(req.firm_id, None)? {
            attachments
                .entry((info.measure, info.evidence.unwrap_or_default()))
                .or_default()
                .push(info.file_name);
        }
        let mut model = dossier::build_model(
            &self.catalogue,
            &dossier::DossierRequest {
                profile: &profile,
                facts: &facts,
                assessment: &a,
                measures: (!req.measures.is_empty()).then_some(req.measures.as_slice()),
                appendix: req.appendix,
                attachments: &attachments,
            },
        )
        .map_err(AppError::Message)?;
        if model.measures.is_empty() {
            return Err(AppError::Message(
                "没有可申报的措施：请先在评估结果中确认符合条件的措施，或手动选择措施 / \
                 No measure to apply for: choose measures or complete the questionnaire"
                    .into(),
            ));
        }
        names::name_model(&mut model, &self.item_labels(req.firm_id)?);
        Ok(model)
    }

    /// The dossier's pages as SVG, laid out exactly as the PDF.
    pub fn dossier_preview(&self, req: &DossierRequestDto) -> Result<DossierPreviewDto, AppError> {
        let model = self.dossier_model(req)?;
        let opts = huiqi_dossier::RenderOptions {
            include_appendix: req.appendix,
            ..Default::default()
        };
        let pages = huiqi_dossier::render_svg_pages(&model, &opts)
            .map_err(|e| AppError::Message(e.to_string()))?;
        Ok(DossierPreviewDto {
            pages,
            measure_count: count(model.measures.len()),
            input_hash: model.input_hash.clone(),
        })
    }

    /// Writes the dossier's PDF, then records its measures as submitted claims: handing in a
    /// dossier is making the claim (see [`claims::record_dossier`]).
    pub fn save_dossier(
        &mut self,
        req: &DossierRequestDto,
        path: &Path,
    ) -> Result<SavedFileDto, AppError> {
        self.save_dossier_as(req, path, "pdf")
    }

    /// Saves the dossier as `format` ("pdf" or "docx"), atomically: an existing file at
    /// `path` is replaced only once the new one is completely written. A .docx reports
    /// no page count (Word paginates it), so `page_count` is 0.
    pub fn save_dossier_as(
        &mut self,
        req: &DossierRequestDto,
        path: &Path,
        format: &str,
    ) -> Result<SavedFileDto, AppError> {
        let model = self.dossier_model(req)?;
        let opts = huiqi_dossier::RenderOptions {
            include_appendix: req.appendix,
            ..Default::default()
        };
        let fail = |e: huiqi_dossier::DossierError| AppError::Message(e.to_string());
        let (bytes, pages) = match format {
            "pdf" => {
                let pdf = huiqi_dossier::render(&model, &opts).map_err(fail)?;
                (pdf.bytes, pdf.page_count)
            }
            "docx" => (huiqi_dossier::render_docx(&model, &opts).map_err(fail)?, 0),
            other => {
                return Err(AppError::Message(format!(
                    "未知格式 {other}（可用 pdf、docx） / unknown format {other}"
                )));
            }
        };
        dossier::write_atomic(path, &bytes).map_err(|e| AppError::File {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        self.record_dossier_claims(req.firm_id, (&req.as_of, req.year), &model)?;
        Ok(SavedFileDto {
            path: path.display().to_string(),
            bytes: bytes.len() as u64,
            page_count: count(pages),
        })
    }

    /// The support year is the dossier's (else the assessment date's,
    /// [`claims::support_year_of`]) and the date handed in is the dossier's 申报日期, the
    /// assessment date. Only an exact amount is recorded: an upper bound or a cap is not what
    /// will be paid.
    fn record_dossier_claims(
        &mut self,
        firm: i64,
        (as_of, year): (&str, Option<i32>),
        model: &huiqi_dossier::DossierModel,
    ) -> Result<(), AppError> {
        let as_of = parse_as_of(as_of)?;
        let measures: Vec<(String, Option<rust_decimal::Decimal>)> = model
            .measures
            .iter()
            .map(|m| {
                let exact = m.amount_class == huiqi_dossier::AmountClass::Exact;
                (m.measure_id.clone(), m.amount_yuan.filter(|_| exact))
            })
            .collect();
        let year = year.unwrap_or_else(|| claims::support_year_of(as_of));
        claims::record_dossier(&mut self.store, firm, &measures, year, as_of)?;
        Ok(())
    }
}

/// Per-firm settings of the screens (see [`App::firm_view`]).
const VIEW_MEASURE_FILTER: &str = "measure_filter";
const VIEW_DOSSIER_SELECTION: &str = "dossier_selection";

fn json_list(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

/// Also usable without an open database (the CLI validates arguments with it).
pub fn check_credit_code(code: &str) -> CreditCodeCheck {
    let normalized = huiqi_store::normalize_credit_code(code);
    match huiqi_store::validate_credit_code(&normalized) {
        Ok(()) => CreditCodeCheck {
            valid: true,
            message_zh: None,
            message_en: None,
        },
        Err(e) => CreditCodeCheck {
            valid: false,
            message_zh: Some(e.zh()),
            message_en: Some(e.en()),
        },
    }
}

/// The assessment date the UI sends, "YYYY-MM-DD".
pub fn parse_as_of(s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| AppError::BadDate(s.to_string()))
}

fn csv_report(
    r: huiqi_store::CsvImportReport,
    written: bool,
    sheet: Option<String>,
) -> CsvImportReportDto {
    CsvImportReportDto {
        written,
        encoding: r.encoding,
        sheet,
        good_rows: count(r.good_rows),
        imported_names: r.imported.into_iter().map(|i| i.name).collect(),
        errors: r
            .errors
            .into_iter()
            .map(|e| CsvRowErrorDto {
                line: count(e.line),
                column: e.column,
                message_zh: e.message_zh,
                message_en: e.message_en,
            })
            .collect(),
        ignored_columns: r.ignored_columns,
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, AppError> {
    std::fs::read(path).map_err(|e| AppError::File {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// Writes through a temporary file and a rename, so a failed write never leaves half a file
/// where the user expects a finished one.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), AppError> {
    let err = |e: std::io::Error| AppError::File {
        path: path.display().to_string(),
        detail: e.to_string(),
    };
    let tmp = path.with_extension("part");
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

fn attachment_dto(a: huiqi_store::AttachmentInfo) -> AttachmentDto {
    AttachmentDto {
        id: a.id,
        measure: a.measure,
        evidence: a.evidence,
        file_name: a.file_name,
        size: a.size,
        added_at: a.added_at,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Blank optional fields mean "not given".
fn non_blank(s: Option<String>) -> Option<String> {
    s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn new_firm(dto: NewFirmDto) -> NewFirm {
    NewFirm {
        name: dto.name.trim().to_string(),
        credit_code: non_blank(dto.credit_code),
        legal_rep: non_blank(dto.legal_rep),
        contact: non_blank(dto.contact),
        phone: non_blank(dto.phone),
        region: non_blank(dto.region),
        industry: non_blank(dto.industry),
    }
}

fn new_firm_dto(firm: NewFirm) -> NewFirmDto {
    NewFirmDto {
        name: firm.name,
        credit_code: firm.credit_code,
        legal_rep: firm.legal_rep,
        contact: firm.contact,
        phone: firm.phone,
        region: firm.region,
        industry: firm.industry,
    }
}

fn firm_summary_dto(cat: &Catalogue, s: FirmSummary) -> FirmSummaryDto {
    FirmSummaryDto {
        id: s.id,
        name: s.name,
        credit_code: s.credit_code,
        region_name: s.region.as_deref().and_then(|c| cat.regions.full_name(c)),
        region: s.region,
        updated_at: s.updated_at,
    }
}

fn firm_dto(r: FirmRecord) -> FirmDto {
    FirmDto {
        id: r.id,
        profile: new_firm_dto(r.profile),
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}
