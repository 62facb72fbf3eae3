//! The sealed record (issue 18): attacks on the archive, the inputs and the review, each
//! refused with its exact Chinese message and exit code, leaving every file byte-identical.

mod common;

use common::*;
use std::path::Path;

/// Builds the latest draft into `<dir>/out/2019-12` and publishes it as 第4期.
fn publish_latest(dir: &Path) {
    let o = tongbao(dir, &["build", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tongbao(dir, &["publish", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn build_into_a_published_issue_is_refused() {
    let (_t, dir) = sample_copy("guard-archive");
    publish_latest(&dir);
    let archive = dir.join("archive");
    let before = file_tree(&archive);
    let issue = archive.join("004_2019-12");
    let o = tongbao(
        &dir,
        &[
            "build",
            dir.to_str().unwrap(),
            "--out",
            issue.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let archive_real = archive.canonicalize().unwrap();
    // Below the draft's own note that the period is published already.
    assert!(
        stderr(&o).ends_with(&format!(
            "\n不能写入 {}：它在存档 {} 之中，已发布的通报和存档中的文件不能被覆盖；请用 --out 指定存档以外的文件夹\n未生成任何文件。\n",
            issue.display(),
            archive_real.display()
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(before, file_tree(&archive), "archive bytes changed");
}

#[test]
fn build_into_an_archive_elsewhere_is_refused_by_its_marks() {
    let (t, dir) = sample_copy("guard-moved");
    publish_latest(&dir);
    // The archive copied somewhere the campaign does not know about.
    let moved = t.path().join("copy-of-archive");
    copy_dir(&dir.join("archive"), &moved);
    let before = file_tree(&moved);
    let target = moved.join("004_2019-12");
    let o = tongbao(
        &dir,
        &[
            "build",
            dir.to_str().unwrap(),
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("它在存档"), "{}", stderr(&o));
    assert_eq!(before, file_tree(&moved));
}

#[test]
fn form_over_an_input_is_refused() {
    let (_t, dir) = sample_copy("guard-inputs");
    let before = file_tree(&dir);
    for (out, what) in [
        ("campaign.yaml", "活动数据"),
        ("snapshots/2019-12.yaml", "月度数据"),
    ] {
        let shown = if out.contains('/') {
            out.to_string()
        } else {
            format!("./{out}")
        };
        let o = tongbao(
            &dir,
            &[
                "form",
                dir.to_str().unwrap(),
                "--period",
                "2020-01",
                "--out",
                out,
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{out}: {}", stderr(&o));
        let real = dir.join(out).canonicalize().unwrap();
        assert_eq!(
            stderr(&o),
            format!(
                "不能写入 {shown}：它是{what} {} 本身，输出会覆盖或混入输入文件；请用 --out 指定另一个位置\n未生成任何文件。\n",
                real.display()
            ),
            "{out}"
        );
    }
    // Into the snapshots folder under a new name: it would be read as a snapshot.
    let o = tongbao(
        &dir,
        &[
            "form",
            dir.to_str().unwrap(),
            "--period",
            "2020-01",
            "--out",
            "snapshots/x.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("它在月度数据文件夹"), "{}", stderr(&o));
    assert_eq!(before, file_tree(&dir), "inputs changed");
}

#[test]
fn output_onto_a_special_file_is_refused() {
    let (t, dir) = sample_copy("guard-fifo");
    let fifo = t.path().join("pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let o = tongbao(
        &dir,
        &[
            "form",
            dir.to_str().unwrap(),
            "--period",
            "2020-01",
            "--out",
            fifo.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "不能写入 {}：该位置已有一个设备、管道或套接字等特殊文件（不是普通文件），tongbao 不会替换它；请用 --out 指定另一个文件名\n未生成任何文件。\n",
            fifo.display()
        )
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A symbolic link is not replaced either.
    let link = t.path().join("link.xlsx");
    std::os::unix::fs::symlink(dir.join("campaign.yaml"), &link).unwrap();
    let o = tongbao(
        &dir,
        &[
            "form",
            dir.to_str().unwrap(),
            "--period",
            "2020-01",
            "--out",
            link.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("该位置已有一个符号链接"),
        "{}",
        stderr(&o)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Runs `check` on `dir` and returns (exit code, stderr).
fn check(dir: &Path) -> (Option<i32>, String) {
    let o = tongbao(dir, &["check", dir.to_str().unwrap()]);
    (o.status.code(), stderr(&o))
}

#[test]
fn counts_in_any_notation_but_plain_decimal_are_refused_with_the_decimal() {
    let (_t, dir) = sample_copy("numbers-yaml");
    let snapshot = dir.join("snapshots/2019-12.yaml");
    let original = std::fs::read(&snapshot).unwrap();
    for (written, message) in [
        ("0x1E", "“0x1E”是十六进制写法，请写十进制数 30"),
        ("0o36", "“0o36”是八进制写法，请写十进制数 30"),
        ("0b11110", "“0b11110”是二进制写法，请写十进制数 30"),
        ("3_0", "“3_0”是带下划线的写法，请写十进制数 30"),
        ("\"0x1E\"", "“0x1E”是十六进制写法，请写十进制数 30"),
    ] {
        std::fs::write(&snapshot, &original).unwrap();
        edit(
            &snapshot,
            "lanshan:    { done: 30,",
            &format!("lanshan:    {{ done: {written},"),
        );
        let edited = std::fs::read(&snapshot).unwrap();
        let (code, err) = check(&dir);
        assert_eq!(code, Some(1), "{written}: {err}");
        let expected = format!(
            "{}:9:25: 错误：字段 progress.kindergarten.lanshan.done：{message}",
            snapshot.display()
        );
        assert!(
            err.starts_with(&expected),
            "{written}:\n{err}\nwanted {expected}"
        );
        assert_eq!(edited, std::fs::read(&snapshot).unwrap());
    }
}

#[test]
fn counts_beyond_the_bound_are_refused_so_no_sum_can_wrap() {
    let (_t, dir) = sample_copy("numbers-bound");
    let snapshot = dir.join("snapshots/2019-12.yaml");
    edit(
        &snapshot,
        "lanshan:    { done: 30,",
        "lanshan:    { done: 9223372036854775807,",
    );
    let (code, err) = check(&dir);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "{}:9:25: 错误：字段 progress.kindergarten.lanshan.done：9223372036854775807 超过了上限 100000000（一亿）：请核对是否多写了数位",
            snapshot.display()
        )),
        "{err}"
    );
}

#[test]
fn escapes_of_invisible_characters_are_refused_naming_the_escape() {
    let (_t, dir) = sample_copy("escapes");
    let campaign = dir.join("campaign.yaml");
    let original = std::fs::read(&campaign).unwrap();
    for (escape, kind, code) in [
        ("\\u200b", "零宽字符", "200B"),
        ("\\u00a0", "不间断空格", "00A0"),
        ("\\u2060", "零宽字符", "2060"),
        ("\\x01", "控制字符", "0001"),
        ("\\t", "控制字符（制表符）", "0009"),
        ("\\u202e", "文字方向控制符", "202E"),
    ] {
        std::fs::write(&campaign, &original).unwrap();
        edit(
            &campaign,
            "name: 兰山区,",
            &format!("name: \"兰山{escape}区\","),
        );
        let (status, err) = check(&dir);
        assert_eq!(status, Some(1), "{escape}: {err}");
        let expected = format!(
            "{}:22:32: 错误：引号中的转义写法“{escape}”表示看不见的{kind} U+{code}：它可能让名称或数字与看到的不同，请删除这个转义",
            campaign.display()
        );
        assert!(
            err.starts_with(&expected),
            "{escape}:\n{err}\nwanted {expected}"
        );
    }
    // In the notes too, where U+202E used to reach the font stage without a line.
    std::fs::write(&campaign, &original).unwrap();
    let snapshot = dir.join("snapshots/2019-12.yaml");
    edit(&snapshot, "summary: \"各县区", "summary: \"\\u202e各县区");
    let (status, err) = check(&dir);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.contains("转义写法“\\u202e”表示看不见的文字方向控制符 U+202E"),
        "{err}"
    );
}

#[test]
fn check_refuses_a_font_path_that_is_not_a_font_with_its_line() {
    let (t, dir) = sample_copy("font-path");
    let campaign = dir.join("campaign.yaml");
    let not_a_font = t.path().join("secret.txt");
    std::fs::write(&not_a_font, "root:x:0:0\n").unwrap();
    let text = std::fs::read_to_string(&campaign).unwrap();
    std::fs::write(
        &campaign,
        format!("{text}fonts: {{ 仿宋: {} }}\n", not_a_font.display()),
    )
    .unwrap();
    let line = text.lines().count() + 1;
    let (status, err) = check(&dir);
    assert_eq!(status, Some(1), "{err}");
    assert!(
        err.starts_with(&format!(
            "{}:{line}:14: 错误：字段 fonts.仿宋：字体文件 “{}” 不是字体文件（不是 TrueType/OpenType 格式）：应为 .ttf、.otf 或 .ttc 字体文件",
            campaign.display(),
            not_a_font.display()
        )),
        "{err}"
    );
}

/// A copy of the sample with 第3期 (2019-11) and 第4期 (2019-12) published; returns the temp
/// dir, the campaign and its archive.
fn two_published(label: &str) -> (TempDir, std::path::PathBuf, std::path::PathBuf) {
    let (t, dir) = sample_copy(label);
    for period in ["2019-11", "2019-12"] {
        let o = tongbao(&dir, &["build", dir.to_str().unwrap(), "--period", period]);
        assert!(o.status.success(), "{}", stderr(&o));
        let o = tongbao(
            &dir,
            &["publish", dir.to_str().unwrap(), "--period", period],
        );
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let archive = dir.join("archive");
    (t, dir, archive)
}

/// `archive verify` on `archive`: (exit code, stdout + stderr).
fn verify(dir: &Path, archive: &Path) -> (Option<i32>, String) {
    let o = tongbao(
        dir,
        &["archive", "verify", "--archive", archive.to_str().unwrap()],
    );
    (o.status.code(), format!("{}{}", stdout(&o), stderr(&o)))
}

/// Asserts that verify fails naming `line` (one whole problem line).
fn verify_names(dir: &Path, archive: &Path, line: &str) {
    let (code, text) = verify(dir, archive);
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.lines().any(|l| l == format!("错误：{line}")),
        "verify does not name 「{line}」:\n{text}"
    );
}

/// Rewrites `manifest.json` of `issue` after `change`, recomputing every file's hash as an
/// attacker would.
fn forge_manifest(issue: &Path, change: impl Fn(&mut serde_json::Value)) {
    use sha2_free::sha256;
    let path = issue.join("manifest.json");
    let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    change(&mut m);
    let names: Vec<String> = m["files"].as_object().unwrap().keys().cloned().collect();
    for name in names {
        let hash = sha256(&std::fs::read(issue.join(&name)).unwrap());
        m["files"][&name] = serde_json::Value::String(hash);
    }
    std::fs::write(&path, serde_json::to_string_pretty(&m).unwrap()).unwrap();
}

/// sha256 through the system's `sha256sum`, so that the attacker's tool is not ours.
mod sha2_free {
    pub fn sha256(bytes: &[u8]) -> String {
        use std::io::Write;
        let mut child = std::process::Command::new("sha256sum")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(bytes).unwrap();
        let out = child.wait_with_output().unwrap();
        String::from_utf8(out.stdout).unwrap()[..64].to_string()
    }
}

#[test]
fn an_issue_deleted_cannot_be_published_again() {
    let (_t, dir, archive) = two_published("deleted");
    let issue = archive.join("004_2019-12");
    std::fs::remove_dir_all(&issue).unwrap();
    edit(
        &dir.join("out/2019-12/bulletin.md"),
        "取得阶段性成效",
        "取得显著成效",
    );
    let before = file_tree(&archive);
    let o = tongbao(&dir, &["publish", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "2019-12 已经发布为第4期（存档账本中登记为 004_2019-12，该文件夹已不存在），存档未作任何改动；如需更正，请使用 --revise 发布修订版\n未生成任何文件。\n"
    );
    assert_eq!(before, file_tree(&archive), "archive bytes changed");
    verify_names(
        &dir,
        &archive,
        &format!(
            "{}：存档账本登记的第4期（2019-12）的文件夹缺失（被删除或改名）",
            issue.display()
        ),
    );
}

#[test]
fn a_file_changed_with_its_hash_recomputed_is_named() {
    let (_t, dir, archive) = two_published("rehash");
    let issue = archive.join("004_2019-12");
    edit(&issue.join("bulletin.md"), "145处", "154处");
    forge_manifest(&issue, |_| {});
    let manifest_line = format!(
        "{}：与存档账本的记录不符（清单被改动：即使各文件的校验值一并改过也能发现）",
        issue.join("manifest.json").display()
    );
    verify_names(&dir, &archive, &manifest_line);
    // A file deleted together with its manifest line: the same.
    let (_t2, dir2, archive2) = two_published("rehash-delete");
    let issue2 = archive2.join("004_2019-12");
    std::fs::remove_file(issue2.join("bulletin.docx")).unwrap();
    forge_manifest(&issue2, |m| {
        m["files"].as_object_mut().unwrap().remove("bulletin.docx");
    });
    verify_names(
        &dir2,
        &archive2,
        &format!(
            "{}：与存档账本的记录不符（清单被改动：即使各文件的校验值一并改过也能发现）",
            issue2.join("manifest.json").display()
        ),
    );
}

#[test]
fn a_changed_headline_is_named_and_never_listed_or_indexed() {
    let (_t, dir, archive) = two_published("headline");
    let issue = archive.join("004_2019-12");
    forge_manifest(&issue, |m| {
        m["headline"] = serde_json::Value::String("整治全部完成".to_string());
    });
    verify_names(
        &dir,
        &archive,
        &format!(
            "{}：与存档账本的记录不符（清单被改动：即使各文件的校验值一并改过也能发现）",
            issue.join("manifest.json").display()
        ),
    );
    let o = tongbao(&dir, &["archive", "list", dir.to_str().unwrap()]);
    assert!(!stdout(&o).contains("整治全部完成"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("manifest.json 与存档账本的记录不符（清单被改动，或文件夹被调换）"),
        "{}",
        stderr(&o)
    );
    let o = tongbao(&dir, &["archive", "index", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = std::fs::read_to_string(archive.join("index.html")).unwrap();
    assert!(!index.contains("整治全部完成"));
}

#[test]
fn a_forged_issue_folder_is_named() {
    let (_t, dir, archive) = two_published("forged");
    let forged = archive.join("005_2020-01");
    copy_dir(&archive.join("004_2019-12"), &forged);
    forge_manifest(&forged, |m| {
        m["issue"] = serde_json::json!(5);
        m["period"] = serde_json::json!("2020-01");
    });
    verify_names(
        &dir,
        &archive,
        &format!(
            "{}：不在存档账本中（伪造的，或不是由 tongbao publish 存入的一期）",
            forged.display()
        ),
    );
}

#[test]
fn swapped_folders_are_named() {
    let (_t, dir, archive) = two_published("swapped");
    let (a, b, tmp) = (
        archive.join("003_2019-11"),
        archive.join("004_2019-12"),
        archive.join("swap"),
    );
    std::fs::rename(&a, &tmp).unwrap();
    std::fs::rename(&b, &a).unwrap();
    std::fs::rename(&tmp, &b).unwrap();
    verify_names(
        &dir,
        &archive,
        &format!(
            "{}：其中是存档账本登记给 004_2019-12 的一期，不是账本登记的第3期（两个文件夹被调换）",
            a.display()
        ),
    );
    verify_names(
        &dir,
        &archive,
        &format!(
            "{}：其中是存档账本登记给 003_2019-11 的一期，不是账本登记的第4期（两个文件夹被调换）",
            b.display()
        ),
    );
}

#[test]
fn a_symlink_to_an_identical_copy_is_named() {
    let (t, dir, archive) = two_published("symlink");
    let file = archive.join("004_2019-12/bulletin.pdf");
    let copy = t.path().join("same.pdf");
    std::fs::copy(&file, &copy).unwrap();
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&copy, &file).unwrap();
    verify_names(
        &dir,
        &archive,
        &format!(
            "{}：被换成了符号链接（即使指向内容相同的文件，存档中也只能有普通文件）",
            file.display()
        ),
    );
}

#[test]
fn an_edited_index_is_named() {
    for name in ["index.html", "index.md"] {
        let (_t, dir, archive) = two_published("index");
        edit(&archive.join(name), "145处", "245处");
        verify_names(
            &dir,
            &archive,
            &format!(
                "{} 或 {} 与存档内容不一致（被改动过）：运行 tongbao archive index 可按存档重建",
                archive.join("index.html").display(),
                archive.join("index.md").display()
            ),
        );
    }
}

#[test]
fn a_ledger_entry_removed_is_named() {
    // The first of two entries removed: the chain breaks.
    let (_t, dir, archive) = two_published("ledger-first");
    let ledger = archive.join("ledger.jsonl");
    let text = std::fs::read_to_string(&ledger).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    std::fs::write(&ledger, format!("{}\n", lines[1])).unwrap();
    verify_names(
        &dir,
        &archive,
        "ledger.jsonl 第1行：序号应为 1，写的是 2（账本中有记录被删除、插入或调换）",
    );
    verify_names(
        &dir,
        &archive,
        "ledger.jsonl 第1行：与前一条记录接不上（前一条记录被删除、插入或改动）",
    );
    // The last entry removed: its folder is no longer in the ledger.
    let (_t2, dir2, archive2) = two_published("ledger-last");
    let ledger2 = archive2.join("ledger.jsonl");
    let text2 = std::fs::read_to_string(&ledger2).unwrap();
    std::fs::write(&ledger2, format!("{}\n", text2.lines().next().unwrap())).unwrap();
    verify_names(
        &dir2,
        &archive2,
        &format!(
            "{}：不在存档账本中（伪造的，或不是由 tongbao publish 存入的一期）",
            archive2.join("004_2019-12").display()
        ),
    );
    // The whole ledger removed.
    std::fs::remove_file(&ledger2).unwrap();
    verify_names(
        &dir2,
        &archive2,
        &format!(
            "{}：存档账本缺失（已签名发布过的存档不能没有账本：它被删除或移走了）",
            ledger2.display()
        ),
    );
    // An entry edited after signing.
    let (_t3, dir3, archive3) = two_published("ledger-edit");
    edit(&archive3.join("ledger.jsonl"), "145处", "154处");
    verify_names(
        &dir3,
        &archive3,
        "ledger.jsonl 第2行：签名不符（这条记录在签名后被改动）",
    );
}

#[test]
fn a_new_key_is_recorded_and_verify_says_which_key_signed_what() {
    let (t, dir) = sample_copy("rekey");
    let archive = dir.join("archive");
    let publish = |period: &str| {
        let o = tongbao(&dir, &["build", dir.to_str().unwrap(), "--period", period]);
        assert!(o.status.success(), "{}", stderr(&o));
        tongbao(
            &dir,
            &["publish", dir.to_str().unwrap(), "--period", period],
        )
    };
    assert!(publish("2019-11").status.success());
    let old = test_key(&dir);
    let lost = t.path().join("lost.key");
    std::fs::rename(&old, &lost).unwrap();
    // Without the key, publish refuses rather than sign with a new one.
    let o = publish("2019-12");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!(
            "找不到签名密钥 {}：本存档由密钥（指纹 ",
            old.display()
        )),
        "{}",
        stderr(&o)
    );
    let o = tongbao(&dir, &["archive", "rekey", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("（旧密钥未给出：登记为旧密钥遗失，由新密钥自行签名）"),
        "{}",
        stdout(&o)
    );
    let o = tongbao(
        &dir,
        &["publish", dir.to_str().unwrap(), "--period", "2019-12"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let (code, text) = verify(&dir, &archive);
    assert_eq!(code, Some(0), "{text}");
    let notes: Vec<&str> = text.lines().filter(|l| l.starts_with("提示：")).collect();
    assert_eq!(notes.len(), 2, "{text}");
    assert!(notes[0].starts_with("提示：第3期由密钥 "), "{text}");
    assert!(notes[1].starts_with("提示：第4期由密钥 "), "{text}");
    assert!(
        notes[1].ends_with("签名；启用该密钥时旧密钥已遗失（由新密钥自行登记）"),
        "{text}"
    );
    // The lost key, found again, no longer signs (the draft rebuilt as the revision it is).
    let o = tongbao(
        &dir,
        &["build", dir.to_str().unwrap(), "--period", "2019-12"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tongbao(
        &dir,
        &[
            "publish",
            dir.to_str().unwrap(),
            "--period",
            "2019-12",
            "--revise",
            "--key",
            lost.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!("签名密钥 {}（指纹 ", lost.display()))
            && stderr(&o).contains("不是本存档登记的密钥"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn publish_interrupted_at_every_write_completes_or_leaves_nothing() {
    let (t, dir) = sample_copy("every-write");
    let archive = dir.join("archive");
    for period in ["2019-11", "2019-12"] {
        let o = tongbao(&dir, &["build", dir.to_str().unwrap(), "--period", period]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = tongbao(
        &dir,
        &[
            "publish",
            dir.to_str().unwrap(),
            "--period",
            "2019-11",
            "--copies",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = t.path().join("archive-before");
    copy_dir(&archive, &saved);
    let before = file_tree(&archive);
    let mut stops = 0;
    for n in 1.. {
        let o = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"))
            .args([
                "publish",
                dir.to_str().unwrap(),
                "--period",
                "2019-12",
                "--copies",
            ])
            .current_dir(&dir)
            .env("TONGBAO_KEY", test_key(&dir))
            .env("TONGBAO_TEST_STOP_AT", n.to_string())
            .output()
            .unwrap();
        if o.status.code() == Some(0) {
            break;
        }
        assert_eq!(o.status.code(), Some(77), "write {n}: {}", stderr(&o));
        stops += 1;
        // The next archive command finishes what was interrupted (or forgets it)…
        let (code, text) = verify(&dir, &archive);
        assert_eq!(code, Some(0), "after a stop at write {n}: {text}");
        // …leaving no temporary file, and the issue either wholly there or not at all.
        let names: Vec<String> = std::fs::read_dir(&archive)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            names.iter().all(|n| !n.contains(".tmp-")
                && !n.starts_with(".staging-")
                && !n.starts_with(".journal")),
            "after a stop at write {n}: {names:?}"
        );
        let index = std::fs::read_to_string(archive.join("index.md")).unwrap();
        if archive.join("004_2019-12").is_dir() {
            assert!(
                index.contains("| 第4期 | 2019-12 |"),
                "write {n}: index lacks 第4期"
            );
            assert_eq!(
                std::fs::read_to_string(archive.join("ledger.jsonl"))
                    .unwrap()
                    .lines()
                    .count(),
                2
            );
        } else {
            let mut after = file_tree(&archive);
            after.remove(".lock");
            let mut was = before.clone();
            was.remove(".lock");
            assert_eq!(was, after, "write {n}: an unfinished publish left a trace");
        }
        std::fs::remove_dir_all(&archive).unwrap();
        copy_dir(&saved, &archive);
    }
    eprintln!("publish interrupted at each of its {stops} writes");
    assert!(stops >= 10, "only {stops} writes were interrupted");
}

/// A copy of the sample with 第3期 published and the draft of 2019-12 built, then edited
/// (`from` → `to`, in turn); publishes it and returns (exit code, stderr, the edited sentence
/// of the last edit and its line), asserting the archive is byte-identical on refusal.
fn publish_edited(label: &str, edits: &[(&str, &str)]) -> (Option<i32>, String, String, usize) {
    let (_t, dir) = sample_copy(label);
    for period in ["2019-11", "2019-12"] {
        let o = tongbao(&dir, &["build", dir.to_str().unwrap(), "--period", period]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let o = tongbao(
        &dir,
        &["publish", dir.to_str().unwrap(), "--period", "2019-11"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = dir.join("out/2019-12/bulletin.md");
    for (from, to) in edits {
        edit(&md, from, to);
    }
    let text = std::fs::read_to_string(&md).unwrap();
    let last = edits.last().map_or("", |e| e.1);
    let (line, sentence) = text
        .lines()
        .enumerate()
        .find_map(|(i, l)| {
            let at = l.find(last)?;
            let start = l[..at].rfind('。').map_or(0, |p| p + '。'.len_utf8());
            let end = l[at..]
                .find('。')
                .map_or(l.len(), |p| at + p + '。'.len_utf8());
            Some((i + 1, l[start..end].to_string()))
        })
        .unwrap_or_default();
    let archive = dir.join("archive");
    let before = file_tree(&archive);
    let o = tongbao(&dir, &["publish", dir.to_str().unwrap()]);
    if o.status.code() != Some(0) {
        assert_eq!(before, file_tree(&archive), "archive bytes changed");
    }
    (o.status.code(), stderr(&o), sentence, line)
}

/// Asserts that the review refused with the error line `第{line}行：“{sentence}”{rest}`.
fn refused_with(label: &str, edits: &[(&str, &str)], rest: &str) {
    let (code, err, sentence, line) = publish_edited(label, edits);
    assert_eq!(code, Some(1), "{err}");
    let expected = format!("错误：第{line}行：“{sentence}”{rest}");
    assert!(
        err.lines().any(|l| l == expected),
        "wanted 「{expected}」 in:\n{err}"
    );
    assert!(
        err.ends_with("存档未作任何改动。\n未生成任何文件。\n"),
        "{err}"
    );
}

#[test]
fn the_review_catches_a_changed_total() {
    refused_with(
        "review-total",
        &[("幼儿园145处", "幼儿园238处")],
        "中的 238 与数据不符：合计的完成数为 145处",
    );
}

#[test]
fn the_review_catches_a_changed_rate() {
    refused_with(
        "review-rate",
        &[("占整治计划的61%", "占整治计划的93%")],
        "中的 93 与数据不符：合计的完成率为 61%",
    );
}

#[test]
fn the_review_catches_a_changed_count_of_units() {
    refused_with(
        "review-units",
        &[("13个县区进展滞后", "3个县区进展滞后")],
        "中的 3 与数据不符：进展滞后的单位数为 13",
    );
}

#[test]
fn the_review_catches_a_unit_figure_added_that_differs() {
    refused_with(
        "review-unit",
        &[(
            "各县区完成情况及排名见附件。",
            "兰山区本月新增9处。各县区完成情况及排名见附件。",
        )],
        "中的 9 与数据不符：兰山区的本月新增数为 6处",
    );
}

#[test]
fn the_review_catches_another_county_named_as_lagging() {
    refused_with(
        "review-named",
        &[("其中沂南县、", "其中蒙阴县、")],
        "把蒙阴县列为进展滞后，但按数据蒙阴县不是进展滞后的单位",
    );
}

#[test]
fn the_review_reads_full_width_and_chinese_numerals() {
    refused_with(
        "review-fullwidth",
        &[("本月新增24处", "本月新增２９处")],
        "中的 ２９ 与数据不符：合计的本月新增数为 24处",
    );
    refused_with(
        "review-chinese",
        &[("幼儿园145处", "幼儿园一百五十四处")],
        "中的 一百五十四 与数据不符：合计的完成数为 145处",
    );
    refused_with(
        "review-fullwidth-done",
        &[("整治完成居住区配套幼儿园145处", "完成３００处")],
        "中的 ３００ 与数据不符：合计的完成数为 145处",
    );
}

#[test]
fn the_review_passes_an_edit_that_changes_no_figure_and_warns_of_an_untied_number() {
    let (code, err, _, _) = publish_edited("review-words", &[("取得阶段性成效", "取得显著成效")]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err, sentence, line) = publish_edited(
        "review-untied",
        &[(
            "各县区完成情况及排名见附件。",
            "本月召开推进会3次。各县区完成情况及排名见附件。",
        )],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.lines()
            .any(|l| l == format!("警告：第{line}行：“{sentence}”中的 3 不是由数据计算得出")),
        "{err}"
    );
}

#[test]
fn the_review_refuses_front_matter_that_is_not_the_data() {
    let (code, err, _, _) =
        publish_edited("review-front", &[("关于2019年12月份", "关于2018年12月份")]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.lines().any(|l| l == "错误：bulletin.md 开头的 title 写的是“关于2018年12月份全市城镇居住区配套幼儿园专项整治工作进展情况的通报”，按活动和本期数据应为“关于2019年12月份全市城镇居住区配套幼儿园专项整治工作进展情况的通报”：这一项由 campaign.yaml 和本期数据决定，不能在草稿中改；请改回，或改数据后重新生成草稿"),
        "{err}"
    );
    for (from, to, field) in [
        ("office: \"临沂市", "office: \"某市", "office"),
        ("signature: \"临沂市", "signature: \"某市", "signature"),
        ("header: \"城镇", "header: \"农村", "header"),
        ("addressee: \"各县区", "addressee: \"各乡镇", "addressee"),
        ("copy_to: []", "copy_to: [\"市纪委\"]", "colophon.copy_to"),
        ("issue: 4\n", "issue: 4\nsecrecy: \"秘密\"\n", "secrecy"),
        (
            "issue: 4\n",
            "issue: 4\ncopy_number: \"000001\"\n",
            "copy_number",
        ),
    ] {
        let (code, err, _, _) = publish_edited("review-front-field", &[(from, to)]);
        assert_eq!(code, Some(1), "{field}: {err}");
        assert!(
            err.contains(&format!("错误：bulletin.md 开头的 {field} 写的是“")),
            "{field}: {err}"
        );
    }
}

/// Runs `tongbao import` of `file` into the sample copy `dir`; returns (exit code, stderr,
/// wall time, the child's own peak RSS in KiB).
// The child is reaped by wait4 below, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn import_measured(dir: &Path, file: &Path) -> (Option<i32>, String, std::time::Duration, i64) {
    use std::io::Read;
    let started = std::time::Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .args([
            "import",
            dir.to_str().unwrap(),
            file.to_str().unwrap(),
            "--period",
            "2019-12",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 writes the status and a full rusage into the pointers it is given; the
    // child is ours and waited for only here.
    let (pid, usage) = unsafe {
        let pid = libc::wait4(
            child.id() as libc::pid_t,
            &mut status,
            0,
            usage.as_mut_ptr(),
        );
        (pid, usage.assume_init())
    };
    assert!(pid > 0, "wait4 failed");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (code, err, started.elapsed(), usage.ru_maxrss)
}

#[test]
fn hostile_spreadsheets_are_refused_before_any_grid_is_built() {
    use std::io::Write;
    let (t, dir) = sample_copy("hostile-import");
    let snapshot = dir.join("snapshots/2019-12.yaml");
    let before = std::fs::read(&snapshot).unwrap();
    // An ods of under 1 KB declaring a million rows of 99 valued cells.
    let content = "<?xml version=\"1.0\"?><office:document-content xmlns:office=\"o\" xmlns:table=\"t\"><office:body><office:spreadsheet><table:table table:name=\"S\"><table:table-row table:number-rows-repeated=\"1000000\"><table:table-cell table:number-columns-repeated=\"99\" office:value-type=\"float\" office:value=\"1\"/></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>";
    let mut ods = std::io::Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut ods);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        w.start_file("mimetype", options).unwrap();
        w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        w.start_file("content.xml", options).unwrap();
        w.write_all(content.as_bytes()).unwrap();
        w.finish().unwrap();
    }
    let ods_path = t.path().join("hostile.ods");
    std::fs::write(&ods_path, ods.into_inner()).unwrap();
    // An xls whose one sheet has a cell at A1 and one at IV65536.
    let record = |kind: u16, data: &[u8]| {
        let mut r = kind.to_le_bytes().to_vec();
        r.extend_from_slice(&(data.len() as u16).to_le_bytes());
        r.extend_from_slice(data);
        r
    };
    let number = |row: u16, col: u16| {
        let mut d = row.to_le_bytes().to_vec();
        d.extend_from_slice(&col.to_le_bytes());
        d.extend_from_slice(&[0; 10]);
        record(0x0203, &d)
    };
    let stream: Vec<u8> = [
        record(0x0809, &[0; 16]),
        record(0x000A, &[]),
        record(0x0809, &[0; 16]),
        number(0, 0),
        number(65535, 255),
        record(0x000A, &[]),
    ]
    .concat();
    let mut xls = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    xls.create_stream("/Workbook")
        .unwrap()
        .write_all(&stream)
        .unwrap();
    xls.flush().unwrap();
    let xls_path = t.path().join("hostile.xls");
    std::fs::write(&xls_path, xls.into_inner().into_inner()).unwrap();

    for (path, message) in [
        (
            &ods_path,
            "第1个工作表有数据位于 CU1000000，超过 200000 行或 256 列，拒绝读取：请删除远处的单元格，只保留需要导入的数据后另存",
        ),
        (
            &xls_path,
            "第1个工作表的数据区域（到 IV65536）达 16777216 个单元格，超过上限 2000000 个，拒绝读取：请只保留需要导入的数据后另存",
        ),
    ] {
        let (code, err, elapsed, rss_kib) = import_measured(&dir, path);
        assert_eq!(code, Some(1), "{err}");
        assert!(
            err.starts_with(&format!("{}: 错误：{message}", path.display())),
            "{err}"
        );
        assert!(
            elapsed.as_secs_f64() < 1.0,
            "{}: {elapsed:?}",
            path.display()
        );
        assert!(
            rss_kib < 100 * 1024,
            "{}: peak RSS {rss_kib} KiB",
            path.display()
        );
        assert_eq!(
            before,
            std::fs::read(&snapshot).unwrap(),
            "snapshot changed"
        );
    }
}

#[test]
fn the_key_is_made_once_outside_the_campaign_and_the_ledger_head_goes_on_paper() {
    let (_t, dir) = sample_copy("head");
    for period in ["2019-11", "2019-12"] {
        let o = tongbao(&dir, &["build", dir.to_str().unwrap(), "--period", period]);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    // A key inside the campaign folder is refused.
    let inside = dir.join("office.key");
    let o = tongbao(
        &dir,
        &[
            "publish",
            dir.to_str().unwrap(),
            "--period",
            "2019-11",
            "--key",
            inside.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!(
            "签名密钥文件 {} 不能放在活动文件夹或存档之中",
            inside.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(!inside.exists() && !dir.join("archive").exists());
    // The first publish makes the key and says how to keep it; the head goes on the index.
    let o = tongbao(
        &dir,
        &[
            "publish",
            dir.to_str().unwrap(),
            "--period",
            "2019-11",
            "--copies",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!(
            "已生成本办公室的签名密钥 {}：",
            test_key(&dir).display()
        )),
        "{}",
        stderr(&o)
    );
    let head = stdout(&o)
        .split("存档账本校验码 ")
        .nth(1)
        .map(|s| s[..9].to_string())
        .expect("the head is printed");
    let index = std::fs::read_to_string(dir.join("archive/index.md")).unwrap();
    assert!(
        index.contains(&format!("存档账本校验码：{head}（共 1 条记录")),
        "{index}"
    );
    // The next issue's register carries the head before it, and no new key is made.
    let o = tongbao(
        &dir,
        &[
            "publish",
            dir.to_str().unwrap(),
            "--period",
            "2019-12",
            "--copies",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        !stderr(&o).contains("已生成本办公室的签名密钥"),
        "{}",
        stderr(&o)
    );
    let register = std::fs::read_to_string(dir.join("archive/004_2019-12/分发登记.md")).unwrap();
    assert!(
        register.contains(&format!(
            "存档账本校验码（本期登记前）：{head}；签名密钥指纹："
        )),
        "{register}"
    );
}

#[test]
fn an_archive_from_before_the_ledger_is_adopted_by_its_next_publish() {
    let (_t, dir, archive) = two_published("adopt");
    // What an earlier tongbao left: no ledger, manifests without `sealed`.
    std::fs::remove_file(archive.join("ledger.jsonl")).unwrap();
    for issue in ["003_2019-11", "004_2019-12"] {
        edit(
            &archive.join(issue).join("manifest.json"),
            "  \"sealed\": true,\n",
            "",
        );
    }
    let o = tongbao(&dir, &["archive", "index", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (code, text) = verify(&dir, &archive);
    assert_eq!(code, Some(0), "{text}");
    // Its next publish records the earlier issues first, then its own.
    let o = tongbao(
        &dir,
        &["build", dir.to_str().unwrap(), "--period", "2019-10"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tongbao(
        &dir,
        &["publish", dir.to_str().unwrap(), "--period", "2019-10"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let ledger = std::fs::read_to_string(archive.join("ledger.jsonl")).unwrap();
    let lines: Vec<&str> = ledger.lines().collect();
    assert_eq!(lines.len(), 3, "{ledger}");
    assert!(
        lines[0].contains("\"folder\":\"003_2019-11\"") && lines[0].contains("\"adopted\":true")
    );
    assert!(
        lines[1].contains("\"folder\":\"004_2019-12\"") && lines[1].contains("\"adopted\":true")
    );
    assert!(!lines[2].contains("adopted"));
    let (code, text) = verify(&dir, &archive);
    assert_eq!(code, Some(0), "{text}");
}
