//! Renders the sample dossier and checks the PDF with poppler-utils: text, embedded
//! subset fonts, page size and count, and PNG renderings into `artifacts/dossier/`.

use std::path::{Path, PathBuf};
use std::process::Command;

use huiqi_dossier::{
    RenderOptions, amount_in_capitals, format_yuan, render, render_pdf, sample_model,
};

/// The sample's page count; changes only when layout or content changes on purpose.
const SAMPLE_PAGES: usize = 11;

fn artifacts() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/dossier");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}): install the Debian package poppler-utils (apt-get install -y poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Tests run in parallel: each writes its own copy, so poppler never reads a half-written file.
fn sample_pdf(name: &str) -> (PathBuf, huiqi_dossier::RenderedPdf) {
    let r = render(&sample_model(), &RenderOptions::default()).unwrap();
    let path = artifacts().join(format!("{name}.pdf"));
    std::fs::write(&path, &r.bytes).unwrap();
    (path, r)
}

#[test]
#[allow(clippy::float_arithmetic)] // comparing pdfinfo's printed page size, not money
fn pdf_text_fonts_pages_and_png() {
    let (path, rendered) = sample_pdf("sample");
    let p = path.to_str().unwrap();
    let model = sample_model();

    // Text: strip whitespace so wrapped lines still match.
    let text: String = tool("pdftotext", &["-enc", "UTF-8", p, "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(text.contains("济南某机械制造有限公司"));
    assert!(text.contains(&squash(&model.input_hash)), "footer hash");
    for m in &model.measures {
        assert!(text.contains(&squash(&m.clause)), "clause {}", m.clause);
        assert!(text.contains(&squash(&m.title)), "title {}", m.title);
        if let Some(a) = m.amount_yuan {
            assert!(text.contains(&format_yuan(a)), "figures {a}");
            assert!(text.contains(&amount_in_capitals(a)), "capitals {a}");
        }
    }
    assert!(text.contains("非资金类支持"));
    // Numbered from the page after the cover; the cover has none.
    assert!(!text.contains("—1—"), "no number on the cover");
    assert!(text.contains("—2—") && text.contains(&format!("—{SAMPLE_PAGES}—")));

    // Fonts: both faces embedded and subset (ABCDEF+ prefix, `sub` = yes).
    let fonts = tool("pdffonts", &[p]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert_eq!(rows.len(), 2, "{fonts}");
    for face in ["NotoSerifSC-Regular", "LXGWWenKai-Regular"] {
        let row = rows
            .iter()
            .find(|r| r.contains(face))
            .unwrap_or_else(|| panic!("{face} missing:\n{fonts}"));
        let name = row.split_whitespace().next().unwrap();
        let (tag, _) = name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type... emb sub uni object ID: emb/sub/uni are the 5th..3rd from the end.
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni: {row}"
        );
    }

    // Page size and count.
    let info = tool("pdfinfo", &[p]);
    // pdfinfo prints e.g. "595.276 x 841.89 pts (A4)": A4 is 595.28 x 841.89 pt.
    let size = info
        .lines()
        .find_map(|l| l.strip_prefix("Page size:"))
        .expect("page size line");
    let dims: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        dims.len() == 2 && (dims[0] - 595.28).abs() < 0.01 && (dims[1] - 841.89).abs() < 0.01,
        "not A4: {size}"
    );
    assert!(size.contains("(A4)"), "{size}");
    assert_eq!(rendered.page_count, SAMPLE_PAGES);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.ends_with(&format!(" {SAMPLE_PAGES}"))),
        "{info}"
    );
    assert!(
        info.contains("2026-03-15") || info.contains("Mar 15"),
        "{info}"
    );

    // PNGs of the first four pages (cover, ToC, summary, letter), the first measure page
    // and the last page.
    let measure_page = rendered
        .toc
        .iter()
        .find(|(t, _)| t.starts_with("一、"))
        .map(|(_, p)| *p)
        .unwrap();
    let dir = artifacts();
    for (page, name) in [
        (1, "page-1-cover"),
        (2, "page-2-toc"),
        (3, "page-3-summary"),
        (4, "page-4-letter"),
        (measure_page, "page-measure"),
        (rendered.page_count, "page-last"),
    ] {
        let prefix = dir.join(name);
        let n = page.to_string();
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "80",
                "-singlefile",
                "-f",
                &n,
                "-l",
                &n,
                p,
                prefix.to_str().unwrap(),
            ],
        );
        let png = dir.join(format!("{name}.png"));
        assert!(
            std::fs::metadata(&png).unwrap().len() > 10_000,
            "{name}.png empty"
        );
    }
}

#[test]
fn toc_pages_point_at_their_sections() {
    let (path, rendered) = sample_pdf("sample-toc");
    for (title, page) in &rendered.toc {
        let n = page.to_string();
        let text: String = tool(
            "pdftotext",
            &["-f", &n, "-l", &n, path.to_str().unwrap(), "-"],
        )
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
        let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&t), "{title} not on page {page}");
    }
}

#[test]
fn deterministic_bytes() {
    let m = sample_model();
    let a = render_pdf(&m, &RenderOptions::default()).unwrap();
    let b = render_pdf(&m, &RenderOptions::default()).unwrap();
    assert!(a == b, "two renders of the same model differ");
    let mut m2 = m.clone();
    m2.input_hash.push('0');
    assert!(render_pdf(&m2, &RenderOptions::default()).unwrap() != a);
}

#[test]
fn missing_glyph_is_reported_not_drawn() {
    let mut m = sample_model();
    m.measures[1].notes.push("请见附图😀".to_string());
    match render_pdf(&m, &RenderOptions::default()) {
        Err(huiqi_dossier::DossierError::MissingGlyph { ch, .. }) => assert_eq!(ch, '😀'),
        other => panic!("expected MissingGlyph, got {:?}", other.map(|b| b.len())),
    }
    // A char only the Kai face has is drawn from it instead of failing.
    let mut m = sample_model();
    m.firm.legal_rep = Some("张\u{2000B}".to_string());
    assert!(render_pdf(&m, &RenderOptions::default()).is_ok());
}

#[test]
fn rare_extension_b_name_is_drawn_from_the_bundled_rare_face() {
    // U+20270 is in neither main face; the firm's name carries it onto the cover and
    // into the 承诺书, and the reader extracts it as the same character.
    let mut m = sample_model();
    m.firm.name = Some("济南\u{20270}记机械有限公司".to_string());
    let r = render(&m, &RenderOptions::default()).unwrap();
    let path = artifacts().join("rare-han.pdf");
    std::fs::write(&path, &r.bytes).unwrap();
    let p = path.to_str().unwrap();
    let text = tool("pdftotext", &["-enc", "UTF-8", p, "-"]);
    assert!(text.contains("济南\u{20270}记机械有限公司"), "{text}");
    let fonts = tool("pdffonts", &[p]);
    assert!(fonts.contains("HuiqiRareHan"), "{fonts}");
}
