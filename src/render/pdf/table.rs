//! Tables: 小四 (12 pt) text on a row grid of 3/5 of the body line pitch (five table lines
//! take exactly three body lines), spanning the block's width, all cells ruled. Column
//! widths come from the content ([`column_widths`]); cells wrap between words with the same
//! prohibitions as body text; numbers follow their column's alignment.

use std::collections::BTreeMap;

use super::error::PdfError;
use super::flow::{Band, TableFlow};
use super::fonts::FontStyle;
use super::linebreak::{self, Align, Frame, natural};
use super::metrics::{
    BLOCK_H, BLOCK_LEFT, BLOCK_RIGHT, BLOCK_W, EM_ASCENT, EPS, LINE, MM_PER_PT, em, size,
};
use super::model::{Ink, Mark, Stroke};
use super::shape::{Item, Kind, Piece};
use super::title;
use super::typeset::{Setter, place_with, run};
use crate::document::{Align as ColumnAlign, Table};

/// Type size of table text.
pub(crate) const TABLE_SIZE: f64 = size::XIAOSI;
/// Pitch of table lines: 3/5 of the body line pitch.
pub(crate) const TABLE_LINE: f64 = LINE * 3.0 / 5.0;
/// Space between a cell's rules and its text, left and right.
const PAD: f64 = 1.0;
/// Rules of the table: 0.5 pt.
pub(crate) const TABLE_RULE: f64 = 0.5 * MM_PER_PT;

/// A shaped cell with what width planning needs.
struct Cell {
    items: Vec<Item>,
    /// Width of each unbreakable piece (a word, [`crate::segment`], its prohibitions kept)
    /// and what its end can squeeze.
    clusters: Vec<(f64, f64)>,
    /// A figure: digits, signs and `%` only (its column is as wide as its widest figure).
    figure: bool,
}

/// The text of `items` as the segmenter sees it, and the byte offset where each starts.
fn item_text(items: &[Item]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(items.len());
    for item in items {
        starts.push(text.len());
        match item.kind {
            Kind::Space => text.push(' '),
            _ if item.glyphs.is_empty() => text.push('\u{3000}'),
            _ => text.extend(item.glyphs.iter().map(|g| g.ch)),
        }
    }
    (text, starts)
}

impl Cell {
    /// `words` remembers the segmentation of texts already seen (a table is shaped at several
    /// sizes, and its cells repeat).
    fn new(items: Vec<Item>, words: &mut BTreeMap<String, Vec<usize>>) -> Cell {
        let (text, starts) = item_text(&items);
        let figure = !text.trim().is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || " .,+-%％‰−".contains(c));
        let allowed = words
            .entry(text)
            .or_insert_with_key(|t| crate::segment::breaks(t));
        let mut clusters: Vec<(f64, f64)> = Vec::new();
        let mut at = 0;
        for c in linebreak::clusters(&items) {
            let width: f64 = c.iter().map(|i| i.width).sum();
            let shrink = c
                .iter()
                .rev()
                .take_while(|i| i.squeeze == super::script::Squeeze::Closing)
                .map(Item::shrink)
                .sum();
            let start = starts.get(at).copied().unwrap_or(usize::MAX);
            at += c.len();
            match clusters.last_mut() {
                // Inside a word: one piece with what came before.
                Some(last) if allowed.binary_search(&start).is_err() => {
                    last.0 += width;
                    last.1 = shrink;
                }
                _ => clusters.push((width, shrink)),
            }
        }
        Cell {
            items,
            clusters,
            figure,
        }
    }

    /// Widest thing that cannot be broken.
    fn min_width(&self) -> f64 {
        self.clusters.iter().map(|c| c.0 - c.1).fold(0.0, f64::max)
    }

    /// Width on one line.
    fn natural(&self) -> f64 {
        natural(&self.items)
    }

    /// Lines needed at `width` (greedy, as the line breaker does).
    fn lines(&self, width: f64) -> usize {
        let mut lines = 0;
        let mut cur: Option<f64> = None;
        for &(w, shrink) in &self.clusters {
            cur = match cur {
                Some(c) if c + w <= width + EPS => Some(c + w),
                Some(c) if c + w - shrink <= width + EPS => Some(f64::INFINITY),
                _ => {
                    lines += 1;
                    if w > width + EPS && width > EPS {
                        lines += (w / width).ceil() as usize - 1;
                    }
                    Some(w)
                }
            };
        }
        lines.max(1)
    }
}

/// Type sizes tried for a table, largest first: a table whose columns cannot all fit their
/// widest unbreakable word at 小四 is set smaller rather than overflow.
const TABLE_SIZES: [f64; 4] = [TABLE_SIZE, 10.5, 9.0, 7.5];

/// The smallest size a table is set at to keep its unit names on one line: 五号.
const NAMES_LIMIT: f64 = 10.5;

/// Widths with every figure and every text cell on one line (and no less than `mins`).
fn one_line_widths(rows: &[Vec<Cell>], mins: &[f64], columns: usize) -> Vec<f64> {
    (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(Cell::natural)
                .fold(mins[c], f64::max)
        })
        .collect()
}

/// Shaped header and rows of `table` at `size_pt`.
type Shaped = (Vec<Cell>, Vec<Vec<Cell>>);

fn shape_table(
    set: &Setter,
    table: &Table,
    columns: usize,
    size_pt: f64,
    what: &str,
    words: &mut BTreeMap<String, Vec<usize>>,
) -> Result<Shaped, PdfError> {
    let cell_em = em(size_pt);
    let mut shape_cell = |text: &str, place: &dyn Fn() -> String| -> Result<Cell, PdfError> {
        let items = set.shape(
            &[Piece {
                text,
                style: FontStyle::Fangsong,
            }],
            size_pt,
            cell_em,
            place,
        )?;
        Ok(Cell::new(items, words))
    };
    let mut header: Vec<Cell> = Vec::new();
    if table.header.iter().any(|h| !h.trim().is_empty()) {
        for c in 0..columns {
            let text = table.header.get(c).map_or("", String::as_str);
            header.push(shape_cell(text, &|| {
                place_with(&format!("{what}表头第{}列", c + 1), text)
            })?);
        }
    }
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(table.rows.len());
    for (r, row) in table.rows.iter().enumerate() {
        let mut cells = Vec::with_capacity(columns);
        for c in 0..columns {
            let text = row.get(c).map_or("", String::as_str);
            cells.push(shape_cell(text, &|| {
                place_with(&format!("{what}第{}行第{}列", r + 1, c + 1), text)
            })?);
        }
        rows.push(cells);
    }
    Ok((header, rows))
}

/// A table shaped at its size, with its columns' content widths (mm, without padding).
struct Planned {
    size_pt: f64,
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    widths: Vec<f64>,
}

/// Shapes `table` at the largest size whose columns fit, and plans the column widths.
fn planned(set: &Setter, table: &Table, what: &str) -> Result<(usize, Planned), PdfError> {
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(table.header.len()))
        .max()
        .unwrap_or(0);
    let available = BLOCK_W - 2.0 * PAD * columns as f64;
    // The largest size at which every column gets what it cannot do without and the text
    // columns their longest cell on one line; short of that, down to 五号 (10.5 pt), the
    // largest at which the minimums fit; smaller only when nothing else fits.
    let mut roomy: Option<(f64, Shaped)> = None;
    let mut first_fit: Option<(f64, Shaped)> = None;
    let mut last: Option<(f64, Shaped)> = None;
    let mut words = BTreeMap::new();
    for size_pt in TABLE_SIZES {
        let shaped = shape_table(set, table, columns, size_pt, what, &mut words)?;
        let mins = column_mins(&shaped.0, &shaped.1, columns, size_pt);
        let fits = mins.iter().sum::<f64>() <= available + EPS;
        if fits
            && one_line_widths(&shaped.1, &mins, columns)
                .iter()
                .sum::<f64>()
                <= available + EPS
        {
            roomy = Some((size_pt, shaped));
            break;
        }
        if fits && first_fit.is_none() {
            first_fit = Some((size_pt, shaped));
        } else {
            last = Some((size_pt, shaped));
        }
        if size_pt <= NAMES_LIMIT + EPS && first_fit.is_some() {
            break;
        }
    }
    let chosen = roomy.or(first_fit).or(last);
    let Some((size_pt, (header, rows))) = chosen else {
        return Err(PdfError::Internal("no table size".to_string()));
    };
    let widths = column_widths(&header, &rows, columns, available, size_pt);
    Ok((
        columns,
        Planned {
            size_pt,
            header,
            rows,
            widths,
        },
    ))
}

/// The type size and the column widths (mm from rule to rule, summing to the block's width)
/// this typesetter gives `table`; the DOCX writes the same widths.
pub(crate) fn plan(set: &Setter, table: &Table, what: &str) -> Result<(f64, Vec<f64>), PdfError> {
    let (_, p) = planned(set, table, what)?;
    Ok((p.size_pt, p.widths.iter().map(|w| w + 2.0 * PAD).collect()))
}

/// Lays out `table` over the block's width; `what` names it in messages.
pub(crate) fn layout(set: &Setter, table: &Table, what: &str) -> Result<TableFlow, PdfError> {
    let (
        columns,
        Planned {
            size_pt,
            header,
            rows,
            widths,
        },
    ) = planned(set, table, what)?;
    let aligns: Vec<Align> = (0..columns)
        .map(|c| match table.align.get(c) {
            Some(ColumnAlign::Right) => Align::Right,
            Some(ColumnAlign::Center) => Align::Center,
            _ => Align::Left,
        })
        .collect();
    let style = |aligns: &[Align], bold| RowStyle {
        size: size_pt,
        aligns: aligns.to_vec(),
        bold,
    };
    let header_band = if header.is_empty() {
        None
    } else {
        bands(&header, &widths, &style(&[Align::Center], true), usize::MAX)
            .into_iter()
            .next()
    };
    // A row taller than a page (after the repeated header) is cut into page-high bands.
    let header_height = header_band.as_ref().map_or(0.0, |b| b.height);
    let max_lines = (((BLOCK_H - header_height) / TABLE_LINE + EPS).floor() as usize).max(1);
    let row_style = style(&aligns, false);
    let row_bands = rows
        .iter()
        .flat_map(|row| bands(row, &widths, &row_style, max_lines))
        .collect();
    Ok(TableFlow {
        header: header_band,
        rows: row_bands,
        left: BLOCK_LEFT,
        right: BLOCK_RIGHT,
        rule: TABLE_RULE,
    })
}

/// What each column cannot do without: a short header label (up to three characters)
/// unbroken, two characters under a longer label (no text set one character a line), the
/// header's widest word (up to six characters) and its figures whole; words of other cells up
/// to four characters (a longer word, such as a unit's full name, may break where the block is
/// short of room).
fn column_mins(header: &[Cell], rows: &[Vec<Cell>], columns: usize, size_pt: f64) -> Vec<f64> {
    let label_em = em(size_pt);
    let step = label_em / 2.0;
    (0..columns)
        .map(|c| {
            let label = header.get(c).map_or(0.0, Cell::natural);
            let floor = if label <= 3.0 * label_em + EPS {
                label
            } else {
                2.0 * label_em
            };
            let head = header
                .get(c)
                .map_or(0.0, |h| h.min_width().min(6.0 * label_em));
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| {
                    if cell.figure {
                        cell.min_width()
                    } else {
                        cell.min_width().min(4.0 * label_em)
                    }
                })
                .fold(step.max(floor).max(head), f64::max)
        })
        .collect()
}

/// Content widths of the columns (mm, without padding), summing to `available`.
///
/// Widths come from the content: a column of figures is as wide as its widest figure (never
/// wrapped), every other column as wide as its longest cell on one line (unit names unbroken)
/// while the block allows — short of room, those columns share what is left in proportion to
/// what they lack. No column is narrower than its widest word or a short header label. Room
/// left over first takes a line off the tallest header cells while it can, then goes to the
/// text columns (the name column takes the rest). Linear in the table's size.
fn column_widths(
    header: &[Cell],
    rows: &[Vec<Cell>],
    columns: usize,
    available: f64,
    size_pt: f64,
) -> Vec<f64> {
    if columns == 0 {
        return Vec::new();
    }
    let step = em(size_pt) / 2.0;
    let mins = column_mins(header, rows, columns, size_pt);
    let total: f64 = mins.iter().sum();
    if total > available {
        let k = available / total;
        return mins.into_iter().map(|w| w * k).collect();
    }
    let body = |c: usize| rows.iter().filter_map(move |r| r.get(c));
    let natural: Vec<f64> = (0..columns)
        .map(|c| body(c).map(Cell::natural).fold(0.0, f64::max))
        .collect();
    let figures: Vec<bool> = (0..columns)
        .map(|c| {
            body(c).any(|cell| cell.figure)
                && body(c).all(|cell| cell.figure || cell.items.is_empty())
        })
        .collect();
    let mut widths: Vec<f64> = (0..columns)
        .map(|c| {
            if figures[c] {
                mins[c].max(natural[c])
            } else {
                mins[c]
            }
        })
        .collect();
    let texts: Vec<usize> = (0..columns).filter(|&c| !figures[c]).collect();
    // Text columns toward one line per cell, in proportion to what they lack.
    let lack: Vec<f64> = texts
        .iter()
        .map(|&c| (natural[c] - widths[c]).max(0.0))
        .collect();
    let slack = available - widths.iter().sum::<f64>();
    let lacking: f64 = lack.iter().sum();
    if lacking > EPS && slack > EPS {
        let k = (slack / lacking).min(1.0);
        for (&c, l) in texts.iter().zip(&lack) {
            widths[c] += l * k;
        }
    }
    // Take a line off wrapped header cells while the room allows: the tallest first, the
    // cheapest among equals.
    if !header.is_empty() {
        loop {
            let slack = available - widths.iter().sum::<f64>();
            let mut best: Option<(usize, f64, usize)> = None;
            for (c, cell) in header.iter().enumerate().take(columns) {
                let lines = cell.lines(widths[c]);
                if lines <= 1 {
                    continue;
                }
                let most = cell.natural();
                let mut w = widths[c];
                while cell.lines(w) >= lines && w < most {
                    w = (w + step).min(most);
                }
                let need = w - widths[c];
                if need <= EPS || need > slack + EPS {
                    continue;
                }
                let better = best.is_none_or(|(l, n, _)| lines > l || (lines == l && need < n));
                if better {
                    best = Some((lines, need, c));
                }
            }
            let Some((_, need, c)) = best else { break };
            widths[c] += need;
        }
    }
    // What is left goes to the text columns (all columns when there are none), in proportion
    // to their widths.
    let takers: Vec<usize> = if texts.is_empty() {
        (0..columns).collect()
    } else {
        texts
    };
    let slack = available - widths.iter().sum::<f64>();
    let sum: f64 = takers.iter().map(|&c| widths[c]).sum();
    if slack > EPS {
        for &c in &takers {
            widths[c] += if sum > EPS {
                slack * widths[c] / sum
            } else {
                slack / takers.len() as f64
            };
        }
    }
    widths
}

/// How a row is set.
struct RowStyle {
    size: f64,
    /// Alignment per column (the last one for the columns after).
    aligns: Vec<Align>,
    bold: bool,
}

/// A row as bands: its cells' lines centred vertically, its top rule and its column rules.
/// A row of more than `max_lines` lines is cut into several bands of at most that many, its
/// cells then set from the top.
fn bands(cells: &[Cell], widths: &[f64], style: &RowStyle, max_lines: usize) -> Vec<Band> {
    let cell_em = em(style.size);
    let set_cells: Vec<Vec<linebreak::Line>> = cells
        .iter()
        .enumerate()
        .map(|(c, cell)| {
            let x = column_left(widths, c) + PAD;
            let align = style
                .aligns
                .get(c)
                .or(style.aligns.last())
                .copied()
                .unwrap_or(Align::Left);
            let frame = Frame {
                left: x,
                width: widths.get(c).copied().unwrap_or(0.0),
                first_indent: 0.0,
                indent: 0.0,
                align: if align == Align::Justify {
                    Align::Left
                } else {
                    align
                },
                em: cell_em,
            };
            // Wrapped cells are balanced like titles: no short last line.
            title::balance(&cell.items, frame.width, cell_em)
                .iter()
                .map(|line| linebreak::set_line(line, &frame, true, true))
                .collect()
        })
        .collect();
    let lines = set_cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let split = lines > max_lines;
    let mut out = Vec::new();
    let mut first = 0;
    while first < lines {
        let count = (lines - first).min(max_lines);
        let height = count as f64 * TABLE_LINE;
        let mut marks = vec![Mark::Stroke(Stroke::horizontal(
            BLOCK_LEFT,
            BLOCK_RIGHT,
            0.0,
            TABLE_RULE,
            Ink::Black,
        ))];
        for c in 0..=widths.len() {
            let x = if c == widths.len() {
                BLOCK_RIGHT
            } else {
                column_left(widths, c)
            };
            marks.push(Mark::Stroke(Stroke::vertical(x, 0.0, height, TABLE_RULE)));
        }
        for cell_lines in &set_cells {
            let offset = if split {
                0.0
            } else {
                (lines - cell_lines.len()) as f64 * TABLE_LINE / 2.0
            };
            for (j, line) in cell_lines.iter().enumerate() {
                if j < first || j >= first + count {
                    continue;
                }
                let axis = offset + ((j - first) as f64 + 0.5) * TABLE_LINE;
                let baseline = axis + (EM_ASCENT - 0.5) * cell_em;
                let mut mark = run(line, style.size, Ink::Black, baseline);
                if let Mark::Text(text) = &mut mark {
                    text.bold = style.bold;
                }
                marks.push(mark);
            }
        }
        out.push(Band { height, marks });
        first += count;
    }
    out
}

/// Page x of column `c`'s left rule.
fn column_left(widths: &[f64], c: usize) -> f64 {
    BLOCK_LEFT + widths.iter().take(c).map(|w| w + 2.0 * PAD).sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::shape::testing::Fake;

    fn table(rows: usize) -> Table {
        Table {
            align: vec![ColumnAlign::Right, ColumnAlign::Left, ColumnAlign::Right],
            header: vec![
                "序号".into(),
                "县区".into(),
                "与序时进度差（百分点）".into(),
            ],
            rows: (0..rows)
                .map(|i| {
                    vec![
                        (i + 1).to_string(),
                        if i % 2 == 0 {
                            "临沂高新技术产业开发区".into()
                        } else {
                            "费县".into()
                        },
                        "-58.3".into(),
                    ]
                })
                .collect(),
        }
    }

    #[test]
    fn spans_the_block_and_sits_on_its_row_grid() {
        let set = Setter { glyphs: &Fake };
        let t = layout(&set, &table(4), "附件的表格").unwrap();
        assert_eq!(t.rows.len(), 4);
        for band in t.header.iter().chain(&t.rows) {
            let lines = band.height / TABLE_LINE;
            assert!((lines - lines.round()).abs() < 1e-9);
            let xs: Vec<f64> = band
                .marks
                .iter()
                .filter_map(|m| match m {
                    Mark::Stroke(s) if s.x0 == s.x1 => Some(s.x0),
                    _ => None,
                })
                .collect();
            assert!((xs[0] - BLOCK_LEFT).abs() < 1e-9);
            assert!((xs[xs.len() - 1] - BLOCK_RIGHT).abs() < 1e-9);
        }
        // Three columns this narrow fit on one line each.
        assert!((t.rows[0].height - TABLE_LINE).abs() < 1e-9);
    }

    #[test]
    fn widths_come_from_the_content() {
        let set = Setter { glyphs: &Fake };
        let t = table(6);
        let mut words = BTreeMap::new();
        let (header, rows) = shape_table(&set, &t, 3, TABLE_SIZE, "表格", &mut words).unwrap();
        let available = BLOCK_W - 6.0 * PAD;
        let widths = column_widths(&header, &rows, 3, available, TABLE_SIZE);
        let e = em(TABLE_SIZE);
        // 序号: its header “序号” (two characters), wider than its figures.
        assert!((widths[0] - 2.0 * e).abs() < 1e-6, "{widths:?}");
        // The gap column: its figures are narrower than its header's widest word; with room
        // to spare the header takes one line, and no more.
        assert!(header[2].min_width() > rows[0][2].natural());
        assert_eq!(header[2].lines(widths[2]), 1, "{widths:?}");
        assert_eq!(
            header[2].lines(widths[2] - em(TABLE_SIZE) / 2.0),
            2,
            "{widths:?}"
        );
        // The name column takes the rest and holds its longest name on one line.
        assert!((widths.iter().sum::<f64>() - available).abs() < 1e-6);
        assert!(widths[1] >= rows[0][1].natural() - 1e-9, "{widths:?}");
        // Every cell of the body on one line; the header in whole words.
        assert_eq!(table_height(&header, &rows, &widths), (1, 6));
    }

    /// Lines of the header and of the body rows at `widths`.
    fn table_height(header: &[Cell], rows: &[Vec<Cell>], widths: &[f64]) -> (usize, usize) {
        let tallest = |row: &[Cell]| {
            row.iter()
                .zip(widths)
                .map(|(c, w)| c.lines(*w))
                .max()
                .unwrap_or(1)
        };
        (tallest(header), rows.iter().map(|r| tallest(r)).sum())
    }

    #[test]
    fn figures_keep_their_width_and_long_names_share_what_is_left() {
        let set = Setter { glyphs: &Fake };
        let t = Table {
            align: vec![ColumnAlign::Left, ColumnAlign::Right, ColumnAlign::Right],
            header: vec!["单位".into(), "完成数".into(), "完成率".into()],
            rows: vec![vec![
                "济宁高新技术产业开发区".repeat(3),
                "12345".into(),
                "100.0%".into(),
            ]],
        };
        let mut words = BTreeMap::new();
        let (header, rows) = shape_table(&set, &t, 3, TABLE_SIZE, "表格", &mut words).unwrap();
        let available = BLOCK_W - 6.0 * PAD;
        let widths = column_widths(&header, &rows, 3, available, TABLE_SIZE);
        // Figures at their natural width (or the 3-character label), never wrapped.
        assert!((widths[1] - rows[0][1].natural().max(header[1].natural())).abs() < 1e-6);
        assert!((widths[2] - rows[0][2].natural().max(header[2].natural())).abs() < 1e-6);
        assert!(rows[0][1].lines(widths[1]) == 1 && rows[0][2].lines(widths[2]) == 1);
        assert!((widths[0] - (available - widths[1] - widths[2])).abs() < 1e-6);
    }

    #[test]
    fn numbers_are_right_aligned() {
        let set = Setter { glyphs: &Fake };
        let t = layout(&set, &table(1), "表格").unwrap();
        let right_edge = BLOCK_RIGHT - PAD;
        let last_glyph_end = t.rows[0]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text(r) => r
                    .glyphs
                    .last()
                    .map(|p| p.x + p.glyph.advance * em(TABLE_SIZE)),
                _ => None,
            })
            .fold(0.0, f64::max);
        assert!(
            (last_glyph_end - right_edge).abs() < 1e-6,
            "{last_glyph_end}"
        );
    }

    #[test]
    fn a_crowded_table_wraps_cells_instead_of_overflowing() {
        let set = Setter { glyphs: &Fake };
        let mut t = table(3);
        for row in &mut t.rows {
            row.push("其中委托办成普惠性民办园其中委托办成普惠性民办园".into());
        }
        t.header.push("其中委托办成普惠性民办园".into());
        let laid = layout(&set, &t, "表格").unwrap();
        for band in laid.header.iter().chain(&laid.rows) {
            for m in &band.marks {
                if let Mark::Text(r) = m {
                    for p in &r.glyphs {
                        assert!(p.x + p.glyph.advance * em(TABLE_SIZE) <= BLOCK_RIGHT + 1e-6);
                    }
                }
            }
        }
        assert!(laid.rows[0].height > TABLE_LINE);
    }

    fn text_extent(bands: &[Band]) -> (f64, f64, f64) {
        let mut right: f64 = 0.0;
        let mut size: f64 = f64::MAX;
        let mut tallest: f64 = 0.0;
        for band in bands {
            tallest = tallest.max(band.height);
            for m in &band.marks {
                if let Mark::Text(r) = m {
                    size = size.min(r.size);
                    for p in &r.glyphs {
                        right = right.max(p.x + p.glyph.advance * em(r.size));
                    }
                }
            }
        }
        (right, size, tallest)
    }

    #[test]
    fn too_many_columns_are_set_smaller_rather_than_overflow() {
        let set = Setter { glyphs: &Fake };
        let t = Table {
            align: vec![ColumnAlign::Right; 24],
            header: (0..24).map(|i| format!("列{i}")).collect(),
            rows: vec![(0..24).map(|i| (i * 1000).to_string()).collect()],
        };
        let laid = layout(&set, &t, "表格").unwrap();
        let bands: Vec<Band> = laid.header.into_iter().chain(laid.rows).collect();
        let (right, size, _) = text_extent(&bands);
        assert!(size < TABLE_SIZE, "{size}");
        assert!(right <= BLOCK_RIGHT + 1e-6, "{right}");
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_into_page_high_bands() {
        let set = Setter { glyphs: &Fake };
        let t = Table {
            align: vec![ColumnAlign::Left; 2],
            header: vec!["a".into(), "b".into()],
            rows: vec![vec!["1".into(), "很长的内容".repeat(300)]],
        };
        let laid = layout(&set, &t, "表格").unwrap();
        let header = laid.header.as_ref().map_or(0.0, |h| h.height);
        assert!(laid.rows.len() > 1);
        for band in &laid.rows {
            assert!(band.height + header <= BLOCK_H + 1e-6, "{}", band.height);
        }
    }
}
