//! `huiqi --db PATH firm …` and `answer …`: the store from the command line.

use chrono::NaiveDate;
use clap::Subcommand;
use huiqi_catalog::Catalogue;
use huiqi_store::{ImportMode, NewFirm, Store};
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
    },
    /// Import firm profiles from a CSV (name, credit_code, … or the Chinese headers).
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

pub fn open_store(db: Option<&Path>) -> Result<Store, String> {
    let path = db
        .map(Path::to_path_buf)
        .unwrap_or_else(huiqi_store::default_db_path);
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("无法创建目录 {}: {e}", dir.display()))?;
    }
    Store::open(&path).map_err(|e| e.to_string())
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

pub fn firm(cat: &Catalogue, db: Option<&Path>, cmd: FirmCommand) -> Result<ExitCode, String> {
    let mut store = open_store(db)?;
    let err = |e: huiqi_store::StoreError| e.to_string();
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
            let id = store.create_firm(&new).map_err(err)?;
            println!("{id}");
        }
        FirmCommand::List => {
            for f in store.list_firms().map_err(err)? {
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
                .get_firm(id)
                .map_err(err)?
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
            for a in store.current_answers(id).map_err(err)? {
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
            let bytes = store.export_firm(id).map_err(err)?;
            std::fs::write(&out, bytes).map_err(|e| format!("无法写入 {}: {e}", out.display()))?;
            println!("已导出 / exported: {}", out.display());
        }
        FirmCommand::Import {
            file,
            merge,
            keep_both,
        } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("无法读取 {}: {e}", file.display()))?;
            let preview = store.inspect_import(&bytes).map_err(err)?;
            let mode = match (merge, keep_both) {
                (true, _) => Some(ImportMode::Merge),
                (_, true) => Some(ImportMode::KeepBoth),
                _ => None,
            };
            if preview.existing.is_some() && mode.is_none() {
                return Err("该企业已存在：请加 --merge（合并）或 --keep-both（保留两份） / firm exists: pass --merge or --keep-both".into());
            }
            let id = store.import_firm(&bytes, mode).map_err(err)?;
            println!("{id:?}");
        }
        FirmCommand::ImportCsv { file } => {
            let bytes =
                std::fs::read(&file).map_err(|e| format!("无法读取 {}: {e}", file.display()))?;
            let report = store.import_firms_csv(&bytes).map_err(err)?;
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
                return Ok(ExitCode::from(3));
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

pub fn answer(cat: &Catalogue, db: Option<&Path>, cmd: AnswerCommand) -> Result<ExitCode, String> {
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
            for r in store.answer_history(firm).map_err(|e| e.to_string())? {
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
            match store.undo_answer(firm, &key).map_err(|e| e.to_string())? {
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
