//! `../shared/tools/gbt9704_check.py` from the tests: its verdicts on a PDF, and what the long
//! variant's table explains of them.

use std::path::Path;
use std::process::Command;

/// One rule's verdict from the checker.
pub struct Verdict {
    pub id: String,
    pub status: String,
    pub measured: String,
    pub detail: serde_json::Value,
}

/// Whether the checker can run (python3 with pdfplumber); under `CI=true` its absence fails.
pub fn checker_available() -> bool {
    super::available("python3", &["-c", "import pdfplumber"])
}

/// The checker's verdicts on `pdf`.
pub fn check(pdf: &Path) -> Vec<Verdict> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/gbt9704_check.py");
    assert!(tool.is_file(), "{} missing", tool.display());
    let o = Command::new("python3")
        .arg(&tool)
        .arg(pdf)
        .arg("--json")
        .output()
        .expect("run gbt9704_check.py");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "checker output: {e}: {}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    });
    let text = |r: &serde_json::Value, key: &str| r[key].as_str().unwrap_or_default().to_string();
    v["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| Verdict {
            id: text(r, "id"),
            status: text(r, "status"),
            measured: text(r, "measured"),
            detail: r["detail"].clone(),
        })
        .collect()
}

/// Table rows are 3/5 of a body line apart (6.14 mm).
const TABLE_ROW: f64 = 225.0 / 22.0 * 3.0 / 5.0;

/// The long variant's R3, R5 and R7 as its table explains them — its 66 rows hold more
/// characters (in 小五 or 五号) than its 正文 (三号), and the checker takes the most frequent
/// size for the body's. R5: the most frequent size is the table's and the next is 三号. R7:
/// the lines off the body pitch are table lines on the row grid (a cell's lines are centred,
/// so they are apart by multiples of half a row) within 0.1 mm (LibreOffice rounds to twips),
/// and the pages over 22 lines are table pages. R3: a page off 37 mm is one the table continues
/// on, its first character inside the header cell, below the top rule (at 37 mm) by half a
/// row less half an em of at most 五号. Panics on anything else.
pub fn long_variant_table_rule(r: &Verdict) {
    let detail = &r.detail;
    match r.id.as_str() {
        "R5" => {
            let mut sizes: Vec<(f64, u64)> = detail["histogram"]
                .as_object()
                .expect("histogram")
                .iter()
                .map(|(k, v)| (k.parse().unwrap_or(0.0), v.as_u64().unwrap_or(0)))
                .collect();
            sizes.sort_by_key(|&(_, n)| std::cmp::Reverse(n));
            assert!(sizes.len() >= 2, "{}", r.measured);
            assert!(sizes[0].0 < 12.0, "the table's size: {}", r.measured);
            assert_eq!(sizes[1].0, 16.0, "then 三号: {detail}");
        }
        "R7" => {
            let half = TABLE_ROW / 2.0;
            for pitch in detail["off_pitch"].as_array().expect("off_pitch") {
                let p = pitch.as_f64().unwrap_or(0.0);
                let halves = (p / half).round();
                assert!(
                    halves >= 1.0 && (p - halves * half).abs() <= 0.1,
                    "{p} mm: {detail}"
                );
            }
            let pages = detail["per_page"].as_object().expect("per_page");
            assert!(!pages.is_empty());
            assert!(pages.values().all(|n| n.as_u64() > Some(22)), "{detail}");
        }
        "R3" => {
            let em_mm = |pt: f64| pt * 25.4 / 72.0;
            let (most, least) = (
                TABLE_ROW / 2.0 - em_mm(7.5) / 2.0,
                TABLE_ROW / 2.0 - em_mm(10.5) / 2.0,
            );
            for (page, top) in detail["per_page"].as_object().expect("per_page") {
                let below = top.as_f64().unwrap_or(0.0) - 37.0;
                assert!(
                    below.abs() <= 1.0 || (least - 0.05..=most + 0.05).contains(&below),
                    "p{page}: first line {below:.2} mm below 37: {detail}"
                );
            }
        }
        id => panic!("{id} is not explained by the table"),
    }
}
