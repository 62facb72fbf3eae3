//! Checking an approved draft against the data before it is published. Errors (never
//! published, not even with `--force`): the inputs changed since the draft was built, the draft
//! is of another campaign or period, its number (or 发文字号) is not the one the archive gives,
//! or a ranking table differs from the computed figures. Warnings (published only with
//! `--force`): a number in edited text that the data does not produce, a changed date.

use std::collections::{BTreeSet, HashSet};

use crate::Bulletin;
use crate::archive::numbering::Slot;
use crate::document::{Block, Document, Table};
use crate::draft::Draft;
use crate::format;
use crate::model::Period;
use crate::progress::{Figures, Tally};

/// What the review found.
#[derive(Debug, Default)]
pub struct Review {
    /// Problems that stop publishing.
    pub errors: Vec<String>,
    /// Problems that stop publishing unless `--force` is given.
    pub warnings: Vec<String>,
}

/// Most differences listed per ranking table.
const MAX_TABLE_DIFFS: usize = 20;

/// Reviews `draft` against `composed` (the bulletin the data gives for `period` as number
/// `slot.number`), with `inputs` the input files as they are now.
pub fn review(
    draft: &Draft,
    composed: &Bulletin,
    campaign: &str,
    slot: &Slot,
    inputs: &[(String, Vec<u8>)],
) -> Review {
    let mut r = Review::default();
    let record = &draft.record;
    let place = draft.dir.display();
    let changed = record.changed_inputs(inputs);
    if !changed.is_empty() {
        r.errors.push(format!(
            "草稿 {place} 是在数据修改之前生成的：{} 在生成草稿后已改动。请重新运行 tongbao build 生成草稿，把需要的措辞修改重新写入新的 bulletin.md，再发布",
            changed.join("、")
        ));
        return r;
    }
    if record.campaign != campaign {
        r.errors.push(format!(
            "草稿 {place} 是“{}”的通报，不是本活动（“{campaign}”）的",
            record.campaign
        ));
    }
    let period: Period = composed.period;
    if record.period != period {
        r.errors.push(format!(
            "草稿 {place} 是 {} 的通报，要发布的是 {period}：请用 --period {} 发布该期，或用 --draft 指定 {period} 的草稿",
            record.period, record.period
        ));
        return r;
    }
    front(draft, composed, slot, &mut r);
    tables(&draft.document, &composed.document, &mut r);
    numbers(draft, composed, &mut r);
    r
}

fn front(draft: &Draft, composed: &Bulletin, slot: &Slot, r: &mut Review) {
    let (d, c) = (&draft.document.front, &composed.document.front);
    if d.issue != slot.number {
        r.errors.push(format!(
            "草稿的期号为第{}期，但发布时应为第{}期（{}）：请重新运行 tongbao build 生成第{}期的草稿，或把 bulletin.md 开头的 issue 改为 {}",
            d.issue, slot.number, slot.basis, slot.number, slot.number
        ));
    } else if d.doc_number != c.doc_number {
        r.errors.push(format!(
            "草稿的发文字号为“{}”，第{}期应为“{}”（随期号和印发日期的年份）：请改正 bulletin.md 开头的 doc_number",
            d.doc_number.as_deref().unwrap_or("（无）"),
            slot.number,
            c.doc_number.as_deref().unwrap_or("（无）")
        ));
    }
    if d.date != c.date {
        r.warnings.push(format!(
            "草稿的印发日期为 {}，本期数据的 issue_date 为 {}",
            format::cn_date(d.date),
            format::cn_date(c.date)
        ));
    }
}

fn tables_of(blocks: &[Block]) -> Vec<&Table> {
    blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// Every ranking table (the attachments' tables) must equal the computed one, cell for cell.
fn tables(draft: &Document, composed: &Document, r: &mut Review) {
    if draft.attachments.len() != composed.attachments.len() {
        r.errors.push(format!(
            "草稿有 {} 个附件，数据生成的通报有 {} 个：附件中的排名表不能删除或增加",
            draft.attachments.len(),
            composed.attachments.len()
        ));
        return;
    }
    for (d, c) in draft.attachments.iter().zip(&composed.attachments) {
        let (dt, ct) = (tables_of(&d.blocks), tables_of(&c.blocks));
        if dt.len() != ct.len() {
            r.errors.push(format!(
                "{}中有 {} 张表，数据生成的有 {} 张：排名表不能删除或增加",
                c.label,
                dt.len(),
                ct.len()
            ));
            continue;
        }
        for (dt, ct) in dt.into_iter().zip(ct) {
            table(&c.label, dt, ct, r);
        }
    }
}

fn table(label: &str, draft: &Table, computed: &Table, r: &mut Review) {
    if draft.header != computed.header {
        r.errors.push(format!(
            "{label}排名表的表头与数据生成的不一致：写的是“{}”，应为“{}”",
            draft.header.join(" | "),
            computed.header.join(" | ")
        ));
        return;
    }
    if draft.rows.len() != computed.rows.len() {
        r.errors.push(format!(
            "{label}排名表有 {} 行，数据计算结果有 {} 行：排名表不能删除或增加行",
            draft.rows.len(),
            computed.rows.len()
        ));
        return;
    }
    let mut diffs = 0;
    for (i, (dr, cr)) in draft.rows.iter().zip(&computed.rows).enumerate() {
        let name = cr.get(1).map_or("", String::as_str);
        for (j, (dc, cc)) in dr.iter().zip(cr).enumerate() {
            if dc.trim() != cc.trim() {
                diffs += 1;
                if diffs <= MAX_TABLE_DIFFS {
                    let column = computed.header.get(j).map_or("", String::as_str);
                    r.errors.push(format!(
                        "{label}排名表第{}行（{name}）“{column}”一栏写的是 {}，数据计算结果为 {}：排名表必须与数据一致，请改数据或重新生成草稿",
                        i + 1,
                        dc.trim(),
                        cc.trim()
                    ));
                }
            }
        }
        if dr.len() != cr.len() {
            diffs += 1;
            r.errors.push(format!(
                "{label}排名表第{}行（{name}）有 {} 栏，应为 {} 栏",
                i + 1,
                dr.len(),
                cr.len()
            ));
        }
    }
    if diffs > MAX_TABLE_DIFFS {
        r.errors.push(format!(
            "{label}排名表另有 {} 处与数据不一致，未逐一列出",
            diffs - MAX_TABLE_DIFFS
        ));
    }
}

/// The decimal numbers written in `text` (ASCII digits, an optional fraction), normalised,
/// with their char offsets and lengths.
fn numbers_in(text: &str) -> Vec<(usize, usize, String)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        let token: String = chars[start..i].iter().collect();
        out.push((start, i - start, normalise(&token)));
    }
    out
}

/// `015` → `15`, `15.0` → `15`, `0.50` → `0.5`.
fn normalise(token: &str) -> String {
    let (int, frac) = token.split_once('.').unwrap_or((token, ""));
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        int.to_string()
    } else {
        format!("{int}.{frac}")
    }
}

/// Every number the figures produce, in the forms a sentence may state them: counts (plan,
/// done, new, parts, what remains), percentages and percentage points to 0 or 1 decimal,
/// ranks and their changes, how many units are in each class.
fn figure_numbers(figures: &Figures) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut put = |n: u64| {
        out.insert(n.to_string());
    };
    let mut fractions = Vec::new();
    fractions.push(figures.time_progress);
    for ind in &figures.indicators {
        let mut tallies: Vec<&Tally> = vec![&ind.total];
        tallies.extend(ind.units.iter().map(|u| &u.tally));
        for t in tallies {
            for n in [t.plan, t.done, t.new, t.plan.saturating_sub(t.done)] {
                put(n);
            }
            t.parts.values().for_each(|&n| put(n));
            fractions.extend(t.rate);
            fractions.extend(t.gap.map(f64::abs));
        }
        for u in &ind.units {
            u.rank
                .into_iter()
                .chain(u.previous_rank)
                .for_each(|n| put(u64::from(n)));
            if let Some(c) = u.rank_change {
                put(c.unsigned_abs());
            }
            fractions.extend(u.rate_change.map(f64::abs));
            fractions.extend(u.previous_rate);
        }
        let c = &ind.counts;
        for n in [
            c.ranked,
            c.complete,
            c.at_or_above_schedule,
            c.below_schedule,
            c.ahead,
            c.on_schedule,
            c.behind,
            c.no_progress,
            c.zero_plan,
            ind.units.len(),
            ind.named.ahead_total,
            ind.named.behind_total,
        ] {
            put(n as u64);
        }
    }
    for f in fractions {
        for decimals in [0, 1] {
            out.insert(normalise(&format::fixed(f * 100.0, decimals)));
        }
    }
    out
}

/// The words around a number, for the message: up to four characters each side, within
/// the clause.
fn context(chars: &[char], start: usize, len: usize) -> String {
    const STOP: &[char] = &[
        '，', '。', '；', '：', '、', '（', '）', '(', ')', ',', ';', ':', '！', '？', '“', '”',
        ' ', '|', '*', '#',
    ];
    let mut from = start;
    while from > 0 && start - from < 4 && !STOP.contains(&chars[from - 1]) {
        from -= 1;
    }
    let mut to = start + len;
    while to < chars.len() && to - (start + len) < 4 && !STOP.contains(&chars[to]) {
        to += 1;
    }
    chars[from..to].iter().collect()
}

/// A number in an edited line of the body that neither the composed bulletin nor the figures
/// contain is a warning naming its line.
fn numbers(draft: &Draft, composed: &Bulletin, r: &mut Review) {
    let original: HashSet<&str> = composed.markdown.lines().collect();
    let mut known = figure_numbers(&composed.figures);
    for line in composed.markdown.lines() {
        known.extend(numbers_in(line).into_iter().map(|(_, _, n)| n));
    }
    let mut in_front = false;
    for (i, line) in draft.markdown.lines().enumerate() {
        if line.trim() == "---" && (i == 0 || in_front) {
            in_front = !in_front;
            continue;
        }
        if in_front || original.contains(line) || line.trim_start().starts_with('|') {
            continue;
        }
        let chars: Vec<char> = line.chars().collect();
        for (start, len, n) in numbers_in(line) {
            if !known.contains(&n) {
                r.warnings.push(format!(
                    "第{}行：“{}”中的 {} 不是由数据计算得出",
                    i + 1,
                    context(&chars, start, len),
                    chars[start..start + len].iter().collect::<String>()
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_found_and_normalised() {
        let found: Vec<String> = numbers_in("较上月提高15个百分点，达60.90%，第012名")
            .into_iter()
            .map(|(_, _, n)| n)
            .collect();
        assert_eq!(found, ["15", "60.9", "12"]);
        assert_eq!(normalise("0.0"), "0");
    }

    #[test]
    fn the_context_stays_within_the_clause() {
        let chars: Vec<char> = "总体看，较上月提高15个百分点以上。".chars().collect();
        let (start, len, _) = numbers_in(&chars.iter().collect::<String>())[0].clone();
        assert_eq!(context(&chars, start, len), "上月提高15个百分点");
    }
}
