//! `cargo xtask run`: build the checkout app and start the merchant service serving it.

use crate::cmd::{command, in_dir, run as run_cmd, step};
use crate::{root, tools};
use std::path::Path;

/// Installs what is missing, builds the app, starts the service (until Ctrl-C).
pub fn run() -> anyhow::Result<()> {
    let root = root();
    tools::prepare_path(&root)?;
    tools::ensure_build_tools(&root)?;
    build_app(&root)?;
    step("starting the merchant service (Ctrl-C to stop)");
    let mut cmd = command(
        "cargo",
        &[
            "run",
            "--quiet",
            "--profile",
            "server",
            "--package",
            "merchant",
        ],
    );
    cmd.env("APP_DIR", root.join("dist"));
    run_cmd(in_dir(&mut cmd, &root))
}

/// `trunk build --release` into `dist/`, then prints what a buyer downloads.
pub fn build_app(root: &Path) -> anyhow::Result<()> {
    step("building the checkout app (Trunk, release)");
    run_cmd(in_dir(
        &mut command("trunk", &["build", "--release", "--offline"]),
        root,
    ))?;
    let mut files: Vec<(String, u64)> = std::fs::read_dir(root.join("dist"))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            Some((
                e.file_name().to_string_lossy().into_owned(),
                e.metadata().ok()?.len(),
            ))
        })
        .collect();
    files.sort();
    for (name, bytes) in files {
        println!("  {:>9} bytes  dist/{name}", bytes);
    }
    Ok(())
}
