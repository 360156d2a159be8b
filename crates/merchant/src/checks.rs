//! `merchant migrate`, `merchant webhooks test`, `merchant config check` and `merchant probe`: commands
//! that check or prepare what the service stands on, and say what they found.

use merchant::config::Source;
use merchant::webhooks::receiver_check::{self, Expect};
use merchant::Config;
use std::path::Path;

/// Prints every problem of the configuration `serve` would read; true when there is none.
pub fn config_check(file: Option<&Path>) -> bool {
    let source = match Source::from_env(file) {
        Ok(source) => source,
        Err(e) => {
            println!("The configuration cannot be read: {e}");
            return false;
        }
    };
    let loaded = Config::load(&source);
    let mut problems: Vec<String> = match &loaded {
        Ok(_) => Vec::new(),
        Err(e) => e.problems().iter().map(|p| p.to_string()).collect(),
    };
    // With an unknown ANTOM_MODE, which settings belong is unknown too.
    let mode_known = !problems.iter().any(|p| p.starts_with("ANTOM_MODE"));
    if let (Some(file), true) = (file, mode_known) {
        // Every setting is read even when some are wrong, so this holds either way.
        for name in source.unread_file_settings() {
            let file = file.display();
            problems.push(if name == "RUST_LOG" || name.starts_with("OTEL_") {
                format!("{name} is in {file}, but it is read from the environment only: set it there")
            } else {
                format!("{name} is in {file} but is no setting this service reads in this ANTOM_MODE: correct its name or remove it")
            });
        }
    }
    if let Ok(config) = &loaded {
        let index = config.app_dir.join("index.html");
        if !index.is_file() {
            problems.push(format!(
                "APP_DIR has no built checkout app ({} is missing): point it at the app built by `cargo xtask dist` (target/dist/app)",
                index.display()
            ));
        }
    }
    match (&loaded, problems.as_slice()) {
        (Ok(config), []) => {
            println!(
                "The configuration is sound: {} mode, listening on {}, buyers reach it at {}, database {}.",
                if config.is_sandbox() { "sandbox" } else { "live" },
                config.listen_addr,
                config.public_base_url,
                config.database_url.split("://").next().unwrap_or("?"),
            );
            true
        }
        (_, problems) => {
            println!("The configuration has {} problem(s):", problems.len());
            for problem in problems {
                println!("  - {problem}");
            }
            false
        }
    }
}

/// Applies the migrations (connecting does) and says which is the newest.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    let db = merchant::store::Db::connect(&config.database_url).await?;
    let newest = merchant::store::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    db.pool.close().await;
    println!("migrations applied: the database has this build's newest, {newest}");
    Ok(())
}

/// Checks the receiver at `url` and prints one line per delivery; true when it took
/// ours and refused every forgery.
pub async fn webhooks_test(url: &str, secret: &str) -> anyhow::Result<bool> {
    let outcomes = receiver_check::check_receiver(url, secret).await?;
    println!("Webhook receiver check: {url}");
    let mut clean = true;
    for o in &outcomes {
        let answered = match (o.status, &o.error) {
            (Some(status), _) => format!("answered {status}"),
            (None, Some(e)) => format!("no answer ({e})"),
            (None, None) => "no answer".to_owned(),
        };
        let (mark, note) = match (o.expect, o.passed(), o.accepted()) {
            (Expect::Either, _, true) => (
                "ok  ",
                "taken: safe only if you handle each webhook-id once",
            ),
            (Expect::Either, _, false) => ("ok  ", "refused"),
            (Expect::Accept, true, _) => ("ok  ", "taken"),
            (Expect::Refuse, true, _) => ("ok  ", "refused"),
            (Expect::Accept, false, _) => ("FAIL", "must be taken (2xx)"),
            (Expect::Refuse, false, true) => {
                ("FAIL", "must be refused: your receiver took a forgery")
            }
            (Expect::Refuse, false, false) => ("FAIL", "must be refused (any non-2xx answer)"),
        };
        clean &= o.passed();
        println!("  {mark} {:<52} {answered}: {note}", o.case);
    }
    println!(
        "{}",
        if clean {
            "Your receiver verifies signatures and timestamps."
        } else {
            "Your receiver is not ready: verify each delivery with the standardwebhooks library (see the README's Webhooks)."
        }
    );
    Ok(clean)
}

/// `merchant probe PATH`: true when the service at LISTEN_ADDR answers PATH with 2xx.
pub async fn probe(config: &Config, path: &str) -> anyhow::Result<bool> {
    let mut addr = config.listen_addr;
    if addr.ip().is_unspecified() {
        // Listening everywhere: ask over loopback.
        addr.set_ip(if addr.is_ipv4() {
            std::net::Ipv4Addr::LOCALHOST.into()
        } else {
            std::net::Ipv6Addr::LOCALHOST.into()
        });
    }
    let answer = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(3))
        .build()?
        .get(format!("http://{addr}/{}", path.trim_start_matches('/')))
        .send()
        .await;
    Ok(answer.is_ok_and(|r| r.status().is_success()))
}
