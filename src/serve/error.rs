//! The one place errors become HTTP responses: a library error the office can fix (bad data,
//! a refused publish) is 422 with every problem listed, each with its file, line and column
//! as the CLI prints them; anything else is 500. Refusals of the server's own rules (a
//! cross-origin request, a wrong password, a name that is not a file name) carry their status.

use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::fault::Fault;
use crate::render::markup::escape;

/// An error page.
#[derive(Debug)]
pub struct ServeError {
    status: StatusCode,
    message: String,
    problems: Vec<String>,
}

impl ServeError {
    /// A refusal with its own status and Chinese message.
    pub fn refused(status: StatusCode, message: impl Into<String>) -> ServeError {
        ServeError {
            status,
            message: message.into(),
            problems: Vec::new(),
        }
    }

    /// A failure of the server itself (500).
    pub fn internal(message: impl Into<String>) -> ServeError {
        ServeError::refused(StatusCode::INTERNAL_SERVER_ERROR, message)
    }

    /// The status this error is answered with.
    pub fn status(&self) -> StatusCode {
        self.status
    }
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        for p in &self.problems {
            write!(f, "\n{p}")?;
        }
        Ok(())
    }
}

impl From<crate::Error> for ServeError {
    fn from(e: crate::Error) -> ServeError {
        // The stage's own answer (exit codes 1 and 3 of the CLI).
        let status = match e.fault() {
            Fault::Input => StatusCode::UNPROCESSABLE_ENTITY,
            Fault::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        };
        match e.diagnostics() {
            Some(d) => ServeError {
                status,
                message: format!("数据有 {} 个错误，请改正后再试：", d.error_count()),
                problems: d.0.iter().map(|x| x.to_string()).collect(),
            },
            None => ServeError {
                status,
                message: e.to_string(),
                problems: Vec::new(),
            },
        }
    }
}

impl From<tokio::task::JoinError> for ServeError {
    fn from(e: tokio::task::JoinError) -> ServeError {
        ServeError::internal(format!("处理请求时程序出错（{e}）：请把这句话告诉维护人员"))
    }
}

impl From<tera::Error> for ServeError {
    fn from(e: tera::Error) -> ServeError {
        ServeError::internal(format!("页面模板出错：{e}"))
    }
}

impl IntoResponse for ServeError {
    fn into_response(self) -> Response {
        let mut list = String::new();
        for p in &self.problems {
            list.push_str(&format!("<li><pre>{}</pre></li>", escape(p)));
        }
        let body = format!(
            "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>出错了</title>\
             <link rel=\"stylesheet\" href=\"/static/serve.css\"></head><body><main class=\"error\">\
             <h1>{} {}</h1><p class=\"message\">{}</p><ul class=\"problems\">{list}</ul>\
             <p><a href=\"/\">回到首页</a>（或用浏览器的“后退”返回上一页）</p></main></body></html>",
            self.status.as_u16(),
            match self.status.as_u16() {
                422 => "无法完成",
                500 => "程序出错",
                403 => "拒绝",
                401 => "需要登录",
                _ => "",
            },
            escape(&self.message).replace('\n', "<br>")
        );
        (
            self.status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response()
    }
}
