//! A private, throwaway PostgreSQL server for the test suite: Debian's
//! binaries, a fresh cluster in /tmp, trust auth on a loopback port, stopped
//! when the tests end (pass or fail).

use crate::cmd::{command, output, run, step};
use anyhow::{bail, Context};
use std::path::PathBuf;
use std::process::Command;

/// A running cluster; stopped on drop.
pub struct Postgres {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    /// `postgres://postgres@127.0.0.1:<port>/postgres`.
    pub url: String,
}

/// `runuser` lives in sbin, which a non-login PATH may lack.
fn runuser() -> &'static str {
    ["/usr/sbin/runuser", "/sbin/runuser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("runuser")
}

fn newest_bin_dir() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    dirs.sort();
    dirs.pop()
}

impl Postgres {
    fn cmd(&self, tool: &str, args: &[&str]) -> Command {
        let program = self.bin.join(tool);
        if self.as_postgres {
            // initdb and postgres refuse to run as root.
            let mut all = vec!["-u", "postgres", "--"];
            let program = program.to_string_lossy().into_owned();
            all.push(&program);
            all.extend_from_slice(args);
            command(runuser(), &all)
        } else {
            command(program, args)
        }
    }

    /// Initialises and starts a fresh cluster on `port`.
    pub fn start(port: u16) -> anyhow::Result<Self> {
        step(&format!(
            "starting a throwaway PostgreSQL on 127.0.0.1:{port}"
        ));
        let bin =
            newest_bin_dir().context("PostgreSQL binaries not found under /usr/lib/postgresql")?;
        let data = std::env::temp_dir().join(format!("antom-checkout-pg-{port}"));
        let _ = std::fs::remove_dir_all(&data);
        std::fs::create_dir_all(&data)?;
        let as_postgres = output("id", &["-u"]).as_deref() == Some("0");
        if as_postgres {
            run(&mut command(
                "chown",
                &["-R", "postgres:postgres", &data.to_string_lossy()],
            ))?;
        }
        let pg = Self {
            bin,
            data,
            as_postgres,
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        };
        let cluster = pg.data.join("cluster");
        let cluster_s = cluster.to_string_lossy().into_owned();
        run(&mut pg.cmd(
            "initdb",
            &[
                "-D",
                &cluster_s,
                "-A",
                "trust",
                "-U",
                "postgres",
                "--no-sync",
                "-E",
                "UTF8",
            ],
        ))?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
            pg.data.display()
        );
        let log = pg.data.join("server.log");
        run(&mut pg.cmd(
            "pg_ctl",
            &[
                "-D",
                &cluster_s,
                "-o",
                &options,
                "-l",
                &log.to_string_lossy(),
                "-w",
                "start",
            ],
        ))
        .with_context(|| format!("PostgreSQL did not start; see {}", log.display()))?;
        Ok(pg)
    }

    fn stop(&self) {
        let cluster = self.data.join("cluster");
        let _ = self
            .cmd(
                "pg_ctl",
                &["-D", &cluster.to_string_lossy(), "-m", "fast", "-w", "stop"],
            )
            .stdout(std::process::Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Checks the binaries are there (installed with the browser packages).
pub fn check_installed() -> anyhow::Result<()> {
    if newest_bin_dir().is_none() {
        bail!("PostgreSQL is not installed; run: apt-get install -y postgresql");
    }
    Ok(())
}
