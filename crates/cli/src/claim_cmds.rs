//! `huiqi --db PATH claim …`: a firm's claims ledger from the command line.

use clap::Subcommand;
use huiqi_app::claims::{claim_dto, claim_fields, parse_claim_date};
use huiqi_app::dto::ClaimInputDto;
use huiqi_catalog::Catalogue;
use huiqi_store::{ClaimRevision, ClaimSource, ClaimState, StoreError};
use std::path::Path;
use std::process::ExitCode;

use crate::store_cmds::open_store;

#[derive(Subcommand)]
pub enum ClaimCommand {
    /// Record a claim made or an award received (prints its id).
    Add {
        firm: i64,
        /// The measure id (`huiqi catalog show`).
        #[arg(long)]
        measure: String,
        /// The support year (申报年度).
        #[arg(long)]
        year: i32,
        /// As typed, with a unit: 300万, 3,000,000元 (a negative one is refused).
        #[arg(long, allow_hyphen_values = true)]
        amount: Option<String>,
        /// The item (project, route…) it is for.
        #[arg(long)]
        item: Option<String>,
        /// draft, submitted (default), approved, paid, rejected, or 草稿/已申报/已批准/已拨付/未通过.
        #[arg(long, value_parser = parse_state, default_value = "submitted")]
        state: ClaimState,
        /// 文号 / 受理编号.
        #[arg(long = "ref")]
        reference: Option<String>,
        /// The date of that state (submitted, decided or paid on).
        #[arg(long)]
        on: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// The firm's claims, newest support year first.
    List {
        firm: i64,
        #[arg(long)]
        year: Option<i32>,
        #[arg(long)]
        json: bool,
    },
    /// Move a claim on: submitted → approved / paid / rejected, approved → paid.
    SetState {
        claim: i64,
        #[arg(value_parser = parse_state)]
        state: ClaimState,
        #[arg(long)]
        on: Option<String>,
        #[arg(long = "ref")]
        reference: Option<String>,
    },
    /// Every change of one claim, oldest first.
    History { claim: i64 },
    /// Undo the last change of a claim (undoing its creation takes it off the ledger).
    Undo { claim: i64 },
    /// Take a claim off the ledger (its history stays; `undo` brings it back).
    Remove { claim: i64 },
}

fn parse_state(s: &str) -> Result<ClaimState, String> {
    ClaimState::parse(s).ok_or_else(|| {
        format!(
            "未知状态“{s}”，可选 draft、submitted、approved、paid、rejected（或 草稿、已申报、已批准、已拨付、未通过） / unknown state {s}"
        )
    })
}

fn opt(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or("—")
}

fn revision_line(r: &ClaimRevision) -> String {
    let f = &r.fields;
    let removed = if r.removed {
        "（已移除 / removed）"
    } else {
        ""
    };
    format!(
        "#{}\t{}\t{:?}\t{} {}\t{}\t{}{removed}",
        r.seq,
        r.at,
        r.source,
        f.state.label_zh(),
        f.state,
        opt(&f.amount),
        opt(&f.reference)
    )
}

pub fn run(
    cat: &Catalogue,
    db: Option<&Path>,
    cmd: ClaimCommand,
) -> Result<ExitCode, crate::errors::CliError> {
    let mut store = open_store(db)?;
    let err = |e: StoreError| e.to_string();
    match cmd {
        ClaimCommand::Add {
            firm,
            measure,
            year,
            amount,
            item,
            state,
            reference,
            on,
            note,
        } => {
            let input = ClaimInputDto {
                measure,
                item,
                year,
                amount,
                reference,
                note,
                ..ClaimInputDto::default()
            };
            let mut fields = claim_fields(cat, &input)?;
            fields.state = state;
            if let Some(on) = on {
                let day = parse_claim_date("日期", &on)?;
                if let Some(slot) = fields.date_of_mut(state) {
                    *slot = Some(day);
                }
            }
            let c = store
                .add_claim(firm, &fields, ClaimSource::Typed)
                .map_err(err)?;
            println!("{}", c.id);
        }
        ClaimCommand::List { firm, year, json } => {
            let claims: Vec<_> = store
                .claims(firm)
                .map_err(err)?
                .into_iter()
                .filter(|c| year.is_none_or(|y| c.fields.year == y))
                .collect();
            if json {
                let dtos: Vec<_> = claims.iter().map(|c| claim_dto(cat, c)).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&dtos).map_err(|e| e.to_string())?
                );
                return Ok(ExitCode::SUCCESS);
            }
            for c in claims {
                let d = claim_dto(cat, &c);
                println!(
                    "{}\t{}\t{}\t{}\t{} {}\t{}\t{}",
                    d.id,
                    d.year,
                    d.measure,
                    opt(&d.item),
                    c.fields.state.label_zh(),
                    c.fields.state,
                    opt(&d.amount_display),
                    opt(&d.reference)
                );
            }
        }
        ClaimCommand::SetState {
            claim,
            state,
            on,
            reference,
        } => {
            let on = on.map(|d| parse_claim_date("日期", &d)).transpose()?;
            let r = store
                .set_claim_state(claim, state, on.as_deref(), reference.as_deref())
                .map_err(err)?;
            println!(
                "已更新 / updated: #{claim} {} ({})",
                r.fields.state.label_zh(),
                r.fields.state
            );
        }
        ClaimCommand::History { claim } => {
            for r in store.claim_history(claim).map_err(err)? {
                println!("{}", revision_line(&r));
            }
        }
        ClaimCommand::Undo { claim } => match store.undo_claim(claim).map_err(err)? {
            Some(r) => println!("已撤销 / undone: {}", revision_line(&r)),
            None => println!("没有可撤销的修改 / nothing to undo"),
        },
        ClaimCommand::Remove { claim } => {
            store.remove_claim(claim).map_err(err)?;
            println!("已移除 / removed: #{claim}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
