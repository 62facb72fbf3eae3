//! The PDF bulletin end to end, through the real binary: `tongbao build` writes a PDF that is
//! byte-identical from build to build, gives back its body text, runs the long variant's table
//! over several pages, and refuses a character no font has. Without poppler the text checks
//! are skipped, except under `CI=true`, where they fail.

mod common;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder under the system temp folder, unique to this test and process.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tongbao-pdf-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn tongbao(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .args(args)
        .output()
        .expect("run tongbao")
}

/// Builds `campaign` into `out` and returns the PDF's bytes.
fn build_pdf(campaign: &Path, out: &Path) -> Vec<u8> {
    let output = tongbao(&[
        "build".as_ref(),
        campaign.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read(out.join("bulletin.pdf")).expect("bulletin.pdf written")
}

/// Number of pages, read back with lopdf.
fn page_count(pdf: &[u8]) -> usize {
    lopdf::Document::load_mem(pdf)
        .expect("the PDF parses")
        .get_pages()
        .len()
}

#[test]
fn the_sample_gives_the_same_pdf_every_time_with_its_text() {
    let dir = temp_dir("sample");
    let campaign = root().join("sample-data/linyi-kindergarten");
    let first = build_pdf(&campaign, &dir.join("a"));
    let second = build_pdf(&campaign, &dir.join("b"));
    assert!(first.starts_with(b"%PDF-"), "not a PDF");
    assert!(page_count(&first) >= 3, "{} pages", page_count(&first));
    if first != second {
        let at = first.iter().zip(&second).position(|(a, b)| a != b);
        panic!(
            "two builds differ ({} and {} bytes, first difference at {at:?})",
            first.len(),
            second.len()
        );
    }
    if let Some(text) = common::pdftotext(&dir.join("a/bulletin.pdf"), &[]) {
        let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        for expected in [
            "全市共整治完成居住区配套幼儿园145处",
            "城镇居住区配套幼儿园专项整治工作通报",
            "临沂高新技术产业开发区",
            "2020年1月6日印发",
        ] {
            assert!(text.contains(expected), "missing “{expected}”");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_long_variant_checks_and_runs_its_table_over_several_pages() {
    let dir = temp_dir("long");
    let campaign = root().join("sample-data/long-variant");
    let check = tongbao(&["check".as_ref(), campaign.as_os_str()]);
    assert!(
        check.status.success(),
        "check failed: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let pdf = build_pdf(&campaign, &dir);
    assert!(page_count(&pdf) >= 5, "{} pages", page_count(&pdf));
    if let Some(text) = common::pdftotext(&dir.join("bulletin.pdf"), &[]) {
        // The header row is repeated on every page the table runs over.
        let pages_with_header = text
            .split('\u{c}')
            .filter(|page| page.contains("序号") && page.contains("完成率"))
            .count();
        assert!(
            pages_with_header >= 2,
            "table on {pages_with_header} page(s)"
        );
        assert!(text.contains("合计"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_character_no_font_has_is_an_error_naming_it() {
    let dir = temp_dir("glyph");
    let campaign = dir.join("campaign");
    std::fs::create_dir_all(campaign.join("snapshots")).expect("snapshots dir");
    let sample = root().join("sample-data/linyi-kindergarten");
    std::fs::copy(sample.join("campaign.yaml"), campaign.join("campaign.yaml"))
        .expect("copy campaign");
    for entry in std::fs::read_dir(sample.join("snapshots")).expect("read snapshots") {
        let path = entry.expect("snapshot").path();
        let mut text = std::fs::read_to_string(&path).expect("read snapshot");
        if path.ends_with("2019-12.yaml") {
            // U+20000 (CJK Extension B) is in none of the bundled Fandol fonts.
            text = text.replace("集中攻坚", "集中攻坚\u{20000}");
        }
        std::fs::write(
            campaign
                .join("snapshots")
                .join(path.file_name().expect("name")),
            text,
        )
        .expect("write snapshot");
    }
    let out = dir.join("out");
    let output = tongbao(&[
        "build".as_ref(),
        campaign.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--format".as_ref(),
        "pdf".as_ref(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("U+20000"), "{stderr}");
    assert!(stderr.contains("正文"), "{stderr}");
    assert!(!out.join("bulletin.pdf").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
