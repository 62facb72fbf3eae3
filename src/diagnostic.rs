//! Problems found in the inputs, each with where it is and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// How serious a problem is.
pub enum Severity {
    /// Stops the run: nothing is written.
    Error,
    /// Reported, but the bulletin can still be made.
    Warning,
}

/// One problem in one input file. `Display` gives the Chinese line the user reads:
/// `snapshots/2019-12.yaml:14:5: 错误：[progress.kg.lanshan.done] 完成数不能为负数…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    pub file: PathBuf,
    /// 1-based; `None` when the problem concerns the whole file.
    pub line: Option<u64>,
    /// 1-based column, with the line.
    pub column: Option<u64>,
    /// The field's path in the file, e.g. `progress.kindergarten.lanshan.done`; empty for the file.
    pub path: String,
    /// What is wrong and what to write instead, in Chinese.
    pub message: String,
    /// The offending source line with a caret under the column, shown below the message
    /// (boxed: a diagnostic travels in `Result`s and should stay small).
    #[allow(clippy::box_collection)]
    pub excerpt: Option<Box<String>>,
}

impl Diagnostic {
    /// A problem with the whole file (it cannot be read, it is not UTF-8…).
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: None,
            column: None,
            path: String::new(),
            message: message.into(),
            excerpt: None,
        }
    }

    /// A problem at a known line and column.
    pub fn at(
        file: &Path,
        line: u64,
        column: u64,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.to_path_buf(),
            line: (line > 0).then_some(line),
            column: (column > 0).then_some(column),
            path: path.into(),
            message: message.into(),
            excerpt: None,
        }
    }

    /// A problem with a value read from YAML, located where the value is written.
    pub fn on<T>(
        file: &Path,
        value: &Spanned<T>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let at = value.referenced;
        Self::at(file, at.line(), at.column(), path, message)
    }

    /// Shows the diagnostic's line of `text` (the file's contents) with a caret under its column.
    pub fn with_excerpt(mut self, text: &str) -> Self {
        self.excerpt = self.line.and_then(|line| {
            let source = text
                .split('\n')
                .nth(usize::try_from(line).ok()?.checked_sub(1)?)?;
            Some(Box::new(excerpt(line, source, self.column.unwrap_or(1))))
        });
        self
    }

    /// The same problem as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Whether the problem stops the run.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        write!(f, ": {label}：")?;
        if !self.path.is_empty() {
            write!(f, "字段 {}：", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(excerpt) = &self.excerpt {
            write!(f, "\n{excerpt}")?;
        }
        Ok(())
    }
}

/// Longest source line shown in an excerpt, in characters; a longer line is cut around the column.
const EXCERPT_CHARS: usize = 80;

/// ```text
///   9 | →lanshan: { done: 30 }
///     | ^
/// ```
/// Tabs are shown as `→` (one column), so that the caret stays under its character.
fn excerpt(line: u64, source: &str, column: u64) -> String {
    use unicode_width::UnicodeWidthChar;
    let chars: Vec<char> = source
        .chars()
        .map(|c| if c == '\t' { '→' } else { c })
        .collect();
    let column = usize::try_from(column).unwrap_or(1).max(1) - 1;
    let start = if chars.len() <= EXCERPT_CHARS {
        0
    } else {
        column
            .saturating_sub(EXCERPT_CHARS / 2)
            .min(chars.len() - EXCERPT_CHARS)
    };
    let end = (start + EXCERPT_CHARS).min(chars.len());
    let shown: String = chars[start..end].iter().collect();
    let offset: usize = chars[start..column.clamp(start, end)]
        .iter()
        .map(|c| c.width().unwrap_or(0))
        .sum();
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let lead = if start > 0 { "…" } else { "" };
    format!(
        "  {number} | {lead}{shown}\n  {gutter} | {}{}^",
        " ".repeat(lead.len().min(1)),
        " ".repeat(offset)
    )
}

/// Every problem found in one run, errors and warnings, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Whose fault: the input files' (every problem found is listed).
    pub fn fault(&self) -> crate::fault::Fault {
        crate::fault::Fault::Input
    }

    /// Adds a problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    /// Whether any problem stops the run.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// How many problems stop the run.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

/// Most diagnostics printed; a broken file can cause thousands of follow-on problems.
pub const MAX_SHOWN: usize = 200;

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in self.0.iter().take(MAX_SHOWN) {
            writeln!(f, "{d}")?;
        }
        if self.0.len() > MAX_SHOWN {
            writeln!(
                f,
                "……另有 {} 个问题未列出（请先改正以上问题）",
                self.0.len() - MAX_SHOWN
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_stands_under_its_character_after_chinese_text() {
        let d = Diagnostic::at(Path::new("a.yaml"), 2, 13, "x", "m")
            .with_excerpt("a: 1\nname: 兰山区, done: 三十\n");
        // 兰山区, is 3 wide characters: the caret moves 3 more columns than characters.
        assert_eq!(
            d.excerpt.as_deref().map(String::as_str),
            Some("  2 | name: 兰山区, done: 三十\n    |                ^")
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column() {
        let line = format!("{}x{}", "a".repeat(100), "b".repeat(100));
        let d = Diagnostic::at(Path::new("a.yaml"), 1, 101, "", "m").with_excerpt(&line);
        let excerpt = *d.excerpt.unwrap();
        let (source, caret) = excerpt.split_once('\n').unwrap();
        let x = source.chars().position(|c| c == 'x').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x));
        assert!(source.chars().count() < 100, "{source}");
    }

    #[test]
    fn no_line_no_excerpt() {
        let d = Diagnostic::file(Path::new("a.yaml"), "m").with_excerpt("a: 1\n");
        assert_eq!(d.excerpt, None);
    }
}
