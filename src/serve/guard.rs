//! The rules every request passes before a handler sees it, and the headers every answer
//! carries:
//! - the `Host` must be the address served (a loopback name when serving loopback): a page of
//!   another site cannot reach the workbench through a name it controls (DNS rebinding);
//! - a request that changes anything (any method but GET and HEAD) must come from the
//!   workbench's own pages: `Sec-Fetch-Site: same-origin`, or an `Origin` equal to the
//!   workbench's; with neither it is refused;
//! - off loopback, everything but the sign-in page and the style sheet and script needs an
//!   open session;
//! - every answer forbids framing by others, sniffing and caching, and carries a
//!   Content-Security-Policy with no inline script (the pages' only script is `/static/app.js`).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::auth::token_in;
use super::error::ServeError;
use super::state::AppState;

/// The workbench pages' Content-Security-Policy: like the HTML bulletin's (no inline script,
/// nothing from elsewhere), plus its own script, style sheet, forms and frames.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-src 'self'; \
frame-ancestors 'self'; base-uri 'none'";

/// Paths open without a session.
fn is_open_path(path: &str) -> bool {
    path == "/login" || path.starts_with("/static/")
}

/// Whether `host` (a `Host` header) names a loopback address.
fn is_loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// Why a state-changing request is not from the workbench's own pages, if it is not.
pub(super) fn cross_origin(method: &Method, headers: &HeaderMap) -> Option<&'static str> {
    if matches!(*method, Method::GET | Method::HEAD) {
        return None;
    }
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site != "same-origin"
    {
        return Some("请求来自其他网站或页面（Sec-Fetch-Site）");
    }
    let host = text(header::HOST)?;
    match text(header::ORIGIN) {
        Some(origin) if origin == format!("http://{host}") => None,
        Some(_) => Some("请求来自其他网站（Origin 与本工作台不符）"),
        None if headers.contains_key("sec-fetch-site") => None,
        None => Some("请求没有说明来源（缺少 Origin）"),
    }
}

/// The guard, as an axum middleware.
pub(super) async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let loopback_only = state.inner.auth.is_none();
    if host.is_empty() || (loopback_only && !is_loopback_host(host)) {
        return with_headers(
            ServeError::refused(
                StatusCode::MISDIRECTED_REQUEST,
                "工作台只接受以本机地址（127.0.0.1 或 localhost）访问的请求",
            )
            .into_response(),
        );
    }
    if let Some(why) = cross_origin(request.method(), headers) {
        return with_headers(
            ServeError::refused(
                StatusCode::FORBIDDEN,
                format!("已拒绝：{why}。请在工作台自己的页面上操作"),
            )
            .into_response(),
        );
    }
    if let Some(auth) = &state.inner.auth
        && !is_open_path(request.uri().path())
    {
        let signed_in = headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(token_in)
            .is_some_and(|t| auth.is_open(t));
        if !signed_in {
            let response = if request.method() == Method::GET {
                Redirect::to("/login").into_response()
            } else {
                ServeError::refused(StatusCode::UNAUTHORIZED, "请先登录").into_response()
            };
            return with_headers(response);
        }
    }
    with_headers(next.run(request).await)
}

fn with_headers(mut response: Response<Body>) -> Response<Body> {
    let h = response.headers_mut();
    let fixed = [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "SAMEORIGIN"),
        ("referrer-policy", "same-origin"),
        ("cache-control", "no-store"),
    ];
    for (name, value) in fixed {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    }
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(CSP));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts_are_told_apart_from_others() {
        for h in [
            "127.0.0.1:8080",
            "localhost:1",
            "[::1]:80",
            "127.0.0.2",
            "LOCALHOST",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "example.com",
            "192.168.1.2:8080",
            "localhost.evil.com:80",
            "[::2]:80",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}
