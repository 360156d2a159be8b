//! The merchant service as the benchmark runs it: the `server` profile, sandbox
//! mode, the release apps, stopped when dropped.

use crate::cmd::{command, in_dir, run, step};
use anyhow::{bail, Context};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// The merchant service, started for the benchmark; stopped on drop.
pub struct Server {
    child: Child,
    pub base: String,
    pub api_key: String,
    pub antom_key: antom::PrivateKey,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_server(root: &Path, app_dir: &Path) -> anyhow::Result<Server> {
    start_server_with(root, app_dir, &[])
}

/// [`start_server`] with `env` added to its settings.
pub fn start_server_with(
    root: &Path,
    app_dir: &Path,
    env: &[(&str, String)],
) -> anyhow::Result<Server> {
    step("building the merchant service (server profile)");
    run(in_dir(
        &mut command(
            "cargo",
            &[
                "build",
                "--quiet",
                "--profile",
                "server",
                "--package",
                "merchant",
            ],
        ),
        root,
    ))?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let data = root.join(format!("target/bench/data-{port}"));
    std::fs::create_dir_all(&data)?;
    // Where cargo put it: CARGO_TARGET_DIR when set, as cargo itself reads it.
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let child = command(target.join("server/merchant"), &[])
        .env("ANTOM_MODE", "sandbox")
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("DATA_DIR", &data)
        .env("APP_DIR", app_dir)
        .env("WORKER_INTERVAL_MS", "3600000")
        .env("SANDBOX_NOTIFICATIONS", "off")
        .env("RUST_LOG", "error")
        // One generator on one address plays thousands of buyers: the per-source
        // limits (120 claims a minute) would refuse it, and are not what is measured.
        .env("LIMIT_CLAIMS_PER_MINUTE", "10000000")
        .env("LIMIT_UNKNOWN_CHECKOUTS_PER_MINUTE", "10000000")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .spawn()
        .context("starting the merchant service")?;
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            bail!("the service did not start");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let read = |f: &str| std::fs::read_to_string(data.join(f)).map(|s| s.trim().to_owned());
    Ok(Server {
        child,
        base,
        api_key: read("sandbox-merchant-api-key")?,
        antom_key: antom::PrivateKey::from_text(&read("sandbox-antom-private-key")?)?,
    })
}
