//! `cargo xtask dist`: the release service and the built apps, as the container
//! image (`deploy/Containerfile`) holds them.

use crate::cmd::{command, copy_dir, in_dir, run as run_cmd, step};
use crate::run::build_app;
use crate::{root, tools};
use anyhow::Context;

/// `cargo xtask dist`: what the container image holds, in `target/dist/`: the
/// service built with the `server` profile (`merchant`) and the built apps (`app/`).
pub fn dist() -> anyhow::Result<()> {
    let root = root();
    tools::prepare_path(&root)?;
    tools::ensure_build_tools(&root)?;
    build_app(&root)?;
    step("building the merchant service (server profile)");
    run_cmd(in_dir(
        &mut command(
            "cargo",
            &["build", "--profile", "server", "--package", "merchant"],
        ),
        &root,
    ))?;
    let out = root.join("target/dist");
    if out.exists() {
        std::fs::remove_dir_all(&out)?;
    }
    std::fs::create_dir_all(&out)?;
    std::fs::copy(root.join("target/server/merchant"), out.join("merchant"))
        .context("the merchant binary")?;
    copy_dir(&root.join("dist"), &out.join("app"))?;
    println!("  {} (merchant, app/)", out.display());
    Ok(())
}
