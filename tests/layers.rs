//! Imports point one way (DESIGN.md): a stage may use an earlier stage or the shared ground,
//! never a later one. This test reads every `crate::<module>` path in `src/` and fails when one
//! points against the order below.
//!
//! A new top-level module must be given its rank here (the test fails until it is): shared
//! ground 0, then the stages in pipeline order.

use std::path::Path;

/// Rank of each top-level module of the library. Equal ranks may use each other.
const RANKS: &[(&str, u8)] = &[
    // Shared ground: used by every stage, using none.
    ("keyed", 0),
    ("diagnostic", 0),
    ("io_error", 0),
    ("font_style", 0),
    ("yaml", 0),
    ("suggest", 0),
    ("output", 0),
    ("checksum", 0),
    ("fault", 0),
    // The model and its formatting (dates, percentages) in Chinese.
    ("model", 1),
    ("format", 1),
    // Load, and beside it what writes snapshots: import (ledgers → progress) and month (the
    // next month's snapshot skeleton).
    ("import", 3),
    ("load", 3),
    ("month", 3),
    // The period's returns as files (the workbench's uploads) and the reporting board, and the
    // month's words written back into a snapshot.
    ("returns", 3),
    ("wording", 3),
    ("progress", 4),
    ("compose", 5),
    ("document", 6),
    // The GB/T 9704 decisions every renderer shares, and word-aware breaking (which asks
    // layout's character classes).
    ("layout", 7),
    ("segment", 7),
    ("render", 8),
    // What the office does with finished bulletins: the draft folder's record of what it was
    // built from, the numbered archive, and publish (reviews a draft, then archives it).
    ("draft", 9),
    ("notice_draft", 9),
    ("archive", 9),
    ("publish", 10),
    // The web workbench: drives every stage above, as the CLI does.
    ("serve", 11),
];

fn rank(module: &str) -> Option<u8> {
    RANKS.iter().find(|(m, _)| *m == module).map(|&(_, r)| r)
}

/// The `crate::<name>` paths in `code`, outside comments.
fn crate_paths(code: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in code.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("");
        let mut rest = line;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push((i + 1, name));
        }
    }
    out
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Modules whose `crate::` paths mean the library crate: everything but the binary's.
fn library_module(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let module = first.strip_suffix(".rs").unwrap_or(first);
    // lib.rs is the pipeline on one screen (it may use everything); main.rs and cli/ are the
    // binary, whose `crate::` is not the library.
    (!matches!(module, "lib" | "main" | "cli")).then(|| module.to_string())
}

#[test]
fn imports_point_down_the_stage_order() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(module) = library_module(relative) else {
            continue;
        };
        let Some(own) = rank(&module) else {
            problems.push(format!(
                "src/{}: module `{module}` has no rank in tests/layers.rs",
                relative.display()
            ));
            continue;
        };
        let code = std::fs::read_to_string(file).expect("read");
        for (line, target) in crate_paths(&code) {
            // Items of lib.rs (`crate::bulletin`) are not modules; they are not ranked.
            if let Some(theirs) = rank(&target)
                && theirs > own
            {
                problems.push(format!(
                    "src/{}:{line}: `{module}` (rank {own}) uses `crate::{target}` (rank {theirs})",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "imports against the stage order:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_a_backward_import() {
    let paths = crate_paths("use crate::render::pdf::FontStyle; // crate::archive\n");
    assert_eq!(paths, vec![(1, "render".to_string())]);
    assert!(rank("render") > rank("model"));
    assert_eq!(
        library_module(Path::new("layout/page.rs")).as_deref(),
        Some("layout")
    );
    assert_eq!(library_module(Path::new("main.rs")), None);
}

/// Each `fn` in `code` with its length in lines: from its signature to the closing brace at the
/// signature's indentation (rustfmt's layout).
fn function_lengths(code: &str) -> Vec<(String, usize)> {
    let lines: Vec<&str> = code.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        let signature = ["fn ", "pub fn ", "pub(crate) fn ", "const fn "]
            .iter()
            .find_map(|p| trimmed.strip_prefix(p));
        let Some(rest) = signature else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let close = format!("{indent}}}");
        if let Some(end) = lines[i..].iter().position(|l| *l == close) {
            out.push((name, end + 1));
        }
    }
    out
}

#[test]
fn main_only_dispatches_and_no_command_line_function_is_long() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let main = std::fs::read_to_string(src.join("main.rs")).expect("read main.rs");
    assert!(
        main.lines().count() < 120,
        "src/main.rs has {} lines; a command belongs in src/cli/cmd/<name>.rs",
        main.lines().count()
    );
    let mut files = vec![src.join("main.rs")];
    rust_files(&src.join("cli"), &mut files);
    let mut long = Vec::new();
    for file in &files {
        let code = std::fs::read_to_string(file).expect("read");
        for (name, lines) in function_lengths(&code) {
            if lines > 80 {
                long.push(format!("{}: fn {name} has {lines} lines", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over 80 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn function_lengths_count_from_signature_to_closing_brace() {
    let code = "fn a() {\n    x();\n}\n\n    pub(crate) fn b() -> u8 {\n        1\n    }\n";
    assert_eq!(
        function_lengths(code),
        vec![("a".to_string(), 3), ("b".to_string(), 3)]
    );
}
