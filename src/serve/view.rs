//! The pages' templates (`templates/serve/`, built into the binary) and the one function that
//! renders a page. Every `{{ }}` is HTML-escaped; only the charts' SVG, made by
//! [`crate::render::chart`] from numbers and escaped names, is inserted as it is.

use axum::response::Html;
use serde::Serialize;
use tera::{Context, Tera};

use super::error::ServeError;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../templates/serve/layout.html.tera"),
    ),
    (
        "campaigns.html",
        include_str!("../../templates/serve/campaigns.html.tera"),
    ),
    (
        "board.html",
        include_str!("../../templates/serve/board.html.tera"),
    ),
    (
        "home.html",
        include_str!("../../templates/serve/home.html.tera"),
    ),
    (
        "collect.html",
        include_str!("../../templates/serve/collect.html.tera"),
    ),
    (
        "write.html",
        include_str!("../../templates/serve/write.html.tera"),
    ),
    (
        "publish.html",
        include_str!("../../templates/serve/publish.html.tera"),
    ),
    (
        "archive.html",
        include_str!("../../templates/serve/archive.html.tera"),
    ),
    (
        "login.html",
        include_str!("../../templates/serve/login.html.tera"),
    ),
];

/// The style sheet every page links (`/static/serve.css`).
pub(super) const CSS: &str = include_str!("../../templates/serve/serve.css");
/// The pages' one script (`/static/app.js`): drag-and-drop of returns, copying the 催报 text.
pub(super) const SCRIPT: &str = include_str!("../../templates/serve/app.js");

/// The page templates, parsed once.
pub(super) fn templates() -> Result<Tera, ServeError> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_templates(TEMPLATES.iter().copied())?;
    Ok(tera)
}

/// Renders page `name` over `view`.
pub(super) fn render(
    tera: &Tera,
    name: &str,
    view: &impl Serialize,
) -> Result<Html<String>, ServeError> {
    let context = Context::from_serialize(view)?;
    Ok(Html(tera.render(name, &context)?))
}
