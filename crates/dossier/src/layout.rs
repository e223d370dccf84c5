//! Page layout in integer milli-points (1/1000 pt), y growing downward from the page
//! top. Integers keep layout exact and reproducible; the PDF writer converts at the end.
//!
//! Geometry after GB/T 9704: A4, 版心 156 × 225 mm, top margin 37 mm, left 28 mm,
//! page number "— N —" 7 mm below the text block, odd pages at the right and even pages
//! at the left edge (one character in), none on the cover.

use crate::content::{self, Block, ParaStyle};
use crate::error::DossierError;
use crate::fonts::{Face, Fonts, Glyph};
use crate::linebreak::break_lines_indented;
use crate::model::{DossierModel, EvidenceItem};
use crate::{RenderOptions, Setting};

/// Whole millimetres to milli-points (1 mm = 72/25.4 pt).
pub const fn mm(v: i32) -> i32 {
    (v as i64 * 720_000 / 254) as i32
}

pub const fn pt(v: i32) -> i32 {
    v * 1000
}

pub const PAGE_H: i32 = 841_890;
const LEFT: i32 = mm(28);
const TOP: i32 = mm(37);
const BODY_W: i32 = mm(156);
const BODY_H: i32 = mm(225);
const RIGHT: i32 = LEFT + BODY_W;
const BOTTOM: i32 = TOP + BODY_H;

const RULE: i32 = 500; // 0.5 pt table and box lines
const CELL_PAD_X: i32 = pt(5);
const CELL_PAD_Y: i32 = pt(4);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub face: Face,
    pub size: i32,
    pub bold: bool,
    /// Line pitch.
    pub lead: i32,
}

const fn style(face: Face, size: i32, bold: bool, lead: i32) -> Style {
    Style {
        face,
        size,
        bold,
        lead,
    }
}

/// The type sizes of one [`Setting`]; the page geometry is the same for both.
#[derive(Debug, Clone, Copy)]
struct Styles {
    title: Style,
    section: Style,
    subhead: Style,
    body: Style,
    kai_body: Style,
    letter: Style,
    quote: Style,
    meta: Style,
    cell: Style,
    cell_head: Style,
    amount: Style,
    toc_entry: Style,
}

// Compact: 三号 16 pt headings, 小四 12 pt body (30 lines of 36 characters), 四号-ish letter.
const COMPACT: Styles = Styles {
    title: style(Face::Serif, pt(18), true, pt(30)),
    section: style(Face::Serif, pt(16), true, pt(28)),
    subhead: style(Face::Kai, pt(14), true, pt(24)),
    body: style(Face::Serif, pt(12), false, pt(21)),
    kai_body: style(Face::Kai, pt(12), false, pt(21)),
    letter: style(Face::Kai, pt(13), false, pt(23)),
    quote: style(Face::Kai, pt(12), false, pt(21)),
    meta: style(Face::Serif, 10_500, false, pt(18)),
    cell: style(Face::Serif, 10_500, false, pt(16)),
    cell_head: style(Face::Serif, 10_500, true, pt(16)),
    amount: style(Face::Serif, pt(14), true, pt(24)),
    toc_entry: style(Face::Serif, pt(14), false, pt(28)),
};

/// GB/T 9704 三号 (16 pt) set so 28 characters fill the 156 mm line.
const SAN_HAO: i32 = BODY_W / 28;
/// 22 lines in the 225 mm text block.
const OFFICIAL_LEAD: i32 = BODY_H / 22;

// Official: 二号 title, 三号 headings and body in the 仿宋-like face (no free 仿宋 exists;
// the bundled 楷-style face is the nearest), 22 lines of 28 characters; tables 小四.
const OFFICIAL: Styles = Styles {
    title: style(Face::Serif, pt(22), true, pt(36)),
    section: style(Face::Serif, SAN_HAO, true, OFFICIAL_LEAD),
    subhead: style(Face::Kai, SAN_HAO, true, OFFICIAL_LEAD),
    body: style(Face::Kai, SAN_HAO, false, OFFICIAL_LEAD),
    kai_body: style(Face::Kai, SAN_HAO, false, OFFICIAL_LEAD),
    letter: style(Face::Kai, SAN_HAO, false, OFFICIAL_LEAD),
    quote: style(Face::Kai, SAN_HAO, false, OFFICIAL_LEAD),
    meta: style(Face::Serif, pt(12), false, pt(20)),
    cell: style(Face::Serif, pt(12), false, pt(18)),
    cell_head: style(Face::Serif, pt(12), true, pt(18)),
    amount: style(Face::Serif, SAN_HAO, true, OFFICIAL_LEAD),
    toc_entry: style(Face::Serif, SAN_HAO, false, OFFICIAL_LEAD),
};

impl Styles {
    fn of(setting: Setting) -> Self {
        match setting {
            Setting::Compact => COMPACT,
            Setting::Official => OFFICIAL,
        }
    }
}

const COVER_TITLE: Style = style(Face::Serif, pt(26), true, pt(40));
const COVER_SUB: Style = style(Face::Serif, pt(22), true, pt(34));
/// A cover value is set in the first size whose lines fit; past the last it is an error.
const COVER_FITS: [(Style, usize); 3] = [
    (style(Face::Serif, pt(15), false, pt(30)), 2),
    (style(Face::Serif, pt(12), false, pt(22)), 3),
    (style(Face::Serif, 10_500, false, pt(18)), 4),
];
const COVER_LABEL: Style = COVER_FITS[0].0;
const PAGE_NO: Style = style(Face::Serif, pt(14), false, pt(14));
const FOOT_META: Style = style(Face::Serif, 7_500, false, pt(10));

/// One thing to draw. Coordinates in milli-points from the page's top-left corner;
/// text `y` is the baseline.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Text {
        x: i32,
        y: i32,
        face: Face,
        size: i32,
        bold: bool,
        /// Extra space after each glyph (PDF `Tc`), for justified lines.
        spacing: i32,
        text: String,
    },
    Line {
        x1: i32,
        y1: i32,
        x2: i32,
        y2: i32,
        width: i32,
        dashed: bool,
        grey: bool,
    },
    Rect {
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        width: i32,
    },
}

fn is_cjk_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’')
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// A laid-out document: pages of items, and the page each ToC entry starts on.
pub struct Laid {
    pub pages: Vec<Vec<Item>>,
    pub toc: Vec<(String, usize)>,
}

/// Lays the model out, twice if needed: the first pass finds where each section starts,
/// the next prints those numbers in the 目录. ToC lines have a fixed-width number
/// column, so the numbers cannot move anything; the loop only guards that invariant.
pub fn layout(
    model: &DossierModel,
    opts: &RenderOptions,
    fonts: &Fonts,
) -> Result<Laid, DossierError> {
    let blocks = content::blocks(model, opts);
    let styles = Styles::of(opts.setting);
    let mut toc: Option<Vec<(String, usize)>> = None;
    for _ in 0..3 {
        let mut l = Layouter::new(fonts, styles, toc.clone());
        l.run(model, &blocks)?;
        if toc.as_ref() == Some(&l.marks) {
            l.footers(model)?;
            return Ok(Laid {
                pages: l.pages,
                toc: l.marks,
            });
        }
        toc = Some(l.marks);
    }
    Err(DossierError::InvalidModel(
        "table of contents did not settle".to_string(),
    ))
}

/// Wrapped lines: the glyphs of each, and whether it ends its paragraph.
type Lines = Vec<(Vec<Glyph>, bool)>;

/// May the gap after `a` stretch when justifying? Not inside an ASCII word or number:
/// Latin is never letter-spaced.
fn stretchable(a: char, b: char) -> bool {
    !(a.is_ascii_graphic() && b.is_ascii_graphic())
}

struct Layouter<'a> {
    fonts: &'a Fonts,
    s: Styles,
    pages: Vec<Vec<Item>>,
    y: i32,
    marks: Vec<(String, usize)>,
    toc_in: Option<Vec<(String, usize)>>,
}

impl<'a> Layouter<'a> {
    fn new(fonts: &'a Fonts, s: Styles, toc_in: Option<Vec<(String, usize)>>) -> Self {
        Self {
            fonts,
            s,
            pages: vec![Vec::new()],
            y: TOP,
            marks: Vec::new(),
            toc_in,
        }
    }

    fn page(&mut self) -> &mut Vec<Item> {
        self.pages.last_mut().expect("at least one page")
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `h` still fits (a fresh page always accepts).
    fn ensure(&mut self, h: i32) {
        if self.y + h > BOTTOM && self.y > TOP {
            self.new_page();
        }
    }

    // ---- text measurement ----

    fn shape(&self, text: &str, face: Face, ctx: &str) -> Result<Vec<Glyph>, DossierError> {
        self.fonts.shape(text, face, ctx)
    }

    fn natural_advance(&self, g: &Glyph, size: i32) -> i32 {
        (i64::from(g.advance) * i64::from(size) / i64::from(self.fonts.units_per_em(g.face))) as i32
    }

    /// Advance as set: curly quotes take a full em, as in Chinese typesetting, although
    /// both faces map them to proportional Latin glyphs.
    fn advance(&self, g: &Glyph, size: i32) -> i32 {
        let natural = self.natural_advance(g, size);
        if is_cjk_quote(g.ch) {
            natural.max(size)
        } else {
            natural
        }
    }

    fn width(&self, glyphs: &[Glyph], size: i32) -> i32 {
        glyphs.iter().map(|g| self.advance(g, size)).sum()
    }

    fn text_width(&self, text: &str, st: Style, ctx: &str) -> Result<i32, DossierError> {
        Ok(self.width(&self.shape(text, st.face, ctx)?, st.size))
    }

    /// Wraps `text` (hard breaks at '\n') into lines; the bool marks a paragraph's last
    /// line, which is never justified.
    fn wrap(
        &self,
        text: &str,
        st: Style,
        first_w: i32,
        w: i32,
        ctx: &str,
    ) -> Result<Lines, DossierError> {
        let mut out = Vec::new();
        for (pi, para) in text.split('\n').enumerate() {
            let glyphs = self.shape(para, st.face, ctx)?;
            let chars: Vec<char> = glyphs.iter().map(|g| g.ch).collect();
            let widths: Vec<i32> = glyphs.iter().map(|g| self.advance(g, st.size)).collect();
            let fw = if pi == 0 { first_w } else { w };
            let ranges = break_lines_indented(&chars, &widths, fw, w);
            if ranges.is_empty() {
                out.push((Vec::new(), true));
            }
            let n = ranges.len();
            for (i, (a, b)) in ranges.into_iter().enumerate() {
                out.push((glyphs[a..b].to_vec(), i + 1 == n));
            }
        }
        Ok(out)
    }

    /// A heading's lines, narrowed until the last line holds at least two characters:
    /// a heading never ends on a line of one.
    fn wrap_heading(
        &self,
        text: &str,
        st: Style,
        w: i32,
        ctx: &str,
    ) -> Result<Lines, DossierError> {
        let mut width = w;
        loop {
            let lines = self.wrap(text, st, width, width, ctx)?;
            let lone = lines.len() > 1 && lines.last().is_some_and(|(g, _)| g.len() < 2);
            if !lone || width <= w / 2 {
                return Ok(lines);
            }
            width -= st.size;
        }
    }

    fn baseline(top: i32, st: Style) -> i32 {
        // Noto CJK and WenKai both sit their ideographic em box ~0.88 em above baseline.
        top + (st.lead - st.size) / 2 + st.size * 88 / 100
    }

    /// Draws one line whose box starts at `top` on the current page.
    fn draw_line(&mut self, glyphs: &[Glyph], x: i32, top: i32, w: i32, st: Style, align: Align) {
        let items = self.line_items(glyphs, x, top, w, st, align);
        self.page().extend(items);
    }

    /// The text items for one line, split into runs of one face and one spacing. A
    /// justified line stretches only the gaps at CJK characters and spaces.
    fn line_items(
        &self,
        glyphs: &[Glyph],
        x: i32,
        top: i32,
        w: i32,
        st: Style,
        align: Align,
    ) -> Vec<Item> {
        let n = glyphs.len();
        let stretch: Vec<bool> = (0..n)
            .map(|i| i + 1 < n && stretchable(glyphs[i].ch, glyphs[i + 1].ch))
            .collect();
        let natural = self.width(glyphs, st.size);
        let (mut x, per_gap) = match align {
            Align::Left => (x, 0),
            Align::Center => (x + (w - natural) / 2, 0),
            Align::Right => (x + w - natural, 0),
            Align::Justify => {
                let gaps = stretch.iter().filter(|s| **s).count() as i32;
                let extra = w - natural;
                // A line cut short by a long ASCII word would gape: leave it ragged.
                if gaps > 0 && extra > 0 && extra / gaps <= st.size / 4 {
                    (x, extra / gaps)
                } else {
                    (x, 0)
                }
            }
        };
        let gap = |i: usize| if stretch[i] { per_gap } else { 0 };
        let y = Self::baseline(top, st);
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let g0 = glyphs[i];
            let spacing = gap(i);
            if is_cjk_quote(g0.ch) {
                // Opening quotes sit at the right of their em box, closing ones at the left.
                let full = self.advance(&g0, st.size);
                let shift = if matches!(g0.ch, '“' | '‘') {
                    full - self.natural_advance(&g0, st.size)
                } else {
                    0
                };
                out.push(Item::Text {
                    x: x + shift,
                    y,
                    face: g0.face,
                    size: st.size,
                    bold: st.bold,
                    spacing,
                    text: g0.ch.to_string(),
                });
                x += full + spacing;
                i += 1;
                continue;
            }
            let mut j = i + 1;
            while j < n
                && glyphs[j].face == g0.face
                && !is_cjk_quote(glyphs[j].ch)
                && gap(j - 1) == spacing
            {
                j += 1;
            }
            out.push(Item::Text {
                x,
                y,
                face: g0.face,
                size: st.size,
                bold: st.bold,
                spacing,
                text: glyphs[i..j].iter().map(|g| g.ch).collect(),
            });
            x += (i..j)
                .map(|k| self.advance(&glyphs[k], st.size) + gap(k))
                .sum::<i32>();
            i = j;
        }
        out
    }

    /// Wrapped lines at the cursor, breaking pages between lines.
    fn draw_lines(&mut self, lines: &Lines, st: Style, x: i32, w: i32, indent: i32, align: Align) {
        for (i, (g, last)) in lines.iter().enumerate() {
            self.ensure(st.lead);
            let (lx, lw) = if i == 0 {
                (x + indent, w - indent)
            } else {
                (x, w)
            };
            let a = if align == Align::Justify && *last {
                Align::Left
            } else {
                align
            };
            let top = self.y;
            self.draw_line(g, lx, top, lw, st, a);
            self.y += st.lead;
        }
    }

    /// A flowing paragraph across the text block.
    fn paragraph(
        &mut self,
        text: &str,
        st: Style,
        indent: i32,
        align: Align,
        ctx: &str,
    ) -> Result<(), DossierError> {
        let lines = self.wrap(text, st, BODY_W - indent, BODY_W, ctx)?;
        self.draw_lines(&lines, st, LEFT, BODY_W, indent, align);
        Ok(())
    }

    fn hline(&mut self, x1: i32, x2: i32, y: i32, width: i32) {
        self.page().push(Item::Line {
            x1,
            y1: y,
            x2,
            y2: y,
            width,
            dashed: false,
            grey: false,
        });
    }

    fn vline(&mut self, x: i32, y1: i32, y2: i32) {
        self.page().push(Item::Line {
            x1: x,
            y1,
            x2: x,
            y2,
            width: RULE,
            dashed: false,
            grey: false,
        });
    }

    // ---- blocks ----

    fn para_style(&self, style: ParaStyle) -> Style {
        match style {
            ParaStyle::Body => self.s.body,
            ParaStyle::Kai => self.s.kai_body,
            ParaStyle::Letter => self.s.letter,
        }
    }

    /// The least of `next` that must share a page with the heading before it.
    fn lead_in(&self, next: Option<&Block>) -> Result<i32, DossierError> {
        let s = self.s;
        Ok(match next {
            Some(Block::Para { style, .. }) => self.para_style(*style).lead * 2,
            Some(Block::Quote(_)) => s.quote.lead * 2 + pt(3),
            Some(Block::Meta(_)) => s.meta.lead + s.subhead.lead + s.body.lead * 2,
            Some(Block::Amount(lines)) => s.amount.lead + s.body.lead * (lines.len() as i32 - 1),
            Some(Block::Table {
                header,
                rows,
                widths,
            }) => {
                let xs = Self::columns(widths);
                let head = self.wrap_row(&xs, header, s.cell_head)?;
                let first = match rows.first() {
                    Some(r) => Self::row_height(&self.wrap_row(&xs, r, s.cell)?, s.cell),
                    None => 0,
                };
                Self::row_height(&head, s.cell_head) + first
            }
            Some(Block::Checklist { section, items }) => {
                let h = self.checklist_heights(*section, items)?;
                let whole: i32 = h.iter().sum();
                if whole <= BODY_H { whole } else { h[0] }
            }
            _ => 0,
        })
    }

    fn run(&mut self, model: &DossierModel, blocks: &[Block]) -> Result<(), DossierError> {
        let entries: Vec<String> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Title { text, toc: true } | Block::Section { text, toc: true } => {
                    Some(text.clone())
                }
                _ => None,
            })
            .collect();
        let s = self.s;
        for (bi, b) in blocks.iter().enumerate() {
            let next = blocks.get(bi + 1);
            match b {
                Block::Cover => self.cover(model)?,
                Block::Toc => self.toc(&entries)?,
                Block::PageBreak => self.new_page(),
                Block::Title { text, toc } => {
                    let lines = self.wrap_heading(text, s.title, BODY_W, "标题 / title")?;
                    let h = pt(20) + s.title.lead * lines.len() as i32;
                    self.ensure(h + self.lead_in(next)?);
                    if *toc {
                        self.marks.push((text.clone(), self.pages.len()));
                    }
                    self.y += pt(6);
                    self.draw_lines(&lines, s.title, LEFT, BODY_W, 0, Align::Center);
                    self.y += pt(14);
                }
                Block::Section { text, toc } => {
                    let ctx = "措施名称 / measure title";
                    let lines = self.wrap_heading(text, s.section, BODY_W, ctx)?;
                    let h = s.section.lead * lines.len() as i32;
                    self.ensure(h + self.lead_in(next)?);
                    if *toc {
                        self.marks.push((text.clone(), self.pages.len()));
                    }
                    self.draw_lines(&lines, s.section, LEFT, BODY_W, 0, Align::Left);
                }
                Block::Meta(t) => {
                    self.paragraph(t, s.meta, 0, Align::Left, "措施编号 / measure id")?;
                    self.y += pt(4);
                }
                Block::Subheading(t) => {
                    let lines = self.wrap_heading(t, s.subhead, BODY_W, "标题 / heading")?;
                    let h = pt(8) + s.subhead.lead * lines.len() as i32;
                    self.ensure(h + self.lead_in(next)?);
                    self.y += pt(6);
                    self.draw_lines(&lines, s.subhead, LEFT, BODY_W, 0, Align::Left);
                    self.y += pt(2);
                }
                Block::Para {
                    text,
                    style,
                    indent,
                } => {
                    let st = self.para_style(*style);
                    let indent = if *indent { st.size * 2 } else { 0 };
                    self.paragraph(text, st, indent, Align::Justify, "正文 / paragraph")?;
                }
                Block::Quote(q) => self.quote(q)?,
                Block::Table {
                    header,
                    rows,
                    widths,
                } => self.table(header, rows, widths)?,
                Block::Amount(lines) => {
                    let x = LEFT + pt(24);
                    let w = BODY_W - pt(24);
                    for (i, l) in lines.iter().enumerate() {
                        let st = if i == 0 { s.amount } else { s.body };
                        let wrapped = self.wrap(l, st, w, w, "金额 / amount")?;
                        self.draw_lines(&wrapped, st, x, w, 0, Align::Left);
                    }
                }
                Block::Checklist { section, items } => self.checklist(*section, items)?,
                Block::Signature => self.signature()?,
            }
        }
        Ok(())
    }

    /// Wraps one cover value in the largest size whose lines fit the field.
    fn fit_cover_value(
        &self,
        label: &str,
        value: &str,
        w: i32,
    ) -> Result<(Style, Lines), DossierError> {
        for (st, max_lines) in COVER_FITS {
            let lines = self.wrap(value, st, w, w, label)?;
            if lines.len() <= max_lines {
                return Ok((st, lines));
            }
        }
        Err(DossierError::CoverFieldTooLong {
            field: label.to_string(),
            chars: value.chars().count(),
        })
    }

    fn cover(&mut self, model: &DossierModel) -> Result<(), DossierError> {
        self.y = TOP + mm(30);
        let title = self.wrap_heading(&model.project_title, COVER_TITLE, BODY_W, "项目名称")?;
        self.draw_lines(&title, COVER_TITLE, LEFT, BODY_W, 0, Align::Center);
        self.y += pt(18);
        let sub = self.shape("申 报 材 料", COVER_SUB.face, "cover")?;
        let top = self.y;
        self.draw_line(&sub, LEFT, top, BODY_W, COVER_SUB, Align::Center);
        self.y += COVER_SUB.lead;

        // Labels right-aligned in a column, values centred on ruled lines; a long value
        // wraps within its field, then shrinks, and is refused past that.
        let label_w = mm(52);
        let line_x = LEFT + mm(8) + label_w;
        let line_w = RIGHT - mm(8) - line_x;
        let value_w = line_w - pt(8);
        let mut fields = Vec::new();
        for (label, value) in content::cover_fields(model) {
            let fitted = match &value {
                Some(v) => self.fit_cover_value(label, v, value_w)?,
                None => (COVER_LABEL, vec![(Vec::new(), true)]),
            };
            fields.push((label, fitted));
        }
        let gap = pt(10);
        let total: i32 = fields
            .iter()
            .map(|(_, (st, lines))| st.lead * lines.len() as i32 + gap)
            .sum();
        // Start lower for the usual short values; rise as far as the sub-title for long ones.
        self.y = (TOP + mm(105)).min(BOTTOM - total).max(self.y + pt(12));
        for (label, (st, lines)) in fields {
            let lab = self.shape(&format!("{label}："), COVER_LABEL.face, label)?;
            // Label and first value line share a baseline whatever size the value took.
            let label_top = self.y + Self::baseline(0, st) - Self::baseline(0, COVER_LABEL);
            self.draw_line(
                &lab,
                LEFT + mm(8),
                label_top,
                label_w,
                COVER_LABEL,
                Align::Right,
            );
            for (g, _) in &lines {
                let top = self.y;
                self.draw_line(g, line_x + pt(4), top, value_w, st, Align::Center);
                let rule_y = Self::baseline(top, st) + pt(4);
                self.hline(line_x, line_x + line_w, rule_y, RULE);
                self.y += st.lead;
            }
            self.y += gap;
        }
        if self.y > BOTTOM {
            return Err(DossierError::CoverFieldTooLong {
                field: "申报单位（盖章）".to_string(),
                chars: model.firm.name.as_deref().map_or(0, |n| n.chars().count()),
            });
        }
        Ok(())
    }

    fn toc(&mut self, entries: &[String]) -> Result<(), DossierError> {
        let (title_st, st) = (self.s.title, self.s.toc_entry);
        self.y += pt(6);
        self.paragraph(content::TOC_TITLE, title_st, 0, Align::Center, "目录")?;
        self.y += pt(18);
        let num_w = pt(40);
        let title_w = BODY_W - num_w - pt(24);
        let hang = st.size * 2;
        for (i, entry) in entries.iter().enumerate() {
            let page = self
                .toc_in
                .as_ref()
                .and_then(|t| t.get(i))
                .map(|(_, p)| *p)
                .unwrap_or(0);
            let lines = self.wrap(entry, st, title_w, title_w - hang, "目录 / contents")?;
            let n = lines.len();
            self.ensure(st.lead * n as i32);
            for (li, (g, _)) in lines.iter().enumerate() {
                let top = self.y;
                let x = if li == 0 { LEFT } else { LEFT + hang };
                self.draw_line(g, x, top, title_w, st, Align::Left);
                if li + 1 == n {
                    // Dotted leader from the title's end to the number column.
                    let end = x + self.width(g, st.size) + pt(6);
                    let base = Self::baseline(top, st);
                    self.page().push(Item::Line {
                        x1: end,
                        y1: base,
                        x2: RIGHT - num_w - pt(4),
                        y2: base,
                        width: 900,
                        dashed: true,
                        grey: false,
                    });
                    let num = self.shape(&page.to_string(), Face::Serif, "目录")?;
                    self.draw_line(&num, RIGHT - num_w, top, num_w, st, Align::Right);
                }
                self.y += st.lead;
            }
        }
        Ok(())
    }

    fn quote(&mut self, q: &str) -> Result<(), DossierError> {
        // Verbatim text: set off by a grey rule on the left, in the 楷体-like face.
        let st = self.s.quote;
        let x = LEFT + pt(24);
        let w = BODY_W - pt(24);
        let lines = self.wrap(q, st, w, w, "政策原文 / policy text")?;
        self.y += pt(3);
        let mut seg_top = self.y;
        for (g, last) in &lines {
            if self.y + st.lead > BOTTOM {
                self.quote_rule(x, seg_top);
                self.new_page();
                seg_top = self.y;
            }
            let top = self.y;
            let a = if *last { Align::Left } else { Align::Justify };
            self.draw_line(g, x, top, w, st, a);
            self.y += st.lead;
        }
        self.quote_rule(x, seg_top);
        self.y += pt(3);
        Ok(())
    }

    fn quote_rule(&mut self, x: i32, top: i32) {
        let bottom = self.y;
        self.page().push(Item::Line {
            x1: x - pt(10),
            y1: top + pt(2),
            x2: x - pt(10),
            y2: bottom - pt(2),
            width: pt(2),
            dashed: false,
            grey: true,
        });
    }

    /// Column edges for widths in percent of the text block.
    fn columns(pct: &[i32]) -> Vec<i32> {
        let total: i32 = pct.iter().sum::<i32>().max(1);
        let mut xs = vec![LEFT];
        for p in pct {
            let last = *xs.last().unwrap_or(&LEFT);
            xs.push(last + (i64::from(BODY_W) * i64::from(*p) / i64::from(total)) as i32);
        }
        if let Some(l) = xs.last_mut() {
            *l = RIGHT;
        }
        xs
    }

    fn wrap_row(
        &self,
        xs: &[i32],
        cells: &[String],
        st: Style,
    ) -> Result<Vec<Lines>, DossierError> {
        cells
            .iter()
            .enumerate()
            .map(|(c, t)| {
                let w = xs[c + 1] - xs[c] - 2 * CELL_PAD_X;
                self.wrap(t, st, w, w, "表格 / table cell")
            })
            .collect()
    }

    /// A bordered table. Rows split across pages line by line when they must, and the
    /// header row is repeated at the top of every continuation page.
    fn table(
        &mut self,
        header: &[String],
        rows: &[Vec<String>],
        pct: &[i32],
    ) -> Result<(), DossierError> {
        let (cell, cell_head) = (self.s.cell, self.s.cell_head);
        let xs = Self::columns(pct);
        let head = self.wrap_row(&xs, header, cell_head)?;
        let head_h = Self::row_height(&head, cell_head);
        let body: Vec<_> = rows
            .iter()
            .map(|r| self.wrap_row(&xs, r, cell))
            .collect::<Result<_, _>>()?;

        self.ensure(head_h + body.first().map_or(0, |r| Self::row_height(r, cell)));
        self.draw_row(&xs, &head, 0, usize::MAX, cell_head, true);
        let room = BODY_H - head_h - 2 * CELL_PAD_Y;
        for row in &body {
            let n = row.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut from = 0;
            while from < n {
                let avail = BOTTOM - self.y - 2 * CELL_PAD_Y;
                let fit = (avail / cell.lead).max(0) as usize;
                let rest = n - from;
                // Move a row to the next page whole when it would fit there; split only
                // rows taller than a page, and never leave a lone line behind.
                let whole_fits_next = (rest as i32) * cell.lead <= room;
                if fit >= rest {
                    self.draw_row(&xs, row, from, n, cell, false);
                    from = n;
                } else if from == 0 && whole_fits_next || fit < 2 {
                    self.new_page();
                    self.draw_row(&xs, &head, 0, usize::MAX, cell_head, true);
                } else {
                    self.draw_row(&xs, row, from, from + fit, cell, false);
                    from += fit;
                    self.new_page();
                    self.draw_row(&xs, &head, 0, usize::MAX, cell_head, true);
                }
            }
        }
        self.y += pt(8);
        Ok(())
    }

    fn row_height(cells: &[Lines], st: Style) -> i32 {
        let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as i32;
        n * st.lead + 2 * CELL_PAD_Y
    }

    /// Draws lines `from..to` of every cell as one row segment with its borders.
    fn draw_row(
        &mut self,
        xs: &[i32],
        cells: &[Lines],
        from: usize,
        to: usize,
        st: Style,
        header: bool,
    ) {
        let n = cells
            .iter()
            .map(|c| c.len().min(to).saturating_sub(from))
            .max()
            .unwrap_or(0)
            .max(1) as i32;
        let top = self.y;
        let h = n * st.lead + 2 * CELL_PAD_Y;
        for (c, lines) in cells.iter().enumerate() {
            let x = xs[c] + CELL_PAD_X;
            let w = xs[c + 1] - xs[c] - 2 * CELL_PAD_X;
            for (i, (g, last)) in lines
                .iter()
                .enumerate()
                .skip(from)
                .take(to.saturating_sub(from))
            {
                let ltop = top + CELL_PAD_Y + (i - from) as i32 * st.lead;
                let a = if header {
                    Align::Center
                } else if *last {
                    Align::Left
                } else {
                    Align::Justify
                };
                self.draw_line(g, x, ltop, w, st, a);
            }
        }
        let (l, r) = (xs[0], xs[xs.len() - 1]);
        self.hline(l, r, top, RULE);
        self.hline(l, r, top + h, RULE);
        for &x in xs {
            self.vline(x, top, top + h);
        }
        self.y = top + h;
    }

    const CHECK_BOX: i32 = pt(10);

    fn checklist_x() -> (i32, i32, i32) {
        let x = LEFT + pt(24);
        let text_x = x + Self::CHECK_BOX + pt(8);
        (x, text_x, RIGHT - text_x)
    }

    /// One checklist entry: its numbered name and the files attached to it.
    fn checklist_entry(
        &self,
        section: usize,
        i: usize,
        e: &EvidenceItem,
    ) -> Result<(Lines, Lines), DossierError> {
        let (_, _, w) = Self::checklist_x();
        let name = content::evidence_label(section, i, e);
        let name = self.wrap(&name, self.s.body, w, w, "申报材料 / evidence")?;
        let att = content::attachment_line(e);
        let att = self.wrap(&att, self.s.meta, w, w, "附件文件名 / attached file")?;
        Ok((name, att))
    }

    fn checklist_heights(
        &self,
        section: usize,
        items: &[EvidenceItem],
    ) -> Result<Vec<i32>, DossierError> {
        items
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let (name, att) = self.checklist_entry(section, i, e)?;
                Ok(name.len() as i32 * self.s.body.lead
                    + att.len() as i32 * self.s.meta.lead
                    + pt(4))
            })
            .collect()
    }

    /// The numbered 附件 list: kept on one page when it fits one, and an entry is never
    /// split from its file line.
    fn checklist(&mut self, section: usize, items: &[EvidenceItem]) -> Result<(), DossierError> {
        let (body, meta) = (self.s.body, self.s.meta);
        let heights = self.checklist_heights(section, items)?;
        let whole: i32 = heights.iter().sum();
        if whole <= BODY_H {
            self.ensure(whole);
        }
        let (x, text_x, w) = Self::checklist_x();
        for (i, e) in items.iter().enumerate() {
            let (name, att) = self.checklist_entry(section, i, e)?;
            self.ensure(heights[i]);
            let base = Self::baseline(self.y, body);
            self.page().push(Item::Rect {
                x,
                y: base - Self::CHECK_BOX + pt(1),
                w: Self::CHECK_BOX,
                h: Self::CHECK_BOX,
                width: 700,
            });
            self.draw_lines(&name, body, text_x, w, 0, Align::Left);
            self.draw_lines(&att, meta, text_x, w, 0, Align::Left);
            self.y += pt(4);
        }
        Ok(())
    }

    fn signature(&mut self) -> Result<(), DossierError> {
        // The boxes belong on the letter's page; sized so the standard letter fits one page.
        let letter = self.s.letter;
        let block_h = mm(8) + mm(14) + mm(30) + 2 * mm(5) + letter.lead;
        self.ensure(block_h);
        self.y += mm(8);
        let label_x = LEFT + mm(62);
        let box_x = LEFT + mm(104);
        let box_w = RIGHT - box_x;
        for (label, h) in [("法定代表人（签字）：", mm(14)), ("单位（盖章）：", mm(30))]
        {
            let g = self.shape(label, letter.face, "signature")?;
            let top = self.y;
            self.draw_line(
                &g,
                label_x,
                top + (h - letter.lead) / 2,
                box_x - label_x - pt(4),
                letter,
                Align::Right,
            );
            self.page().push(Item::Rect {
                x: box_x,
                y: top,
                w: box_w,
                h,
                width: RULE,
            });
            self.y += h + mm(5);
        }
        // 年 月 日 with ruled blanks for the hand-written date.
        let top = self.y;
        let parts = [("年", mm(22)), ("月", mm(12)), ("日", mm(12))];
        let unit_w = self.text_width("年", letter, "signature")?;
        let total: i32 = parts.iter().map(|(_, w)| w + unit_w + pt(2)).sum();
        let mut x = RIGHT - total;
        let base = Self::baseline(top, letter);
        for (unit, w) in parts {
            self.hline(x, x + w, base + pt(3), RULE);
            x += w + pt(1);
            let g = self.shape(unit, letter.face, "signature")?;
            self.draw_line(&g, x, top, unit_w, letter, Align::Left);
            x += unit_w + pt(1);
        }
        self.y += letter.lead;
        Ok(())
    }

    /// "— N —" at the outside edge, one character in (odd pages right, even pages left;
    /// none on the cover), and the data stamp on every page.
    fn footers(&mut self, model: &DossierModel) -> Result<(), DossierError> {
        let meta = content::footer_meta(model);
        let meta_lines = self.wrap(&meta, FOOT_META, BODY_W, BODY_W, "footer")?;
        let top = BOTTOM + mm(7) - (PAGE_NO.lead - PAGE_NO.size) / 2;
        let inset = PAGE_NO.size;
        for i in 0..self.pages.len() {
            let n = i + 1;
            let mut items = Vec::new();
            if n > 1 {
                let num = self.shape(&format!("— {n} —"), PAGE_NO.face, "footer")?;
                let w = BODY_W - inset;
                items = if n % 2 == 1 {
                    self.line_items(&num, LEFT, top, w, PAGE_NO, Align::Right)
                } else {
                    self.line_items(&num, LEFT + inset, top, w, PAGE_NO, Align::Left)
                };
            }
            let mut mt = top + PAGE_NO.lead + pt(8);
            for (g, _) in &meta_lines {
                items.extend(self.line_items(g, LEFT, mt, BODY_W, FOOT_META, Align::Center));
                mt += FOOT_META.lead;
            }
            self.pages[i].extend(items);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::fonts;
    use crate::sample::{sample_model, sample_model_with_measures};
    use std::collections::BTreeMap;

    /// Nothing is drawn outside the text block (footers: inside the bottom margin).
    #[test]
    fn nothing_overflows_the_text_block() {
        let f = fonts().unwrap();
        let mut m = sample_model_with_measures(6);
        let long = "0123456789ABCDEF".repeat(12);
        m.measures[0].quotes.push(format!(
            "超长原文{}。",
            "对工业企业实施的技术改造项目，".repeat(40)
        ));
        m.measures[0]
            .answers
            .push(crate::model::Row::new(long.clone(), long.clone()));
        m.firm_facts
            .push(crate::model::Row::new("备注", "很长的备注。".repeat(150)));
        m.firm.name =
            Some("济南某某某某某某某某某某某某某某某某某某某某机械制造有限责任公司".to_string());
        let laid = layout(&m, &RenderOptions::default(), f).unwrap();
        let l = Layouter::new(f, COMPACT, None);
        for (p, items) in laid.pages.iter().enumerate() {
            for it in items {
                match it {
                    Item::Text {
                        x,
                        y,
                        face,
                        size,
                        spacing,
                        text,
                        ..
                    } => {
                        let g = f.shape(text, *face, "t").unwrap();
                        let w: i32 =
                            g.iter().map(|g| l.advance(g, *size) + spacing).sum::<i32>() - spacing;
                        assert!(
                            *x >= LEFT && x + w <= RIGHT + 50,
                            "page {} x overflow: {text}",
                            p + 1
                        );
                        assert!(
                            *y > TOP && *y < PAGE_H - mm(10),
                            "page {} y overflow: {text}",
                            p + 1
                        );
                        if *y > BOTTOM {
                            assert!(text.starts_with('—') || text.contains("输入摘要"), "{text}");
                        }
                    }
                    Item::Line { y1, y2, .. } => {
                        assert!(*y1 >= TOP && *y2 <= BOTTOM, "page {} line outside", p + 1)
                    }
                    Item::Rect { y, h, .. } => assert!(*y >= TOP && y + h <= BOTTOM),
                }
            }
        }
    }

    #[test]
    fn tables_repeat_their_header_on_continuation_pages() {
        let f = fonts().unwrap();
        let mut m = crate::sample::sample_model();
        for i in 0..60 {
            m.firm_facts
                .push(crate::model::Row::new(format!("指标{i}"), "数值"));
        }
        let laid = layout(&m, &RenderOptions::default(), f).unwrap();
        let facts_page = laid
            .toc
            .iter()
            .find(|(t, _)| t == content::FACTS_TITLE)
            .unwrap()
            .1;
        let heads = |p: usize| {
            laid.pages[p - 1]
                .iter()
                .filter(|i| matches!(i, Item::Text { text, bold: true, .. } if text == "项目"))
                .count()
        };
        assert_eq!(heads(facts_page), 1);
        assert_eq!(
            heads(facts_page + 1),
            1,
            "header repeated on the continuation page"
        );
    }

    fn texts(items: &[Item]) -> impl Iterator<Item = (i32, i32, &String, i32, bool, i32)> {
        items.iter().filter_map(|i| match i {
            Item::Text {
                x,
                y,
                text,
                size,
                bold,
                spacing,
                ..
            } => Some((*x, *y, text, *size, *bold, *spacing)),
            _ => None,
        })
    }

    #[test]
    fn latin_is_never_letter_spaced() {
        let f = fonts().unwrap();
        let mut m = sample_model_with_measures(3);
        m.measures[0].calculation.push(
            "〔7a-completed-on-issue-day-1〕项目实际设备投资额 1,000,000.00 元 × 10% = 100,000.00 元，\
             措施编号 jinan-future-industries/3.1.2a 见附件。"
                .repeat(3),
        );
        let laid = layout(&m, &RenderOptions::default(), f).unwrap();
        let mut stretched = 0;
        for page in &laid.pages {
            for (_, _, text, _, _, spacing) in texts(page) {
                if spacing != 0 {
                    stretched += 1;
                    let c: Vec<char> = text.chars().collect();
                    assert!(
                        !c.windows(2)
                            .any(|w| w[0].is_ascii_graphic() && w[1].is_ascii_graphic()),
                        "Latin run letter-spaced: {text:?}"
                    );
                }
            }
        }
        assert!(stretched > 0, "some CJK lines are justified");
    }

    #[test]
    fn page_numbers_at_the_outside_edge_and_none_on_the_cover() {
        let f = fonts().unwrap();
        let laid = layout(&sample_model(), &RenderOptions::default(), f).unwrap();
        let l = Layouter::new(f, COMPACT, None);
        // The runs on the page-number line below the text block: (start, end, text).
        let number = |p: usize| {
            let runs: Vec<(i32, i32, String)> = texts(&laid.pages[p - 1])
                .filter(|(_, y, _, size, ..)| *y > BOTTOM && *size == PAGE_NO.size)
                .map(|(x, _, t, size, ..)| {
                    let w = l.width(&f.shape(t, Face::Serif, "t").unwrap(), size);
                    (x, x + w, t.clone())
                })
                .collect();
            (!runs.is_empty()).then(|| {
                let start = runs.iter().map(|r| r.0).min().unwrap();
                let end = runs.iter().map(|r| r.1).max().unwrap();
                (
                    start,
                    end,
                    runs.iter().map(|r| r.2.as_str()).collect::<String>(),
                )
            })
        };
        assert_eq!(number(1), None, "no number on the cover");
        let (x, _, t) = number(2).unwrap();
        assert_eq!(
            (x, t.as_str()),
            (LEFT + PAGE_NO.size, "— 2 —"),
            "even: left"
        );
        let (_, end, t) = number(3).unwrap();
        assert_eq!(
            (end, t.as_str()),
            (RIGHT - PAGE_NO.size, "— 3 —"),
            "odd: right"
        );
    }

    #[test]
    fn official_setting_sets_22_lines_of_28_characters() {
        let f = fonts().unwrap();
        let mut m = sample_model();
        m.measures[0]
            .calculation
            .push("对工业企业实施的技术改造项目按照设备投资额给予补助".repeat(60));
        let opts = RenderOptions {
            setting: Setting::Official,
            ..Default::default()
        };
        let laid = layout(&m, &opts, f).unwrap();
        // A page filled by that paragraph alone: every line a body line.
        let full = laid
            .pages
            .iter()
            .find(|p| {
                let lines: std::collections::BTreeSet<i32> = texts(p)
                    .filter(|(_, y, ..)| *y < BOTTOM)
                    .map(|(_, y, ..)| y)
                    .collect();
                lines.len() == 22
                    && texts(p)
                        .filter(|(_, y, ..)| *y < BOTTOM)
                        .all(|(.., size, _, _)| size == SAN_HAO)
            })
            .expect("a page of 22 body lines");
        let mut per_line: BTreeMap<i32, usize> = BTreeMap::new();
        for (_, y, t, ..) in texts(full).filter(|(_, y, ..)| *y < BOTTOM) {
            *per_line.entry(y).or_default() += t.chars().count();
        }
        assert!(per_line.values().all(|&n| n == 28), "{per_line:?}");
        // The compact setting: 12 pt body.
        let compact = layout(&m, &RenderOptions::default(), f).unwrap();
        assert!(compact.pages.len() < laid.pages.len());
    }

    #[test]
    fn long_cover_values_wrap_or_shrink_and_too_long_is_an_error() {
        let f = fonts().unwrap();
        let mut m = sample_model();
        for n in [30, 75, 85] {
            m.firm.name = Some(format!("{}有限公司", "济南某智能装备制造".repeat(n / 9)));
            let laid = layout(&m, &RenderOptions::default(), f).unwrap();
            for (x, y, t, ..) in texts(&laid.pages[0]) {
                assert!(
                    y < BOTTOM || t.contains("输入摘要"),
                    "{n}: {t} below the block"
                );
                assert!(x >= LEFT, "{n}: {t}");
            }
            let name_lines = texts(&laid.pages[0])
                .filter(|(_, _, t, ..)| t.contains("济南某"))
                .count();
            assert!((1..=4).contains(&name_lines), "{n}: {name_lines} lines");
        }
        m.firm.name = Some("济南".repeat(150));
        let err = layout(&m, &RenderOptions::default(), f).err().unwrap();
        assert!(matches!(
            err,
            DossierError::CoverFieldTooLong { ref field, chars: 300 } if field == "申报单位（盖章）"
        ));
        assert!(err.to_string().contains("too long"));
    }

    #[test]
    fn headings_never_end_on_one_character() {
        let f = fonts().unwrap();
        let l = Layouter::new(f, COMPACT, None);
        // 29 characters at 16 pt in 156 mm: 27 fit a line, so a plain wrap leaves 2; one
        // more makes a lone last character, which the heading wrap avoids.
        for n in 26..34 {
            let t: String = "技".repeat(n);
            let lines = l.wrap_heading(&t, COMPACT.section, BODY_W, "t").unwrap();
            assert!(
                lines.len() == 1 || lines.last().unwrap().0.len() >= 2,
                "{n}: {:?}",
                lines.iter().map(|(g, _)| g.len()).collect::<Vec<_>>()
            );
        }
    }

    /// Padding before the checklist moves it across the page break in every position:
    /// the 附件 list stays together and no heading ends a page.
    #[test]
    fn checklists_stay_together_and_headings_keep_with_the_next_line() {
        let f = fonts().unwrap();
        for pad in 0..30 {
            let mut m = sample_model();
            m.measures.truncate(1);
            m.measures[0].calculation = (0..pad).map(|i| format!("测算第{i}行")).collect();
            let laid = layout(&m, &RenderOptions::default(), f).unwrap();
            let pages_with: Vec<usize> = laid
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| texts(p).any(|(_, _, t, ..)| t.starts_with("附件1-")))
                .map(|(i, _)| i)
                .collect();
            assert_eq!(pages_with.len(), 1, "pad {pad}: checklist split");
            for (i, p) in laid.pages.iter().enumerate() {
                let last = texts(p)
                    .filter(|(_, y, ..)| *y < BOTTOM)
                    .max_by_key(|t| t.1);
                if let Some((_, _, t, size, true, _)) = last {
                    assert!(
                        size >= COMPACT.title.size || !t.starts_with('（'),
                        "pad {pad}: page {} ends with heading {t}",
                        i + 1
                    );
                }
            }
        }
    }

    #[test]
    fn no_appendix_page_without_entries() {
        let f = fonts().unwrap();
        let mut m = sample_model();
        m.appendix = Some(vec![]);
        let laid = layout(&m, &RenderOptions::default(), f).unwrap();
        assert!(laid.toc.iter().all(|(t, _)| t != content::APPENDIX_TITLE));
        let full = layout(&sample_model(), &RenderOptions::default(), f).unwrap();
        assert_eq!(full.pages.len(), laid.pages.len() + 1);
    }
}
