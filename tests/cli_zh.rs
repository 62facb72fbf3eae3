//! The command line speaks Chinese: help pages, usage errors, and quiet ends on a closed pipe.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

/// Words clap writes in its own help pages and errors; none of them may reach the user.
const CLAP_WORDS: &[&str] = &[
    "Usage",
    "usage",
    "Options",
    "Commands",
    "Arguments",
    "Print",
    "help",
    "version",
    "Version",
    "error",
    "try",
    "tip",
    "For",
    "more",
    "information",
    "required",
    "provided",
    "invalid",
    "value",
    "values",
    "unexpected",
    "argument",
    "found",
    "subcommand",
    "similar",
    "exists",
    "possible",
    "default",
    "cannot",
    "used",
    "multiple",
    "times",
    "COMMAND",
    "OPTIONS",
];

/// Every ASCII word of `text` that is not part of an option (`--help`, `-h`), a file name or a format.
fn english_words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "-_./<>[]".contains(c)))
        .filter(|token| !token.starts_with('-'))
        .flat_map(|token| token.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| {
            CLAP_WORDS.contains(w)
                || (w.len() > 1
                    && w.chars().all(|c| c.is_ascii_uppercase())
                    && !["YYYY", "MM", "JSON", "PDF", "HTML", "DOCX", "WPS", "ISO"].contains(w))
        })
        .map(str::to_owned)
        .collect()
}

fn assert_chinese(what: &str, text: &str) {
    let words = english_words(text);
    assert!(
        words.is_empty(),
        "{what}: English from clap {words:?} in\n{text}"
    );
}

/// The subcommands listed in a help page's 命令 section.
fn subcommands(help: &str) -> Vec<String> {
    help.split("命令：\n")
        .nth(1)
        .map(|section| {
            section
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// `tongbao <path> --help` for every command in the tree, discovered from the help pages themselves.
fn help_pages(path: Vec<String>, pages: &mut Vec<(String, String)>) {
    let mut args = path.clone();
    args.push("--help".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = tongbao(Path::new("."), &args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    let help = stdout(&o);
    for sub in subcommands(&help) {
        let mut p = path.clone();
        p.push(sub);
        help_pages(p, pages);
    }
    pages.push((args.join(" "), help));
}

#[test]
fn every_help_page_is_in_chinese() {
    let mut pages = Vec::new();
    help_pages(Vec::new(), &mut pages);
    let names: Vec<&str> = pages.iter().map(|(n, _)| n.as_str()).collect();
    for expected in [
        "build --help",
        "archive verify --help",
        "render --help",
        "--help",
    ] {
        assert!(names.contains(&expected), "{expected} not among {names:?}");
    }
    for (name, help) in &pages {
        assert_chinese(name, help);
        assert!(help.contains("用法：tongbao"), "{name}:\n{help}");
        assert!(help.contains("选项：\n"), "{name}:\n{help}");
        assert!(help.contains("-h, --help"), "{name}:\n{help}");
        assert!(help.contains("显示帮助"), "{name}:\n{help}");
    }
    let o = tongbao(Path::new("."), &["-h"]);
    assert_eq!(stdout(&o), pages.last().unwrap().1, "-h is --help");
}

#[test]
fn the_help_names_every_format() {
    let root = stdout(&tongbao(Path::new("."), &["--help"]));
    assert!(root.contains("（md、html、pdf"), "{root}");
    let build = stdout(&tongbao(Path::new("."), &["build", "--help"]));
    assert!(
        build.contains("bulletin.md、bulletin.html、bulletin.pdf"),
        "{build}"
    );
    assert!(
        build.contains("md,html,pdf,docx,xlsx（默认：md,html,pdf,docx）"),
        "{build}"
    );
    let render = stdout(&tongbao(Path::new("."), &["render", "--help"]));
    assert!(
        render.contains("html,pdf,docx（默认：除 md 外的全部）"),
        "{render}"
    );
}

#[test]
fn usage_errors_are_in_chinese_and_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["buidl"],
            "用法错误：没有“buidl”这个命令。\n是否应为 build？\n\n用法：tongbao <命令>\n运行 tongbao --help 查看说明。\n",
        ),
        (
            &["build"],
            "用法错误：缺少参数 <活动文件夹>。\n\n用法：tongbao build [选项] <活动文件夹>\n运行 tongbao build --help 查看说明。\n",
        ),
        (
            &["build", "x", "--perod", "2019-12"],
            "用法错误：不认识的选项或多余的参数“--perod”。\n是否应为 --period？\n\n用法：tongbao build [选项] <活动文件夹>\n运行 tongbao build --help 查看说明。\n",
        ),
        (
            &["build", "x", "--format", "docs"],
            "用法错误：选项 --format 的值“docs”无效：不支持的格式 “docs”，可用：md、html、pdf、docx、xlsx。\n",
        ),
        (&["build", "x", "--period", "2019-13"], ""),
        (
            &["build", "x", "--period"],
            "用法错误：选项 --period 后面需要一个值。\n",
        ),
        (
            &["stats", "x", "--json", "--json"],
            "用法错误：选项 --json 只能给一次。\n\n用法：tongbao stats [选项] <活动文件夹>\n运行 tongbao stats --help 查看说明。\n",
        ),
        (
            &["archive", "list"],
            "用法错误：缺少参数 <活动文件夹>。\n\n用法：tongbao archive list [选项] [活动文件夹]\n运行 tongbao archive list --help 查看说明。\n",
        ),
        (
            &["check", "a", "b"],
            "用法错误：不认识的选项或多余的参数“b”。\n\n用法：tongbao check <活动文件夹>\n运行 tongbao check --help 查看说明。\n",
        ),
    ];
    for (args, expected) in cases {
        let o = tongbao(Path::new("."), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with("用法错误："), "{args:?}: {err}");
        if !expected.is_empty() {
            assert_eq!(&err, expected, "{args:?}");
        }
        assert_chinese(&format!("{args:?}"), &err);
        assert!(o.stdout.is_empty(), "{args:?}");
    }
    // Without a command the help page is shown (on stderr) and the exit is a usage error.
    for args in [&[][..], &["archive"][..]] {
        let o = tongbao(Path::new("."), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("命令："), "{args:?}");
        assert_chinese(&format!("{args:?}"), &stderr(&o));
    }
}

#[test]
fn the_version_is_plain() {
    let o = tongbao(Path::new("."), &["--version"]);
    assert!(o.status.success());
    assert_eq!(
        stdout(&o),
        format!("tongbao {}\n", env!("CARGO_PKG_VERSION"))
    );
}

/// A 500-unit campaign: its stats table is far larger than a pipe's buffer.
fn large_campaign(tmp: &TempDir) -> String {
    let dir = tmp.path().join("national");
    generate::campaign(&dir, 500);
    dir.to_str().unwrap().to_owned()
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let tmp = TempDir::new("pipe");
    let dir = large_campaign(&tmp);
    for args in [
        vec!["stats", &dir],
        vec!["stats", &dir, "--json"],
        vec!["--help"],
    ] {
        // The reading end is closed before tongbao writes anything: every write fails with EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_tongbao"))
            .args(&args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(stderr(&o), "", "{args:?}");
        assert_eq!(o.status.code(), Some(0), "{args:?}");
    }
}

#[test]
fn stats_of_a_large_campaign_into_head_ends_without_a_panic() {
    let tmp = TempDir::new("head");
    let dir = large_campaign(&tmp);
    let exe = env!("CARGO_BIN_EXE_tongbao");
    for json in [false, true] {
        let flag = if json { " --json" } else { "" };
        let o = Command::new("sh")
            .arg("-c")
            .arg(format!("'{exe}' stats '{dir}'{flag} | head -1"))
            .output()
            .unwrap();
        assert!(o.status.success(), "{flag}");
        assert_eq!(stderr(&o), "", "{flag}: no panic, no message");
        let mut args = vec!["stats", dir.as_str()];
        if json {
            args.push("--json");
        }
        let full = stdout(&tongbao(Path::new("."), &args));
        let first = full.lines().next().unwrap();
        assert_eq!(stdout(&o), format!("{first}\n"), "{flag}");
        if json {
            // Larger than a pipe's buffer: tongbao is still writing when head has gone.
            assert!(full.len() > 65536, "{}", full.len());
        }
    }
}

#[test]
fn archive_commands_look_where_publish_writes() {
    let (_t, dir) = sample_copy("archive-default");
    let campaign = dir.to_str().unwrap();
    let o = tongbao(&dir, &["build", campaign, "--period", "2019-11"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tongbao(&dir, &["publish", campaign, "--period", "2019-11"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let elsewhere = dir.parent().unwrap();
    let by_campaign = tongbao(elsewhere, &["archive", "list", campaign]);
    assert!(by_campaign.status.success(), "{}", stderr(&by_campaign));
    assert!(
        stdout(&by_campaign).starts_with("第3期\t2019-11\t"),
        "{}",
        stdout(&by_campaign)
    );
    let archive = dir.join("archive");
    let by_folder = tongbao(
        elsewhere,
        &["archive", "list", "--archive", archive.to_str().unwrap()],
    );
    assert_eq!(stdout(&by_folder), stdout(&by_campaign));
    let o = tongbao(elsewhere, &["archive", "verify", campaign]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("存档完好：1 个已发布版本"),
        "{}",
        stdout(&o)
    );
    let o = tongbao(elsewhere, &["archive", "index", campaign]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).starts_with(&format!("已重建 {}", archive.join("index.md").display())));
}

#[test]
fn nothing_written_is_said_only_by_commands_that_write() {
    let tmp = TempDir::new("no-archive");
    let missing = tmp.path().join("c");
    std::fs::create_dir_all(&missing).unwrap();
    let expected = format!(
        "存档文件夹 {} 不存在（publish 默认存档于 <活动文件夹>/archive；其他位置请用 --archive 给出）\n",
        missing.join("archive").display()
    );
    for sub in ["list", "verify"] {
        let o = tongbao(tmp.path(), &["archive", sub, missing.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{sub}");
        assert_eq!(stderr(&o), expected, "{sub}");
    }
    let o = tongbao(tmp.path(), &["archive", "index", missing.to_str().unwrap()]);
    assert_eq!(stderr(&o), format!("{expected}未生成任何文件。\n"));

    // Invalid data: check and stats only count the errors, build also says nothing was written.
    let (_t, dir) = sample_copy("nothing-written");
    edit(
        &dir.join("snapshots/2019-12.yaml"),
        "done: 30,",
        "done: 三十,",
    );
    let campaign = dir.to_str().unwrap();
    for (args, tail) in [
        (
            vec!["check", campaign],
            "共 1 个错误：改正后即可生成；上面列为检查通过的各期不受影响。\n",
        ),
        (vec!["stats", campaign], "共 1 个错误。\n"),
        (
            vec!["build", campaign, "--format", "md"],
            "共 1 个错误，未生成任何文件。\n",
        ),
    ] {
        let o = tongbao(&dir, &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).ends_with(tail), "{args:?}: {}", stderr(&o));
    }
}
