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
