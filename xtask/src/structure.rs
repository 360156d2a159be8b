//! `cargo xtask test`'s first step: the rules of the tree that no compiler
//! checks. The HTTP layer reaches storage only through the domain; no source
//! file is over 400 lines; no function is over 80, unless its comment says why.

use anyhow::bail;
use std::path::{Path, PathBuf};

/// Longest source file, its unit tests included.
const MAX_FILE_LINES: usize = 400;
/// Longest function; a longer one says why in a comment starting `Long:`.
const MAX_FN_LINES: usize = 80;
/// The folders whose sources are held to the limits.
const SOURCE_DIRS: &[&str] = &["src", "ops/src", "crates", "xtask/src"];

/// Fails with every place that breaks a rule.
pub fn check(root: &Path) -> anyhow::Result<()> {
    let mut broken = Vec::new();
    let http = root.join("crates/merchant/src/http");
    for file in rust_files(&http) {
        let text = std::fs::read_to_string(&file)?;
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains("crate::store") || code.contains("sqlx::") {
                broken.push(format!(
                    "{}:{}: the HTTP layer names storage; go through crate::domain",
                    shown(root, &file),
                    n + 1
                ));
            }
        }
    }
    for dir in SOURCE_DIRS {
        for file in rust_files(&root.join(dir)) {
            let rel = shown(root, &file);
            // Integration tests and build scripts are not sources of the product.
            if rel.contains("/tests/") || rel.ends_with("build.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&file)?;
            let lines = text.lines().count();
            if lines > MAX_FILE_LINES {
                broken.push(format!("{rel}: {lines} lines, over {MAX_FILE_LINES}"));
            }
            for (start, length) in long_functions(&text) {
                broken.push(format!(
                    "{rel}:{start}: a function of {length} lines, over {MAX_FN_LINES} with no `Long:` comment"
                ));
            }
        }
    }
    if !broken.is_empty() {
        bail!("the tree breaks its rules:\n  {}", broken.join("\n  "));
    }
    Ok(())
}

fn shown(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .into_owned()
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "target" && name != "node_modules" {
            found.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Where each function over the limit starts (1-based) and its length; a
/// function is the lines from its `fn` line to the `}` at the same indentation.
fn long_functions(text: &str) -> Vec<(usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let is_fn = [
            "fn ",
            "pub fn ",
            "async fn ",
            "pub async fn ",
            "pub(crate) fn ",
            "pub(crate) async fn ",
            "pub(super) fn ",
            "pub(super) async fn ",
            "const fn ",
            "pub const fn ",
        ]
        .iter()
        .any(|p| trimmed.starts_with(p));
        if !is_fn || trimmed.ends_with(';') {
            continue;
        }
        let close = " ".repeat(indent) + "}";
        let Some(end) = lines[i + 1..].iter().position(|l| l.trim_end() == close) else {
            continue;
        };
        let length = end + 2;
        if length > MAX_FN_LINES && !says_why(&lines[..i]) {
            long.push((i + 1, length));
        }
    }
    long
}

/// Whether the comment and attributes just above a function hold `Long:`.
fn says_why(above: &[&str]) -> bool {
    above
        .iter()
        .rev()
        .map(|l| l.trim_start())
        .take_while(|l| l.starts_with("//") || l.starts_with("#["))
        .any(|l| l.contains("Long:"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_function_is_found_unless_its_comment_says_why() {
        let body = "    let x = 1;\n".repeat(MAX_FN_LINES);
        let long = format!("/// Short doc.\npub fn f() {{\n{body}}}\n");
        assert_eq!(long_functions(&long), vec![(2, MAX_FN_LINES + 2)]);
        let excused =
            format!("/// Long: one table, read top to bottom.\npub fn f() {{\n{body}}}\n");
        assert!(long_functions(&excused).is_empty());
        let short = "fn g() {\n    1;\n}\n";
        assert!(long_functions(short).is_empty());
    }
}
