//! Whole-process benchmark of `tongbao build`: the shipped sample and a generated
//! 3,000-unit campaign (a national roll-up); and `tongbao import` of that campaign's form. Run with `cargo bench`; prints wall time
//! (median and min over several runs) and the peak RSS of the child process. The sample is
//! also built without the DOCX: the DOCX's cost is the difference. One row runs in this
//! process: the PDF's table plan (type size and column widths) of the worst table the PDF
//! accepts, timed alone, with the heap it takes at its peak (a counting allocator).

#[path = "../tests/common/generate.rs"]
mod generate;

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const RUNS: usize = 15;

/// The system allocator, counting the bytes in use and their peak (for the in-process row).
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Counting on: off while the plan is timed (the counters would add to its time).
static COUNTING: AtomicBool = AtomicBool::new(false);

// SAFETY: every call is passed on to the system allocator unchanged; only counters are kept.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as the caller promised for `layout`.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() && COUNTING.load(Ordering::Relaxed) {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `alloc` with this `layout`.
        unsafe { System.dealloc(ptr, layout) };
        if COUNTING.load(Ordering::Relaxed) {
            // Saturating: blocks allocated before counting began are freed uncounted.
            let _ = IN_USE.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                Some(n.saturating_sub(layout.size()))
            });
        }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

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
        // End to end: reading, shaping and planning the table, then its refusal (over 400
        // pages by the plan's line counts, exit 1) before any of it is typeset.
        (
            "table 16x120x100 render→refusal",
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
    serve_rows(exe, &sample);
    plan_row(root);
    let _ = std::fs::remove_dir_all(&work);
}

/// The workbench: `tongbao serve` from spawn to its 已启动 line (the socket bound, the
/// templates parsed), then the sample's home page over loopback (request to last byte: load,
/// figures, headline, board, charts). Goals: start ≤ 100 ms, home page ≤ 50 ms.
fn serve_rows(exe: &str, sample: &Path) {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    let mut starts = Vec::new();
    let mut pages = Vec::new();
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut child = Command::new(exe)
            .arg("serve")
            .arg(sample)
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("started");
        starts.push(start.elapsed());
        let host = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .expect("address")
            .to_string();
        let start = Instant::now();
        let mut stream = std::net::TcpStream::connect(&host).expect("connect");
        write!(
            stream,
            "GET /c/0/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .expect("request");
        let mut page = Vec::new();
        stream.read_to_end(&mut page).expect("page");
        pages.push(start.elapsed());
        assert!(
            String::from_utf8_lossy(&page).contains("报送情况"),
            "not the home page"
        );
        let _ = child.kill();
        let _ = child.wait();
    }
    for (label, mut times) in [
        ("serve: start to listening", starts),
        ("serve: sample home page", pages),
    ] {
        times.sort();
        println!(
            "{label:<28} median {:>7.1} ms   min {:>7.1} ms",
            ms(times[times.len() / 2]),
            ms(times[0]),
        );
    }
}

/// The PDF's table plan alone (what the DOCX also uses): the worst table the PDF accepts, 16
/// columns of 100-character cells, 120 rows and the header (193,600 characters, about the
/// 200,000 a bulletin may have), every cell different. Goal: well under 100 ms and 50 MB.
fn plan_row(root: &Path) {
    use tongbao::render::pdf::{FontConfig, Fonts, table_plan};
    let fonts = Fonts::resolve(&FontConfig {
        folders: vec![root.join("fonts")],
        ..FontConfig::default()
    })
    .expect("fonts");
    let mut cells = worst_cells();
    let header = cells.next().expect("header");
    let t = tongbao::document::Table {
        align: vec![tongbao::document::Align::Left; 16],
        header,
        rows: cells.collect(),
    };
    let mut times = Vec::new();
    let mut planned = None;
    for _ in 0..RUNS {
        let start = Instant::now();
        let plan = table_plan(&t, &fonts).expect("plan");
        times.push(start.elapsed());
        planned = Some(plan);
    }
    // One more run, counted: the heap the plan holds at its peak beyond what was in use.
    IN_USE.store(0, Ordering::Relaxed);
    PEAK.store(0, Ordering::Relaxed);
    COUNTING.store(true, Ordering::Relaxed);
    let counted = table_plan(&t, &fonts).expect("plan");
    COUNTING.store(false, Ordering::Relaxed);
    let peak = PEAK.load(Ordering::Relaxed);
    assert_eq!(Some(counted), planned, "the plan is deterministic");
    times.sort();
    let (size, widths) = planned.expect("planned");
    println!(
        "{:<28} median {:>7.1} ms   min {:>7.1} ms   peak heap {:>5.1} MiB   [{size} pt, {} columns, in process]",
        "table plan 16x120x100",
        ms(times[times.len() / 2]),
        ms(times[0]),
        peak as f64 / 1024.0 / 1024.0,
        widths.len()
    );
}

/// The worst table's rows, the header first: 121 rows of 16 cells of 100 characters, every
/// cell different (drawn from a table's vocabulary by a fixed linear congruential sequence).
fn worst_cells() -> impl Iterator<Item = Vec<String>> {
    let words: Vec<&str> =
        "城镇 居住区 配套 幼儿园 专项 整治 工作 进展 情况 排名 县区 计划 完成 新增 其中 \
        办成 公办园 委托 普惠性 民办园 序时 进度 百分点 临沂 高新技术 产业 开发区 经济 \
        管理 委员会 生态 文化 旅游 度假区 农村 户厕 改造 三格化粪池式"
            .split_whitespace()
            .collect();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..121).map(move |_| {
        (0..16)
            .map(|_| {
                let mut cell = String::new();
                while cell.chars().count() < 100 {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    cell.push_str(words[(state >> 33) as usize % words.len()]);
                }
                cell.chars().take(100).collect()
            })
            .collect()
    })
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

/// The sample's bulletin.md with the worst table the PDF accepts appended ([`worst_cells`]):
/// 16 columns, 120 rows, every cell 100 characters (the width search's and the segmenter's
/// worst case).
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
    for (r, row) in worst_cells().enumerate() {
        md.push_str(if r == 0 { "\n| " } else { "| " });
        md.push_str(&row.join(" | "));
        md.push_str(" |\n");
        if r == 0 {
            md.push('|');
            md.push_str(&"---|".repeat(16));
            md.push('\n');
        }
    }
    let path = work.join("worst.md");
    std::fs::write(&path, md).expect("write worst.md");
    path
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs the command once; returns wall time and the child's peak RSS in KiB.
// The child is reaped by wait4 below, which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run(exe: &str, args: &[String], refusal_ok: bool) -> (Duration, i64) {
    let start = Instant::now();
    let child = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run tongbao");
    // This child's own peak RSS, from wait4 (RUSAGE_CHILDREN would report the largest of all
    // children so far, so a row after the worst table would show the worst table's peak).
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: wait4 writes the status and a full rusage into the pointers it is given; the
    // child is ours and waited for only here.
    let (pid, usage) = unsafe {
        let pid = libc::wait4(
            child.id() as libc::pid_t,
            &mut status,
            0,
            usage.as_mut_ptr(),
        );
        (pid, usage.assume_init())
    };
    let elapsed = start.elapsed();
    assert!(pid > 0, "wait4 failed");
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // The worst-case table is refused (over the 400-page limit) once it is planned: its row
    // measures the whole process up to the refusal, which exits 1.
    let refused = refusal_ok && code == Some(1);
    assert!(
        code == Some(0) || refused,
        "tongbao {args:?} failed: {code:?}"
    );
    (elapsed, usage.ru_maxrss)
}
