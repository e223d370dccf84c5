//! Turns laid-out pages into PDF bytes with printpdf, deterministically: fixed font
//! resource ids, subset tags derived from the glyphs used, dates from the model, and a
//! trailer /ID derived from the content instead of printpdf's process-global counter.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Color, FontId, Greyscale, Line, LineDashPattern, LinePoint, Op, PdfDocument, PdfFont,
    PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem, TextRenderingMode,
};
use sha2::{Digest, Sha256};

use crate::content::parse_date;
use crate::error::DossierError;
use crate::fonts::{Face, Fonts};
use crate::layout::{Item, Laid, PAGE_H};
use crate::model::DossierModel;

/// Milli-points to printpdf points. The one place layout integers become floats.
#[allow(clippy::float_arithmetic)]
fn to_pt(mpt: i32) -> Pt {
    Pt(mpt as f32 / 1000.0)
}

fn point(x: i32, y_from_top: i32) -> Point {
    Point {
        x: to_pt(x),
        y: to_pt(PAGE_H - y_from_top),
    }
}

/// Six capital letters from a hash: the `ABCDEF+` subset tag readers expect.
fn subset_tag(face: Face, chars: &BTreeSet<char>) -> String {
    let mut h = Sha256::new();
    h.update(face.postscript_name().as_bytes());
    for c in chars {
        h.update(c.to_string().as_bytes());
    }
    h.finalize()[..6]
        .iter()
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// Days since 1970-01-01 for a proleptic Gregorian date.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn write_pdf(
    model: &DossierModel,
    laid: &Laid,
    fonts: &Fonts,
) -> Result<Vec<u8>, DossierError> {
    let (y, m, d) = parse_date(&model.declared_on).ok_or_else(|| {
        DossierError::InvalidModel(format!(
            "declared_on {:?} is not YYYY-MM-DD",
            model.declared_on
        ))
    })?;
    let date = printpdf::OffsetDateTime::from_unix_timestamp(days_from_civil(y, m, d) * 86_400)
        .map_err(|e| DossierError::InvalidModel(format!("declared_on: {e}")))?;

    let mut doc = PdfDocument::new(&model.project_title);
    {
        let info = &mut doc.metadata.info;
        info.creation_date = date;
        info.modification_date = date;
        info.metadata_date = date;
        info.author = model.firm.name.clone().unwrap_or_default();
        info.subject = format!("申报材料 {}", model.declared_on);
        info.creator = "Huiqi 惠企".to_string();
        info.producer = "huiqi-dossier (printpdf)".to_string();
        info.identifier = model.input_hash.clone();
        info.keywords = vec![model.catalog_version.clone(), model.input_hash.clone()];
    }

    // Register only the faces used, under ids whose first six letters are the subset tag.
    let mut used: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    for page in &laid.pages {
        for item in page {
            if let Item::Text { face, text, .. } = item {
                used.entry(*face).or_default().extend(text.chars());
            }
        }
    }
    let mut ids: BTreeMap<Face, FontId> = BTreeMap::new();
    for (face, chars) in &used {
        let id = FontId(format!("{}{:?}", subset_tag(*face, chars), face));
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(fonts.parsed(*face).clone()));
        ids.insert(*face, id);
    }

    let black = Color::Greyscale(Greyscale::new(0.0, None));
    let grey = Color::Greyscale(Greyscale::new(0.55, None));
    let pages = laid
        .pages
        .iter()
        .map(|items| {
            let mut ops = vec![
                Op::SetFillColor { col: black.clone() },
                Op::SetOutlineColor { col: black.clone() },
            ];
            for item in items {
                page_ops(item, &ids, &black, &grey, &mut ops);
            }
            // Exact A4 (595.28 × 841.89 pt); the layout constants are the same size.
            PdfPage::new(printpdf::Mm(210.0), printpdf::Mm(297.0), ops)
        })
        .collect();
    doc.with_pages(pages);
    // PDF outline mirroring the 目录, with fixed ids (printpdf's own are counter-based).
    doc.bookmarks.map.insert(
        printpdf::PageAnnotId("toc000".to_string()),
        printpdf::PageAnnotation {
            name: "封面".to_string(),
            page: 1,
        },
    );
    for (i, (name, page)) in laid.toc.iter().enumerate() {
        doc.bookmarks.map.insert(
            printpdf::PageAnnotId(format!("toc{:03}", i + 1)),
            printpdf::PageAnnotation {
                name: name.clone(),
                page: *page,
            },
        );
    }

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    let mut lo = doc.to_lopdf_document(&opts, &mut warnings);
    let id = trailer_id(model, laid);
    lo.trailer.set(
        "ID",
        lopdf::Object::Array(vec![
            lopdf::Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            lopdf::Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
    // printpdf always writes GTS_PDFXVersion (empty for a custom conformance), which
    // makes readers report the file as PDF/X; it is not.
    if let Ok(info_id) = lo
        .trailer
        .get(b"Info")
        .and_then(lopdf::Object::as_reference)
        && let Ok(info) = lo.get_dictionary_mut(info_id)
    {
        info.remove(b"GTS_PDFXVersion");
    }
    lo.compress();
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| DossierError::InvalidModel(format!("writing PDF: {e}")))?;
    Ok(out)
}

/// 16 bytes of SHA-256 over everything drawn: same content, same /ID.
fn trailer_id(model: &DossierModel, laid: &Laid) -> Vec<u8> {
    let mut h = Sha256::new();
    h.update(model.input_hash.as_bytes());
    h.update(model.catalog_version.as_bytes());
    h.update(format!("{:?}", laid.pages).as_bytes());
    h.finalize()[..16].to_vec()
}

fn page_ops(
    item: &Item,
    ids: &BTreeMap<Face, FontId>,
    black: &Color,
    grey: &Color,
    ops: &mut Vec<Op>,
) {
    match item {
        Item::Text {
            x,
            y,
            face,
            size,
            bold,
            spacing,
            text,
        } => {
            let Some(id) = ids.get(face) else { return };
            ops.push(Op::StartTextSection);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(id.clone()),
                size: to_pt(*size),
            });
            ops.push(Op::SetCharacterSpacing {
                multiplier: to_pt(*spacing).0,
            });
            if *bold {
                // No bold face is bundled: fill and stroke the outline for a heavier
                // stroke (a common faux bold that prints cleanly in black).
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::FillStroke,
                });
                ops.push(Op::SetOutlineThickness {
                    pt: to_pt(*size / 40),
                });
            } else {
                ops.push(Op::SetTextRenderingMode {
                    mode: TextRenderingMode::Fill,
                });
            }
            ops.push(Op::SetTextCursor { pos: point(*x, *y) });
            ops.push(Op::ShowText {
                items: vec![TextItem::Text(text.clone())],
            });
            ops.push(Op::EndTextSection);
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            dashed,
            grey: is_grey,
        } => {
            ops.push(Op::SetOutlineThickness { pt: to_pt(*width) });
            ops.push(Op::SetOutlineColor {
                col: if *is_grey {
                    grey.clone()
                } else {
                    black.clone()
                },
            });
            ops.push(Op::SetLineDashPattern {
                dash: if *dashed {
                    LineDashPattern::new(0.0, &[1.0, 2.5])
                } else {
                    LineDashPattern::solid()
                },
            });
            ops.push(Op::DrawLine {
                line: Line {
                    points: vec![
                        LinePoint {
                            p: point(*x1, *y1),
                            bezier: false,
                        },
                        LinePoint {
                            p: point(*x2, *y2),
                            bezier: false,
                        },
                    ],
                    is_closed: false,
                },
            });
            if *is_grey {
                ops.push(Op::SetOutlineColor { col: black.clone() });
            }
        }
        Item::Rect { x, y, w, h, width } => {
            ops.push(Op::SetOutlineThickness { pt: to_pt(*width) });
            ops.push(Op::SetLineDashPattern {
                dash: LineDashPattern::solid(),
            });
            let corners = [(*x, *y), (*x + *w, *y), (*x + *w, *y + *h), (*x, *y + *h)];
            ops.push(Op::DrawLine {
                line: Line {
                    points: corners
                        .iter()
                        .map(|&(cx, cy)| LinePoint {
                            p: point(cx, cy),
                            bezier: false,
                        })
                        .collect(),
                    is_closed: true,
                },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(2026, 3, 15), 20_527);
    }
}
