//! Checking an approved draft against the data before it is published. Errors (never
//! published, not even with `--force`): the inputs changed since the draft was built, the draft
//! is of another campaign or period, its number (or 发文字号) is not the one the archive gives,
//! or a ranking table differs from the computed figures, a front-matter field differs from what
//! the campaign and the period give, or an edited sentence states a number that differs from
//! the figure it is tied to (or names a unit in a class it is not in). Warnings (published only
//! with `--force`): a number in edited text that no figure confirms. The body is compared
//! sentence by sentence with the bulletin the data composes ([`sentences`]); every change is
//! listed.

use super::claims::{self, Context, Finding};

use super::sentences::{Change, changes, sentences};
use crate::Bulletin;
use crate::archive::numbering::Slot;
use crate::document::{Block, Document, Table};
use crate::draft::Draft;
use crate::model::Period;

/// What the review found.
#[derive(Debug, Default)]
pub struct Review {
    /// Problems that stop publishing.
    pub errors: Vec<String>,
    /// Problems that stop publishing unless `--force` is given.
    pub warnings: Vec<String>,
    /// Every sentence the draft changed, added or removed (before → after, with lines).
    pub changes: Vec<Change>,
}

impl Change {
    /// 「第12行：“…” → “…”」, as the review lists it.
    pub fn describe(&self) -> String {
        match (&self.before, &self.after) {
            (Some(b), Some(a)) => format!("第{}行：“{}” → “{}”", a.line, b.text, a.text),
            (None, Some(a)) => format!("第{}行：新增“{}”", a.line, a.text),
            (Some(b), None) => format!("删去了原第{}行的“{}”", b.line, b.text),
            (None, None) => String::new(),
        }
    }
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
    context: &Context,
) -> Review {
    let mut r = Review::default();
    let record = &draft.record;
    let place = draft.dir.display();
    let changed = record.changed_inputs(inputs);
    if !changed.is_empty() {
        r.errors.push(format!(
            "草稿 {place} 是在数据修改之前生成的：{} 在生成草稿后已改动。请重新运行 tongbao build 生成草稿（bulletin.md 中改过的措辞会合并到新草稿中，改过的草稿另存一份），再发布",
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
    conflicts(draft, &mut r);
    front(draft, composed, slot, &mut r);
    tables(&draft.document, &composed.document, &mut r);
    numbers(draft, composed, context, &mut r);
    r
}

/// Conflict markers a rebuild's merge left ([`crate::draft::merge`]): the office has not yet
/// chosen between its wording and the data's.
fn conflicts(draft: &Draft, r: &mut Review) {
    let lines = crate::draft::merge::unresolved(&draft.markdown);
    if !lines.is_empty() {
        let lines: Vec<String> = lines.iter().map(|l| format!("第{l}行")).collect();
        r.errors.push(format!(
            "bulletin.md 中还有未解决的合并冲突（{}）：重新生成草稿时，您的修改与数据的变化在同一处；请在每处冲突中保留应有的文字，删去另一种文字和“【合并冲突…】”标记行，再发布",
            lines.join("、")
        ));
    }
}

fn front(draft: &Draft, composed: &Bulletin, slot: &Slot, r: &mut Review) {
    let (d, c) = (&draft.document.front, &composed.document.front);
    if d.issue != slot.number {
        r.errors.push(format!(
            "草稿的期号为第{}期，但发布时应为第{}期（{}）：请重新运行 tongbao build 生成第{}期的草稿，或把 bulletin.md 开头的 issue 改为 {}",
            d.issue, slot.number, slot.basis, slot.number, slot.number
        ));
    } else if d.revision != c.revision {
        let label = crate::format::issue_label(slot.number, c.revision);
        r.errors.push(match c.revision {
            Some(n) => format!(
                "{}已经发布过，这次发布的是修订版“{label}”，但草稿没有标明：请在 bulletin.md 开头 issue 一行下面加上一行 revision: {n}（版头期号印为“{label}”，标题下注明此前印发的第{}期作废），或重新运行 tongbao build 生成修订版草稿",
                crate::format::issue_label(slot.number, None),
                slot.number
            ),
            None => format!(
                "草稿标为修订版（revision: {}），但{label}尚未发布过：请删去 bulletin.md 开头的 revision 一行",
                d.revision.unwrap_or_default()
            ),
        });
    } else if d.doc_number != c.doc_number {
        r.errors.push(format!(
            "草稿的发文字号为“{}”，第{}期应为“{}”（随期号和印发日期的年份）：请改正 bulletin.md 开头的 doc_number",
            d.doc_number.as_deref().unwrap_or("（无）"),
            slot.number,
            c.doc_number.as_deref().unwrap_or("（无）")
        ));
    }
    let fields: [(&str, String, String); 13] = [
        ("style", format!("{:?}", d.style), format!("{:?}", c.style)),
        ("header", d.header.clone(), c.header.clone()),
        ("office", d.office.clone(), c.office.clone()),
        ("date", d.date.to_string(), c.date.to_string()),
        ("title", d.title.clone(), c.title.clone()),
        ("addressee", d.addressee.clone(), c.addressee.clone()),
        ("signature", d.signature.clone(), c.signature.clone()),
        ("secrecy", shown(&d.secrecy), shown(&c.secrecy)),
        ("copy_number", shown(&d.copy_number), shown(&c.copy_number)),
        (
            "colophon.report_to",
            d.colophon.report_to.join("、"),
            c.colophon.report_to.join("、"),
        ),
        (
            "colophon.send_to",
            d.colophon.send_to.join("、"),
            c.colophon.send_to.join("、"),
        ),
        (
            "colophon.copy_to",
            d.colophon.copy_to.join("、"),
            c.colophon.copy_to.join("、"),
        ),
        (
            "colophon.printer / print_date",
            format!("{} {}", d.colophon.printer, d.colophon.print_date),
            format!("{} {}", c.colophon.printer, c.colophon.print_date),
        ),
    ];
    for (field, written, expected) in fields {
        if written != expected {
            r.errors.push(format!(
                "bulletin.md 开头的 {field} 写的是“{written}”，按活动和本期数据应为“{expected}”：这一项由 campaign.yaml 和本期数据决定，不能在草稿中改；请改回，或改数据后重新生成草稿"
            ));
        }
    }
}

fn shown(value: &Option<String>) -> String {
    value.clone().unwrap_or_else(|| "（无）".to_string())
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

/// The body compared sentence by sentence: every change listed; in each changed or added
/// sentence, every number tied to a figure is checked against it (a mismatch, or a unit named
/// in a class it is not in, is an error) and every number no figure confirms is a warning.
fn numbers(draft: &Draft, composed: &Bulletin, context: &Context, r: &mut Review) {
    r.changes = changes(&sentences(&composed.markdown), &sentences(&draft.markdown));
    for change in &r.changes {
        let Some(after) = &change.after else { continue };
        let line = after.line;
        for finding in claims::check(&after.text, &composed.figures, context) {
            match finding {
                Finding::Wrong {
                    written,
                    what,
                    expected,
                } => r.errors.push(format!(
                    "第{line}行：“{}”中的 {written} 与数据不符：{what}为 {expected}",
                    after.text
                )),
                Finding::NotInClass { unit, class } => r.errors.push(format!(
                    "第{line}行：“{}”把{unit}列为{class}，但按数据{unit}不是{class}的单位",
                    after.text
                )),
                Finding::Unconfirmed { written } => r.warnings.push(format!(
                    "第{line}行：“{}”中的 {written} 不是由数据计算得出",
                    after.text
                )),
            }
        }
    }
}
