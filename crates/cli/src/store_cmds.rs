//! `huiqi --db PATH firm …` and `answer …`: the store from the command line.

use crate::errors::{CliError, exit};
use chrono::NaiveDate;
use clap::Subcommand;
use huiqi_catalog::Catalogue;
use huiqi_store::{ImportMode, NewFirm, Recovery, Store};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum FirmCommand {
    /// Add a firm.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        credit_code: Option<String>,
        #[arg(long)]
        legal_rep: Option<String>,
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        /// GB/T 2260 code of the registered location.
        #[arg(long)]
        region: Option<String>,
        #[arg(long)]
        industry: Option<String>,
    },
    List,
    Show {
        id: i64,
    },
    /// Export a firm with answers, history and attachments to one file.
    Export {
        id: i64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Import a firm exported by `firm export`.
    Import {
        file: PathBuf,
        /// When the firm exists: merge into it.
        #[arg(long, conflicts_with = "keep_both")]
        merge: bool,
        /// When the firm exists: import as a separate firm.
        #[arg(long)]
        keep_both: bool,
        /// Import even if some answers would be refused when typed; those are listed and left
        /// unset. Without it such a file is refused whole.
        #[arg(long)]
        skip_invalid: bool,
    },
    /// Import firm profiles from a CSV or an Excel workbook's first sheet (name,
    /// credit_code, … or the Chinese headers).
    ImportCsv {
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum AnswerCommand {
    /// Save one answer (validated first; "不清楚" clears it).
    Set {
        firm: i64,
        fact: String,
        /// The answer as typed (`3,000万`, `是`, `2026-03-15`; a negative number is refused).
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// For an item fact: KIND:ID (e.g. jinan-gyqs-2020.project:p1).
        #[arg(long)]
        item: Option<String>,
        /// Date the answer is checked against (e.g. dates that must be in the past).
        #[arg(long, value_parser = crate::parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// Every change to the firm's answers, oldest first.
    History { firm: i64 },
    /// Undo the last change of one answer.
    Undo {
        firm: i64,
        fact: String,
        #[arg(long)]
        item: Option<String>,
    },
}

#[derive(Subcommand)]
pub enum StoreCommand {
    /// Run the full integrity check (exit code 4 when the file is damaged).
    Check,
    /// List the automatic backups, newest first.
    Backups,
    /// Move the current file aside (renamed, never deleted) and restore the newest healthy
    /// backup, or start an empty file with --start-new.
    Restore {
        #[arg(long)]
        start_new: bool,
    },
}

pub fn db_path(db: Option<&Path>) -> PathBuf {
    db.map(Path::to_path_buf)
        .unwrap_or_else(huiqi_store::default_db_path)
}

pub fn open_store(db: Option<&Path>) -> Result<Store, CliError> {
    let path = db_path(db);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        std::fs::create_dir_all(dir).map_err(|e| {
            format!(
                "无法创建目录 {}: {e} / cannot create {}: {e}",
                dir.display(),
                dir.display()
            )
        })?;
    }
    let store = Store::open(&path)?;
    if store.is_read_only() {
        eprintln!(
            "注意：数据文件只读，只能查看，不能修改 / note: the data file is read-only; it can be read but not changed: {}",
            path.display()
        );
    }
    Ok(store)
}

/// `huiqi --db D store check|backups|restore`: works on a damaged file, which `open` refuses.
pub fn store(db: Option<&Path>, cmd: StoreCommand) -> Result<ExitCode, CliError> {
    let path = db_path(db);
    match cmd {
        StoreCommand::Check => {
            let store = Store::open(&path)?;
            store.integrity_check()?;
            println!(
                "数据文件完好 / the data file is healthy: {}",
                path.display()
            );
        }
        StoreCommand::Backups => {
            let backups = huiqi_store::backups_of(&path)?;
            if backups.is_empty() {
                println!("没有备份 / no backups");
            }
            for b in backups {
                println!("{}\t{}\t{}", b.taken_at, b.size, b.path.display());
            }
        }
        StoreCommand::Restore { start_new } => {
            let how = if start_new {
                Recovery::StartNew
            } else {
                Recovery::RestoreLatestBackup
            };
            let (_, report) = Store::recover(&path, how)?;
            if let Some(moved) = &report.moved_to {
                println!(
                    "原文件已改名保留 / the old file was kept as: {}",
                    moved.display()
                );
            }
            match &report.restored_from {
                Some(b) => println!("已从备份恢复 / restored from: {}", b.display()),
                None => println!("已新建空数据文件 / started an empty data file"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

pub fn firm(cat: &Catalogue, db: Option<&Path>, cmd: FirmCommand) -> Result<ExitCode, CliError> {
    let mut store = open_store(db)?;
    match cmd {
        FirmCommand::Add {
            name,
            credit_code,
            legal_rep,
            contact,
            phone,
            region,
            industry,
        } => {
            if let Some(r) = &region {
                crate::validate_fact(cat, "firm.region", r)?;
            }
            if let Some(i) = &industry {
                crate::validate_fact(cat, "firm.industry", i)?;
            }
            let new = NewFirm {
                name,
                credit_code,
                legal_rep,
                contact,
                phone,
                region,
                industry,
            };
            let id = store.create_firm(&new)?;
            println!("{id}");
        }
        FirmCommand::List => {
            for f in store.list_firms()? {
                println!(
                    "{}\t{}\t{}\t{}",
                    f.id,
                    f.name,
                    opt(&f.credit_code),
                    opt(&f.region)
                );
            }
        }
        FirmCommand::Show { id } => {
            let f = store
                .get_firm(id)?
                .ok_or_else(|| format!("没有编号为 {id} 的企业 / no firm {id}"))?;
            let p = &f.profile;
            println!(
                "企业名称：{}\n统一社会信用代码：{}\n法定代表人：{}\n联系人：{}\n联系电话：{}",
                p.name,
                opt(&p.credit_code),
                opt(&p.legal_rep),
                opt(&p.contact),
                opt(&p.phone)
            );
            let region = p
                .region
                .as_deref()
                .map(|c| cat.regions.full_name(c).unwrap_or_else(|| c.to_string()))
                .unwrap_or_else(|| "—".into());
            println!("注册地：{region}\n行业：{}", opt(&p.industry));
            for a in store.current_answers(id)? {
                let item = a
                    .key
                    .item
                    .map(|i| format!("〔{}:{}〕", i.kind, i.id))
                    .unwrap_or_default();
                let label = huiqi_catalog::render::fact_label(cat, &a.key.fact);
                println!(
                    "  {item}{label} = {}",
                    a.value.as_deref().unwrap_or("不清楚")
                );
            }
        }
        FirmCommand::Export { id, out } => {
            let bytes = store.export_firm(id)?;
            std::fs::write(&out, bytes).map_err(|e| format!("无法写入 {}: {e}", out.display()))?;
            println!("已导出 / exported: {}", out.display());
        }
        FirmCommand::Import {
            file,
            merge,
            keep_both,
            skip_invalid,
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("无法读取 {}: {e}", file.display()))?;
            let doc = huiqi_store::parse_export(&bytes)?;
            let bad = huiqi_app::imports::check_export(cat, &doc);
            for b in &bad {
                eprintln!(
                    "{}（{} = “{}”）：{} / {} ({} = \"{}\"): {}",
                    b.field, b.fact, b.value, b.message_zh, b.field, b.fact, b.value, b.message_en
                );
            }
            let doc = match (bad.is_empty(), skip_invalid) {
                (true, _) => doc,
                (false, true) => {
                    eprintln!(
                        "以上 {} 个答案未导入（留空） / the {} answers above were left unset",
                        bad.len(),
                        bad.len()
                    );
                    huiqi_app::imports::without_bad_answers(doc, &bad)
                }
                (false, false) => {
                    let mut e = CliError::from(huiqi_app::AppError::ImportInvalid(bad));
                    e.hint = Some(Box::new((
                        "加 --skip-invalid 可导入其余内容，并将这些答案留空".into(),
                        "pass --skip-invalid to import the rest with these answers left unset"
                            .into(),
                    )));
                    return Err(e);
                }
            };
            let preview = store.inspect_doc(&doc)?;
            let mode = match (merge, keep_both) {
                (true, _) => Some(ImportMode::Merge),
                (_, true) => Some(ImportMode::KeepBoth),
                _ => None,
            };
            if preview.existing.is_some() && mode.is_none() {
                return Err("该企业已存在：请加 --merge（合并）或 --keep-both（保留两份） / firm exists: pass --merge or --keep-both".into());
            }
            let id = store.import_doc(&doc, mode)?;
            println!("{id:?}");
        }
        FirmCommand::ImportCsv { file } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("无法读取 {}: {e}", file.display()))?;
            let (report, sheet) = huiqi_app::firm_sheet::import(&mut store, cat, &bytes, true)
                .map_err(|e| e.to_string())?;
            if let Some(name) = sheet {
                eprintln!("读取工作表“{name}” / read sheet {name}");
            }
            for e in &report.errors {
                eprintln!(
                    "第 {} 行：{} / line {}: {}",
                    e.line, e.message_zh, e.line, e.message_en
                );
            }
            println!(
                "已导入 {} 家，{} 行有误 / {} imported, {} rejected",
                report.imported.len(),
                report.errors.len(),
                report.imported.len(),
                report.errors.len()
            );
            if !report.errors.is_empty() {
                return Ok(ExitCode::from(exit::PARTIAL));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_item(item: &Option<String>) -> Result<Option<(String, String)>, String> {
    item.as_deref()
        .map(|s| {
            s.rsplit_once(':')
                .map(|(k, i)| (k.to_string(), i.to_string()))
                .ok_or_else(|| format!("条目须写成 KIND:ID / item must be KIND:ID: {s}"))
        })
        .transpose()
}

pub fn answer(
    cat: &Catalogue,
    db: Option<&Path>,
    cmd: AnswerCommand,
) -> Result<ExitCode, CliError> {
    let mut store = open_store(db)?;
    match cmd {
        AnswerCommand::Set {
            firm,
            fact,
            value,
            item,
            as_of,
        } => {
            let item = parse_item(&item)?;
            let rev = huiqi_app::firm_facts::save_answer(
                cat,
                &mut store,
                firm,
                &fact,
                item.as_ref().map(|(k, i)| (k.as_str(), i.as_str())),
                &value,
                as_of,
            )?;
            println!("已保存 / saved (#{})", rev.seq);
        }
        AnswerCommand::History { firm } => {
            for r in store.answer_history(firm)? {
                let item = r
                    .key
                    .item
                    .map(|i| format!("〔{}:{}〕", i.kind, i.id))
                    .unwrap_or_default();
                println!(
                    "#{}\t{}\t{:?}\t{item}{}\t{}",
                    r.seq,
                    r.at,
                    r.source,
                    r.key.fact,
                    r.value.as_deref().unwrap_or("不清楚")
                );
            }
        }
        AnswerCommand::Undo { firm, fact, item } => {
            let item = parse_item(&item)?;
            let key = huiqi_store::AnswerKey {
                fact,
                item: item.map(|(kind, id)| huiqi_store::ItemRef { kind, id }),
            };
            match store.undo_answer(firm, &key)? {
                Some(r) => println!(
                    "已撤销 / undone (#{} → {})",
                    r.seq,
                    r.value.as_deref().unwrap_or("不清楚")
                ),
                None => println!("没有可撤销的修改 / nothing to undo"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
