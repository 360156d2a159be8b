//! `merchant migrate` and `merchant webhooks test`: commands that check or prepare
//! what the service stands on, and say what they found.

use merchant::webhooks::receiver_check::{self, Expect};
use merchant::Config;

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
