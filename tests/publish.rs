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

/// What a revision says on its face: 第4期（修订2） in the header and the note under the title.
const REVISION_LABEL: &str = "第4期（修订2）";
const REVISION_NOTE: &str = "（此件为第4期修订稿，此前印发的第4期作废，以此件为准）";

#[test]
fn a_revision_is_marked_in_every_format_and_in_the_index() {
    let (_t, dir) = sample_copy("revision-mark");
    let archive = dir.join("archive");
    assert!(publish(&dir, &[]).status.success());
    // The draft built for a published period is the revision already.
    let o = publish(&dir, &["--revise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let (original, revised) = (archive.join("004_2019-12"), archive.join("004_2019-12_r2"));
    let md = std::fs::read_to_string(revised.join("bulletin.md")).unwrap();
    assert!(
        md.contains(&format!(
            "issue: 4\nrevision: 2   # {REVISION_LABEL}：修订版，标题下注明此前印发的第4期作废\n"
        )),
        "{md}"
    );
    let html = std::fs::read_to_string(revised.join("bulletin.html")).unwrap();
    assert!(html.contains(&format!("<p class=\"issue-number\">{REVISION_LABEL}</p>")));
    assert!(html.contains(&format!(
        "</h2>\n<p class=\"revision-note\">{REVISION_NOTE}</p>"
    )));
    let docx = zip_entry(&revised.join("bulletin.docx"), "word/document.xml");
    assert!(docx.contains(REVISION_LABEL) && docx.contains(REVISION_NOTE));
    if let Some(text) = pdftotext(&revised.join("bulletin.pdf"), &["-l", "1"]) {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        // The 期号 line, then the title, then the note, then the 主送.
        let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} not in {text}"));
        assert!(at(REVISION_LABEL) < at("关于2019年12月份"));
        assert!(at("进展情况的通报") < at(REVISION_NOTE));
        assert!(at(REVISION_NOTE) < at("各县区党委"));
    }
    // The original says nothing of it, in any format.
    for file in ["bulletin.md", "bulletin.html"] {
        let text = std::fs::read_to_string(original.join(file)).unwrap();
        assert!(
            !text.contains(REVISION_NOTE)
                && !text.contains("（修订")
                && !text.contains("revision:"),
            "{file}"
        );
    }
    let docx = zip_entry(&original.join("bulletin.docx"), "word/document.xml");
    assert!(!docx.contains("修订"));
    // The index lists the revision under its label, the original beside it.
    let index = std::fs::read_to_string(archive.join("index.md")).unwrap();
    assert!(
        index.contains(&format!("| {REVISION_LABEL} | 2019-12 |")),
        "{index}"
    );
    let index = std::fs::read_to_string(archive.join("index.html")).unwrap();
    assert!(index.contains(REVISION_LABEL), "{index}");
    assert!(verify(&archive).status.success());
}

#[test]
fn a_draft_edited_before_the_first_publication_must_say_it_is_the_revision() {
    let (_t, dir) = sample_copy("revision-unmarked");
    let archive = dir.join("archive");
    build(&dir, None);
    let draft = dir.join("out/2019-12/bulletin.md");
    // A first publication marked as a revision is refused.
    edit(&draft, "issue: 4\n", "issue: 4\nrevision: 2\n");
    let o = publish_draft(&dir, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(
            "错误：草稿标为修订版（revision: 2），但第4期尚未发布过：请删去 bulletin.md 开头的 revision 一行\n"
        ),
        "{}",
        stderr(&o)
    );
    assert!(!archive.exists());
    edit(&draft, "issue: 4\nrevision: 2\n", "issue: 4\n");
    assert!(publish_draft(&dir, &[]).status.success());
    // The office corrects the wording of the draft it published and publishes it again.
    edit(&draft, "取得阶段性成效", "取得了阶段性成效");
    let before = file_tree(&archive);
    let o = publish_draft(&dir, &["--revise"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).starts_with(&format!(
            "错误：第4期已经发布过，这次发布的是修订版“{REVISION_LABEL}”，但草稿没有标明：请在 bulletin.md 开头 issue 一行下面加上一行 revision: 2（版头期号印为“{REVISION_LABEL}”，标题下注明此前印发的第4期作废），或重新运行 tongbao build 生成修订版草稿\n"
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(before, file_tree(&archive), "archive bytes changed");
    // Marked by hand, it is published as the revision, with the mark.
    edit(&draft, "issue: 4\n", "issue: 4\nrevision: 2\n");
    let o = publish_draft(&dir, &["--revise"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(archive.join("004_2019-12_r2/bulletin.html")).unwrap();
    assert!(html.contains(REVISION_NOTE) && html.contains("取得了阶段性成效"));
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
    assert_eq!(lines[0], "份号,类别,收文单位,份数,签收");
    assert_eq!(lines[1], "000001,报,市委常委,1,");
    assert_eq!(lines[5], "000005,发,各县区党委、政府主要负责人,1,");
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
    assert!(csv.contains("000006,报,市委常委,1,"), "{csv}");
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
