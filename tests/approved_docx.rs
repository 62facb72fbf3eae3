//! The leader approves in WPS: `publish --draft bulletin.docx` reads the edited DOCX back as the
//! draft's `bulletin.md` and publishes what was approved, reviewed like an edited Markdown draft.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    SAMPLE, SAMPLE_TOILETS, TempDir, available, copy_dir, file_tree, pdftotext, stderr, tongbao,
};

fn long_variant() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/long-variant")
}

/// A copy of `sample` at `<tmp>/c` with its draft built into `<tmp>/d`.
fn drafted(sample: &Path, grid: &str, label: &str) -> (TempDir, PathBuf, PathBuf) {
    let tmp = TempDir::new(label);
    let campaign = tmp.path().join("c");
    copy_dir(sample, &campaign);
    let draft = tmp.path().join("d");
    let o = tongbao(
        tmp.path(),
        &["build", "c", "--out", "d", "--docx-grid", grid],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    (tmp, campaign, draft)
}

fn publish(tmp: &Path, docx: &str) -> std::process::Output {
    tongbao(
        tmp,
        &["publish", "c", "--draft", docx, "--archive", "archive"],
    )
}

/// The one published folder's `bulletin.md`.
fn published_md(tmp: &Path) -> (PathBuf, String) {
    let folder = std::fs::read_dir(tmp.join("archive"))
        .expect("archive")
        .map(|e| e.expect("entry").path())
        .find(|p| p.is_dir())
        .expect("a published folder");
    let md = std::fs::read_to_string(folder.join("bulletin.md")).expect("bulletin.md");
    (folder, md)
}

/// The parts of the ZIP `bytes`, in order.
fn parts_of(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut data = Vec::new();
            f.read_to_end(&mut data).expect("read");
            (f.name().expect("name").into_owned(), data)
        })
        .collect()
}

fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut w = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            w.start_file(name.as_str(), options).expect("start");
            w.write_all(data).expect("write");
        }
        w.finish().expect("finish");
    }
    out.into_inner()
}

/// `docx` with `word/document.xml` changed by `change`, written to `to`.
fn edit_document_xml(docx: &Path, to: &Path, change: impl Fn(String) -> String) {
    let mut parts = parts_of(&std::fs::read(docx).expect("docx"));
    for (name, data) in &mut parts {
        if name == "word/document.xml" {
            let xml = String::from_utf8(std::mem::take(data)).expect("utf-8");
            *data = change(xml).into_bytes();
        }
    }
    std::fs::write(to, zip_of(&parts)).expect("write docx");
}

/// The `w:p` element of `xml` holding `text`.
fn paragraph_with(xml: &str, text: &str) -> (usize, usize) {
    let at = xml
        .find(text)
        .unwrap_or_else(|| panic!("{text} not in the DOCX"));
    let start = xml[..at].rfind("<w:p>").expect("paragraph start");
    let end = at + xml[at..].find("</w:p>").expect("paragraph end") + "</w:p>".len();
    (start, end)
}

/// Text as WPS writes it after an edit: split into runs with revision-save ids, a proofing
/// mark and a bookmark between them, the paragraph indented with full-width spaces.
fn wps_runs(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (i, piece) in chars.chunks(5).enumerate() {
        let piece: String = piece.iter().collect();
        out.push_str(&format!(
            "<w:r w:rsidR=\"00{i:02}A1B2\" w:rsidRPr=\"00C3D4E5\"><w:rPr><w:rFonts w:hint=\"eastAsia\"/><w:position w:val=\"15\"/></w:rPr><w:t xml:space=\"preserve\">{piece}</w:t></w:r>"
        ));
        if i == 1 {
            out.push_str("<w:proofErr w:type=\"gramStart\"/><w:bookmarkStart w:id=\"9\" w:name=\"_GoBack\"/><w:bookmarkEnd w:id=\"9\"/>");
        }
    }
    out
}

#[test]
fn an_unchanged_docx_publishes_the_drafts_markdown_byte_for_byte() {
    for (sample, label) in [
        (PathBuf::from(SAMPLE), "linyi"),
        (PathBuf::from(SAMPLE_TOILETS), "dongyi"),
        (long_variant(), "long"),
    ] {
        for grid in ["portable", "word"] {
            let (tmp, _, draft) = drafted(&sample, grid, &format!("approved-same-{label}"));
            let md = std::fs::read_to_string(draft.join("bulletin.md")).expect("md");
            let o = publish(tmp.path(), "d/bulletin.docx");
            assert!(o.status.success(), "{label} {grid}: {}", stderr(&o));
            let (_, published) = published_md(tmp.path());
            assert!(
                published == md,
                "{label} {grid}: the published bulletin.md differs"
            );
        }
    }
}

/// The DOCX as LibreOffice saves it (re-serialised: its own style ids, rsids, run splits).
fn through_libreoffice(docx: &Path, work: &Path) -> PathBuf {
    let out = work.join("lo");
    let o = Command::new("soffice")
        .env(
            "FONTCONFIG_FILE",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/fontconfig/fonts.conf"),
        )
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.join("lo-profile").display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&out)
        .arg(docx)
        .output()
        .expect("run soffice");
    let saved = out.join(docx.file_name().expect("name"));
    assert!(
        o.status.success() && saved.is_file(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    saved
}

const OPENING_OLD: &str = "整治工作取得阶段性成效。";
const OPENING_NEW: &str = "整治工作取得明显成效。";
const DELETED: &str = "市整治办对各县区12月份工作进展情况进行了调度。";
const INSTRUCTION: &str = "市领导批示：请各县区对照排名查找差距，确保整治到位。";

/// The three edits a leader makes in WPS, as WPS writes them: a changed sentence and a deleted
/// one in the opening paragraph (its runs split), a new paragraph with a 批示 after it.
fn leaders_edits(xml: String) -> String {
    let (start, end) = paragraph_with(&xml, OPENING_OLD);
    let old = &xml[start..end];
    let text_at = old.find("<w:r>").expect("run");
    let props = &old[..text_at];
    let opening = "2019年12月份，各县区认真落实市委、市政府部署，坚持问题导向，集中攻坚，整治工作取得阶段性成效。市整治办对各县区12月份工作进展情况进行了调度。现将有关情况通报如下：";
    let edited = opening
        .replace(OPENING_OLD, OPENING_NEW)
        .replace(DELETED, "");
    let paragraph = format!(
        "{}{}</w:p>",
        props.replacen(
            "<w:p>",
            "<w:p w:rsidR=\"00A1B2C3\" w:rsidRDefault=\"00D4E5F6\">",
            1
        ),
        wps_runs(&format!("\u{3000}\u{3000}{edited}"))
    );
    let instruction = format!(
        "<w:p w:rsidR=\"00F1F2F3\"><w:pPr><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr></w:pPr>{}</w:p>",
        wps_runs(INSTRUCTION)
    );
    format!("{}{paragraph}{instruction}{}", &xml[..start], &xml[end..])
}

#[test]
fn edits_made_in_wps_and_saved_by_libreoffice_arrive_in_every_archived_format() {
    if !available("soffice", &["--version"]) {
        return;
    }
    let (tmp, _, draft) = drafted(Path::new(SAMPLE), "portable", "approved-edited");
    let md = std::fs::read_to_string(draft.join("bulletin.md")).expect("md");
    let edited = tmp.path().join("edited.docx");
    edit_document_xml(&draft.join("bulletin.docx"), &edited, leaders_edits);
    let saved = through_libreoffice(&edited, tmp.path());
    let approved = draft.join("approved.docx");
    std::fs::copy(&saved, &approved).expect("copy");
    let o = publish(tmp.path(), "d/approved.docx");
    assert!(o.status.success(), "{}", stderr(&o));
    let (folder, published) = published_md(tmp.path());
    // Exactly the three edits, nothing else: the rest of bulletin.md byte for byte.
    let expected = md
        .replacen(OPENING_OLD, OPENING_NEW, 1)
        .replacen(DELETED, "", 1)
        .replacen(
            "现将有关情况通报如下：\n",
            &format!("现将有关情况通报如下：\n\n{INSTRUCTION}\n"),
            1,
        );
    assert_ne!(expected, md);
    assert!(
        published == expected,
        "published:\n{published}\nexpected:\n{expected}"
    );
    // In every archived format.
    let html = std::fs::read_to_string(folder.join("bulletin.html")).expect("html");
    assert!(html.contains(INSTRUCTION) && html.contains(OPENING_NEW) && !html.contains(DELETED));
    let docx_xml = parts_of(&std::fs::read(folder.join("bulletin.docx")).expect("docx"))
        .into_iter()
        .find(|(n, _)| n == "word/document.xml")
        .map(|(_, d)| String::from_utf8(d).expect("utf-8"))
        .expect("document.xml");
    assert!(docx_xml.contains(INSTRUCTION) && docx_xml.contains(OPENING_NEW));
    assert!(!docx_xml.contains(DELETED));
    if let Some(text) = pdftotext(&folder.join("bulletin.pdf"), &[]) {
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains(INSTRUCTION), "{flat}");
        assert!(flat.contains(OPENING_NEW) && !flat.contains(DELETED));
    }
}

#[test]
fn an_unresolved_tracked_change_is_refused_and_nothing_is_written() {
    let (tmp, _, draft) = drafted(Path::new(SAMPLE), "portable", "approved-tracked");
    edit_document_xml(
        &draft.join("bulletin.docx"),
        &draft.join("approved.docx"),
        |xml| {
            xml.replacen(
            "整治工作取得阶段性成效。",
            "整治工作取得阶段性成效。</w:t></w:r><w:ins w:id=\"7\" w:author=\"领导\" w:date=\"2020-01-05T09:00:00Z\"><w:r><w:t>成绩来之不易。</w:t></w:r></w:ins><w:r><w:t>",
            1,
        )
        },
    );
    let before = file_tree(tmp.path());
    let o = publish(tmp.path(), "d/approved.docx");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("文件中还有未处理的修订（第1处：第")
            && e.contains("插入“成绩来之不易。”；共1处），请在 WPS 中接受或拒绝全部修订后再导入"),
        "{e}"
    );
    assert!(e.contains("approved.docx"), "{e}");
    assert_eq!(file_tree(tmp.path()), before);
}

#[test]
fn a_changed_figure_is_refused_by_the_review() {
    let (tmp, _, draft) = drafted(Path::new(SAMPLE), "portable", "approved-figure");
    edit_document_xml(
        &draft.join("bulletin.docx"),
        &draft.join("approved.docx"),
        |xml| {
            let changed = xml.replacen("幼儿园145处", "幼儿园154处", 1);
            assert_ne!(changed, xml);
            changed
        },
    );
    let before = file_tree(tmp.path());
    let o = publish(tmp.path(), "d/approved.docx");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("154") && e.contains("与数据不符：合计的完成数为 145处"),
        "{e}"
    );
    assert_eq!(file_tree(tmp.path()), before);
}

#[test]
fn an_edited_header_or_colophon_is_refused_naming_the_data() {
    let (tmp, _, draft) = drafted(Path::new(SAMPLE), "portable", "approved-header");
    edit_document_xml(
        &draft.join("bulletin.docx"),
        &draft.join("approved.docx"),
        |xml| xml.replacen("第4期", "第5期", 1),
    );
    let o = publish(tmp.path(), "d/approved.docx");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("版头的文字改动过"), "{}", stderr(&o));
    edit_document_xml(
        &draft.join("bulletin.docx"),
        &draft.join("approved.docx"),
        |xml| {
            xml.replacen(
                "现将有关情况通报如下：</w:t></w:r>",
                "现将有关情况通报如下：</w:t></w:r><w:r><w:drawing/></w:r>",
                1,
            )
        },
    );
    let o = publish(tmp.path(), "d/approved.docx");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("有图片或图形"), "{}", stderr(&o));
}

#[test]
fn hostile_docx_files_are_refused_fast_with_the_archive_unchanged() {
    let (tmp, _, draft) = drafted(Path::new(SAMPLE), "portable", "approved-hostile");
    // An archive with an issue in it already.
    let o = tongbao(
        tmp.path(),
        &["build", "c", "--period", "2019-11", "--out", "d11"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let o = tongbao(
        tmp.path(),
        &[
            "publish",
            "c",
            "--period",
            "2019-11",
            "--draft",
            "d11",
            "--archive",
            "archive",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let archive = file_tree(&tmp.path().join("archive"));
    let parts = parts_of(&std::fs::read(draft.join("bulletin.docx")).expect("docx"));
    let with_document = |xml: Vec<u8>| {
        let mut p = parts.clone();
        for (name, data) in &mut p {
            if name == "word/document.xml" {
                *data = xml.clone();
            }
        }
        zip_of(&p)
    };
    let w = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        // 48 MB of one byte, packed into about 50 KB.
        (
            "bomb",
            with_document(vec![b' '; 48 * 1024 * 1024]),
            "ZIP 炸弹",
        ),
        (
            "deep",
            with_document(
                format!("<w:document {w}><w:body>{}", "<w:sdt>".repeat(100_000)).into_bytes(),
            ),
            "嵌套超过",
        ),
        (
            "entity",
            with_document(
                format!("<!DOCTYPE w:document [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document {w}><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>").into_bytes(),
            ),
            "DTD",
        ),
        ("garbage", b"PK\x03\x04garbage".to_vec(), "ZIP 结构损坏"),
        ("huge", vec![0u8; 17 * 1024 * 1024], "超过上限 16 MB"),
    ];
    for (name, bytes, says) in cases {
        let file = format!("d/{name}.docx");
        std::fs::write(tmp.path().join(&file), &bytes).expect("write");
        let o = publish(tmp.path(), &file);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{name}: {}", stderr(&o));
        assert_eq!(file_tree(&tmp.path().join("archive")), archive, "{name}");
    }
}
