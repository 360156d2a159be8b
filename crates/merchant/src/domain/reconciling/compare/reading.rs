//! How to read one settlement batch's amounts, from the batch's own totals.
//!
//! Antom documents each item's `settlementAmountValue` as net of its fees (the
//! converted transaction amount plus its fees, negative when charged) and the
//! summary's as the batch's net; one of its own samples writes fees the other
//! way round, and older files were read as gross items. Rather than trust one
//! guess, each batch is read the way its summary adds up: the summary's total
//! against the sum of the details, as written (`D`), and their fees and tax (`F`):
//!
//! | summary total | items are | fee charged is written |
//! |---|---|---|
//! | `D` | net | as the items' own amounts show it (net − transaction, where no FX) |
//! | `D − F` | gross | positive |
//! | `D + F` | gross | negative |
//!
//! A batch without a summary is read as Antom documents it, unverified. One whose
//! totals fit none of these, or whose net items contradict their own fees (net −
//! transaction is neither the fees nor their opposite), is read so too, and is
//! `unfit`: the report says so, beside the summary's figures that disagree.

use antom::settlement::{ItemSettlement, SummaryLine, TransactionItem, TransactionType};
use contract::back_office::{BatchReading, FeeSign, ItemAmounts};
use std::collections::BTreeMap;

/// One batch's reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    pub(crate) items: ItemAmounts,
    pub(crate) fees_charged: FeeSign,
    pub(crate) verified: bool,
    /// The batch has a summary, and it and the items fit no reading.
    pub(crate) unfit: bool,
}

impl Default for Reading {
    /// Antom's documented reading, not confirmed by anything.
    fn default() -> Self {
        Self {
            items: ItemAmounts::Net,
            fees_charged: FeeSign::Negative,
            verified: false,
            unfit: false,
        }
    }
}

impl Reading {
    /// A fee or tax as written, as a positive amount when charged.
    pub(crate) fn charged(self, written: i64) -> i64 {
        match self.fees_charged {
            FeeSign::Negative => -written,
            FeeSign::Positive => written,
        }
    }

    /// What the item settles for, after its fees and tax.
    pub(crate) fn net(self, s: &ItemSettlement) -> i64 {
        match self.items {
            ItemAmounts::Net => s.amount.minor,
            ItemAmounts::Gross => {
                s.amount.minor - self.charged(s.fee.minor) - self.charged(s.tax.minor)
            }
        }
    }

    /// What the item settles for before its fees and tax.
    pub(crate) fn gross(self, s: &ItemSettlement) -> i64 {
        match self.items {
            ItemAmounts::Net => {
                s.amount.minor + self.charged(s.fee.minor) + self.charged(s.tax.minor)
            }
            ItemAmounts::Gross => s.amount.minor,
        }
    }

    /// As the report shows it.
    pub(crate) fn view(self, batch: &str) -> BatchReading {
        BatchReading {
            batch: batch.to_owned(),
            item_amounts: self.items,
            fees_charged: self.fees_charged,
            verified: self.verified,
        }
    }
}

/// The reading of every batch that has details.
pub(super) fn of_batches<'a>(
    details: &[&TransactionItem],
    summaries: impl Iterator<Item = &'a SummaryLine>,
) -> BTreeMap<String, Reading> {
    let mut totals: BTreeMap<&str, Option<i64>> = BTreeMap::new();
    let mut by_type: BTreeMap<&str, i64> = BTreeMap::new();
    for line in summaries {
        let batch = line.settlement_batch_id.as_str();
        if line.summary_type == TransactionType::Total {
            totals.insert(batch, Some(line.amount.minor));
        } else {
            *by_type.entry(batch).or_default() += line.amount.minor;
        }
    }
    let mut batches: BTreeMap<String, Vec<&TransactionItem>> = BTreeMap::new();
    for item in details {
        if let Some(batch) = &item.settlement_batch_id {
            batches.entry(batch.clone()).or_default().push(item);
        }
    }
    batches
        .into_iter()
        .map(|(batch, items)| {
            // The TOTAL line when there is one, else the sum of the type lines.
            let summary = totals
                .get(batch.as_str())
                .copied()
                .flatten()
                .or_else(|| by_type.get(batch.as_str()).copied());
            let reading = summary.map_or_else(Reading::default, |s| of_batch(s, &items));
            (batch, reading)
        })
        .collect()
}

/// The reading under which a batch's summary total `summary` is what its items add up to.
fn of_batch(summary: i64, items: &[&TransactionItem]) -> Reading {
    let settled = items.iter().filter_map(|i| i.settlement);
    let sum: i64 = settled.clone().map(|s| s.amount.minor).sum();
    let fees: i64 = settled.clone().map(|s| s.fee.minor + s.tax.minor).sum();
    // Any fee at all: fees that cancel out across items still need their sign.
    let any_fee = settled
        .clone()
        .any(|s| s.fee.minor != 0 || s.tax.minor != 0);
    let reading = |items, fees_charged| Reading {
        items,
        fees_charged,
        verified: true,
        unfit: false,
    };
    if summary == sum {
        return match fee_sign_of_net_items(items) {
            NetFees::Shown(sign) => reading(ItemAmounts::Net, sign),
            NetFees::NotShown if !any_fee => reading(ItemAmounts::Net, FeeSign::Negative),
            // Fees only beside FX: the file does not show their sign.
            NetFees::NotShown => Reading::default(),
            NetFees::Contradicted => unfit(summary, sum, fees),
        };
    }
    if summary == sum - fees && fees != 0 {
        return reading(ItemAmounts::Gross, FeeSign::Positive);
    }
    if summary == sum + fees && fees != 0 {
        return reading(ItemAmounts::Gross, FeeSign::Negative);
    }
    unfit(summary, sum, fees)
}

fn unfit(summary: i64, sum: i64, fees: i64) -> Reading {
    tracing::warn!(
        summary,
        sum,
        fees,
        "a settlement summary and its details fit no reading"
    );
    Reading {
        unfit: true,
        ..Reading::default()
    }
}

/// What net items' own amounts say of their fees' sign.
enum NetFees {
    Shown(FeeSign),
    /// No item settled in its own currency has a fee.
    NotShown,
    /// An item's net − transaction is neither its fees nor their opposite.
    Contradicted,
}

/// For net items, the fee sign their own amounts show: net − transaction amount is the
/// fees as written (negative when charged) or their opposite (positive when charged).
/// Only items settled in their own currency show it.
fn fee_sign_of_net_items(items: &[&TransactionItem]) -> NetFees {
    let mut shown = None;
    for item in items {
        let Some(s) = item.settlement else { continue };
        let fees = s.fee.minor + s.tax.minor;
        if fees == 0 || s.amount.currency != item.amount.currency {
            continue;
        }
        let diff = s.amount.minor - item.amount.minor;
        let sign = if diff == fees {
            FeeSign::Negative
        } else if diff == -fees {
            FeeSign::Positive
        } else {
            return NetFees::Contradicted;
        };
        if shown.is_some_and(|s| s != sign) {
            return NetFees::Contradicted;
        }
        shown = Some(sign);
    }
    shown.map_or(NetFees::NotShown, NetFees::Shown)
}
