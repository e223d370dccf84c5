//! The SVG preview against the PDF it previews: same pages, same 目录 numbers, same
//! footers, well-formed and escaped XML. No XML crate: a small hand check below. The
//! sample's pages are left in `artifacts/dossier/sample-preview-N.svg` to look at.

use std::collections::BTreeMap;

use huiqi_dossier::{RenderOptions, render, render_svg_pages, sample_model};

/// One `<text>` element: position in milli-points and its unescaped content.
struct Text {
    x: i64,
    y: i64,
    content: String,
}

/// "123.456" (the writer always prints three decimals) to milli-points.
fn mpt(v: &str) -> i64 {
    let (int, frac) = v
        .split_once('.')
        .unwrap_or_else(|| panic!("no decimals: {v:?}"));
    assert_eq!(frac.len(), 3, "three decimals: {v:?}");
    format!("{int}{frac}").parse().unwrap()
}

/// Replaces the five predefined entities; any other `&` or a raw `<`/`>` is a failure.
fn unescape(s: &str) -> String {
    assert!(
        !s.contains('<') && !s.contains('>'),
        "unescaped <> in {s:?}"
    );
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let (ent, ch) = [
            ("&amp;", '&'),
            ("&lt;", '<'),
            ("&gt;", '>'),
            ("&quot;", '"'),
            ("&apos;", '\''),
        ]
        .into_iter()
        .find(|(e, _)| after.starts_with(e))
        .unwrap_or_else(|| panic!("bad entity at {:?}", &after[..after.len().min(12)]));
        out.push(ch);
        rest = &after[ent.len()..];
    }
    out.push_str(rest);
    out
}

/// `name="value"` pairs; values must be quoted and correctly escaped.
fn attrs(s: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = s.trim();
    while !rest.is_empty() {
        let (name, after) = rest
            .split_once("=\"")
            .unwrap_or_else(|| panic!("attr: {rest:?}"));
        let end = after
            .find('"')
            .unwrap_or_else(|| panic!("unquoted: {rest:?}"));
        let name = name.trim();
        assert!(
            !name.is_empty() && !name.contains(char::is_whitespace),
            "{name:?}"
        );
        assert!(
            out.insert(name.to_string(), unescape(&after[..end]))
                .is_none(),
            "duplicate attribute {name}"
        );
        rest = after[end + 1..].trim_start();
    }
    out
}

/// Hand check of well-formedness for what the writer emits: one `<svg>` root, tags that
/// nest and close, quoted attributes, only predefined entities, no text outside `<text>`.
/// Returns the root's attributes and the text elements.
fn parse(svg: &str) -> (BTreeMap<String, String>, Vec<Text>) {
    assert!(svg.starts_with("<svg "), "starts with <svg");
    assert!(svg.ends_with("</svg>"), "ends with </svg>");
    assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    let mut root = None;
    let mut stack: Vec<&str> = Vec::new();
    let mut texts = Vec::new();
    let mut open: Option<Text> = None;
    let mut rest = svg;
    while !rest.is_empty() {
        assert!(
            root.is_none() || !stack.is_empty(),
            "content after the root"
        );
        if let Some(body) = rest.strip_prefix('<') {
            let end = body.find('>').expect("unterminated tag");
            let tag = &body[..end];
            rest = &body[end + 1..];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
                if name == "text" {
                    texts.push(open.take().expect("open text"));
                }
                continue;
            }
            let (tag, empty) = match tag.strip_suffix('/') {
                Some(t) => (t, true),
                None => (tag, false),
            };
            let (name, a) = tag.split_once(' ').unwrap_or((tag, ""));
            let a = attrs(a);
            match name {
                "svg" => {
                    assert!(root.is_none() && stack.is_empty(), "one root");
                    root = Some(a);
                }
                "text" => {
                    assert!(open.is_none(), "nested <text>");
                    assert_eq!(a.get("xml:space").map(String::as_str), Some("preserve"));
                    open = Some(Text {
                        x: mpt(&a["x"]),
                        y: mpt(&a["y"]),
                        content: String::new(),
                    });
                }
                "line" | "rect" => assert!(empty, "<{name}> is empty"),
                other => panic!("unexpected element <{other}>"),
            }
            assert!(root.is_some(), "root first");
            if !empty {
                stack.push(name);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let chunk = unescape(&rest[..end]);
            rest = &rest[end..];
            match open.as_mut() {
                Some(t) => t.content.push_str(&chunk),
                None => assert!(chunk.trim().is_empty(), "stray text {chunk:?}"),
            }
        }
    }
    assert!(stack.is_empty(), "unclosed {stack:?}");
    (root.expect("root"), texts)
}

/// Printed lines: runs on one baseline joined left to right (a line is split into runs
/// where the face changes or a curly quote stands).
fn lines(svg: &str) -> Vec<String> {
    let mut by_y: BTreeMap<i64, Vec<(i64, String)>> = BTreeMap::new();
    for t in parse(svg).1 {
        by_y.entry(t.y).or_default().push((t.x, t.content));
    }
    by_y.into_values()
        .map(|mut runs| {
            runs.sort();
            runs.into_iter().map(|(_, s)| s).collect()
        })
        .collect()
}

#[test]
fn one_well_formed_a4_svg_per_pdf_page() {
    let model = sample_model();
    let opts = RenderOptions::default();
    let pdf = render(&model, &opts).unwrap();
    let pages = render_svg_pages(&model, &opts).unwrap();
    assert!(pdf.page_count > 1);
    assert_eq!(pages.len(), pdf.page_count);
    for (i, page) in pages.iter().enumerate() {
        let (root, texts) = parse(page);
        assert_eq!(root["viewBox"], "0 0 595.276 841.89", "page {}", i + 1);
        assert_eq!(root["width"], "210mm");
        assert_eq!(root["height"], "297mm");
        assert_eq!(root["xmlns"], "http://www.w3.org/2000/svg");
        assert!(!texts.is_empty(), "page {} has text", i + 1);
    }
    // For eyes: open these next to sample.pdf (written by pdf_poppler.rs).
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/dossier");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, page) in pages.iter().enumerate() {
        std::fs::write(dir.join(format!("sample-preview-{}.svg", i + 1)), page).unwrap();
    }
    // The appendix option reaches the preview as it reaches the PDF.
    let short = RenderOptions {
        include_appendix: false,
        ..Default::default()
    };
    assert_eq!(
        render_svg_pages(&model, &short).unwrap().len(),
        render(&model, &short).unwrap().page_count
    );
}

#[test]
fn same_model_same_svg() {
    let model = sample_model();
    let opts = RenderOptions::default();
    let a = render_svg_pages(&model, &opts).unwrap();
    let b = render_svg_pages(&model.clone(), &opts).unwrap();
    assert_eq!(a, b);
}

#[test]
fn firm_name_is_escaped_on_the_cover() {
    let mut model = sample_model();
    let name = r#"济南<&>"'机械有限公司"#;
    model.firm.name = Some(name.to_string());
    let pages = render_svg_pages(&model, &RenderOptions::default()).unwrap();
    assert!(
        pages[0].contains("济南&lt;&amp;&gt;&quot;&apos;机械有限公司"),
        "escaped name on the cover"
    );
    // Parsing also rejects any raw `<`, `&` or `>` left in content or attributes. The
    // field's label shares the baseline, hence "ends with".
    let cover = lines(&pages[0]);
    assert!(
        cover.iter().any(|l| l.ends_with(&format!("：{name}"))),
        "name on the cover: {cover:?}"
    );
    for page in &pages[1..] {
        parse(page);
    }
}

#[test]
fn toc_page_shows_the_pdf_page_numbers() {
    let model = sample_model();
    let opts = RenderOptions::default();
    let pdf = render(&model, &opts).unwrap();
    let pages = render_svg_pages(&model, &opts).unwrap();
    let toc_page = pages
        .iter()
        .position(|p| lines(p).iter().any(|l| l == "目　录"))
        .expect("a 目录 page");
    assert_eq!(toc_page, 1, "目录 is page 2, after the cover");
    // The number column: runs of digits only, top to bottom.
    let mut numbers: Vec<(i64, usize)> = parse(&pages[toc_page])
        .1
        .into_iter()
        .filter(|t| !t.content.is_empty() && t.content.chars().all(|c| c.is_ascii_digit()))
        .map(|t| (t.y, t.content.parse().unwrap()))
        .collect();
    numbers.sort();
    let numbers: Vec<usize> = numbers.into_iter().map(|(_, n)| n).collect();
    let expected: Vec<usize> = pdf.toc.iter().map(|(_, p)| *p).collect();
    assert!(!expected.is_empty());
    assert_eq!(numbers, expected);
}

/// Every page but the cover, which carries no number.
#[test]
fn every_page_after_the_cover_carries_its_footer_number() {
    let pages = render_svg_pages(&sample_model(), &RenderOptions::default()).unwrap();
    assert!(
        lines(&pages[1]).iter().any(|l| l == "— 2 —"),
        "page 2 footer"
    );
    for (i, page) in pages.iter().enumerate() {
        let footers: Vec<String> = lines(page)
            .into_iter()
            .filter(|l| l.starts_with("— "))
            .collect();
        let expected: Vec<String> = if i == 0 {
            vec![]
        } else {
            vec![format!("— {} —", i + 1)]
        };
        assert_eq!(footers, expected, "page {}", i + 1);
    }
}
