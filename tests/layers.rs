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
    // Two pieces of work at once (a scoped thread).
    ("parallel", 0),
    // What a campaign term is (compose writes them, segment makes them words).
    ("term", 0),
    // The model and its formatting (dates, percentages) in Chinese.
    ("model", 1),
    ("format", 1),
    // The font files that serve the type styles, and their glyphs.
    ("fonts", 1),
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
    // Typesetting: the pages, lines and set tables every renderer reads.
    ("typeset", 8),
    ("render", 9),
    // What the office does with finished bulletins: the draft folder's record of what it was
    // built from, the numbered archive, and publish (reviews a draft, then archives it).
    ("draft", 10),
    ("notice_draft", 10),
    ("archive", 10),
    ("publish", 11),
    // The web workbench: drives every stage above, as the CLI does.
    ("serve", 12),
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

/// The sibling modules a file of folder `folder_path` (e.g. `render::docx`) names: through
/// `super::x` (from a file in the folder) or `crate::render::docx::x`, including groups
/// `super::{x::A, y}`. Only names in `siblings` count.
fn sibling_uses(code: &str, folder_path: &str, siblings: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let absolute = format!("crate::{folder_path}::");
    for line in code.lines() {
        let line = line.split("//").next().unwrap_or("");
        for prefix in ["super::", absolute.as_str()] {
            let mut rest = line;
            while let Some(at) = rest.find(prefix) {
                // `super::super::` is the parent's parent, not a sibling.
                let before = &rest[..at];
                rest = &rest[at + prefix.len()..];
                if prefix == "super::" && before.ends_with("super::") {
                    continue;
                }
                for name in path_heads(rest) {
                    if siblings.contains(&name) && !out.contains(&name) {
                        out.push(name);
                    }
                }
            }
        }
    }
    out
}

/// The first identifiers after a path separator: `x::A` → [x]; `{x::A, y}` → [x, y].
fn path_heads(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let Some(group) = rest.strip_prefix('{') else {
        return vec![ident(rest)];
    };
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => start = true,
            c if start && !c.is_whitespace() => {
                heads.push(ident(&group[i..]));
                start = false;
            }
            _ => {}
        }
    }
    heads
}

/// Every import cycle among the files of one folder (its `mod.rs`, the folder's face, aside;
/// unit tests aside), as the modules of each strongly connected set.
fn folder_cycles(folder: &Path, folder_path: &str) -> Vec<Vec<String>> {
    let mut siblings: Vec<String> = std::fs::read_dir(folder)
        .expect("read folder")
        .filter_map(|e| {
            let p = e.ok()?.path();
            let stem = p.file_stem()?.to_str()?.to_string();
            let is_module = p.extension().is_some_and(|x| x == "rs") || p.join("mod.rs").is_file();
            (is_module && stem != "mod").then_some(stem)
        })
        .collect();
    siblings.sort();
    let edges: Vec<Vec<usize>> = siblings
        .iter()
        .map(|name| {
            let file = folder.join(format!("{name}.rs"));
            let file = if file.is_file() {
                file
            } else {
                folder.join(name).join("mod.rs")
            };
            let code = std::fs::read_to_string(&file).unwrap_or_default();
            // What the program imports: a file's unit tests (from `#[cfg(test)]` on) may use
            // the folder's test fixture, which uses the modules it tests.
            let code = code.split("\n#[cfg(test)]").next().unwrap_or("");
            sibling_uses(code, folder_path, &siblings)
                .iter()
                .filter(|n| *n != name)
                .filter_map(|n| siblings.iter().position(|s| s == n))
                .collect()
        })
        .collect();
    strongly_connected(&edges)
        .into_iter()
        .filter(|set| set.len() > 1)
        .map(|set| set.into_iter().map(|i| siblings[i].clone()).collect())
        .collect()
}

/// Tarjan's strongly connected components of a small graph.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        edges: &'a [Vec<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for &w in &s.edges[v] {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on_stack[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut set = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                set.push(w);
                if w == v {
                    break;
                }
            }
            set.sort();
            s.out.push(set);
        }
    }
    let n = edges.len();
    let mut s = State {
        edges,
        index: vec![None; n],
        low: vec![0; n],
        on_stack: vec![false; n],
        stack: Vec::new(),
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

fn folders(dir: &Path, path: &str, out: &mut Vec<(std::path::PathBuf, String)>) {
    out.push((dir.to_path_buf(), path.to_string()));
    for entry in std::fs::read_dir(dir).expect("read src") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            let name = p
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            let child = if path.is_empty() {
                name
            } else {
                format!("{path}::{name}")
            };
            folders(&p, &child, out);
        }
    }
}

#[test]
fn no_folder_has_an_import_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    folders(&src, "", &mut all);
    let mut problems = Vec::new();
    for (dir, path) in all.iter().filter(|(_, p)| !p.is_empty()) {
        for cycle in folder_cycles(dir, path) {
            problems.push(format!(
                "src/{}: {}",
                path.replace("::", "/"),
                cycle.join(" ↔ ")
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "import cycles:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_cycle_check_reads_groups_and_finds_a_cycle() {
    let siblings = vec!["page".to_string(), "footer".to_string()];
    assert_eq!(
        sibling_uses(
            "use super::{page::Page, footer};\nuse super::super::page;\n",
            "render::docx",
            &siblings
        ),
        vec!["page".to_string(), "footer".to_string()]
    );
    assert_eq!(
        sibling_uses(
            "crate::render::docx::footer::x()",
            "render::docx",
            &siblings
        ),
        vec!["footer".to_string()]
    );
    assert_eq!(strongly_connected(&[vec![1], vec![0], vec![]]).len(), 2);
    assert_eq!(
        strongly_connected(&[vec![1], vec![0], vec![]])[0],
        vec![0, 1]
    );
}

/// The renderers are peers: none names another (they share `typeset`, `layout` and `document`).
#[test]
fn no_renderer_imports_another() {
    let render = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render");
    let renderers = ["pdf", "docx", "html", "xlsx"];
    let mut problems = Vec::new();
    let mut files = Vec::new();
    rust_files(&render, &mut files);
    for file in &files {
        let relative = file.strip_prefix(&render).expect("under render");
        let own = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .map(|s| s.trim_end_matches(".rs").to_string())
            .unwrap_or_default();
        if !renderers.contains(&own.as_str()) {
            continue;
        }
        let code = std::fs::read_to_string(file).expect("read");
        for (i, line) in code.lines().enumerate() {
            let line = line.split("//").next().unwrap_or("");
            for other in renderers.iter().filter(|r| **r != own) {
                let named = [
                    format!("crate::render::{other}"),
                    format!("render::{other}::"),
                    format!("super::{other}::"),
                    format!("super::super::{other}"),
                ];
                if named.iter().any(|n| line.contains(n.as_str())) {
                    problems.push(format!(
                        "src/render/{}:{}: the {own} renderer uses the {other} renderer",
                        relative.display(),
                        i + 1
                    ));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "renderers importing renderers:\n{}",
        problems.join("\n")
    );
}
