//! Numbered copies (份号) for every recipient the campaign lists — the 主送 units
//! (`distribution.addressed_to`) and each 版记 line (报, 发, 抄送) — as many as each is given
//! (`copies`), a group line expanded to one recipient per unit where the campaign says so
//! (`each_unit`); each copy a PDF with its six-digit number at the top left of page 1. And the
//! distribution register (分发登记): 份号, 收文单位, 份数 and a 签收 column, as CSV, Markdown,
//! and a document the publish step renders to PDF and xlsx.

use std::fmt::Write;

use super::ArchiveError;
use super::manifest::CopyEntry;
use crate::document::{Document, FrontMatter};
use crate::model::{Campaign, Recipient};
use crate::output::Files;

/// The register's file names inside the issue folder.
pub const REGISTER_CSV: &str = "分发登记.csv";
/// The distribution register in Markdown, beside the CSV one.
pub const REGISTER_MD: &str = "分发登记.md";
/// The register printed (PDF), for the recipients to sign.
pub const REGISTER_PDF: &str = "分发登记.pdf";
/// The register as a workbook.
pub const REGISTER_XLSX: &str = "分发登记.xlsx";
/// Most copies one recipient may be given.
pub const MAX_COPIES: i64 = 1000;

/// One recipient of the distribution and the copies it gets.
#[derive(Debug, Clone, PartialEq)]
pub struct Share {
    /// Who receives them.
    pub recipient: String,
    /// `主送`, `报`, `发` or `抄送`.
    pub kind: &'static str,
    /// How many copies.
    pub copies: u64,
}

/// Every recipient in order — 主送, 报, 发, 抄送 — with its copies; a line with `each_unit`
/// gives one recipient per unit. Refused: a count out of range, an `each_unit` without
/// `{unit}`.
pub fn shares(campaign: &Campaign) -> Result<Vec<Share>, ArchiveError> {
    let d = &campaign.distribution;
    let mut out = Vec::new();
    for (kind, list) in [
        ("主送", &d.addressed_to),
        ("报", &d.report_to),
        ("发", &d.send_to),
        ("抄送", &d.copy_to),
    ] {
        for r in list {
            out.extend(expand(campaign, kind, r)?);
        }
    }
    Ok(out)
}

fn expand(
    campaign: &Campaign,
    kind: &'static str,
    r: &Recipient,
) -> Result<Vec<Share>, ArchiveError> {
    let refuse = |why: String| {
        Err(ArchiveError::Refused(format!(
            "campaign.yaml 的 distribution 中“{}”：{why}",
            r.name
        )))
    };
    let copies = match u64::try_from(r.copies) {
        Ok(n) if (1..=MAX_COPIES as u64).contains(&n) => n,
        _ => {
            return refuse(format!(
                "copies 应为 1 到 {MAX_COPIES} 的整数（每个收文单位的份数），写的是 {}",
                r.copies
            ));
        }
    };
    let Some(pattern) = &r.each_unit else {
        return Ok(vec![Share {
            recipient: r.name.clone(),
            kind,
            copies,
        }]);
    };
    if !pattern.contains("{unit}") {
        return refuse(format!(
            "each_unit 中要有 {{unit}}（代表各单位的名称），例如 each_unit: \"{{unit}}党委、政府主要负责人\"，写的是“{pattern}”"
        ));
    }
    Ok(campaign
        .units
        .iter()
        .map(|u| Share {
            recipient: pattern.replace("{unit}", &u.name),
            kind,
            copies,
        })
        .collect())
}

/// Recipients in order with their kind (each once, whatever its copies); an invalid
/// distribution lists its lines as written.
pub fn recipients(campaign: &Campaign) -> Vec<(String, &'static str)> {
    match shares(campaign) {
        Ok(s) => s.into_iter().map(|s| (s.recipient, s.kind)).collect(),
        Err(_) => Vec::new(),
    }
}

/// The numbered copies, numbered from `first` in the order of [`shares`]: who receives which
/// number and where its PDF goes (`copies/000001.pdf`). Rendering the PDFs is publish's work.
pub fn plan(campaign: &Campaign, first: u64) -> Result<Vec<CopyEntry>, ArchiveError> {
    let shares = shares(campaign)?;
    if shares.is_empty() {
        return Err(ArchiveError::Refused(
            "campaign.yaml 的 distribution 中没有任何收文单位（主送、报、发、抄送），无法编制份号"
                .to_string(),
        ));
    }
    let mut out = Vec::new();
    for share in shares {
        for _ in 0..share.copies {
            let number = format!("{:06}", first + out.len() as u64);
            out.push(CopyEntry {
                file: format!("copies/{number}.pdf"),
                number,
                recipient: share.recipient.clone(),
                kind: share.kind.to_string(),
            });
        }
    }
    Ok(out)
}

/// One line of the register: a recipient's copies, numbered `first`–`last`.
struct Line<'a> {
    numbers: String,
    kind: &'a str,
    recipient: &'a str,
    copies: usize,
}

/// The register's lines: consecutive copies of one recipient on one line.
fn lines(entries: &[CopyEntry]) -> Vec<Line<'_>> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        match out.last_mut() {
            Some((start, end))
                if entries[*start].recipient == e.recipient && entries[*start].kind == e.kind =>
            {
                *end = i;
            }
            _ => out.push((i, i)),
        }
    }
    out.into_iter()
        .map(|(a, b)| Line {
            numbers: if a == b {
                entries[a].number.clone()
            } else {
                format!("{}—{}", entries[a].number, entries[b].number)
            },
            kind: &entries[a].kind,
            recipient: &entries[a].recipient,
            copies: b - a + 1,
        })
        .collect()
}

/// The distribution register (CSV and Markdown) of an issue's copies; the Markdown carries
/// `seal` (the archive ledger's head before this issue, see [`ledger`](super::ledger)).
pub fn register(front: &FrontMatter, entries: &[CopyEntry], seal: &str) -> Files {
    vec![
        (REGISTER_CSV.to_string(), csv(entries).into_bytes()),
        (
            REGISTER_MD.to_string(),
            markdown(front, entries, seal).into_bytes(),
        ),
    ]
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `份号,类别,收文单位,份数,签收` with a UTF-8 BOM so that WPS/Excel open it as UTF-8.
fn csv(entries: &[CopyEntry]) -> String {
    let mut out = String::from("\u{feff}份号,类别,收文单位,份数,签收\r\n");
    for l in lines(entries) {
        let _ = write!(
            out,
            "{},{},{},{},\r\n",
            l.numbers,
            csv_field(l.kind),
            csv_field(l.recipient),
            l.copies
        );
    }
    out
}

/// The register's table in Markdown (`| 份号 | 类别 | 收文单位 | 份数 | 签收 |`).
fn table(entries: &[CopyEntry]) -> String {
    let mut out =
        String::from("| 份号 | 类别 | 收文单位 | 份数 | 签收 |\n|:---:|:---:|:---|---:|:---|\n");
    for l in lines(entries) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | |",
            l.numbers,
            l.kind,
            l.recipient.replace('|', "\\|"),
            l.copies
        );
    }
    out
}

fn markdown(f: &FrontMatter, entries: &[CopyEntry], seal: &str) -> String {
    format!(
        "# 分发登记\n\n{}\n\n{seal}\n\n{}",
        intro(f, entries),
        table(entries)
    )
}

/// `《…》（第4期），印发日期 2020年1月6日，共印制 20 份。`
fn intro(f: &FrontMatter, entries: &[CopyEntry]) -> String {
    format!(
        "《{}》（第{}期），印发日期{}，共印制{}份。",
        f.title.replace('|', "\\|"),
        f.issue,
        crate::format::cn_date(f.date),
        entries.len()
    )
}

/// The register as a document (the bulletin's header, the title 分发登记, the register as its
/// attachment), for the PDF the recipients sign and the xlsx.
pub fn register_document(
    front: &FrontMatter,
    entries: &[CopyEntry],
    seal: &str,
) -> Result<Document, crate::document::DocumentError> {
    let mut f = front.clone();
    f.title = "分发登记".to_string();
    f.copy_number = None;
    f.colophon.report_to.clear();
    f.colophon.send_to.clear();
    f.colophon.copy_to.clear();
    let head = serde_json::to_string(&f).unwrap_or_default();
    let markdown = format!(
        "---\n{head}\n---\n\n{}{seal}\n\n附件：分发登记\n\n# 附件\n\n## 分发登记\n\n{}",
        intro(front, entries),
        table(entries)
    );
    crate::document::parse(std::path::Path::new(REGISTER_MD), &markdown)
}
