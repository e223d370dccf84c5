//! `cargo run -p huiqi-catalog --example lint -- assets [FILTER]`: lints a catalogue tree,
//! printing only the problems whose file path contains FILTER (handy while encoding one document).
fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| "assets".into());
    let filter = args.next().unwrap_or_default();
    match huiqi_catalog::Catalogue::load_dir(std::path::Path::new(&root)) {
        Ok(c) => println!(
            "ok: {} documents, {} measures, version {}",
            c.documents.len(),
            c.measures().len(),
            c.version()
        ),
        Err(issues) => {
            let shown: Vec<_> = issues
                .0
                .iter()
                .filter(|i| i.file.contains(&filter))
                .collect();
            for i in &shown {
                println!("{i}");
            }
            println!(
                "{} problem(s) shown, {} in total",
                shown.len(),
                issues.0.len()
            );
            std::process::exit(1);
        }
    }
}
