//! Chinese typography through the real binary: bold that closes after Chinese punctuation,
//! titles and table headers broken between words, and an HTML page that prints like the PDF.

mod common;

use std::path::Path;
use std::process::Command;

use common::{build_to, edit, render_md, sample_copy, stderr};

/// The PDF's text by `pdftotext -raw` (one line of the page per line, in reading order).
/// Without poppler the test is skipped, except under `CI=true`, where it fails.
fn pdftotext_raw(pdf: &Path) -> Option<String> {
    match Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!("pdftotext failed: {}", String::from_utf8_lossy(&out.stderr)),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "pdftotext is required under CI=true: {e}"
            );
            eprintln!("pdftotext is not installed: PDF text checks skipped");
            None
        }
    }
}

#[test]
fn bold_closes_after_chinese_punctuation_in_html_and_pdf() {
    let (tmp, campaign) = sample_copy("bold");
    // Written the usual Chinese way: the run closes after 。 with a character right after it.
    edit(
        &campaign.join("snapshots/2019-12.yaml"),
        "\"严格督导问责。市整治办",
        "\"**严格督导问责。**市整治办",
    );
    let out = tmp.path().join("built");
    let o = build_to(tmp.path(), &campaign, &out, "md,html,pdf");
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(out.join("bulletin.html")).expect("html");
    assert!(
        html.contains("<strong>严格督导问责。</strong>市整治办"),
        "no bold in the HTML"
    );
    assert!(!html.contains("**"), "asterisks printed in the HTML");
    if let Some(text) = pdftotext_raw(&out.join("bulletin.pdf")) {
        let flat: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(flat.contains("严格督导问责。市整治办"), "{flat}");
        assert!(!flat.contains('*'), "asterisks printed in the PDF");
    }

    // An edited bulletin.md gets the same.
    let md = out.join("bulletin.md");
    edit(&md, "巩固整治成果。", "**巩固整治成果。**");
    let again = tmp.path().join("again");
    let o = render_md(tmp.path(), &md, "html,pdf", &again);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(again.join("bulletin.html")).expect("html");
    assert!(html.contains("<strong>巩固整治成果。</strong>"), "no bold");
    assert!(!html.contains("**"));
    if let Some(text) = pdftotext_raw(&again.join("bulletin.pdf")) {
        assert!(!text.contains('*'), "asterisks printed in the PDF");
    }
    drop(tmp);
}
