//! Plain-text rendering of the dossier blocks: layout-independent, for snapshot tests
//! and for a quick look at what the PDF will say.

use crate::RenderOptions;
use crate::content::{self, Block};
use crate::model::DossierModel;

pub fn render_text(model: &DossierModel) -> String {
    render_text_with(model, &RenderOptions::default())
}

pub fn render_text_with(model: &DossierModel, opts: &RenderOptions) -> String {
    let blocks = content::blocks(model, opts);
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    for b in &blocks {
        match b {
            Block::Cover => {
                line("==== 封面 ====");
                line(&format!("项目名称：{}", model.project_title));
                for (label, value) in content::cover_fields(model) {
                    line(&format!(
                        "{label}：{}",
                        value.as_deref().unwrap_or("________")
                    ));
                }
            }
            Block::Toc => {
                line(&format!("==== {} ====", content::TOC_TITLE));
                for b in &blocks {
                    if let Block::Title { text, toc: true } | Block::Section { text, toc: true } = b
                    {
                        line(text);
                    }
                }
            }
            Block::PageBreak => line(""),
            Block::Title { text, .. } | Block::Section { text, .. } => {
                line(&format!("==== {text} ===="));
            }
            Block::Subheading(t) => line(&format!("-- {t}")),
            Block::Para { text, indent, .. } => {
                line(&format!("{}{text}", if *indent { "　　" } else { "" }));
            }
            Block::Meta(t) => line(t),
            Block::Quote(t) => line(&format!("> {t}")),
            Block::Table { header, rows, .. } => {
                let row = |cells: &[String]| {
                    cells
                        .iter()
                        .map(|c| c.replace('\n', " / "))
                        .collect::<Vec<_>>()
                        .join(" | ")
                };
                line(&format!("| {} |", row(header)));
                for r in rows {
                    line(&format!("| {} |", row(r)));
                }
            }
            Block::Amount(lines) => lines.iter().for_each(|l| line(&format!("** {l}"))),
            Block::Checklist { section, items } => {
                for (i, e) in items.iter().enumerate() {
                    line(&format!(
                        "☐ {}　{}",
                        content::evidence_label(*section, i, e),
                        content::attachment_line(e)
                    ));
                }
            }
            Block::Signature => {
                line("法定代表人（签字）：________");
                line("单位（盖章）：________");
                line("________年____月____日");
            }
        }
    }
    line(&format!(
        "---- 页脚：— N —　{}",
        content::footer_meta(model)
    ));
    out
}
