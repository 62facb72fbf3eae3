//! Publishing: numbering, refusal, revisions, verification, copies, and crash safety. Every
//! publish archives a draft `build` wrote first (in `<campaign>/out/<period>`, the default
//! draft folder when run from the campaign folder).

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

/// Builds the draft of `period` (default: the latest) into `<dir>/out/<period>`.
fn build(dir: &Path, period: Option<&str>) {
    let mut args = vec!["build", dir.to_str().unwrap()];
    if let Some(p) = period {
        args.extend(["--period", p]);
    }
    let o = tongbao(dir, &args);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Publishes the draft already built.
fn publish_draft(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["publish", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    tongbao(dir, &args)
}

/// Builds the draft of the period `extra` names (`--period P`, else the latest), then publishes it.
fn publish(dir: &Path, extra: &[&str]) -> std::process::Output {
    let period = extra
        .iter()
        .position(|a| *a == "--period")
        .map(|i| extra[i + 1]);
    build(dir, period);
    publish_draft(dir, extra)
}

fn verify(archive: &Path) -> std::process::Output {
    tongbao(
        archive.parent().unwrap(),
        &["archive", "verify", "--archive", archive.to_str().unwrap()],
    )
}

#[test]
fn issues_are_numbered_in_order_and_indexed() {
    let (_t, dir) = sample_copy("numbering");
    let archive = dir.join("archive");
    let o = publish(&dir, &["--period", "2019-11"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已发布 第3期（2019-11）"),
        "{}",
        stdout(&o)
    );
    let o = publish(&dir, &["--period", "2019-12"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已发布 第4期（2019-12）"),
        "{}",
        stdout(&o)
    );

    let md = std::fs::read_to_string(archive.join("004_2019-12/bulletin.md")).unwrap();
    assert!(
        md.contains("issue: 4"),
        "the published number is in the header"
    );
    for f in [
        "bulletin.md",
        "bulletin.html",
        "figures.json",
        "manifest.json",
        "inputs/campaign.yaml",
        "inputs/snapshots/2019-12.yaml",
        "inputs/snapshots/2019-11.yaml",
    ] {
        assert!(archive.join("004_2019-12").join(f).is_file(), "{f}");
    }
    assert_eq!(
        std::fs::read(archive.join("004_2019-12/inputs/snapshots/2019-12.yaml")).unwrap(),
        std::fs::read(dir.join("snapshots/2019-12.yaml")).unwrap(),
        "inputs are frozen byte for byte"
    );
    let index = std::fs::read_to_string(archive.join("index.md")).unwrap();
    assert!(
        index.contains("| 第3期 | 2019-11 |") && index.contains("| 第4期 | 2019-12 |"),
        "{index}"
    );
    assert!(
        index.contains("| 平邑县 | 38.5% ▼ | 46.2% ▼ | **2期** |"),
        "{index}"
    );
    assert!(
        index.contains("| 蒙阴县 | 100.0% | 100.0% | — |"),
        "{index}"
    );
    assert!(
        std::fs::read_to_string(archive.join("index.html"))
            .unwrap()
            .contains("<td class=\"num run2\">2期</td>")
    );

    let o = tongbao(&dir, &["archive", "list", dir.to_str().unwrap()]);
    assert!(o.status.success());
    let list = stdout(&o);
    assert!(list.contains("第3期\t2019-11\t2019年12月5日"), "{list}");
    assert!(
        list.contains("整治完成居住区配套幼儿园145处，占整治计划的61%"),
        "{list}"
    );

    let o = verify(&archive);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("存档完好"));
}

#[test]
fn publishing_a_period_again_is_refused_and_changes_nothing() {
    let (_t, dir) = sample_copy("duplicate");
    let archive = dir.join("archive");
    assert!(publish(&dir, &[]).status.success());
    let before = file_tree(&archive);
    let o = publish_draft(&dir, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("已经发布为第4期"), "{}", stderr(&o));
    assert!(stderr(&o).contains("004_2019-12"), "{}", stderr(&o));
    assert_eq!(before, file_tree(&archive), "archive bytes changed");
}

#[test]
fn revise_adds_a_revision_beside_the_original() {
    let (_t, dir) = sample_copy("revise");
    let archive = dir.join("archive");
    assert!(publish(&dir, &[]).status.success());
    let original = file_tree(&archive.join("004_2019-12"));
    edit(
        &dir.join("snapshots/2019-12.yaml"),
        "部分已整治幼儿园办园质量有待提升",
        "部分已整治幼儿园办园质量和安全管理有待提升",
    );
    let o = publish(&dir, &["--revise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("第4期（修订2）"), "{}", stdout(&o));
    assert_eq!(
        original,
        file_tree(&archive.join("004_2019-12")),
        "the original is untouched"
    );
    let revised = std::fs::read_to_string(archive.join("004_2019-12_r2/bulletin.md")).unwrap();
    assert!(revised.contains("安全管理"));
    let index = std::fs::read_to_string(archive.join("index.md")).unwrap();
    assert!(index.contains("第4期（修订2）"), "{index}");
    assert!(index.contains("[原版](004_2019-12/bulletin.md)"), "{index}");
    // --revise of an unpublished period is refused.
    let o = publish_draft(&dir, &["--period", "2019-10", "--revise"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(verify(&archive).status.success());
}

#[test]
fn verify_names_changed_missing_and_extra_files() {
    let (_t, dir) = sample_copy("verify");
    let archive = dir.join("archive");
    assert!(publish(&dir, &[]).status.success());
    let issue = archive.join("004_2019-12");

    let html = issue.join("bulletin.html");
    let mut bytes = std::fs::read(&html).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&html, &bytes).unwrap();
    let o = verify(&archive);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("bulletin.html：内容已被修改"),
        "{}",
        stderr(&o)
    );
    bytes[100] ^= 1;
    std::fs::write(&html, &bytes).unwrap();
    assert!(verify(&archive).status.success());

    std::fs::remove_file(issue.join("figures.json")).unwrap();
    let o = verify(&archive);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("figures.json：文件缺失"),
        "{}",
        stderr(&o)
    );

    std::fs::write(issue.join("notes.txt"), "extra").unwrap();
    let o = verify(&archive);
    assert!(stderr(&o).contains("notes.txt：多余文件"), "{}", stderr(&o));
}

#[test]
fn copies_are_numbered_per_recipient_with_a_register() {
    let (_t, dir) = sample_copy("copies");
    let archive = dir.join("archive");
    let o = publish(&dir, &["--copies"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let issue = archive.join("004_2019-12");
    let csv = std::fs::read_to_string(issue.join("分发登记.csv")).unwrap();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines[0], "份号,类别,收文单位,文件");
    assert_eq!(lines[1], "000001,报,市委常委,copies/000001.pdf");
    assert_eq!(
        lines[5],
        "000005,发,各县区党委、政府主要负责人,copies/000005.pdf"
    );
    assert_eq!(lines.len(), 6);
    for n in 1..=5 {
        let pdf = std::fs::read(issue.join(format!("copies/{n:06}.pdf"))).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "copy {n} is a PDF");
    }
    if let Some(text) = common::pdftotext(&issue.join("copies/000003.pdf"), &["-l", "1"]) {
        assert!(text.contains("000003"), "份号 printed on page 1");
    }
    // A revision with copies continues the numbering: copy numbers of an issue never repeat.
    let o = publish(&dir, &["--copies", "--revise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let csv = std::fs::read_to_string(archive.join("004_2019-12_r2/分发登记.csv")).unwrap();
    assert!(csv.contains("000006,报,市委常委"), "{csv}");
    assert!(verify(&archive).status.success());
}

/// Moments at which `publish` is killed, spread over its whole run.
const STEPS: u64 = 24;

#[test]
fn killing_publish_at_any_moment_leaves_a_valid_archive() {
    let (_t, dir) = sample_copy("crash");
    let archive = dir.join("archive");
    // A full publish with copies, timed, sets the range of moments to kill at.
    let started = std::time::Instant::now();
    assert!(
        publish(&dir, &["--period", "2019-11", "--copies"])
            .status
            .success()
    );
    let full = started.elapsed();
    build(&dir, Some("2019-12"));
    // The archive before each try: a finished publish is undone by restoring it (removing the
    // folder would not do: the signed ledger keeps the number taken).
    let saved = dir.parent().unwrap().join("archive-before");
    copy_dir(&archive, &saved);
    let mut completed = 0;
    for step in 0..STEPS {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tongbao"))
            .args([
                "publish",
                dir.to_str().unwrap(),
                "--period",
                "2019-12",
                "--copies",
            ])
            .env("TONGBAO_KEY", test_key(&dir))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // From immediately to 20% past a full publish's duration.
        std::thread::sleep(full.mul_f64(1.2 * step as f64 / (STEPS - 1) as f64));
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let o = verify(&archive);
        assert!(
            o.status.success(),
            "after a kill at step {step}: {}{}",
            stdout(&o),
            stderr(&o)
        );
        let published = archive.join("004_2019-12").is_dir();
        if status.success() || published {
            completed += 1;
            // It is wholly there; undo it to try the next moment.
            assert!(archive.join("004_2019-12/manifest.json").is_file());
            std::fs::remove_dir_all(&archive).unwrap();
            copy_dir(&saved, &archive);
        }
    }
    // After all the kills, the next publish takes the same number.
    let o = publish_draft(&dir, &["--period", "2019-12"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("第4期"), "{}", stdout(&o));
    assert!(verify(&archive).status.success());
    eprintln!("{completed} of {STEPS} killed publishes had finished (full publish: {full:?})");
    assert!(completed < STEPS, "no kill landed inside a publish");
}

#[test]
fn concurrent_publishes_never_share_a_number() {
    let (_t, dir) = sample_copy("concurrent");
    let periods = ["2019-10", "2019-11", "2019-12"];
    for p in periods {
        build(&dir, Some(p));
    }
    let children: Vec<_> = periods
        .iter()
        .map(|p| {
            Command::new(env!("CARGO_BIN_EXE_tongbao"))
                .args(["publish", dir.to_str().unwrap(), "--period", p])
                .current_dir(&dir)
                .env("TONGBAO_KEY", test_key(&dir))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut published = 0;
    for c in children {
        let o = c.wait_with_output().unwrap();
        if o.status.success() {
            published += 1;
        } else {
            // Drafts numbered before another publish took the number are refused, saying why.
            assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
            let e = stderr(&o);
            assert!(
                e.contains("发布时应为第") || e.contains("发生了变化"),
                "{e}"
            );
        }
    }
    assert!(published >= 1);
    let o = tongbao(&dir, &["archive", "list", dir.to_str().unwrap()]);
    let list = stdout(&o);
    assert_eq!(list.lines().count(), published, "{list}");
    let mut numbers: Vec<&str> = list
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), published, "{list}");
    assert!(verify(&dir.join("archive")).status.success());
}
