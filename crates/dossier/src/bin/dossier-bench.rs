//! Size and time of a 20-measure dossier. Run with
//! `cargo run --release -p huiqi-dossier --features sample --bin dossier-bench`.

use std::time::Instant;

use huiqi_dossier::{RenderOptions, render, render_svg_pages, sample_model_with_measures};

fn main() {
    let model = sample_model_with_measures(20);
    let opts = RenderOptions::default();

    // The first render also parses the two bundled fonts (once per process).
    let t = Instant::now();
    let first = render(&model, &opts).expect("render");
    let cold = t.elapsed();

    let runs = 10;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        let r = render(&model, &opts).expect("render");
        times.push(t.elapsed());
        assert_eq!(r.bytes, first.bytes, "renders differ");
    }
    times.sort();

    // The preview path: same layout, SVG instead of PDF (fonts already parsed above).
    let mut svg_times = Vec::with_capacity(runs);
    let mut svg = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let pages = render_svg_pages(&model, &opts).expect("render_svg_pages");
        svg_times.push(t.elapsed());
        assert_eq!(
            pages.len(),
            first.page_count,
            "SVG and PDF page counts differ"
        );
        assert!(svg.is_empty() || pages == svg, "SVG renders differ");
        svg = pages;
    }
    svg_times.sort();
    let svg_bytes: usize = svg.iter().map(String::len).sum();

    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/dossier");
    std::fs::create_dir_all(&out).expect("artifacts dir");
    std::fs::write(out.join("bench-20-measures.pdf"), &first.bytes).expect("write pdf");

    println!(
        "20 measures, {} pages: {} bytes ({} KiB); first render (incl. font parse) {:?}; \
         warm median {:?}, min {:?}, max {:?} over {runs} runs",
        first.page_count,
        first.bytes.len(),
        first.bytes.len() / 1024,
        cold,
        times[runs / 2],
        times[0],
        times[runs - 1],
    );
    println!(
        "SVG preview, {} pages: {} bytes ({} KiB); warm median {:?}, min {:?}, max {:?} \
         over {runs} runs",
        svg.len(),
        svg_bytes,
        svg_bytes / 1024,
        svg_times[runs / 2],
        svg_times[0],
        svg_times[runs - 1],
    );
}
