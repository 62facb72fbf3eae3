//! Chinese typography through the real binary: bold that closes after Chinese punctuation,
//! titles and table headers broken between words, and an HTML page that prints like the PDF.

mod common;

use std::path::Path;

use common::printed::{assert_broken_between_words, pdftotext_raw, pieces};
use common::{build_to, edit, render_md, sample_copy, stderr};

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

#[test]
fn titles_attachment_titles_and_table_headers_break_between_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let tmp = common::TempDir::new("words");
    let mut checked = 0;
    for sample in ["linyi-kindergarten", "long-variant", "dongyi-rural-toilets"] {
        let out = tmp.path().join(sample);
        let o = build_to(tmp.path(), &root.join(sample), &out, "md,pdf");
        assert!(o.status.success(), "{}", stderr(&o));
        let md_path = out.join("bulletin.md");
        let md = std::fs::read_to_string(&md_path).expect("md");
        let doc = tongbao::document::parse(&md_path, &md).expect("parse");
        let Some(text) = pdftotext_raw(&out.join("bulletin.pdf")) else {
            return;
        };
        let pages: Vec<&str> = text.split('\u{c}').collect();
        let first: Vec<String> = pieces(pages[0]);
        let first: Vec<&str> = first.iter().map(String::as_str).collect();
        assert_broken_between_words(&first, &doc.front.title, "title");
        for a in &doc.attachments {
            // The attachment's own pages (the 附件说明 in the body is body text on the grid).
            let own: Vec<String> = pages
                .iter()
                .skip_while(|p| p.lines().next() != Some(a.label.as_str()))
                .take(3)
                .flat_map(|p| pieces(p))
                .collect();
            let own: Vec<&str> = own.iter().map(String::as_str).collect();
            assert_broken_between_words(&own, &a.title, "attachment title");
            for block in &a.blocks {
                if let tongbao::document::Block::Table(t) = block {
                    for h in &t.header {
                        assert_broken_between_words(&own, h, "table header");
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 20, "{checked} header cells checked");
}
