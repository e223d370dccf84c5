//! The laid-out pages as SVG, for the desktop app's preview. The web view cannot show
//! PDFs and we ship no rasterizer, so the items the PDF is written from are written a
//! second time as one standalone SVG per page: page, line and table breaks and page
//! numbers are the PDF's; only glyph shapes depend on the fonts the viewer has.

use std::fmt::{self, Display, Write as _};

use crate::fonts::Face;
use crate::layout::{Item, Laid};

/// Same grey as the PDF's `Greyscale(0.55)`: 0.55 × 255 ≈ 140.
const GREY: &str = "#8c8c8c";
/// The PDF's dotted-leader dash pattern, [1 2.5] pt.
const DASH: &str = "1 2.5";

/// One SVG document per page, in page order. Pure: same pages, same strings.
pub fn write_pages(laid: &Laid) -> Vec<String> {
    laid.pages
        .iter()
        .map(|items| {
            let mut out = String::with_capacity(64 * items.len() + 512);
            write_page(&mut out, items).expect("writing to a String cannot fail");
            out
        })
        .collect()
}

fn write_page(out: &mut String, items: &[Item]) -> fmt::Result {
    // A4 in points like the PDF page, so item coordinates map 1:1 onto the viewBox.
    out.push_str(
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 595.276 841.89" width="210mm" height="297mm" fill="#000">
<rect x="0" y="0" width="595.276" height="841.89" fill="#fff"/>
"##,
    );
    for item in items {
        write_item(out, item)?;
    }
    out.push_str("</svg>");
    Ok(())
}

fn write_item(out: &mut String, item: &Item) -> fmt::Result {
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
            write!(
                out,
                r#"<text x="{}" y="{}" font-family="{}" font-size="{}""#,
                Pt(*x),
                Pt(*y),
                family(*face),
                Pt(*size)
            )?;
            if *bold {
                // The PDF fakes bold by stroking the outline; the viewer may use a real
                // bold or synthesize one. Either way the run starts where the PDF's does.
                out.push_str(r#" font-weight="bold""#);
            }
            if *spacing != 0 {
                // SVG letter-spacing, like PDF `Tc`, is added after every glyph.
                write!(out, r#" letter-spacing="{}""#, Pt(*spacing))?;
            }
            writeln!(out, r#" xml:space="preserve">{}</text>"#, Escaped(text))
        }
        Item::Line {
            x1,
            y1,
            x2,
            y2,
            width,
            dashed,
            grey,
        } => {
            write!(
                out,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}""#,
                Pt(*x1),
                Pt(*y1),
                Pt(*x2),
                Pt(*y2),
                if *grey { GREY } else { "#000" },
                Pt(*width)
            )?;
            if *dashed {
                write!(out, r#" stroke-dasharray="{DASH}""#)?;
            }
            out.push_str("/>\n");
            Ok(())
        }
        Item::Rect { x, y, w, h, width } => writeln!(
            out,
            r##"<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#000" stroke-width="{}"/>"##,
            Pt(*x),
            Pt(*y),
            Pt(*w),
            Pt(*h),
            Pt(*width)
        ),
    }
}

/// CSS font stacks: the bundled PDF face first, then the UI's bundled Noto Sans SC, then the
/// rare-character face the UI declares for Extension B only (`ui/src/styles.css`), as in the
/// PDF. Single quotes, since the value sits in a double-quoted attribute.
fn family(face: Face) -> &'static str {
    match face {
        Face::Serif => "'Noto Serif SC', 'Noto Sans SC', 'Huiqi Rare Han', serif",
        Face::Kai => "'LXGW WenKai', 'Noto Sans SC', 'Huiqi Rare Han', serif",
        Face::RareHan => "'Huiqi Rare Han', serif",
    }
}

/// Milli-points printed as points with three decimals. Integer arithmetic, so the
/// output is exact and the same on every platform.
struct Pt(i32);

impl Display for Pt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let a = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:03}", a / 1000, a % 1000)
    }
}

/// Text escaped for XML content and attribute values alike.
struct Escaped<'a>(&'a str);

impl Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            match c {
                '&' => f.write_str("&amp;")?,
                '<' => f.write_str("&lt;")?,
                '>' => f.write_str("&gt;")?,
                '"' => f.write_str("&quot;")?,
                '\'' => f.write_str("&apos;")?,
                _ => f.write_char(c)?,
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_have_three_exact_decimals() {
        assert_eq!(Pt(841_890).to_string(), "841.890");
        assert_eq!(Pt(10_500).to_string(), "10.500");
        assert_eq!(Pt(7).to_string(), "0.007");
        assert_eq!(Pt(-500).to_string(), "-0.500");
        assert_eq!(Pt(0).to_string(), "0.000");
        assert_eq!(Pt(i32::MIN).to_string(), "-2147483.648");
    }

    #[test]
    fn xml_specials_are_escaped() {
        assert_eq!(
            Escaped(r#"a<b>&"c'd 甲"#).to_string(),
            "a&lt;b&gt;&amp;&quot;c&apos;d 甲"
        );
    }

    #[test]
    fn items_map_to_svg_elements() {
        let laid = Laid {
            pages: vec![vec![
                Item::Text {
                    x: 79_370,
                    y: 120_000,
                    face: Face::Kai,
                    size: 12_000,
                    bold: true,
                    spacing: 250,
                    text: " 甲 & 乙".to_string(),
                },
                Item::Text {
                    x: 1_000,
                    y: 2_000,
                    face: Face::Serif,
                    size: 14_000,
                    bold: false,
                    spacing: 0,
                    text: "3".to_string(),
                },
                Item::Line {
                    x1: 0,
                    y1: 1_500,
                    x2: 10_000,
                    y2: 1_500,
                    width: 900,
                    dashed: true,
                    grey: true,
                },
                Item::Rect {
                    x: 5_000,
                    y: 6_000,
                    w: 10_000,
                    h: 10_000,
                    width: 700,
                },
            ]],
            toc: Vec::new(),
        };
        let pages = write_pages(&laid);
        assert_eq!(pages.len(), 1);
        let body: Vec<&str> = pages[0].lines().skip(2).collect();
        assert_eq!(
            body,
            [
                r#"<text x="79.370" y="120.000" font-family="'LXGW WenKai', 'Noto Sans SC', 'Huiqi Rare Han', serif" font-size="12.000" font-weight="bold" letter-spacing="0.250" xml:space="preserve"> 甲 &amp; 乙</text>"#,
                r#"<text x="1.000" y="2.000" font-family="'Noto Serif SC', 'Noto Sans SC', 'Huiqi Rare Han', serif" font-size="14.000" xml:space="preserve">3</text>"#,
                r##"<line x1="0.000" y1="1.500" x2="10.000" y2="1.500" stroke="#8c8c8c" stroke-width="0.900" stroke-dasharray="1 2.5"/>"##,
                r##"<rect x="5.000" y="6.000" width="10.000" height="10.000" fill="none" stroke="#000" stroke-width="0.700"/>"##,
                "</svg>",
            ]
        );
    }
}
