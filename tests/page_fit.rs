//! Nothing runs off the page (issue 18, point 7): a header text that fits its place only when
//! shrunk is shrunk alike in the PDF, the DOCX and the HTML and read back whole inside the
//! text block; one that cannot fit is refused by `check` and `build` at its line of
//! `campaign.yaml`, with the limit in characters measured in the fonts, and nothing written.
//!
//! pdfplumber and pdftotext are installed by `.ci/run`; under `CI=true` their absence fails.

mod common;

use std::path::Path;
use std::process::Command;

use common::{available, build_to, edit, file_tree, sample_copy, stderr, tongbao, zip_entry};

/// The text block's left and right edges on A4, mm (GB/T 9704: 28 mm in, 156 mm wide).
const BLOCK: (f64, f64) = (28.0, 184.0);
/// What `build` makes without `--format`.
const DEFAULT_FORMATS: &str = "md,html,pdf,docx";

/// 35 characters: too long beside the date at any size, alone on its line at 小四 (36 fit).
const OFFICE: &str = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室兰山区罗庄区河东区";
/// 28 characters of 三号黑体: one full line.
const SECRECY: &str = "内部资料注意保存内部资料注意保存内部资料注意保存内部资料";
/// 35 characters: the red name at 二号 condensed to just over half (37 fit at half).
const HEADER: &str = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室关于整治工作的通报";

fn set(campaign: &Path, office: &str, secrecy: &str, header: &str) {
    let file = campaign.join("campaign.yaml");
    edit(
        &file,
        "  name: 临沂市城镇居住区配套幼儿园专项整治工作领导小组办公室",
        &format!("  name: {office}"),
    );
    edit(
        &file,
        "  name: 城镇居住区配套幼儿园专项整治工作通报",
        &format!("  name: {header}"),
    );
    edit(
        &file,
        "  number_prefix: 临整办",
        &format!("  secrecy: {secrecy}\n  number_prefix: 临整办"),
    );
}

/// Every character of every page as (text, x0, x1) in mm, by pdfplumber.
fn page_chars(pdf: &Path) -> Vec<(String, f64, f64)> {
    let script = r#"
import sys, json, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    json.dump([[c["text"], c["x0"], c["x1"]] for p in pdf.pages for c in p.chars if c["text"].strip()], sys.stdout, ensure_ascii=False)
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(pdf)
        .output()
        .expect("python3");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Vec<(String, f64, f64)> = serde_json::from_slice(&o.stdout).expect("json");
    let mm = 25.4 / 72.0;
    v.into_iter().map(|(t, a, b)| (t, a * mm, b * mm)).collect()
}

#[test]
fn texts_at_their_limits_are_shrunk_alike_and_stay_inside_the_block() {
    let (tmp, campaign) = sample_copy("fit-limits");
    set(&campaign, OFFICE, SECRECY, HEADER);
    let out = tmp.path().join("out");
    let o = build_to(tmp.path(), &campaign, &out, DEFAULT_FORMATS);
    assert!(o.status.success(), "{}", stderr(&o));
    let check = tongbao(tmp.path(), &["check", campaign.to_str().unwrap()]);
    assert!(check.status.success(), "{}", stderr(&check));

    // The HTML: the office alone at 小四 and whole, the name condensed to just over half.
    let html = std::fs::read_to_string(out.join("bulletin.html")).expect("html");
    assert!(html.contains(&format!(
        "<p class=\"office-line\" style=\"font-size: 12pt; letter-spacing: 0\"><span class=\"office\">{OFFICE}</span></p>"
    )));
    assert!(html.contains(SECRECY) && html.contains(HEADER));
    // The DOCX: the office's run at 小四 (24 half-points), the name condensed to 50..60 %.
    let docx = zip_entry(&out.join("bulletin.docx"), "word/document.xml");
    let office_at = docx.find(OFFICE).expect("office in the DOCX");
    let run = &docx[docx[..office_at].rfind("<w:r>").expect("its run")..office_at];
    assert!(run.contains("<w:sz w:val=\"24\"/>"), "{run}");
    let name_at = docx.find(HEADER).expect("name in the DOCX");
    let run = &docx[docx[..name_at].rfind("<w:r>").expect("its run")..name_at];
    let percent: u32 = run
        .split("<w:w w:val=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("condensed: {run}"));
    assert!((50..60).contains(&percent), "{run}");
    assert!(docx.contains(SECRECY));

    if !(available("python3", &["-c", "import pdfplumber"]) && available("pdftotext", &["-v"])) {
        return;
    }
    let pdf = out.join("bulletin.pdf");
    let text: String = common::pdftotext(&pdf, &[])
        .expect("pdftotext")
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    for whole in [OFFICE, SECRECY, HEADER] {
        assert!(text.contains(whole), "{whole} not whole in: {text}");
    }
    // The 署名 (the office) wraps onto two lines, whole: the header's and the 署名's.
    assert!(text.matches(OFFICE).count() >= 2, "{text}");
    for (ch, x0, x1) in page_chars(&pdf) {
        assert!(
            x0 >= BLOCK.0 - 0.3 && x1 <= BLOCK.1 + 0.3,
            "“{ch}” at {x0:.1}..{x1:.1} mm runs outside the block {BLOCK:?}"
        );
    }
}

#[test]
fn texts_beyond_their_limits_are_refused_at_their_line_with_the_limit() {
    let (tmp, campaign) = sample_copy("fit-refused");
    set(
        &campaign,
        &format!("{OFFICE}郯城县"),
        &format!("{SECRECY}注意"),
        &format!("{HEADER}（第一期）"),
    );
    let before = file_tree(tmp.path());
    let expected = [
        "campaign.yaml:11:9: 错误：字段 header.name：发文机关标志（版头红字）共 40 个字，排不下：按所用字体，二号小标宋压缩到50%一行最多排得下 37 个字（超出部分会跑出版心）。请改短，例如用简称",
        "campaign.yaml:13:12: 错误：字段 header.secrecy：密级共 30 个字，排不下：按所用字体，三号黑体一行最多排得下 28 个字（超出部分会跑出版心）。请改短，例如用简称",
        "campaign.yaml:8:9: 错误：字段 office.name：版头的发文机关共 38 个字，排不下：按所用字体，小四仿宋一行最多排得下 36 个字（超出部分会跑出版心）。请改短，例如用简称",
    ];
    let out = tmp.path().join("out");
    for args in [
        vec!["check", campaign.to_str().unwrap()],
        vec![
            "build",
            campaign.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        vec![
            "build",
            campaign.to_str().unwrap(),
            "--format",
            "html",
            "--out",
            out.to_str().unwrap(),
        ],
    ] {
        let o = tongbao(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        for line in expected {
            assert!(err.contains(line), "{args:?}: expected\n{line}\nin\n{err}");
        }
        assert_eq!(
            file_tree(tmp.path()),
            before,
            "{args:?} wrote or changed a file"
        );
    }
}

#[test]
fn a_doc_number_too_long_for_the_file_header_is_refused_at_its_prefix() {
    let (tmp, campaign) = sample_copy("fit-number");
    let file = campaign.join("campaign.yaml");
    edit(&file, "  style: 简报", "  style: 文件");
    let prefix = "临沂市城镇居住区配套幼儿园专项整治工作领导小组办";
    edit(
        &file,
        "  number_prefix: 临整办",
        &format!("  number_prefix: {prefix}"),
    );
    let before = file_tree(tmp.path());
    let o = tongbao(tmp.path(), &["check", campaign.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "campaign.yaml:13:18: 错误：字段 header.number_prefix：发文字号共 32 个字，排不下：按所用字体，三号仿宋一行最多排得下 29 个字（超出部分会跑出版心）。请改短，例如用简称；发文字号由 number_prefix 加“〔年份〕期号号”（本期 8 个字）组成，number_prefix 最多 21 个字"
        ),
        "{}",
        stderr(&o)
    );
    assert_eq!(file_tree(tmp.path()), before);
    // Shortened to the limit it builds, whole on its line.
    edit(
        &file,
        &format!("number_prefix: {prefix}"),
        &format!(
            "number_prefix: {}",
            prefix.chars().take(21).collect::<String>()
        ),
    );
    let out = tmp.path().join("out");
    let o = build_to(tmp.path(), &campaign, &out, DEFAULT_FORMATS);
    assert!(o.status.success(), "{}", stderr(&o));
    if available("python3", &["-c", "import pdfplumber"]) {
        for (ch, x0, x1) in page_chars(&out.join("bulletin.pdf")) {
            assert!(
                x0 >= BLOCK.0 - 0.3 && x1 <= BLOCK.1 + 0.3,
                "“{ch}” {x0}..{x1}"
            );
        }
    }
}

/// The weekly sheet and the quarterly summary have header names of their own
/// (`header.weekly`, `header.quarterly`, by default the campaign's name with 工作调度 and
/// 督导通报): `check` measures them too, and the week's build refuses one that cannot fit.
#[test]
fn the_weekly_and_quarterly_header_names_are_measured_too() {
    let (tmp, campaign) = sample_copy("fit-weekly");
    let file = campaign.join("campaign.yaml");
    let weekly = format!("{HEADER}每周调度情况汇总");
    edit(
        &file,
        "  style: 简报",
        &format!("  style: 简报\n  weekly: {weekly}"),
    );
    let before = file_tree(tmp.path());
    let expected = "campaign.yaml:13:11: 错误：字段 header.weekly：发文机关标志（版头红字）共 43 个字，排不下：按所用字体，二号小标宋压缩到50%一行最多排得下 37 个字（超出部分会跑出版心）。请改短，例如用简称";
    let out = tmp.path().join("out");
    let dir = campaign.to_str().unwrap();
    for args in [
        vec!["check", dir],
        vec![
            "build",
            dir,
            "--period",
            "2019-W48",
            "--out",
            out.to_str().unwrap(),
        ],
    ] {
        let o = tongbao(tmp.path(), &args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{args:?}: {}", stderr(&o));
        assert_eq!(file_tree(tmp.path()), before, "{args:?} wrote a file");
    }
    // Unwritten, the default names follow the campaign's name: a long one is named with the
    // key to write.
    edit(&file, &format!("\n  weekly: {weekly}"), "");
    edit(
        &file,
        "name: 城镇居住区配套幼儿园专项整治 ",
        "name: 城镇居住区配套幼儿园专项整治百日攻坚行动每周工作调度情况一览表汇总材料 ",
    );
    let o = tongbao(tmp.path(), &["check", dir]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    for (key, added) in [("weekly", "工作调度"), ("quarterly", "督导通报")] {
        let line = format!(
            "campaign.yaml: 错误：header.{key} 未写，默认用活动名称加“{added}”：发文机关标志（版头红字）共 39 个字，排不下"
        );
        assert!(stderr(&o).contains(&line), "{line}\n{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("（可在 header 下写 {key} 给出简称）")),
            "{}",
            stderr(&o)
        );
    }
}
