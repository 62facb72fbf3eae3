//! Rendering a template bounded in time and output, so that a campaign's runaway template ends
//! in a message instead of a hang.

use std::sync::{Arc, mpsc};
use std::time::Duration;

use tera::{Context, Tera};

use crate::compose::ComposeError;
use crate::compose::environment::describe;

/// Longest a template may take to render (a campaign's own template may loop for ever);
/// `TONGBAO_TEMPLATE_TIMEOUT_SECS` sets another limit.
fn render_time_limit() -> Duration {
    let secs = std::env::var("TONGBAO_TEMPLATE_TIMEOUT_SECS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s > 0)
        .unwrap_or(20);
    Duration::from_secs(secs)
}
/// Most Markdown a template may produce.
const RENDER_OUTPUT_LIMIT: usize = 16 * 1024 * 1024;

/// A writer that refuses to grow past [`RENDER_OUTPUT_LIMIT`].
struct Capped {
    out: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.out.len() + buf.len() > RENDER_OUTPUT_LIMIT {
            self.overflowed = true;
            return Err(std::io::Error::other("output limit"));
        }
        self.out.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Renders the bulletin template on a worker thread, bounded in time and output size, so a
/// runaway template ends in a message instead of a hang. (On a timeout the worker is left
/// behind; the command exits right after reporting the error.)
pub(crate) fn render_bounded<const N: usize>(
    tera: Arc<Tera>,
    context: Context,
    templates: [&'static str; N],
) -> Result<[String; N], ComposeError> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for template in templates {
            let mut out = Capped {
                out: Vec::new(),
                overflowed: false,
            };
            let result = tera.render_to(template, &context, &mut out);
            let result = match result {
                Ok(()) => String::from_utf8(out.out)
                    .map_err(|_| ComposeError("模板输出不是有效的 UTF-8 文本".to_string())),
                Err(_) if out.overflowed => Err(ComposeError(format!(
                    "模板 {template} 的输出超过 {} MiB，可能有死循环",
                    RENDER_OUTPUT_LIMIT / 1024 / 1024
                ))),
                Err(e) => Err(ComposeError(describe(&e))),
            };
            let failed = result.is_err();
            if tx.send(result).is_err() || failed {
                break;
            }
        }
    });
    // One limit for all of them, counted from the start.
    let limit = render_time_limit();
    let deadline = std::time::Instant::now() + limit;
    let mut out = Vec::with_capacity(N);
    for template in templates {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        let result = rx.recv_timeout(left).unwrap_or_else(|_| {
            Err(ComposeError(format!(
                "模板 {template} 渲染超过 {} 秒仍未结束，可能有死循环",
                limit.as_secs()
            )))
        });
        out.push(result?);
    }
    out.try_into()
        .map_err(|_| ComposeError("模板渲染结果缺失".to_string()))
}
