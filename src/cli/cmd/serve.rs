//! `tongbao serve`: the workbench in the browser, or (`--set-password`) the password that lets
//! other computers use it.

use std::io::{self, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use tongbao::Error;

use crate::cli::Outcome;

/// The arguments of `serve`.
#[derive(clap::Args)]
pub(crate) struct Args {
    /// 活动文件夹（可以给多个；默认：当前文件夹）
    #[arg(value_name = "活动文件夹")]
    campaign_dirs: Vec<PathBuf>,
    /// 监听地址（默认 127.0.0.1:8080，只有本机能访问；其他地址需要先用 --set-password 设置密码）
    #[arg(
        long,
        value_name = "地址:端口",
        default_value = "127.0.0.1:8080",
        hide_default_value = true
    )]
    listen: SocketAddr,
    /// 设置工作台密码：从标准输入读入密码，只保存其 argon2 哈希值，然后退出
    #[arg(long)]
    pub(crate) set_password: bool,
    /// 密码哈希文件（默认：第一个活动文件夹中的 .tongbao-serve-password）
    #[arg(long, value_name = "文件")]
    password_file: Option<PathBuf>,
    /// 发布时用的签名密钥文件（默认：与 tongbao publish 相同）
    #[arg(long, value_name = "密钥文件")]
    key: Option<PathBuf>,
}

/// Sets the password, or serves the workbench until the process is stopped.
pub(crate) fn run(args: Args, out: &mut dyn Write) -> Outcome {
    let dirs = if args.campaign_dirs.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.campaign_dirs
    };
    let password_file = args
        .password_file
        .unwrap_or_else(|| dirs[0].join(".tongbao-serve-password"));
    if args.set_password {
        return set_password(&password_file, out);
    }
    for dir in &dirs {
        if !tongbao::load::campaign_file(dir).is_file() {
            return Err(Error::Request(format!(
                "{} 不是活动文件夹（其中没有 campaign.yaml）",
                dir.display()
            ))
            .into());
        }
    }
    let auth = if args.listen.ip().is_loopback() {
        None
    } else {
        let text = std::fs::read_to_string(&password_file).map_err(|_| {
            Error::Request(format!(
                "在 {} 上提供工作台（其他电脑可以访问）需要密码：请先运行 tongbao serve {} --set-password 设置密码",
                args.listen,
                dirs[0].display()
            ))
        })?;
        Some(tongbao::serve::Auth::from_hash(&text).map_err(|e| {
            Error::Request(format!(
                "{}：{e}；请用 --set-password 重新设置",
                password_file.display()
            ))
        })?)
    };
    let config = tongbao::serve::Config {
        dirs,
        listen: args.listen,
        auth,
        key: args.key,
    };
    tongbao::serve::run(config, |at| {
        let mut stdout = io::stdout().lock();
        let _ = writeln!(
            stdout,
            "通报工作台已启动：http://{at}/ （用浏览器打开这个地址；按 Ctrl+C 停止）"
        );
        let _ = stdout.flush();
    })
    .map_err(|e| Error::Request(e.to_string()))?;
    Ok(())
}

/// Reads the password from standard input and writes only its argon2 hash to `file`.
fn set_password(file: &Path, out: &mut dyn Write) -> Outcome {
    crate::cli::err("请输入工作台密码（至少 8 个字符），按回车结束：\n");
    let mut line = String::new();
    io::stdin().read_line(&mut line)?;
    let hash = tongbao::serve::hash_password(line.trim_end_matches(['\n', '\r']))
        .map_err(Error::Request)?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Error::Request(format!("{} 不是文件名", file.display())))?;
    let folder = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tongbao::output::write_files(folder, &[(name, hash.into_bytes())]).map_err(Error::from)?;
    writeln!(
        out,
        "已设置工作台密码（只保存了哈希值）：{}",
        file.display()
    )?;
    Ok(())
}
