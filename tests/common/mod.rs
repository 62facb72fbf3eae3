//! Helpers shared by the integration tests: run the real binary, make broken copies.
#![allow(dead_code)]

pub mod gbt9704;
pub mod generate;
pub mod other_field;
pub mod printed;
pub mod webdriver;
pub mod zipbomb;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-data/linyi-kindergarten"
);

/// The second shipped sample: another field, three indicators, a 文件式 header.
pub const SAMPLE_TOILETS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/sample-data/dongyi-rural-toilets"
);

/// Whether `program args` runs (an external tool a test needs); under `CI=true` its absence
/// fails the test (`.ci/run` installs every such tool), elsewhere the test is skipped.
pub fn available(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{program} is required under CI=true (.ci/run installs it)"
        );
        skipped(&format!("{program} {args:?} 不可用"));
    }
    ok
}

/// Says, past the test harness's output capture, that a check was skipped and what to
/// install: a skip is visible in `cargo test`'s output, not only in a failing test's log.
pub fn skipped(what: &str) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr().lock(),
        "SKIPPED: {what}；跳过这项检查（安装方法见 README 的“测试”一节，CI=true 时不跳过）"
    );
}

/// A folder under the system temp dir, removed when dropped.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("tongbao-test-{}-{label}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `tongbao` with `args` in `cwd`, its office key in the test's own temp dir (see
/// [`test_key`]).
pub fn tongbao(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tongbao"))
        .args(args)
        .current_dir(cwd)
        .env("TONGBAO_KEY", test_key(cwd))
        .output()
        .expect("run tongbao")
}

/// Where a test's office key goes: in the test's temp dir when `cwd` is in one (removed with
/// it), else in a folder of this test process under the system temp dir — never in the user's
/// configuration folder.
pub fn test_key(cwd: &Path) -> PathBuf {
    let temp = std::env::temp_dir();
    let own = cwd
        .strip_prefix(&temp)
        .ok()
        .and_then(|rest| rest.components().next())
        .map(|first| temp.join(first).join("office.key"));
    own.unwrap_or_else(|| {
        temp.join(format!("tongbao-test-key-{}", std::process::id()))
            .join("office.key")
    })
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds the sample's latest period with `formats` into `out` and asserts success.
pub fn build_sample(cwd: &Path, out: &Path, formats: &str) {
    let o = build_to(cwd, Path::new(SAMPLE), out, formats);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// Runs `tongbao build <campaign> --format <formats> --out <out>` in `cwd`.
pub fn build_to(cwd: &Path, campaign: &Path, out: &Path, formats: &str) -> Output {
    run_to(cwd, "build", campaign, formats, out)
}

/// Runs `tongbao render <md> --format <formats> --out <out>` in `cwd`.
pub fn render_md(cwd: &Path, md: &Path, formats: &str, out: &Path) -> Output {
    run_to(cwd, "render", md, formats, out)
}

/// Runs `tongbao <command> <input> --format <formats> --out <out>` in `cwd`.
fn run_to(cwd: &Path, command: &str, input: &Path, formats: &str, out: &Path) -> Output {
    tongbao(
        cwd,
        &[
            command,
            input.to_str().unwrap(),
            "--format",
            formats,
            "--out",
            out.to_str().unwrap(),
        ],
    )
}

/// Copies the sample campaign into a fresh temp dir and returns it (campaign at `<tmp>/c`).
pub fn sample_copy(label: &str) -> (TempDir, PathBuf) {
    let tmp = TempDir::new(label);
    let dir = tmp.path().join("c");
    copy_dir(Path::new(SAMPLE), &dir);
    (tmp, dir)
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Replaces the first occurrence of `from` with `to` in `file`, failing if absent.
pub fn edit(file: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(file).expect("read");
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        file.display()
    );
    std::fs::write(file, text.replacen(from, to, 1)).expect("write");
}

/// The text of the entry `name` of the ZIP package `file` (a DOCX part).
pub fn zip_entry(file: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(file).expect("open")).expect("zip");
    let mut entry = zip.by_name(name).expect("entry");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).expect("read");
    text
}

/// Every file under `dir` (relative path) with its bytes, for before/after comparisons.
pub fn file_tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = std::collections::BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The text of `pdf` by `pdftotext <args> -enc UTF-8 <pdf> -`, or `None` when poppler is not
/// installed: the caller then skips its text checks, except under `CI=true`, where a missing
/// `pdftotext` fails the test (`.ci/run` installs poppler-utils).
pub fn pdftotext(pdf: &Path, args: &[&str]) -> Option<String> {
    match Command::new("pdftotext")
        .args(args)
        .args(["-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8_lossy(&out.stdout).into_owned()),
        Ok(out) => panic!(
            "pdftotext failed on {}: {}",
            pdf.display(),
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "pdftotext is required under CI=true (.ci/run installs poppler-utils): {e}"
            );
            skipped("pdftotext (poppler-utils) 未安装，PDF 文字检查");
            None
        }
    }
}

/// Compares `now` with the golden `file` (lines naming this checkout's absolute paths, such as
/// the fonts', left out), or writes it when `update`; returns whether it matched or was written.
pub fn golden(file: &Path, now: &str, update: bool) -> bool {
    let now: String = now
        .lines()
        .filter(|l| !l.contains(env!("CARGO_MANIFEST_DIR")))
        .map(|l| format!("{l}\n"))
        .collect();
    if update {
        if let Some(folder) = file.parent() {
            std::fs::create_dir_all(folder).unwrap();
        }
        std::fs::write(file, &now).unwrap();
        return true;
    }
    std::fs::read_to_string(file).ok().as_deref() == Some(now.as_str())
}
