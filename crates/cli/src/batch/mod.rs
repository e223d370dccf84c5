//! `huiqi batch`: many firms at once. Input is a folder of firm files, a CSV or an `.xlsx`
//! sheet (one firm per row: `name` and firm-level fact ids as headers); output a CSV or an
//! `.xlsx` report. A bad file or row is reported with its line and skipped; the rest still run.
//! Exit code 0 when all ran, 3 when some were skipped.
//!
//! Firms stream through: the main thread reads a round of firms, worker threads assess its
//! parts while the main thread writes the previous round, so memory holds at most two rounds
//! whatever the number of firms, and the output is in input order whatever the number of
//! threads.

mod input;
mod report;

use huiqi_catalog::Catalogue;
use huiqi_engine::{Period, assess_lean};
use input::LoadedFirm;
use report::{Format, Options, Part, Report};
use std::path::Path;
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, Sender};

/// What every firm of a batch is assessed against.
pub struct Job<'a> {
    pub cat: &'a Catalogue,
    pub period: &'a Period,
    /// Whether `--year` was given; when not, each firm file's own `year` is used.
    pub year_given: bool,
    pub skip_out_of_scope: bool,
}

/// Firms per thread and round: enough that starting threads costs little, few enough that
/// the rows held in memory stay small (about 26 KB per firm with the built-in catalogue).
const FIRMS_PER_PART: usize = 32;
/// More threads would mostly hold more rows in memory.
const MAX_THREADS: usize = 8;

#[derive(Default)]
struct Counts {
    assessed: usize,
    skipped: usize,
}

pub fn run(job: &Job, firms: &Path, out: &Path) -> Result<ExitCode, String> {
    let options = Options {
        format: Format::of(out),
        skip_out_of_scope: job.skip_out_of_scope,
    };
    let counts = input::with_firms(firms, |firms| {
        let mut report = report::create(out, options.format)?;
        let counts = assess_all(job, options, firms, report.as_mut())?;
        report.finish()?;
        Ok(counts)
    })?;
    let Counts { assessed, skipped } = counts;
    eprintln!(
        "{assessed} 家企业已评估，{skipped} 家跳过 / {assessed} assessed, {skipped} skipped → {}",
        out.display()
    );
    Ok(if skipped == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(3)
    })
}

/// Assesses the firms in rounds of one part per worker and writes each part in input order.
/// The workers live as long as the batch: a thread started per part left its allocator's
/// memory behind, so the peak grew with the number of firms.
fn assess_all(
    job: &Job,
    options: Options,
    firms: &mut dyn Iterator<Item = LoadedFirm>,
    report: &mut dyn Report,
) -> Result<Counts, String> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(MAX_THREADS));
    let mut counts = Counts::default();
    std::thread::scope(|scope| {
        // Each worker takes parts in order and returns them assessed in the same order.
        let workers: Vec<(Sender<Vec<LoadedFirm>>, Receiver<Part>)> = (0..threads)
            .map(|_| {
                let (to_worker, parts) = mpsc::channel::<Vec<LoadedFirm>>();
                let (done, from_worker) = mpsc::channel();
                scope.spawn(move || {
                    for firms in parts {
                        if done.send(assess_part(job, options, firms)).is_err() {
                            return;
                        }
                    }
                });
                (to_worker, from_worker)
            })
            .collect();
        let mut in_flight = 0;
        loop {
            let round = next_round(firms, threads);
            let sent = round.len();
            for (part, (to_worker, _)) in round.into_iter().zip(&workers) {
                to_worker
                    .send(part)
                    .map_err(|_| "评估线程已退出 / an assessment thread stopped".to_string())?;
            }
            // The previous round is written while this one is assessed.
            for (_, from_worker) in workers.iter().take(in_flight) {
                // A worker that panicked has dropped its sender; the scope re-raises its panic.
                let part = from_worker
                    .recv()
                    .map_err(|_| "评估线程已退出 / an assessment thread stopped".to_string())?;
                for message in &part.skipped {
                    eprintln!("{message}");
                }
                counts.skipped += part.skipped.len();
                counts.assessed += part.summaries.len();
                report.write(part)?;
            }
            if sent == 0 {
                return Ok(counts);
            }
            in_flight = sent;
        }
    })
}

/// Up to `parts` parts of consecutive firms; none when the input is done.
fn next_round(firms: &mut dyn Iterator<Item = LoadedFirm>, parts: usize) -> Vec<Vec<LoadedFirm>> {
    (0..parts)
        .map(|_| firms.take(FIRMS_PER_PART).collect::<Vec<_>>())
        .take_while(|part| !part.is_empty())
        .collect()
}

fn assess_part(job: &Job, options: Options, firms: Vec<LoadedFirm>) -> Part {
    let mut part = Part::new(options);
    for (source, firm) in firms {
        if let Err(e) = assess_firm(job, &mut part, &source, firm) {
            let e = e.replace('\n', "; ");
            part.skipped.push(format!("跳过 / skipped {source}: {e}"));
        }
    }
    part
}

fn assess_firm(
    job: &Job,
    part: &mut Part,
    source: &str,
    firm: Result<huiqi_engine::FirmFile, String>,
) -> Result<(), String> {
    let firm = firm?;
    let period = crate::period_args::for_firm(job.period, job.year_given, job.cat, &firm)?;
    let facts = firm
        .facts(job.cat, Some(period.as_of))
        .map_err(|e| e.to_string())?;
    // The report has no trace, hints or calculation: decide without explaining.
    let a = assess_lean(job.cat, &facts, period);
    part.push(&firm.name, source, &a);
    Ok(())
}
