//! What the container image promises, shown without a container engine (this
//! machine has none): the service runs as an unprivileged user, from a working
//! directory it cannot write, writing only its `DATA_DIR`; and `merchant probe`,
//! the image's HEALTHCHECK, answers from its readiness.

use crate::common::unique;
use reqwest::StatusCode;
use std::process::{Command, Stdio};

/// The image's user is 10001; here any unprivileged one shows the same.
const NOBODY: &str = "65534";

fn as_nobody(args: &[&str], env: &[(&str, String)]) -> Command {
    let mut c = Command::new("setpriv");
    c.args([
        &format!("--reuid={NOBODY}"),
        &format!("--regid={NOBODY}"),
        "--clear-groups",
        "--",
        env!("CARGO_BIN_EXE_merchant"),
    ])
    .args(args)
    .env_clear()
    .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
    .current_dir("/");
    c
}

#[tokio::test]
async fn the_service_runs_unprivileged_writing_only_its_data_dir_and_probes_itself() {
    let root = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&root.stdout).trim() != "0" {
        eprintln!("skipped: switching to an unprivileged user needs root");
        return;
    }
    let data = std::env::temp_dir().join(unique("image-data"));
    std::fs::create_dir_all(&data).unwrap();
    let owned = Command::new("chown")
        .args([&format!("{NOBODY}:{NOBODY}"), data.to_str().unwrap()])
        .status()
        .unwrap();
    assert!(owned.success());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let env = vec![
        ("ANTOM_MODE", "sandbox".to_owned()),
        ("DATA_DIR", data.display().to_string()),
        ("APP_DIR", data.join("no-app").display().to_string()),
        ("LISTEN_ADDR", format!("0.0.0.0:{port}")),
        ("PUBLIC_BASE_URL", format!("http://127.0.0.1:{port}")),
        ("SHUTDOWN_DRAIN_SECS", "0".to_owned()),
        ("RUST_LOG", "error".to_owned()),
    ];
    let mut service = as_nobody(&[], &env).stdout(Stdio::null()).spawn().unwrap();
    let http = reqwest::Client::new();
    let mut ready = false;
    for _ in 0..300 {
        if let Ok(r) = http
            .get(format!("http://127.0.0.1:{port}/readyz"))
            .send()
            .await
        {
            if r.status() == StatusCode::OK {
                ready = true;
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let probe = as_nobody(&["probe", "/readyz"], &env).status().unwrap();
    let _ = service.kill();
    let _ = service.wait();
    assert!(ready, "the service started as an unprivileged user");
    assert!(
        probe.success(),
        "merchant probe /readyz answers 0 when ready"
    );
    // What it made is in DATA_DIR, and owned by that user.
    let made: Vec<String> = std::fs::read_dir(&data)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(made.iter().any(|f| f.ends_with(".sqlite3")), "{made:?}");
    let stopped = as_nobody(&["probe", "/readyz"], &env).status().unwrap();
    assert!(!stopped.success(), "no service, no readiness");
    let _ = std::fs::remove_dir_all(&data);
}
