//! Numbered copies (份号): one PDF per recipient of the distribution list, each with its
//! six-digit copy number at the top left of page 1, and the distribution register.

use std::fmt::Write;

use super::ArchiveError;
use super::manifest::CopyEntry;
use crate::document::FrontMatter;
use crate::model::Campaign;
use crate::output::Files;

/// The register's file names inside the issue folder.
pub const REGISTER_CSV: &str = "分发登记.csv";
/// The distribution register in Markdown, beside the CSV one.
pub const REGISTER_MD: &str = "分发登记.md";

/// Recipients in colophon order with their kind: 报, then 发, then 抄送.
pub fn recipients(campaign: &Campaign) -> Vec<(String, &'static str)> {
    let d = &campaign.distribution;
    d.report_to
        .iter()
        .map(|r| (r.clone(), "报"))
        .chain(d.send_to.iter().map(|r| (r.clone(), "发")))
        .chain(d.copy_to.iter().map(|r| (r.clone(), "抄送")))
        .collect()
}

/// The numbered copies, one per recipient, numbered from `first`: who receives which number and
/// where its PDF goes (`copies/000001.pdf`). Rendering the PDFs is publish's work.
pub fn plan(campaign: &Campaign, first: u64) -> Result<Vec<CopyEntry>, ArchiveError> {
    let list = recipients(campaign);
    if list.is_empty() {
        return Err(ArchiveError::Refused(
            "campaign.yaml 的 distribution 中没有任何收文单位（报、发、抄送），无法编制份号"
                .to_string(),
        ));
    }
    Ok(list
        .into_iter()
        .enumerate()
        .map(|(i, (recipient, kind))| {
            let number = format!("{:06}", first + i as u64);
            CopyEntry {
                file: format!("copies/{number}.pdf"),
                number,
                recipient,
                kind: kind.to_string(),
            }
        })
        .collect())
}

/// The distribution register (CSV and Markdown) of an issue's copies; the Markdown, the one
/// printed, carries `seal` (the archive ledger's head before this issue, see
/// [`ledger`](super::ledger)).
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

/// `份号,类别,收文单位,文件` with a UTF-8 BOM so that WPS/Excel open it as UTF-8.
fn csv(entries: &[CopyEntry]) -> String {
    let mut out = String::from("\u{feff}份号,类别,收文单位,文件\r\n");
    for e in entries {
        let _ = write!(
            out,
            "{},{},{},{}\r\n",
            e.number,
            csv_field(&e.kind),
            csv_field(&e.recipient),
            csv_field(&e.file)
        );
    }
    out
}

fn markdown(f: &FrontMatter, entries: &[CopyEntry], seal: &str) -> String {
    let mut out = format!(
        "# 分发登记\n\n{}（第{}期），印发日期 {}。\n\n{seal}\n\n| 份号 | 类别 | 收文单位 | 文件 |\n|---|---|---|---|\n",
        f.title.replace('|', "\\|"),
        f.issue,
        crate::format::cn_date(f.date)
    );
    for e in entries {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            e.number,
            e.kind,
            e.recipient.replace('|', "\\|"),
            e.file
        );
    }
    out
}
