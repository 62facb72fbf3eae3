//! What the command line accepts: the clap types. Help texts are Chinese; clap's own words (headings,
//! the help and version flags, usage, errors) are put into Chinese by `cli::zh`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::cli::cmd;

use tongbao::model::Period;
use tongbao::render::Format;
use tongbao::render::docx::Grid;

/// The whole command line.
#[derive(Parser)]
#[command(
    name = "tongbao",
    version,
    about = about(),
    long_about = None,
    disable_help_subcommand = true
)]
pub(crate) struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// The subcommands; each one's arguments and `run` are in `cli::cmd::<name>`.
#[derive(Subcommand)]
pub(crate) enum Command {
    #[command(about = build_about())]
    Build(cmd::build::Args),
    /// 生成下个月的月度数据文件 snapshots/YYYY-MM.yaml：沿用上月的累计数（注明为上月数），印发日期留空待填，期号加一；不会覆盖已有文件
    NewMonth(cmd::new_month::Args),
    /// 生成下一周的周调度数据文件 snapshots/YYYY-Www.yaml（ISO 周）：沿用最近一份数据的累计数（注明来源），截至日期按上周的报数日推算，印发日期留空待填，调度期号加一；不会覆盖已有文件
    NewWeek(cmd::new_week::Args),
    /// 检查活动数据，列出全部错误和警告，以及 PDF 各字体样式所用的字体文件
    Check(cmd::check::Args),
    /// 输出某一期的计算结果（计划、完成、分项、新增、完成率、与序时进度差、排名）
    Stats(cmd::stats::Args),
    /// 查看某一期各单位的报送情况：已报（来自哪个文件、工作表、单元格，何时）、与上月相同、未报、有误（错误所在），以及备注和填报人
    Status(cmd::status::Args),
    #[command(about = publish_about())]
    Publish(cmd::publish::Args),
    /// 查看和校验存档（默认存档文件夹与 publish 相同：<活动文件夹>/archive）
    Archive(cmd::archive::Args),
    /// 生成发给各县区的填报表（xlsx）：每项指标一个工作表，每个县区一行，计划数锁定，预填上一期的累计数
    Form(cmd::form::Args),
    /// 导入填好的填报表或逐项台账（xlsx、xls、ods、csv），替换 snapshots/<期间>.yaml 的 progress 并检查
    Import(cmd::import::Args),
    #[command(about = render_about())]
    Render(cmd::render::Args),
    /// 在浏览器中使用的工作台：收集报表、撰写、预览、发布、查看存档（默认只允许本机访问）
    Serve(cmd::serve::Args),
    /// 为规则选中的单位生成督办单、约谈通知书（Markdown 草稿、PDF、DOCX），或用 --publish 发布已核对的草稿
    Notices(cmd::notices::Args),
}

impl Command {
    /// Whether the command writes files: only then does a refusal say that nothing was written.
    pub(crate) fn writes_files(&self) -> bool {
        match self {
            Command::Build(_)
            | Command::Publish(_)
            | Command::Render(_)
            | Command::Form(_)
            | Command::Import(_)
            | Command::NewMonth(_)
            | Command::Notices(_)
            | Command::NewWeek(_) => true,
            Command::Serve(a) => a.set_password,
            Command::Check(_) | Command::Stats(_) | Command::Status(_) => false,
            Command::Archive(a) => a.writes_files(),
        }
    }
}

/// The campaign folder, the first argument of most commands.
#[derive(clap::Args)]
pub(crate) struct CampaignDir {
    /// 活动文件夹（含 campaign.yaml 和 snapshots/）
    #[arg(value_name = "活动文件夹")]
    pub(crate) campaign_dir: PathBuf,
}

/// The period reported on, the latest unless `--period` says otherwise.
#[derive(clap::Args)]
pub(crate) struct LatestPeriod {
    /// 期间，格式 YYYY-MM（默认：最新一期数据）
    #[arg(long, value_name = "期间", value_parser = parse_period)]
    pub(crate) period: Option<Period>,
}

/// How the DOCX encodes the type area's grid (`--docx-grid`).
#[derive(clap::Args)]
pub(crate) struct DocxGrid {
    /// DOCX 的版心网格写法：portable（默认，用行距和字距排成每页 22 行、每行 28 字，WPS、Word、LibreOffice 通用）或 word（Word“页面设置—文档网格”的写法，只在 Word 中编辑时用；LibreOffice 中每行字数不对）
    #[arg(long, value_name = "网格", value_parser = parse_grid)]
    docx_grid: Option<Grid>,
}

impl DocxGrid {
    /// The grid asked for, else the portable one.
    pub(crate) fn grid(&self) -> Grid {
        self.docx_grid.unwrap_or_default()
    }
}

/// Where the archive is: as `publish` puts it (`<活动文件夹>/archive`) unless `--archive` says otherwise.
#[derive(clap::Args)]
pub(crate) struct ArchiveAt {
    /// 活动文件夹（存档默认在 <活动文件夹>/archive，与 publish 相同）
    #[arg(value_name = "活动文件夹", required_unless_present = "archive")]
    campaign_dir: Option<PathBuf>,
    /// 存档文件夹（给出时可不写活动文件夹）
    #[arg(long, value_name = "存档文件夹")]
    archive: Option<PathBuf>,
}

impl ArchiveAt {
    /// The archive folder: `--archive`, else `<活动文件夹>/archive` (one of them is required by clap).
    pub(crate) fn folder(&self) -> PathBuf {
        match (&self.archive, &self.campaign_dir) {
            (Some(a), _) => a.clone(),
            (None, Some(c)) => c.join("archive"),
            (None, None) => PathBuf::from("archive"),
        }
    }
}

/// The formats `render` writes by default: every one but the Markdown it reads.
pub(crate) fn rendered_formats() -> Vec<Format> {
    Format::ALL
        .into_iter()
        .filter(|f| *f != Format::Markdown)
        .collect()
}

/// Every format `build` can write: the default ones and those written only when asked for.
pub(crate) fn every_format() -> Vec<Format> {
    Format::ALL.iter().chain(&Format::EXTRA).copied().collect()
}

/// `md、html、pdf`: the formats' names as the user types them.
fn names(formats: &[Format]) -> String {
    formats
        .iter()
        .map(Format::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// `bulletin.md、bulletin.html、…`: the files a build writes.
fn file_names(formats: &[Format]) -> String {
    formats
        .iter()
        .map(|f| f.file_name())
        .collect::<Vec<_>>()
        .join("、")
}

fn about() -> String {
    format!(
        "通报：根据活动计划和月度进度数据生成工作通报（{}），发布并存档",
        names(&Format::ALL)
    )
}

fn build_about() -> String {
    format!(
        "生成某一期通报的草稿（默认最新一期、全部格式），写入 {}",
        file_names(&Format::ALL)
    )
}

fn publish_about() -> String {
    format!(
        "正式发布定稿：核对草稿（build 生成、可以修改过的 bulletin.md）与数据，编定期号，由草稿生成全部格式（{}），连同所用数据存入存档（不可覆盖）",
        names(&Format::ALL)
    )
}

fn render_about() -> String {
    format!(
        "由（修改过的）bulletin.md 重新生成其他格式（{}）",
        names(&rendered_formats())
    )
}

/// `md,html,pdf`: the formats as `--format` takes them.
pub(crate) fn list(formats: &[Format]) -> String {
    formats
        .iter()
        .map(Format::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn format_help(formats: &[Format], default: &str) -> String {
    format!("输出格式，逗号分隔：{}（默认：{default}）", list(formats))
}

pub(crate) fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
}

pub(crate) fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_grid(s: &str) -> Result<Grid, String> {
    s.parse()
}
