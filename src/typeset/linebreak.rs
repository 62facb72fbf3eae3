//! Line breaking on the grid: greedy filling of clusters that the prohibitions (禁则) keep
//! together, squeezing a closing mark into the line end when that is enough and pushing the
//! cluster to the next line otherwise, then justification to the right edge.

use std::collections::VecDeque;

use super::metrics::{BLOCK_LEFT, BLOCK_W, EPS, em};
use super::model::Placed;
use super::shape::{Item, Kind};
use crate::layout::script::{self, Squeeze};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    /// Every line but the last ends flush with the right edge; the last is flush left.
    Justify,
    Left,
    Center,
    Right,
}

/// The box lines are set in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame {
    /// Page x of the box's left edge (mm).
    pub left: f64,
    /// Width of the box (mm).
    pub width: f64,
    /// Indent of the first line and of the others (mm).
    pub first_indent: f64,
    pub indent: f64,
    pub align: Align,
    /// The em of the type size (mm), to place the glyphs of half-width words.
    pub em: f64,
}

impl Frame {
    /// The whole width of the text block, without indents, for type of `size_pt`.
    pub(crate) fn block(align: Align, size_pt: f64) -> Frame {
        Frame {
            left: BLOCK_LEFT,
            width: BLOCK_W,
            first_indent: 0.0,
            indent: 0.0,
            align,
            em: em(size_pt),
        }
    }

    fn available(&self, first: bool) -> f64 {
        self.width
            - if first {
                self.first_indent
            } else {
                self.indent
            }
    }
}

/// A set line: its glyphs at page x positions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Line {
    pub glyphs: Vec<Placed>,
    /// Page x where the first item starts and where the last one ends.
    pub start: f64,
    pub end: f64,
}

impl Line {
    /// The characters of the line (ideographic spaces and spaces not included).
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        self.glyphs.iter().map(|p| p.glyph.ch).collect()
    }
}

/// Whether a line may break between `a` and `b`.
fn can_break(a: &Item, b: &Item) -> bool {
    match (a.kind, b.kind) {
        // Break after a space, never before it: the space then ends the line and vanishes.
        (_, Kind::Space) => false,
        (Kind::Space, _) => !script::no_line_start(b.first),
        (Kind::Word, Kind::Word) => false,
        _ => !script::no_line_start(b.first) && !script::no_line_end(a.last),
    }
}

/// Groups items into clusters that must stay on one line.
pub(super) fn clusters(items: &[Item]) -> VecDeque<Vec<Item>> {
    let mut out: VecDeque<Vec<Item>> = VecDeque::new();
    let mut start = 0;
    for end in cluster_ends(items) {
        out.push_back(items[start..end].to_vec());
        start = end;
    }
    out
}

/// Where each cluster of [`clusters`] ends (an index into `items`), without copying them.
pub(super) fn cluster_ends(items: &[Item]) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut start = 0;
    for (k, item) in items.iter().enumerate() {
        let cur = &items[start..k];
        let breakable = match cur.last() {
            None => false,
            // After a space, the line would end with what precedes the space.
            Some(prev) if prev.kind == Kind::Space => {
                can_break(prev, item)
                    && !cur
                        .iter()
                        .rev()
                        .find(|i| i.kind != Kind::Space)
                        .is_some_and(|i| script::no_line_end(i.last))
            }
            Some(prev) => can_break(prev, item),
        };
        if breakable {
            ends.push(k);
            start = k;
        }
    }
    if start < items.len() {
        ends.push(items.len());
    }
    ends
}

/// The items of a line without the spaces at its ends.
fn trimmed(items: &[Item]) -> &[Item] {
    let start = items
        .iter()
        .position(|i| i.kind != Kind::Space)
        .unwrap_or(items.len());
    let end = items
        .iter()
        .rposition(|i| i.kind != Kind::Space)
        .map_or(start, |e| e + 1);
    &items[start..end.max(start)]
}

pub(super) fn natural(items: &[Item]) -> f64 {
    trimmed(items).iter().map(|i| i.width).sum()
}

/// Natural width and end shrink of `a` followed by `b`, without building the line.
fn joined_measure(a: &[Item], b: &[Item]) -> (f64, f64) {
    let all = || a.iter().chain(b.iter());
    let n = a.len() + b.len();
    let start = all().position(|i| i.kind != Kind::Space).unwrap_or(n);
    let end = n - all().rev().position(|i| i.kind != Kind::Space).unwrap_or(n);
    if start >= end {
        return (0.0, 0.0);
    }
    let width = all().skip(start).take(end - start).map(|i| i.width).sum();
    let shrink = b
        .iter()
        .rev()
        .chain(a.iter().rev())
        .skip(n - end)
        .take(end - start)
        .take_while(|i| i.squeeze == Squeeze::Closing)
        .map(Item::shrink)
        .sum();
    (width, shrink)
}

/// Splits `items` into lines that fit `frame`.
pub(crate) fn break_items(items: &[Item], frame: &Frame) -> Vec<Vec<Item>> {
    let mut queue = clusters(items);
    let mut lines: Vec<Vec<Item>> = Vec::new();
    let mut cur: Vec<Item> = Vec::new();
    while let Some(cluster) = queue.pop_front() {
        let available = frame.available(lines.is_empty());
        let (total, shrink) = joined_measure(&cur, &cluster);
        if total <= available + EPS {
            cur.extend(cluster);
            continue;
        }
        if total - shrink <= available + EPS {
            // Squeeze the closing marks at the line end rather than push.
            cur.extend(cluster);
            lines.push(std::mem::take(&mut cur));
            continue;
        }
        if !trimmed(&cur).is_empty() {
            lines.push(std::mem::take(&mut cur));
            queue.push_front(cluster);
            continue;
        }
        // The cluster alone is wider than a line: break it wherever needed.
        cur.clear();
        if cluster.len() > 1 {
            for item in cluster.into_iter().rev() {
                queue.push_front(vec![item]);
            }
            continue;
        }
        let Some(item) = cluster.into_iter().next() else {
            continue;
        };
        if item.kind == Kind::Word && item.glyphs.len() > 1 {
            let per_glyph = item.width / item.glyphs.len() as f64;
            let em = if per_glyph > 0.0 { frame.em } else { 0.0 };
            for glyph in item.glyphs.iter().rev() {
                queue.push_front(vec![Item {
                    kind: Kind::Word,
                    glyphs: vec![*glyph],
                    width: glyph.advance * em,
                    squeeze: Squeeze::None,
                    first: glyph.ch,
                    last: glyph.ch,
                }]);
            }
            continue;
        }
        // A single glyph wider than the line: nothing narrower can be made of it.
        lines.push(vec![item]);
    }
    if !trimmed(&cur).is_empty() {
        lines.push(cur);
    }
    lines
}

/// `items`' clusters joined into words: a cluster that starts where
/// [`crate::segment::breaks`] allows no break joins the one before it.
fn word_clusters(items: &[Item]) -> Vec<Vec<Item>> {
    let groups = clusters(items);
    let mut text = String::new();
    let mut starts = Vec::with_capacity(groups.len());
    for g in &groups {
        starts.push(text.len());
        for item in g {
            item.push_text(&mut text);
        }
    }
    let allowed = crate::segment::breaks(&text);
    let mut words: Vec<Vec<Item>> = Vec::new();
    for (g, start) in groups.into_iter().zip(starts) {
        match words.last_mut() {
            Some(word) if allowed.binary_search(&start).is_err() => word.extend(g),
            _ => words.push(g),
        }
    }
    words
}

/// Whether a last line of `items` would stand alone as a lone end: one character, or marks
/// only (a lone 「表」 or 「。」).
fn lone_end(items: &[Item]) -> bool {
    let chars: Vec<char> = trimmed(items)
        .iter()
        .flat_map(|i| i.glyphs.iter().map(|g| g.ch))
        .collect();
    chars.len() <= 1 || chars.iter().all(|&c| !c.is_alphanumeric())
}

/// Splits `items` into lines that fit `frame` broken only between words
/// ([`crate::segment::breaks`]; a word wider than a line is broken as [`break_items`] would),
/// each line as full as whole words allow; a last line that would be a lone end ([`lone_end`])
/// takes the last word of the line before it.
pub(crate) fn break_between_words(items: &[Item], frame: &Frame) -> Vec<Vec<Item>> {
    let mut lines: Vec<Vec<Vec<Item>>> = Vec::new();
    let mut cur: Vec<Vec<Item>> = Vec::new();
    for word in word_clusters(items) {
        let flat: Vec<Item> = cur.concat();
        let available = frame.available(lines.is_empty());
        let (total, shrink) = joined_measure(&flat, &word);
        if total - shrink <= available + EPS {
            cur.push(word);
        } else if !trimmed(&flat).is_empty() {
            lines.push(std::mem::take(&mut cur));
            cur.push(word);
        } else {
            // A word wider than a whole line: broken wherever it must be.
            let mut pieces = break_items(&word, frame);
            let last = pieces.pop();
            lines.extend(pieces.into_iter().map(|p| vec![p]));
            cur.extend(last);
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    let n = lines.len();
    if n >= 2 && lone_end(&lines[n - 1].concat()) && lines[n - 2].len() > 1 {
        let moved = lines[n - 2].pop();
        let mut last: Vec<Vec<Item>> = moved.into_iter().collect();
        last.append(&mut lines[n - 1]);
        let (total, shrink) = joined_measure(&[], &last.concat());
        if total - shrink <= frame.available(n == 1) + EPS {
            lines[n - 1] = last;
        } else {
            lines[n - 2].extend(last.drain(..1));
            lines[n - 1] = last;
        }
    }
    lines.into_iter().map(|l| l.concat()).collect()
}

/// Sets one line of `items`; `first` and `last` say whether it begins or ends its paragraph.
pub(crate) fn set_line(items: &[Item], frame: &Frame, first: bool, last: bool) -> Line {
    let items = trimmed(items);
    let available = frame.available(first);
    let start = frame.left
        + if first {
            frame.first_indent
        } else {
            frame.indent
        };
    let mut widths: Vec<f64> = items.iter().map(|i| i.width).collect();
    let mut shifts: Vec<f64> = vec![0.0; items.len()];
    let mut need = widths.iter().sum::<f64>() - available;
    if need > EPS {
        // Closing marks at the end first, then any compressible mark from the right.
        let trailing = items
            .iter()
            .rev()
            .take_while(|i| i.squeeze == Squeeze::Closing)
            .count();
        let order = (items.len() - trailing..items.len())
            .rev()
            .chain((0..items.len() - trailing).rev());
        for i in order {
            if need <= EPS {
                break;
            }
            let take = items[i].shrink().min(need);
            if take > 0.0 {
                widths[i] -= take;
                if items[i].squeeze == Squeeze::Opening {
                    shifts[i] = take;
                }
                need -= take;
            }
        }
    }
    let used: f64 = widths.iter().sum();
    let slack = available - used;
    let gaps = items.len().saturating_sub(1);
    let (offset, gap) = match frame.align {
        Align::Justify if !last && slack > EPS && gaps > 0 => (0.0, slack / gaps as f64),
        Align::Justify | Align::Left => (0.0, 0.0),
        Align::Center => (slack / 2.0, 0.0),
        Align::Right => (slack, 0.0),
    };
    let mut glyphs = Vec::new();
    let mut x = start + offset;
    let line_start = x;
    for (i, item) in items.iter().enumerate() {
        match item.kind {
            Kind::Cell => {
                for g in &item.glyphs {
                    let advance = g.advance * frame.em;
                    glyphs.push(Placed {
                        x: x + (item.width - advance) / 2.0 - shifts[i],
                        glyph: *g,
                    });
                }
            }
            Kind::Word => {
                let mut gx = x;
                for g in &item.glyphs {
                    glyphs.push(Placed { x: gx, glyph: *g });
                    gx += g.advance * frame.em;
                }
            }
            Kind::Space => {}
        }
        x += widths[i];
        if i + 1 < items.len() {
            x += gap;
        }
    }
    Line {
        glyphs,
        start: line_start,
        end: x,
    }
}

/// Breaks and sets `items` in `frame`.
pub(crate) fn set(items: &[Item], frame: &Frame) -> Vec<Line> {
    let lines = break_items(items, frame);
    let n = lines.len();
    lines
        .iter()
        .enumerate()
        .map(|(i, line)| set_line(line, frame, i == 0, i + 1 == n))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::metrics::{BLOCK_LEFT, BLOCK_RIGHT, BLOCK_W, CELL, em};
    use crate::typeset::shape::testing::items;

    fn body(indent_cells: f64) -> Frame {
        Frame {
            left: BLOCK_LEFT,
            width: BLOCK_W,
            first_indent: indent_cells * CELL,
            indent: 0.0,
            align: Align::Justify,
            em: em(16.0),
        }
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    /// The rules every paragraph must satisfy.
    fn check(lines: &[Line]) {
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let text = line.text();
            let first = text.chars().next().unwrap();
            let last = text.chars().last().unwrap();
            if i > 0 {
                assert!(
                    !script::no_line_start(first),
                    "line {i} starts with {first}: {text}"
                );
            }
            if i + 1 < n {
                assert!(
                    !script::no_line_end(last),
                    "line {i} ends with {last}: {text}"
                );
                assert!(
                    (line.end - BLOCK_RIGHT).abs() < 1e-9,
                    "line {i} ends at {} not {BLOCK_RIGHT}: {text}",
                    line.end
                );
            }
            assert!(line.end <= BLOCK_RIGHT + 1e-9, "line {i} overflows: {text}");
            for w in line.glyphs.windows(2) {
                assert!(w[1].x > w[0].x, "glyphs out of order in {text}");
            }
        }
    }

    #[test]
    fn full_lines_hold_28_characters() {
        let text = "一".repeat(60);
        let lines = set(&items(&text), &body(2.0));
        assert_eq!(
            texts(&lines)
                .iter()
                .map(|t| t.chars().count())
                .collect::<Vec<_>>(),
            vec![26, 28, 6]
        );
        check(&lines);
        // Pure ideographs sit exactly on the grid cells.
        let second = &lines[1];
        for (k, p) in second.glyphs.iter().enumerate() {
            let cell_left = BLOCK_LEFT + k as f64 * CELL;
            assert!((p.x - (cell_left + (CELL - em(16.0)) / 2.0)).abs() < 1e-9);
        }
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        for mark in "，。、；：？！）》」』】〕〉”’…—·%".chars() {
            // The mark falls on cell 29 of the first line (indent 2 + 26).
            let text = format!("{}{mark}{}", "甲".repeat(26), "乙".repeat(30));
            let lines = set(&items(&text), &body(2.0));
            check(&lines);
            let second = texts(&lines)[1].clone();
            assert!(!second.starts_with(mark), "{mark}: {second}");
        }
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        for mark in "（《「『【〔〈“‘".chars() {
            let text = format!("{}{mark}{}", "甲".repeat(25), "乙".repeat(30));
            let lines = set(&items(&text), &body(2.0));
            check(&lines);
            let first = texts(&lines)[0].clone();
            assert!(!first.ends_with(mark), "{mark}: {first}");
            assert!(texts(&lines)[1].starts_with(mark));
        }
    }

    #[test]
    fn a_closing_mark_just_past_the_edge_is_squeezed_not_pushed() {
        // 26 cells of indent and text plus a half-width digit: the comma overflows by a hair.
        let text = format!("{}11字，{}", "甲".repeat(23), "乙".repeat(10));
        let lines = set(&items(&text), &body(2.0));
        check(&lines);
        assert!(texts(&lines)[0].ends_with("字，"), "{:?}", texts(&lines));
    }

    #[test]
    fn consecutive_closing_marks_stay_with_their_character() {
        let text = format!("{}说。”{}", "甲".repeat(25), "乙".repeat(10));
        let lines = set(&items(&text), &body(2.0));
        check(&lines);
        let t = texts(&lines);
        assert!(
            t[1].starts_with("说。”") || t[0].ends_with("说。”"),
            "{t:?}"
        );
    }

    #[test]
    fn numbers_and_percentages_are_never_split() {
        for shift in 0..6 {
            let text = format!(
                "{}占61%，共2019处，GB/T 9704-2012{}",
                "甲".repeat(20 + shift),
                "乙".repeat(40)
            );
            let lines = set(&items(&text), &body(2.0));
            check(&lines);
            let t = texts(&lines);
            let joined = t.join("|");
            for word in ["61%", "2019", "9704-2012", "GB/T"] {
                assert!(t.iter().any(|l| l.contains(word)), "{word} split: {joined}");
            }
        }
    }

    #[test]
    fn justification_reaches_the_right_edge_exactly() {
        let text = "截至12月31日，全市共整治完成居住区配套幼儿园145处，占整治计划的61%，其中办成公办园65处、委托办成普惠性民办园80处。本月新增24处。按照序时进度（100%），全市完成率低于序时进度39.1个百分点。";
        let lines = set(&items(text), &body(2.0));
        assert!(lines.len() >= 3);
        check(&lines);
        let last = lines.last().unwrap();
        // The last line is flush left at its natural width.
        assert!(last.end < BLOCK_RIGHT);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken_rather_than_overflowing() {
        let text = format!("见{}。", "x".repeat(80));
        let lines = set(&items(&text), &body(2.0));
        for line in &lines {
            assert!(line.end <= BLOCK_RIGHT + 1e-9);
        }
        assert_eq!(texts(&lines).concat().chars().count(), 82);
    }

    #[test]
    fn many_paragraphs_keep_every_rule() {
        // A deterministic mix of ideographs, marks and half-width runs.
        let pieces = [
            "整治",
            "幼儿园",
            "，",
            "。",
            "、",
            "（",
            "）",
            "“",
            "”",
            "《",
            "》",
            "61%",
            "2019",
            "145",
            "处",
            "进度",
            "：",
            "；",
            "……",
            "——",
            "GB/T",
            " ",
            "A",
        ];
        let mut seed: u64 = 12345;
        for _ in 0..200 {
            let mut text = String::new();
            for _ in 0..60 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            let lines = set(&items(&text), &body(2.0));
            check(&lines);
            let all: String = texts(&lines).concat();
            let expected: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(all, expected);
        }
    }
}
