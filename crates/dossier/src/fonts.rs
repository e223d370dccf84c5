//! The bundled faces, parsed once per process, and glyph resolution with fallback.
//!
//! Fonts are compiled in with `include_bytes!` so the desktop bundle and tests need no
//! path lookup at run time; see `assets/fonts/README.md` for sources and licences.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::error::DossierError;

static SERIF_BYTES: &[u8] = include_bytes!("../../../assets/fonts/NotoSerifSC-Regular.otf");
static KAI_BYTES: &[u8] = include_bytes!("../../../assets/fonts/LXGWWenKai-Regular.ttf");
static RARE_HAN_BYTES: &[u8] = include_bytes!("../../../assets/fonts/HuiqiRareHan-Regular.ttf");
// 仿宋 slot: no freely licensed 仿宋 exists. A licensed one would be a third `Face`
// variant with its bytes here and its name in `Face::ALL`.

/// A bundled typeface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Face {
    /// Noto Serif SC: 宋体-like, for headings, body and tables.
    Serif,
    /// LXGW WenKai: 楷体-like, for quoted policy text, notes and the commitment letter.
    Kai,
    /// A subset of HanaMinB: the rarer CJK Extension B characters of modern print (names
    /// of people and places) that neither face above draws. Never chosen by a style; only
    /// the last resort of `Fonts::shape`.
    RareHan,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Serif, Face::Kai, Face::RareHan];

    /// The face tried when this one lacks a glyph.
    fn fallback(self) -> Face {
        match self {
            Face::Serif | Face::RareHan => Face::Kai,
            Face::Kai => Face::Serif,
        }
    }

    pub fn postscript_name(self) -> &'static str {
        match self {
            Face::Serif => "NotoSerifSC-Regular",
            Face::Kai => "LXGWWenKai-Regular",
            Face::RareHan => "HuiqiRareHan-Regular",
        }
    }
}

/// One resolved character: the face that will draw it and its advance in font units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Glyph {
    pub ch: char,
    pub face: Face,
    pub advance: u16,
}

pub struct Fonts {
    serif: ParsedFont,
    kai: ParsedFont,
    rare_han: ParsedFont,
}

static FONTS: OnceLock<Result<Fonts, DossierError>> = OnceLock::new();

/// The parsed faces; parsing (tens of ms for two CJK fonts) happens once per process.
pub fn fonts() -> Result<&'static Fonts, DossierError> {
    FONTS
        .get_or_init(|| {
            let parse = |bytes: &[u8], name| {
                let mut warnings = Vec::new();
                ParsedFont::from_bytes(bytes, 0, &mut warnings).ok_or(DossierError::Font(name))
            };
            Ok(Fonts {
                serif: parse(SERIF_BYTES, "NotoSerifSC-Regular.otf")?,
                kai: parse(KAI_BYTES, "LXGWWenKai-Regular.ttf")?,
                rare_han: parse(RARE_HAN_BYTES, "HuiqiRareHan-Regular.ttf")?,
            })
        })
        .as_ref()
        .map_err(Clone::clone)
}

impl Fonts {
    pub fn parsed(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Serif => &self.serif,
            Face::Kai => &self.kai,
            Face::RareHan => &self.rare_han,
        }
    }

    pub fn units_per_em(&self, face: Face) -> i32 {
        i32::from(self.parsed(face).font_metrics.units_per_em.max(1))
    }

    fn glyph_in(&self, face: Face, ch: char) -> Option<Glyph> {
        let font = self.parsed(face);
        let gid = font.lookup_glyph_index(ch as u32).filter(|&g| g != 0)?;
        Some(Glyph {
            ch,
            face,
            advance: font.get_horizontal_advance(gid),
        })
    }

    /// Resolves every char of `text` in `face`, falling back to the other main face and
    /// then to the rare-character face. Tabs and other controls become spaces; `context`
    /// names the field for errors.
    pub fn shape(&self, text: &str, face: Face, context: &str) -> Result<Vec<Glyph>, DossierError> {
        text.chars()
            .map(|c| {
                let ch = if c.is_control() { ' ' } else { c };
                self.glyph_in(face, ch)
                    .or_else(|| self.glyph_in(face.fallback(), ch))
                    .or_else(|| self.glyph_in(Face::RareHan, ch))
                    .ok_or_else(|| DossierError::MissingGlyph {
                        ch,
                        context: context.to_string(),
                    })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_text_resolves_in_preferred_face() {
        let f = fonts().unwrap();
        let g = f
            .shape(
                "济南某机械制造有限公司（盖章）1,200,000.00 元",
                Face::Serif,
                "t",
            )
            .unwrap();
        assert!(g.iter().all(|g| g.face == Face::Serif));
        assert!(g.iter().all(|g| g.advance > 0));
        // Ideographs are full-width in both faces.
        assert_eq!(g[0].advance, 1000);
    }

    #[test]
    fn rare_char_falls_back_to_other_face() {
        // U+2000B (CJK Ext. B) is in LXGW WenKai but not in Noto Serif SC.
        let g = fonts()
            .unwrap()
            .shape("甲\u{2000B}乙", Face::Serif, "t")
            .unwrap();
        assert_eq!(g[1].face, Face::Kai);
        assert_eq!(g[0].face, Face::Serif);
    }

    #[test]
    fn rare_extension_b_char_falls_back_to_the_rare_han_face() {
        // U+20270 (Ext. B, source GFZ: the Founder press set) is in neither main face.
        let f = fonts().unwrap();
        assert!(f.glyph_in(Face::Serif, '\u{20270}').is_none());
        assert!(f.glyph_in(Face::Kai, '\u{20270}').is_none());
        let g = f.shape("张\u{20270}", Face::Kai, "t").unwrap();
        assert_eq!(g[0].face, Face::Kai);
        assert_eq!(g[1].face, Face::RareHan);
        assert!(g[1].advance > 0);
    }

    #[test]
    fn historical_only_extension_b_char_is_still_an_error() {
        // U+2A6D6 (Ext. B, 康熙字典 only) is in no bundled face: the error names it.
        let err = fonts()
            .unwrap()
            .shape("某\u{2A6D6}公司", Face::Serif, "firm.name")
            .unwrap_err();
        assert!(err.to_string().contains("U+2A6D6"), "{err}");
    }

    #[test]
    fn missing_glyph_is_an_error_naming_the_char() {
        let err = fonts()
            .unwrap()
            .shape("企业😀", Face::Kai, "firm.name")
            .unwrap_err();
        assert_eq!(
            err,
            DossierError::MissingGlyph {
                ch: '😀',
                context: "firm.name".into()
            }
        );
        assert!(err.to_string().contains("U+1F600"));
    }
}
