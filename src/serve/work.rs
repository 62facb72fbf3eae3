//! Library calls run off the async threads: every one reads files, typesets or takes the
//! archive lock. Heavy work (compose, render, import, publish) also takes one of
//! [`MAX_WORKERS`](super::MAX_WORKERS) permits, so a runaway template cannot starve the rest.
//! A panic in a call becomes a 500 page; the server goes on.

use super::error::ServeError;
use super::state::AppState;

/// Runs `f` on the blocking pool.
pub(super) async fn blocking<T, F>(f: F) -> Result<T, ServeError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, crate::Error> + Send + 'static,
{
    Ok(tokio::task::spawn_blocking(f).await??)
}

/// Runs `f` on the blocking pool once a worker permit is free.
pub(super) async fn heavy<T, F>(state: &AppState, f: F) -> Result<T, ServeError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, crate::Error> + Send + 'static,
{
    let _permit = state
        .inner
        .workers
        .acquire()
        .await
        .map_err(|e| ServeError::internal(e.to_string()))?;
    blocking(f).await
}
