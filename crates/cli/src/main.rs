//! `huiqi`: the command-line tool over the same core as the desktop app, for scripted and
//! batch use (consultants assessing many firms at once).

/// `println!` for this binary and its modules (defined before them so that it shadows std's):
/// std's panics when stdout is closed early (`huiqi assess … | head -1`); this one ends the
/// process quietly instead.
macro_rules! println {
    ($($arg:tt)*) => {
        $crate::print_line(format_args!($($arg)*))
    };
}

/// `eprintln!` likewise: a message that cannot be written (stderr closed or full) is dropped
/// rather than turned into a panic.
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::print_err(format_args!($($arg)*))
    };
}

/// The allocator: an assessment makes thousands of small, short-lived allocations, which
/// mimalloc serves about a third faster than the system allocator (engine-bench, issue 18).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod batch;
mod calendar_cmd;
mod claim_cmds;
mod errors;
mod json;
mod pack_cmds;
mod period_args;
mod store_cmds;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use errors::{CliError, exit};
use huiqi_catalog::render::render_zh;
use huiqi_catalog::{AmountClass, Basis, Catalogue};
use huiqi_engine::{AssessOptions, FirmFile, Lang, Status, assess, assess_with, questions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "huiqi",
    version,
    about = "惠企政策自评与申报 — 命令行工具 / Huiqi command-line tool"
)]
struct Cli {
    /// Policy catalogue folder (default: the catalogue built into this binary).
    #[arg(long, global = true)]
    catalog: Option<PathBuf>,
    /// Database file (default: $HUIQI_DB, else the per-user data folder).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Language of `assess` (its text, and the explanations in --json) and of `questions`:
    /// zh (default) or en. Policy quotes, names without an English one and the dossier stay
    /// Chinese.
    #[arg(long, global = true, default_value = "zh", value_parser = ["zh", "en"])]
    lang: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 政策目录：列出、查看、校验 / the policy catalogue
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// 列出仍需回答的问题 / the next questions for a firm
    Questions {
        #[command(flatten)]
        source: FirmSource,
        #[arg(long)]
        measure: Option<String>,
        #[command(flatten)]
        period: period_args::PeriodArgs,
        /// Also ask the facts of expired measures, to see what the firm missed.
        #[arg(long)]
        include_expired: bool,
        #[arg(long)]
        json: bool,
    },
    /// 评估一家企业 / assess one firm against every measure
    Assess {
        #[command(flatten)]
        source: FirmSource,
        #[command(flatten)]
        period: period_args::PeriodArgs,
        #[arg(long)]
        json: bool,
    },
    /// 生成申报材料 PDF 或 Word / print the application dossier (PDF or .docx)
    Dossier {
        #[command(flatten)]
        source: FirmSource,
        #[command(flatten)]
        period: period_args::PeriodArgs,
        #[command(flatten)]
        output: DossierOutput,
    },
    /// 待办日期：政策到期、申报截止、可开始申报、草稿待提交 / what is coming for a firm
    Calendar {
        #[command(flatten)]
        source: FirmSource,
        #[command(flatten)]
        period: period_args::PeriodArgs,
        /// Also write the dates as an iCalendar file (.ics) for a calendar app.
        #[arg(long)]
        ics: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// 企业（本地数据库）/ firms in the store
    Firm {
        #[command(subcommand)]
        command: store_cmds::FirmCommand,
    },
    /// 答案（本地数据库）/ answers in the store
    Answer {
        #[command(subcommand)]
        command: store_cmds::AnswerCommand,
    },
    /// 申报记录（本地数据库）/ a firm's claims ledger in the store
    Claim {
        #[command(subcommand)]
        command: claim_cmds::ClaimCommand,
    },
    /// 数据文件：检查、备份、恢复 / the data file: check, backups, restore
    Store {
        #[command(subcommand)]
        command: store_cmds::StoreCommand,
    },
    /// 政策包：安装、列出、卸载、检查、比较 / policy packs: add, list, remove, check, diff
    Pack {
        #[command(subcommand)]
        command: pack_cmds::PackCommand,
    },
    /// 批量评估 / assess many firms (a folder of firm files, a CSV or an .xlsx sheet) into a
    /// CSV, or an .xlsx report (summary and detail sheets) when --out ends in .xlsx
    Batch {
        #[arg(long)]
        firms: PathBuf,
        #[command(flatten)]
        period: period_args::PeriodArgs,
        #[arg(long)]
        out: PathBuf,
        /// 不输出其他地区措施的行 / leave out the rows of other regions' measures
        #[arg(long)]
        skip_out_of_scope: bool,
    },
}

/// Where a firm comes from: a firm file, or the store.
#[derive(clap::Args)]
struct FirmSource {
    /// A firm file (TOML or JSON, see docs/firm-file.md).
    #[arg(long, required_unless_present = "firm_id")]
    firm: Option<PathBuf>,
    /// A firm in the store (see `huiqi firm list`) instead of a firm file.
    #[arg(long)]
    firm_id: Option<i64>,
}

#[derive(Subcommand)]
enum CatalogCommand {
    /// Documents with their status on a date; --json lists every measure too.
    List {
        #[arg(long, value_parser = parse_date)]
        as_of: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
    /// Metadata, original text and the rules of a document or a measure.
    Show { id: String },
    /// Checks a catalogue folder (like assets/) or a policy pack (folder with pack.toml, or
    /// .zip): the loader, then every golden case through the engine; prints
    /// `file:line: field: message` for each problem.
    Lint { path: Option<PathBuf> },
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, String> {
    huiqi_engine::facts::parse_date(s)
        .ok_or_else(|| format!("无效日期 / invalid date: {s} (YYYY-MM-DD)"))
}

/// The catalogue of `--catalog DIR`, else the built-in one with the packs installed beside
/// the data file.
fn load_catalog(path: Option<&Path>, db: Option<&Path>) -> Result<Catalogue, CliError> {
    match path {
        Some(p) => Catalogue::load_dir(p).map_err(|e| CliError::from(e.to_string())),
        None => pack_cmds::load_with_packs(db),
    }
}

fn read_firm(path: &Path) -> Result<FirmFile, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("无法读取 {}: {e}", path.display()))?;
    FirmFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A firm from a firm file, or from the store by id.
/// A firm from a firm file or the store, with the period it is assessed for.
type FirmInput = (
    huiqi_app::dossier::FirmProfile,
    huiqi_engine::Facts,
    huiqi_engine::Period,
);

fn load_firm_input(
    cat: &Catalogue,
    db: Option<&Path>,
    source: &FirmSource,
    period: &period_args::PeriodArgs,
) -> Result<FirmInput, CliError> {
    if let Some(id) = source.firm_id {
        let store = store_cmds::open_store(db)?;
        let (profile, facts) = huiqi_app::firm_facts::load_firm(cat, &store, id)?;
        return Ok((profile, facts, period.period(cat, None)?));
    }
    let path = source
        .firm
        .as_deref()
        .ok_or("需要 --firm 或 --firm-id / --firm or --firm-id required")?;
    let f = read_firm(path)?;
    let when = period.period(cat, Some(&f))?;
    let facts = f.facts(cat, Some(when.as_of)).map_err(|e| e.to_string())?;
    let profile = huiqi_app::dossier::FirmProfile {
        name: f.name,
        credit_code: f.credit_code,
        legal_rep: f.legal_rep,
        contact: f.contact,
        phone: f.phone,
    };
    Ok((profile, facts, when))
}

/// Writes one line to stdout. When the reader has gone (broken pipe) there is nobody left to
/// tell, so the process exits at once with status 141 (128 + SIGPIPE): what a shell reports for
/// a C filter killed by SIGPIPE, so `set -o pipefail` scripts can still tell cut-short output
/// from complete output. Rust ignores SIGPIPE, and restoring it would need `unsafe`. Any other
/// write error (a full disk, `> /dev/full`) ends the process with status 74 (EX_IOERR) and a
/// message on stderr, never a panic: the output is incomplete and the caller must know.
fn print_line(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(e) = out
        .write_fmt(args)
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(exit::BROKEN_PIPE.into());
        }
        print_err(format_args!(
            "错误 / error: 无法写入标准输出 / cannot write to standard output: {e}"
        ));
        std::process::exit(exit::OUTPUT.into());
    }
}

/// Writes one line to stderr; if even that fails there is no one to tell.
fn print_err(args: std::fmt::Arguments) {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

fn main() -> ExitCode {
    // `--json` anywhere asks for machine-readable output, errors included.
    let json = std::env::args_os().any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            report(&e, json);
            ExitCode::from(e.exit)
        }
    }
}

/// clap's own messages (help, version, bad arguments), written without panicking.
fn usage_error(e: clap::Error) -> ExitCode {
    use std::io::Write;
    let text = e.render().to_string();
    let written = if e.use_stderr() {
        std::io::stderr().write_all(text.as_bytes())
    } else {
        std::io::stdout().write_all(text.as_bytes())
    };
    match (written, e.exit_code()) {
        (Err(_), 0) => ExitCode::from(exit::OUTPUT),
        (_, code) => ExitCode::from(u8::try_from(code).unwrap_or(exit::INPUT)),
    }
}

fn report(e: &CliError, json: bool) {
    if json {
        eprintln!("{}", e.to_json());
        return;
    }
    if e.zh == e.en {
        eprintln!("错误 / error: {}", e.zh);
    } else {
        eprintln!("错误 / error: {} / {}", e.zh, e.en);
    }
    if let Some((zh, en)) = e.hint.as_deref() {
        eprintln!("{zh}\n{en}");
    }
}

impl Cli {
    fn language(&self) -> Lang {
        if self.lang == "en" {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}

/// What `huiqi dossier` writes and how.
#[derive(clap::Args)]
struct DossierOutput {
    /// Output file; with --split, one file per part named `<stem>-<part>.<ext>`.
    #[arg(long)]
    out: PathBuf,
    /// Measures to include (comma-separated ids); default: every claimable money measure.
    #[arg(long, value_delimiter = ',')]
    measures: Option<Vec<String>>,
    /// Append the measures not eligible or undecided, with reasons.
    #[arg(long)]
    appendix: bool,
    /// pdf or docx; default: from the --out extension (.docx), else pdf.
    #[arg(long, value_parser = ["pdf", "docx"])]
    format: Option<String>,
    /// compact (小四 body) or official (GB/T 9704: 三号 body, 22 × 28).
    #[arg(long, default_value = "compact", value_parser = ["compact", "official"])]
    setting: String,
    /// whole (one dossier), document (one per policy document) or department (one per
    /// 受理部门).
    #[arg(long, default_value = "whole")]
    split: huiqi_app::dossier::Split,
}

fn run(cli: Cli) -> Result<ExitCode, CliError> {
    if let Command::Catalog {
        command: CatalogCommand::Lint { path },
    } = &cli.command
    {
        let root = path.clone().unwrap_or_else(|| PathBuf::from("assets"));
        return pack_cmds::lint(&root, cli.db.as_deref());
    }
    if let Command::Pack { command } = cli.command {
        return pack_cmds::run(cli.db.as_deref(), command);
    }
    if let Command::Store { command } = cli.command {
        // Needs no catalogue, and must work on a file `open` refuses.
        return store_cmds::store(cli.db.as_deref(), command);
    }
    let cat = load_catalog(cli.catalog.as_deref(), cli.db.as_deref())?;
    let lang = cli.language();
    match cli.command {
        Command::Catalog {
            command: CatalogCommand::List { as_of, json },
        } => catalog_list(&cat, as_of, json),
        Command::Catalog {
            command: CatalogCommand::Show { id },
        } => catalog_show(&cat, &id)?,
        Command::Catalog {
            command: CatalogCommand::Lint { .. },
        }
        | Command::Pack { .. } => unreachable!("handled above"),
        Command::Questions {
            source,
            measure,
            period,
            include_expired,
            json,
        } => {
            let input = load_firm_input(&cat, cli.db.as_deref(), &source, &period)?;
            let output = (json, lang);
            questions_cmd(&cat, input, (measure, include_expired), output)?;
        }
        Command::Assess {
            source,
            period,
            json,
        } => {
            let (profile, facts, period) =
                load_firm_input(&cat, cli.db.as_deref(), &source, &period)?;
            let a = assess_with(&cat, &facts, period, None, AssessOptions::full_in(lang));
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&json::assessment(&cat, &profile.name, &a))
                        .unwrap()
                );
            } else {
                print_assessment(&cat, &profile.name, &a, lang);
            }
        }
        Command::Calendar {
            source,
            period,
            ics,
            json,
        } => {
            let (profile, facts, period) =
                load_firm_input(&cat, cli.db.as_deref(), &source, &period)?;
            calendar_cmd::calendar(&cat, &profile.name, &facts, period, ics.as_deref(), json)?;
        }
        Command::Dossier {
            source,
            period,
            output,
        } => {
            let input = load_firm_input(&cat, cli.db.as_deref(), &source, &period)?;
            dossier_cmd(&cat, input, output)?;
        }
        Command::Firm { command } => return store_cmds::firm(&cat, cli.db.as_deref(), command),
        Command::Answer { command } => return store_cmds::answer(&cat, cli.db.as_deref(), command),
        Command::Claim { command } => {
            return claim_cmds::run(&cat, cli.db.as_deref(), command);
        }
        Command::Store { .. } => unreachable!("handled above"),
        Command::Batch {
            firms,
            period,
            out,
            skip_out_of_scope,
        } => {
            let year_given = period.year.is_some();
            let period = period.period(&cat, None)?;
            let job = batch::Job {
                cat: &cat,
                period: &period,
                year_given,
                skip_out_of_scope,
            };
            return Ok(batch::run(&job, &firms, &out)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `huiqi questions`: the questions still open for the firm (for one measure, when named).
fn questions_cmd(
    cat: &Catalogue,
    (_, facts, period): FirmInput,
    (measure, include_expired): (Option<String>, bool),
    (json, lang): (bool, Lang),
) -> Result<(), CliError> {
    if let Some(m) = &measure
        && cat.measure(m).is_none()
    {
        return Err(format!("未知措施 / unknown measure: {m}").into());
    }
    let only = measure.map(|m| vec![m]);
    let qs = if include_expired {
        huiqi_engine::questions::questions_including_expired(cat, &facts, period, only.as_deref())
    } else {
        questions(cat, &facts, period, only.as_deref())
    };
    print_questions(&qs, json, lang);
    Ok(())
}

/// `huiqi dossier`: the firm's dossier (or one per part) as PDF or Word.
fn dossier_cmd(
    cat: &Catalogue,
    (profile, facts, period): FirmInput,
    output: DossierOutput,
) -> Result<(), CliError> {
    let a = assess(cat, &facts, period, None);
    let attachments = Default::default();
    let req = huiqi_app::dossier::DossierRequest {
        profile: &profile,
        facts: &facts,
        assessment: &a,
        measures: output.measures.as_deref(),
        appendix: output.appendix,
        attachments: &attachments,
    };
    let models = huiqi_app::dossier::build_models(cat, &req, output.split)?;
    if models.iter().all(|(_, m)| m.measures.is_empty()) {
        return Err(
            "没有可申报的措施（可用 --measures 指定） / no claimable measure to include".into(),
        );
    }
    let docx = match output.format.as_deref() {
        Some(f) => f == "docx",
        None => output
            .out
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("docx")),
    };
    let opts = huiqi_dossier::RenderOptions {
        include_appendix: output.appendix,
        setting: if output.setting == "official" {
            huiqi_dossier::Setting::Official
        } else {
            huiqi_dossier::Setting::Compact
        },
    };
    Ok(write_dossier(&models, &output.out, docx, &opts)?)
}

fn print_questions(qs: &[huiqi_engine::Question], json: bool, lang: Lang) {
    if json {
        println!("{}", serde_json::to_string_pretty(&qs).unwrap());
    } else if qs.is_empty() {
        println!("没有需要回答的问题 / nothing left to ask");
    } else {
        // English where the catalogue has it, else the Chinese.
        let text = |zh: &str, en: Option<&str>| match (lang, en) {
            (Lang::En, Some(en)) => en.to_string(),
            _ => zh.to_string(),
        };
        for (n, q) in qs.iter().enumerate() {
            let item = q
                .item
                .as_ref()
                .map(|(_, id)| format!("〔{id}〕"))
                .unwrap_or_default();
            let unit = q
                .unit
                .as_ref()
                .map(|u| pick(lang, format!("（{u}）"), format!(" ({u})")))
                .unwrap_or_default();
            let label = text(&q.label, q.label_en.as_deref());
            println!("{:>3}. {item}{label}{unit}  [{}]", n + 1, q.fact);
            if !q.choices.is_empty() {
                let cs: Vec<String> = q
                    .choices
                    .iter()
                    .map(|c| format!("{}={}", c.value, text(&c.label, c.label_en.as_deref())))
                    .collect();
                let cs = cs.join(lang.pick("；", "; "));
                println!(
                    "     {}",
                    pick(lang, format!("可选：{cs}"), format!("choices: {cs}"))
                );
            }
            let ms = q.measures.join(", ");
            println!(
                "     {}",
                pick(lang, format!("影响：{ms}"), format!("decides: {ms}"))
            );
        }
    }
}

/// Renders every part of a dossier, then writes them (each atomically) and says what was
/// written.
fn write_dossier(
    models: &[(Option<String>, huiqi_dossier::DossierModel)],
    out: &Path,
    docx: bool,
    opts: &huiqi_dossier::RenderOptions,
) -> Result<(), String> {
    // Render every part before writing any, so a failure leaves no partial set.
    let mut files = Vec::new();
    for (part, model) in models {
        let path = part_path(out, part.as_deref(), docx);
        let (bytes, pages) = if docx {
            let b = huiqi_dossier::render_docx(model, opts).map_err(|e| e.to_string())?;
            (b, None)
        } else {
            let r = huiqi_dossier::render(model, opts).map_err(|e| e.to_string())?;
            (r.bytes, Some(r.page_count))
        };
        files.push((path, bytes, pages, model.measures.len()));
    }
    for (path, bytes, pages, n) in files {
        huiqi_app::dossier::write_atomic(&path, &bytes)
            .map_err(|e| format!("无法写入 / cannot write {}: {e}", path.display()))?;
        match pages {
            Some(p) => {
                println!("已生成 / written: {} ({p} 页, {n} 项措施)", path.display())
            }
            None => println!("已生成 / written: {} ({n} 项措施)", path.display()),
        }
    }
    Ok(())
}

/// The file for one part of a split dossier: `out` itself for the whole firm, else
/// `<stem>-<part>.<ext>` beside it; the extension follows the format.
fn part_path(out: &Path, part: Option<&str>, docx: bool) -> PathBuf {
    let ext = if docx { "docx" } else { "pdf" };
    let Some(part) = part else {
        return out.to_path_buf();
    };
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dossier".into());
    let safe: String = part
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    out.with_file_name(format!("{stem}-{safe}.{ext}"))
}

fn doc_status(cat: &Catalogue, key: &str, as_of: NaiveDate) -> &'static str {
    let d = &cat.document(key).unwrap().doc;
    if d.effective.date.is_some_and(|s| as_of < s) {
        "尚未生效"
    } else if d.expires.date.is_some_and(|e| as_of > e) {
        "已失效"
    } else if d.expires.date.is_none() {
        "有效（未规定有效期）"
    } else {
        "有效"
    }
}

fn catalog_list(cat: &Catalogue, as_of: Option<NaiveDate>, as_json: bool) {
    if as_json {
        let docs: Vec<_> = cat
            .documents
            .iter()
            .map(|d| {
                let measures: Vec<_> = d
                    .measures
                    .iter()
                    .filter_map(|id| cat.measure(id))
                    .map(|m| {
                        serde_json::json!({
                            "id": m.id(), "clause": m.clause, "title": m.title,
                            "quotes": m.quotes.iter().map(|q| q.get_ref()).collect::<Vec<_>>(),
                            "amount_class": format!("{:?}", m.amount_class),
                            "per_item": m.per_item,
                        })
                    })
                    .collect();
                serde_json::json!({
                    "key": d.doc.key, "title": d.doc.title, "issuer": d.doc.issuer, "number": d.doc.number,
                    "regions": d.doc.regions,
                    "issued": d.doc.issued.date, "effective": d.doc.effective.date, "expires": d.doc.expires.date,
                    "status": as_of.map(|a| doc_status(cat, &d.doc.key, a)),
                    "clauses": d.clauses.len(), "non_enterprise": d.doc.non_enterprise.len(),
                    "pending": d.doc.pending.len(),
                    "pack": d.pack.as_ref().map(|p| &p.id),
                    "measures": measures,
                })
            })
            .collect();
        let v = serde_json::json!({"catalog_version": cat.version(), "as_of": as_of, "documents": docs});
        println!("{}", serde_json::to_string_pretty(&v).unwrap());
        return;
    }
    println!("政策目录版本 / catalogue version: {}", cat.version());
    for d in &cat.documents {
        let status = as_of
            .map(|a| format!("  [{}]", doc_status(cat, &d.doc.key, a)))
            .unwrap_or_default();
        let pending = match d.doc.pending.len() {
            0 => String::new(),
            n => format!("  未编码 / not yet encoded: {n} 条"),
        };
        let pack = d
            .pack
            .as_ref()
            .map(|p| format!("  [政策包 / pack {} {}]", p.id, p.version))
            .unwrap_or_default();
        println!(
            "{:<32} {} 项措施  {}{}{pending}{pack}",
            d.doc.key,
            d.measures.len(),
            d.doc.short_title.as_deref().unwrap_or(&d.doc.title),
            status
        );
    }
}

fn basis_zh(b: Basis) -> &'static str {
    match b {
        Basis::Stated => "原文明示",
        Basis::Inferred => "推定",
        Basis::NotStated => "未规定",
    }
}

fn class_zh(c: AmountClass) -> &'static str {
    match c {
        AmountClass::Exact => "确定金额",
        AmountClass::Maximum => "按公式计算的最高额",
        AmountClass::CapOnly => "仅规定上限",
        AmountClass::Unquantified => "未规定金额",
        AmountClass::NonMonetary => "非资金支持",
    }
}

fn catalog_show(cat: &Catalogue, id: &str) -> Result<(), String> {
    if let Some(d) = cat.document(id) {
        let doc = &d.doc;
        println!("{}", doc.title);
        println!(
            "发文机关：{}",
            doc.issuer.as_deref().unwrap_or("（原文未载明）")
        );
        println!(
            "文号：{}",
            doc.number.as_deref().unwrap_or("（原文未载明）")
        );
        for (name, v) in [
            ("印发日期", &doc.issued),
            ("施行日期", &doc.effective),
            ("失效日期", &doc.expires),
        ] {
            let date = v.date.map(|d| d.to_string()).unwrap_or_else(|| "—".into());
            let why = v.quote.as_deref().or(v.rule.as_deref()).unwrap_or("");
            println!("{name}：{date}（{}）{why}", basis_zh(v.basis));
        }
        let regions: Vec<String> = doc
            .regions
            .iter()
            .map(|c| cat.regions.full_name(c).unwrap_or_else(|| c.clone()))
            .collect();
        println!("适用地区：{}", regions.join("、"));
        for defect in &doc.defects {
            println!("原文缺陷：{}", defect.text);
        }
        println!("\n措施：");
        for m in d.measures.iter().filter_map(|id| cat.measure(id)) {
            println!(
                "  {}  第{}条  {}  [{}]",
                m.id(),
                m.clause,
                m.title,
                class_zh(m.amount_class)
            );
        }
        println!("\n不涉及企业申报的条款：");
        for n in &doc.non_enterprise {
            println!("  第{}条：{}", n.clause.get_ref(), n.reason);
        }
        println!("\n—— 原文 ——\n{}", d.source_text);
        return Ok(());
    }
    let m = cat
        .measure(id)
        .ok_or_else(|| format!("未找到文件或措施 / no document or measure: {id}"))?;
    let d = cat.document_of(m);
    println!("{}  {}", m.id(), m.title);
    println!(
        "政策依据：{}{} 第{}条",
        d.doc.title,
        d.doc
            .number
            .as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default(),
        m.clause
    );
    for q in &m.quotes {
        println!("  “{}”", q.get_ref());
    }
    println!("适用对象：{}", m.beneficiary);
    if let Some(s) = &m.scope_expr {
        println!("适用范围：{}", render_zh(cat, s));
    }
    if let Some(w) = &m.when_expr {
        println!("申报条件：{}", render_zh(cat, w));
    }
    if let Some(kind) = &m.per_item {
        println!(
            "计算单位：按每个{}分别计算",
            cat.item_kind(kind)
                .map(|k| k.label.as_str())
                .unwrap_or(kind)
        );
    }
    let rule = huiqi_catalog::render::amount_rule_zh(cat, m);
    println!(
        "金额（{}）：{}",
        class_zh(m.amount_class),
        if rule.is_empty() { "—" } else { &rule }
    );
    if !m.evidence.is_empty() {
        println!("申报材料：{}", m.evidence.join("、"));
    }
    if !m.departments.is_empty() {
        println!("责任单位：{}", m.departments.join("、"));
    }
    for n in &m.notes {
        println!("口径（{}）：{} 理由：{}", n.topic, n.reading, n.why);
    }
    Ok(())
}

/// The one of two texts for `lang` (the CLI prints a line at a time; both are cheap).
fn pick(lang: Lang, zh: String, en: String) -> String {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

fn print_assessment(cat: &Catalogue, firm: &str, a: &huiqi_engine::Assessment, lang: Lang) {
    let money = |v| huiqi_engine::text::yuan(lang, v);
    let (as_of, year, version) = (a.as_of, a.year, &a.catalog_version);
    println!(
        "{}",
        pick(
            lang,
            format!("{firm} — 评估日 {as_of}，申报年度 {year}，政策目录版本 {version}"),
            format!("{firm} — assessed on {as_of}, support year {year}, catalogue {version}"),
        )
    );
    for o in &a.overrides {
        let (doc, how) = (&o.document, o.describe(lang));
        println!(
            "{}",
            pick(
                lang,
                format!("有效期设置：{doc}（{how}）"),
                format!("Validity set: {doc} ({how})")
            )
        );
    }
    let groups = [
        (Status::Eligible, "符合条件", "Eligible"),
        (
            Status::Accruing,
            "累计中（年度结束后方可申报，不计入合计）",
            "Accruing (claimable once the year has ended; not in the totals)",
        ),
        (Status::Undecided, "尚需补充信息", "More facts needed"),
        (Status::NotEligible, "不符合条件", "Not eligible"),
        (
            Status::AlreadyReceived,
            "已申报或已享受",
            "Already claimed or received",
        ),
        (
            Status::OtherYear,
            "属其他申报年度",
            "Belongs to another support year",
        ),
        (Status::Expired, "政策已过期", "Policy expired"),
    ];
    for (status, zh, en) in groups {
        let list: Vec<_> = a.outcomes.iter().filter(|o| o.status == status).collect();
        if list.is_empty() {
            continue;
        }
        let (heading, n) = (lang.pick(zh, en), list.len());
        println!(
            "\n{}",
            pick(
                lang,
                format!("【{heading}】{n} 项"),
                format!("[{heading}] {n}")
            )
        );
        for o in list {
            print_outcome(cat, o, lang, &money);
        }
    }
    let out_of_scope = a
        .outcomes
        .iter()
        .filter(|o| matches!(o.status, Status::OutOfScope | Status::NotYetEffective))
        .count();
    println!(
        "\n{}",
        pick(
            lang,
            format!("不适用（地区、行业或尚未生效）：{out_of_scope} 项"),
            format!("Not applicable (region, sector or not yet in force): {out_of_scope}"),
        )
    );
    let t = &a.totals;
    let (exact, upper) = (money(t.exact), money(t.upper_bound));
    let (accruing, received, would) = (
        money(t.accruing),
        money(t.received),
        money(t.would_have_paid),
    );
    println!(
        "{}",
        pick(
            lang,
            format!("合计（{year} 年度尚可申报）：确定金额 {exact}；可能的最高总额 {upper}"),
            format!("Totals (still claimable for {year}): exact {exact}; at most {upper}"),
        )
    );
    println!(
        "{}",
        pick(
            lang,
            format!(
                "另：累计中 {accruing}；本年度已申报或已享受 {received}；已过期措施本可获得 {would}"
            ),
            format!(
                "Besides: accruing {accruing}; claimed or received this year {received}; expired measures would have paid {would}"
            ),
        )
    );
}

/// One outcome's line: measure, title, amount and when it can be claimed, then why not and
/// what is still to answer.
fn print_outcome(
    cat: &Catalogue,
    o: &huiqi_engine::Outcome,
    lang: Lang,
    money: &dyn Fn(rust_decimal::Decimal) -> String,
) {
    let status = o.status;
    let amount = match (o.amount, o.class, o.would_have_paid) {
        (Some(v), AmountClass::Exact, _) => money(v),
        (Some(v), _, _) => pick(
            lang,
            format!("最高 {}", money(v)),
            format!("up to {}", money(v)),
        ),
        (None, _, Some(w)) => pick(
            lang,
            format!("原可获 {}", money(w)),
            format!("would have paid {}", money(w)),
        ),
        (None, AmountClass::NonMonetary, _) => lang.pick("非资金支持", "support in kind").into(),
        (None, _, _) if status == Status::Eligible => lang
            .pick(
                "金额以主管部门核定为准",
                "amount set by the competent department",
            )
            .into(),
        (None, _, _) => String::new(),
    };
    let dropped = o
        .dropped
        .as_ref()
        .map(|d| {
            let kept = &d.kept;
            pick(
                lang,
                format!("（不重复享受：{kept}）"),
                format!(" (not with {kept})"),
            )
        })
        .unwrap_or_default();
    let when = match (o.claimable_from, o.late_claim_until, o.year) {
        (Some(d), _, _) => pick(
            lang,
            format!("（{d} 起可申报）"),
            format!(" (claimable from {d})"),
        ),
        (_, Some(d), _) => pick(
            lang,
            format!("（政策已到期，{d} 前可申报）"),
            format!(" (policy expired; claim by {d})"),
        ),
        (_, _, Some(y)) if status == Status::OtherYear => pick(
            lang,
            format!("（属 {y} 年度）"),
            format!(" (support year {y})"),
        ),
        _ => String::new(),
    };
    let title = match lang {
        Lang::En => cat
            .measure(o.measure)
            .and_then(|m| m.title_en.as_deref())
            .unwrap_or(o.title),
        Lang::Zh => o.title,
    };
    println!("  {:<28} {title}  {amount}{dropped}{when}", o.measure);
    for f in o.failed.iter() {
        println!("      ✗ {f}");
    }
    if status != Status::Undecided {
        return;
    }
    let names: Vec<String> = o
        .missing
        .iter()
        .map(|f| huiqi_catalog::render::fact_label_in(cat, f, lang))
        .collect();
    if !names.is_empty() {
        let names = names.join(lang.pick("、", ", "));
        println!(
            "      ? {}",
            pick(
                lang,
                format!("待回答：{names}"),
                format!("to answer: {names}")
            )
        );
    }
    for k in &o.missing_items {
        let kind = huiqi_catalog::render::item_kind_label_in(cat, k, lang);
        println!(
            "      ? {}",
            pick(lang, format!("待添加：{kind}"), format!("to add: {kind}"))
        );
    }
}

/// Rejects a value its question would reject, with the question's own message.
pub(crate) fn validate_fact(cat: &Catalogue, fact: &str, value: &str) -> Result<(), String> {
    huiqi_app::firm_facts::validate_answer(cat, fact, value, None).map_err(|e| e.to_string())
}
