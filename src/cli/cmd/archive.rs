//! `tongbao archive list|verify|index`: read, check and re-index the archive.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Subcommand;
use tongbao::Error;

use crate::cli::args::ArchiveAt;
use crate::cli::{Outcome, err};

/// The arguments of `archive`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// What to do with the archive.
    #[command(subcommand)]
    command: ArchiveCommand,
}

impl Args {
    /// Whether the subcommand writes files (only `index` does).
    pub(crate) fn writes_files(&self) -> bool {
        matches!(
            self.command,
            ArchiveCommand::Index { .. } | ArchiveCommand::Rekey { .. }
        )
    }
}

/// The `archive` subcommands.
#[derive(Subcommand)]
enum ArchiveCommand {
    /// 列出已发布的各期：期号、期间、印发日期、标题、主要数据、所在文件夹
    List {
        /// Which archive.
        #[command(flatten)]
        at: ArchiveAt,
    },
    /// 校验存档账本的签名和链接，重新计算每个文件的校验值，列出被修改、缺失、多余、伪造或调换的文件和文件夹；有问题时退出码为 1
    Verify {
        /// Which archive.
        #[command(flatten)]
        at: ArchiveAt,
    },
    /// 重建存档索引 index.md、index.html（每次发布时会自动重建）
    Index {
        /// Which archive.
        #[command(flatten)]
        at: ArchiveAt,
    },
    /// 启用新的签名密钥（旧密钥遗失或需要更换时）：生成新密钥，并在存档账本中登记；旧密钥还在时由它签名确认
    Rekey {
        /// Which archive.
        #[command(flatten)]
        at: ArchiveAt,
        /// 新密钥文件（默认：与 publish 相同的位置；该处已有文件时请另指定）
        #[arg(long, value_name = "密钥文件")]
        key: Option<PathBuf>,
        /// 旧密钥文件（还在时给出，由它签名确认换用；遗失时不写）
        #[arg(long, value_name = "密钥文件")]
        old_key: Option<PathBuf>,
    },
}

/// Runs the subcommand on the archive folder, which must exist.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    match args.command {
        ArchiveCommand::List { at } => list(&existing(at.folder())?, out),
        ArchiveCommand::Verify { at } => verify(&existing(at.folder())?, out),
        ArchiveCommand::Index { at } => index(&existing(at.folder())?, out),
        ArchiveCommand::Rekey { at, key, old_key } => rekey(
            &existing(at.folder())?,
            key.as_deref(),
            old_key.as_deref(),
            out,
        ),
    }
}

/// An archive folder that must exist before it is read.
fn existing(dir: PathBuf) -> Result<PathBuf, Error> {
    if dir.is_dir() {
        Ok(dir)
    } else {
        Err(Error::Request(format!(
            "存档文件夹 {} 不存在（publish 默认存档于 <活动文件夹>/archive；其他位置请用 --archive 给出）",
            dir.display()
        )))
    }
}

fn list(d: &Path, out: &mut dyn Write) -> Outcome {
    let (issues, bad) = tongbao::archive::scan(d)?;
    if issues.is_empty() {
        writeln!(out, "{} 中还没有已发布的通报。", d.display())?;
    }
    for i in &issues {
        let m = &i.manifest;
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}\t{}",
            m.label(),
            m.period,
            tongbao::format::cn_date(m.issue_date),
            m.title,
            m.headline,
            i.folder
        )?;
    }
    for b in &bad {
        err(&format!("{}：{}\n", d.join(&b.folder).display(), b.reason));
    }
    Ok(())
}

fn verify(d: &Path, out: &mut dyn Write) -> Outcome {
    let report = tongbao::archive::verify::verify(d)?;
    for n in &report.notes {
        err(&format!("提示：{n}\n"));
    }
    if !report.is_valid() {
        let mut text = String::new();
        for p in &report.problems {
            text.push_str(&format!("错误：{p}\n"));
        }
        text.push_str(&format!(
            "存档校验未通过：共 {} 个问题。",
            report.problems.len()
        ));
        return Err(Error::Request(text).into());
    }
    let notices = if report.notices > 0 {
        format!("，{} 份已发布的通知", report.notices)
    } else {
        String::new()
    };
    writeln!(
        out,
        "存档完好：{} 个已发布版本{notices}，{} 个文件的校验值全部一致{}。",
        report.issues,
        report.files,
        report
            .head
            .as_ref()
            .map(|h| format!("，账本签名和链接无误，账本校验码 {h}"))
            .unwrap_or_default()
    )?;
    Ok(())
}

fn rekey(d: &Path, key: Option<&Path>, old_key: Option<&Path>, out: &mut dyn Write) -> Outcome {
    let done = tongbao::archive::rekey(d, key, old_key)?;
    writeln!(
        out,
        "已启用新的签名密钥 {}（指纹 {}），并登记在存档账本中{}；账本校验码 {}。请备份新密钥。",
        done.path.display(),
        done.fingerprint,
        if done.old_key_lost {
            "（旧密钥未给出：登记为旧密钥遗失，由新密钥自行签名）"
        } else {
            "（由旧密钥签名确认）"
        },
        done.head
    )?;
    Ok(())
}

fn index(d: &Path, out: &mut dyn Write) -> Outcome {
    for p in tongbao::archive::index::write(d)? {
        err(&format!("提示：{p}\n"));
    }
    writeln!(
        out,
        "已重建 {} 和 {}",
        d.join("index.md").display(),
        d.join("index.html").display()
    )?;
    Ok(())
}
