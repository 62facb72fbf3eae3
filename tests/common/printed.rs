//! Text read back from printed PDFs (ours and Chromium's): `pdftotext -raw`, and the check
//! that a text set over several lines breaks only between words.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The PDF's text by `pdftotext -raw` (one line of the page per line, in reading order).
/// Without poppler the test is skipped, except under `CI=true`, where it fails.
pub fn pdftotext_raw(pdf: &Path) -> Option<String> {
    super::pdftotext(pdf, &["-raw"])
}

/// Every way `text` is set over consecutive pieces of `pieces` (the PDF's lines cut at
/// spaces): the lengths of the pieces, for each occurrence.
fn settings(pieces: &[&str], text: &str) -> Vec<Vec<usize>> {
    let mut found = Vec::new();
    for start in 0..pieces.len() {
        let mut joined = String::new();
        let mut lens = Vec::new();
        for piece in &pieces[start..] {
            joined.push_str(piece);
            lens.push(piece.len());
            if !text.starts_with(joined.as_str()) {
                break;
            }
            if joined == text {
                found.push(lens.clone());
                break;
            }
        }
    }
    found
}

/// Asserts that `text` appears in `pieces` and that every line break inside it falls between
/// two words.
pub fn assert_broken_between_words(pieces: &[&str], text: &str, what: &str) {
    // The pieces hold no spaces: neither does the text they are matched against.
    let text: String = text.chars().filter(|c| *c != ' ').collect();
    let text = text.as_str();
    let found = settings(pieces, text);
    assert!(!found.is_empty(), "{what} “{text}” not found in the PDF");
    let allowed = tongbao::segment::breaks(text);
    for lens in found {
        let mut at = 0;
        for len in &lens[..lens.len() - 1] {
            at += len;
            assert!(
                allowed.contains(&at),
                "{what} “{text}” broken inside a word: “{}／{}”",
                &text[..at],
                &text[at..]
            );
        }
    }
}

/// Asserts that wherever `text` is set over several pieces of `pieces`, its last line holds
/// more than one character (no character or mark alone at the end of a header cell).
pub fn assert_no_lone_end(pieces: &[&str], text: &str, what: &str) {
    let text: String = text.chars().filter(|c| *c != ' ').collect();
    for lens in settings(pieces, &text) {
        let last = lens.last().copied().unwrap_or(0);
        let tail = &text[text.len() - last..];
        assert!(
            lens.len() == 1 || tail.chars().count() > 1,
            "{what} “{text}” ends with “{tail}” alone on its line"
        );
    }
}

/// The lines of `pdftotext -raw` text: a form feed (a new page) ends a line too.
fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split(['\n', '\x0c']).map(|l| l.trim_end_matches('\r'))
}

/// The pieces of a page of `pdftotext -raw` text: its lines cut at spaces.
pub fn pieces(page: &str) -> Vec<String> {
    raw_lines(page)
        .flat_map(|l| l.split(' '))
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// [`pieces`] of a word processor's print, where a space between a Latin letter or digit and a
/// Chinese character is not cut at: it is the gap the word processor puts there (LibreOffice's
/// autospacing, `2019 年`), not a space of the text. (A space of the text there, as between an
/// office and its date, is lost: use [`pieces`] for prints without autospacing.)
pub fn autospaced_pieces(page: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in raw_lines(page) {
        let mut line_pieces: Vec<String> = Vec::new();
        for p in line.split(' ').filter(|p| !p.is_empty()) {
            let joins = |a: char, b: char| {
                a.is_ascii_alphanumeric() != b.is_ascii_alphanumeric()
                    && !a.is_ascii_punctuation()
                    && !b.is_ascii_punctuation()
            };
            match line_pieces.last_mut() {
                Some(last)
                    if last
                        .chars()
                        .last()
                        .zip(p.chars().next())
                        .is_some_and(|(a, b)| joins(a, b)) =>
                {
                    last.push_str(p)
                }
                _ => line_pieces.push(p.to_string()),
            }
        }
        out.extend(line_pieces);
    }
    out
}

/// Converts `docx` to PDF with LibreOffice (fonts mapped to Fandol by the repository's
/// fontconfig file); returns the PDF's path.
pub fn soffice_pdf(docx: &Path, out: &Path) -> PathBuf {
    let profile = out.join("lo-profile");
    let o = Command::new("soffice")
        .env(
            "FONTCONFIG_FILE",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/fontconfig/fonts.conf"),
        )
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            // Keep the blank page an even-page section break inserts before the 版记.
            r#"pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}"#,
            "--outdir",
        ])
        .arg(out)
        .arg(docx)
        .output()
        .expect("run soffice");
    let pdf = out.join("bulletin.pdf");
    assert!(
        o.status.success() && pdf.is_file(),
        "soffice failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    pdf
}

/// Prints `html` to a PDF beside it with headless Chromium, A4 as the page's `@page` asks,
/// no browser header or footer; returns the PDF's path.
pub fn chromium_pdf(html: &Path) -> PathBuf {
    let pdf = html.with_extension("chromium.pdf");
    let profile = html.with_extension("profile");
    let o = Command::new("chromium")
        .env(
            "FONTCONFIG_FILE",
            Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/fontconfig/fonts.conf"),
        )
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run chromium");
    assert!(
        o.status.success() && pdf.is_file(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(profile);
    pdf
}
