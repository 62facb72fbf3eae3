//! `tongbao serve`: the clerk's workbench in the browser. The campaign folders stay the one
//! source of truth; every page reads them again and every action calls the same library
//! functions as the CLI, so the browser and the command line always agree.
//!
//! ```text
//! mod.rs     router(): every route, one list; run(): the runtime and the listener
//! state.rs   AppState: the campaign folders (paths only), templates, password gate, locks
//! guard.rs   the rules every request passes (host, same origin, session) and the headers
//! auth.rs    the password (argon2 hash) and the sessions
//! error.rs   ServeError: the one place library errors become 422 / 500
//! view.rs    the page templates (templates/serve/) and page rendering
//! work.rs    running library calls off the async threads (spawn_blocking, bounded)
//! pages/     thin handlers, one file per page
//! ```

mod auth;
mod error;
mod guard;
mod pages;
mod state;
mod view;
mod work;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use auth::{Attempt, Auth, hash_password};
pub use error::ServeError;
pub use guard::CSP;
pub use state::{AppState, Campaign, MAX_WORKERS};

/// Largest request body: a batch of returns (the import's per-file limit is checked per file).
pub const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

/// Every route of the workbench.
pub fn router(state: AppState) -> Router {
    use pages::{archive, assets, collect, home, login, notices, publish, write};
    Router::new()
        .route("/", get(home::campaigns))
        .route("/static/serve.css", get(assets::css))
        .route("/static/app.js", get(assets::script))
        .route("/login", get(login::page).post(login::sign_in))
        .route("/logout", post(login::sign_out))
        .route("/c/{c}/", get(home::page))
        .route("/c/{c}/collect", get(collect::page).post(collect::upload))
        .route("/c/{c}/form.xlsx", get(collect::form))
        .route("/c/{c}/write", get(write::page).post(write::save))
        .route("/c/{c}/draft", post(write::build))
        .route("/c/{c}/wording", post(write::wording))
        .route("/c/{c}/draft/{file}", get(write::download))
        .route("/c/{c}/publish", get(publish::page).post(publish::publish))
        .route("/c/{c}/notices", post(notices::draft))
        .route("/c/{c}/notices/publish", post(notices::publish))
        .route("/c/{c}/notices/{file}", get(notices::download))
        .route("/c/{c}/archive", get(archive::page))
        .route("/c/{c}/archive/files/{*path}", get(archive::file))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            guard::guard,
        ))
        .with_state(state)
}

/// What `tongbao serve` was asked for.
#[derive(Debug)]
pub struct Config {
    /// The campaign folders.
    pub dirs: Vec<PathBuf>,
    /// Where to listen.
    pub listen: SocketAddr,
    /// The password gate; required unless `listen` is a loopback address.
    pub auth: Option<Auth>,
    /// The office's key file publish signs with (`None`: where `tongbao publish` looks).
    pub key: Option<PathBuf>,
}

/// Serves the workbench until the process is stopped. `started` is called with the address
/// once the socket is bound (the CLI prints it).
pub fn run(config: Config, started: impl FnOnce(SocketAddr)) -> Result<(), ServeError> {
    if !config.listen.ip().is_loopback() && config.auth.is_none() {
        return Err(ServeError::refused(
            axum::http::StatusCode::FORBIDDEN,
            format!(
                "在 {} 上提供工作台（其他电脑可以访问）需要先设置密码：运行 tongbao serve --set-password，按提示输入密码",
                config.listen
            ),
        ));
    }
    let state = AppState::new(&config.dirs, config.auth)?.with_key(config.key);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(8)
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| ServeError::internal(format!("无法启动服务：{e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| {
                ServeError::internal(format!(
                    "无法在 {} 上提供服务：{e}（端口可能已被占用，请用 --listen 换一个端口）",
                    config.listen
                ))
            })?;
        let bound = listener
            .local_addr()
            .map_err(|e| ServeError::internal(e.to_string()))?;
        started(bound);
        axum::serve(listener, router(state))
            .await
            .map_err(|e| ServeError::internal(format!("服务出错：{e}")))
    })
}
