//! The Tera environment: the Chinese filters, Markdown escaping, the built-in templates and a
//! campaign's own, and Tera's errors in Chinese.

use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::compose::{BUILT_IN, ComposeError, filters};
use crate::io_error::io_reason;
use crate::load::Inputs;

pub(crate) fn template_dir(inputs: &Inputs) -> Option<PathBuf> {
    inputs
        .campaign
        .templates
        .as_ref()
        .map(|t| inputs.dir.join(&t.value))
}

/// The Tera environment: filters, Markdown escaping, built-in templates, then the campaign's.
pub(crate) fn environment(custom: Option<&Path>) -> Result<Tera, ComposeError> {
    let mut tera = Tera::new();
    filters::register(&mut tera);
    tera.autoescape_on(vec![".md.tera"]);
    tera.set_escape_fn(filters::escape_markdown);
    let mut templates: Vec<(String, String)> = BUILT_IN
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    if let Some(dir) = custom {
        for (name, text) in read_templates(dir)? {
            templates.retain(|(n, _)| *n != name);
            templates.push((name, text));
        }
    }
    tera.add_raw_templates(templates)
        .map_err(|e| ComposeError(describe(&e)))?;
    Ok(tera)
}

/// The `*.tera` files directly in `dir`, by file name.
fn read_templates(dir: &Path) -> Result<Vec<(String, String)>, ComposeError> {
    if std::fs::symlink_metadata(dir).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(ComposeError(format!(
            "模板文件夹 {} 是符号链接：模板必须是活动文件夹中的普通文件",
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir).map_err(|e| {
        ComposeError(format!(
            "无法读取模板文件夹 {}：{}",
            dir.display(),
            io_reason(&e)
        ))
    })?;
    let mut out = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".tera") {
            continue;
        }
        let is_link = entry.file_type().map(|t| t.is_symlink()).unwrap_or(true);
        if is_link {
            return Err(ComposeError(format!(
                "模板 {} 是符号链接：模板必须是活动文件夹中的普通文件",
                path.display()
            )));
        }
        if !path.is_file() {
            continue;
        }
        let text = crate::load::read_text(&path).map_err(|d| ComposeError(d.to_string()))?;
        out.push((name.to_string(), text));
    }
    out.sort();
    Ok(out)
}

/// A Tera error as one Chinese message naming the template and line.
pub(crate) fn describe(e: &tera::Error) -> String {
    match e.kind() {
        ErrorKind::SyntaxError(r) => format!(
            "模板 {} 第{}行第{}列：语法错误：{}",
            r.filename(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message()
        ),
        ErrorKind::RenderingError(r) => format!(
            "模板 {} 第{}行第{}列：{}",
            r.filename(),
            r.span().start_line,
            r.span().start_col + 1,
            translate(r.message())
        ),
        ErrorKind::TemplateNotFound(name) => format!("找不到模板 {name}"),
        _ => {
            let text = e.to_string();
            let places: Vec<&str> = text
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("--> "))
                .collect();
            let first = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ");
            if places.is_empty() {
                format!("模板错误：{}", translate(first))
            } else {
                format!("模板 {}：{}", places.join("，"), translate(first))
            }
        }
    }
}

fn translate(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("Variable `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return format!("变量 {name} 未定义（模板里写错了变量名，或数据中没有这一项）");
    }
    if let Some(rest) = message.strip_prefix("Unknown filter `")
        && let Some((name, _)) = rest.split_once('`')
    {
        return format!("未知的过滤器 {name}");
    }
    message.to_string()
}
