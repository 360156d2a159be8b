//! The `merchant` command's subcommands (parsed with clap): `reconcile`, `keys`,
//! `operators`, `probe`, `migrate`, `webhooks test`, `config check`.

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use contract::access::{NewApiKey, NewOperator, Role, RollApiKey, Scope};
use merchant::domain::access::{api_keys, operators};
use merchant::domain::audit::Actor;
use merchant::{Config, Service};
use std::path::PathBuf;

/// The Antom Auto Debit checkout's merchant service.
#[derive(Debug, Parser)]
#[command(name = "merchant", version)]
pub struct Cli {
    /// Read settings from FILE (lines of NAME=value) before the environment.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do; runs the service when absent.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Runs the service (the default).
    Serve,
    /// Imports Antom's report files under DIR and prints the reconciliation; exits 1 on any disagreement.
    Reconcile {
        /// A folder of transactionItems/settlementItems/settlementSummary CSV files (searched deeply).
        dir: PathBuf,
    },
    /// API keys: create, list, roll, revoke.
    #[command(subcommand)]
    Keys(Keys),
    /// Operator accounts for the console.
    #[command(subcommand)]
    Operators(Operators),
    /// Asks this service's own PATH (`/readyz`) on its LISTEN_ADDR; exits 0 on 2xx (a
    /// container HEALTHCHECK, in an image without curl).
    Probe {
        /// The path to ask, e.g. /readyz or /livez.
        path: String,
    },
    /// Applies this build's database migrations to DATABASE_URL and exits (it reads the
    /// service's whole configuration, as `serve` does).
    Migrate,
    /// Your webhook receiver: a go-live check.
    #[command(subcommand)]
    Webhooks(Webhooks),
    /// This service's configuration.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Sandbox only: plays a real scenario through the running service (a buyer links
    /// GCash, pays, the merchant refunds, …) that emits EVENT, so your webhook handler
    /// gets the real thing. `merchant trigger --list` names the events it can make.
    Trigger {
        /// The event to make, e.g. payment.failed, refund.failed, wallet.unlinked.
        #[arg(required_unless_present = "list")]
        event: Option<String>,
        /// Lists the events a scenario can make, and the scenario of each.
        #[arg(long)]
        list: bool,
    },
}

/// `merchant config …`.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Reads the configuration (the environment, over --config FILE) as `serve` would, without
    /// starting or connecting to anything, and names every problem at once, including the
    /// names in FILE that are no setting (typos); exits 1 on any. In sandbox mode it makes
    /// the sandbox's keys under DATA_DIR, as `serve` would.
    Check,
}

/// `merchant webhooks …`.
#[derive(Debug, Subcommand)]
pub enum Webhooks {
    /// Posts to URL a webhook signed with SECRET and others your receiver must refuse
    /// (forged, unsigned, changed, stale); exits 1 if it took a forged one or refused ours.
    /// Needs no configuration.
    Test {
        /// Your receiver, e.g. https://shop.example/webhooks/antom-checkout.
        url: String,
        /// The endpoint's secret, as POST /v1/webhook-endpoints answered it (whsec_…).
        #[arg(long)]
        secret: String,
    },
}

/// `merchant keys …`.
#[derive(Debug, Subcommand)]
pub enum Keys {
    /// Makes a key and prints its secret (once: it is stored as a hash).
    Create {
        /// What uses it, e.g. billing.
        #[arg(long)]
        name: String,
        /// A scope (repeat for several): read, checkout, refunds, charges, webhooks, reconciliation, admin.
        #[arg(long = "scope", required = true, value_parser = parse_scope)]
        scopes: Vec<Scope>,
        /// Stops working after this many days.
        #[arg(long, value_name = "DAYS")]
        expires_in_days: Option<u32>,
    },
    /// Lists keys (never their secrets).
    List,
    /// A new secret for the same name and scopes; the old one stops after the overlap.
    Roll {
        /// The key's id, `key_…`.
        id: String,
        /// Hours the old key keeps working (0: stops now).
        #[arg(long, default_value_t = 24, value_name = "HOURS")]
        overlap_hours: u32,
    },
    /// Stops a key now.
    Revoke {
        /// The key's id, `key_…`.
        id: String,
    },
}

/// `merchant operators …`.
#[derive(Debug, Subcommand)]
pub enum Operators {
    /// Makes an operator and prints their TOTP secret and recovery codes (once).
    Create(CreateOperator),
    /// Lists operators.
    List,
    /// Disables an operator: no more sign-ins, and theirs end now.
    Disable {
        /// Their e-mail address.
        #[arg(long)]
        email: String,
    },
}

/// `merchant operators create`.
#[derive(Debug, Args)]
pub struct CreateOperator {
    /// Their e-mail address.
    #[arg(long)]
    email: String,
    /// viewer, support or admin.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// Read the password from the first line of standard input; otherwise one is made and printed.
    #[arg(long)]
    password_stdin: bool,
}

fn parse_scope(text: &str) -> Result<Scope, String> {
    Scope::parse(text).ok_or_else(|| {
        let names: Vec<&str> = Scope::ALL.iter().map(|s| s.as_str()).collect();
        format!("one of {}", names.join(", "))
    })
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| "one of viewer, support, admin".to_owned())
}

/// Who the audit log names for this command: the Unix user at the server.
fn actor() -> Actor {
    Actor::Cli(std::env::var("USER").unwrap_or_else(|_| "unknown".into()))
}

fn when(at: Option<i64>) -> String {
    at.and_then(|t| time::OffsetDateTime::from_unix_timestamp(t).ok())
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| "-".into())
}

async fn create_key(
    svc: &Service,
    name: String,
    scopes: Vec<Scope>,
    expires_in_days: Option<u32>,
) -> anyhow::Result<()> {
    let by = actor();
    let expires_at = expires_in_days.map(|d| svc.now() + i64::from(d) * 86_400);
    let new = NewApiKey {
        name,
        scopes,
        expires_at,
    };
    let created = api_keys::create(svc, &new, &by).await?;
    merchant::domain::audit::record(
        svc,
        &by,
        "api_key.create",
        &created.key.id,
        None,
        serde_json::to_value(&created.key)?,
    )
    .await?;
    eprintln!(
        "Created {} ({}). Its secret, shown this once:",
        created.key.id, created.key.name
    );
    println!("{}", created.secret);
    Ok(())
}

/// Runs `merchant keys …`.
pub async fn keys(config: Config, command: Keys) -> anyhow::Result<()> {
    let svc = Service::start(config).await?;
    let by = actor();
    match command {
        Keys::Create {
            name,
            scopes,
            expires_in_days,
        } => create_key(&svc, name, scopes, expires_in_days).await?,
        Keys::List => {
            for k in api_keys::list(&svc).await? {
                let scopes: Vec<&str> = k.scopes.iter().map(|s| s.as_str()).collect();
                println!(
                    "{}  {:<20}  {:<8}  scopes={}  expires={}  last_used={}",
                    k.id,
                    k.name,
                    if k.active { "active" } else { "inactive" },
                    scopes.join(","),
                    when(k.expires_at),
                    when(k.last_used_at)
                );
            }
        }
        Keys::Roll { id, overlap_hours } => {
            let roll = RollApiKey {
                old_key_works_for_secs: Some(i64::from(overlap_hours) * 3600),
            };
            // On the server, the CLI holds every scope (like the bootstrap key), as itself.
            let caller = merchant::domain::access::Caller {
                actor: by.clone(),
                scopes: Scope::ALL.to_vec(),
            };
            let created = api_keys::roll(&svc, &id, &roll, &caller).await?;
            merchant::domain::audit::record(
                &svc,
                &by,
                "api_key.roll",
                &id,
                None,
                serde_json::json!({ "new_key": created.key.id, "old_key_works_for_secs": roll.old_key_works_for_secs }),
            )
            .await?;
            eprintln!(
                "Rolled {id} into {}; {id} works for {overlap_hours} more hours. The new secret, shown this once:",
                created.key.id
            );
            println!("{}", created.secret);
        }
        Keys::Revoke { id } => {
            let key = api_keys::revoke(&svc, &id).await?;
            merchant::domain::audit::record(
                &svc,
                &by,
                "api_key.revoke",
                &id,
                None,
                serde_json::to_value(&key)?,
            )
            .await?;
            println!("Revoked {id} ({}).", key.name);
        }
    }
    Ok(())
}

async fn create_operator(svc: &Service, c: CreateOperator) -> anyhow::Result<()> {
    let (password, made) = if c.password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from standard input")?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (merchant::crypto::random_token(15), true)
    };
    let new = NewOperator {
        email: c.email,
        role: c.role,
        password: password.clone(),
    };
    let by = actor();
    let created = operators::create(svc, &new, &by).await?;
    merchant::domain::audit::record(
        svc,
        &by,
        "operator.create",
        &created.operator.id,
        None,
        serde_json::to_value(&created.operator)?,
    )
    .await?;
    println!(
        "Operator {} ({}) created.",
        created.operator.email,
        created.operator.role.as_str()
    );
    if made {
        println!("Password (shown this once): {password}");
    }
    println!(
        "Add this to an authenticator app (TOTP): {}",
        created.totp_uri
    );
    println!("  or type the secret: {}", created.totp_secret);
    println!("Recovery codes, each good once (keep them offline):");
    for code in &created.recovery_codes {
        println!("  {code}");
    }
    Ok(())
}

/// Runs `merchant operators …`.
pub async fn operators(config: Config, command: Operators) -> anyhow::Result<()> {
    let svc = Service::start(config).await?;
    match command {
        Operators::Create(c) => create_operator(&svc, c).await?,
        Operators::Disable { email } => {
            let found = operators::list(&svc)
                .await?
                .into_iter()
                .find(|o| o.email == email.trim().to_lowercase())
                .with_context(|| format!("no operator {email}"))?;
            let disabled = operators::disable(&svc, &found.id).await?;
            merchant::domain::audit::record(
                &svc,
                &actor(),
                "operator.disable",
                &found.id,
                None,
                serde_json::to_value(&disabled)?,
            )
            .await?;
            println!(
                "Disabled {} ({}); their sign-ins have ended.",
                disabled.email, disabled.id
            );
        }
        Operators::List => {
            for o in operators::list(&svc).await? {
                println!(
                    "{}  {:<32}  {:<8}  locked_until={}  disabled_at={}",
                    o.id,
                    o.email,
                    o.role.as_str(),
                    when(o.locked_until),
                    when(o.disabled_at)
                );
            }
        }
    }
    Ok(())
}
