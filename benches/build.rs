//! Whole-process benchmark of `tongbao build`: the shipped sample, generated campaigns of 300,
//! 3,000 (a national roll-up) and 10,000 units (the most a campaign may have), and the sample
//! against Typst on the same text and fonts; `tongbao import` of the 3,000-unit campaign's
//! form; and `tongbao publish` of the sample (signed and reviewed) against `build` of the same
//! copies. Run with `cargo bench`; prints wall time
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
    let small = work.join("province");
    generate::campaign(&small, 300);
    // The most units a campaign may have (load::MAX_UNITS): it builds in every format.
    let most = work.join("most");
    generate::campaign(&most, tongbao::load::MAX_UNITS);
    let worst = worst_table(exe, &sample, &work);

    println!("tongbao build, whole process, {RUNS} runs each (median / min / peak RSS)");
    for (label, command, dir, formats) in [
        ("sample md,html", "build", &sample, Some("md,html")),
        // The DOCX's cost is the difference between these two (budget: 10 ms).
        ("sample md,html,pdf", "build", &sample, Some("md,html,pdf")),
        ("sample (all formats)", "build", &sample, None),
        ("3,000 units md,html", "build", &big, Some("md,html")),
        // Growth with the units: 300, 3,000 and 10,000 in every format (goal at 3,000:
        // ≤ 0.25 s and ≤ 60 MiB).
        ("300 units (all formats)", "build", &small, None),
        ("3,000 units (all formats)", "build", &big, None),
        ("10,000 units (all formats)", "build", &most, None),
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
    rhythm_rows(exe, &sample, &work);
    typst_rows(exe, &sample, &work);
    import(exe, &big, &work);
    publish_rows(exe, &sample, &work);
    serve_rows(exe, &sample);
    plan_row(root);
    let _ = std::fs::remove_dir_all(&work);
}

/// `tongbao publish` of the sample's latest period (review against the data, all formats
/// rendered from the draft, the ledger entry signed with Ed25519, stored), each run on a fresh
/// copy with its draft built beforehand (untimed), interleaved with `tongbao build` of the
/// same copy in all formats: the difference is what publishing adds to rendering (the review,
/// the signature, the archive's files and index). Then the review and the signature alone,
/// in this process. Goal (issue 18): review and signing together at most 10 ms.
fn publish_rows(exe: &str, sample: &Path, work: &Path) {
    let key = work.join("office.key");
    let path = |p: &Path| p.display().to_string();
    let (mut published, mut built) = (Vec::new(), Vec::new());
    let mut peak_kib = 0;
    for i in 0..RUNS {
        let dir = work.join(format!("publish-{i}"));
        copy_dir(sample, &dir);
        let draft = dir.join("out/2019-12");
        let made = Command::new(exe)
            .args(["build", &path(&dir), "--out", &path(&draft)])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run tongbao build");
        assert!(made.success(), "tongbao build failed");
        let publish = [
            "publish".to_string(),
            path(&dir),
            "--draft".to_string(),
            path(&draft),
            "--key".to_string(),
            path(&key),
        ];
        let (elapsed, rss) = run(exe, &publish, false);
        published.push(elapsed);
        peak_kib = peak_kib.max(rss);
        let build = [
            "build".to_string(),
            path(&dir),
            "--out".to_string(),
            path(&work.join(format!("rebuilt-{i}"))),
        ];
        built.push(run(exe, &build, false).0);
    }
    published.sort();
    built.sort();
    let median = |t: &[Duration]| ms(t[t.len() / 2]);
    println!(
        "{:<28} median {:>7.1} ms   min {:>7.1} ms   peak RSS {:>6.1} MiB   [build, same copies, interleaved: median {:.1} ms; publish adds {:.1} ms]",
        "publish sample (sign+review)",
        median(&published),
        ms(published[0]),
        peak_kib as f64 / 1024.0,
        median(&built),
        median(&published) - median(&built)
    );
    // The review (the data's bulletin composed again, compared sentence by sentence, every
    // changed number checked) and the Ed25519 signature, each alone.
    let dir = work.join("publish-0");
    let inputs = tongbao::load(&dir).expect("the sample loads");
    let fresh = work.join("no-archive");
    let mut reviews = Vec::new();
    let mut signs = Vec::new();
    let office = tongbao::archive::key::OfficeKey::read(&key)
        .expect("the key reads")
        .expect("the key was made by the first publish");
    let message = vec![7u8; 1024];
    for _ in 0..RUNS {
        let start = Instant::now();
        let review = tongbao::draft_review(&inputs, None, &dir.join("out/2019-12"), &fresh)
            .expect("the review runs");
        reviews.push(start.elapsed());
        assert!(review.errors.is_empty(), "{:?}", review.errors);
        let start = Instant::now();
        std::hint::black_box(office.sign(std::hint::black_box(&message)));
        signs.push(start.elapsed());
    }
    reviews.sort();
    signs.sort();
    println!(
        "{:<28} median {:>7.3} ms   min {:>7.3} ms   (in this process)",
        "  of which: review",
        median(&reviews),
        ms(reviews[0])
    );
    println!(
        "{:<28} median {:>7.3} ms   min {:>7.3} ms   (in this process)",
        "  of which: Ed25519 sign",
        median(&signs),
        ms(signs[0])
    );
}

fn copy_dir(from: &Path, to: &Path) {
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

/// The weekly 调度 sheet against the monthly bulletin (goal: the sheet no slower), and the
/// quarterly 督导 summary: the sample's 2019-W48, 2019-12 and 2019-Q4, every format, run in
/// turn (A, B, C, A, B, C…) so that the machine's load falls on all three alike.
fn rhythm_rows(exe: &str, sample: &Path, work: &Path) {
    let rows = [
        ("monthly bulletin 2019-12", "2019-12"),
        ("weekly sheet 2019-W48", "2019-W48"),
        ("quarterly summary 2019-Q4", "2019-Q4"),
    ];
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); rows.len()];
    let mut peaks = vec![0; rows.len()];
    for _ in 0..RUNS {
        for (k, (_, period)) in rows.iter().enumerate() {
            let out = work.join(format!("rhythm-{period}"));
            let args = [
                "build".to_string(),
                sample.display().to_string(),
                "--period".to_string(),
                period.to_string(),
                "--out".to_string(),
                out.display().to_string(),
            ];
            let (elapsed, rss) = run(exe, &args, false);
            times[k].push(elapsed);
            peaks[k] = peaks[k].max(rss);
        }
    }
    for (k, (label, _)) in rows.iter().enumerate() {
        times[k].sort();
        println!(
            "{label:<28} median {:>7.1} ms   min {:>7.1} ms   peak RSS {:>6.1} MiB   [all formats, interleaved]",
            ms(times[k][times[k].len() / 2]),
            ms(times[k][0]),
            peaks[k] as f64 / 1024.0
        );
    }
}

/// The workbench: `tongbao serve` from spawn to its 已启动 line (the socket bound, the
/// templates parsed), then the sample's home page over loopback (the first request, to its
/// last byte: load, figures, headline, board, charts), and the server's peak RSS over both.
/// Goals: start ≤ 100 ms, home page ≤ 50 ms.
// Each server is reaped by wait4 in reap(), which clippy does not see.
#[allow(clippy::zombie_processes)]
fn serve_rows(exe: &str, sample: &Path) {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::Stdio;
    let mut starts = Vec::new();
    let mut pages = Vec::new();
    let mut peak_kib = 0;
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
        let (_, rss) = reap(&child);
        peak_kib = peak_kib.max(rss);
    }
    for (label, mut times) in [
        ("serve: start to listening", starts),
        ("serve: sample home page", pages),
    ] {
        times.sort();
        println!(
            "{label:<28} median {:>7.1} ms   min {:>7.1} ms   peak RSS {:>6.1} MB (server)",
            ms(times[times.len() / 2]),
            ms(times[0]),
            peak_kib as f64 / 1024.0,
        );
    }
}

/// The PDF's table plan alone (what the DOCX also uses): the worst table the PDF accepts, 16
/// columns of 100-character cells, 120 rows and the header (193,600 characters, about the
/// 200,000 a bulletin may have), every cell different. Goal: well under 100 ms and 50 MB.
fn plan_row(root: &Path) {
    use tongbao::fonts::{FontConfig, Fonts};
    use tongbao::typeset::table_plan;
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

/// The sample against Typst on the same text and fonts (`benches/typst_reference.py` writes
/// the Typst source): whole processes, run alternately so both see the same machine, each
/// with its peak RSS. Typst runs through its Python binding (`pip install typst`), so its
/// process includes the interpreter's start. Skipped, with a line saying so, without it.
/// Goals: the sample in every default format ≤ 0.30× Typst's wall time and memory, the PDF
/// alone ≤ 0.25×.
fn typst_rows(exe: &str, sample: &Path, work: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let has_typst = Command::new("python3")
        .args(["-c", "import typst, yaml"])
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !has_typst {
        println!("typst comparison            skipped: python3 -m pip install typst pyyaml");
        return;
    }
    let dir = work.join("typst");
    let built = Command::new(exe)
        .args([
            "build",
            &sample.display().to_string(),
            "--format",
            "md,pdf",
            "--out",
        ])
        .arg(&dir)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("build the sample");
    assert!(built.success());
    let reference = Command::new("python3")
        .arg(root.join("benches/typst_reference.py"))
        .arg(dir.join("bulletin.md"))
        .arg(dir.join("bulletin.pdf"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("typst_reference.py");
    assert!(reference.success(), "typst_reference.py failed");
    let typ = dir.join("bulletin.typst-reference.typ");
    let fonts = root.join("fonts");
    let script = "import sys, typst\n\
        typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]], ignore_system_fonts=True)";
    let out = |name: &str| work.join(name).display().to_string();
    let rows: [(&str, &str, Vec<String>); 3] = [
        (
            "typst (python binding)",
            "python3",
            vec![
                "-c".into(),
                script.into(),
                typ.display().to_string(),
                dir.join("typst.pdf").display().to_string(),
                fonts.display().to_string(),
            ],
        ),
        (
            "sample pdf",
            exe,
            [
                "build",
                &sample.display().to_string(),
                "--format",
                "pdf",
                "--out",
                &out("t-pdf"),
            ]
            .map(String::from)
            .to_vec(),
        ),
        (
            "sample (all formats)",
            exe,
            [
                "build",
                &sample.display().to_string(),
                "--out",
                &out("t-all"),
            ]
            .map(String::from)
            .to_vec(),
        ),
    ];
    let mut times = vec![Vec::new(); rows.len()];
    let mut peaks = vec![0_i64; rows.len()];
    for _ in 0..RUNS {
        for (i, (_, program, args)) in rows.iter().enumerate() {
            let (elapsed, rss) = run(program, args, false);
            times[i].push(elapsed);
            peaks[i] = peaks[i].max(rss);
        }
    }
    let medians: Vec<f64> = times
        .iter_mut()
        .map(|t| {
            t.sort();
            ms(t[t.len() / 2])
        })
        .collect();
    println!("against typst, alternated, {RUNS} runs each (median / peak RSS, ratio to typst)");
    for (i, (label, _, _)) in rows.iter().enumerate() {
        println!(
            "{label:<28} median {:>7.1} ms   peak RSS {:>6.1} MiB   [{:.2}x wall, {:.2}x memory]",
            medians[i],
            peaks[i] as f64 / 1024.0,
            medians[i] / medians[0],
            peaks[i] as f64 / peaks[0] as f64
        );
    }
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
// The child is reaped by wait4 in reap(), which clippy does not see.
#[allow(clippy::zombie_processes)]
fn run(exe: &str, args: &[String], refusal_ok: bool) -> (Duration, i64) {
    let start = Instant::now();
    let child = Command::new(exe)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run tongbao");
    let (status, rss) = reap(&child);
    let elapsed = start.elapsed();
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // The worst-case table is refused (over the 400-page limit) once it is planned: its row
    // measures the whole process up to the refusal, which exits 1.
    let refused = refusal_ok && code == Some(1);
    assert!(
        code == Some(0) || refused,
        "tongbao {args:?} failed: {code:?}"
    );
    (elapsed, rss)
}

/// Waits for `child` to end; returns its wait status and its own peak RSS in KiB, from wait4
/// (RUSAGE_CHILDREN would report the largest of all children so far, so a row after the worst
/// table would show the worst table's peak).
fn reap(child: &std::process::Child) -> (libc::c_int, i64) {
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
    assert!(pid > 0, "wait4 failed");
    (status, usage.ru_maxrss)
}
