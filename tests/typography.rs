//! Chinese typography through the real binary: bold that closes after Chinese punctuation,
//! titles and table headers broken between words, and an HTML page that prints like the PDF.

mod common;

use std::path::Path;

use common::printed::{
    assert_broken_between_words, assert_no_lone_end, autospaced_pieces, pdftotext_raw, soffice_pdf,
};
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

/// Every title, attachment title, 附件说明 item, table header cell and the signature, as the
/// PDF prints it and as LibreOffice prints the DOCX (`pdftotext -raw`), breaks only between
/// words of the dictionary and the campaign's own terms, and no header cell ends with one
/// character alone on its line: on the samples, and on a campaign of a field no sample covers.
#[test]
fn titles_notes_headers_and_signatures_break_between_words_in_pdf_and_docx() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let tmp = common::TempDir::new("words");
    let heating = tmp.path().join("heating");
    common::other_field::heating(&heating);
    let office = common::available("soffice", &["--version"]);
    let mut checked = 0;
    for campaign in SAMPLES.map(|s| root.join(s)).into_iter().chain([heating]) {
        let name = campaign
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let out = tmp.path().join(format!("out-{}", name.unwrap_or_default()));
        let o = build_to(tmp.path(), &campaign, &out, "md,pdf,docx");
        assert!(o.status.success(), "{}", stderr(&o));
        let md_path = out.join("bulletin.md");
        let md = std::fs::read_to_string(&md_path).expect("md");
        let doc = tongbao::document::parse(&md_path, &md).expect("parse");
        // The campaign's terms, as the renderers were given them.
        tongbao::segment::use_words(&doc.front.words);
        let mut printed = vec![("PDF", out.join("bulletin.pdf"))];
        if office {
            let converted = out.join("docx-pdf");
            let pdf = soffice_pdf(&out.join("bulletin.docx"), &converted);
            printed.push(("DOCX", pdf));
        }
        for (format, pdf) in printed {
            let Some(text) = pdftotext_raw(&pdf) else {
                return;
            };
            checked += check_words(&doc, &text, &format!("{format} of {}", campaign.display()));
        }
    }
    assert!(checked >= 80, "{checked} texts checked");
}

/// Checks the texts of `doc` that break between words in `text` (a printed PDF's, page by
/// page); returns how many were checked.
fn check_words(doc: &tongbao::document::Document, text: &str, what: &str) -> usize {
    use tongbao::document::Block;
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let piece_list =
        |ps: &[&str]| -> Vec<String> { ps.iter().flat_map(|p| autospaced_pieces(p)).collect() };
    // The first line of a page, without the gaps a word processor sets (`附件 1`).
    let head = |p: &str| -> String { p.lines().next().unwrap_or("").replace(' ', "") };
    let is_attachment = |p: &&str| doc.attachments.iter().any(|a| head(p) == a.label);
    let main: Vec<&str> = pages
        .iter()
        .copied()
        .take_while(|p| !is_attachment(p))
        .collect();
    let main = piece_list(&main);
    // The PDF's `附件：` is a run of its own, which pdftotext reads among the note's lines.
    let main: Vec<&str> = main
        .iter()
        .map(String::as_str)
        .filter(|p| *p != "附件：")
        .collect();
    let mut checked = 0;
    let mut check = |ps: &[&str], t: &str, kind: &str| {
        assert_broken_between_words(ps, t, &format!("{what}: {kind}"));
        checked += 1;
    };
    check(&main, &doc.front.title, "title");
    check(&main, doc.front.signature.trim(), "signature");
    for block in &doc.body {
        if let Block::AttachmentNote(lines) = block {
            for (i, line) in lines.iter().enumerate() {
                // The DOCX sets `附件：` and the first name in one run; the PDF's label is a
                // run of its own, which pdftotext reads after the name.
                let labelled = format!("附件：{}", line.trim());
                let first: String = labelled.chars().take(4).collect();
                let item = if i == 0 && main.iter().any(|p| p.starts_with(&first)) {
                    labelled.as_str()
                } else {
                    line.trim()
                };
                check(&main, item, "附件说明");
            }
        }
    }
    for a in &doc.attachments {
        // The attachment's own pages.
        let own: Vec<&str> = pages
            .iter()
            .copied()
            .skip_while(|p| head(p) != a.label)
            .take(3)
            .collect();
        let own = piece_list(&own);
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        check(&own, &a.title, "attachment title");
        for block in &a.blocks {
            if let Block::Table(t) = block {
                for h in &t.header {
                    check(&own, h, "table header");
                    assert_no_lone_end(&own, h, &format!("{what}: table header"));
                }
            }
        }
    }
    checked
}

const SAMPLES: [&str; 3] = ["linyi-kindergarten", "dongyi-rural-toilets", "long-variant"];

/// Builds `sample` (md and pdf) under `tmp`; returns the folder and its parsed document.
fn build_sample_pdf(tmp: &Path, sample: &str) -> (std::path::PathBuf, tongbao::document::Document) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let out = tmp.join(sample);
    let o = build_to(tmp, &root.join(sample), &out, "md,pdf");
    assert!(o.status.success(), "{}", stderr(&o));
    let md_path = out.join("bulletin.md");
    let md = std::fs::read_to_string(&md_path).expect("md");
    let doc = tongbao::document::parse(&md_path, &md).expect("parse");
    (out, doc)
}

#[test]
fn every_row_of_the_samples_tables_is_set_on_one_line_unit_names_whole() {
    let tmp = common::TempDir::new("rows");
    let mut rows = 0;
    for sample in SAMPLES {
        let (out, doc) = build_sample_pdf(tmp.path(), sample);
        let Some(text) = pdftotext_raw(&out.join("bulletin.pdf")) else {
            return;
        };
        let lines: std::collections::BTreeSet<&str> = text.lines().map(str::trim).collect();
        for a in &doc.attachments {
            for block in &a.blocks {
                let tongbao::document::Block::Table(t) = block else {
                    continue;
                };
                for row in &t.rows {
                    // A row on one line reads back as its cells in order, one space apart; a
                    // wrapped name would put its pieces on lines of their own.
                    let cells: Vec<&str> = row
                        .iter()
                        .map(|c| c.trim())
                        .filter(|c| !c.is_empty())
                        .collect();
                    let line = cells.join(" ");
                    assert!(
                        lines.contains(line.as_str()),
                        "{sample}: the row “{line}” is not on one line of the PDF"
                    );
                    rows += 1;
                }
            }
        }
    }
    // 15 + 1, 10 + 1 and 66 + 1 rows.
    assert!(rows >= 94, "{rows} rows checked");
}

#[test]
fn the_samples_pdfs_pass_the_gbt9704_checker() {
    if !common::gbt9704::checker_available() {
        return;
    }
    let tmp = common::TempDir::new("gbt9704");
    for sample in SAMPLES {
        let (out, _) = build_sample_pdf(tmp.path(), sample);
        let results = common::gbt9704::check(&out.join("bulletin.pdf"));
        assert_eq!(results.len(), 12, "{sample}");
        for r in &results {
            let (id, status, measured) = (r.id.as_str(), &r.status, &r.measured);
            assert_eq!(status, "PASS", "{sample}: {id}: {measured}");
        }
    }
}

#[test]
fn a_table_of_thousands_of_pages_is_refused_before_it_is_typeset() {
    // 16 columns of 100-character cells over 120 rows: every column narrower than its words,
    // thousands of pages. Refused once the rows set fill more than 400 pages, quickly and
    // without an output.
    let tmp = common::TempDir::new("huge-table");
    let built = tmp.path().join("built");
    common::build_sample(tmp.path(), &built, "md");
    let mut md = std::fs::read_to_string(built.join("bulletin.md")).expect("md");
    let text: Vec<char> = "高新技术产业开发区管理委员会生态文化旅游度假区"
        .chars()
        .collect();
    let cell = |r: usize, c: usize| -> String {
        (0..100)
            .map(|k| text[(r * 5 + c * 3 + k) % text.len()])
            .collect()
    };
    let row = |r: usize| {
        format!(
            "| {} |\n",
            (0..16).map(|c| cell(r, c)).collect::<Vec<_>>().join(" | ")
        )
    };
    md.push('\n');
    md.push_str(&row(0));
    md.push_str(&format!("|{}\n", "---|".repeat(16)));
    for r in 1..=120 {
        md.push_str(&row(r));
    }
    let path = tmp.path().join("huge.md");
    std::fs::write(&path, md).expect("write");
    let out = tmp.path().join("out");
    let start = std::time::Instant::now();
    let o = render_md(tmp.path(), &path, "pdf", &out);
    let took = start.elapsed();
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("排版后至少") && err.contains("页的上限"),
        "{err}"
    );
    assert!(!out.join("bulletin.pdf").exists());
    eprintln!("refused in {took:?}");
}

/// The weekly sheets' and quarterly summaries' table headers, as the PDF prints them, break
/// between words and never end with one character alone (「10月末／完成率」, not
/// 「10／月末／完成率」).
#[test]
fn the_weekly_and_quarterly_table_headers_break_between_words() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    let tmp = common::TempDir::new("rhythm-headers");
    let mut checked = 0;
    for (sample, period) in [
        ("linyi-kindergarten", "2019-W48"),
        ("linyi-kindergarten", "2019-Q4"),
        ("dongyi-rural-toilets", "2024-W43"),
        ("dongyi-rural-toilets", "2024-Q3"),
    ] {
        let out = tmp.path().join(format!("{sample}-{period}"));
        let o = common::tongbao(
            tmp.path(),
            &[
                "build",
                root.join(sample).to_str().unwrap(),
                "--period",
                period,
                "--format",
                "md,pdf",
                "--out",
                out.to_str().unwrap(),
                "--archive",
                out.join("no-archive").to_str().unwrap(),
            ],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let md_path = out.join("bulletin.md");
        let md = std::fs::read_to_string(&md_path).expect("md");
        let doc = tongbao::document::parse(&md_path, &md).expect("parse");
        tongbao::segment::use_words(&doc.front.words);
        let Some(text) = pdftotext_raw(&out.join("bulletin.pdf")) else {
            return;
        };
        let pieces = autospaced_pieces(&text);
        let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
        let blocks = doc
            .body
            .iter()
            .chain(doc.attachments.iter().flat_map(|a| &a.blocks));
        for block in blocks {
            if let tongbao::document::Block::Table(t) = block {
                for h in t.header.iter().filter(|h| !h.trim().is_empty()) {
                    let what = format!("{sample} {period}: table header");
                    assert_broken_between_words(&pieces, h, &what);
                    assert_no_lone_end(&pieces, h, &what);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked >= 36, "{checked} headers checked");
}
