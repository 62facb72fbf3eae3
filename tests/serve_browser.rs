//! The month through the workbench in a real Chromium (Debian's chromium driven by its
//! chromedriver): fifteen county returns uploaded at once, two of them wrong and shown on their
//! rows, fixed and uploaded again; the month's words and a leader's instruction written in the
//! page; the draft previewed; the notices the rules call for drafted; published with numbered
//! copies and the notices; the archive opened and verified.
//! Screenshots of each step are kept in `target/serve-screens/` to be looked at.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::webdriver::Browser;
use common::{available, copy_dir};
use rust_xlsxwriter::Workbook;

/// The sample's December figures: (unit, done, 公办园, 民办园).
const DECEMBER: [(&str, u32, u32, u32); 15] = [
    ("兰山区", 30, 12, 18),
    ("罗庄区", 16, 7, 9),
    ("河东区", 14, 6, 8),
    ("郯城县", 10, 5, 5),
    ("兰陵县", 8, 4, 4),
    ("沂水县", 12, 6, 6),
    ("沂南县", 5, 2, 3),
    ("平邑县", 6, 3, 3),
    ("费县", 7, 3, 4),
    ("蒙阴县", 8, 4, 4),
    ("莒南县", 9, 4, 5),
    ("临沭县", 6, 3, 3),
    ("临沂高新技术产业开发区", 5, 2, 3),
    ("临沂经济技术开发区", 5, 2, 3),
    ("临沂临港经济开发区", 4, 2, 2),
];

const SHEET: &str = "居住区配套幼儿园";

/// A county's return as an xlsx with the form's headers; `done` is written as given (text
/// when it is not a number, as a county might type it).
fn xlsx_return(path: &Path, unit: &str, done: &str, public: u32, private: u32) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(SHEET).expect("name");
    for (col, head) in [
        "县区",
        "计划数",
        "累计完成数",
        "其中：办成公办园",
        "其中：委托办成普惠性民办园",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *head).expect("head");
    }
    sheet.write_string(1, 0, unit).expect("unit");
    match done.parse::<f64>() {
        Ok(n) => sheet.write_number(1, 2, n).expect("done"),
        Err(_) => sheet.write_string(1, 2, done).expect("done"),
    };
    sheet.write_number(1, 3, f64::from(public)).expect("public");
    sheet
        .write_number(1, 4, f64::from(private))
        .expect("private");
    book.save(path).expect("save");
}

fn csv_return(path: &Path, unit: &str, done: &str, public: u32, private: u32) {
    std::fs::write(
        path,
        format!("县区,累计完成数,其中：办成公办园,其中：委托办成普惠性民办园\n{unit},{done},{public},{private}\n"),
    )
    .expect("csv");
}

/// Writes the fifteen returns into `dir` (費县's as CSV); `broken` gives 罗庄区 a done written
/// in words and 费县 a negative one.
fn returns(dir: &Path, broken: bool) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).expect("dir");
    DECEMBER
        .iter()
        .map(|&(unit, done, public, private)| {
            let done = match (broken, unit) {
                (true, "罗庄区") => "十六".to_string(),
                (true, "费县") => "-7".to_string(),
                _ => done.to_string(),
            };
            if unit == "费县" {
                let path = dir.join(format!("填报表-2019-12-{unit}.csv"));
                csv_return(&path, unit, &done, public, private);
                path
            } else {
                let path = dir.join(format!("填报表-2019-12-{unit}.xlsx"));
                xlsx_return(&path, unit, &done, public, private);
                path
            }
        })
        .collect()
}

/// The workbench as a person starts it, on a free loopback port; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(campaign: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tongbao"))
            .arg("serve")
            .arg(campaign)
            .env("TONGBAO_KEY", common::test_key(campaign))
            .args(["--listen", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("started line");
        let base = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .map(|host| format!("http://{host}"))
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn screens() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/serve-screens");
    std::fs::create_dir_all(&dir).expect("screens");
    dir
}

#[test]
fn the_month_runs_through_the_workbench_in_chromium() {
    if !available("chromedriver", &["--version"]) || !available("chromium", &["--version"]) {
        return;
    }
    let tmp = common::TempDir::new("serve-browser");
    let campaign = tmp.path().join("临沂幼儿园");
    copy_dir(Path::new(common::SAMPLE), &campaign);
    std::fs::remove_file(campaign.join("snapshots/2019-12.yaml")).expect("remove december");
    let wrong = returns(&tmp.path().join("收到的报表"), true);
    let fixed = returns(&tmp.path().join("改正后的报表"), false);

    let server = Server::start(&campaign);
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/fontconfig/fonts.conf");
    let b = Browser::start(1366, 768, &fonts);
    let shots = screens();
    let base = &server.base;

    // 1. Collect: the fifteen returns at once, two of them wrong.
    b.go(&format!("{base}/c/0/collect?period=2019-12"));
    let date = b.find("input[name=issue_date]");
    b.run("arguments[0].value = '2020-01-06';", &[&date]);
    let input = b.find("#files");
    let paths: Vec<String> = wrong.iter().map(|p| p.display().to_string()).collect();
    b.type_into(&input, &paths.join("\n"));
    b.click(&b.find("#upload"));
    // The page before the upload shows 有误 0 too: wait for the rows marked wrong.
    let page = b.wait_until("the two wrong returns shown", |html| {
        html.contains("id=\"imported\"") && html.contains("state-faulty")
    });
    b.screenshot(&shots.join("1-collect-errors.png"));
    for (unit, fix) in [("罗庄区", "不是整数"), ("费县", "不能为负数")] {
        let row = page
            .split("<tr class=\"state-faulty\"")
            .skip(1)
            .find(|r| r.contains(unit))
            .unwrap_or_else(|| panic!("{unit} not marked 有误"));
        let row = row.split("</tr>").next().unwrap_or_default();
        assert!(row.contains(fix), "{unit}: {row}");
        assert!(
            row.contains("B2") || row.contains("C2"),
            "{unit}: no cell in {row}"
        );
    }
    assert_eq!(
        page.matches("<tr class=\"state-faulty\"").count(),
        2,
        "only two rows are wrong"
    );
    // Each unit's valid return is taken at once; the two wrong ones wait for their fix.
    let taken = std::fs::read_to_string(campaign.join("snapshots/2019-12.yaml")).expect("taken");
    assert!(
        taken.contains("    lanshan:")
            && !taken.contains("luozhuang:")
            && !taken.contains("feixian:"),
        "{taken}"
    );
    // The 催报 message names the two to send again; it copies with one click.
    assert!(
        page.contains("【催报】2019年12月城镇居住区配套幼儿园专项整治进展情况：罗庄区、费县报送的报表有误，请按反馈的单元格改正后重新报送。市整治办"),
        "no reminder for the units not taken: {page}"
    );
    b.click(&b.find("button.copy"));
    b.wait_for("已复制");
    b.run(
        "arguments[0].scrollIntoView();",
        &[&b.find("tr[data-unit=luozhuang]")],
    );
    b.screenshot(&shots.join("1b-collect-rows.png"));
    b.run("window.scrollTo(0, 0);", &[]);

    // 2. The two fixed returns, uploaded again under the same names (the issue date was
    // written with the first batch).
    let input = b.find("#files");
    let again: Vec<String> = fixed
        .iter()
        .filter(|p| {
            let name = p.display().to_string();
            name.contains("罗庄区") || name.contains("费县")
        })
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(again.len(), 2);
    b.type_into(&input, &again.join("\n"));
    b.click(&b.find("#upload"));
    // The page before the click may show id="imported" too: wait for the one without errors.
    let page = b.wait_until("the fixed returns taken", |html| {
        html.contains("id=\"imported\"") && !html.contains("state-faulty")
    });
    b.screenshot(&shots.join("2-collect-imported.png"));
    assert!(!page.contains("state-faulty"), "still wrong after the fix");
    assert!(
        page.contains("id=\"all-in\""),
        "a reminder after all are in"
    );
    let snapshot =
        std::fs::read_to_string(campaign.join("snapshots/2019-12.yaml")).expect("snapshot");
    assert!(snapshot.contains("issue_date: 2020-01-06"), "{snapshot}");
    assert!(snapshot.contains("done: 16"), "{snapshot}");
    assert!(
        campaign.join("returns/2019-12/旧版").is_dir(),
        "the wrong returns were not kept"
    );

    // 3. The home page shows the month.
    b.go(&format!("{base}/c/0/"));
    let home = b.wait_for("报送情况");
    b.screenshot(&shots.join("3-home.png"));
    assert!(
        home.contains("145"),
        "the total 145 is not on the home page"
    );
    assert!(
        home.contains("共 15 个县区：已报 11 · 与上月相同 4 · 未报 0 · 有误 0"),
        "{home}"
    );
    b.run(
        "arguments[0].scrollIntoView();",
        &[&b.find("table.ranking")],
    );
    b.screenshot(&shots.join("3b-home-ranking.png"));
    // The header's period switcher opens another period (by the page's script).
    b.run(
        "arguments[0].value = '2019-11'; arguments[0].dispatchEvent(new Event('change'));",
        &[&b.find("#period-select")],
    );
    b.wait_until("November's home", |html| {
        html.contains("2019年11月<small>月度工作通报</small>")
    });
    assert!(b.url().ends_with("period=2019-11"), "{}", b.url());

    // 4. Write: the words and a leader's instruction; the draft is built and previewed.
    b.go(&format!("{base}/c/0/write?period=2019-12"));
    let instruction = "市委主要负责同志批示：“要坚持问题导向，确保百日攻坚任务全面完成。”";
    b.type_into(&b.find("textarea[name=instruction]"), instruction);
    let summary = b.find("textarea[name=summary]");
    b.clear(&summary);
    b.type_into(
        &summary,
        "各县区认真落实市委、市政府部署，集中攻坚，整治工作取得阶段性成效。",
    );
    b.type_into(
        &b.find("textarea[name=problems]"),
        "部分县区整治进度仍然滞后\n个别县区本月无新增",
    );
    b.type_into(
        &b.find("textarea[name=demands]"),
        "严格督导问责。\n巩固整治成果。",
    );
    b.click(&b.find("#save"));
    let page = b.wait_for("id=\"saved\"");
    b.screenshot(&shots.join("4-write-saved.png"));
    assert!(page.contains("草稿与数据一致，可以发布"), "review: {page}");
    let snapshot =
        std::fs::read_to_string(campaign.join("snapshots/2019-12.yaml")).expect("snapshot");
    assert!(
        snapshot.contains("instruction:") && snapshot.contains("done: 30"),
        "{snapshot}"
    );
    let md = std::fs::read_to_string(campaign.join("out/2019-12/bulletin.md")).expect("draft");
    assert!(md.contains("要坚持问题导向"), "{md}");

    // 5. The preview is the HTML bulletin.
    b.go(&format!("{base}/c/0/draft/bulletin.html?period=2019-12"));
    let preview = b.wait_for("要坚持问题导向");
    b.screenshot(&shots.join("5-preview.png"));
    assert!(preview.contains("145"));

    // 6. The notices the rules call for, drafted; then publish with copies and notices.
    b.go(&format!("{base}/c/0/publish?period=2019-12"));
    let page = b.wait_for("id=\"review-ok\"");
    assert!(page.contains("id=\"due-notices\""), "no notices listed");
    b.click(&b.find("#draft-notices"));
    let page = b.wait_for("id=\"notice-drafts\"");
    assert!(
        page.contains("id=\"with-notices\""),
        "notices not offered with the bulletin"
    );
    b.screenshot(&shots.join("6-publish.png"));
    b.click(&b.find("#publish"));
    let archive = b.wait_for("id=\"published\"");
    b.screenshot(&shots.join("7-archive.png"));
    assert!(archive.contains("id=\"verify-ok\""), "{archive}");
    assert!(archive.contains("编号副本"), "no copies: {archive}");
    assert!(
        archive.contains("所列通知") && archive.contains("临整督〔2020〕1号"),
        "no notices in the archive: {archive}"
    );

    // 7. The archive's index opens.
    b.go(&format!("{base}/c/0/archive/files/index.html"));
    b.wait_for("第4期");
    b.screenshot(&shots.join("8-index.png"));
    // Its links work inside the workbench: the PDF.
    b.click(&b.find("a[href$='bulletin.html']"));
    b.wait_for("要坚持问题导向");
    assert!(b.url().contains("/c/0/archive/files/"), "{}", b.url());
}
