//! Numbered copies (份号): one PDF per recipient of the distribution list, each with its
//! six-digit copy number at the top left of page 1, and the distribution register.

use std::fmt::Write;

use super::ArchiveError;
use super::manifest::CopyEntry;
use crate::Bulletin;
use crate::model::Campaign;
use crate::output::Files;
use crate::render::pdf::{FontConfig, Fonts};

/// The register's file names inside the issue folder.
pub const REGISTER_CSV: &str = "分发登记.csv";
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

/// Makes the copies, numbered from `first`, and the register. Returns the entries and the
/// files (path inside the issue folder → bytes).
pub fn make(
    campaign: &Campaign,
    bulletin: &Bulletin,
    first: u64,
    fonts: &FontConfig,
) -> Result<(Vec<CopyEntry>, Files), crate::Error> {
    let list = recipients(campaign);
    if list.is_empty() {
        return Err(ArchiveError::Refused(
            "campaign.yaml 的 distribution 中没有任何收文单位（报、发、抄送），无法编制份号"
                .to_string(),
        )
        .into());
    }
    let fonts = Fonts::resolve(fonts)?;
    let mut entries = Vec::new();
    let mut files = Vec::new();
    for (i, (recipient, kind)) in list.into_iter().enumerate() {
        let number = format!("{:06}", first + i as u64);
        let mut document = bulletin.document.clone();
        document.front.copy_number = Some(number.clone());
        let pdf = crate::render::pdf::render(&document, &fonts)?;
        let file = format!("copies/{number}.pdf");
        files.push((file.clone(), pdf));
        entries.push(CopyEntry {
            number,
            recipient,
            kind: kind.to_string(),
            file,
        });
    }
    files.push((REGISTER_CSV.to_string(), csv(&entries).into_bytes()));
    files.push((
        REGISTER_MD.to_string(),
        markdown(bulletin, &entries).into_bytes(),
    ));
    Ok((entries, files))
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

fn markdown(bulletin: &Bulletin, entries: &[CopyEntry]) -> String {
    let f = &bulletin.document.front;
    let mut out = format!(
        "# 分发登记\n\n{}（第{}期），印发日期 {}。\n\n| 份号 | 类别 | 收文单位 | 文件 |\n|---|---|---|---|\n",
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
