//! `cargo xtask <task>`: the project's automation, in Rust, needing only cargo.
//!
//! - `run`: install what is missing, build the checkout app, start the merchant service.
//! - `dist`: the release service and apps in `target/dist/`, as the container image holds them.
//! - `test`: install what is missing, then fmt, clippy, every Rust test, the browser tests.
//! - `bench [--check | --service [--webhooks]]`: sizes, page speed beside Adyen's Drop-in,
//!   the service under load (`--webhooks`: its webhook latency only); numbers in
//!   `target/bench/`, budgets in `bench/budgets.toml`.

mod bench;
mod cmd;
mod dist;
mod docs;
mod postgres;
mod run;
mod structure;
mod test;
mod tools;

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run::run(),
        Some("dist") => dist::dist(),
        Some("test") => test::test(),
        Some("bench") => bench::bench(&args[1..]),
        Some("size") => bench::size(),
        Some("docs") => docs::docs(&root()),
        _ => {
            eprintln!("usage: cargo xtask <run|test|bench>");
            eprintln!("  run   build the checkout and start it against the built-in sandbox");
            eprintln!(
                "  dist  the release service and apps in target/dist/ (the container image's)"
            );
            eprintln!("  test  fmt, clippy, every Rust test and the browser tests");
            eprintln!("  bench sizes, page speed beside Adyen's Drop-in, the service under load;");
            eprintln!("        report in target/bench/; --check fails on a broken budget");
            eprintln!("  size  the first-load sizes of the checkout as built in dist/");
            eprintln!(
                "  docs  check the README's and the book's links, build the book in target/book/"
            );
            std::process::exit(2);
        }
    };
    if let Err(e) = result {
        eprintln!("\nxtask failed: {e:#}");
        std::process::exit(1);
    }
}

/// The workspace root.
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(PathBuf::from).unwrap_or(manifest)
}
