//! The dossier as a Word (.docx) file for offices that edit, stamp and re-print: the same
//! blocks in the same order as the PDF, with real paragraph styles (Word and WPS show
//! "标题"/"正文"), bordered tables, page numbers as fields in the footer (odd pages right,
//! even pages left, none on the cover) and the fonts named.
//!
//! The fonts are named, not embedded: 宋体/仿宋/楷体/黑体 are on every Chinese Windows and
//! in WPS. Word repaginates, so the 目录 lists the parts without page numbers (the
//! headings carry outline levels for Word's navigation pane).

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, LineSpacing, PageMargin, PageNum, Paragraph, Run,
    RunFonts, SpecialIndentType, Style, StyleType, Table, TableCell, TableRow, WidthType,
};

use crate::content::{self, Block, ParaStyle};
use crate::error::DossierError;
use crate::model::DossierModel;
use crate::{RenderOptions, Setting};

/// Twentieths of a point per millimetre, ×10 to keep integer arithmetic exact enough.
const fn mm(v: i32) -> i32 {
    v * 14_400 / 254
}

/// A4 in twips.
const PAGE_W: u32 = 11_906;
const PAGE_H: u32 = 16_838;
/// GB/T 9704 版心 156 mm wide.
const BODY_W: usize = 8_844;

/// Font names and sizes (half-points) of one setting.
struct Look {
    body_font: &'static str,
    body_size: usize,
    /// Line pitch in twips.
    line: i32,
    cell_size: usize,
}

impl Look {
    fn of(s: Setting) -> Self {
        match s {
            Setting::Compact => Look {
                body_font: "宋体",
                body_size: 24,
                line: 420,
                cell_size: 21,
            },
            // 三号仿宋, 22 lines: 225 mm / 22 = 28.99 pt.
            Setting::Official => Look {
                body_font: "仿宋",
                body_size: 32,
                line: 579,
                cell_size: 24,
            },
        }
    }
}

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

const KAI: &str = "楷体";
const HEI: &str = "黑体";
const SONG: &str = "宋体";

/// Word's built-in style ids, so Word and WPS show them under their own names
/// (正文, 标题, 标题 1, 标题 2).
fn styles(doc: Docx, look: &Look) -> Docx {
    let exact = |twips: i32| {
        LineSpacing::new()
            .line(twips)
            .line_rule(docx_rs::LineSpacingType::Exact)
    };
    doc.add_style(
        Style::new("Normal", StyleType::Paragraph)
            .name("Normal")
            .fonts(fonts(look.body_font))
            .size(look.body_size)
            .line_spacing(exact(look.line)),
    )
    .add_style(
        Style::new("Title", StyleType::Paragraph)
            .name("Title")
            .based_on("Normal")
            .fonts(fonts(SONG))
            .size(36)
            .bold()
            .align(AlignmentType::Center)
            .line_spacing(LineSpacing::new().line(600).before(120).after(280))
            .outline_lvl(0),
    )
    .add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("heading 1")
            .based_on("Normal")
            .next("Normal")
            .fonts(fonts(HEI))
            .size(look.body_size.max(32))
            .line_spacing(LineSpacing::new().line(560).before(240))
            .outline_lvl(0),
    )
    .add_style(
        Style::new("Heading2", StyleType::Paragraph)
            .name("heading 2")
            .based_on("Normal")
            .next("Normal")
            .fonts(fonts(KAI))
            .size(look.body_size.max(28))
            .bold()
            .line_spacing(LineSpacing::new().line(480).before(120))
            .outline_lvl(1),
    )
    .add_style(
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .based_on("Normal")
            .fonts(fonts(KAI))
            .indent(Some(480), None, None, None),
    )
}

fn text(t: &str) -> Run {
    Run::new().add_text(t)
}

/// One paragraph per line of `t` (the model's cells and amounts use '\n' as a hard break).
fn paras(t: &str, style: &str) -> Vec<Paragraph> {
    t.split('\n')
        .map(|l| Paragraph::new().style(style).add_run(text(l)))
        .collect()
}

fn page_break() -> Paragraph {
    Paragraph::new().add_run(Run::new().add_break(BreakType::Page))
}

fn table(header: &[String], rows: &[Vec<String>], widths: &[i32], look: &Look) -> Table {
    let total: i32 = widths.iter().sum::<i32>().max(1);
    let cols: Vec<usize> = widths
        .iter()
        .map(|w| BODY_W * usize::try_from(*w).unwrap_or(0) / usize::try_from(total).unwrap_or(1))
        .collect();
    let row = |cells: &[String], head: bool| {
        TableRow::new(
            cells
                .iter()
                .zip(&cols)
                .map(|(c, w)| {
                    let mut cell = TableCell::new().width(*w, WidthType::Dxa);
                    for l in c.split('\n') {
                        let mut r = text(l).size(look.cell_size);
                        if head {
                            r = r.bold();
                        }
                        let mut p = Paragraph::new()
                            .add_run(r)
                            .line_spacing(LineSpacing::new().line(320));
                        if head {
                            p = p.align(AlignmentType::Center);
                        }
                        cell = cell.add_paragraph(p);
                    }
                    cell
                })
                .collect(),
        )
        .cant_split()
    };
    let mut all = vec![row(header, true)];
    all.extend(rows.iter().map(|r| row(r, false)));
    Table::new(all).set_grid(cols).width(BODY_W, WidthType::Dxa)
}

/// "— N —" as a PAGE field, at the right (odd pages) or left (even pages), one
/// character in from the edge; the data stamp below it, centred and small.
fn footer(model: &DossierModel, page_number: Option<AlignmentType>) -> Footer {
    let stamp = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(text(&content::footer_meta(model)).size(15));
    let Some(align) = page_number else {
        return Footer::new().add_paragraph(stamp);
    };
    let inset = match align {
        AlignmentType::Right => Paragraph::new().indent(None, None, Some(280), None),
        _ => Paragraph::new().indent(Some(280), None, None, None),
    };
    let number = inset
        .align(align)
        .add_run(text("— ").size(28).fonts(fonts(SONG)))
        .add_page_num(PageNum::new())
        .add_run(text(" —").size(28).fonts(fonts(SONG)));
    Footer::new().add_paragraph(number).add_paragraph(stamp)
}

fn cover(mut doc: Docx, model: &DossierModel) -> Docx {
    doc = doc
        .add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(2400)))
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(text(&model.project_title).size(52)),
        )
        .add_paragraph(
            Paragraph::new()
                .style("Title")
                .add_run(text("申 报 材 料").size(44)),
        )
        .add_paragraph(Paragraph::new().line_spacing(LineSpacing::new().before(2000)));
    for (label, value) in content::cover_fields(model) {
        let value = value.unwrap_or_else(|| "　".repeat(12));
        doc = doc.add_paragraph(
            Paragraph::new()
                .indent(Some(mm(20)), None, None, None)
                .line_spacing(LineSpacing::new().line(600))
                .add_run(text(&format!("{label}：")).size(30))
                .add_run(text(&value).size(30).underline("single")),
        );
    }
    doc
}

fn signature(doc: Docx) -> Docx {
    let right = |t: &str| {
        Paragraph::new()
            .align(AlignmentType::Right)
            .line_spacing(LineSpacing::new().before(480))
            .add_run(text(t))
    };
    doc.add_paragraph(right("法定代表人（签字）：＿＿＿＿＿＿＿＿"))
        .add_paragraph(right("单位（盖章）：＿＿＿＿＿＿＿＿＿＿"))
        .add_paragraph(right("＿＿＿＿年＿＿月＿＿日"))
}

/// The same dossier as [`crate::render_pdf`], as .docx bytes. Same model and options give
/// the same bytes (fixed document dates, fixed zip timestamps).
pub fn render_docx(model: &DossierModel, opts: &RenderOptions) -> Result<Vec<u8>, DossierError> {
    crate::validate(model)?;
    let look = Look::of(opts.setting);
    let stamp = format!("{}T00:00:00Z", model.declared_on);
    let mut doc = styles(Docx::new(), &look)
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(mm(37))
                .bottom(mm(35))
                .left(mm(28))
                .right(mm(26))
                .header(mm(15))
                .footer(mm(18)),
        )
        .default_fonts(fonts(look.body_font))
        .default_size(look.body_size)
        .created_at(&stamp)
        .updated_at(&stamp)
        .title_pg()
        .first_footer(footer(model, None))
        .footer(footer(model, Some(AlignmentType::Right)))
        .even_footer(footer(model, Some(AlignmentType::Left)));

    let blocks = content::blocks(model, opts);
    let entries: Vec<&String> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Title { text, toc: true } | Block::Section { text, toc: true } => Some(text),
            _ => None,
        })
        .collect();
    for b in &blocks {
        doc = match b {
            Block::Cover => cover(doc, model),
            Block::Toc => {
                let mut d = doc.add_paragraph(
                    Paragraph::new()
                        .style("Title")
                        .add_run(text(content::TOC_TITLE)),
                );
                for e in &entries {
                    d = d.add_paragraph(Paragraph::new().add_run(text(e)));
                }
                d
            }
            Block::PageBreak => doc.add_paragraph(page_break()),
            Block::Title { text: t, .. } => {
                doc.add_paragraph(Paragraph::new().style("Title").add_run(text(t)))
            }
            Block::Section { text: t, .. } => doc.add_paragraph(
                Paragraph::new()
                    .style("Heading1")
                    .keep_next(true)
                    .add_run(text(t)),
            ),
            Block::Subheading(t) => doc.add_paragraph(
                Paragraph::new()
                    .style("Heading2")
                    .keep_next(true)
                    .add_run(text(t)),
            ),
            Block::Para {
                text: t,
                style,
                indent,
            } => {
                let mut p = Paragraph::new().style("Normal");
                if *indent {
                    p = p
                        .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
                        .first_line_chars(200);
                }
                let mut r = text(t);
                if *style != ParaStyle::Body {
                    r = r.fonts(fonts(KAI));
                }
                doc.add_paragraph(p.add_run(r))
            }
            Block::Meta(t) => {
                doc.add_paragraph(Paragraph::new().keep_next(true).add_run(text(t).size(21)))
            }
            Block::Quote(t) => paras(t, "Quote")
                .into_iter()
                .fold(doc, |d, p| d.add_paragraph(p)),
            Block::Table {
                header,
                rows,
                widths,
            } => doc
                .add_table(table(header, rows, widths, &look))
                .add_paragraph(Paragraph::new()),
            Block::Amount(lines) => lines.iter().enumerate().fold(doc, |d, (i, l)| {
                let r = if i == 0 { text(l).bold() } else { text(l) };
                d.add_paragraph(
                    Paragraph::new()
                        .indent(Some(480), None, None, None)
                        .add_run(r),
                )
            }),
            Block::Checklist { section, items } => {
                let n = items.len();
                items.iter().enumerate().fold(doc, |d, (i, e)| {
                    let name = format!("☐ {}", content::evidence_label(*section, i, e));
                    d.add_paragraph(
                        Paragraph::new()
                            .keep_next(true)
                            .keep_lines(true)
                            .indent(Some(480), None, None, None)
                            .add_run(text(&name)),
                    )
                    .add_paragraph(
                        Paragraph::new()
                            .keep_next(i + 1 < n)
                            .indent(Some(960), None, None, None)
                            .add_run(text(&content::attachment_line(e)).size(21)),
                    )
                })
            }
            Block::Signature => signature(doc),
        };
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| DossierError::Docx(e.to_string()))?;
    Ok(out.into_inner())
}
