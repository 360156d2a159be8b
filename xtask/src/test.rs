//! `cargo xtask test`: every check a change must pass, browser tests included.

use crate::cmd::{command, in_dir, run, step};
use crate::{postgres, root, run::build_app, tools};
use std::path::Path;

/// Installs what is missing, then fmt, clippy, Rust tests, the app build and the browser tests.
pub fn test() -> anyhow::Result<()> {
    let root = root();
    tools::prepare_path(&root)?;
    tools::ensure_build_tools(&root)?;
    tools::ensure_test_packages()?;
    tools::ensure_geckodriver()?;
    postgres::check_installed()?;
    let e2e = root.join("tests/e2e");
    tools::ensure_npm_packages(&e2e)?;
    let engines = root.join("tests/browsers");
    tools::ensure_npm_packages(&engines)?;
    tools::ensure_npm_packages(&root.join("tests/clients/typescript"))?;

    step("structure (layers, file and function sizes)");
    crate::structure::check(&root)?;

    step("documentation (links and anchors, then mdBook)");
    crate::docs::docs(&root)?;

    step("alert rules (promtool check and test)");
    let rules = root.join("deploy/prometheus");
    run(in_dir(
        &mut command("promtool", &["check", "rules", "alerts.yml"]),
        &rules,
    ))?;
    run(in_dir(
        &mut command("promtool", &["test", "rules", "alerts.test.yml"]),
        &rules,
    ))?;

    step("formatting");
    run(in_dir(
        &mut command("cargo", &["fmt", "--all", "--", "--check"]),
        &root,
    ))?;

    step("clippy");
    run(in_dir(
        &mut command(
            "cargo",
            &[
                "clippy",
                "--workspace",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        ),
        &root,
    ))?;

    step("Rust tests (SQLite)");
    run(in_dir(
        &mut command("cargo", &["test", "--workspace"]),
        &root,
    ))?;

    {
        let pg = postgres::Postgres::start(free_port()?)?;
        step("merchant service tests again, on PostgreSQL");
        let mut tests = command("cargo", &["test", "--package", "merchant", "--tests"]);
        tests.env("TEST_DATABASE_URL", &pg.url);
        run(in_dir(&mut tests, &root))?;
    }

    build_app(&root)?;
    crate::bench::check_size(&root)?;

    browser_tests(&root, &e2e, &engines)?;

    println!("\nall checks passed");
    Ok(())
}

/// Playwright in Debian Chromium, then the three-engine WebDriver suite behind TLS.
fn browser_tests(root: &Path, e2e: &Path, engines: &Path) -> anyhow::Result<()> {
    step("browser tests (Playwright, Debian Chromium)");
    run(in_dir(
        &mut command("cargo", &["build", "--package", "merchant"]),
        root,
    ))?;
    let (port, shop_port) = two_free_ports()?;
    // The suite's service keeps its SQLite file here while its sandbox forgets everything
    // on exit: a folder left by an earlier run on the same port would hold links whose
    // tokens the new sandbox never issued (a demo payment then fails as revoked).
    let data = root.join(format!("target/e2e/data-{port}"));
    if data.exists() {
        std::fs::remove_dir_all(&data)?;
    }
    let mut playwright = command("npx", &["--no-install", "playwright", "test"]);
    playwright
        .env("MERCHANT_BIN", root.join("target/debug/merchant"))
        .env("APP_DIR", root.join("dist"))
        .env("E2E_PORT", port.to_string())
        // A merchant's page on another origin, embedding the checkout with the embed library.
        .env("E2E_SHOP_PORT", shop_port.to_string());
    run(in_dir(&mut playwright, e2e))?;

    // As production runs it: TLS in front, a shop on another site framing the
    // checkout, and three engines (tests/browsers starts nginx, the service, the
    // shop, Xvfb and each WebDriver server itself).
    step("browser tests in Chromium, Firefox ESR and WebKitGTK (WebDriver, TLS, another site)");
    let mut suite = command("node", &["run.mjs"]);
    suite
        .env("MERCHANT_BIN", root.join("target/debug/merchant"))
        .env("APP_DIR", root.join("dist"));
    run(in_dir(&mut suite, engines))?;

    Ok(())
}

/// A loopback port nobody is listening on right now.
fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(listener.local_addr()?.port())
}

/// Two different free loopback ports (both held while the second is chosen).
fn two_free_ports() -> anyhow::Result<(u16, u16)> {
    let first = std::net::TcpListener::bind("127.0.0.1:0")?;
    let second = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}
