//! `tongbao render`: an (edited) `bulletin.md` into the other formats, with the fonts it names.

use std::io::Write;
use std::path::{Path, PathBuf};

use tongbao::diagnostic::Diagnostics;
use tongbao::render::Format;
use tongbao::{Error, document, load};

use crate::cli::Outcome;
use crate::cli::args::{DocxGrid, format_help, parse_format, rendered_formats};

/// The arguments of `render`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// 通报 Markdown 文件（build 生成的 bulletin.md，可以修改过）
    #[arg(value_name = "通报文件")]
    file: PathBuf,
    #[arg(long, value_name = "格式", value_delimiter = ',', value_parser = parse_format,
          help = format_help(&rendered_formats(), "除 md 外的全部"))]
    format: Vec<Format>,
    /// 输出文件夹（默认：Markdown 文件所在文件夹）
    #[arg(long, value_name = "文件夹")]
    out: Option<PathBuf>,
    #[command(flatten)]
    docx_grid: DocxGrid,
}

/// Renders the formats asked for beside the Markdown file (or into `--out`).
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let file = &args.file;
    let markdown = load::read_text(file).map_err(|d| Error::Input(Diagnostics(vec![d])))?;
    let document = document::parse(file, &markdown)?;
    let formats = if args.format.is_empty() {
        rendered_formats()
    } else {
        args.format
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
        args.docx_grid.grid(),
    )?;
    let protected = tongbao::output::Protected::new().input(file, "通报底稿");
    let protected = document.front.fonts.values().fold(protected, |p, f| {
        p.input(&draft_dir.join(f.trim()), "字体文件")
    });
    let folder = args.out.unwrap_or(draft_dir);
    for path in tongbao::output::write_outputs(&folder, &files, &protected)? {
        writeln!(out, "已生成 {}", path.display())?;
    }
    Ok(())
}
