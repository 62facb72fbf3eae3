//! Tables: 小四 (12 pt) text on a row grid of 3/5 of the body line pitch (five table lines
//! take exactly three body lines), spanning the block's width, all cells ruled. Column
//! widths start at what each column cannot do without (its widest unbreakable word) and grow,
//! step by step, where a step saves the most table lines; cells wrap with the same
//! prohibitions as body text; numbers follow their column's alignment.

use super::error::PdfError;
use super::flow::{Band, TableFlow};
use super::fonts::FontStyle;
use super::linebreak::{self, Align, Frame, clusters, natural};
use super::metrics::{
    BLOCK_H, BLOCK_LEFT, BLOCK_RIGHT, BLOCK_W, EM_ASCENT, EPS, LINE, MM_PER_PT, em, size,
};
use super::model::{Ink, Mark, Stroke};
use super::shape::{Item, Piece};
use super::title;
use super::typeset::{Setter, place_with, run};
use crate::document::{Align as ColumnAlign, Table};

/// Type size of table text.
pub const TABLE_SIZE: f64 = size::XIAOSI;
/// Pitch of table lines: 3/5 of the body line pitch.
pub const TABLE_LINE: f64 = LINE * 3.0 / 5.0;
/// Space between a cell's rules and its text, left and right.
const PAD: f64 = 0.75;
/// Rules of the table: 0.5 pt.
pub const TABLE_RULE: f64 = 0.5 * MM_PER_PT;

/// A shaped cell with what width planning needs.
struct Cell {
    items: Vec<Item>,
    /// Width of each unbreakable cluster and what its end can squeeze.
    clusters: Vec<(f64, f64)>,
}

impl Cell {
    fn new(items: Vec<Item>) -> Cell {
        let clusters = clusters(&items)
            .into_iter()
            .map(|c| {
                let shrink = c
                    .iter()
                    .rev()
                    .take_while(|i| i.squeeze == super::script::Squeeze::Closing)
                    .map(Item::shrink)
                    .sum();
                (c.iter().map(|i| i.width).sum(), shrink)
            })
            .collect();
        Cell { items, clusters }
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

/// Shaped header and rows of `table` at `size_pt`.
type Shaped = (Vec<Cell>, Vec<Vec<Cell>>);

fn shape_table(
    set: &Setter,
    table: &Table,
    columns: usize,
    size_pt: f64,
    what: &str,
) -> Result<Shaped, PdfError> {
    let cell_em = em(size_pt);
    let shape_cell = |text: &str, place: &dyn Fn() -> String| {
        set.shape(
            &[Piece {
                text,
                style: FontStyle::Fangsong,
            }],
            size_pt,
            cell_em,
            place,
        )
        .map(Cell::new)
    };
    let header: Vec<Cell> = if table.header.iter().any(|h| !h.trim().is_empty()) {
        (0..columns)
            .map(|c| {
                let text = table.header.get(c).map_or("", String::as_str);
                shape_cell(text, &|| {
                    place_with(&format!("{what}表头第{}列", c + 1), text)
                })
            })
            .collect::<Result<_, _>>()?
    } else {
        Vec::new()
    };
    let mut rows: Vec<Vec<Cell>> = Vec::with_capacity(table.rows.len());
    for (r, row) in table.rows.iter().enumerate() {
        rows.push(
            (0..columns)
                .map(|c| {
                    let text = row.get(c).map_or("", String::as_str);
                    shape_cell(text, &|| {
                        place_with(&format!("{what}第{}行第{}列", r + 1, c + 1), text)
                    })
                })
                .collect::<Result<_, _>>()?,
        );
    }
    Ok((header, rows))
}

/// Lays out `table` over the block's width; `what` names it in messages.
pub fn layout(set: &Setter, table: &Table, what: &str) -> Result<TableFlow, PdfError> {
    let columns = table
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(table.header.len()))
        .max()
        .unwrap_or(0);
    let available = BLOCK_W - 2.0 * PAD * columns as f64;
    let mut chosen: Option<(f64, Shaped)> = None;
    for size_pt in TABLE_SIZES {
        let shaped = shape_table(set, table, columns, size_pt, what)?;
        let needed: f64 = column_mins(&shaped.0, &shaped.1, columns, size_pt)
            .iter()
            .sum();
        chosen = Some((size_pt, shaped));
        if needed <= available + EPS {
            break;
        }
    }
    let Some((size_pt, (header, rows))) = chosen else {
        return Err(PdfError::Internal("no table size".to_string()));
    };
    let widths = column_widths(&header, &rows, columns, available, size_pt);
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

/// What each column cannot do without: its widest unbreakable word, a short header label
/// (up to three characters) unbroken, and two characters under a longer label (no text set
/// one character a line).
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
            header
                .get(c)
                .into_iter()
                .chain(rows.iter().filter_map(|r| r.get(c)))
                .map(Cell::min_width)
                .fold(step.max(floor), f64::max)
        })
        .collect()
}

/// Content widths of the columns (mm, without padding), summing to `available`.
///
/// For each possible number of header lines `h` (from one up to what the narrowest columns
/// need), every column starts as narrow as its widest unbreakable word and its header in `h`
/// lines allow; then the column where widening by a few half-ems saves the most table lines
/// (and, secondarily, wrapped cell lines) grows, while there is room. The `h` giving the
/// shortest table wins (the fewer header lines on a tie).
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
    let column = |c: usize| {
        header
            .get(c)
            .into_iter()
            .chain(rows.iter().filter_map(move |r| r.get(c)))
    };
    let mins = column_mins(header, rows, columns, size_pt);
    let total: f64 = mins.iter().sum();
    if total > available {
        let k = available / total;
        return mins.into_iter().map(|w| w * k).collect();
    }
    let preferred: Vec<f64> = (0..columns)
        .map(|c| column(c).map(Cell::natural).fold(0.0, f64::max))
        .collect();
    let grid: Vec<&[Cell]> = (!header.is_empty())
        .then_some(header)
        .into_iter()
        .chain(rows.iter().map(Vec::as_slice))
        .collect();
    let most_header_lines = header
        .iter()
        .zip(&mins)
        .map(|(c, w)| c.lines(*w))
        .max()
        .unwrap_or(1);
    let mut best: Option<(usize, Vec<f64>)> = None;
    for h in 1..=most_header_lines {
        let base: Vec<f64> = (0..columns)
            .map(|c| {
                let mut w = mins[c];
                if let Some(cell) = header.get(c) {
                    while cell.lines(w) > h && w < preferred[c] {
                        w += step;
                    }
                }
                w
            })
            .collect();
        if base.iter().sum::<f64>() > available + EPS {
            continue;
        }
        let widths = grow(&grid, base, &preferred, available, step);
        let score = table_lines(&grid, &widths).0;
        if best.as_ref().is_none_or(|(b, _)| score < *b) {
            best = Some((score, widths));
        }
    }
    let mut widths = best.map_or(mins, |(_, w)| w);
    // What is left goes to every column in proportion to its width.
    let sum: f64 = widths.iter().sum();
    let slack = available - sum;
    if slack > EPS && sum > EPS {
        for w in &mut widths {
            *w += slack * *w / sum;
        }
    }
    widths
}

/// (table lines, wrapped cell lines) at `widths`.
fn table_lines(grid: &[&[Cell]], widths: &[f64]) -> (usize, usize) {
    let mut height = 0;
    let mut cells = 0;
    for row in grid {
        let mut tallest = 1;
        for (cell, w) in row.iter().zip(widths) {
            let n = cell.lines(*w);
            tallest = tallest.max(n);
            cells += n;
        }
        height += tallest;
    }
    (height, cells)
}

/// Widens columns from `widths` while a widening saves lines and there is room.
fn grow(
    grid: &[&[Cell]],
    mut widths: Vec<f64>,
    preferred: &[f64],
    available: f64,
    step: f64,
) -> Vec<f64> {
    let columns = widths.len();
    // Lines of every cell at the current widths.
    let mut lines: Vec<Vec<usize>> = grid
        .iter()
        .map(|row| row.iter().zip(&widths).map(|(c, w)| c.lines(*w)).collect())
        .collect();
    let score = |lines: &[Vec<usize>]| -> usize {
        lines
            .iter()
            .map(|row| {
                row.iter().copied().max().unwrap_or(1).max(1) * 1000 + row.iter().sum::<usize>()
            })
            .sum()
    };
    loop {
        let slack = available - widths.iter().sum::<f64>();
        if slack < step - EPS {
            break;
        }
        let now = score(&lines);
        let mut best: Option<(f64, usize, f64)> = None;
        for c in 0..columns {
            if widths[c] >= preferred[c] - EPS {
                continue;
            }
            for k in 1..=8 {
                let w = widths[c] + step * k as f64;
                if step * k as f64 > slack + EPS {
                    break;
                }
                let mut trial = lines.clone();
                for (row, cells) in trial.iter_mut().zip(grid) {
                    if let (Some(n), Some(cell)) = (row.get_mut(c), cells.get(c)) {
                        *n = cell.lines(w);
                    }
                }
                let saved = now.saturating_sub(score(&trial));
                if saved > 0 {
                    let rate = saved as f64 / k as f64;
                    if best.is_none_or(|(r, _, _)| rate > r + EPS) {
                        best = Some((rate, c, w));
                    }
                    break;
                }
            }
        }
        let Some((_, c, w)) = best else { break };
        widths[c] = w;
        for (row, cells) in lines.iter_mut().zip(grid) {
            if let (Some(n), Some(cell)) = (row.get_mut(c), cells.get(c)) {
                *n = cell.lines(w);
            }
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
