//! Signing in (off loopback only): the password checked against its argon2 hash, a session
//! cookie on success; a wrong password is answered 401 after a pause.

use std::time::Duration;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

use crate::serve::auth::{Attempt, cleared_cookie, session_cookie, token_in};
use crate::serve::error::ServeError;
use crate::serve::state::AppState;
use crate::serve::view::render;

#[derive(Serialize)]
struct View {
    message: String,
}

fn login_page(state: &AppState, message: &str) -> Result<Html<String>, ServeError> {
    render(
        &state.inner.tera,
        "login.html",
        &View {
            message: message.to_string(),
        },
    )
}

/// `GET /login`.
pub(in crate::serve) async fn page(State(state): State<AppState>) -> Result<Response, ServeError> {
    if state.inner.auth.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    Ok(login_page(&state, "")?.into_response())
}

#[derive(Deserialize)]
pub(in crate::serve) struct Password {
    password: String,
}

/// `POST /login`.
pub(in crate::serve) async fn sign_in(
    State(state): State<AppState>,
    Form(form): Form<Password>,
) -> Result<Response, ServeError> {
    if state.inner.auth.is_none() {
        return Ok(Redirect::to("/").into_response());
    }
    let checking = state.clone();
    let attempt = tokio::task::spawn_blocking(move || {
        checking
            .inner
            .auth
            .as_ref()
            .map(|a| a.attempt(&form.password))
    })
    .await?;
    match (attempt, &state.inner.auth) {
        (Some(Attempt::Right), Some(auth)) => {
            let token = auth.open_session();
            Ok((
                [(header::SET_COOKIE, session_cookie(&token))],
                Redirect::to("/"),
            )
                .into_response())
        }
        (Some(Attempt::LockedOut), _) => Ok((
            StatusCode::TOO_MANY_REQUESTS,
            login_page(&state, "密码错误次数过多，请 5 分钟后再试")?,
        )
            .into_response()),
        _ => {
            tokio::time::sleep(Duration::from_millis(500)).await;
            Ok((
                StatusCode::UNAUTHORIZED,
                login_page(&state, "密码不对，请重新输入")?,
            )
                .into_response())
        }
    }
}

/// `POST /logout`.
pub(in crate::serve) async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Response {
    if let (Some(auth), Some(token)) = (
        &state.inner.auth,
        headers
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(token_in),
    ) {
        auth.close(token);
    }
    (
        [(header::SET_COOKIE, cleared_cookie())],
        Redirect::to("/login"),
    )
        .into_response()
}
