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

/// A multipart body with `period` and the files (name, bytes).
fn multipart(period: &str, files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----tongbao-test-boundary";
    let mut body = Vec::new();
    body.extend(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"period\"\r\n\r\n{period}\r\n"
        )
        .bytes(),
    );
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
    let (kind, body) = multipart(period, files);
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
            .split("<tr class=\"state-有误\">")
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
    let (status, _, body) = send(&app, get("/c/0/archive/file?path=index.html")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains("<html"));
    for bad in [
        "../campaign.yaml",
        "/etc/passwd",
        "..%2Fcampaign.yaml",
        "%2Fetc%2Fpasswd",
        ".lock",
    ] {
        let (status, _, _) = send(&app, get(&format!("/c/0/archive/file?path={bad}"))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{bad}");
    }
    let (status, _, _) = send(
        &app,
        get("/c/0/draft/..%2F..%2Fcampaign.yaml?period=2019-12"),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = TempDir::new("unused");
}
