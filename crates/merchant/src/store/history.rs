//! What the back office reads: payments filtered and paged, and everything
//! that happened to one payment.

use super::payments::PaymentAttempt;
use super::{col, col_as, Db};
use crate::domain::states::{DeclarationStatus, DeliveryStatus, PaymentStatus, RefundStatus};

/// Filters of the payment list; every one optional.
#[derive(Debug, Default, Clone)]
pub struct PaymentFilter {
    /// Stored statuses to include (`recorded` and `processing` both mean processing).
    pub statuses: Vec<PaymentStatus>,
    /// Wallet code.
    pub wallet: Option<String>,
    /// ISO 4217 code.
    pub currency: Option<String>,
    /// Created at or after, Unix seconds.
    pub from: Option<i64>,
    /// Created before, Unix seconds.
    pub until: Option<i64>,
    /// Amount at least, minor units.
    pub min_amount: Option<i64>,
    /// Amount at most, minor units.
    pub max_amount: Option<i64>,
}

enum Bind {
    Text(String),
    Int(i64),
}

fn conditions(f: &PaymentFilter) -> (String, Vec<Bind>) {
    let mut sql = Vec::new();
    let mut binds = Vec::new();
    let next = |binds: &mut Vec<Bind>, b: Bind| {
        binds.push(b);
        format!("${}", binds.len())
    };
    if !f.statuses.is_empty() {
        let marks: Vec<String> = f
            .statuses
            .iter()
            .map(|s| next(&mut binds, Bind::Text(s.as_str().to_owned())))
            .collect();
        sql.push(format!("status IN ({})", marks.join(", ")));
    }
    for (column, value) in [("wallet", &f.wallet), ("currency", &f.currency)] {
        if let Some(v) = value {
            sql.push(format!(
                "{column} = {}",
                next(&mut binds, Bind::Text(v.clone()))
            ));
        }
    }
    for (column, op, value) in [
        ("created_at", ">=", f.from),
        ("created_at", "<", f.until),
        ("amount_minor", ">=", f.min_amount),
        ("amount_minor", "<=", f.max_amount),
    ] {
        if let Some(v) = value {
            sql.push(format!("{column} {op} {}", next(&mut binds, Bind::Int(v))));
        }
    }
    let clause = if sql.is_empty() {
        "1 = 1".to_owned()
    } else {
        sql.join(" AND ")
    };
    (clause, binds)
}

fn bind_all<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    binds: &'q [Bind],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for b in binds {
        q = match b {
            Bind::Text(t) => q.bind(t.as_str()),
            Bind::Int(i) => q.bind(*i),
        };
    }
    q
}

/// Up to `limit` payments matching `f`, newest first, older than the `before` cursor
/// (`(created_seq, id)` of the last row of the previous page); and how many match in all.
pub async fn payments(
    db: &Db,
    f: &PaymentFilter,
    before: Option<(i64, String)>,
    limit: i64,
) -> Result<(Vec<(PaymentAttempt, i64)>, i64), sqlx::Error> {
    let (clause, mut binds) = conditions(f);
    let count_sql = format!("SELECT COUNT(*) AS n FROM payment_attempts WHERE {clause}");
    let total: i64 = col(
        &bind_all(sqlx::query(&count_sql), &binds)
            .fetch_one(&db.pool)
            .await?,
        "n",
    )?;
    let mut page_clause = clause;
    if let Some((at, id)) = before {
        binds.push(Bind::Int(at));
        let a = binds.len();
        binds.push(Bind::Int(at));
        let b = binds.len();
        binds.push(Bind::Text(id));
        let c = binds.len();
        page_clause =
            format!("{page_clause} AND (created_seq < ${a} OR (created_seq = ${b} AND id < ${c}))");
    }
    binds.push(Bind::Int(limit));
    let sql = format!(
        "SELECT {}, created_seq FROM payment_attempts WHERE {page_clause} ORDER BY created_seq DESC, id DESC LIMIT ${}",
        super::payments::COLUMNS,
        binds.len()
    );
    let rows = bind_all(sqlx::query(&sql), &binds)
        .fetch_all(&db.pool)
        .await?;
    let list = rows
        .iter()
        .map(|r| {
            Ok((
                <PaymentAttempt as sqlx::FromRow<_>>::from_row(r)?,
                col(r, "created_seq")?,
            ))
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok((list, total))
}

/// One raw event of a payment's history.
#[derive(Debug, Clone)]
pub struct Event {
    /// Unix seconds.
    pub at: i64,
    /// `authorization`, `attempt`, `notification`, `refund`, `declaration`, `cancel`, `webhook`, `audit`.
    pub kind: &'static str,
    /// What happened.
    pub what: String,
    /// The thing concerned.
    pub reference: Option<String>,
    /// Money, minor units and currency.
    pub amount: Option<(i64, String)>,
}

fn event(
    at: i64,
    kind: &'static str,
    what: impl Into<String>,
    reference: Option<String>,
    amount: Option<(i64, String)>,
) -> Event {
    Event {
        at,
        kind,
        what: what.into(),
        reference,
        amount,
    }
}

/// Everything that happened to payment `p` and its checkout, oldest first.
pub async fn events(db: &Db, p: &PaymentAttempt) -> Result<Vec<Event>, sqlx::Error> {
    let mut out = Vec::new();
    authorizations(db, p, &mut out).await?;
    attempts(db, p, &mut out).await?;
    let references = refunds(db, p, &mut out).await?;
    notifications(db, &references, &mut out).await?;
    declarations(db, p, &mut out).await?;
    webhooks(db, p, &mut out).await?;
    audit(db, p, &mut out).await?;
    // Stable: events of the same second keep the order they were gathered in.
    out.sort_by_key(|e| e.at);
    Ok(out)
}

/// The link attempts of the payment's checkout, and how each ended.
async fn authorizations(
    db: &Db,
    p: &PaymentAttempt,
    out: &mut Vec<Event>,
) -> Result<(), sqlx::Error> {
    for r in sqlx::query("SELECT wallet, created_at, used_at, outcome FROM authorization_attempts WHERE checkout_session_id = $1")
        .bind(&p.checkout_session_id)
        .fetch_all(&db.pool)
        .await?
    {
        let wallet: String = col(&r, "wallet")?;
        out.push(event(col(&r, "created_at")?, "authorization", "started", Some(wallet.clone()), None));
        if let (Some(at), Some(outcome)) = (col::<Option<i64>>(&r, "used_at")?, col::<Option<String>>(&r, "outcome")?) {
            out.push(event(at, "authorization", outcome, Some(wallet), None));
        }
    }
    Ok(())
}

/// The checkout's payment attempts, and how each ended or was cancelled.
async fn attempts(db: &Db, p: &PaymentAttempt, out: &mut Vec<Event>) -> Result<(), sqlx::Error> {
    for r in sqlx::query("SELECT id, amount_minor, currency, status, created_at, updated_at, paid_at, cancelled_at, result_code FROM payment_attempts WHERE checkout_session_id = $1")
        .bind(&p.checkout_session_id)
        .fetch_all(&db.pool)
        .await?
    {
        let id: String = col(&r, "id")?;
        let amount = Some((col(&r, "amount_minor")?, col(&r, "currency")?));
        out.push(event(col(&r, "created_at")?, "attempt", "recorded", Some(id.clone()), amount.clone()));
        let status: PaymentStatus = col_as(&r, "status")?;
        let paid: Option<i64> = col(&r, "paid_at")?;
        let updated: i64 = col(&r, "updated_at")?;
        match status {
            PaymentStatus::Succeeded => out.push(event(paid.unwrap_or(updated), "attempt", "succeeded", Some(id), amount)),
            PaymentStatus::Failed => {
                let code: Option<String> = col(&r, "result_code")?;
                out.push(event(updated, "attempt", format!("failed:{}", code.unwrap_or_default()), Some(id), amount));
            }
            PaymentStatus::Cancelled => {
                if let Some(at) = paid {
                    out.push(event(at, "attempt", "succeeded", Some(id.clone()), amount.clone()));
                }
                let at: Option<i64> = col(&r, "cancelled_at")?;
                out.push(event(at.unwrap_or(updated), "cancel", "cancelled", Some(id), amount));
            }
            _ => {}
        }
    }
    Ok(())
}

/// The payment's refunds, and how each ended. Answers the request ids Antom's notifications name.
async fn refunds(
    db: &Db,
    p: &PaymentAttempt,
    out: &mut Vec<Event>,
) -> Result<Vec<String>, sqlx::Error> {
    let mut references = vec![p.payment_request_id.clone()];
    for r in sqlx::query("SELECT id, refund_request_id, amount_minor, currency, status, result_code, created_at, updated_at FROM refunds WHERE payment_attempt_id = $1")
        .bind(&p.id)
        .fetch_all(&db.pool)
        .await?
    {
        let id: String = col(&r, "id")?;
        references.push(col(&r, "refund_request_id")?);
        let amount = Some((col(&r, "amount_minor")?, col(&r, "currency")?));
        out.push(event(col(&r, "created_at")?, "refund", "requested", Some(id.clone()), amount.clone()));
        let status: RefundStatus = col_as(&r, "status")?;
        if !status.is_unsettled() {
            let what = if status == RefundStatus::Failed {
                format!("failed:{}", col::<Option<String>>(&r, "result_code")?.unwrap_or_default())
            } else {
                status.as_str().to_owned()
            };
            out.push(event(col(&r, "updated_at")?, "refund", what, Some(id), amount));
        }
    }
    Ok(references)
}

/// Antom's notifications about the payment and its refunds.
async fn notifications(
    db: &Db,
    references: &[String],
    out: &mut Vec<Event>,
) -> Result<(), sqlx::Error> {
    for reference in references {
        for r in sqlx::query("SELECT kind, received_at FROM notifications WHERE reference = $1")
            .bind(reference)
            .fetch_all(&db.pool)
            .await?
        {
            let kind: String = col(&r, "kind")?;
            out.push(event(
                col(&r, "received_at")?,
                "notification",
                kind,
                Some(reference.clone()),
                None,
            ));
        }
    }
    Ok(())
}

/// The payment's customs declarations, and how each ended.
async fn declarations(
    db: &Db,
    p: &PaymentAttempt,
    out: &mut Vec<Event>,
) -> Result<(), sqlx::Error> {
    for r in sqlx::query("SELECT id, amount_minor, currency, status, customs_code, created_at, updated_at FROM declarations WHERE payment_attempt_id = $1")
        .bind(&p.id)
        .fetch_all(&db.pool)
        .await?
    {
        let id: String = col(&r, "id")?;
        let amount = Some((col(&r, "amount_minor")?, col(&r, "currency")?));
        out.push(event(col(&r, "created_at")?, "declaration", "requested", Some(id.clone()), amount.clone()));
        let status: DeclarationStatus = col_as(&r, "status")?;
        if !DeclarationStatus::UNSETTLED.contains(&status) {
            out.push(event(col(&r, "updated_at")?, "declaration", status.as_str(), Some(id), amount));
        }
    }
    Ok(())
}

/// Webhooks about the payment and its refunds, with where their delivery stands.
async fn webhooks(db: &Db, p: &PaymentAttempt, out: &mut Vec<Event>) -> Result<(), sqlx::Error> {
    for r in sqlx::query(&format!(
        "SELECT e.id, e.type, e.created_at, \
           (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.event_id = e.id) AS deliveries, \
           (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = {}) AS failed, \
           (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = {}) AS pending \
         FROM events e WHERE e.object_id = $1 \
           OR e.object_id IN (SELECT id FROM refunds WHERE payment_attempt_id = $2) ORDER BY e.created_seq",
        DeliveryStatus::Failed.sql(),
        DeliveryStatus::Pending.sql()
    ))
    .bind(&p.id)
    .bind(&p.id)
    .fetch_all(&db.pool)
    .await?
    {
        let (deliveries, failed, pending): (i64, i64, i64) =
            (col(&r, "deliveries")?, col(&r, "failed")?, col(&r, "pending")?);
        let standing = match (deliveries, failed, pending) {
            (0, _, _) => "no_endpoint",
            (_, f, _) if f > 0 => DeliveryStatus::Failed.as_str(),
            (_, _, p) if p > 0 => DeliveryStatus::Pending.as_str(),
            _ => DeliveryStatus::Delivered.as_str(),
        };
        let event_type: String = col(&r, "type")?;
        out.push(event(
            col(&r, "created_at")?,
            "webhook",
            format!("{event_type}:{standing}"),
            Some(col(&r, "id")?),
            None,
        ));
    }
    Ok(())
}

/// What the back office did to the payment.
async fn audit(db: &Db, p: &PaymentAttempt, out: &mut Vec<Event>) -> Result<(), sqlx::Error> {
    for r in sqlx::query("SELECT at, actor, action FROM audit_log WHERE subject = $1 ORDER BY seq")
        .bind(&p.id)
        .fetch_all(&db.pool)
        .await?
    {
        out.push(event(
            col(&r, "at")?,
            "audit",
            col::<String>(&r, "action")?,
            Some(col(&r, "actor")?),
            None,
        ));
    }
    Ok(())
}
