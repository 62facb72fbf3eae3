//! The workbench's safety rules, each tested on the router itself (no socket): cross-origin
//! requests, foreign hosts, upload names and sizes, hostile files, the password off loopback,
//! concurrent publishes; and the pages answer on the sample.

mod common;

use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::http::{Request, Response, StatusCode, header};
use http_body_util::BodyExt;
use tongbao::serve::{AppState, Auth, hash_password, router};
use tower::ServiceExt;

use common::zipbomb::{declare_size, one_entry_zip};
use common::{TempDir, file_tree, sample_copy};

const HOST: &str = "127.0.0.1:8080";
const ORIGIN: &str = "http://127.0.0.1:8080";

fn app(dir: &Path) -> axum::Router {
    router(
        AppState::new(&[dir.to_path_buf()], None)
            .expect("state")
            .with_key(Some(common::test_key(dir))),
    )
}

async fn send(
    app: &axum::Router,
    request: Request<Body>,
) -> (StatusCode, Vec<(String, String)>, String) {
    let response: Response<Body> = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (
        status,
        headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, HOST)
        .body(Body::empty())
        .expect("request")
}

fn post_form(path: &str, origin: Option<&str>, body: &str) -> Request<Body> {
    let mut r = Request::post(path)
        .header(header::HOST, HOST)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        r = r.header(header::ORIGIN, o);
    }
    r.body(Body::from(body.to_string())).expect("request")
}

/// A multipart body with the text `fields` and the files (name, bytes).
fn multipart_with(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----tongbao-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .bytes(),
        );
    }
    for (name, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn upload(c_path: &str, period: &str, files: &[(&str, &[u8])]) -> Request<Body> {
    upload_with(c_path, &[("period", period)], files)
}

fn upload_with(c_path: &str, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Request<Body> {
    let (kind, body) = multipart_with(fields, files);
    Request::post(c_path)
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, kind)
        .body(Body::from(body))
        .expect("request")
}

fn header_of<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn the_home_page_shows_the_board_the_ranking_and_the_charts_under_the_csp() {
    let app = app(Path::new(common::SAMPLE));
    let (status, headers, body) = send(&app, get("/c/0/")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for text in [
        "报送情况",
        "兰山区",
        "序时进度",
        "<svg",
        "完成率逐期趋势",
        "第4期",
    ] {
        assert!(body.contains(text), "{text} missing");
    }
    let csp = header_of(&headers, "content-security-policy").expect("csp");
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!body.contains("<script>"), "inline script");
    assert_eq!(header_of(&headers, "x-frame-options"), Some("SAMEORIGIN"));
}

/// The board's rows as the page shows them: (unit, state), in page order.
fn board_rows(page: &str) -> Vec<(String, String)> {
    let table = page
        .split("<table class=\"board\" id=\"units\">")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("no board in {page}"));
    table
        .split("<tr class=\"state-")
        .skip(1)
        .map(|row| {
            let cell = |from: &str| -> String {
                row.split(from)
                    .nth(1)
                    .and_then(|r| r.split('<').next())
                    .unwrap_or("")
                    .to_string()
            };
            (cell("<td>"), cell("<span class=\"tag\">"))
        })
        .collect()
}

/// `tongbao status` of `dir` as (unit, state) per unit, and its summary line.
fn cli_status(dir: &Path, period: &[&str]) -> (Vec<(String, String)>, String) {
    let mut args = vec!["status", dir.to_str().expect("dir")];
    args.extend(period);
    let o = common::tongbao(dir, &args);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let summary = out.lines().next().unwrap_or("").to_string();
    let rows = out
        .lines()
        .skip(1)
        .filter(|l| !l.starts_with('　') && !l.starts_with("报表中的其他问题"))
        .map(|l| {
            let (state, rest) = l.split_once("  ").unwrap_or((l, ""));
            let name = rest.split("  ").next().unwrap_or("");
            (name.to_string(), state.trim_end_matches('　').to_string())
        })
        .collect();
    (rows, summary)
}

#[tokio::test]
async fn the_home_board_says_what_tongbao_status_says_with_each_faulty_units_errors_on_its_row() {
    let (_tmp, dir) = sample_copy("serve-board");
    let app = app(&dir);
    let header = "县区,累计完成数,其中：办成公办园,其中：委托办成普惠性民办园\n";
    let wrong = format!("{header}罗庄区,十六,7,9\n");
    let right = format!("{header}兰山区,30,12,18\n");
    let files: [(&str, &[u8]); 2] = [
        ("填报表-2020-01-罗庄区.csv", wrong.as_bytes()),
        ("填报表-2020-01-兰山区.csv", right.as_bytes()),
    ];
    let fields = [("period", "2020-01"), ("issue_date", "2020-02-05")];
    let (status, _, body) = send(&app, upload_with("/c/0/collect", &fields, &files)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, _, home) = send(&app, get("/c/0/")).await;
    assert_eq!(status, StatusCode::OK, "{home}");
    let (cli, summary) = cli_status(&dir, &[]);
    assert_eq!(
        summary,
        "2020-01 报送情况：共 15 个县区，已报 0，与上月相同 1，未报 13，有误 1"
    );
    assert_eq!(cli.len(), 15);
    assert_eq!(
        board_rows(&home),
        cli,
        "the home page and tongbao status differ"
    );
    assert!(
        home.contains("共 15 个县区：已报 0 · 与上月相同 1 · 未报 13 · 有误 1"),
        "{home}"
    );
    // The faulty unit's row holds its error, with the cell and what to write.
    let row = home
        .split("<tr class=\"state-faulty\" data-unit=\"luozhuang\">")
        .nth(1)
        .and_then(|r| r.split("</tr>").next())
        .unwrap_or_else(|| panic!("罗庄区 is not 有误: {home}"));
    assert!(
        row.contains(
            "<li>填报表-2020-01-罗庄区!B2：“十六”不是整数，请填写阿拉伯数字（例如 30）</li>"
        ),
        "{row}"
    );
    // The unit taken names its file and cells.
    assert!(
        home.contains("填报表-2020-01-兰山区.csv 填报表-2020-01-兰山区!A2:D2"),
        "{home}"
    );
    // The collect page shows the same board, and the 催报 message for the one to send again.
    let (_, _, collect) = send(&app, get("/c/0/collect")).await;
    assert_eq!(board_rows(&collect), cli);
    assert!(
        collect.contains("【催报】2020年1月城镇居住区配套幼儿园专项整治进展情况：河东区、郯城县、兰陵县、沂水县、沂南县、平邑县、费县、蒙阴县、莒南县、临沭县、临沂高新技术产业开发区、临沂经济技术开发区、临沂临港经济开发区尚未报送，请尽快报送（填报表见附件）；罗庄区报送的报表有误，请按反馈的单元格改正后重新报送。市整治办"),
        "{collect}"
    );
}

#[tokio::test]
async fn the_next_months_collect_page_lists_every_unit_to_remind() {
    let (_tmp, dir) = sample_copy("serve-remind");
    let app = app(&dir);
    let (status, _, page) = send(&app, get("/c/0/collect?period=2020-01")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (cli, summary) = cli_status(&dir, &["--period", "2020-01"]);
    assert_eq!(
        summary,
        "2020-01 报送情况：共 15 个县区，已报 0，与上月相同 0，未报 15，有误 0"
    );
    assert_eq!(board_rows(&page), cli);
    assert!(
        page.contains("name=\"issue_date\""),
        "a new month asks its 印发日期"
    );
    assert!(
        page.contains("【催报】2020年1月城镇居住区配套幼儿园专项整治进展情况：兰山区、罗庄区、河东区、郯城县、兰陵县、沂水县、沂南县、平邑县、费县、蒙阴县、莒南县、临沭县、临沂高新技术产业开发区、临沂经济技术开发区、临沂临港经济开发区尚未报送，请尽快报送（填报表见附件）。市整治办"),
        "{page}"
    );
    // A period neither stored nor next is not invented.
    let (status, _, _) = send(&app, get("/c/0/collect?period=2021-05")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_campaign_with_weeks_offers_each_period_kind_on_every_page() {
    let tmp = TempDir::new("serve-weeks");
    let dir = tmp.path().join("c");
    common::copy_dir(Path::new(common::SAMPLE_TOILETS), &dir);
    let app = app(&dir);
    // Every page answers for a month, a week, a quarter and the week whose returns come next.
    for period in ["2024-10", "2024-W43", "2024-Q3", "2024-Q4"] {
        for page in ["", "collect", "write", "publish"] {
            let path = format!("/c/0/{page}?period={period}");
            let (status, _, body) = send(&app, get(&path)).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            // The switcher lists the months, the weeks and the quarters, this one chosen.
            for option in [
                "<option value=\"2024-10\"",
                "<option value=\"2024-W40\"",
                "<option value=\"2024-Q3\"",
            ] {
                assert!(body.contains(option), "{path}: no {option}");
            }
            // A quarter has no returns: its collect page is its latest month's.
            let shown = match (page, period) {
                ("collect", "2024-Q3") => "2024-09",
                ("collect", "2024-Q4") => "2024-10",
                _ => period,
            };
            assert!(
                body.contains(&format!("<option value=\"{shown}\" selected>")),
                "{path}: {shown} not chosen"
            );
        }
    }
    let (_, _, week) = send(&app, get("/c/0/?period=2024-W43")).await;
    for text in [
        "2024年第43周<small>每周工作调度</small>",
        "与上周相同 1",
        "<th>等次</th>",
        "style=\"background:#C6EFCE\">绿灯</td>",
    ] {
        assert!(week.contains(text), "the week's home has no {text}");
    }
    let (_, _, next) = send(&app, get("/c/0/collect?period=2024-W44")).await;
    assert!(next.contains("未报 10"), "{next}");
    let (_, _, write) = send(&app, get("/c/0/write?period=2024-W43")).await;
    assert!(write.contains("id=\"week-note\""), "{write}");
    // A quarter has no words to write: the page says so and offers its draft.
    let (_, _, quarter) = send(&app, get("/c/0/write?period=2024-Q3")).await;
    assert!(
        quarter.contains("id=\"quarter-note\"") && !quarter.contains("name=\"summary\""),
        "{quarter}"
    );
    let (status, _, body) = send(
        &app,
        post_form("/c/0/write", Some(ORIGIN), "period=2024-Q3&summary=x"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    // The drafts are the week's 调度 and the quarter's 督导通报.
    for (period, title) in [
        (
            "2024-W43",
            "title: \"2024年第43周全市农村户厕改造提升工作调度情况\"",
        ),
        (
            "2024-Q3",
            "title: \"关于2024年第三季度全市农村户厕改造提升工作督导情况的通报\"",
        ),
    ] {
        let (status, _, body) = send(
            &app,
            post_form("/c/0/draft", Some(ORIGIN), &format!("period={period}")),
        )
        .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
        let md =
            std::fs::read_to_string(dir.join(format!("out/{period}/bulletin.md"))).expect("draft");
        assert!(md.contains(title), "{period}: {md}");
    }
}

#[tokio::test]
async fn a_cross_origin_post_is_refused_and_writes_nothing() {
    let (_tmp, dir) = sample_copy("serve-csrf");
    let before = file_tree(&dir);
    let app = app(&dir);
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let (status, _, body) = send(&app, post_form("/c/0/draft", origin, "period=2019-12")).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin:?}: {body}");
        assert!(body.contains("已拒绝"), "{body}");
    }
    let cross_site = Request::post("/c/0/draft")
        .header(header::HOST, HOST)
        .header(header::ORIGIN, ORIGIN)
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("period=2019-12"))
        .expect("request");
    assert_eq!(send(&app, cross_site).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        file_tree(&dir),
        before,
        "a refused request changed the campaign folder"
    );
    // The same request from the workbench's own page goes through.
    let (status, _, body) = send(
        &app,
        post_form("/c/0/draft", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(dir.join("out/2019-12/bulletin.pdf").is_file());
}

#[tokio::test]
async fn every_route_that_changes_something_refuses_a_cross_origin_request() {
    let (_tmp, dir) = sample_copy("serve-csrf-all");
    let before = file_tree(&dir);
    let app = app(&dir);
    let routes = [
        "/login",
        "/logout",
        "/c/0/collect",
        "/c/0/write",
        "/c/0/draft",
        "/c/0/wording",
        "/c/0/publish",
        "/c/0/notices",
        "/c/0/notices/publish",
    ];
    for route in routes {
        for origin in [Some("http://evil.example"), None] {
            let (status, _, body) = send(&app, post_form(route, origin, "period=2019-12")).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{route} {origin:?}: {body}");
        }
        let (kind, body) = multipart_with(&[("period", "2019-12")], &[]);
        let cross_site = Request::post(route)
            .header(header::HOST, HOST)
            .header(header::ORIGIN, ORIGIN)
            .header("sec-fetch-site", "cross-site")
            .header(header::CONTENT_TYPE, kind)
            .body(Body::from(body))
            .expect("request");
        assert_eq!(
            send(&app, cross_site).await.0,
            StatusCode::FORBIDDEN,
            "{route}"
        );
    }
    assert_eq!(
        file_tree(&dir),
        before,
        "a refused request changed the folder"
    );
}

#[tokio::test]
async fn more_files_than_one_upload_may_hold_are_refused_and_nothing_is_written() {
    let (_tmp, dir) = sample_copy("serve-count");
    let before = file_tree(&dir);
    let app = app(&dir);
    let csv: &[u8] = "县区,累计完成数\n兰山区,30\n".as_bytes();
    let names: Vec<String> = (0..=tongbao::returns::MAX_FILES)
        .map(|i| format!("兰山区-{i}.csv"))
        .collect();
    let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), csv)).collect();
    let (status, _, body) = send(&app, upload("/c/0/collect", "2019-12", &files)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("一次最多上传 500 个文件"), "{body}");
    assert_eq!(file_tree(&dir), before, "a refused upload wrote a file");
}

#[tokio::test]
async fn after_ten_wrong_passwords_even_the_right_one_is_refused_for_a_while() {
    let dir = PathBuf::from(common::SAMPLE);
    let auth = Auth::from_hash(&hash_password("办公室的密码2024").expect("hash")).expect("auth");
    let app = router(AppState::new(std::slice::from_ref(&dir), Some(auth)).expect("state"));
    let sign_in = |password: &str| {
        Request::post("/login")
            .header(header::HOST, "192.168.1.20:8080")
            .header(header::ORIGIN, "http://192.168.1.20:8080")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("password={password}")))
            .expect("r")
    };
    for _ in 0..10 {
        let (status, _, _) = send(&app, sign_in("guess")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    let right: String = "办公室的密码2024"
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect();
    let (status, headers, body) = send(&app, sign_in(&right)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(header_of(&headers, "set-cookie").is_none());
    assert!(body.contains("密码错误次数过多"), "{body}");
}

#[tokio::test]
async fn a_request_for_another_host_name_is_refused_on_loopback() {
    let app = app(Path::new(common::SAMPLE));
    let request = Request::get("/c/0/")
        .header(header::HOST, "attacker.example:8080")
        .body(Body::empty())
        .expect("request");
    let (status, _, _) = send(&app, request).await;
    assert_eq!(status, StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn upload_names_with_folders_or_absolute_paths_are_refused_and_nothing_lands_outside() {
    let (_tmp, dir) = sample_copy("serve-names");
    let before = file_tree(&dir);
    let app = app(&dir);
    let csv: &[u8] = "县区,累计完成数\n".as_bytes();
    let names = [
        "../campaign.yaml.csv",
        "../../evil.csv",
        "/etc/passwd.csv",
        "C:\\Windows\\x.xlsx",
        "..\\..\\x.xlsx",
        "snapshots/2019-12.yaml",
        ".hidden.csv",
    ];
    for name in names {
        let (status, _, body) = send(&app, upload("/c/0/collect", "2019-12", &[(name, csv)])).await;
        assert_eq!(status, StatusCode::OK, "{name}: {body}");
        assert!(
            body.contains("未接收的文件") && body.contains("不可用"),
            "{name}: {body}"
        );
    }
    let after = file_tree(&dir);
    assert_eq!(after, before, "a refused name wrote a file");
    assert!(!dir.parent().expect("parent").join("evil.csv").exists());
}

#[tokio::test]
async fn an_oversized_upload_is_refused() {
    let (_tmp, dir) = sample_copy("serve-size");
    let before = file_tree(&dir);
    let app = app(&dir);
    // Over the request limit: refused while it is read.
    let huge = vec![b'0'; tongbao::serve::MAX_BODY_BYTES + 1024];
    let (status, _, _) = send(
        &app,
        upload("/c/0/collect", "2019-12", &[("兰山区.csv", &huge)]),
    )
    .await;
    assert!(
        status == StatusCode::PAYLOAD_TOO_LARGE || status == StatusCode::UNPROCESSABLE_ENTITY,
        "{status}"
    );
    // Within the request limit, over the file limit: refused by name.
    let big = vec![b'0'; tongbao::returns::MAX_FILE_BYTES + 1];
    let (status, _, body) = send(
        &app,
        upload("/c/0/collect", "2019-12", &[("兰山区.csv", &big)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("超过上限"), "{body}");
    assert_eq!(file_tree(&dir), before);
}

#[tokio::test]
async fn a_hostile_upload_is_shown_on_its_units_row_and_the_data_stays_as_it_was() {
    let (_tmp, dir) = sample_copy("serve-hostile");
    let snapshot = std::fs::read(dir.join("snapshots/2019-12.yaml")).expect("snapshot");
    let app = app(&dir);
    // Not a workbook at all, and a ZIP bomb (declares 4 GB unpacked).
    let mut bomb = one_entry_zip("xl/worksheets/sheet1.xml", 1000);
    declare_size(&mut bomb, 0xFFFF_FFF0);
    let files: [(&str, &[u8]); 2] = [
        ("填报表-2019-12-兰山区.xlsx", b"PK\x03\x04 not really"),
        ("填报表-2019-12-沂南县.xlsx", &bomb),
    ];
    let (status, _, body) = send(&app, upload("/c/0/collect", "2019-12", &files)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.contains("ZIP 炸弹"), "{body}");
    // Each problem is on its unit's row.
    for unit in ["兰山区", "沂南县"] {
        let row = body
            .split("<tr class=\"state-faulty\"")
            .skip(1)
            .find(|r| r.contains(unit))
            .unwrap_or_else(|| panic!("{unit} is not marked 有误: {body}"));
        assert!(row.contains("cell-problems"), "{row}");
    }
    assert_eq!(
        std::fs::read(dir.join("snapshots/2019-12.yaml")).expect("snapshot"),
        snapshot,
        "a hostile return changed the snapshot"
    );
}

#[tokio::test]
async fn off_loopback_a_password_is_required_and_a_wrong_one_refused() {
    let dir = PathBuf::from(common::SAMPLE);
    let auth = Auth::from_hash(&hash_password("办公室的密码2024").expect("hash")).expect("auth");
    let app = router(AppState::new(std::slice::from_ref(&dir), Some(auth)).expect("state"));
    let lan = |r: axum::http::request::Builder| r.header(header::HOST, "192.168.1.20:8080");
    // No session: the page redirects to sign in, a POST is refused.
    let (status, headers, _) = send(
        &app,
        lan(Request::get("/c/0/")).body(Body::empty()).expect("r"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(header_of(&headers, "location"), Some("/login"));
    let sign_in = |password: &str| {
        lan(Request::post("/login"))
            .header(header::ORIGIN, "http://192.168.1.20:8080")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(format!("password={password}")))
            .expect("r")
    };
    let (status, headers, body) = send(&app, sign_in("wrong-password")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert!(header_of(&headers, "set-cookie").is_none());
    assert!(body.contains("密码不对"));
    let encoded: String = "办公室的密码2024"
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let (status, headers, _) = send(&app, sign_in(&encoded)).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let cookie = header_of(&headers, "set-cookie")
        .expect("cookie")
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let token = cookie.split(';').next().expect("pair").to_string();
    let (status, _, body) = send(
        &app,
        lan(Request::get("/c/0/"))
            .header(header::COOKIE, &token)
            .body(Body::empty())
            .expect("r"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // A made-up session is not a session.
    let (status, _, _) = send(
        &app,
        lan(Request::get("/c/0/"))
            .header(header::COOKIE, "tongbao_session=00ff")
            .body(Body::empty())
            .expect("r"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

#[test]
fn serving_off_loopback_without_a_password_is_refused_before_binding() {
    let config = tongbao::serve::Config {
        dirs: vec![PathBuf::from(common::SAMPLE)],
        listen: "0.0.0.0:0".parse().expect("addr"),
        auth: None,
        key: None,
    };
    let err = tongbao::serve::run(config, |_| panic!("must not start")).expect_err("refused");
    assert!(err.to_string().contains("需要先设置密码"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_tabs_publishing_at_once_get_one_number() {
    let (_tmp, dir) = sample_copy("serve-publish");
    let app = app(&dir);
    let (status, _, body) = send(
        &app,
        post_form("/c/0/draft", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let publish = || {
        send(
            &app,
            post_form("/c/0/publish", Some(ORIGIN), "period=2019-12"),
        )
    };
    let (a, b) = tokio::join!(publish(), publish());
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::SEE_OTHER, StatusCode::UNPROCESSABLE_ENTITY],
        "{} / {}",
        a.2,
        b.2
    );
    let refused = if a.0 == StatusCode::UNPROCESSABLE_ENTITY {
        &a.2
    } else {
        &b.2
    };
    assert!(refused.contains("已经发布"), "{refused}");
    let issues: Vec<_> = std::fs::read_dir(dir.join("archive"))
        .expect("archive")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("manifest.json").is_file())
        .collect();
    assert_eq!(issues.len(), 1, "two issues published");
    let (status, _, body) = send(&app, get("/c/0/archive")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("存档完好"), "{body}");
}

#[tokio::test]
async fn an_archive_file_is_served_only_by_a_path_the_archive_lists() {
    let (_tmp, dir) = sample_copy("serve-files");
    let app = app(&dir);
    send(
        &app,
        post_form("/c/0/draft", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    let (status, _, body) = send(
        &app,
        post_form("/c/0/publish", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (status, _, body) = send(&app, get("/c/0/archive/files/index.html")).await;
    assert_eq!(status, StatusCode::OK);
    // The archive's index carries the home page's charts.
    assert!(body.contains("<html") && body.contains("<svg"), "{body}");
    // One issue is no trend yet: the rates chart only.
    assert!(!body.contains("完成率逐期趋势") && body.contains("各单位完成率"));
    // An issue's files are there by the paths the index links.
    let folder = std::fs::read_dir(dir.join("archive"))
        .expect("archive")
        .filter_map(|e| e.ok())
        .find(|e| e.path().join("manifest.json").is_file())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .expect("an issue folder");
    let (status, headers, _) = send(
        &app,
        get(&format!("/c/0/archive/files/{folder}/bulletin.pdf")),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, "content-type"), Some("application/pdf"));
    for bad in [
        "../campaign.yaml",
        "..%2Fcampaign.yaml",
        "%2E%2E/campaign.yaml",
        "/etc/passwd",
        "%2Fetc%2Fpasswd",
        ".lock",
        &format!("{folder}/../../campaign.yaml"),
        &format!("{folder}/./manifest.json"),
    ] {
        let (status, _, _) = send(&app, get(&format!("/c/0/archive/files/{bad}"))).await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{bad}: {status}"
        );
    }
    let (status, _, _) = send(
        &app,
        get("/c/0/draft/..%2F..%2Fcampaign.yaml?period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // A symbolic link put into the archive is listed, but never followed.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(
            dir.join("campaign.yaml"),
            dir.join("archive").join(&folder).join("link.yaml"),
        )
        .expect("symlink");
        let (status, _, body) =
            send(&app, get(&format!("/c/0/archive/files/{folder}/link.yaml"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
        assert!(!body.contains("units:"), "{body}");
    }
    let _ = TempDir::new("unused");
}

#[tokio::test]
async fn the_counties_forms_download_for_the_next_month_whole_or_per_unit() {
    let app = app(Path::new(common::SAMPLE));
    for (query, name) in [
        ("period=2020-01", "%E5%A1%AB%E6%8A%A5%E8%A1%A8-2020-01.xlsx"),
        (
            "period=2020-01&unit=lanshan",
            "%E5%A1%AB%E6%8A%A5%E8%A1%A8-2020-01-%E5%85%B0%E5%B1%B1%E5%8C%BA.xlsx",
        ),
    ] {
        let response = app
            .clone()
            .oneshot(get(&format!("/c/0/form.xlsx?{query}")))
            .await
            .expect("response");
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        let disposition = response.headers()[header::CONTENT_DISPOSITION]
            .to_str()
            .expect("ascii")
            .to_string();
        assert!(disposition.ends_with(name), "{disposition}");
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        assert!(bytes.starts_with(b"PK"), "not an xlsx");
    }
    let (status, _, body) = send(&app, get("/c/0/form.xlsx?period=2020-01&unit=nowhere")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn the_notices_are_listed_with_their_grounds_drafted_and_published_with_the_bulletin() {
    let (_tmp, dir) = sample_copy("serve-notices");
    let app = app(&dir);
    send(
        &app,
        post_form("/c/0/draft", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    // The publish page lists who gets which notice and why, before anything is drafted.
    let (status, _, page) = send(&app, get("/c/0/publish?period=2019-12")).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let due = page
        .split("id=\"due-notices\"")
        .nth(1)
        .and_then(|t| t.split("</table>").next())
        .unwrap_or_else(|| panic!("no notices listed: {page}"));
    for text in [
        "约谈通知书",
        "沂南县",
        "督办单",
        "临整督〔2020〕1号",
        "完成率",
    ] {
        assert!(due.contains(text), "{text} missing in {due}");
    }
    assert!(!page.contains("id=\"with-notices\""), "nothing drafted yet");
    // Drafted as `tongbao notices` drafts them, into out/<期间>/notices/.
    let (status, _, body) = send(
        &app,
        post_form("/c/0/notices", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let drafts = dir.join("out/2019-12/notices");
    assert!(drafts.join("notices.json").is_file());
    let (_, _, page) = send(&app, get("/c/0/publish?period=2019-12")).await;
    assert!(page.contains("id=\"with-notices\""), "{page}");
    let pdf = "/c/0/notices/%E7%BA%A6%E8%B0%88%E9%80%9A%E7%9F%A5%E4%B9%A6-%E6%B2%82%E5%8D%97%E5%8E%BF.pdf?period=2019-12";
    assert!(page.contains(pdf), "no link to the drafted PDF: {page}");
    let (status, headers, body) = send(&app, get(pdf)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(header_of(&headers, "content-type"), Some("application/pdf"));
    assert!(body.starts_with("%PDF"));
    // Only the files the drafts' record lists are served.
    for bad in [
        "notices.json",
        "..%2F..%2F..%2Fcampaign.yaml",
        "%E7%BA%A6%E8%B0%88%E9%80%9A%E7%9F%A5%E4%B9%A6-%E6%B2%82%E5%8D%97%E5%8E%BF.html",
    ] {
        let (status, _, _) = send(&app, get(&format!("/c/0/notices/{bad}?period=2019-12"))).await;
        assert!(
            status == StatusCode::NOT_FOUND || status == StatusCode::BAD_REQUEST,
            "{bad}: {status}"
        );
    }
    // Published with the bulletin.
    let (status, headers, body) = send(
        &app,
        post_form(
            "/c/0/publish",
            Some(ORIGIN),
            "period=2019-12&copies=1&notices=1",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let location = header_of(&headers, "location").unwrap_or_default();
    assert!(location.contains("/c/0/archive?published="), "{location}");
    let (status, _, archive) = send(&app, get(location)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(archive.contains("所列通知"), "{archive}");
    assert!(archive.contains("id=\"verify-ok\""), "{archive}");
    let (folders, _) = tongbao::archive::notices::scan(&dir.join("archive")).expect("scan");
    assert_eq!(folders.len(), 1);
    let m = &folders[0].manifest;
    for n in &m.notices {
        assert!(
            archive.contains(&n.doc_number),
            "{} not listed",
            n.doc_number
        );
        let href = format!(
            "/c/0/archive/files/notices/{}/{}.pdf",
            folders[0].folder.trim_start_matches("notices/"),
            n.stem
        );
        let (status, _, body) = send(&app, get(&percent(&href))).await;
        assert_eq!(status, StatusCode::OK, "{href}");
        assert!(body.starts_with("%PDF"), "{href}");
    }
    // Published: the page says so and offers no second publication.
    let (_, _, page) = send(&app, get("/c/0/publish?period=2019-12")).await;
    assert!(page.contains("id=\"notices-published\""), "{page}");
    assert!(!page.contains("id=\"publish-notices\""), "{page}");
}

/// `path` with its non-ASCII bytes percent-encoded.
fn percent(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[tokio::test]
async fn notices_drafted_after_the_bulletin_went_out_are_published_on_their_own() {
    let (_tmp, dir) = sample_copy("serve-notices-later");
    let app = app(&dir);
    send(
        &app,
        post_form("/c/0/draft", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    // Published without notices: none are in the archive, and the page offers them.
    let (status, _, body) = send(
        &app,
        post_form("/c/0/publish", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    assert!(!dir.join("archive/notices").exists());
    // Publishing notices before any are drafted is refused, the archive untouched.
    let (status, _, body) = send(
        &app,
        post_form("/c/0/notices/publish", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("没有通知草稿"), "{body}");
    assert!(!dir.join("archive/notices").exists());
    let (status, _, body) = send(
        &app,
        post_form("/c/0/notices", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let (_, _, page) = send(&app, get("/c/0/publish?period=2019-12")).await;
    assert!(page.contains("id=\"publish-notices\""), "{page}");
    // From another site: refused.
    let (status, _, _) = send(
        &app,
        post_form(
            "/c/0/notices/publish",
            Some("http://evil.example"),
            "period=2019-12",
        ),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(!dir.join("archive/notices").exists());
    let (status, headers, body) = send(
        &app,
        post_form("/c/0/notices/publish", Some(ORIGIN), "period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let location = header_of(&headers, "location").unwrap_or_default();
    assert!(location.contains("published="), "{location}");
    let (folders, _) = tongbao::archive::notices::scan(&dir.join("archive")).expect("scan");
    assert_eq!(folders.len(), 1);
    assert_eq!(folders[0].manifest.issue, 4);
    let (_, _, archive) = send(&app, get("/c/0/archive")).await;
    assert!(archive.contains("id=\"verify-ok\""), "{archive}");
}
