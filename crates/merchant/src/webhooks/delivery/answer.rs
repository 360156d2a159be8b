//! What is kept of a receiver's answer: a little, and printable.

use super::RESPONSE_HEAD_BYTES;

/// The first [`RESPONSE_HEAD_BYTES`] of an answer, reading no further, as
/// printable text: it is shown to the merchant and stored, and PostgreSQL
/// refuses U+0000 (a receiver answering `ok\0` once spoiled every record of its batch).
pub(super) async fn answer_head(mut answer: reqwest::Response) -> String {
    let mut head = Vec::with_capacity(RESPONSE_HEAD_BYTES);
    while head.len() < RESPONSE_HEAD_BYTES {
        match answer.chunk().await {
            Ok(Some(chunk)) => {
                let room = RESPONSE_HEAD_BYTES - head.len();
                head.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            _ => break,
        }
    }
    printable(&String::from_utf8_lossy(&head))
}

/// `text` without control characters; a line break or a tab becomes a space.
pub(super) fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}
