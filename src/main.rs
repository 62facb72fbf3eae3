//! The `tongbao` command line: parse (in Chinese, see `cli`), call the library, errors → exit codes.
//! Exit codes: 0 ok, 1 invalid input (nothing written), 2 usage, 3 output/internal failure.
//! A closed pipe (`tongbao stats … | head -1`) is not an error: the command ends quietly.

mod cli;

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cli::{ArchiveCommand, Command, Parsed};
use tongbao::render::Format;
use tongbao::{Error, diagnostic::Diagnostic};

/// Why a command stopped: the library refused or failed, or standard output could not be written.
enum Failure {
    Tongbao(Error),
    Output(io::Error),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Tongbao(e)
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Self {
        Failure::Output(e)
    }
}

fn main() -> ExitCode {
    let command = match cli::parse() {
        Parsed::Run(c) => c.command,
        Parsed::Exit(code) => return ExitCode::from(code),
    };
    let writes_files = command.writes_files();
    let mut out = io::stdout().lock();
    let result = run(command, &mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            cli::err(&format!("无法输出结果：{e}\n"));
            ExitCode::from(3)
        }
        Err(Failure::Tongbao(e)) => {
            let mut text = e.to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let nothing_written = if writes_files && e.exit_code() == 1 {
                "，未生成任何文件"
            } else {
                ""
            };
            if let Error::Input(d) = &e {
                text.push_str(&format!(
                    "共 {} 个错误{nothing_written}。\n",
                    d.error_count()
                ));
            } else if !nothing_written.is_empty() {
                text.push_str("未生成任何文件。\n");
            }
            cli::err(&text);
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(3))
        }
    }
}

/// What the draft's number rests on, when the snapshot's `issue_number` says otherwise or the
/// period is published already.
fn number_notes(
    inputs: &tongbao::load::Inputs,
    bulletin: &tongbao::Bulletin,
    slot: &tongbao::archive::numbering::Slot,
) {
    let snapshot = &inputs.snapshots[bulletin.index];
    if let Some(declared) = snapshot.declared_number()
        && declared != slot.number
    {
        cli::err(&format!(
            "{}: 警告：本期数据写的期号是第{declared}期，但发布时将编为第{}期（{}）：草稿按第{}期生成\n",
            inputs.snapshot_paths[bulletin.index].display(),
            slot.number,
            slot.basis,
            slot.number
        ));
    }
    if let Some(label) = &slot.published_as {
        cli::err(&format!(
            "提示：{} 已发布为{label}；此草稿只能用 publish --revise 发布为修订版\n",
            bulletin.period
        ));
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        cli::err(&format!("{w}\n"));
    }
}

fn run(command: Command, out: &mut impl Write) -> Result<(), Failure> {
    match command {
        Command::Build {
            campaign_dir,
            period,
            format,
            out: folder,
            docx_grid,
            archive,
        } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let archive = archive.unwrap_or_else(|| campaign_dir.join("archive"));
            let slot = tongbao::slot(&inputs, period, &archive)?;
            let bulletin = tongbao::bulletin(&inputs, period, Some(slot.number))?;
            number_notes(&inputs, &bulletin, &slot);
            let formats = if format.is_empty() {
                Format::ALL.to_vec()
            } else {
                format
            };
            // The fonts come from the draft's front matter, as they do for `render`.
            let files =
                tongbao::draft_files(&inputs, &bulletin, &formats, docx_grid.unwrap_or_default())?;
            let folder =
                folder.unwrap_or_else(|| tongbao::publish::default_draft_dir(bulletin.period));
            let protected = tongbao::protected(&inputs, &archive);
            for path in
                tongbao::output::write_outputs(&folder, &files, &protected).map_err(Error::from)?
            {
                writeln!(out, "已生成 {}", path.display())?;
            }
            Ok(())
        }
        Command::NewMonth { campaign_dir } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let path = tongbao::month::create(&inputs, None).map_err(Error::from)?;
            writeln!(
                out,
                "已生成 {}：其中的累计数是上月的，请改为本月的累计数，填写印发日期和本月的说明文字，然后运行 tongbao check",
                path.display()
            )?;
            Ok(())
        }
        Command::Check { campaign_dir } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let c = &inputs.campaign;
            let periods: Vec<String> = inputs
                .snapshots
                .iter()
                .map(|s| s.period.value.to_string())
                .collect();
            writeln!(
                out,
                "检查通过：{}，{} 个单位，{} 项指标，{} 期数据（{}）。",
                c.name,
                c.units.len(),
                c.indicators.len(),
                periods.len(),
                periods.join("、")
            )?;
            if !inputs.warnings.is_empty() {
                writeln!(out, "有 {} 个警告，请确认。", inputs.warnings.len())?;
            }
            // Fonts matter only for the PDF: a problem with them is reported, not a data error.
            match tongbao::render::pdf::Fonts::resolve(&tongbao::font_config(&inputs)) {
                Ok(fonts) => write!(out, "PDF 字体：\n{}", fonts.describe())?,
                Err(e) => cli::err(&format!("警告：无法生成 PDF：{e}\n")),
            }
            Ok(())
        }
        Command::Stats {
            campaign_dir,
            period,
            json,
            changes,
        } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let (_, figures) = tongbao::figures(&inputs, period)?;
            if json {
                let text = serde_json::to_string_pretty(&figures)
                    .map_err(|e| Error::Request(format!("无法输出 JSON：{e}")))?;
                writeln!(out, "{text}")?;
            } else if changes {
                write!(out, "{}", cli::stats::stats_changes(&figures))?;
            } else {
                write!(out, "{}", cli::stats::stats_table(&figures))?;
            }
            Ok(())
        }
        Command::Publish {
            campaign_dir,
            period,
            draft,
            archive,
            force,
            copies,
            revise,
            docx_grid,
        } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let archive = archive.unwrap_or_else(|| campaign_dir.join("archive"));
            let outcome = tongbao::publish::publish(&tongbao::publish::Request {
                inputs: &inputs,
                period,
                draft: draft.as_deref(),
                archive: &archive,
                revise,
                copies,
                force,
                docx_grid: docx_grid.unwrap_or_default(),
            })?;
            for w in &outcome.warnings {
                cli::err(&format!("警告（已按 --force 发布）：{w}\n"));
            }
            let published = &outcome.published;
            for p in &published.index_problems {
                cli::err(&format!("提示：存档索引：{p}\n"));
            }
            let m = &published.manifest;
            writeln!(
                out,
                "已发布 {}（{}），存放于 {}",
                m.label(),
                m.period,
                published.folder.display()
            )?;
            if let (Some(first), Some(last)) = (m.copies.first(), m.copies.last()) {
                writeln!(
                    out,
                    "已生成 {} 份编号副本：份号 {} 至 {}，分发登记见 {}",
                    m.copies.len(),
                    first.number,
                    last.number,
                    published
                        .folder
                        .join(tongbao::archive::copies::REGISTER_MD)
                        .display()
                )?;
            }
            Ok(())
        }
        Command::Archive { command } => archive(command, out),
        Command::Form {
            campaign_dir,
            period,
            from,
            units,
            out: file,
        } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let file = file.unwrap_or_else(|| match units.as_slice() {
                [one] => PathBuf::from(format!("填报表-{period}-{one}.xlsx")),
                _ => PathBuf::from(format!("填报表-{period}.xlsx")),
            });
            let request = tongbao::import::FormRequest {
                period,
                from,
                units,
            };
            let bytes = tongbao::import::form(&inputs, &request).map_err(Error::Request)?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .ok_or_else(|| Error::Request(format!("--out {} 不是文件名", file.display())))?;
            let folder = match file.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let protected = tongbao::protected(&inputs, &campaign_dir.join("archive"));
            for path in tongbao::output::write_outputs(&folder, &[(name, bytes)], &protected)
                .map_err(Error::from)?
            {
                writeln!(out, "已生成 {}", path.display())?;
            }
            Ok(())
        }
        Command::Import {
            campaign_dir,
            files,
            period,
            map,
        } => {
            let outcome = tongbao::import::import(&tongbao::import::Request {
                dir: &campaign_dir,
                files: &files,
                period,
                mapping: map.as_deref(),
            })?;
            print_warnings(&outcome.warnings);
            writeln!(
                out,
                "已{} {}：导入 {} 行数据，{}。",
                if outcome.created { "新建" } else { "更新" },
                outcome.snapshot.display(),
                outcome.rows,
                if outcome.checked {
                    "检查通过"
                } else {
                    "请补写印发日期（issue_date）后再运行 tongbao check"
                }
            )?;
            Ok(())
        }
        Command::Render {
            file,
            format,
            out: folder,
            docx_grid,
        } => {
            let markdown = tongbao::load::read_text(&file)
                .map_err(|d| Error::Input(tongbao::diagnostic::Diagnostics(vec![d])))?;
            let document = tongbao::document::parse(&file, &markdown).map_err(Error::from)?;
            let formats = if format.is_empty() {
                cli::args::rendered_formats()
            } else {
                format
            };
            let draft_dir = file
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            let files = tongbao::render(
                &markdown,
                &document,
                &formats,
                &draft_dir,
                docx_grid.unwrap_or_default(),
            )?;
            let protected = tongbao::output::Protected::new().input(&file, "通报底稿");
            let protected = document.front.fonts.values().fold(protected, |p, f| {
                p.input(&draft_dir.join(f.trim()), "字体文件")
            });
            let folder = folder.unwrap_or(draft_dir);
            for path in
                tongbao::output::write_outputs(&folder, &files, &protected).map_err(Error::from)?
            {
                writeln!(out, "已生成 {}", path.display())?;
            }
            Ok(())
        }
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

fn archive(command: ArchiveCommand, out: &mut impl Write) -> Result<(), Failure> {
    match command {
        ArchiveCommand::List { at } => {
            let d = existing(at.folder())?;
            let (issues, bad) = tongbao::archive::scan(&d).map_err(Error::from)?;
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
                cli::err(&format!("{}：{}\n", d.join(&b.folder).display(), b.reason));
            }
            Ok(())
        }
        ArchiveCommand::Verify { at } => {
            let d = existing(at.folder())?;
            let report = tongbao::archive::verify::verify(&d).map_err(Error::from)?;
            for n in &report.notes {
                cli::err(&format!("提示：{n}\n"));
            }
            if report.is_valid() {
                writeln!(
                    out,
                    "存档完好：{} 个已发布版本，{} 个文件的校验值全部一致。",
                    report.issues, report.files
                )?;
                Ok(())
            } else {
                let mut text = String::new();
                for p in &report.problems {
                    text.push_str(&format!("错误：{p}\n"));
                }
                text.push_str(&format!(
                    "存档校验未通过：共 {} 个问题。",
                    report.problems.len()
                ));
                Err(Error::Request(text).into())
            }
        }
        ArchiveCommand::Index { at } => {
            let d = existing(at.folder())?;
            for p in tongbao::archive::index::write(&d).map_err(Error::from)? {
                cli::err(&format!("提示：{p}\n"));
            }
            writeln!(
                out,
                "已重建 {} 和 {}",
                d.join("index.md").display(),
                d.join("index.html").display()
            )?;
            Ok(())
        }
    }
}
