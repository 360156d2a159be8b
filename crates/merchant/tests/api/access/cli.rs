use super::call;
use crate::common::Shop;
use reqwest::{Method, StatusCode};

fn merchant(shop: &Shop, args: &[&str], stdin: Option<&str>) -> (String, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
        .envs(shop.settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("RUST_LOG", "error")
        .env("USER", "deploy")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[tokio::test]
async fn keys_and_operators_are_made_on_the_server_with_the_merchant_command() {
    let shop = Shop::open(&[]).await;
    let (secret, said) = merchant(
        &shop,
        &[
            "keys", "create", "--name", "billing", "--scope", "charges", "--scope", "read",
        ],
        None,
    );
    let secret = secret.trim();
    assert!(secret.starts_with("sk_sandbox_key_"), "{secret}");
    assert!(said.contains("shown this once"));
    let r = call(&shop, secret, Method::GET, "/v1/payments", None).await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = call(&shop, secret, Method::GET, "/v1/api-keys", None).await;
    assert_eq!(r.status(), StatusCode::FORBIDDEN);

    let (listed, _) = merchant(&shop, &["keys", "list"], None);
    assert!(
        listed.contains("billing") && listed.contains("scopes=read,charges"),
        "{listed}"
    );
    assert!(!listed.contains(&secret[20..]));
    let id = &secret["sk_sandbox_".len()..][..14];
    merchant(&shop, &["keys", "revoke", id], None);
    let r = call(&shop, secret, Method::GET, "/v1/payments", None).await;
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);

    let (made, _) = merchant(
        &shop,
        &[
            "operators",
            "create",
            "--email",
            "Ann@Shop.Example",
            "--role",
            "admin",
            "--password-stdin",
        ],
        Some("a long enough password\n"),
    );
    assert!(made.contains("ann@shop.example (admin)"), "{made}");
    assert!(made.contains("otpauth://totp/"));
    assert_eq!(
        made.lines()
            .filter(|l| l.len() == 13 && l.starts_with("  "))
            .count(),
        10,
        "{made}"
    );

    let trail: Vec<(String, String)> =
        sqlx::query_as("SELECT actor, action FROM audit_log WHERE action LIKE 'api_key.%' OR action = 'operator.create' ORDER BY seq")
            .fetch_all(&shop.svc.db.pool)
            .await
            .unwrap();
    let actions: Vec<&str> = trail.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["api_key.create", "api_key.revoke", "operator.create"]
    );
    assert!(trail.iter().all(|(actor, _)| actor == "cli:deploy"));
}

/// `merchant migrate` brings a database to this build's schema and says where it is;
/// `merchant --help` and each subcommand's help answer without any configuration.
#[tokio::test]
async fn migrate_applies_this_builds_schema_and_help_needs_no_configuration() {
    let shop = Shop::open(&[]).await;
    // An empty database beside the shop's: migrate makes it this build's.
    let fresh = shop.data_dir.join("fresh.sqlite");
    let mut settings = shop.settings.clone();
    settings.retain(|(k, _)| k != "DATABASE_URL");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
        .envs(settings.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .env("DATABASE_URL", format!("sqlite://{}", fresh.display()))
        .env("RUST_LOG", "error")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let newest = merchant::store::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&format!("newest, {newest}")),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Read as it is (the service's own connect would migrate it itself).
    let db = sqlx::sqlite::SqlitePoolOptions::new()
        .connect(&format!("sqlite://{}", fresh.display()))
        .await
        .unwrap();
    let (applied,): (i64,) = sqlx::query_as("SELECT MAX(version) FROM _sqlx_migrations")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(applied, newest);
    for args in [
        &["--help"][..],
        &["migrate", "--help"],
        &["webhooks", "test", "--help"],
        &["reconcile", "--help"],
        &["config", "check", "--help"],
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
            .env_clear()
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage: merchant"),
            "{args:?}"
        );
    }
}

/// Runs `merchant --config FILE config check` with nothing else in the environment.
fn config_check(file: &std::path::Path) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
        .env_clear()
        .arg("--config")
        .arg(file)
        .args(["config", "check"])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `merchant config check` reads a live configuration without starting, names every
/// problem in one run (a typo in the file included), and passes a sound one.
#[tokio::test]
async fn config_check_names_every_problem_of_a_live_configuration_at_once() {
    let dir = std::env::temp_dir().join(format!("config-check-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("app")).unwrap();
    let sound = sound_live_settings(&dir.join("app"));
    let file = dir.join("live.env");
    std::fs::write(&file, &sound).unwrap();
    // No app built where APP_DIR points: the one problem.
    let (ok, out) = config_check(&file);
    assert!(!ok, "{out}");
    assert!(
        out.contains("1 problem(s)") && out.contains("APP_DIR"),
        "{out}"
    );
    std::fs::write(dir.join("app/index.html"), "<!doctype html>").unwrap();
    let (ok, out) = config_check(&file);
    assert!(ok, "{out}");
    assert!(out.contains("sound: live mode"), "{out}");
    assert!(
        !out.contains("secret"),
        "the database password is not printed: {out}"
    );

    // Four mistakes and a typo, all named in one run.
    let broken = sound
        .replace("https://open-sea", "http://open-sea")
        .replace("a-long-random-merchant-api-key", "short")
        .replace("PUBLIC_BASE_URL=https://pay.shop.example", "")
        .replace("ANTOM_PUBLIC_KEY=", "ANTOM_PUBLIC_KEY=bm90IGEga2V5")
        + "METRIC_TOKEN=abcdefabcdefabcdefabcdefabcdef\n";
    std::fs::write(&file, broken).unwrap();
    let (ok, out) = config_check(&file);
    assert!(!ok, "{out}");
    assert!(out.contains("5 problem(s)"), "{out}");
    for named in [
        "ANTOM_GATEWAY_URL is not valid",
        "ANTOM_PUBLIC_KEY is not valid",
        "MERCHANT_API_KEY is not valid",
        "PUBLIC_BASE_URL is required in live mode",
        "METRIC_TOKEN is in",
    ] {
        assert!(out.contains(named), "{named}: {out}");
    }
    // A file that is not there is a problem too, said as such.
    let (ok, out) = config_check(&dir.join("missing.env"));
    assert!(!ok && out.contains("cannot be read"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A live configuration with nothing wrong, its app in `app_dir`.
fn sound_live_settings(app_dir: &std::path::Path) -> String {
    let key = antom::PrivateKey::generate().unwrap();
    format!(
        "ANTOM_CLIENT_ID=2188120000000001\n\
         ANTOM_GATEWAY_URL=https://open-sea-global.alipay.com\n\
         ANTOM_MERCHANT_PRIVATE_KEY={}\n\
         ANTOM_PUBLIC_KEY={}\n\
         MERCHANT_API_KEY=a-long-random-merchant-api-key\n\
         TOKEN_ENCRYPTION_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n\
         PUBLIC_BASE_URL=https://pay.shop.example\n\
         DATABASE_URL=postgres://checkout:secret@db.internal/checkout\n\
         APP_DIR={}\n",
        key.to_pkcs8_base64().unwrap(),
        key.public_key().to_spki_base64().unwrap(),
        app_dir.display()
    )
}

/// `merchant trigger` moves sandbox money only: against a live configuration it
/// refuses before calling anything.
#[test]
fn merchant_trigger_refuses_a_live_configuration() {
    let dir = std::env::temp_dir().join(format!("trigger-live-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("live.env");
    std::fs::write(&file, sound_live_settings(&dir)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_merchant"))
        .env_clear()
        .env("RUST_BACKTRACE", "0")
        .arg("--config")
        .arg(&file)
        .args(["trigger", "payment.succeeded"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("sandbox only") && err.contains("real money"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
