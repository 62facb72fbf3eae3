//! The layout checker from the tests: `tests/tools/gbt9704_check.py`, the project's copy of
//! the shared layout checker in the workspace's `shared/tools/` (kept current by hand; no test reads outside the
//! repository), and its verdicts on a PDF.

use std::path::Path;
use std::process::Command;

/// One rule's verdict from the checker.
pub struct Verdict {
    pub id: String,
    pub status: String,
    pub measured: String,
}

/// Whether the checker can run (python3 with pdfplumber); under `CI=true` its absence fails.
pub fn checker_available() -> bool {
    super::available("python3", &["-c", "import pdfplumber"])
}

/// The checker's verdicts on `pdf`.
pub fn check(pdf: &Path) -> Vec<Verdict> {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/gbt9704_check.py");
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
        })
        .collect()
}
