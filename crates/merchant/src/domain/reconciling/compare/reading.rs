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
//! A batch without a summary, or whose totals fit none of these, is read as
//! Antom documents it, unverified; the summary's figures then show as issues.

use antom::settlement::{ItemSettlement, SummaryLine, TransactionItem, TransactionType};
use contract::back_office::{BatchReading, FeeSign, ItemAmounts};
use std::collections::BTreeMap;

/// One batch's reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Reading {
    pub(crate) items: ItemAmounts,
    pub(crate) fees_charged: FeeSign,
    pub(crate) verified: bool,
}

impl Default for Reading {
    /// Antom's documented reading, not confirmed by anything.
    fn default() -> Self {
        Self {
            items: ItemAmounts::Net,
            fees_charged: FeeSign::Negative,
            verified: false,
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
    let fees: i64 = settled.map(|s| s.fee.minor + s.tax.minor).sum();
    let reading = |items, fees_charged, verified| Reading {
        items,
        fees_charged,
        verified,
    };
    if summary == sum {
        return match fee_sign_of_net_items(items) {
            Some(sign) => reading(ItemAmounts::Net, sign, true),
            // No fees: the sign does not matter. Fees only beside FX: not shown by the file.
            None => reading(ItemAmounts::Net, FeeSign::Negative, fees == 0),
        };
    }
    if summary == sum - fees {
        return reading(ItemAmounts::Gross, FeeSign::Positive, true);
    }
    if summary == sum + fees {
        return reading(ItemAmounts::Gross, FeeSign::Negative, true);
    }
    tracing::warn!(
        summary,
        sum,
        fees,
        "a settlement summary fits no reading of its details"
    );
    Reading::default()
}

/// For net items, the fee sign their own amounts show: net − transaction amount is the
/// fees as written (negative when charged) or their opposite (positive when charged).
/// Only items settled in their own currency show it; `None` when none with a fee does.
fn fee_sign_of_net_items(items: &[&TransactionItem]) -> Option<FeeSign> {
    items.iter().find_map(|item| {
        let s = item.settlement?;
        let fees = s.fee.minor + s.tax.minor;
        if fees == 0 || s.amount.currency != item.amount.currency {
            return None;
        }
        let diff = s.amount.minor - item.amount.minor;
        if diff == fees {
            Some(FeeSign::Negative)
        } else if diff == -fees {
            Some(FeeSign::Positive)
        } else {
            None
        }
    })
}
