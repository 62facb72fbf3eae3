//! Pagination: entries (grid lines, blank lines, tables, page breaks) flow down the text block,
//! 22 grid lines a page. Text always starts on a grid line; table rows have their own pitch
//! and the table's header row is repeated at the top of every page it continues on.

use super::metrics::{Block, EPS, LINE};
use super::model::{Anchor, Ink, Mark, Stroke};

/// One or more grid lines drawn together; marks are positioned relative to the top of the
/// first line (y) and the page (x).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Lines {
    pub count: usize,
    pub marks: Vec<Mark>,
    /// Must be on the same page as the next entry (headings, the signature block).
    pub keep_with_next: bool,
    /// Outline entry pointing at this line.
    pub anchor: Option<String>,
}

/// A table row: its height and marks relative to its top.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Band {
    pub height: f64,
    pub marks: Vec<Mark>,
    /// Per column, the text of each of the cell's lines in this band, top to bottom (what the
    /// renderers after the PDF read, [`super::set_tables`]).
    pub cells: Vec<Vec<String>>,
}

/// A table: rows that flow over pages, each page's part closed by a bottom rule.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableFlow {
    pub header: Option<Band>,
    pub rows: Vec<Band>,
    pub left: f64,
    pub right: f64,
    pub rule: f64,
    /// The size and column widths the rows were set by.
    pub plan: super::TablePlan,
    /// Set in the portrait block, the table would be set at a readable size, or a larger one,
    /// on turned pages (see `table::plan`): an attachment holding it is set landscape.
    pub turn: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Entry {
    Lines(Lines),
    /// An empty grid line; dropped at the top of a page.
    Blank {
        keep_with_next: bool,
    },
    Table(TableFlow),
    /// A page break onto pages of `Block` (the turned block of a landscape attachment, or
    /// back to the portrait one): what follows is set in it.
    Block(Block),
}

impl Entry {
    fn keeps_with_next(&self) -> bool {
        match self {
            Entry::Lines(l) => l.keep_with_next,
            Entry::Blank { keep_with_next } => *keep_with_next,
            Entry::Table(_) | Entry::Block(_) => false,
        }
    }

    /// Height the entry needs at minimum on its first page.
    fn min_height(&self) -> f64 {
        match self {
            Entry::Lines(l) => l.count as f64 * LINE,
            Entry::Blank { .. } => LINE,
            Entry::Table(t) => {
                t.header.as_ref().map_or(0.0, |h| h.height)
                    + t.rows.first().map_or(0.0, |r| r.height)
            }
            Entry::Block(_) => 0.0,
        }
    }
}

/// Space kept between the bottom of a table and the text after it.
const AFTER_TABLE: f64 = 1.5;

/// The first grid line at or below `y` (mm from the top of the text block).
pub(crate) fn to_grid(y: f64) -> f64 {
    if y <= EPS {
        0.0
    } else {
        ((y - EPS) / LINE).ceil() * LINE
    }
}

/// Pages of marks (positioned on the page), the outline anchors, and where the text ended.
#[derive(Debug, Default)]
pub(crate) struct Flowed {
    pub pages: Vec<Vec<Mark>>,
    /// Per page, whether it is set in the turned block (landscape).
    pub turned: Vec<bool>,
    pub anchors: Vec<Anchor>,
    /// Bottom of the last content on the last page, mm from the top of the text block.
    pub end: f64,
}

struct Cursor {
    pages: Vec<Vec<Mark>>,
    turned: Vec<bool>,
    anchors: Vec<Anchor>,
    y: f64,
    /// The block of the current page.
    block: Block,
}

impl Cursor {
    fn page(&self) -> usize {
        self.pages.len() - 1
    }

    fn new_page(&mut self) {
        // The page before is complete: its marks are held until the PDF is written, without
        // the spare room their growth left.
        if let Some(last) = self.pages.last_mut() {
            last.shrink_to_fit();
        }
        self.pages.push(Vec::new());
        self.turned.push(self.block.turned());
        self.y = 0.0;
    }

    fn at_top(&self) -> bool {
        self.y <= EPS
    }

    /// Puts a copy of `marks` (a table's header, repeated on every page it continues on).
    fn put(&mut self, marks: &[Mark], top: f64) {
        let dy = self.block.top + top;
        let page = self.page();
        self.pages[page].extend(marks.iter().cloned().map(|m| m.shifted(dy)));
    }

    /// Moves `marks` onto the page: each line's and row's marks are placed once, so the
    /// pages take them over rather than copy them (a large table's marks are most of the
    /// memory a bulletin takes), and the entry's own buffer is freed as they go.
    fn place(&mut self, marks: &mut Vec<Mark>, top: f64) {
        let dy = self.block.top + top;
        let page = self.page();
        self.pages[page].extend(std::mem::take(marks).into_iter().map(|m| m.shifted(dy)));
    }
}

/// Flows `entries` from the top of page 1, moving their marks onto the pages (what is left of
/// the entries afterwards is their sizes, not their marks).
pub(crate) fn paginate(entries: &mut [Entry]) -> Flowed {
    let mut c = Cursor {
        pages: vec![Vec::new()],
        turned: vec![false],
        anchors: Vec::new(),
        y: 0.0,
        block: Block::PORTRAIT,
    };
    for i in 0..entries.len() {
        let chain = chain_height(&entries[i..]);
        let min_height = entries[i].min_height();
        match &mut entries[i] {
            Entry::Block(block) => {
                c.block = *block;
                if c.at_top() && c.pages[c.page()].is_empty() {
                    let page = c.page();
                    c.turned[page] = block.turned();
                } else {
                    c.new_page();
                }
            }
            Entry::Blank { .. } => {
                if !c.at_top() {
                    c.y = to_grid(c.y) + LINE;
                }
            }
            Entry::Lines(lines) => {
                let mut top = to_grid(c.y);
                let own = lines.count as f64 * LINE;
                let h = c.block.height;
                if top > EPS && (top + own > h + EPS || (chain <= h + EPS && top + chain > h + EPS))
                {
                    c.new_page();
                    top = 0.0;
                }
                c.place(&mut lines.marks, top);
                if let Some(title) = &lines.anchor {
                    c.anchors.push(Anchor {
                        title: title.clone(),
                        page: c.page(),
                        // A turned page's entry points at the page's top.
                        y: if c.block.turned() {
                            Block::PORTRAIT.top
                        } else {
                            c.block.top + top
                        },
                    });
                }
                c.y = top + own;
            }
            Entry::Table(table) => flow_table(&mut c, table, min_height),
        }
    }
    let end = c.y;
    Flowed {
        pages: c.pages,
        turned: c.turned,
        anchors: c.anchors,
        end,
    }
}

/// Height of `entries[0]` and the entries it must stay with.
fn chain_height(entries: &[Entry]) -> f64 {
    let mut h = 0.0;
    for e in entries {
        h += e.min_height();
        if !e.keeps_with_next() {
            break;
        }
    }
    h
}

fn flow_table(c: &mut Cursor, t: &mut TableFlow, min_height: f64) {
    let mut top = to_grid(c.y);
    if top > EPS && top + min_height > c.block.height + EPS {
        c.new_page();
        top = 0.0;
    }
    c.y = top;
    let close = |c: &mut Cursor| {
        let y = c.block.top + c.y;
        let page = c.page();
        c.pages[page].push(Mark::Stroke(Stroke::horizontal(
            t.left,
            t.right,
            y.min(c.block.bottom()),
            t.rule,
            Ink::Black,
        )));
    };
    if let Some(h) = &t.header {
        c.put(&h.marks, c.y);
        c.y += h.height;
    }
    let header_height = t.header.as_ref().map_or(0.0, |h| h.height);
    let mut rows_on_page = 0;
    for row in &mut t.rows {
        if rows_on_page > 0 && c.y + row.height > c.block.height + EPS {
            close(c);
            c.new_page();
            if let Some(h) = &t.header {
                c.put(&h.marks, 0.0);
                c.y = header_height;
            }
            rows_on_page = 0;
        }
        c.place(&mut row.marks, c.y);
        c.y += row.height;
        rows_on_page += 1;
    }
    close(c);
    c.y += AFTER_TABLE;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::metrics::{BLOCK_BOTTOM, BLOCK_TOP};

    /// A one-mark stand-in for a line's or a band's contents.
    fn tick() -> Mark {
        Mark::Stroke(Stroke::horizontal(0.0, 1.0, 0.0, 0.1, Ink::Black))
    }

    fn line(keep: bool) -> Entry {
        Entry::Lines(Lines {
            count: 1,
            marks: vec![tick()],
            keep_with_next: keep,
            anchor: None,
        })
    }

    fn marks_per_page(f: &Flowed) -> Vec<usize> {
        f.pages.iter().map(Vec::len).collect()
    }

    #[test]
    fn twenty_two_lines_a_page() {
        let mut entries: Vec<Entry> = (0..50).map(|_| line(false)).collect();
        let f = paginate(&mut entries);
        assert_eq!(marks_per_page(&f), vec![22, 22, 6]);
        // The last line of a page sits on grid line 22.
        let Mark::Stroke(s) = &f.pages[0][21] else {
            panic!()
        };
        assert!((s.y0 - (BLOCK_TOP + 21.0 * LINE)).abs() < 1e-9);
    }

    #[test]
    fn a_heading_is_never_the_last_line_of_a_page() {
        let mut entries: Vec<Entry> = (0..21).map(|_| line(false)).collect();
        entries.push(line(true));
        entries.push(line(false));
        let f = paginate(&mut entries);
        assert_eq!(marks_per_page(&f), vec![21, 2]);
    }

    #[test]
    fn blank_lines_vanish_at_the_top_of_a_page() {
        let mut entries: Vec<Entry> = (0..22).map(|_| line(false)).collect();
        entries.push(Entry::Blank {
            keep_with_next: false,
        });
        entries.push(line(false));
        let f = paginate(&mut entries);
        let Mark::Stroke(s) = &f.pages[1][0] else {
            panic!()
        };
        assert!((s.y0 - BLOCK_TOP).abs() < 1e-9);
    }

    #[test]
    fn table_rows_repeat_the_header_on_each_page() {
        let band = |h: f64| Band {
            height: h,
            marks: vec![tick()],
            cells: Vec::new(),
        };
        let table = TableFlow {
            header: Some(band(20.0)),
            rows: (0..30).map(|_| band(10.0)).collect(),
            left: 28.0,
            right: 184.0,
            rule: 0.2,
            plan: crate::typeset::TablePlan::default(),
            turn: false,
        };
        let f = paginate(&mut [line(false), Entry::Table(table)]);
        assert_eq!(f.pages.len(), 2);
        // Page 1: a line, the header, 19 rows, the closing rule; page 2: header, 11 rows, rule.
        assert_eq!(marks_per_page(&f), vec![1 + 1 + 19 + 1, 1 + 11 + 1]);
        for page in &f.pages {
            for m in page {
                if let Mark::Stroke(s) = m {
                    assert!(s.y0 <= BLOCK_BOTTOM + 1e-9);
                }
            }
        }
    }
}
