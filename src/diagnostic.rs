//! Problems found in the inputs, each with where it is and what was expected.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_saphyr::Spanned;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file. `Display` gives the Chinese line the user reads:
/// `snapshots/2019-12.yaml:14:5: 错误：[progress.kg.lanshan.done] 完成数不能为负数…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based; `None` when the problem concerns the whole file.
    pub line: Option<u64>,
    pub column: Option<u64>,
    /// The field's path in the file, e.g. `progress.kindergarten.lanshan.done`; empty for the file.
    pub path: String,
    pub message: String,
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

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

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
        f.write_str(&self.message)
    }
}

/// Every problem found in one run, errors and warnings, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
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
