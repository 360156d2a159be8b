//! Unit tests of the parent module.

use super::source::parse_file;
use super::*;
use std::path::Path;

pub(super) fn temp_dir(name: &str) -> String {
    let dir = std::env::temp_dir().join(format!("merchant-config-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir.display().to_string()
}

#[test]
fn behind_a_tls_terminator_the_sandbox_is_called_over_loopback() {
    let dir = temp_dir("sandbox-tls");
    let source = Source::from_pairs(&[
        ("ANTOM_MODE", "sandbox"),
        ("DATA_DIR", &dir),
        ("LISTEN_ADDR", "0.0.0.0:9443"),
        ("PUBLIC_BASE_URL", "https://checkout.shop.example"),
    ]);
    let config = Config::load(&source).unwrap();
    assert_eq!(config.antom_gateway_url, "http://127.0.0.1:9443");
    assert_eq!(config.public_base_url, "https://checkout.shop.example");
    assert_eq!(
        loopback_base_url("[::]:80".parse().unwrap()),
        "http://[::1]:80"
    );
    assert_eq!(
        loopback_base_url("127.0.0.2:8080".parse().unwrap()),
        "http://127.0.0.2:8080"
    );
}

#[test]
fn sandbox_mode_is_chosen_explicitly_and_keeps_its_keys() {
    let dir = temp_dir("sandbox");
    let source = Source::from_pairs(&[("ANTOM_MODE", "sandbox"), ("DATA_DIR", &dir)]);
    let first = Config::load(&source).unwrap();
    assert!(first.is_sandbox());
    assert_eq!(first.listen_addr.to_string(), "127.0.0.1:8080");
    assert!(first.merchant_api_key.starts_with("sk_sandbox_"));
    let second = Config::load(&source).unwrap();
    assert_eq!(
        first.merchant_api_key, second.merchant_api_key,
        "keys are kept, not remade"
    );
    assert_eq!(
        first.merchant_private_key.public_key(),
        second.merchant_private_key.public_key()
    );
    assert!(
        first.database_url.starts_with("sqlite:///"),
        "{}",
        first.database_url
    );
    let relative = Config::load(&Source::from_pairs(&[
        ("ANTOM_MODE", "sandbox"),
        ("DATA_DIR", "relative/dir"),
    ]))
    .unwrap();
    assert!(relative.data_dir.is_absolute());
    let _ = std::fs::remove_dir_all("relative");
}

#[test]
fn a_real_configuration_names_what_is_missing_or_malformed() {
    let key = PrivateKey::generate().unwrap();
    let private = key.to_pkcs8_base64().unwrap();
    let public = key.public_key().to_spki_base64().unwrap();
    let full = [
        ("ANTOM_CLIENT_ID", "2188120000000001"),
        ("ANTOM_GATEWAY_URL", "https://open-sea-global.alipay.com"),
        ("ANTOM_MERCHANT_PRIVATE_KEY", private.as_str()),
        ("ANTOM_PUBLIC_KEY", public.as_str()),
        ("MERCHANT_API_KEY", "a-long-random-merchant-api-key"),
        (
            "TOKEN_ENCRYPTION_KEY",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        ),
        ("PUBLIC_BASE_URL", "https://pay.shop.example"),
    ];
    let config = Config::load(&Source::from_pairs(&full)).unwrap();
    assert!(!config.is_sandbox());
    for (i, (name, _)) in full.iter().enumerate() {
        let mut partial = full.to_vec();
        partial.remove(i);
        let err = Config::load(&Source::from_pairs(&partial)).unwrap_err();
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
    for (name, bad) in [
        ("ANTOM_PUBLIC_KEY", "bm90IGEga2V5"),
        ("ANTOM_MERCHANT_PRIVATE_KEY", "%%%"),
        ("TOKEN_ENCRYPTION_KEY", "c2hvcnQ="),
        ("ANTOM_GATEWAY_URL", "open-sea-global.alipay.com"),
        ("LISTEN_ADDR", "localhost"),
    ] {
        let mut changed: Vec<(&str, &str)> =
            full.iter().filter(|(n, _)| *n != name).copied().collect();
        changed.push((name, bad));
        let err = Config::load(&Source::from_pairs(&changed)).unwrap_err();
        assert!(err.to_string().starts_with(name), "{name}: {err}");
    }
}

pub(super) fn live_settings() -> Vec<(&'static str, String)> {
    let key = PrivateKey::generate().unwrap();
    vec![
        ("ANTOM_CLIENT_ID", "2188120000000001".into()),
        (
            "ANTOM_GATEWAY_URL",
            "https://open-sea-global.alipay.com".into(),
        ),
        ("ANTOM_MERCHANT_PRIVATE_KEY", key.to_pkcs8_base64().unwrap()),
        (
            "ANTOM_PUBLIC_KEY",
            key.public_key().to_spki_base64().unwrap(),
        ),
        ("MERCHANT_API_KEY", "a-long-random-merchant-api-key".into()),
        (
            "TOKEN_ENCRYPTION_KEY",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=".into(),
        ),
        ("PUBLIC_BASE_URL", "https://pay.shop.example".into()),
    ]
}

pub(super) fn load(pairs: &[(&str, String)]) -> Result<Config, ConfigProblems> {
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Config::load(&Source::from_pairs(&pairs))
}

#[test]
fn a_production_service_with_a_blank_client_id_stops_instead_of_starting_the_sandbox() {
    let dir = temp_dir("blank-client-id");
    let mut settings = live_settings();
    settings.retain(|(n, _)| *n != "ANTOM_CLIENT_ID");
    settings.push(("ANTOM_CLIENT_ID", "  ".into()));
    settings.push(("DATA_DIR", dir.clone()));
    settings.push((
        "DATABASE_URL",
        "postgres://checkout:secret@db.internal/checkout".into(),
    ));
    let err = load(&settings).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("ANTOM_CLIENT_ID is required in live mode"),
        "{err}"
    );
    assert!(
        !std::path::Path::new(&dir).exists(),
        "no sandbox keys were made"
    );
    // Nothing at all is live mode too: it names every missing setting.
    let err = Config::load(&Source::from_pairs(&[])).unwrap_err();
    let missing: Vec<String> = err.problems().iter().map(|p| p.to_string()).collect();
    assert_eq!(missing.len(), 7, "{err}");
    assert!(
        missing.iter().all(|p| p.contains("required in live mode")),
        "{err}"
    );
    let err = Config::load(&Source::from_pairs(&[("ANTOM_MODE", "test")])).unwrap_err();
    assert!(err.to_string().starts_with("ANTOM_MODE"), "{err}");
}

#[test]
fn sandbox_mode_with_real_antom_credentials_is_a_contradiction_that_stops() {
    for (name, value) in live_settings().into_iter().take(4) {
        let dir = temp_dir("contradiction");
        let err = load(&[
            ("ANTOM_MODE", "sandbox".into()),
            ("DATA_DIR", dir.clone()),
            (name, value),
        ])
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with(&format!("{name} is set, but ANTOM_MODE=sandbox")),
            "{err}"
        );
        assert!(!std::path::Path::new(&dir).exists());
    }
}

#[test]
fn live_mode_refuses_clear_text_urls_except_to_loopback() {
    for (name, url, ok) in [
        ("PUBLIC_BASE_URL", "http://pay.shop.example", false),
        ("PUBLIC_BASE_URL", "http://10.0.0.7:8080", false),
        ("PUBLIC_BASE_URL", "http://127.0.0.1:8080", true),
        ("PUBLIC_BASE_URL", "http://localhost:8080", true),
        ("PUBLIC_BASE_URL", "http://[::1]:8080", true),
        ("PUBLIC_BASE_URL", "https://pay.shop.example/checkout", true),
        (
            "ANTOM_GATEWAY_URL",
            "http://open-sea-global.alipay.com",
            false,
        ),
        ("ANTOM_GATEWAY_URL", "http://127.0.0.1:9000", true),
    ] {
        let mut settings = live_settings();
        settings.retain(|(n, _)| *n != name);
        settings.push((name, url.into()));
        let result = load(&settings);
        assert_eq!(result.is_ok(), ok, "{name}={url}: {:?}", result.err());
        if let Err(e) = result {
            assert!(e.to_string().starts_with(name), "{e}");
        }
    }
}

#[test]
fn a_logged_config_shows_no_secret() {
    let mut settings = live_settings();
    settings.push((
        "DATABASE_URL",
        "postgres://checkout:db-password-1@db.internal/checkout".into(),
    ));
    let config = load(&settings).unwrap();
    let printed = format!("{config:?}");
    for secret in [
        "a-long-random-merchant-api-key",
        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        "db-password-1",
    ] {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    let private = &settings[2].1;
    assert!(!printed.contains(&private[40..80]));
    assert!(printed.contains("2188120000000001"), "{printed}");
}

#[test]
fn an_origin_is_exactly_scheme_host_and_port() {
    for good in [
        "https://shop.example",
        "https://shop.example:8443",
        "http://127.0.0.1:8080/",
        "https://[::1]:443",
        "HTTPS://Shop.Example",
    ] {
        assert!(parse_origin(good).is_some(), "{good}");
    }
    assert_eq!(
        parse_origin("HTTPS://Shop.Example/").as_deref(),
        Some("https://shop.example")
    );
    for bad in [
        "https://user:pw@shop.example",
        "https://shop.example/path",
        "https://shop.example:99999",
        "https://shop.example:",
        "https://shop.example:80:81",
        "https://*.shop.example",
        "https://shop..example",
        "https://-shop.example",
        "https://:443",
        "javascript://shop.example",
        "https://shop.example?x=1",
        "https://[not-v6]",
        "shop.example",
    ] {
        assert!(parse_origin(bad).is_none(), "{bad}");
    }
}

#[cfg(unix)]
#[test]
fn another_user_on_the_machine_cannot_read_the_sandbox_keys() {
    use std::os::unix::fs::PermissionsExt;
    let dir = temp_dir("permissions");
    Config::load(&Source::from_pairs(&[
        ("ANTOM_MODE", "sandbox"),
        ("DATA_DIR", &dir),
    ]))
    .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(Path::new(&dir)), 0o700);
    for file in [
        "sandbox-merchant-private-key",
        "sandbox-antom-private-key",
        "sandbox-merchant-api-key",
        "sandbox-token-encryption-key",
    ] {
        assert_eq!(mode(&Path::new(&dir).join(file)), 0o600, "{file}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn config_files_are_name_value_lines() {
    let parsed =
        parse_file("# comment\nLISTEN_ADDR = 127.0.0.1:9000\nMERCHANT_NAME=\"Kopi Shop\"\n\n");
    assert_eq!(parsed["LISTEN_ADDR"], "127.0.0.1:9000");
    assert_eq!(parsed["MERCHANT_NAME"], "Kopi Shop");
}

/// The second security review: live mode took `http://` merchant origins, whose
/// pages anyone on the buyer's network could rewrite, frame and all.
#[test]
fn live_mode_refuses_a_merchant_origin_over_plain_http() {
    let dir = temp_dir("http-origin");
    let mut settings = live_settings();
    settings.push(("DATA_DIR", dir.clone()));
    settings.push((
        "MERCHANT_ORIGINS",
        "https://shop.example,http://shop.example".into(),
    ));
    let err = load(&settings).unwrap_err();
    assert!(err.to_string().contains("MERCHANT_ORIGINS"), "{err}");
    settings.retain(|(n, _)| *n != "MERCHANT_ORIGINS");
    settings.push(("MERCHANT_ORIGINS", "https://shop.example".into()));
    assert!(load(&settings).is_ok());
}

#[test]
fn the_key_version_is_a_setting_from_one_and_defaults_to_one() {
    assert_eq!(load(&live_settings()).unwrap().antom_key_version, 1);
    let mut rotated = live_settings();
    rotated.push(("ANTOM_KEY_VERSION", "2".into()));
    assert_eq!(load(&rotated).unwrap().antom_key_version, 2);
    for bad in ["0", "two", "-1"] {
        let mut wrong = live_settings();
        wrong.push(("ANTOM_KEY_VERSION", bad.into()));
        let err = load(&wrong).unwrap_err();
        assert!(
            err.to_string().starts_with("ANTOM_KEY_VERSION"),
            "{bad}: {err}"
        );
    }
}
