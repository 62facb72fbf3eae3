//! clap's own words in Chinese: the help template and headings, the help and version flags, the usage
//! line and every error clap reports. Applied to the whole command tree at start-up, so a subcommand or
//! option added later is covered without further work.

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command};

/// The help page of every command: about, usage, then the sections it has, with Chinese headings.
fn template(cmd: &Command) -> String {
    let mut t = String::from("{about-with-newline}\n用法：{usage}");
    if cmd.has_subcommands() {
        t.push_str("\n\n命令：\n{subcommands}");
    }
    if cmd.get_positionals().next().is_some() {
        t.push_str("\n\n参数：\n{positionals}");
    }
    t.push_str("\n\n选项：\n{options}{after-help}");
    t
}

/// Puts `cmd` and all its subcommands into Chinese (before clap builds it).
pub(crate) fn localise(cmd: Command) -> Command {
    let cmd = cmd.disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本号"),
    );
    let cmd = localise_tree(cmd);
    let usages = usages(&cmd);
    apply_usages(cmd, &usages, &mut 0)
}

fn localise_tree(cmd: Command) -> Command {
    let cmd = cmd
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        )
        .subcommand_value_name("命令")
        .subcommand_help_heading("命令");
    let template = template(&cmd);
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    let mut cmd = cmd.help_template(template);
    for name in names {
        cmd = cmd.mut_subcommand(name, localise_tree);
    }
    cmd
}

/// The usage line of every command in the tree (depth first), as clap writes it, in Chinese.
fn usages(cmd: &Command) -> Vec<String> {
    let mut built = cmd.clone();
    built.build();
    let mut out = Vec::new();
    collect_usages(&mut built, &mut out);
    out
}

fn collect_usages(cmd: &mut Command, out: &mut Vec<String>) {
    let usage = cmd.render_usage().to_string();
    let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
    out.push(usage.replace("[OPTIONS]", "[选项]"));
    for sub in cmd.get_subcommands_mut() {
        collect_usages(sub, out);
    }
}

fn apply_usages(cmd: Command, usages: &[String], next: &mut usize) -> Command {
    let mut cmd = match usages.get(*next) {
        Some(u) => cmd.override_usage(u.clone()),
        None => cmd,
    };
    *next += 1;
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_owned())
        .collect();
    for name in names {
        cmd = cmd.mut_subcommand(name, |s| apply_usages(s, usages, next));
    }
    cmd
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::Strings(v) => Some(v.join("、")),
        ContextValue::StyledStrs(v) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn strings(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(v)) => v.clone(),
        Some(ContextValue::String(s)) => vec![s.clone()],
        _ => Vec::new(),
    }
}

/// Names an argument as the user sees it: `--format <格式>` is 选项 --format, `<活动文件夹>` is 参数.
fn arg_name(arg: &str) -> String {
    if arg.starts_with('-') {
        let flag = arg.split([' ', '=']).next().unwrap_or(arg);
        format!("选项 {flag}")
    } else {
        format!("参数 {arg}")
    }
}

/// The message of a clap usage error, in Chinese: what is wrong, a suggestion if clap has one, the
/// usage line and where to read more.
pub(crate) fn error_message(e: &clap::Error) -> String {
    let mut text = String::from("用法错误：");
    what_is_wrong(e, &mut text);
    text.push('。');
    if let Some(s) = string(e, ContextKind::SuggestedSubcommand) {
        let _ = write!(text, "\n是否应为 {s}？");
    }
    if let Some(s) = string(e, ContextKind::SuggestedArg) {
        let _ = write!(text, "\n是否应为 {s}？");
    }
    if let Some(s) = string(e, ContextKind::SuggestedValue) {
        let _ = write!(text, "\n是否应为 {s}？");
    }
    if let Some(ContextValue::StyledStr(usage)) = e.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.strip_prefix("Usage:").unwrap_or(&usage).trim();
        let _ = write!(text, "\n\n用法：{usage}");
        let command = usage
            .split(' ')
            .take_while(|w| !w.starts_with(['[', '<']))
            .collect::<Vec<_>>()
            .join(" ");
        let _ = write!(text, "\n运行 {command} --help 查看说明。");
    }
    text.push('\n');
    text
}

/// What clap found wrong, as a clause after 用法错误：.
fn what_is_wrong(e: &clap::Error, text: &mut String) {
    let arg = string(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = string(e, ContextKind::InvalidValue).unwrap_or_default();
    let sub = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
    match e.kind() {
        ErrorKind::InvalidSubcommand => {
            let _ = write!(text, "没有“{sub}”这个命令");
        }
        ErrorKind::UnknownArgument => {
            let _ = write!(text, "不认识的选项或多余的参数“{arg}”");
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(e, ContextKind::InvalidArg);
            let missing: Vec<String> = missing.iter().map(|a| arg_name(a)).collect();
            let _ = write!(text, "缺少{}", missing.join("、"));
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            text.push_str("缺少命令");
            let valid = strings(e, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                let _ = write!(text, "，可用：{}", valid.join("、"));
            }
        }
        ErrorKind::InvalidValue if value.is_empty() => {
            let _ = write!(text, "{} 后面需要一个值", arg_name(&arg));
        }
        ErrorKind::InvalidValue => {
            let _ = write!(text, "{} 的值“{value}”无效", arg_name(&arg));
            let valid = strings(e, ContextKind::ValidValue);
            if !valid.is_empty() {
                let _ = write!(text, "，可用：{}", valid.join("、"));
            }
        }
        ErrorKind::ValueValidation => {
            let _ = write!(text, "{} 的值“{value}”无效", arg_name(&arg));
            if let Some(reason) = std::error::Error::source(e) {
                let _ = write!(text, "：{reason}");
            }
        }
        ErrorKind::ArgumentConflict => {
            let prior = string(e, ContextKind::PriorArg);
            match prior {
                Some(p) if p != arg => {
                    let _ = write!(text, "{} 不能与 {p} 同时使用", arg_name(&arg));
                }
                _ => {
                    let _ = write!(text, "{} 只能给一次", arg_name(&arg));
                }
            }
        }
        ErrorKind::TooManyValues => {
            let _ = write!(text, "{} 多了一个值“{value}”", arg_name(&arg));
        }
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            let _ = write!(text, "{} 的值的个数不对", arg_name(&arg));
        }
        ErrorKind::NoEquals => {
            let _ = write!(text, "{} 的值要用等号给出（{arg}=值）", arg_name(&arg));
        }
        ErrorKind::InvalidUtf8 => text.push_str("参数中有无法识别的字符（不是 UTF-8 编码）"),
        _ => text.push_str("命令行有误"),
    }
}
