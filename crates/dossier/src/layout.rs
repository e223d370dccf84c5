//! Page layout in integer milli-points (1/1000 pt), y growing downward from the page
//! top. Integers keep layout exact and reproducible; the PDF writer converts at the end.
//!
//! Geometry after GB/T 9704: A4, 版心 156 × 225 mm, top margin 37 mm, left 28 mm,
//! page number "— N —" 7 mm below the text block.

use crate::RenderOptions;
use crate::content::{self, Block, ParaStyle};
use crate::error::DossierError;
use crate::fonts::{Face, Fonts, Glyph};
use crate::linebreak::break_lines_indented;
use crate::model::{DossierModel, EvidenceItem};

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

// 三号 16 pt for titles, 小四 12 pt body, 四号 14 pt letter text (sizes after GB/T 9704 names).
const COVER_TITLE: Style = style(Face::Serif, pt(26), true, pt(40));
const COVER_SUB: Style = style(Face::Serif, pt(22), true, pt(34));
const COVER_FIELD: Style = style(Face::Serif, pt(15), false, pt(30));
const TITLE: Style = style(Face::Serif, pt(18), true, pt(30));
const SECTION: Style = style(Face::Serif, pt(16), true, pt(28));
const SUBHEAD: Style = style(Face::Kai, pt(14), true, pt(24));
const BODY: Style = style(Face::Serif, pt(12), false, pt(21));
const KAI_BODY: Style = style(Face::Kai, pt(12), false, pt(21));
const LETTER: Style = style(Face::Kai, pt(13), false, pt(23));
const QUOTE: Style = style(Face::Kai, pt(12), false, pt(21));
const META: Style = style(Face::Serif, 10_500, false, pt(18));
const CELL: Style = style(Face::Serif, 10_500, false, pt(16));
const CELL_HEAD: Style = style(Face::Serif, 10_500, true, pt(16));
const AMOUNT: Style = style(Face::Serif, pt(14), true, pt(24));
const TOC_ENTRY: Style = style(Face::Serif, pt(14), false, pt(28));
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
    let mut toc: Option<Vec<(String, usize)>> = None;
    for _ in 0..3 {
        let mut l = Layouter::new(fonts, toc.clone());
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

struct Layouter<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Item>>,
    y: i32,
    marks: Vec<(String, usize)>,
    toc_in: Option<Vec<(String, usize)>>,
}

impl<'a> Layouter<'a> {
    fn new(fonts: &'a Fonts, toc_in: Option<Vec<(String, usize)>>) -> Self {
        Self {
            fonts,
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
    ) -> Result<Vec<(Vec<Glyph>, bool)>, DossierError> {
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

    fn baseline(top: i32, st: Style) -> i32 {
        // Noto CJK and WenKai both sit their ideographic em box ~0.88 em above baseline.
        top + (st.lead - st.size) / 2 + st.size * 88 / 100
    }

    /// Draws one line whose box starts at `top` on the current page.
    fn draw_line(&mut self, glyphs: &[Glyph], x: i32, top: i32, w: i32, st: Style, align: Align) {
        let items = self.line_items(glyphs, x, top, w, st, align);
        self.page().extend(items);
    }

    /// The text items for one line, split into runs per face.
    fn line_items(
        &self,
        glyphs: &[Glyph],
        x: i32,
        top: i32,
        w: i32,
        st: Style,
        align: Align,
    ) -> Vec<Item> {
        let mut out = Vec::new();
        let natural = self.width(glyphs, st.size);
        let (mut x, spacing) = match align {
            Align::Left => (x, 0),
            Align::Center => (x + (w - natural) / 2, 0),
            Align::Right => (x + w - natural, 0),
            Align::Justify => {
                let gaps = glyphs.len().saturating_sub(1) as i32;
                let extra = w - natural;
                // A line cut short by a long ASCII word would gape: leave it ragged.
                if gaps > 0 && extra > 0 && extra / gaps <= st.size / 4 {
                    (x, extra / gaps)
                } else {
                    (x, 0)
                }
            }
        };
        let y = Self::baseline(top, st);
        let mut i = 0;
        while i < glyphs.len() {
            let g0 = glyphs[i];
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
            let face = g0.face;
            let mut j = i;
            let mut run_w = 0;
            while j < glyphs.len() && glyphs[j].face == face && !is_cjk_quote(glyphs[j].ch) {
                run_w += self.advance(&glyphs[j], st.size) + spacing;
                j += 1;
            }
            let text: String = glyphs[i..j].iter().map(|g| g.ch).collect();
            out.push(Item::Text {
                x,
                y,
                face,
                size: st.size,
                bold: st.bold,
                spacing,
                text,
            });
            x += run_w;
            i = j;
        }
        out
    }

    /// A flowing paragraph at the cursor, breaking pages between lines.
    #[allow(clippy::too_many_arguments)]
    fn paragraph(
        &mut self,
        text: &str,
        st: Style,
        x: i32,
        w: i32,
        indent: i32,
        align: Align,
        ctx: &str,
    ) -> Result<(), DossierError> {
        let lines = self.wrap(text, st, w - indent, w, ctx)?;
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
        for b in blocks {
            match b {
                Block::Cover => self.cover(model)?,
                Block::Toc => self.toc(&entries)?,
                Block::PageBreak => self.new_page(),
                Block::Title { text, toc } => {
                    if *toc {
                        self.marks.push((text.clone(), self.pages.len()));
                    }
                    self.y += pt(6);
                    self.paragraph(text, TITLE, LEFT, BODY_W, 0, Align::Center, "title")?;
                    self.y += pt(14);
                }
                Block::Section { text, toc } => {
                    self.ensure(SECTION.lead * 4);
                    if *toc {
                        self.marks.push((text.clone(), self.pages.len()));
                    }
                    self.paragraph(text, SECTION, LEFT, BODY_W, 0, Align::Left, "measure.title")?;
                }
                Block::Meta(t) => {
                    self.paragraph(t, META, LEFT, BODY_W, 0, Align::Left, "measure.id")?;
                    self.y += pt(4);
                }
                Block::Subheading(t) => {
                    // Keep a heading with at least two lines of what follows.
                    self.ensure(SUBHEAD.lead + pt(6) + BODY.lead * 2);
                    self.y += pt(6);
                    self.paragraph(t, SUBHEAD, LEFT, BODY_W, 0, Align::Left, "heading")?;
                    self.y += pt(2);
                }
                Block::Para {
                    text,
                    style,
                    indent,
                } => {
                    let st = match style {
                        ParaStyle::Body => BODY,
                        ParaStyle::Kai => KAI_BODY,
                        ParaStyle::Letter => LETTER,
                    };
                    let indent = if *indent { st.size * 2 } else { 0 };
                    self.paragraph(text, st, LEFT, BODY_W, indent, Align::Justify, "paragraph")?;
                }
                Block::Quote(q) => self.quote(q)?,
                Block::Table {
                    header,
                    rows,
                    widths,
                } => self.table(header, rows, widths)?,
                Block::Amount(lines) => {
                    for (i, l) in lines.iter().enumerate() {
                        let st = if i == 0 { AMOUNT } else { BODY };
                        self.paragraph(
                            l,
                            st,
                            LEFT + pt(24),
                            BODY_W - pt(24),
                            0,
                            Align::Left,
                            "amount",
                        )?;
                    }
                }
                Block::Checklist(items) => self.checklist(items)?,
                Block::Signature => self.signature()?,
            }
        }
        Ok(())
    }

    fn cover(&mut self, model: &DossierModel) -> Result<(), DossierError> {
        self.y = TOP + mm(30);
        self.paragraph(
            &model.project_title,
            COVER_TITLE,
            LEFT,
            BODY_W,
            0,
            Align::Center,
            "project_title",
        )?;
        self.y += pt(18);
        self.paragraph(
            "申 报 材 料",
            COVER_SUB,
            LEFT,
            BODY_W,
            0,
            Align::Center,
            "cover",
        )?;

        // Labels right-aligned in a column, values on ruled lines.
        self.y = TOP + mm(105);
        let label_w = mm(52);
        let line_x = LEFT + mm(8) + label_w;
        let line_w = RIGHT - mm(8) - line_x;
        for (label, value) in content::cover_fields(model) {
            let lab = self.shape(&format!("{label}："), COVER_FIELD.face, "cover")?;
            let top = self.y;
            self.draw_line(&lab, LEFT + mm(8), top, label_w, COVER_FIELD, Align::Right);
            let lines = match &value {
                Some(v) => self.wrap(v, COVER_FIELD, line_w - pt(8), line_w - pt(8), "firm")?,
                None => vec![(Vec::new(), true)],
            };
            for (g, _) in &lines {
                let top = self.y;
                self.draw_line(
                    g,
                    line_x + pt(4),
                    top,
                    line_w - pt(8),
                    COVER_FIELD,
                    Align::Center,
                );
                let rule_y = Self::baseline(top, COVER_FIELD) + pt(4);
                self.hline(line_x, line_x + line_w, rule_y, RULE);
                self.y += COVER_FIELD.lead;
            }
            self.y += pt(10);
        }
        Ok(())
    }

    fn toc(&mut self, entries: &[String]) -> Result<(), DossierError> {
        self.y += pt(6);
        self.paragraph(
            content::TOC_TITLE,
            TITLE,
            LEFT,
            BODY_W,
            0,
            Align::Center,
            "toc",
        )?;
        self.y += pt(18);
        let num_w = pt(40);
        let title_w = BODY_W - num_w - pt(24);
        for (i, entry) in entries.iter().enumerate() {
            let page = self
                .toc_in
                .as_ref()
                .and_then(|t| t.get(i))
                .map(|(_, p)| *p)
                .unwrap_or(0);
            let lines = self.wrap(entry, TOC_ENTRY, title_w, title_w - pt(28), "toc")?;
            let n = lines.len();
            self.ensure(TOC_ENTRY.lead * n as i32);
            for (li, (g, _)) in lines.iter().enumerate() {
                let top = self.y;
                let x = if li == 0 { LEFT } else { LEFT + pt(28) };
                self.draw_line(g, x, top, title_w, TOC_ENTRY, Align::Left);
                if li + 1 == n {
                    // Dotted leader from the title's end to the number column.
                    let end = x + self.width(g, TOC_ENTRY.size) + pt(6);
                    let base = Self::baseline(top, TOC_ENTRY);
                    self.page().push(Item::Line {
                        x1: end,
                        y1: base,
                        x2: RIGHT - num_w - pt(4),
                        y2: base,
                        width: 900,
                        dashed: true,
                        grey: false,
                    });
                    let num = self.shape(&page.to_string(), Face::Serif, "toc")?;
                    self.draw_line(&num, RIGHT - num_w, top, num_w, TOC_ENTRY, Align::Right);
                }
                self.y += TOC_ENTRY.lead;
            }
        }
        Ok(())
    }

    fn quote(&mut self, q: &str) -> Result<(), DossierError> {
        // Verbatim text: set off by a grey rule on the left, in the 楷体-like face.
        let x = LEFT + pt(24);
        let w = BODY_W - pt(24);
        let lines = self.wrap(q, QUOTE, w, w, "measure.quote")?;
        self.y += pt(3);
        let mut seg_top = self.y;
        for (g, last) in &lines {
            if self.y + QUOTE.lead > BOTTOM {
                self.quote_rule(x, seg_top);
                self.new_page();
                seg_top = self.y;
            }
            let top = self.y;
            let a = if *last { Align::Left } else { Align::Justify };
            self.draw_line(g, x, top, w, QUOTE, a);
            self.y += QUOTE.lead;
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

    /// A bordered table. Rows split across pages line by line when they must, and the
    /// header row is repeated at the top of every continuation page.
    fn table(
        &mut self,
        header: &[String],
        rows: &[Vec<String>],
        pct: &[i32],
    ) -> Result<(), DossierError> {
        let total: i32 = pct.iter().sum();
        let mut xs = vec![LEFT];
        for p in pct {
            let last = *xs.last().unwrap_or(&LEFT);
            xs.push(last + (i64::from(BODY_W) * i64::from(*p) / i64::from(total)) as i32);
        }
        if let Some(l) = xs.last_mut() {
            *l = RIGHT;
        }
        let wrap_row = |this: &Self, cells: &[String], st: Style| {
            cells
                .iter()
                .enumerate()
                .map(|(c, t)| {
                    let w = xs[c + 1] - xs[c] - 2 * CELL_PAD_X;
                    this.wrap(t, st, w, w, "table cell")
                })
                .collect::<Result<Vec<_>, _>>()
        };
        let head = wrap_row(self, header, CELL_HEAD)?;
        let head_h = Self::row_height(&head, CELL_HEAD);
        let body: Vec<_> = rows
            .iter()
            .map(|r| wrap_row(self, r, CELL))
            .collect::<Result<_, _>>()?;

        self.ensure(head_h + body.first().map_or(0, |r| Self::row_height(r, CELL)));
        self.draw_row(&xs, &head, 0, usize::MAX, CELL_HEAD, true);
        let room = BODY_H - head_h - 2 * CELL_PAD_Y;
        for row in &body {
            let n = row.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut from = 0;
            while from < n {
                let avail = BOTTOM - self.y - 2 * CELL_PAD_Y;
                let fit = (avail / CELL.lead).max(0) as usize;
                let rest = n - from;
                // Move a row to the next page whole when it would fit there; split only
                // rows taller than a page, and never leave a lone line behind.
                let whole_fits_next = (rest as i32) * CELL.lead <= room;
                if fit >= rest {
                    self.draw_row(&xs, row, from, n, CELL, false);
                    from = n;
                } else if from == 0 && whole_fits_next || fit < 2 {
                    self.new_page();
                    self.draw_row(&xs, &head, 0, usize::MAX, CELL_HEAD, true);
                } else {
                    self.draw_row(&xs, row, from, from + fit, CELL, false);
                    from += fit;
                    self.new_page();
                    self.draw_row(&xs, &head, 0, usize::MAX, CELL_HEAD, true);
                }
            }
        }
        self.y += pt(8);
        Ok(())
    }

    fn row_height(cells: &[Vec<(Vec<Glyph>, bool)>], st: Style) -> i32 {
        let n = cells.iter().map(Vec::len).max().unwrap_or(0).max(1) as i32;
        n * st.lead + 2 * CELL_PAD_Y
    }

    /// Draws lines `from..to` of every cell as one row segment with its borders.
    fn draw_row(
        &mut self,
        xs: &[i32],
        cells: &[Vec<(Vec<Glyph>, bool)>],
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

    fn checklist(&mut self, items: &[EvidenceItem]) -> Result<(), DossierError> {
        let box_size = pt(10);
        let x = LEFT + pt(24);
        let text_x = x + box_size + pt(8);
        let w = RIGHT - text_x;
        for e in items {
            let name = self.wrap(&e.name, BODY, w, w, "evidence.name")?;
            let att = self.wrap(
                &content::attachment_line(e),
                META,
                w,
                w,
                "evidence.attached",
            )?;
            self.ensure(BODY.lead + META.lead);
            let top = self.y;
            let base = Self::baseline(top, BODY);
            self.page().push(Item::Rect {
                x,
                y: base - box_size + pt(1),
                w: box_size,
                h: box_size,
                width: 700,
            });
            for (g, _) in &name {
                self.ensure(BODY.lead);
                let top = self.y;
                self.draw_line(g, text_x, top, w, BODY, Align::Left);
                self.y += BODY.lead;
            }
            for (g, _) in &att {
                self.ensure(META.lead);
                let top = self.y;
                self.draw_line(g, text_x, top, w, META, Align::Left);
                self.y += META.lead;
            }
            self.y += pt(4);
        }
        Ok(())
    }

    fn signature(&mut self) -> Result<(), DossierError> {
        // The boxes belong on the letter's page; sized so the standard letter fits one page.
        let block_h = mm(8) + mm(14) + mm(30) + 2 * mm(5) + LETTER.lead;
        self.ensure(block_h);
        self.y += mm(8);
        let label_x = LEFT + mm(62);
        let box_x = LEFT + mm(104);
        let box_w = RIGHT - box_x;
        for (label, h) in [("法定代表人（签字）：", mm(14)), ("单位（盖章）：", mm(30))]
        {
            let g = self.shape(label, LETTER.face, "signature")?;
            let top = self.y;
            self.draw_line(
                &g,
                label_x,
                top + (h - LETTER.lead) / 2,
                box_x - label_x - pt(4),
                LETTER,
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
        let unit_w = self.text_width("年", LETTER, "signature")?;
        let total: i32 = parts.iter().map(|(_, w)| w + unit_w + pt(2)).sum();
        let mut x = RIGHT - total;
        let base = Self::baseline(top, LETTER);
        for (unit, w) in parts {
            self.hline(x, x + w, base + pt(3), RULE);
            x += w + pt(1);
            let g = self.shape(unit, LETTER.face, "signature")?;
            self.draw_line(&g, x, top, unit_w, LETTER, Align::Left);
            x += unit_w + pt(1);
        }
        self.y += LETTER.lead;
        Ok(())
    }

    /// "— N —" and the data stamp on every page, once the page count is known.
    fn footers(&mut self, model: &DossierModel) -> Result<(), DossierError> {
        let meta = content::footer_meta(model);
        let meta_lines = self.wrap(&meta, FOOT_META, BODY_W, BODY_W, "footer")?;
        for i in 0..self.pages.len() {
            let num = self.shape(&format!("— {} —", i + 1), PAGE_NO.face, "footer")?;
            let top = BOTTOM + mm(7) - (PAGE_NO.lead - PAGE_NO.size) / 2;
            let mut items = self.line_items(&num, LEFT, top, BODY_W, PAGE_NO, Align::Center);
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
    use crate::sample::sample_model_with_measures;

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
        let l = Layouter::new(f, None);
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
}
