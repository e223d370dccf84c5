//! The TOML examples in the format documentation parse as TOML (issue 17: a one-line
//! example in docs/catalog-format.md was not valid TOML, so copying it gave an error).

fn toml_blocks(doc: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (n, line) in doc.lines().enumerate() {
        match (&mut current, line.trim_start()) {
            (None, "```toml") => current = Some((n + 2, String::new())),
            (Some(_), "```") => out.push(current.take().unwrap()),
            (Some((_, text)), _) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    out
}

fn check(file: &str) -> usize {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs")
        .join(file);
    let doc = std::fs::read_to_string(&path).unwrap();
    let blocks = toml_blocks(&doc);
    for (line, text) in &blocks {
        if let Err(e) = text.parse::<toml::Table>() {
            panic!("docs/{file}: the TOML example at line {line} does not parse: {e}");
        }
    }
    blocks.len()
}

#[test]
fn every_toml_example_in_the_format_guide_parses() {
    assert!(check("catalog-format.md") >= 5);
}

#[test]
fn every_toml_example_in_the_authoring_guide_parses() {
    assert!(check("authoring.md") >= 3);
}
