//! Landscape attachments (横排, GB/T 9704-2012 §10) on a campaign of another field written only
//! from docs/input-format.md: winter clean heating counted in six kinds of heating, so its
//! ranking table has sixteen columns, too wide for 小五 in portrait. Its attachment is set on
//! turned pages in the PDF (the page stays A4 portrait, the table's top on the left edge, the
//! page number upright), in a landscape section in the DOCX and on `@page turned` pages in
//! the HTML print; the body and the 版记 stay portrait. The two-part campaign stays portrait.

mod common;

use std::path::Path;

use common::gbt9704::{check, checker_available};
use common::other_field::{heating, heating_with_parts};
use common::printed::{chromium_pdf, soffice_pdf};
use common::{TempDir, available, stderr, tongbao};

const SIX: [(&str, &str); 6] = [
    ("power", "煤改电"),
    ("gas", "煤改气"),
    ("both", "拆改结合"),
    ("biomass", "生物质取暖"),
    ("geo", "地热能取暖"),
    ("solar", "太阳能取暖"),
];

/// The attachment's title: the turned pages are found by it.
const TITLE: &str = "各县（市、区）冬季清洁取暖改造攻坚进展情况排名表";

/// Builds the campaign in `dir` into `dir/out`, every default format.
fn build(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("out");
    let o = tongbao(
        dir,
        &["build", dir.to_str().expect("utf-8"), "--out", "out"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

/// Per page of `pdf`: whether its content is turned (the quarter turn the writer puts first),
/// its size in points, and its content stream.
fn pdf_pages(pdf: &Path) -> Vec<(bool, (f32, f32), String)> {
    let doc = lopdf::Document::load(pdf).expect("a PDF");
    doc.get_pages()
        .values()
        .map(|&id| {
            let content = String::from_utf8_lossy(&doc.get_page_content(id)).into_owned();
            let size = doc
                .get_dictionary(id)
                .ok()
                .and_then(|d| d.get(b"MediaBox").ok())
                .and_then(|b| b.as_array().ok())
                .map(|b| {
                    let n = |i: usize| b.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
                    (n(2) - n(0), n(3) - n(1))
                })
                .unwrap_or_default();
            (
                content.starts_with("q\n0 1 -1 0 595.276 0 cm\n"),
                size,
                content,
            )
        })
        .collect()
}

/// The text of page `page` (1-based) of `pdf`, as pdftotext reads it (rotated text included).
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    common::pdftotext(pdf, &["-f", &n, "-l", &n]).unwrap_or_default()
}

/// A word processor's or a browser's print: the attachment on a landscape page (A4 turned).
fn assert_landscape_attachment(printed: &Path) {
    let sizes: Vec<(f32, f32)> = pdf_pages(printed).iter().map(|p| p.1).collect();
    let landscape: Vec<usize> = (0..sizes.len())
        .filter(|&i| sizes[i].0 > sizes[i].1)
        .collect();
    assert!(!landscape.is_empty(), "{sizes:?}");
    let text: String = page_text(printed, landscape[0] + 1)
        .split_whitespace()
        .collect();
    assert!(text.contains(TITLE), "{text}");
}

#[test]
fn a_sixteen_column_table_turns_its_attachment_in_pdf_docx_and_html() {
    let tmp = TempDir::new("landscape");
    let dir = tmp.path().join("heating");
    heating_with_parts(&dir, &SIX);
    let out = build(&dir);

    // PDF: every page A4 portrait; the attachment's pages, and only they, turned.
    let pdf = out.join("bulletin.pdf");
    let pages = pdf_pages(&pdf);
    assert!(pages.len() >= 4, "{} pages", pages.len());
    for (i, (_, size, _)) in pages.iter().enumerate() {
        assert!(
            (size.0 - 595.28).abs() < 0.5 && (size.1 - 841.89).abs() < 0.5,
            "page {}: {size:?}",
            i + 1
        );
    }
    let turned: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].0).collect();
    assert!(!turned.is_empty(), "no turned page");
    assert!(
        !pages[0].0 && !pages[pages.len() - 1].0,
        "body and 版记 portrait"
    );
    // The page number is written after the turn is undone (`Q`), upright.
    for &i in &turned {
        let content = &pages[i].2;
        let undone = content.find("\nQ\n").expect("the turn undone");
        assert!(content[undone..].contains("Tj") || content[undone..].contains("TJ"));
    }
    if available("pdftotext", &["-v"]) {
        let first: String = page_text(&pdf, turned[0] + 1).split_whitespace().collect();
        assert!(first.contains("附件") && first.contains(TITLE), "{first}");
        for (i, page) in pages.iter().enumerate() {
            let text: String = page_text(&pdf, i + 1).split_whitespace().collect();
            // The attachment's own page, not the 附件说明 that names it.
            if text.contains(TITLE) && !text.contains("附件：") {
                assert!(page.0, "the attachment's title on portrait page {}", i + 1);
            }
        }
    }
    // The layout checker reads upright characters only: on a turned page it sees the page
    // number alone, so it takes the page for a blank one. Every other rule holds. R7 (22 lines
    // on full pages: the page before a turned attachment looks short with nothing after it)
    // and R8 (a numbered page after a "blank" one) are not asserted (README, 横排).
    if checker_available() {
        for v in check(&pdf) {
            if v.id != "R7" && v.id != "R8" {
                assert_eq!(v.status, "PASS", "{} {}", v.id, v.measured);
            }
        }
    }

    // DOCX: one landscape section, the table across the turned block (225 mm = 12756 twips).
    let xml = common::zip_entry(&out.join("bulletin.docx"), "word/document.xml");
    assert_eq!(xml.matches("w:orient=\"landscape\"").count(), 1, "{xml}");
    assert_eq!(xml.matches("<w:tblW w:w=\"12756\"").count(), 1);
    assert_eq!(xml.matches("<w:pgNumType w:start=\"1\"/>").count(), 1);
    if available("soffice", &["--version"]) {
        assert_landscape_attachment(&soffice_pdf(
            &out.join("bulletin.docx"),
            &tmp.path().join("lo"),
        ));
    }

    // HTML: the attachment's section prints on turned pages, its columns the PDF's.
    let html = std::fs::read_to_string(out.join("bulletin.html")).expect("html");
    assert_eq!(
        html.matches("<section class=\"attachment turned\">")
            .count(),
        1
    );
    assert!(html.contains("@page turned { size: A4 landscape; margin: 28mm 37mm 26mm 35mm; }"));
    let section = &html[html.find("attachment turned").expect("turned")..];
    let colgroup = &section[..section.find("</colgroup>").expect("colgroup")];
    let total: f64 = colgroup
        .split("width: ")
        .skip(1)
        .filter_map(|w| w.split("mm").next()?.parse::<f64>().ok())
        .sum();
    assert!((total - 225.0).abs() < 0.1, "{total}");
    if available("chromium", &["--version"]) {
        assert_landscape_attachment(&chromium_pdf(&out.join("bulletin.html")));
    }
}

#[test]
fn the_two_part_campaign_stays_portrait() {
    let tmp = TempDir::new("portrait");
    let dir = tmp.path().join("heating");
    heating(&dir);
    let out = build(&dir);
    assert!(pdf_pages(&out.join("bulletin.pdf")).iter().all(|p| !p.0));
    let xml = common::zip_entry(&out.join("bulletin.docx"), "word/document.xml");
    assert!(!xml.contains("landscape"));
    let html = std::fs::read_to_string(out.join("bulletin.html")).expect("html");
    assert!(!html.contains("attachment turned"));
    if checker_available() {
        for v in check(&out.join("bulletin.pdf")) {
            assert_eq!(v.status, "PASS", "{} {}", v.id, v.measured);
        }
    }
}
