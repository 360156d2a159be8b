//! The sandbox's console operator, made on first start so the console can be tried.

use anyhow::Context;
use contract::access::{NewOperator, Role};
use merchant::domain::access::operators;
use merchant::domain::audit::Actor;
use merchant::Service;
use std::path::PathBuf;

/// In sandbox mode, an admin operator to try the console with, made once: its
/// password, TOTP secret and recovery codes are written to `DATA_DIR/sandbox-operator.txt`.
pub async fn sandbox_operator(svc: &Service) -> anyhow::Result<Option<PathBuf>> {
    let file = svc.config.data_dir.join("sandbox-operator.txt");
    if !operators::list(svc).await?.is_empty() {
        return Ok(file.exists().then_some(file));
    }
    let password = merchant::crypto::random_token(15);
    let new = NewOperator {
        email: "admin@sandbox.test".into(),
        role: Role::Admin,
        password: password.clone(),
    };
    let created = operators::create(svc, &new, &Actor::Cli("sandbox".into())).await?;
    let text = format!(
        "A sandbox console operator (admin), made because the sandbox had none.\n\
         e-mail:   {}\npassword: {password}\n\
         second factor: add this to an authenticator app: {}\n\
         or type its secret: {}\n\
         or use a recovery code (each works once):\n  {}\n",
        created.operator.email,
        created.totp_uri,
        created.totp_secret,
        created.recovery_codes.join("\n  ")
    );
    // Only this user may read it, like the sandbox's keys beside it.
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&file)
            .and_then(|mut f| f.write_all(text.as_bytes()))
            .with_context(|| format!("writing {}", file.display()))?;
    }
    Ok(Some(file))
}
