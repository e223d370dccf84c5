//! Size and time of a 50-page dossier as PDF, as Word (.docx) and as the SVG preview,
//! against the targets (warm render ≤ 100 ms for PDF and for DOCX, PDF < 1 MB). Run with
//! `cargo run --release -p huiqi-dossier --features sample --bin dossier-bench`.

use std::time::{Duration, Instant};

use huiqi_dossier::{
    DossierModel, RenderOptions, render, render_docx, render_svg_pages, sample_model_with_measures,
};

const PAGES: usize = 50;
const RUNS: usize = 10;
const TARGET: Duration = Duration::from_millis(100);
const PDF_MAX_BYTES: usize = 1 << 20;

/// The sample with enough measures for at least `PAGES` pages.
fn model_of_pages(opts: &RenderOptions) -> (DossierModel, usize) {
    for n in 1.. {
        let m = sample_model_with_measures(n);
        let pages = render(&m, opts).expect("render").page_count;
        if pages >= PAGES {
            return (m, pages);
        }
    }
    unreachable!()
}

/// This process's CPU time (user + system) in clock ticks of 10 ms, on Linux: on a shared
/// machine the wall-clock time also counts the other processes' turns.
fn cpu_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let rest = stat.rsplit_once(") ")?.1;
    let f: Vec<&str> = rest.split_whitespace().collect();
    Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
}

/// Median, min and max of `RUNS` timed calls, and the mean CPU time per call; every
/// result must equal the first.
fn time<T: PartialEq + std::fmt::Debug>(
    f: impl Fn() -> T,
) -> (Duration, Duration, Duration, Option<Duration>) {
    let first = f();
    let cpu_before = cpu_ticks();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let t = Instant::now();
            let r = f();
            let e = t.elapsed();
            assert!(r == first, "renders differ");
            e
        })
        .collect();
    let cpu = cpu_before
        .zip(cpu_ticks())
        .map(|(a, b)| Duration::from_millis((b - a) * 10 / RUNS as u64));
    times.sort();
    (times[RUNS / 2], times[0], times[RUNS - 1], cpu)
}

fn cpu(d: Option<Duration>) -> String {
    d.map_or_else(|| "n/a".to_string(), |d| format!("{d:?}"))
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "OVER TARGET" }
}

fn main() {
    let opts = RenderOptions::default();
    // The first render also parses the two bundled fonts (once per process).
    let t = Instant::now();
    let (model, pages) = model_of_pages(&opts);
    let setup = t.elapsed();
    let pdf = render(&model, &opts).expect("render");
    let docx = render_docx(&model, &opts).expect("render_docx");

    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/dossier");
    std::fs::create_dir_all(&out).expect("artifacts dir");
    std::fs::write(out.join("bench-50-pages.pdf"), &pdf.bytes).expect("write pdf");
    std::fs::write(out.join("bench-50-pages.docx"), &docx).expect("write docx");

    let (pdf_med, pdf_min, pdf_max, pdf_cpu) =
        time(|| render(&model, &opts).expect("render").bytes);
    let (docx_med, docx_min, docx_max, docx_cpu) =
        time(|| render_docx(&model, &opts).expect("docx"));
    let (svg_med, svg_min, svg_max, _) = time(|| render_svg_pages(&model, &opts).expect("svg"));

    println!(
        "{} measures, {pages} pages (found in {setup:?}, incl. font parse); CPU time is the \
         mean of user + system time per render (Linux), unaffected by other processes",
        model.measures.len()
    );
    println!(
        "PDF : {} bytes ({} KiB, target < 1024 KiB: {}); warm median {pdf_med:?} \
         (min {pdf_min:?}, max {pdf_max:?}, CPU {} per render) over {RUNS} runs, \
         target ≤ 100 ms: {}",
        pdf.bytes.len(),
        pdf.bytes.len() / 1024,
        verdict(pdf.bytes.len() < PDF_MAX_BYTES),
        cpu(pdf_cpu),
        verdict(pdf_med <= TARGET),
    );
    println!(
        "DOCX: {} bytes ({} KiB); warm median {docx_med:?} (min {docx_min:?}, max \
         {docx_max:?}, CPU {} per render) over {RUNS} runs, target ≤ 100 ms: {}",
        docx.len(),
        docx.len() / 1024,
        cpu(docx_cpu),
        verdict(docx_med <= TARGET),
    );
    println!("SVG preview: warm median {svg_med:?} (min {svg_min:?}, max {svg_max:?})");
}
