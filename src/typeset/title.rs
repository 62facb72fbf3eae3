//! Balanced breaking of centred titles: a long title becomes the fewest lines that fit, as
//! equal in length as possible (a trapezoid or diamond, never a short orphan), broken between
//! words ([`crate::segment`]); a `\n` in the title forces a break.

use super::linebreak::{Align, Frame, break_items, clusters, natural};
use super::metrics::EPS;
use super::shape::{Item, Kind};

/// Cost of a break inside a word: a break is taken there only when no line count that fits
/// can be made of whole words.
const IN_WORD: f64 = 100.0;

/// Cost of a break at each boundary between characters `k-1` and `k` (index `k`): nothing
/// between two words (`breaks` of the text: byte offsets, ascending), [`IN_WORD`] inside one.
fn break_costs(chars: &[char], breaks: &dyn Fn(&str) -> Vec<usize>) -> Vec<f64> {
    let text: String = chars.iter().collect();
    let mut costs = vec![IN_WORD; chars.len() + 1];
    costs[0] = 0.0;
    costs[chars.len()] = 0.0;
    let mut allowed = breaks(&text).into_iter().peekable();
    for (k, (i, _)) in text.char_indices().enumerate() {
        while allowed.next_if(|&b| b < i).is_some() {}
        if allowed.peek() == Some(&i) {
            costs[k] = 0.0;
        }
    }
    costs
}

/// Splits a title's items into balanced lines no wider than `width` mm. `cell` is the width of
/// one full-width character, the unit of imbalance.
pub(crate) fn balance(items: &[Item], width: f64, cell: f64) -> Vec<Vec<Item>> {
    balance_at(items, width, cell, &crate::segment::breaks)
}

/// [`balance`], breaking between the words `breaks` gives (byte offsets into the text of
/// `items`, ascending) rather than the dictionary's own.
pub(crate) fn balance_at(
    items: &[Item],
    width: f64,
    cell: f64,
    breaks: &dyn Fn(&str) -> Vec<usize>,
) -> Vec<Vec<Item>> {
    let groups: Vec<Vec<Item>> = clusters(items).into_iter().collect();
    let total = natural(items);
    if total <= width + EPS {
        return vec![items.to_vec()];
    }
    // Something wider than a line that cannot be balanced: break it as body text would.
    let greedy = || {
        break_items(
            items,
            &Frame {
                left: 0.0,
                width,
                first_indent: 0.0,
                indent: 0.0,
                align: Align::Left,
                em: cell,
            },
        )
    };
    // Balancing is for titles and short cells; long text is broken greedily (the search is
    // cubic in the number of clusters).
    if groups.len() < 2 || groups.len() > 300 || total / width > 6.0 {
        return greedy();
    }
    // Characters of the title, and the character index where each cluster starts.
    let mut chars: Vec<char> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for g in &groups {
        starts.push(chars.len());
        for item in g {
            let mut text = String::new();
            item.push_text(&mut text);
            chars.extend(text.chars());
        }
    }
    let costs = break_costs(&chars, breaks);
    let m = groups.len();
    // Width of groups[a..b] as a line: no spaces at its ends.
    let sums: Vec<f64> = std::iter::once(0.0)
        .chain(groups.iter().scan(0.0, |acc, g| {
            *acc += g.iter().map(|i| i.width).sum::<f64>();
            Some(*acc)
        }))
        .collect();
    let lead: Vec<f64> = groups
        .iter()
        .map(|g| {
            g.iter()
                .take_while(|i| i.kind == Kind::Space)
                .map(|i| i.width)
                .sum()
        })
        .collect();
    let trail: Vec<f64> = groups
        .iter()
        .map(|g| {
            g.iter()
                .rev()
                .take_while(|i| i.kind == Kind::Space)
                .map(|i| i.width)
                .sum()
        })
        .collect();
    // What the closing marks at a group's end can give up when it ends a line.
    let squeeze: Vec<f64> = groups
        .iter()
        .map(|g| {
            g.iter()
                .rev()
                .take_while(|i| i.squeeze == crate::layout::script::Squeeze::Closing)
                .map(Item::shrink)
                .sum()
        })
        .collect();
    let line_width = |a: usize, b: usize| sums[b] - sums[a] - lead[a] - trail[b - 1];
    // The fewest lines that fit, then the best split into that many lines; a split that breaks
    // a word gives way to one with a few more lines that keeps every word whole.
    // (A text exactly two widths long takes two lines, whatever the rounding of its widths.)
    let min_lines = (total / width - EPS).ceil().max(2.0) as usize;
    let mut broken: Option<Vec<usize>> = None;
    for lines in min_lines..=m {
        if broken.is_some() && lines > min_lines + 3 {
            break;
        }
        let target = total / lines as f64;
        // best[j][k]: cost of setting groups[..k] in j lines.
        let mut best = vec![vec![f64::INFINITY; m + 1]; lines + 1];
        let mut from = vec![vec![0usize; m + 1]; lines + 1];
        best[0][0] = 0.0;
        for j in 1..=lines {
            for k in j..=m {
                for a in j - 1..k {
                    if !best[j - 1][a].is_finite() {
                        continue;
                    }
                    let w = line_width(a, k);
                    if w - squeeze[k - 1] > width + EPS {
                        continue;
                    }
                    let dev = (w - target) / cell;
                    let cost = best[j - 1][a] + dev * dev + 2.0 * costs[starts[a]];
                    if cost < best[j][k] {
                        best[j][k] = cost;
                        from[j][k] = a;
                    }
                }
            }
        }
        if best[lines][m].is_finite() {
            let mut bounds = vec![m];
            let mut k = m;
            for j in (1..=lines).rev() {
                k = from[j][k];
                bounds.push(k);
            }
            bounds.reverse();
            let whole = bounds[1..lines].iter().all(|&a| costs[starts[a]] < IN_WORD);
            if whole {
                return lines_of(&groups, &bounds);
            }
            broken.get_or_insert(bounds);
        }
    }
    match broken {
        Some(bounds) => lines_of(&groups, &bounds),
        None => greedy(),
    }
}

/// The lines made of `groups` cut at `bounds` (group indices, first 0, last the count).
fn lines_of(groups: &[Vec<Item>], bounds: &[usize]) -> Vec<Vec<Item>> {
    bounds
        .windows(2)
        .map(|w| groups[w[0]..w[1]].concat())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::font_style::FontStyle;
    use crate::typeset::metrics::{BLOCK_W, em};
    use crate::typeset::shape::testing::Fake;
    use crate::typeset::shape::{Piece, shape};

    fn title_lines(text: &str) -> Vec<String> {
        let cell = em(22.0);
        let items = shape(
            &[Piece {
                text,
                style: FontStyle::Xiaobiaosong,
            }],
            22.0,
            cell,
            &Fake,
            &|| String::new(),
        )
        .unwrap();
        balance(&items, BLOCK_W, cell)
            .iter()
            .map(|line| {
                line.iter()
                    .flat_map(|i| i.glyphs.iter().map(|g| g.ch))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_short_title_is_one_line() {
        assert_eq!(title_lines("关于表扬的通报"), vec!["关于表扬的通报"]);
    }

    #[test]
    fn a_long_title_is_balanced_and_broken_between_words() {
        let lines =
            title_lines("关于2019年12月份全市城镇居住区配套幼儿园专项整治工作进展情况的通报");
        assert_eq!(lines.len(), 2, "{lines:?}");
        let lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        assert!(lens[0].abs_diff(lens[1]) <= 6, "{lines:?}");
        for word in ["幼儿园", "2019年", "12月份", "专项整治", "进展情况", "通报"] {
            assert!(
                lines.iter().any(|l| l.contains(word)),
                "{word} split: {lines:?}"
            );
        }
    }

    #[test]
    fn a_very_long_title_takes_three_balanced_lines() {
        let text = "关于进一步加强全市城镇居住区配套幼儿园专项整治工作督导检查和考核评估有关事项及下半年重点任务安排的通知";
        let lines = title_lines(text);
        assert_eq!(lines.len(), 3, "{lines:?}");
        for word in [
            "幼儿园",
            "督导",
            "检查",
            "考核",
            "评估",
            "下半年",
            "重点",
            "任务",
        ] {
            assert!(
                lines.iter().any(|l| l.contains(word)),
                "{word} split: {lines:?}"
            );
        }
        let lens: Vec<usize> = lines.iter().map(|l| l.chars().count()).collect();
        let (min, max) = (lens.iter().min().unwrap(), lens.iter().max().unwrap());
        assert!(max - min <= 5, "{lines:?}");
        assert_eq!(lines.concat(), text);
    }
}
