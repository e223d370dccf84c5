//! `huiqi catalog lint` and `huiqi pack …`: checking a catalogue tree or a policy pack (the
//! loader, then every golden case through the engine), and installing packs beside the data
//! file, where the CLI and the app load them at every start.

use crate::errors::{CliError, exit};
use chrono::NaiveDate;
use huiqi_app::packs;
use huiqi_catalog::{Catalogue, Issue};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum PackCommand {
    /// 检查并安装政策包（文件夹或 .zip）/ check and install a pack (folder or .zip)
    Add { path: PathBuf },
    /// 已安装的政策包 / installed packs
    List,
    /// 卸载政策包 / remove an installed pack
    Remove { id: String },
    /// 只检查，不安装 / check a pack without installing it
    Check { path: PathBuf },
    /// 安装（或用 --remove 卸载）后每家已保存企业结果的变化 / what installing a pack, or with
    /// --remove uninstalling one, would change for each saved firm
    Diff {
        #[arg(required_unless_present = "remove", conflicts_with = "remove")]
        path: Option<PathBuf>,
        /// An installed pack's id: the changes its removal would make.
        #[arg(long)]
        remove: Option<String>,
        /// Assessment date (YYYY-MM-DD).
        #[arg(long, value_parser = crate::parse_date)]
        as_of: NaiveDate,
        /// Support year; default: the year of --as-of.
        #[arg(long)]
        year: Option<i32>,
    },
}

/// The folder of installed packs: `packs/` beside the data file (`--db`, `$HUIQI_DB` or the
/// per-user data folder), the same folder the app uses.
pub fn packs_dir(db: Option<&Path>) -> PathBuf {
    packs::packs_dir_for(&crate::store_cmds::db_path(db))
}

/// The built-in catalogue with the installed packs; a pack that does not load is named on
/// stderr and left out.
pub fn load_with_packs(db: Option<&Path>) -> Result<Catalogue, CliError> {
    let (cat, warnings) = packs::load_catalogue(Some(&packs_dir(db)))?;
    for w in warnings {
        eprintln!("警告 / warning: {w}");
    }
    Ok(cat)
}

fn print_issues(issues: &[Issue], prefix: &str) -> ExitCode {
    for i in issues {
        println!("{prefix}{i}");
    }
    eprintln!("{} 处问题 / {} problem(s)", issues.len(), issues.len());
    ExitCode::from(exit::LINT_PROBLEMS)
}

/// `catalog lint PATH`: a pack (a folder with pack.toml, or a .zip) is checked beside the
/// built-in catalogue; any other folder is a whole catalogue tree laid out like `assets/`.
pub fn lint(path: &Path, db: Option<&Path>) -> Result<ExitCode, CliError> {
    if path.join(huiqi_catalog::pack::MANIFEST).is_file() || !path.is_dir() {
        return check(path, db);
    }
    let cat = match Catalogue::load_dir(path) {
        Ok(c) => c,
        Err(issues) => return Ok(print_issues(&issues.0, "")),
    };
    let failing = huiqi_engine::golden::check_cases(&cat, |_| true);
    if !failing.is_empty() {
        return Ok(print_issues(&failing, ""));
    }
    let cases: usize = cat.documents.iter().map(|d| d.cases.len()).sum();
    println!(
        "ok: {} documents, {} measures, {cases} golden cases pass, version {}",
        cat.documents.len(),
        cat.measures().len(),
        cat.version()
    );
    Ok(ExitCode::SUCCESS)
}

/// A pack checked against the built-in catalogue and the other installed packs.
fn checked(
    path: &Path,
    db: Option<&Path>,
) -> Result<Result<(huiqi_catalog::Pack, Catalogue), Vec<Issue>>, CliError> {
    let pack = match packs::read_pack(path) {
        Ok(p) => p,
        Err(huiqi_app::AppError::PackInvalid(issues)) => return Ok(Err(issues)),
        Err(e) => return Err(e.into()),
    };
    let (installed, _) = packs::installed(&packs_dir(db));
    Ok(packs::check(&installed, &pack).map(|cat| (pack, cat)))
}

fn shown_prefix(path: &Path) -> String {
    if path.is_dir() {
        format!("{}/", path.display())
    } else {
        format!("{}:", path.display())
    }
}

fn check(path: &Path, db: Option<&Path>) -> Result<ExitCode, CliError> {
    match checked(path, db)? {
        Err(issues) => Ok(print_issues(&issues, &shown_prefix(path))),
        Ok((pack, cat)) => {
            let docs = packs::pack_dto(&cat, &pack.info).documents;
            let cases: usize = cat
                .documents
                .iter()
                .filter(|d| docs.contains(&d.doc.key))
                .map(|d| d.cases.len())
                .sum();
            println!(
                "ok: 政策包 / pack {} {}（{}）: {} documents, {cases} golden cases pass",
                pack.id(),
                pack.info.version,
                pack.info.hash,
                docs.len()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn run(db: Option<&Path>, command: PackCommand) -> Result<ExitCode, CliError> {
    let dir = packs_dir(db);
    match command {
        PackCommand::Check { path } => check(&path, db),
        PackCommand::Add { path } => match checked(&path, db)? {
            Err(issues) => {
                eprintln!("未安装 / nothing installed");
                Ok(print_issues(&issues, &shown_prefix(&path)))
            }
            Ok((pack, _)) => {
                let at = packs::install(&dir, &pack)?;
                println!(
                    "已安装 / installed: {} {}（{}）→ {}",
                    pack.id(),
                    pack.info.version,
                    pack.info.hash,
                    at.display()
                );
                Ok(ExitCode::SUCCESS)
            }
        },
        PackCommand::Remove { id } => {
            packs::remove(&dir, &id)?;
            println!("已卸载 / removed: {id}");
            Ok(ExitCode::SUCCESS)
        }
        PackCommand::List => {
            let cat = load_with_packs(db)?;
            if cat.packs.is_empty() {
                println!(
                    "没有已安装的政策包 / no packs installed ({})",
                    dir.display()
                );
            }
            for p in &cat.packs {
                let dto = packs::pack_dto(&cat, p);
                let replaces = if p.replaces.is_empty() {
                    String::new()
                } else {
                    format!("  替代 / replaces {}", p.replaces.join(", "))
                };
                let demo = if p.demonstration {
                    "  [演示 / demonstration]"
                } else {
                    ""
                };
                println!(
                    "{:<24} {:<10} {}  {}  文件 / documents: {}{replaces}{demo}",
                    p.id,
                    p.version,
                    p.hash,
                    p.title,
                    dto.documents.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        PackCommand::Diff {
            path,
            remove,
            as_of,
            year,
        } => {
            let after = match (path, remove) {
                (Some(path), _) => match checked(&path, db)? {
                    Err(issues) => return Ok(print_issues(&issues, &shown_prefix(&path))),
                    Ok((_, cat)) => cat,
                },
                (None, Some(id)) => without_pack(db, &id)?,
                (None, None) => unreachable!("clap requires a path or --remove"),
            };
            diff(after, db, as_of, year)
        }
    }
}

/// The catalogue as it would be with the installed pack `id` removed.
fn without_pack(db: Option<&Path>, id: &str) -> Result<Catalogue, CliError> {
    let (installed, _) = packs::installed(&packs_dir(db));
    if !installed.iter().any(|p| p.id() == id) {
        return Err(format!("未安装政策包 {id} / no installed pack {id}").into());
    }
    let rest: Vec<_> = installed.into_iter().filter(|p| p.id() != id).collect();
    Catalogue::builtin_with_packs(&rest).map_err(|e| {
        CliError::from(format!(
            "其余政策包无法加载 / the other packs do not load:\n{e}"
        ))
    })
}

fn diff(
    after: Catalogue,
    db: Option<&Path>,
    as_of: NaiveDate,
    year: Option<i32>,
) -> Result<ExitCode, CliError> {
    let before = load_with_packs(db)?;
    let store = crate::store_cmds::open_store(db)?;
    let period = huiqi_app::period::period(&store, &as_of.to_string(), year)?;
    let firms = packs::diff(&store, &before, &after, &period)?;
    if firms.is_empty() {
        println!("没有企业的结果改变 / no saved firm's results change");
    }
    let side = |s: &Option<String>, a: &Option<String>| match (s, a) {
        (None, _) => "—".to_string(),
        (Some(s), None) => s.clone(),
        (Some(s), Some(a)) => format!("{s} {a}"),
    };
    for f in &firms {
        println!("{} {}", f.firm_id, f.firm_name);
        for c in &f.changes {
            println!(
                "  {}  {}: {} → {}",
                c.measure,
                c.title,
                side(&c.before_status, &c.before_amount),
                side(&c.after_status, &c.after_amount)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
