//! `cargo xtask test`'s documentation step: every link in the README and the book
//! (`docs/src`) leads somewhere, an anchor to a heading that exists; every page of
//! the book is in its `SUMMARY.md`; then mdBook builds it.

use crate::cmd::{command, in_dir, run};
use anyhow::bail;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The pages checked: the README, the book's pages, and the protocol crate's README.
fn pages(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut pages = vec![root.join("README.md"), root.join("crates/antom/README.md")];
    for entry in std::fs::read_dir(root.join("docs/src"))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    Ok(pages)
}

/// A heading's anchor as mdBook (and, for these headings, GitHub) makes it.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The text outside fenced code blocks and inline code, line by line.
fn prose(text: &str) -> Vec<String> {
    let mut fenced = false;
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            lines.push(String::new());
            continue;
        }
        if fenced {
            lines.push(String::new());
            continue;
        }
        // Inline code spans are not links.
        let mut kept = String::new();
        for (i, part) in line.split('`').enumerate() {
            if i % 2 == 0 {
                kept.push_str(part);
            }
        }
        lines.push(kept);
    }
    lines
}

/// The anchors of `text`'s headings.
fn anchors(text: &str) -> BTreeSet<String> {
    prose(text)
        .iter()
        .zip(text.lines())
        .filter(|(kept, _)| kept.starts_with('#'))
        .map(|(_, line)| slug(line.trim_start_matches('#').replace('`', "").as_str()))
        .collect()
}

/// `[label](target)` targets on a line.
fn links(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let Some(end) = after.find(')') else { break };
        found.push(after[..end].trim().to_owned());
        rest = &after[end..];
    }
    found
}

/// Fails with every broken link and every page the book's summary leaves out.
pub fn check(root: &Path) -> anyhow::Result<()> {
    let mut broken = Vec::new();
    for page in pages(root)? {
        let text = std::fs::read_to_string(&page)?;
        let shown = page
            .strip_prefix(root)
            .unwrap_or(&page)
            .display()
            .to_string();
        for (n, line) in prose(&text).iter().enumerate() {
            for target in links(line) {
                if target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let (path, anchor) = target.split_once('#').unwrap_or((target.as_str(), ""));
                let file = if path.is_empty() {
                    page.clone()
                } else {
                    page.parent().unwrap_or(root).join(path)
                };
                if !file.exists() {
                    broken.push(format!("{shown}:{}: {target} leads nowhere", n + 1));
                    continue;
                }
                let markdown = file.extension().is_some_and(|e| e == "md");
                if !anchor.is_empty() && markdown {
                    let there = std::fs::read_to_string(&file)?;
                    if !anchors(&there).contains(anchor) {
                        broken.push(format!("{shown}:{}: {target}: no such heading", n + 1));
                    }
                }
            }
        }
    }
    let summary = std::fs::read_to_string(root.join("docs/src/SUMMARY.md"))?;
    for page in pages(root)? {
        let name = page.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let in_book = page.starts_with(root.join("docs/src"));
        if in_book && name != "SUMMARY.md" && !summary.contains(&format!("({name})")) {
            broken.push(format!("docs/src/{name} is not in SUMMARY.md"));
        }
    }
    if !broken.is_empty() {
        bail!(
            "the documentation has broken links:\n  {}",
            broken.join("\n  ")
        );
    }
    Ok(())
}

/// `cargo xtask docs`: the links, then the book, built into `target/book/`.
pub fn docs(root: &Path) -> anyhow::Result<()> {
    check(root)?;
    crate::tools::ensure_mdbook()?;
    run(in_dir(
        &mut command("mdbook", &["build", "--dest-dir", "target/book", "docs"]),
        root,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_made_as_mdbook_makes_them_and_code_is_not_a_link() {
        assert_eq!(
            slug("The Antom protocol crate (crates/antom)"),
            "the-antom-protocol-crate-cratesantom"
        );
        assert_eq!(slug("Sandbox payment scripts"), "sandbox-payment-scripts");
        let kept = prose("see [a](b.md)\n```\n[x](nowhere.md)\n```\n`[y](z.md)` [c](d.md#e)");
        let all: Vec<String> = kept.iter().flat_map(|l| links(l)).collect();
        assert_eq!(all, ["b.md", "d.md#e"]);
    }
}
