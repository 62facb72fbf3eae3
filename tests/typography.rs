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

/// `python3 ../shared/tools/gbt9704_check.py --json` on `pdf`: the report, or `None` when
/// python3 with pdfplumber is missing (a failure under `CI=true`).
fn gbt9704(pdf: &Path) -> Option<serde_json::Value> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/gbt9704_check.py");
    let ci = std::env::var("CI").as_deref() == Ok("true");
    let ready = Command::new("python3")
        .args(["-c", "import pdfplumber"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready || !tool.is_file() {
        assert!(
            !ci,
            "the checker needs python3 with pdfplumber and {} under CI=true",
            tool.display()
        );
        eprintln!("gbt9704_check.py or pdfplumber missing: checker test skipped");
        return None;
    }
    let o = Command::new("python3")
        .arg(&tool)
        .arg(pdf)
        .arg("--json")
        .output()
        .expect("run gbt9704_check.py");
    Some(serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "checker output: {e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    }))
}

#[test]
fn the_samples_pdfs_pass_the_gbt9704_checker() {
    let tmp = common::TempDir::new("gbt9704");
    for sample in SAMPLES {
        let (out, _) = build_sample_pdf(tmp.path(), sample);
        let Some(report) = gbt9704(&out.join("bulletin.pdf")) else {
            return;
        };
        let results = report["results"].as_array().expect("results");
        assert_eq!(results.len(), 12, "{sample}");
        for r in results {
            let (id, status) = (r["id"].as_str().unwrap_or(""), r["status"].as_str());
            let measured = r["measured"].as_str().unwrap_or("");
            if sample == "long-variant" && ["R3", "R5", "R7"].contains(&id) {
                // The long variant's 66-row table has more characters (set in 小五) than its
                // 正文 has (in 三号), and the checker takes the most frequent size of all text
                // for the body size; R3 then measures the first character inside the table's
                // header cell on the pages the table continues on (its top rule is at 37 mm).
                // See /work/notes/h-pdf.md. Held to what that explains, and no more:
                long_variant_table_rules(id, r);
                continue;
            }
            if sample == "long-variant" && ["R4", "R6"].contains(&id) {
                // With 小五 taken for the body size there are no justified body lines to
                // measure: not applicable, never a failure.
                assert_eq!(status, Some("N-A"), "{sample}: {id}: {measured}");
                continue;
            }
            assert_eq!(status, Some("PASS"), "{sample}: {id}: {measured}");
        }
    }
}

/// The long variant's R3, R5 and R7 fail only because of its table: R5's most frequent size
/// besides the table's is 三号, R7's lines off the body pitch are table rows, and R3's pages
/// off 37 mm are the pages the table continues on, by less than the table's cell inset.
fn long_variant_table_rules(id: &str, r: &serde_json::Value) {
    let table_size: f64 = 9.0;
    match id {
        "R5" => {
            let histogram = r["detail"]["histogram"].as_object().expect("histogram");
            let mut sizes: Vec<(f64, u64)> = histogram
                .iter()
                .map(|(k, v)| (k.parse().unwrap_or(0.0), v.as_u64().unwrap_or(0)))
                .filter(|(k, _)| (k - table_size).abs() > 0.01)
                .collect();
            sizes.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
            assert_eq!(sizes.first().map(|s| s.0), Some(16.0), "{r}");
        }
        "R7" => {
            // Table rows are 3/5 of a body line apart (6.14 mm), their lines half of that.
            for pitch in r["detail"]["off_pitch"].as_array().expect("off_pitch") {
                let p = pitch.as_f64().unwrap_or(0.0);
                let halves = p / 3.068;
                assert!((halves - halves.round()).abs() < 0.02, "{p} mm: {r}");
            }
            assert!(
                r["detail"]["per_page"]
                    .as_object()
                    .is_some_and(|pages| pages.values().all(|n| n.as_u64() > Some(22))),
                "{r}"
            );
        }
        "R3" => {
            let per_page = r["detail"]["per_page"].as_object().expect("per_page");
            for (page, top) in per_page {
                let top = top.as_f64().unwrap_or(0.0);
                // The top row's first line sits half a row less half an em below the rule.
                let inset = 6.136 / 2.0 - table_size * 25.4 / 72.0 / 2.0;
                assert!(
                    (top - 37.0).abs() <= 1.0 || (top - 37.0 - inset).abs() < 0.05,
                    "p{page} {top}: {r}"
                );
            }
        }
        _ => unreachable!("{id}"),
    }
}
