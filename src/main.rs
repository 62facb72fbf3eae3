//! The `tongbao` command line: clap types, calls into the library, errors → exit codes.
//! Exit codes: 0 ok, 1 invalid input (nothing written), 2 usage, 3 output/internal failure.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use tongbao::model::Period;
use tongbao::render::Format;
use tongbao::{Error, diagnostic::Diagnostic};

#[derive(Parser)]
#[command(
    name = "tongbao",
    version,
    about = "通报：根据活动计划和月度进度数据生成工作通报（Markdown、HTML）",
    long_about = None,
    disable_help_subcommand = true,
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 生成某一期通报（默认最新一期），写入 bulletin.md、bulletin.html
    Build {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        campaign_dir: PathBuf,
        /// 期间，格式 YYYY-MM（默认：最新一期数据）
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// 输出格式，逗号分隔：md,html（默认：全部）
        #[arg(long, value_delimiter = ',', value_parser = parse_format)]
        format: Vec<Format>,
        /// 输出文件夹（默认：out/<期间>/）
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// 检查活动数据，列出全部错误和警告
    Check {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        campaign_dir: PathBuf,
    },
    /// 输出某一期的计算结果（完成数、完成率、新增、排名等）
    Stats {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        campaign_dir: PathBuf,
        /// 期间，格式 YYYY-MM（默认：最新一期数据）
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// 以 JSON 输出（比率为小数，如 0.61 表示 61%）
        #[arg(long)]
        json: bool,
    },
    /// 正式发布一期通报：编定期号，生成全部格式，连同所用数据存入存档（不可覆盖）
    Publish {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        campaign_dir: PathBuf,
        /// 期间，格式 YYYY-MM（默认：最新一期数据）
        #[arg(long, value_parser = parse_period)]
        period: Option<Period>,
        /// 存档文件夹（默认：<活动文件夹>/archive）
        #[arg(long)]
        archive: Option<PathBuf>,
        /// 为分发范围中的每个收文单位生成一份编有份号的 PDF，并生成分发登记
        #[arg(long)]
        copies: bool,
        /// 已发布的期间再次发布为修订版（原版本保留）
        #[arg(long)]
        revise: bool,
    },
    /// 查看和校验存档
    Archive {
        #[command(subcommand)]
        command: ArchiveCommand,
    },
    /// 由（修改过的）bulletin.md 重新生成其他格式
    Render {
        /// 通报 Markdown 文件
        file: PathBuf,
        /// 输出格式，逗号分隔：html（默认：除 md 外的全部）
        #[arg(long, value_delimiter = ',', value_parser = parse_format)]
        format: Vec<Format>,
        /// 输出文件夹（默认：Markdown 文件所在文件夹）
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum ArchiveCommand {
    /// 列出已发布的各期：期号、期间、印发日期、标题、主要数据
    List {
        /// 存档文件夹（默认：./archive）
        dir: Option<PathBuf>,
    },
    /// 重新计算每个文件的校验值，列出被修改、缺失或多余的文件；有问题时退出码为 1
    Verify {
        /// 存档文件夹（默认：./archive）
        dir: Option<PathBuf>,
    },
    /// 重建存档索引 index.md、index.html
    Index {
        /// 存档文件夹（默认：./archive）
        dir: Option<PathBuf>,
    },
}

fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let text = e.to_string();
            eprint!("{text}");
            if !text.ends_with('\n') {
                eprintln!();
            }
            if let Error::Input(d) = &e {
                eprintln!("共 {} 个错误，未生成任何文件。", d.error_count());
            } else if e.exit_code() == 1 {
                eprintln!("未生成任何文件。");
            }
            ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(3))
        }
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for w in warnings {
        eprintln!("{w}");
    }
}

fn run(command: Command) -> Result<(), Error> {
    match command {
        Command::Build {
            campaign_dir,
            period,
            format,
            out,
        } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let bulletin = tongbao::bulletin(&inputs, period, None)?;
            let formats = if format.is_empty() {
                Format::ALL.to_vec()
            } else {
                format
            };
            let fonts = tongbao::font_config(&inputs);
            let files =
                tongbao::render_with(&bulletin.markdown, &bulletin.document, &formats, &fonts)?;
            let out = out.unwrap_or_else(|| Path::new("out").join(bulletin.period.to_string()));
            for path in tongbao::output::write_files(&out, &files)? {
                println!("已生成 {}", path.display());
            }
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
            println!(
                "检查通过：{}，{} 个单位，{} 项指标，{} 期数据（{}）。",
                c.name,
                c.units.len(),
                c.indicators.len(),
                periods.len(),
                periods.join("、")
            );
            if !inputs.warnings.is_empty() {
                println!("有 {} 个警告，请确认。", inputs.warnings.len());
            }
            // Fonts matter only for the PDF: a problem with them is reported, not a data error.
            match tongbao::render::pdf::Fonts::resolve(&tongbao::font_config(&inputs)) {
                Ok(fonts) => print!("PDF 字体：\n{}", fonts.describe()),
                Err(e) => eprintln!("警告：无法生成 PDF：{e}"),
            }
            Ok(())
        }
        Command::Stats {
            campaign_dir,
            period,
            json,
        } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let (_, figures) = tongbao::figures(&inputs, period)?;
            if json {
                let text = serde_json::to_string_pretty(&figures)
                    .map_err(|e| Error::Request(format!("无法输出 JSON：{e}")))?;
                println!("{text}");
            } else {
                print!("{}", tongbao::stats_table(&figures));
            }
            Ok(())
        }
        Command::Publish {
            campaign_dir,
            period,
            archive,
            copies,
            revise,
        } => {
            let inputs = tongbao::load(&campaign_dir)?;
            print_warnings(&inputs.warnings);
            let archive = archive.unwrap_or_else(|| campaign_dir.join("archive"));
            let published =
                tongbao::archive::publish::publish(&tongbao::archive::publish::Request {
                    inputs: &inputs,
                    period,
                    archive: &archive,
                    revise,
                    copies,
                })?;
            let m = &published.manifest;
            println!(
                "已发布 {}（{}），存放于 {}",
                m.label(),
                m.period,
                published.folder.display()
            );
            if !m.copies.is_empty() {
                println!(
                    "已生成 {} 份编号副本：份号 {} 至 {}，分发登记见 {}",
                    m.copies.len(),
                    m.copies[0].number,
                    m.copies[m.copies.len() - 1].number,
                    published
                        .folder
                        .join(tongbao::archive::copies::REGISTER_MD)
                        .display()
                );
            }
            Ok(())
        }
        Command::Archive { command } => archive(command),
        Command::Render { file, format, out } => {
            let markdown = tongbao::load::read_text(&file)
                .map_err(|d| Error::Input(tongbao::diagnostic::Diagnostics(vec![d])))?;
            let document = tongbao::document::parse(&file, &markdown)?;
            let formats = if format.is_empty() {
                Format::ALL
                    .into_iter()
                    .filter(|f| *f != Format::Markdown)
                    .collect()
            } else {
                format
            };
            let files = tongbao::render(&markdown, &document, &formats)?;
            let out = out.unwrap_or_else(|| {
                file.parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| PathBuf::from("."))
            });
            for path in tongbao::output::write_files(&out, &files)? {
                println!("已生成 {}", path.display());
            }
            Ok(())
        }
    }
}

fn archive(command: ArchiveCommand) -> Result<(), Error> {
    let dir = |d: Option<PathBuf>| d.unwrap_or_else(|| PathBuf::from("archive"));
    match command {
        ArchiveCommand::List { dir: d } => {
            let d = dir(d);
            if !d.is_dir() {
                return Err(Error::Request(format!("存档文件夹 {} 不存在", d.display())));
            }
            let (issues, bad) = tongbao::archive::scan(&d)?;
            if issues.is_empty() {
                println!("{} 中还没有已发布的通报。", d.display());
            }
            for i in &issues {
                let m = &i.manifest;
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}",
                    m.label(),
                    m.period,
                    tongbao::format::cn_date(m.issue_date),
                    m.title,
                    m.headline,
                    i.folder
                );
            }
            for b in &bad {
                eprintln!("{}：{}", d.join(&b.folder).display(), b.reason);
            }
            Ok(())
        }
        ArchiveCommand::Verify { dir: d } => {
            let d = dir(d);
            let report = tongbao::archive::verify::verify(&d)?;
            for n in &report.notes {
                eprintln!("提示：{n}");
            }
            if report.is_valid() {
                println!(
                    "存档完好：{} 个已发布版本，{} 个文件的校验值全部一致。",
                    report.issues, report.files
                );
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
                Err(Error::Request(text))
            }
        }
        ArchiveCommand::Index { dir: d } => {
            let d = dir(d);
            if !d.is_dir() {
                return Err(Error::Request(format!("存档文件夹 {} 不存在", d.display())));
            }
            tongbao::archive::index::write(&d)?;
            println!(
                "已重建 {} 和 {}",
                d.join("index.md").display(),
                d.join("index.html").display()
            );
            Ok(())
        }
    }
}
