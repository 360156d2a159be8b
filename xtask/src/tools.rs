//! Installs what the build and the tests need, only if it is missing, with
//! one line per tool. Versions follow ../shared/toolchain.md.

use crate::cmd::{command, in_dir, output, run, step};
use anyhow::{bail, Context};
use std::path::{Path, PathBuf};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// Trunk 0.22 needs a newer rustc than these machines have.
const TRUNK_VERSION: &str = "0.21";
/// What the tests need from Debian: three browser engines with their WebDriver
/// servers (Chromium; Firefox ESR, whose geckodriver comes from crates.io;
/// WebKitGTK, the engine of Safari and every iOS browser, under Xvfb), fonts for
/// every language the checkout speaks (Chinese, Japanese, Korean; Thai), a TLS
/// terminator and the tool that makes its certificate, PostgreSQL, and Prometheus
/// (for `promtool`, which checks and unit-tests the shipped alert rules).
const TEST_PACKAGES: &[&str] = &[
    "chromium",
    "chromium-driver",
    "firefox-esr",
    "webkit2gtk-driver",
    "xvfb",
    "nginx-light",
    "openssl",
    "fonts-noto-cjk",
    "fonts-thai-tlwg",
    "postgresql",
    "prometheus",
];
/// The documentation book's builder.
const MDBOOK_VERSION: &str = "0.5.4";
/// Firefox's WebDriver server; Debian does not package it.
const GECKODRIVER_VERSION: &str = "0.37.1";

/// Cargo's bin folder, where `cargo install` puts tools.
fn cargo_bin() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
        .join("bin")
}

/// Puts npm's binaryen and cargo's bin folder first on PATH, for this process and its children.
///
/// binaryen must win over any other wasm-opt: Debian's (108) breaks the module.
pub fn prepare_path(root: &Path) -> anyhow::Result<()> {
    let mut dirs = vec![root.join("xtask/node_modules/.bin"), cargo_bin()];
    if let Some(path) = std::env::var_os("PATH") {
        dirs.extend(std::env::split_paths(&path));
    }
    let joined = std::env::join_paths(dirs).context("PATH")?;
    std::env::set_var("PATH", joined);
    Ok(())
}

fn ready(tool: &str, version: &str) {
    println!("  ok  {tool} {version}");
}

fn installing(tool: &str, note: &str) {
    println!("  --> installing {tool} ({note})");
}

/// Everything `trunk build` needs: the wasm target, Trunk, wasm-bindgen-cli, wasm-opt.
pub fn ensure_build_tools(root: &Path) -> anyhow::Result<()> {
    step("checking build tools");
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen(root)?;
    ensure_wasm_opt(root)
}

fn ensure_wasm_target() -> anyhow::Result<()> {
    let Some(installed) = output("rustup", &["target", "list", "--installed"]) else {
        bail!("rustup is needed to add the {WASM_TARGET} target; install Rust with rustup");
    };
    if installed.lines().any(|l| l.trim() == WASM_TARGET) {
        ready("rust target", WASM_TARGET);
        return Ok(());
    }
    installing(WASM_TARGET, "seconds");
    run(&mut command("rustup", &["target", "add", WASM_TARGET]))
}

fn ensure_trunk() -> anyhow::Result<()> {
    if let Some(version) = output("trunk", &["--version"]) {
        if version.starts_with(&format!("trunk {TRUNK_VERSION}.")) {
            ready("trunk", version.trim_start_matches("trunk "));
            return Ok(());
        }
        println!("  found {version}, but this project needs trunk ~{TRUNK_VERSION}");
    }
    installing(&format!("trunk ~{TRUNK_VERSION}"), "about 8 minutes, once");
    run(&mut command(
        "cargo",
        &[
            "install",
            "--locked",
            "trunk",
            "--version",
            &format!("~{TRUNK_VERSION}"),
        ],
    ))
}

/// The wasm-bindgen version in Cargo.lock; Trunk insists the CLI matches it exactly.
fn locked_wasm_bindgen(root: &Path) -> anyhow::Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
            {
                return Ok(version.trim_matches('"').to_owned());
            }
        }
    }
    bail!("Cargo.lock has no wasm-bindgen; run `cargo generate-lockfile`")
}

fn ensure_wasm_bindgen(root: &Path) -> anyhow::Result<()> {
    let wanted = locked_wasm_bindgen(root)?;
    let have = output("wasm-bindgen", &["--version"]);
    if have.as_deref() == Some(&format!("wasm-bindgen {wanted}")) {
        ready("wasm-bindgen-cli", &wanted);
        return Ok(());
    }
    installing(
        &format!("wasm-bindgen-cli {wanted}"),
        "about 3 minutes, once",
    );
    // No --locked: the CLI's own lockfile pins a crate version the registry no longer serves.
    run(&mut command(
        "cargo",
        &[
            "install",
            "wasm-bindgen-cli",
            "--version",
            &format!("={wanted}"),
            "--force",
        ],
    ))
}

fn ensure_wasm_opt(root: &Path) -> anyhow::Result<()> {
    ensure_npm_packages(&root.join("xtask"))?;
    let wasm_opt = root.join("xtask/node_modules/.bin/wasm-opt");
    match output(&wasm_opt, &["--version"]) {
        Some(v) if v.contains("version 132") => {
            ready("wasm-opt", "132 (npm binaryen)");
            Ok(())
        }
        other => bail!("{} is not binaryen 132: {other:?}", wasm_opt.display()),
    }
}

/// `npm ci` in `dir` unless node_modules already matches its package-lock.json.
pub fn ensure_npm_packages(dir: &Path) -> anyhow::Result<()> {
    let lock = dir.join("package-lock.json");
    let installed = dir.join("node_modules/.package-lock.json");
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let name = dir
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    if let (Some(lock_time), Some(installed_time)) = (modified(&lock), modified(&installed)) {
        if installed_time >= lock_time {
            ready("npm packages of", &name);
            return Ok(());
        }
    }
    if output("npm", &["--version"]).is_none() {
        bail!("npm is needed (Node.js 20 or newer)");
    }
    installing(&format!("npm packages of {name}"), "from package-lock.json");
    run(in_dir(
        &mut command(
            "npm",
            &["ci", "--no-audit", "--no-fund", "--loglevel=error"],
        ),
        dir,
    ))
}

/// geckodriver from crates.io, which Firefox ESR is driven through.
pub fn ensure_geckodriver() -> anyhow::Result<()> {
    if let Some(version) = output("geckodriver", &["--version"]) {
        if version.starts_with(&format!("geckodriver {GECKODRIVER_VERSION}")) {
            ready("geckodriver", GECKODRIVER_VERSION);
            return Ok(());
        }
    }
    installing(
        &format!("geckodriver {GECKODRIVER_VERSION}"),
        "about 3 minutes, once",
    );
    run(&mut command(
        "cargo",
        &[
            "install",
            "--locked",
            "geckodriver",
            "--version",
            &format!("={GECKODRIVER_VERSION}"),
        ],
    ))
}

/// mdBook from crates.io, which builds the documentation book (`docs/`).
pub fn ensure_mdbook() -> anyhow::Result<()> {
    if let Some(version) = output("mdbook", &["--version"]) {
        if version.trim() == format!("mdbook v{MDBOOK_VERSION}") {
            ready("mdbook", MDBOOK_VERSION);
            return Ok(());
        }
    }
    installing(&format!("mdbook {MDBOOK_VERSION}"), "a few minutes, once");
    run(&mut command(
        "cargo",
        &[
            "install",
            "--locked",
            "mdbook",
            "--version",
            &format!("={MDBOOK_VERSION}"),
        ],
    ))
}

/// Debian's browsers and their drivers, CJK fonts, nginx and PostgreSQL, for the tests.
pub fn ensure_test_packages() -> anyhow::Result<()> {
    step("checking test packages (Debian)");
    let missing: Vec<&str> = TEST_PACKAGES
        .iter()
        .copied()
        .filter(|p| {
            output("dpkg-query", &["-W", "-f=${Status}", p]).as_deref()
                != Some("install ok installed")
        })
        .collect();
    if missing.is_empty() {
        ready("debian packages", &TEST_PACKAGES.join(", "));
        return Ok(());
    }
    apt_install(&missing)
}

fn apt_install(packages: &[&str]) -> anyhow::Result<()> {
    let install = format!(
        "apt-get update && apt-get install -y {}",
        packages.join(" ")
    );
    if output("apt-get", &["--version"]).is_none() {
        bail!("these packages are missing and there is no apt-get here: {packages:?}; install them with your package manager");
    }
    let root = output("id", &["-u"]).as_deref() == Some("0");
    let sudo = !root && output("sudo", &["-n", "true"]).is_some();
    if !root && !sudo {
        bail!("missing Debian packages {packages:?}; run as root:\n    sudo sh -c '{install}'");
    }
    installing(&packages.join(", "), "apt-get");
    let prefix: &[&str] = if sudo { &["sudo", "-n"] } else { &[] };
    let apt = |args: &[&str]| {
        let all: Vec<&str> = prefix
            .iter()
            .chain(["apt-get"].iter())
            .chain(args)
            .copied()
            .collect();
        let mut cmd = command(all[0], &all[1..]);
        cmd.env("DEBIAN_FRONTEND", "noninteractive");
        // dpkg runs ldconfig and friends from sbin, which a non-login PATH may lack.
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{path}:/usr/local/sbin:/usr/sbin:/sbin"));
        run(&mut cmd)
    };
    apt(&["update", "-qq"])?;
    let mut args = vec!["install", "-y", "-qq"];
    args.extend_from_slice(packages);
    apt(&args)
}
