//! Whose fault an error is: the one question every stage error answers ([`Fault`]), so that the
//! command line (exit code 1 or 3) and the workbench (HTTP 422 or 500) decide it in one place
//! each, and nothing else inspects error variants for it.

/// Who can fix what stopped a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The inputs or the request: the office can fix it (exit code 1, HTTP 422). Nothing was
    /// written.
    Input,
    /// An output that could not be written, or a failure of this program (exit code 3, HTTP 500).
    Internal,
}
