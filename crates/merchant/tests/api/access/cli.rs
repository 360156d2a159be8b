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
