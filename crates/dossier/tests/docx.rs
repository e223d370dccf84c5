//! The Word rendering read back: unzip the .docx and check the text, the styles, the
//! tables, the footers with their PAGE fields, and that the bytes are reproducible.

use std::io::Read;

use huiqi_dossier::{
    RenderOptions, Setting, amount_in_capitals, format_yuan, render_docx, render_text, sample_model,
};

/// Every part of the package, by name.
fn parts(bytes: &[u8]) -> std::collections::BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            (f.name().to_string(), s)
        })
        .collect()
}

/// The text of `<w:t>` elements, concatenated (tags stripped, entities decoded).
fn text_of(xml: &str) -> String {
    let mut out = String::new();
    for chunk in xml.split("<w:t").skip(1) {
        let Some((_, rest)) = chunk.split_once('>') else {
            continue;
        };
        let Some((t, _)) = rest.split_once("</w:t>") else {
            continue;
        };
        out.push_str(
            &t.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
    }
    out
}

#[test]
fn docx_has_the_dossier_text_styles_tables_and_page_fields() {
    let model = sample_model();
    let bytes = render_docx(&model, &RenderOptions::default()).unwrap();
    let p = parts(&bytes);
    for name in [
        "[Content_Types].xml",
        "word/document.xml",
        "word/styles.xml",
        "word/settings.xml",
    ] {
        assert!(p.contains_key(name), "{name} missing: {:?}", p.keys());
    }
    let doc = &p["word/document.xml"];
    let text = text_of(doc);
    assert!(text.contains("济南某机械制造有限公司"));
    assert!(text.contains("申报汇总表") && text.contains("申报承诺书"));
    for m in &model.measures {
        assert!(text.contains(&m.title), "title {}", m.title);
        assert!(text.contains(&m.measure_id), "id {}", m.measure_id);
        if let Some(a) = m.amount_yuan {
            assert!(text.contains(&format_yuan(a)), "figures {a}");
            assert!(text.contains(&amount_in_capitals(a)), "capitals {a}");
        }
    }
    assert!(text.contains("附件1-2　设备购置合同及发票"));
    // Same words as the PDF: every line of the text rendering's measure headings is there.
    for line in render_text(&model).lines().filter(|l| l.starts_with("-- ")) {
        assert!(text.contains(&line[3..]), "{line}");
    }

    // Tables: summary, facts, one answers table per measure with answers, appendix.
    let with_answers = model
        .measures
        .iter()
        .filter(|m| !m.answers.is_empty())
        .count();
    assert_eq!(doc.matches("<w:tbl>").count(), 3 + with_answers);

    // Real styles, named as Word's built-ins so Word and WPS show 标题 / 正文.
    let styles = &p["word/styles.xml"];
    for (id, name) in [
        ("Normal", "Normal"),
        ("Title", "Title"),
        ("Heading1", "heading 1"),
        ("Heading2", "heading 2"),
    ] {
        assert!(
            styles.contains(&format!(r#"w:styleId="{id}""#))
                && styles.contains(&format!(r#"<w:name w:val="{name}" />"#)),
            "style {id}"
        );
    }
    assert!(doc.contains(r#"<w:pStyle w:val="Heading1" />"#));
    assert!(styles.contains(r#"w:eastAsia="宋体""#), "body font named");
    assert!(styles.contains(r#"w:eastAsia="黑体""#) && styles.contains(r#"w:eastAsia="楷体""#));

    // Footers: a PAGE field on odd (right) and even (left) pages, none on the cover.
    let footers: Vec<&String> = p
        .iter()
        .filter(|(k, _)| k.starts_with("word/footer"))
        .map(|(_, v)| v)
        .collect();
    assert_eq!(footers.len(), 3, "first, odd and even footers");
    let numbered: Vec<&&String> = footers.iter().filter(|f| f.contains("PAGE")).collect();
    assert_eq!(numbered.len(), 2);
    assert!(
        numbered
            .iter()
            .any(|f| f.contains(r#"<w:jc w:val="right" />"#))
    );
    assert!(
        numbered
            .iter()
            .any(|f| f.contains(r#"<w:jc w:val="left" />"#))
    );
    assert!(
        doc.contains("<w:titlePg"),
        "the cover has its own (unnumbered) footer"
    );
    assert!(p["word/settings.xml"].contains("evenAndOddHeaders"));
    assert!(footers.iter().all(|f| f.contains(&model.input_hash)));
}

#[test]
fn docx_is_reproducible_and_follows_the_setting() {
    let model = sample_model();
    let compact = render_docx(&model, &RenderOptions::default()).unwrap();
    assert_eq!(
        compact,
        render_docx(&model, &RenderOptions::default()).unwrap()
    );
    let official = RenderOptions {
        setting: Setting::Official,
        ..Default::default()
    };
    let styles = &parts(&render_docx(&model, &official).unwrap())["word/styles.xml"];
    // 三号 = 16 pt = 32 half-points, in 仿宋.
    assert!(styles.contains(r#"w:eastAsia="仿宋""#));
    assert!(styles.contains(r#"<w:sz w:val="32" />"#));
}

#[test]
fn docx_without_appendix_entries_has_no_appendix() {
    let mut model = sample_model();
    model.appendix = Some(vec![]);
    let text = text_of(
        &parts(&render_docx(&model, &RenderOptions::default()).unwrap())["word/document.xml"],
    );
    assert!(!text.contains("未申报措施说明"));
}
