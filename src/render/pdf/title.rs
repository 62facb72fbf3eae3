//! Balanced breaking of centred titles: a long title becomes the fewest lines that fit, as
//! equal in length as possible (a trapezoid or diamond, never a short orphan), broken between
//! words. Words are found by longest match against a small lexicon of the vocabulary of
//! official titles; a `\n` in the title forces a break.

use super::linebreak::{Align, Frame, break_items, clusters, natural};
use super::metrics::EPS;
use super::shape::{Item, Kind};

/// Words of official titles; a break inside one is avoided.
const LEXICON: &[&str] = &[
    "关于",
    "印发",
    "转发",
    "开展",
    "进一步",
    "加强",
    "做好",
    "推进",
    "推动",
    "全面",
    "深入",
    "落实",
    "实施",
    "组织",
    "召开",
    "举办",
    "工作",
    "情况",
    "进展",
    "进展情况",
    "进度",
    "专项",
    "整治",
    "专项整治",
    "行动",
    "攻坚",
    "百日",
    "通报",
    "通知",
    "意见",
    "决定",
    "办法",
    "方案",
    "规定",
    "报告",
    "请示",
    "批复",
    "纪要",
    "全市",
    "全省",
    "全县",
    "全区",
    "全国",
    "各县区",
    "县区",
    "城镇",
    "农村",
    "居住区",
    "小区",
    "配套",
    "幼儿园",
    "配套幼儿园",
    "学校",
    "教育",
    "安全",
    "生产",
    "安全生产",
    "环境",
    "保护",
    "建设",
    "管理",
    "服务",
    "质量",
    "检查",
    "督导",
    "督查",
    "考核",
    "评估",
    "表扬",
    "批评",
    "有关",
    "事项",
    "问题",
    "成果",
    "经验",
    "年度",
    "月份",
    "季度",
    "上半年",
    "下半年",
    "会议",
    "精神",
    "领导小组",
    "办公室",
    "人民政府",
    "委员会",
    "整改",
    "治理",
    "提升",
    "排名",
    "排名表",
    "普惠性",
    "民办园",
    "公办园",
    "示范",
    "创建",
    "活动",
    "通告",
    "公告",
    "基础设施",
    "城市",
    "乡村",
    "振兴",
    "文明",
    "卫生",
    "交通",
    "民生",
    "开发区",
    "高新技术",
    "经济技术",
    "产业",
    "技术",
    "经济",
    "临港",
    "项目",
    "重点",
    "任务",
    "目标",
    "责任",
    "制度",
    "机制",
    "情况表",
    "统计表",
];

/// Characters a number is not separated from (`2019年`, `12月`, `61%`).
const MEASURE_WORDS: &str = "年月日号期届次个处名项家所件户人元万亿%％";

/// Cost of a break at each boundary between characters `k-1` and `k` (index `k`).
fn break_costs(chars: &[char]) -> Vec<f64> {
    let n = chars.len();
    let mut in_word = vec![false; n + 1];
    let mut known = vec![false; n];
    let mut i = 0;
    while i < n {
        let longest = LEXICON
            .iter()
            .filter(|w| {
                let len = w.chars().count();
                i + len <= n && w.chars().zip(&chars[i..]).all(|(a, b)| a == *b)
            })
            .map(|w| w.chars().count())
            .max();
        match longest {
            Some(len) => {
                for flag in &mut in_word[i + 1..i + len] {
                    *flag = true;
                }
                for flag in &mut known[i..i + len] {
                    *flag = true;
                }
                i += len;
            }
            None => i += 1,
        }
    }
    (0..=n)
        .map(|k| {
            if k == 0 || k == n {
                return 0.0;
            }
            let (a, b) = (chars[k - 1], chars[k]);
            if in_word[k] || (a.is_ascii_digit() && MEASURE_WORDS.contains(b)) || b == '的' {
                // Worth about three characters of imbalance on each of two lines.
                10.0
            } else if a == '的' || a.is_ascii() != b.is_ascii() || known[k - 1] || known[k] {
                0.0
            } else {
                1.0
            }
        })
        .collect()
}

/// Splits a title's items into balanced lines no wider than `width` mm. `cell` is the width of
/// one full-width character, the unit of imbalance.
pub fn balance(items: &[Item], width: f64, cell: f64) -> Vec<Vec<Item>> {
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
            match item.kind {
                Kind::Space => chars.push(' '),
                _ if item.glyphs.is_empty() => chars.push('\u{3000}'),
                _ => chars.extend(item.glyphs.iter().map(|g| g.ch)),
            }
        }
    }
    let costs = break_costs(&chars);
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
    let line_width = |a: usize, b: usize| sums[b] - sums[a] - lead[a] - trail[b - 1];
    // The fewest lines that fit, then the best split into that many lines.
    let min_lines = (total / width).ceil().max(2.0) as usize;
    for lines in min_lines..=m {
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
                    if w > width + EPS {
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
            return bounds
                .windows(2)
                .map(|w| groups[w[0]..w[1]].concat())
                .collect();
        }
    }
    greedy()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::FontStyle;
    use crate::render::pdf::metrics::{BLOCK_W, em};
    use crate::render::pdf::shape::testing::Fake;
    use crate::render::pdf::shape::{Piece, shape};

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
