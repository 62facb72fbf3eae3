//! What the command line accepts: the clap types. Help texts are Chinese; clap's own words (headings,
//! the help and version flags, usage, errors) are put into Chinese by `cli::zh`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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

/// The subcommands.
#[derive(Subcommand)]
pub(crate) enum Command {
    #[command(about = build_about())]
    Build {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        #[arg(value_name = "活动文件夹")]
        campaign_dir: PathBuf,
        /// 期间，格式 YYYY-MM（默认：最新一期数据）
        #[arg(long, value_name = "期间", value_parser = parse_period)]
        period: Option<Period>,
        #[arg(long, value_name = "格式", value_delimiter = ',', value_parser = parse_format,
              help = format_help(&every_format(), &list(&Format::ALL)))]
        format: Vec<Format>,
        /// 输出文件夹（默认：out/<期间>/）
        #[arg(long, value_name = "文件夹")]
        out: Option<PathBuf>,
        /// DOCX 的版心网格写法：portable（默认，用行距和字距排成每页 22 行、每行 28 字，WPS、Word、LibreOffice 通用）或 word（Word“页面设置—文档网格”的写法，只在 Word 中编辑时用；LibreOffice 中每行字数不对）
        #[arg(long, value_name = "网格", value_parser = parse_grid)]
        docx_grid: Option<Grid>,
        /// 存档文件夹，草稿按其中的下一期编号（默认：<活动文件夹>/archive）
        #[arg(long, value_name = "存档文件夹")]
        archive: Option<PathBuf>,
    },
    /// 生成下个月的月度数据文件 snapshots/YYYY-MM.yaml：沿用上月的累计数（注明为上月数），印发日期留空待填，期号加一；不会覆盖已有文件
    NewMonth {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        #[arg(value_name = "活动文件夹")]
        campaign_dir: PathBuf,
    },
    /// 检查活动数据，列出全部错误和警告，以及 PDF 各字体样式所用的字体文件
    Check {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        #[arg(value_name = "活动文件夹")]
        campaign_dir: PathBuf,
    },
    /// 输出某一期的计算结果（计划、完成、分项、新增、完成率、与序时进度差、排名）
    Stats {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        #[arg(value_name = "活动文件夹")]
        campaign_dir: PathBuf,
        /// 期间，格式 YYYY-MM（默认：最新一期数据）
        #[arg(long, value_name = "期间", value_parser = parse_period)]
        period: Option<Period>,
        /// 以 JSON 输出（比率为小数，如 0.61 表示 61%）
        #[arg(long)]
        json: bool,
        /// 列出各单位较上月的变化：完成数增加、完成率变化（百分点）、排名升降
        #[arg(long, conflicts_with = "json")]
        changes: bool,
    },
    #[command(about = publish_about())]
    Publish {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        #[arg(value_name = "活动文件夹")]
        campaign_dir: PathBuf,
        /// 期间，格式 YYYY-MM（默认：最新一期数据）
        #[arg(long, value_name = "期间", value_parser = parse_period)]
        period: Option<Period>,
        /// 定稿的草稿文件夹：其中的 bulletin.md（可以修改过）就是发布的内容（默认：build 写入的 out/<期间>/）
        #[arg(long, value_name = "草稿文件夹")]
        draft: Option<PathBuf>,
        /// 存档文件夹（默认：<活动文件夹>/archive）
        #[arg(long, value_name = "存档文件夹")]
        archive: Option<PathBuf>,
        /// 有警告（如修改的文字中有不是由数据计算得出的数字）时仍然发布；有错误时从不发布
        #[arg(long)]
        force: bool,
        /// 为分发范围中的每个收文单位生成一份编有份号的 PDF，并生成分发登记
        #[arg(long)]
        copies: bool,
        /// 已发布的期间再次发布为修订版（原版本保留）
        #[arg(long)]
        revise: bool,
        /// DOCX 的版心网格写法：portable（默认，用行距和字距排成每页 22 行、每行 28 字，WPS、Word、LibreOffice 通用）或 word（Word“页面设置—文档网格”的写法，只在 Word 中编辑时用；LibreOffice 中每行字数不对）
        #[arg(long, value_name = "网格", value_parser = parse_grid)]
        docx_grid: Option<Grid>,
    },
    /// 查看和校验存档（默认存档文件夹与 publish 相同：<活动文件夹>/archive）
    Archive {
        /// What to do with the archive.
        #[command(subcommand)]
        command: ArchiveCommand,
    },
    /// 生成发给各县区的填报表（xlsx）：每项指标一个工作表，每个县区一行，计划数锁定，预填上一期的累计数
    Form {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        #[arg(value_name = "活动文件夹")]
        campaign_dir: PathBuf,
        /// 要填报的期间，格式 YYYY-MM
        #[arg(long, value_name = "期间", value_parser = parse_period)]
        period: Period,
        /// 预填哪一期的累计数（默认：该期间之前最近的一期）
        #[arg(long, value_name = "期间", value_parser = parse_period)]
        from: Option<Period>,
        /// 只为这个县区生成（县区名称或编号，可重复）；默认全部县区在一张表中
        #[arg(long = "unit", value_name = "县区")]
        units: Vec<String>,
        /// 输出文件（默认：填报表-<期间>.xlsx）
        #[arg(long, value_name = "文件")]
        out: Option<PathBuf>,
    },
    /// 导入填好的填报表或逐项台账（xlsx、xls、ods、csv），替换 snapshots/<期间>.yaml 的 progress 并检查
    Import {
        /// 活动文件夹（含 campaign.yaml 和 snapshots/）
        #[arg(value_name = "活动文件夹")]
        campaign_dir: PathBuf,
        /// 填好的填报表（一张汇总表或每个县区一张），或逐项台账（配合 --map）
        #[arg(value_name = "文件", required = true)]
        files: Vec<PathBuf>,
        /// 数据所属的期间，格式 YYYY-MM
        #[arg(long, value_name = "期间", value_parser = parse_period)]
        period: Period,
        /// 台账映射文件：文件是逐项台账时，写明哪一列是县区、哪些取值算完成、哪一列是分项
        #[arg(long, value_name = "映射文件")]
        map: Option<PathBuf>,
    },
    #[command(about = render_about())]
    Render {
        /// 通报 Markdown 文件（build 生成的 bulletin.md，可以修改过）
        #[arg(value_name = "通报文件")]
        file: PathBuf,
        #[arg(long, value_name = "格式", value_delimiter = ',', value_parser = parse_format,
              help = format_help(&rendered_formats(), "除 md 外的全部"))]
        format: Vec<Format>,
        /// 输出文件夹（默认：Markdown 文件所在文件夹）
        #[arg(long, value_name = "文件夹")]
        out: Option<PathBuf>,
        /// DOCX 的版心网格写法：portable（默认，用行距和字距排成每页 22 行、每行 28 字，WPS、Word、LibreOffice 通用）或 word（Word“页面设置—文档网格”的写法，只在 Word 中编辑时用；LibreOffice 中每行字数不对）
        #[arg(long, value_name = "网格", value_parser = parse_grid)]
        docx_grid: Option<Grid>,
    },
}

impl Command {
    /// Whether the command writes files: only then does a refusal say that nothing was written.
    pub(crate) fn writes_files(&self) -> bool {
        match self {
            Command::Build { .. }
            | Command::Publish { .. }
            | Command::Render { .. }
            | Command::Form { .. }
            | Command::Import { .. }
            | Command::NewMonth { .. } => true,
            Command::Check { .. } | Command::Stats { .. } => false,
            Command::Archive { command } => match command {
                ArchiveCommand::Index { .. } => true,
                ArchiveCommand::List { .. } | ArchiveCommand::Verify { .. } => false,
            },
        }
    }
}

/// The `archive` subcommands.
#[derive(Subcommand)]
pub(crate) enum ArchiveCommand {
    /// 列出已发布的各期：期号、期间、印发日期、标题、主要数据、所在文件夹
    List {
        /// Which archive.
        #[command(flatten)]
        at: ArchiveAt,
    },
    /// 重新计算每个文件的校验值，列出被修改、缺失或多余的文件；有问题时退出码为 1
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
fn every_format() -> Vec<Format> {
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
fn list(formats: &[Format]) -> String {
    formats
        .iter()
        .map(Format::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn format_help(formats: &[Format], default: &str) -> String {
    format!("输出格式，逗号分隔：{}（默认：{default}）", list(formats))
}

fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<Format, String> {
    s.parse()
}

fn parse_grid(s: &str) -> Result<Grid, String> {
    s.parse()
}
