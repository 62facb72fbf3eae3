//! Whole-process benchmark of `tongbao build`: the shipped sample and a generated
//! 3,000-unit campaign (a national roll-up). Run with `cargo bench`; prints wall time
//! (median and min over several runs) and the peak RSS of the child process.

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
    generate(&big, 3000);

    println!("tongbao build, whole process, {RUNS} runs each (median / min / peak RSS)");
    for (label, dir, formats) in [
        ("sample md,html", &sample, Some("md,html")),
        ("sample (all formats)", &sample, None),
        ("3,000 units md,html", &big, Some("md,html")),
        ("3,000 units (all formats)", &big, None),
    ] {
        let out = work.join("out");
        let mut args = vec![
            "build".to_string(),
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
            let (elapsed, rss) = run(exe, &args);
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
    let _ = std::fs::remove_dir_all(&work);
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs the command once; returns wall time and the child's peak RSS in KiB.
fn run(exe: &str, args: &[String]) -> (Duration, i64) {
    let start = Instant::now();
    let status = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("run tongbao");
    let elapsed = start.elapsed();
    assert!(status.success(), "tongbao {args:?} failed");
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a full rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    // RUSAGE_CHILDREN reports the largest peak among waited-for children so far.
    (elapsed, usage.ru_maxrss)
}

/// Writes a campaign with `n` units and two monthly snapshots into `dir`.
fn generate(dir: &Path, n: usize) {
    use std::fmt::Write;
    std::fs::create_dir_all(dir.join("snapshots")).expect("mkdir");
    let mut c = String::from(
        "name: 城镇居住区配套幼儿园专项整治\nscope: 全国\noffice:\n  name: 全国城镇居住区配套幼儿园专项整治工作领导小组办公室\n  short_name: 全国整治办\nheader:\n  name: 城镇居住区配套幼儿园专项整治工作通报\naddressee: 各省、自治区、直辖市整治办\nschedule:\n  start: 2019-08-30\n  end: 2019-12-07\nunits:\n",
    );
    for i in 0..n {
        let _ = writeln!(c, "  - {{ id: u{i:04}, name: 第{i}县, kind: 县 }}");
    }
    c.push_str("indicators:\n  - id: kg\n    name: 居住区配套幼儿园\n    action: 整治完成\n    measure: 处\n    headline: true\n    parts:\n      - { id: public, name: 办成公办园 }\n      - { id: private, name: 委托办成普惠性民办园 }\n    plan:\n");
    for i in 0..n {
        let _ = writeln!(c, "      u{i:04}: {}", 10 + i % 40);
    }
    c.push_str("rules:\n  ahead_points: 5\n  behind_points: 20\n  name_top: 5\n  name_bottom: 5\ndistribution:\n  report_to: [国务院领导]\n  send_to: [各省整治办]\n");
    std::fs::write(dir.join("campaign.yaml"), c).expect("write campaign");
    for (period, as_of, issue, share) in [
        ("2019-11", "2019-11-30", "2019-12-05", 3),
        ("2019-12", "2019-12-31", "2020-01-06", 4),
    ] {
        let mut s =
            format!("period: {period}\nas_of: {as_of}\nissue_date: {issue}\nprogress:\n  kg:\n");
        for i in 0..n {
            let plan = 10 + i % 40;
            let done = (plan * share * (i % 5 + 1)) / 25;
            let public = done / 2;
            let _ = writeln!(
                s,
                "    u{i:04}: {{ done: {done}, parts: {{ public: {public}, private: {} }} }}",
                done - public
            );
        }
        std::fs::write(dir.join(format!("snapshots/{period}.yaml")), s).expect("write snapshot");
    }
}
