//! The style sheet and the script, built into the binary.

use axum::http::header;
use axum::response::IntoResponse;

use crate::serve::view::{CSS, SCRIPT};

pub(in crate::serve) async fn css() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS)
}

pub(in crate::serve) async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
}
