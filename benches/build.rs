//! Whole-process benchmark of `tongbao build`: the shipped sample and a generated
//! 3,000-unit campaign (a national roll-up); and `tongbao import` of that campaign's form. Run with `cargo bench`; prints wall time
//! (median and min over several runs) and the peak RSS of the child process. The sample is
//! also built without the DOCX: the DOCX's cost is the difference.

#[path = "../tests/common/generate.rs"]
mod generate;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn main() {
    let exe = env!("CARGO_BIN_EXE_tongbao");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("sample-data/linyi-kindergarten");
    let work = std::env::temp_dir().join(format!("tongbao-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).expect("temp dir");
    let big = work.join("national");
    generate::campaign(&big, 3000);
    let worst = worst_table(exe, &sample, &work);

    println!("tongbao build, whole process, {RUNS} runs each (median / min / peak RSS)");
    for (label, command, dir, formats) in [
        ("sample md,html", "build", &sample, Some("md,html")),
        // The DOCX's cost is the difference between these two (budget: 10 ms).
        ("sample md,html,pdf", "build", &sample, Some("md,html,pdf")),
        ("sample (all formats)", "build", &sample, None),
        ("3,000 units md,html", "build", &big, Some("md,html")),
        ("3,000 units (all formats)", "build", &big, None),
        (
            "table 16 x 120 x 100 chars pdf",
            "render",
            &worst,
            Some("pdf"),
        ),
    ] {
        let out = work.join("out");
        let mut args = vec![
            command.to_string(),
            dir.display().to_string(),
            "--out".to_string(),
            out.display().to_string(),
        ];
        if let Some(f) = formats {
            args.push("--format".to_string());
            args.push(f.to_string());
        }
        let mut times = Vec::new();
        let mut peak_kib = 0;
        for _ in 0..RUNS {
            let (elapsed, rss) = run(exe, &args, command == "render");
            times.push(elapsed);
            peak_kib = peak_kib.max(rss);
        }
        times.sort();
        let sizes: Vec<String> = std::fs::read_dir(&out)
            .map(|rd| {
                let mut v: Vec<String> = rd
                    .filter_map(Result::ok)
                    .map(|e| {
                        let len = e.metadata().map(|m| m.len()).unwrap_or(0);
                        format!(
                            "{} {:.1} KB",
                            e.file_name().to_string_lossy(),
                            len as f64 / 1000.0
                        )
                    })
                    .collect();
                v.sort();
                v
            })
            .unwrap_or_default();
        println!(
            "{label:<28} median {:>7.1} ms   min {:>7.1} ms   peak RSS {:>6.1} MiB   [{}]",
            ms(times[times.len() / 2]),
            ms(times[0]),
            peak_kib as f64 / 1024.0,
            sizes.join(", ")
        );
        let _ = std::fs::remove_dir_all(&out);
    }
    import(exe, &big, &work);
    let _ = std::fs::remove_dir_all(&work);
}

/// `tongbao import` of a filled 3,000-unit form (made by `tongbao form` from December, so
/// every run rewrites the same snapshot): reading the xlsx, checking the campaign with the
/// new progress, writing the file. Goal: under 200 ms.
fn import(exe: &str, big: &Path, work: &Path) {
    let form = work.join("form.xlsx");
    let path = |p: &Path| p.display().to_string();
    let made = Command::new(exe)
        .args([
            "form",
            &path(big),
            "--period",
            "2019-12",
            "--from",
            "2019-12",
            "--out",
        ])
        .arg(&form)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run tongbao form");
    assert!(made.success(), "tongbao form failed");
    let size = std::fs::metadata(&form).map(|m| m.len()).unwrap_or(0);
    let args = vec![
        "import".to_string(),
        path(big),
        path(&form),
        "--period".to_string(),
        "2019-12".to_string(),
    ];
    let mut times = Vec::new();
    let mut peak_kib = 0;
    for _ in 0..RUNS {
        let (elapsed, rss) = run(exe, &args, false);
        times.push(elapsed);
        peak_kib = peak_kib.max(rss);
    }
    times.sort();
    println!(
        "{:<28} median {:>7.1} ms   min {:>7.1} ms   peak RSS {:>6.1} MiB   [form.xlsx {:.1} KB]",
        "import 3,000-unit form",
        ms(times[times.len() / 2]),
        ms(times[0]),
        peak_kib as f64 / 1024.0,
        size as f64 / 1000.0
    );
}

/// The sample's bulletin.md with the worst table the PDF accepts appended: 16 columns, 120
/// rows, every cell 100 characters (the width search's and the segmenter's worst case).
fn worst_table(exe: &str, sample: &Path, work: &Path) -> std::path::PathBuf {
    let src = work.join("worst-src");
    let status = Command::new(exe)
        .args([
            "build",
            &sample.display().to_string(),
            "--format",
            "md",
            "--out",
        ])
        .arg(&src)
        .status()
        .expect("build the sample's markdown");
    assert!(status.success());
    let mut md = std::fs::read_to_string(src.join("bulletin.md")).expect("bulletin.md");
    let words: Vec<char> = "城镇居住区配套幼儿园专项整治工作进展情况排名表县区计划完成新增"
        .chars()
        .collect();
    let cell = |r: usize, c: usize| -> String {
        (0..100)
            .map(|k| words[(r * 7 + c * 3 + k) % words.len()])
            .collect()
    };
    md.push_str("\n| ");
    md.push_str(&(0..16).map(|c| cell(0, c)).collect::<Vec<_>>().join(" | "));
    md.push_str(" |\n|");
    md.push_str(&"---|".repeat(16));
    md.push('\n');
    for r in 1..=120 {
        md.push_str("| ");
        md.push_str(&(0..16).map(|c| cell(r, c)).collect::<Vec<_>>().join(" | "));
        md.push_str(" |\n");
    }
    let path = work.join("worst.md");
    std::fs::write(&path, md).expect("write worst.md");
    path
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs the command once; returns wall time and the child's peak RSS in KiB.
fn run(exe: &str, args: &[String], refusal_ok: bool) -> (Duration, i64) {
    let start = Instant::now();
    let status = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run tongbao");
    let elapsed = start.elapsed();
    // The worst-case table is refused after typesetting (over the 400-page limit): its row
    // measures the width search and the typesetting up to the refusal, which exits 1.
    let refused = refusal_ok && status.code() == Some(1);
    assert!(status.success() || refused, "tongbao {args:?} failed");
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a full rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    // RUSAGE_CHILDREN reports the largest peak among waited-for children so far.
    (elapsed, usage.ru_maxrss)
}
