//! Tables: 小四 (12 pt) text on a row grid of 3/5 of the body line pitch (five table lines
//! take exactly three body lines), spanning the block's width, all cells ruled. A table too
//! wide for its unit names on one line at 小四 is set at 五号 or 小五 if that keeps them on
//! one line ([`choose_size`]). Column widths come from the content ([`column_widths`]); cells
//! wrap between words with the same prohibitions as body text; numbers follow their column's
//! alignment.

use std::collections::BTreeMap;

use super::error::PdfError;
use super::flow::{Band, TableFlow};
use super::linebreak::{self, Align, Frame, natural};
use super::metrics::{Block, EM_ASCENT, EPS, MM_PER_PT, em};
use super::model::{Ink, Mark, Stroke};
use super::setter::{Setter, place_with, run};
use super::shape::{Item, Piece};
use super::title;
use crate::document::{Align as ColumnAlign, Table};
use crate::font_style::FontStyle;

pub(crate) use crate::layout::page::TABLE_LINE;
use crate::layout::size::{TABLE_SIZES, WU as WUHAO, XIAOWU};

/// Type size a table's cells are shaped and measured at: the largest of [`TABLE_SIZES`].
pub(crate) const TABLE_SIZE: f64 = TABLE_SIZES[0];
/// Space between a cell's rules and its text, left and right.
const PAD: f64 = crate::layout::page::TABLE_PAD;
/// Rules of the table: 0.5 pt.
pub(crate) const TABLE_RULE: f64 = 0.5 * MM_PER_PT;

/// A cell measured for width planning, in ems of the table's type size: every width in a
/// table cell is a multiple of the em (full-width characters take one em, half-width ones
/// their advance), so a cell measured once serves every size tried.
#[derive(Debug, Clone, PartialEq)]
struct Measure {
    /// Width on one line.
    natural: f64,
    /// Width of each unbreakable piece (a word, [`crate::segment`], its prohibitions kept)
    /// and what its end can squeeze.
    clusters: Vec<(f64, f64)>,
    /// A figure: digits, signs and `%` only (its column is as wide as its widest figure).
    figure: bool,
    /// Nothing to set.
    empty: bool,
}

/// The text of `items` as the segmenter sees it, and the byte offset where each starts.
fn item_text(items: &[Item]) -> (String, Vec<usize>) {
    let mut text = String::new();
    let mut starts = Vec::with_capacity(items.len());
    for item in items {
        starts.push(text.len());
        item.push_text(&mut text);
    }
    (text, starts)
}

impl Measure {
    /// Measures `items`, shaped with an em of `em_mm`. `words` remembers the segmentation of
    /// texts already seen (cells repeat).
    fn new(items: &[Item], em_mm: f64, words: &mut BTreeMap<String, Vec<usize>>) -> Measure {
        let (text, starts) = item_text(items);
        let figure = !text.trim().is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_digit() || " .,+-%％‰−".contains(c));
        let allowed = words
            .entry(text)
            .or_insert_with_key(|t| crate::segment::cell_breaks(t));
        let mut clusters: Vec<(f64, f64)> = Vec::new();
        let mut at = 0;
        let mut from = 0;
        for end in linebreak::cluster_ends(items) {
            let c = &items[from..end];
            from = end;
            let width: f64 = c.iter().map(|i| i.width).sum::<f64>() / em_mm;
            let shrink = c
                .iter()
                .rev()
                .take_while(|i| i.squeeze == crate::layout::script::Squeeze::Closing)
                .map(Item::shrink)
                .sum::<f64>()
                / em_mm;
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
        Measure {
            natural: natural(items) / em_mm,
            clusters,
            figure,
            empty: items.is_empty(),
        }
    }

    /// The same cell with its widths in mm at an em of `em_mm`.
    fn scaled(&self, em_mm: f64) -> Measure {
        Measure {
            natural: self.natural * em_mm,
            clusters: self
                .clusters
                .iter()
                .map(|&(w, s)| (w * em_mm, s * em_mm))
                .collect(),
            figure: self.figure,
            empty: self.empty,
        }
    }

    /// Fewest lines this cell (measured in ems) can take in a column `width` mm wide at an
    /// em of `em_mm`: its width over the column's, a line holding at most the column and an
    /// em of squeezed closing marks.
    fn least_lines(&self, width: f64, em_mm: f64) -> usize {
        let room = width + em_mm;
        if room <= EPS {
            return 1;
        }
        ((self.natural * em_mm / room - EPS).ceil() as usize).max(1)
    }

    /// Widest thing that cannot be broken.
    fn min_width(&self) -> f64 {
        self.clusters.iter().map(|c| c.0 - c.1).fold(0.0, f64::max)
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

/// The smallest size a table is set at to keep its unit names (its text cells) on one line:
/// 小五 (9 pt). When they fit at no size down to this one, the table keeps the largest size
/// at which its columns' minimums fit, and long names wrap between words.
const NAMES_LIMIT: f64 = XIAOWU;

/// Below this size (五号) a table is set only when its columns' minimums fit at no larger one.
const MINS_LIMIT: f64 = WUHAO;

/// A table that portrait sets below this size (小五, the samples' smallest: 六号 is not read
/// on paper) is set on turned pages (横排) when they give it a larger one.
const TURN_BELOW: f64 = XIAOWU;

/// The header and rows of a table, measured.
struct Measured {
    columns: usize,
    header: Vec<Measure>,
    rows: Vec<Vec<Measure>>,
}

/// Shapes every cell of `table` once (at [`TABLE_SIZE`]) and measures it in ems.
fn measure(set: &Setter, table: &Table, what: &str) -> Result<Measured, PdfError> {
    let columns = column_count(table);
    let cell_em = em(TABLE_SIZE);
    let mut words = BTreeMap::new();
    let mut measure_cell = |text: &str, place: &dyn Fn() -> String| -> Result<Measure, PdfError> {
        let items = shape_cell(set, text, TABLE_SIZE, place)?;
        Ok(Measure::new(&items, cell_em, &mut words))
    };
    let mut header = Vec::new();
    if has_header(table) {
        for c in 0..columns {
            let text = table.header.get(c).map_or("", String::as_str);
            let mut cell = measure_cell(text, &|| {
                place_with(&format!("{what}表头第{}列", c + 1), text)
            })?;
            // A word processor does not squeeze a closing mark at a line's end: a header is
            // planned without it, so the DOCX sets its lines as the PDF does (「差（百分点）」).
            for piece in &mut cell.clusters {
                piece.1 = 0.0;
            }
            header.push(cell);
        }
    }
    let mut rows = Vec::with_capacity(table.rows.len());
    for (r, row) in table.rows.iter().enumerate() {
        let mut cells = Vec::with_capacity(columns);
        for c in 0..columns {
            let text = row.get(c).map_or("", String::as_str);
            cells.push(measure_cell(text, &|| {
                place_with(&format!("{what}第{}行第{}列", r + 1, c + 1), text)
            })?);
        }
        rows.push(cells);
    }
    Ok(Measured {
        columns,
        header,
        rows,
    })
}

fn column_count(table: &Table) -> usize {
    table
        .rows
        .iter()
        .map(Vec::len)
        .chain(std::iter::once(table.header.len()))
        .max()
        .unwrap_or(0)
}

fn has_header(table: &Table) -> bool {
    table.header.iter().any(|h| !h.trim().is_empty())
}

/// `text` shaped as a table cell at `size_pt`.
fn shape_cell(
    set: &Setter,
    text: &str,
    size_pt: f64,
    place: &dyn Fn() -> String,
) -> Result<Vec<Item>, PdfError> {
    set.shape(
        &[Piece {
            text,
            style: FontStyle::Fangsong,
        }],
        size_pt,
        em(size_pt),
        place,
    )
}

/// The widest cell of each column, in ems.
fn column_naturals(rows: &[Vec<Measure>], columns: usize) -> Vec<f64> {
    let mut out = vec![0.0_f64; columns];
    for row in rows {
        for (w, cell) in out.iter_mut().zip(row) {
            *w = w.max(cell.natural);
        }
    }
    out
}

/// The type size `m` is set at in a block `width` mm wide: the largest at which every column
/// gets what it cannot do without and the text columns their longest cell on one line, down
/// to [`NAMES_LIMIT`]; short of that, the largest at which the minimums fit, not below
/// [`MINS_LIMIT`] unless they fit at no larger size; the smallest size tried when nothing
/// fits.
fn choose_size(m: &Measured, width: f64) -> f64 {
    let available = width - 2.0 * PAD * m.columns as f64;
    // Minimums and one-line widths in ems; each size scales them.
    let mins = column_mins(&m.header, &m.rows, m.columns, 1.0);
    let naturals = column_naturals(&m.rows, m.columns);
    let min_sum: f64 = mins.iter().sum();
    let one_line: f64 = mins.iter().zip(&naturals).map(|(a, b)| a.max(*b)).sum();
    let fits = |size_pt: f64, ems: f64| ems * em(size_pt) <= available + EPS;
    let roomy = TABLE_SIZES
        .iter()
        .copied()
        .filter(|&s| s >= NAMES_LIMIT - EPS)
        .find(|&s| fits(s, min_sum) && fits(s, one_line));
    let first_fit = || TABLE_SIZES.iter().copied().find(|&s| fits(s, min_sum));
    match (roomy, first_fit()) {
        (Some(s), _) => s,
        (None, Some(s)) if s >= MINS_LIMIT - EPS => s,
        (None, Some(s)) => s,
        (None, None) => TABLE_SIZES[TABLE_SIZES.len() - 1],
    }
}

/// How a measured table is set in a block: the type size, the content widths (mm, without
/// padding), and whether a portrait table set below [`TURN_BELOW`] would be set larger on
/// turned (landscape) pages.
struct Planned {
    size_pt: f64,
    widths: Vec<f64>,
    turn: bool,
}

/// The plan this typesetter gives `table` in `set`'s block: the type size and the column
/// widths (mm from rule to rule, summing to the block's width), which the DOCX writes too;
/// with it, whether the table asks to be turned ([`Planned::turn`]). Each cell is shaped and
/// segmented once; the search is linear in the table's size.
pub(crate) fn plan(
    set: &Setter,
    table: &Table,
    what: &str,
) -> Result<(super::TablePlan, bool), PdfError> {
    let m = measure(set, table, what)?;
    let planned = plan_measured(&m, set.block);
    Ok((
        super::TablePlan {
            size_pt: planned.size_pt,
            ruled_widths: planned.widths.iter().map(|w| w + 2.0 * PAD).collect(),
            turned: set.block.turned(),
        },
        planned.turn,
    ))
}

/// The plan of a measured table in `block`.
fn plan_measured(m: &Measured, block: Block) -> Planned {
    let size_pt = choose_size(m, block.width);
    let turn = !block.turned() && size_pt < TURN_BELOW - EPS && {
        let turned = choose_size(m, Block::TURNED.width);
        turned > size_pt + EPS
    };
    let e = em(size_pt);
    let header: Vec<Measure> = m.header.iter().map(|c| c.scaled(e)).collect();
    let rows: Vec<Vec<Measure>> = m
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.scaled(e)).collect())
        .collect();
    let available = block.width - 2.0 * PAD * m.columns as f64;
    let widths = column_widths(&header, &rows, m.columns, available, size_pt);
    Planned {
        size_pt,
        widths,
        turn,
    }
}

/// Lays out `table` over the block's width; `what` names it in messages.
pub(crate) fn layout(set: &Setter, table: &Table, what: &str) -> Result<TableFlow, PdfError> {
    planned_layout(set, table, what).map(|(_, _, flow)| flow)
}

/// [`layout`], with the plan it was set by: the type size and the column widths rules to rules
/// (as [`plan`] gives them), so a renderer that needs both measures the table once.
pub(crate) fn planned_layout(
    set: &Setter,
    table: &Table,
    what: &str,
) -> Result<(f64, Vec<f64>, TableFlow), PdfError> {
    let m = measure(set, table, what)?;
    let columns = m.columns;
    let block = set.block;
    let Planned {
        size_pt,
        widths,
        turn,
    } = plan_measured(&m, block);
    refuse_too_many_pages(&m, size_pt, &widths, block, table, what)?;
    drop(m);
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
        left: block.left,
        right: block.right(),
    };
    // Each row is shaped at the chosen size and set at once, so only one row's glyphs are
    // held at a time.
    let shape_row = |texts: &[&str],
                     place: &dyn Fn(usize, &str) -> String|
     -> Result<Vec<Vec<Item>>, PdfError> {
        texts
            .iter()
            .enumerate()
            .map(|(c, text)| shape_cell(set, text, size_pt, &|| place(c, text)))
            .collect()
    };
    let texts = |cells: &[String]| -> Vec<String> {
        (0..columns)
            .map(|c| cells.get(c).cloned().unwrap_or_default())
            .collect()
    };
    let header_band = if has_header(table) {
        let header = texts(&table.header);
        let refs: Vec<&str> = header.iter().map(String::as_str).collect();
        let cells = shape_row(&refs, &|c, text| {
            place_with(&format!("{what}表头第{}列", c + 1), text)
        })?;
        bands(&cells, &widths, &style(&[Align::Center], true), usize::MAX)
            .into_iter()
            .next()
    } else {
        None
    };
    // A row taller than a page (after the repeated header) is cut into page-high bands.
    let header_height = header_band.as_ref().map_or(0.0, |b| b.height);
    let max_lines = (((block.height - header_height) / TABLE_LINE + EPS).floor() as usize).max(1);
    let row_style = style(&aligns, false);
    let mut row_bands = Vec::with_capacity(table.rows.len());
    let mut set_lines = 0;
    for (r, row) in table.rows.iter().enumerate() {
        let row = texts(row);
        let refs: Vec<&str> = row.iter().map(String::as_str).collect();
        let cells = shape_row(&refs, &|c, text| {
            place_with(&format!("{what}第{}行第{}列", r + 1, c + 1), text)
        })?;
        let before = row_bands.len();
        row_bands.extend(bands(&cells, &widths, &row_style, max_lines));
        // The rows set so far already fill more pages than a bulletin may have: stop here
        // rather than set the rest.
        set_lines += row_bands[before..]
            .iter()
            .map(|b| (b.height / TABLE_LINE + EPS).floor() as usize)
            .sum::<usize>();
        let pages = set_lines.div_ceil(max_lines);
        if pages > super::MAX_TABLE_PAGES {
            return Err(too_many_pages(what, pages, table));
        }
    }
    let ruled: Vec<f64> = widths.iter().map(|w| w + 2.0 * PAD).collect();
    let flow = TableFlow {
        header: header_band,
        rows: row_bands,
        left: block.left,
        right: block.right(),
        rule: TABLE_RULE,
        plan: super::TablePlan {
            size_pt,
            ruled_widths: ruled.clone(),
            turned: block.turned(),
        },
        turn,
    };
    Ok((size_pt, ruled, flow))
}

/// Refuses a table that would take more than [`super::MAX_TABLE_PAGES`] pages, before any of it is
/// set. Each cell is counted as at least its width over its column's
/// ([`Measure::least_lines`]), never more lines than the setting gives, so a table that fits
/// is never refused.
fn refuse_too_many_pages(
    m: &Measured,
    size_pt: f64,
    widths: &[f64],
    block: Block,
    table: &Table,
    what: &str,
) -> Result<(), PdfError> {
    let e = em(size_pt);
    let lines = |row: &[Measure]| {
        row.iter()
            .zip(widths)
            .map(|(c, w)| c.least_lines(*w, e))
            .max()
            .unwrap_or(1)
    };
    let header = if m.header.is_empty() {
        0
    } else {
        lines(&m.header)
    };
    let per_page = ((block.height / TABLE_LINE + EPS).floor() as usize)
        .saturating_sub(header)
        .max(1);
    let body: usize = m.rows.iter().map(|r| lines(r)).sum();
    let pages = body.div_ceil(per_page);
    if pages > super::MAX_TABLE_PAGES {
        return Err(too_many_pages(what, pages, table));
    }
    Ok(())
}

/// The refusal of a table that takes at least `pages` pages.
fn too_many_pages(what: &str, pages: usize, table: &Table) -> PdfError {
    PdfError::TooLarge(format!(
        "{what}排版后至少 {pages} 页，超过 {} 页的上限：请拆分表格或检查是否误贴了大段文字（表头：{}）",
        super::MAX_TABLE_PAGES,
        super::error::excerpt(&table.header.join("、"), 30)
    ))
}

/// What each column cannot do without: a short header label (up to three characters)
/// unbroken, two characters under a longer label (no text set one character a line), the
/// header's widest word (up to six characters) and its figures whole; words of other cells up
/// to four characters (a longer word, such as a unit's full name, may break where the block is
/// short of room). Widths in mm at an em of `em_mm` (cells measured at that em).
fn column_mins(header: &[Measure], rows: &[Vec<Measure>], columns: usize, em_mm: f64) -> Vec<f64> {
    let step = em_mm / 2.0;
    let mut out: Vec<f64> = (0..columns)
        .map(|c| {
            let label = header.get(c).map_or(0.0, |h| h.natural);
            let floor = if label <= 3.0 * em_mm + EPS {
                label
            } else {
                2.0 * em_mm
            };
            let head = header
                .get(c)
                .map_or(0.0, |h| h.min_width().min(6.0 * em_mm));
            step.max(floor).max(head)
        })
        .collect();
    for row in rows {
        for (w, cell) in out.iter_mut().zip(row) {
            let need = if cell.figure {
                cell.min_width()
            } else {
                cell.min_width().min(4.0 * em_mm)
            };
            *w = w.max(need);
        }
    }
    out
}

/// Content widths of the columns (mm, without padding), summing to `available`; the cells
/// measured in mm at `size_pt`.
///
/// Widths come from the content: a column of figures is as wide as its widest figure (never
/// wrapped), every other column as wide as its longest cell on one line (unit names unbroken)
/// while the block allows — short of room, those columns share what is left in proportion to
/// what they lack. No column is narrower than its widest word or a short header label. Room
/// left over first takes a line off the tallest header cells while it can, then goes to the
/// text columns (the name column takes the rest). Linear in the table's size.
fn column_widths(
    header: &[Measure],
    rows: &[Vec<Measure>],
    columns: usize,
    available: f64,
    size_pt: f64,
) -> Vec<f64> {
    if columns == 0 {
        return Vec::new();
    }
    let step = em(size_pt) / 2.0;
    let mins = column_mins(header, rows, columns, em(size_pt));
    let total: f64 = mins.iter().sum();
    if total > available {
        let k = available / total;
        return mins.into_iter().map(|w| w * k).collect();
    }
    let natural = column_naturals(rows, columns);
    let mut any_figure = vec![false; columns];
    let mut all_figures = vec![true; columns];
    for row in rows {
        for (c, cell) in row.iter().enumerate().take(columns) {
            any_figure[c] |= cell.figure;
            all_figures[c] &= cell.figure || cell.empty;
        }
    }
    let figures: Vec<bool> = (0..columns)
        .map(|c| any_figure[c] && all_figures[c])
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
    // cheapest among equals. What each header cell needs for one line less depends on its own
    // width only, so it is worked out again only for the column that grew.
    if !header.is_empty() {
        let need = |c: usize, width: f64| -> Option<(usize, f64)> {
            let cell = header.get(c)?;
            let lines = cell.lines(width);
            if lines <= 1 {
                return None;
            }
            let mut w = width;
            while cell.lines(w) >= lines && w < cell.natural {
                w = (w + step).min(cell.natural);
            }
            let more = w - width;
            (more > EPS).then_some((lines, more))
        };
        let mut needs: Vec<Option<(usize, f64)>> =
            (0..columns).map(|c| need(c, widths[c])).collect();
        loop {
            let slack = available - widths.iter().sum::<f64>();
            let mut best: Option<(usize, f64, usize)> = None;
            for (c, n) in needs.iter().enumerate() {
                let Some((lines, more)) = *n else { continue };
                if more > slack + EPS {
                    continue;
                }
                let better = best.is_none_or(|(l, m, _)| lines > l || (lines == l && more < m));
                if better {
                    best = Some((lines, more, c));
                }
            }
            let Some((_, more, c)) = best else { break };
            widths[c] += more;
            needs[c] = need(c, widths[c]);
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
    /// The block's edges: the table's outer rules.
    left: f64,
    right: f64,
}

/// A row as bands: its cells' lines centred vertically, its top rule and its column rules.
/// A row of more than `max_lines` lines is cut into several bands of at most that many, its
/// cells then set from the top.
fn bands(cells: &[Vec<Item>], widths: &[f64], style: &RowStyle, max_lines: usize) -> Vec<Band> {
    let cell_em = em(style.size);
    let set_cells: Vec<Vec<linebreak::Line>> = cells
        .iter()
        .enumerate()
        .map(|(c, cell)| {
            let x = column_left(style.left, widths, c) + PAD;
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
            // Wrapped cells are balanced like titles: no short last line, between the words
            // the planner measured.
            title::balance_at(cell, frame.width, cell_em, &crate::segment::cell_breaks)
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
        // The top rule, the column rules and a run per cell line: allocated once (thousands
        // of rows are held until they are paginated).
        let runs: usize = set_cells
            .iter()
            .map(|c| c.len().saturating_sub(first).min(count))
            .sum();
        let mut marks = Vec::with_capacity(2 + widths.len() + runs);
        marks.push(Mark::Stroke(Stroke::horizontal(
            style.left,
            style.right,
            0.0,
            TABLE_RULE,
            Ink::Black,
        )));
        for c in 0..=widths.len() {
            let x = if c == widths.len() {
                style.right
            } else {
                column_left(style.left, widths, c)
            };
            marks.push(Mark::Stroke(Stroke::vertical(x, 0.0, height, TABLE_RULE)));
        }
        // Each cell's lines in this band, allocated at their count (most cells are one line).
        let mut texts: Vec<Vec<String>> = (0..widths.len())
            .map(|c| {
                let n = set_cells.get(c).map_or(0, Vec::len);
                Vec::with_capacity(n.saturating_sub(first).min(count))
            })
            .collect();
        for (c, cell_lines) in set_cells.iter().enumerate() {
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
                    if !text.glyphs.is_empty()
                        && let Some(cell) = texts.get_mut(c)
                    {
                        cell.push(text.glyphs.iter().map(|p| p.glyph.ch).collect());
                    }
                }
                marks.push(mark);
            }
        }
        out.push(Band {
            height,
            marks,
            cells: texts,
        });
        first += count;
    }
    out
}

/// Page x of column `c`'s left rule, the table's left rule at `left`.
fn column_left(left: f64, widths: &[f64], c: usize) -> f64 {
    left + widths.iter().take(c).map(|w| w + 2.0 * PAD).sum::<f64>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::metrics::{BLOCK_H, BLOCK_LEFT, BLOCK_RIGHT, BLOCK_W};
    use crate::typeset::shape::testing::Fake;

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
    fn a_ranking_table_of_the_most_units_a_campaign_may_have_is_not_refused() {
        let set = Setter::new(&Fake);
        let t = table(crate::load::MAX_UNITS);
        let m = measure(&set, &t, "表格").unwrap();
        let p = plan_measured(&m, Block::PORTRAIT);
        assert!(
            refuse_too_many_pages(&m, p.size_pt, &p.widths, Block::PORTRAIT, &t, "表格").is_ok()
        );
    }

    /// A ranking table of sixteen columns, eight of them parts with long names.
    fn wide(rows: usize) -> Table {
        let header = crate::typeset::fixture::wide_header();
        Table {
            align: vec![ColumnAlign::Right; header.len()],
            rows: (0..rows)
                .map(|i| {
                    let mut row = vec![(i + 1).to_string(), "东沂经济技术开发区".to_string()];
                    row.extend((2..header.len()).map(|c| format!("{}", 10_000 + c * 7)));
                    row
                })
                .collect(),
            header,
        }
    }

    #[test]
    fn a_table_too_wide_for_a_readable_size_asks_to_be_turned_and_spans_the_turned_block() {
        let set = Setter::new(&Fake);
        let t = wide(12);
        let m = measure(&set, &t, "表格").unwrap();
        let portrait = plan_measured(&m, Block::PORTRAIT);
        assert!(
            portrait.turn && portrait.size_pt < TURN_BELOW,
            "portrait at {} pt",
            portrait.size_pt
        );
        let turned = plan_measured(&m, Block::TURNED);
        assert!(!turned.turn, "a turned table turns no further");
        assert!(turned.size_pt >= NAMES_LIMIT, "{}", turned.size_pt);
        let flow = layout(&set.in_block(Block::TURNED), &t, "附件的表格").unwrap();
        assert!(flow.plan.turned);
        let total: f64 = flow.plan.ruled_widths.iter().sum();
        assert!((total - Block::TURNED.width).abs() < 1e-6, "{total}");
        assert_eq!(
            (flow.left, flow.right),
            (Block::TURNED.left, Block::TURNED.right())
        );
        // The narrow ranking table keeps its portrait setting.
        let narrow = plan(&set, &table(12), "表格").unwrap();
        assert!(!narrow.1 && !narrow.0.turned);
    }

    #[test]
    fn spans_the_block_and_sits_on_its_row_grid() {
        let set = Setter::new(&Fake);
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

    /// `t` measured, its cells in mm at `size_pt`.
    fn measured_at(t: &Table, size_pt: f64) -> (Vec<Measure>, Vec<Vec<Measure>>) {
        let set = Setter::new(&Fake);
        let m = measure(&set, t, "表格").unwrap();
        let e = em(size_pt);
        (
            m.header.iter().map(|c| c.scaled(e)).collect(),
            m.rows
                .iter()
                .map(|r| r.iter().map(|c| c.scaled(e)).collect())
                .collect(),
        )
    }

    #[test]
    fn widths_come_from_the_content() {
        let t = table(6);
        let (header, rows) = measured_at(&t, TABLE_SIZE);
        let available = BLOCK_W - 6.0 * PAD;
        let widths = column_widths(&header, &rows, 3, available, TABLE_SIZE);
        let e = em(TABLE_SIZE);
        // 序号: its header “序号” (two characters), wider than its figures.
        assert!((widths[0] - 2.0 * e).abs() < 1e-6, "{widths:?}");
        // The gap column: its figures are narrower than its header's widest word; with room
        // to spare the header takes one line, and no more.
        assert!(header[2].min_width() > rows[0][2].natural);
        assert_eq!(header[2].lines(widths[2]), 1, "{widths:?}");
        assert_eq!(
            header[2].lines(widths[2] - em(TABLE_SIZE) / 2.0),
            2,
            "{widths:?}"
        );
        // The name column takes the rest and holds its longest name on one line.
        assert!((widths.iter().sum::<f64>() - available).abs() < 1e-6);
        assert!(widths[1] >= rows[0][1].natural - 1e-9, "{widths:?}");
        // Every cell of the body on one line; the header in whole words.
        assert_eq!(table_height(&header, &rows, &widths), (1, 6));
    }

    /// Lines of the header and of the body rows at `widths`.
    fn table_height(header: &[Measure], rows: &[Vec<Measure>], widths: &[f64]) -> (usize, usize) {
        let tallest = |row: &[Measure]| {
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
        let t = Table {
            align: vec![ColumnAlign::Left, ColumnAlign::Right, ColumnAlign::Right],
            header: vec!["单位".into(), "完成数".into(), "完成率".into()],
            rows: vec![vec![
                "济宁高新技术产业开发区".repeat(3),
                "12345".into(),
                "100.0%".into(),
            ]],
        };
        let (header, rows) = measured_at(&t, TABLE_SIZE);
        let available = BLOCK_W - 6.0 * PAD;
        let widths = column_widths(&header, &rows, 3, available, TABLE_SIZE);
        // Figures at their natural width (or the 3-character label), never wrapped.
        assert!((widths[1] - rows[0][1].natural.max(header[1].natural)).abs() < 1e-6);
        assert!((widths[2] - rows[0][2].natural.max(header[2].natural)).abs() < 1e-6);
        assert!(rows[0][1].lines(widths[1]) == 1 && rows[0][2].lines(widths[2]) == 1);
        assert!((widths[0] - (available - widths[1] - widths[2])).abs() < 1e-6);
    }

    /// A ranking table of twelve columns, as the bulletin's template writes it, with `name`
    /// among its units.
    fn ranking(name: &str) -> Table {
        let header =
            "序号 县区 计划数 完成数 其中办成公办园 其中委托办成普惠性民办园 本月新增 完成率 \
                      与序时进度差（百分点） 排名 上期排名 升降"
                .split_whitespace();
        let row = |i: usize, unit: &str| -> Vec<String> {
            [
                &(i + 1).to_string(),
                unit,
                "52",
                "30",
                "12",
                "18",
                "6",
                "57.7%",
                "-42.3",
                "10",
                "9",
                "↓1",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect()
        };
        Table {
            align: vec![ColumnAlign::Right; 12],
            header: header.map(str::to_string).collect(),
            rows: vec![row(0, "费县"), row(1, name), row(2, "兰山区")],
        }
    }

    /// Lines of each body cell of column `c` at the plan's widths.
    fn column_lines(t: &Table, c: usize) -> (f64, Vec<usize>) {
        let set = Setter::new(&Fake);
        let m = measure(&set, t, "表格").unwrap();
        let Planned {
            size_pt, widths, ..
        } = plan_measured(&m, Block::PORTRAIT);
        let lines = m
            .rows
            .iter()
            .map(|r| r[c].scaled(em(size_pt)).lines(widths[c]))
            .collect();
        (size_pt, lines)
    }

    #[test]
    fn unit_names_stay_on_one_line_at_the_largest_size_that_allows_it() {
        // Three columns: 小四, every name on one line.
        let (size_pt, lines) = column_lines(&table(4), 1);
        assert_eq!(size_pt, TABLE_SIZE);
        assert!(lines.iter().all(|&l| l == 1), "{lines:?}");
        // Twelve columns and an eleven-character name: neither 小四 nor 五号 has the room,
        // 小五 has it.
        let (size_pt, lines) = column_lines(&ranking("临沂高新技术产业开发区"), 1);
        assert_eq!(size_pt, XIAOWU);
        assert!(lines.iter().all(|&l| l == 1), "{lines:?}");
        // Twelve columns and short names: 小四 if its minimums fit, else 五号, with the names
        // on one line.
        let (size_pt, lines) = column_lines(&ranking("河东区"), 1);
        assert!(size_pt >= WUHAO, "{size_pt}");
        assert!(lines.iter().all(|&l| l == 1), "{lines:?}");
    }

    #[test]
    fn a_name_too_long_for_every_size_keeps_the_largest_size_that_fits() {
        // No size down to 小五 holds this name on one line: the table is not made smaller for
        // nothing, and the name wraps.
        let t = ranking(&"沿海综合保税区管理委员会".repeat(2));
        let set = Setter::new(&Fake);
        let m = measure(&set, &t, "表格").unwrap();
        let Planned {
            size_pt, widths, ..
        } = plan_measured(&m, Block::PORTRAIT);
        let mins = column_mins(&m.header, &m.rows, 12, 1.0);
        let available = BLOCK_W - 24.0 * PAD;
        let largest = TABLE_SIZES
            .iter()
            .copied()
            .find(|&s| mins.iter().sum::<f64>() * em(s) <= available + EPS)
            .unwrap();
        assert_eq!(size_pt, largest);
        assert!(m.rows[1][1].scaled(em(size_pt)).lines(widths[1]) > 1);
    }

    #[test]
    fn measuring_once_gives_every_size_its_widths() {
        // A cell measured at 小四 and scaled is the cell shaped at each size.
        let set = Setter::new(&Fake);
        let mut words = BTreeMap::new();
        for text in [
            "临沂高新技术产业开发区",
            "与序时进度差（百分点）",
            "-58.3",
            "GB/T 9704 表",
        ] {
            let at_12 = shape_cell(&set, text, TABLE_SIZE, &String::new).unwrap();
            let m = Measure::new(&at_12, em(TABLE_SIZE), &mut words);
            for s in TABLE_SIZES {
                let items = shape_cell(&set, text, s, &String::new).unwrap();
                let direct = Measure::new(&items, em(s), &mut words).scaled(em(s));
                let scaled = m.scaled(em(s));
                assert!(
                    (direct.natural - scaled.natural).abs() < 1e-9,
                    "{text} at {s}"
                );
                assert_eq!(direct.clusters.len(), scaled.clusters.len(), "{text}");
                for (a, b) in direct.clusters.iter().zip(&scaled.clusters) {
                    assert!(
                        (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9,
                        "{text}"
                    );
                }
            }
        }
    }

    #[test]
    fn header_cells_give_up_lines_only_while_the_room_allows() {
        // Slack enough for one header line less in one column, not in two: the tallest takes
        // it; the plan still sums to the block.
        let t = Table {
            align: vec![ColumnAlign::Left; 3],
            header: vec![
                "其中委托办成普惠性民办园".into(),
                "其中委托办成".into(),
                "县区".into(),
            ],
            rows: vec![vec!["12".into(), "3".into(), "费县".into()]],
        };
        let (header, rows) = measured_at(&t, TABLE_SIZE);
        let available = BLOCK_W - 6.0 * PAD;
        let widths = column_widths(&header, &rows, 3, available, TABLE_SIZE);
        assert!((widths.iter().sum::<f64>() - available).abs() < 1e-6);
        // A block this wide has room for both headers on one line.
        assert_eq!(header[0].lines(widths[0]), 1, "{widths:?}");
        assert_eq!(header[1].lines(widths[1]), 1, "{widths:?}");
    }

    /// The lines a header cell `text` is set in at `width_em` ems of 小五.
    fn header_lines(text: &str, width_em: f64) -> Vec<String> {
        let set = Setter::new(&Fake);
        let items = shape_cell(&set, text, XIAOWU, &String::new).unwrap();
        let cell = em(XIAOWU);
        title::balance_at(&items, width_em * cell, cell, &crate::segment::cell_breaks)
            .iter()
            .map(|line| {
                let mut s = String::new();
                for i in line {
                    i.push_text(&mut s);
                }
                s
            })
            .collect()
    }

    #[test]
    fn a_header_cell_keeps_its_last_character_and_its_numbers_with_their_words() {
        // The column is as wide as the cell's widest word, the last character included.
        let t = Table {
            align: vec![ColumnAlign::Right; 2],
            header: vec!["其中三格化粪池式".into(), "10月末完成率".into()],
            rows: vec![vec!["12029".into(), "57.7%".into()]],
        };
        let (header, rows) = measured_at(&t, XIAOWU);
        let mins = column_mins(&header, &rows, 2, em(XIAOWU));
        assert!((mins[0] - 4.0 * em(XIAOWU)).abs() < 1e-9, "{mins:?}");
        // At that width: whole words, no character alone on the last line.
        assert_eq!(
            header_lines("其中三格化粪池式", 4.0),
            ["其中三格", "化粪池式"]
        );
        // A cell exactly two columns long takes two lines, its number with its month.
        assert_eq!(header_lines("10月末完成率", 3.0), ["10月末", "完成率"]);
        for (text, width) in [("其中三格化粪池式", 4.0), ("10月末完成率", 3.0)] {
            let lines = header_lines(text, width);
            assert!(lines.last().unwrap().chars().count() > 1, "{lines:?}");
        }
    }

    #[test]
    fn numbers_are_right_aligned() {
        let set = Setter::new(&Fake);
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
        let set = Setter::new(&Fake);
        let mut t = table(3);
        for row in &mut t.rows {
            // Too long for one line at every size a table keeps names on one line at.
            row.push("其中委托办成普惠性民办园".repeat(4));
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
        let set = Setter::new(&Fake);
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
    fn a_table_over_the_page_limit_is_refused_before_it_is_set() {
        let set = Setter::new(&Fake);
        // One column of 100-character cells at 小四: three lines a row, 36 lines a page.
        let t = Table {
            align: vec![ColumnAlign::Left],
            header: Vec::new(),
            rows: vec![vec!["很长的内容".repeat(20)]; 4_900],
        };
        match layout(&set, &t, "表格") {
            Err(PdfError::TooLarge(message)) => {
                assert!(message.contains("页的上限"), "{message}");
            }
            other => panic!("not refused: {:?}", other.map(|f| f.rows.len())),
        }
        // The estimate never exceeds what the setting gives: a long table that fits is set.
        let t = Table {
            align: vec![ColumnAlign::Left; 2],
            header: vec!["a".into(), "b".into()],
            rows: vec![vec!["1".into(), "很长的内容".repeat(30)]; 40],
        };
        let m = measure(&set, &t, "表格").unwrap();
        let Planned {
            size_pt, widths, ..
        } = plan_measured(&m, Block::PORTRAIT);
        let laid = layout(&set, &t, "表格").unwrap();
        let e = em(size_pt);
        let estimated: usize = m
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .zip(&widths)
                    .map(|(c, w)| c.least_lines(*w, e))
                    .max()
                    .unwrap_or(1)
            })
            .sum();
        let set_lines: f64 = laid.rows.iter().map(|b| b.height / TABLE_LINE).sum();
        assert!(
            estimated as f64 <= set_lines + 1e-6,
            "{estimated} > {set_lines}"
        );
    }

    #[test]
    fn a_row_taller_than_a_page_is_cut_into_page_high_bands() {
        let set = Setter::new(&Fake);
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
