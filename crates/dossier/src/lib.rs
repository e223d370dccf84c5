//! 申报材料 (application dossier): a pure [`DossierModel`] and its renderers.
//!
//! - [`render_pdf`]: A4 PDF after GB/T 9704 typography, fonts subset and embedded,
//!   byte-identical for identical input.
//! - [`render_svg_pages`]: one SVG document per page of the same layout, for the desktop
//!   app's preview before saving (its web view cannot display PDFs). Page breaks, line
//!   breaks, table splits and page numbers are the PDF's; glyph shapes are the viewer's.
//! - [`render_docx`]: the same dossier as a Word file with real styles, tables and
//!   page numbers in the footer, for offices that edit and re-print.
//! - [`render_text`]: a layout-independent plain-text rendering for snapshot tests.
//! - [`amount_in_capitals`], [`format_yuan`]: money wording.

mod content;
mod docx;
mod error;
mod fonts;
mod layout;
pub mod linebreak;
mod model;
mod money;
mod pdf;
#[cfg(any(test, feature = "sample"))]
mod sample;
mod svg;
mod text;

pub use docx::render_docx;
pub use error::DossierError;
pub use fonts::Face;
pub use model::*;
pub use money::{amount_in_capitals, amount_lines, format_yuan, round_to_fen};
#[cfg(any(test, feature = "sample"))]
pub use sample::{sample_model, sample_model_with_measures};
pub use text::{render_text, render_text_with};

use serde::{Deserialize, Serialize};

/// Options that change what is printed (not how the model reads).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderOptions {
    /// Print the appendix of measures not applied for (when the model has one).
    pub include_appendix: bool,
    pub setting: Setting,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self {
            include_appendix: true,
            setting: Setting::Compact,
        }
    }
}

/// How densely the body is set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Setting {
    /// 小四 (12 pt) body, 30 lines of 36 characters: fewer pages for long dossiers.
    #[default]
    Compact,
    /// GB/T 9704 公文: 三号 (≈16 pt) body in the 仿宋-like face, 22 lines of 28 characters.
    Official,
}

/// A rendered dossier with what the layout decided, for callers that show or check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPdf {
    pub bytes: Vec<u8>,
    pub page_count: usize,
    /// Each 目录 entry and the page (1-based) it starts on.
    pub toc: Vec<(String, usize)>,
}

/// Renders the dossier to PDF bytes. Same model and options give the same bytes.
pub fn render_pdf(model: &DossierModel, opts: &RenderOptions) -> Result<Vec<u8>, DossierError> {
    render(model, opts).map(|r| r.bytes)
}

/// As [`render_pdf`], also returning the page count and 目录 page numbers.
pub fn render(model: &DossierModel, opts: &RenderOptions) -> Result<RenderedPdf, DossierError> {
    let (fonts, laid) = lay_out(model, opts)?;
    let bytes = pdf::write_pdf(model, &laid, fonts)?;
    Ok(RenderedPdf {
        bytes,
        page_count: laid.pages.len(),
        toc: laid.toc,
    })
}

/// One standalone SVG document per page, for an on-screen preview of what [`render`]
/// prints: the same layout, so the pages, their breaks and page numbers match the PDF.
/// Same model and options give the same strings.
pub fn render_svg_pages(
    model: &DossierModel,
    opts: &RenderOptions,
) -> Result<Vec<String>, DossierError> {
    let (_, laid) = lay_out(model, opts)?;
    Ok(svg::write_pages(&laid))
}

/// Validation, fonts and layout: the one path both outputs take, so they cannot drift.
fn lay_out(
    model: &DossierModel,
    opts: &RenderOptions,
) -> Result<(&'static fonts::Fonts, layout::Laid), DossierError> {
    validate(model)?;
    let fonts = fonts::fonts()?;
    check_glyphs(model, fonts)?;
    let laid = layout::layout(model, opts, fonts)?;
    Ok((fonts, laid))
}

/// Every character of the cover fields has a glyph; the error names the field, since a
/// firm name with a rare character is the usual cause. Other text is checked as it is set.
pub fn check_glyphs(model: &DossierModel, fonts: &fonts::Fonts) -> Result<(), DossierError> {
    let f = &model.firm;
    for (context, value) in [
        ("申报单位名称 / firm name", &f.name),
        ("统一社会信用代码 / credit code", &f.credit_code),
        ("法定代表人 / legal representative", &f.legal_rep),
        ("联系人 / contact", &f.contact),
        ("联系电话 / phone", &f.phone),
    ] {
        if let Some(v) = value {
            fonts.shape(v, Face::Serif, context)?;
        }
    }
    Ok(())
}

/// Checks what the printed dossier would otherwise get silently wrong.
pub fn validate(model: &DossierModel) -> Result<(), DossierError> {
    if content::parse_date(&model.declared_on).is_none() {
        return Err(DossierError::InvalidModel(format!(
            "declared_on {:?} is not a YYYY-MM-DD date",
            model.declared_on
        )));
    }
    for m in &model.measures {
        if amount_lines(m.amount_class, m.amount_yuan).is_none() {
            return Err(DossierError::InvalidModel(format!(
                "measure {}: amount class {:?} with amount {:?}",
                m.measure_id, m.amount_class, m.amount_yuan
            )));
        }
    }
    Ok(())
}
