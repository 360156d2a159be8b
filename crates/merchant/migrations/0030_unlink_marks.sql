-- Each unlink under way marks its link, before its revoke is sent, with a mark of
-- its own: the TOKEN_CANCELED Antom sends for that revoke is then credited to
-- whoever unlinked, not to the wallet app. `linked_wallets.unlinking_by` and
-- `unlinking_at` held a single mark, so of two unlinks at once, one that Antom
-- refused erased the other's mark. This build still reads those columns, so marks
-- made by the previous build (before or while this one rolls out) keep counting;
-- it no longer writes them, so a previous-build replica that receives this build's
-- TOKEN_CANCELED credits the wallet app. A later release drops them.
CREATE TABLE unlink_marks (
    id TEXT PRIMARY KEY,
    link_id TEXT NOT NULL,
    ended_by TEXT NOT NULL,
    marked_at BIGINT NOT NULL,
    -- Real microseconds: which of two marks made within one second came first.
    marked_seq BIGINT NOT NULL,
    -- NULL while its revoke awaits Antom's answer; then `revoked`, `already_gone`
    -- (INVALID_ACCESS_TOKEN: someone else's revoke may have done it), `unknown` (no
    -- final answer: it may still happen) or `refused`.
    answer TEXT,
    -- When a TOKEN_CANCELED that could not be credited yet (unlinks by different
    -- parties awaiting answers) arrived: the last of them to be answered settles it.
    echo_deferred_at BIGINT
);
CREATE INDEX unlink_marks_by_link ON unlink_marks (link_id, marked_seq);
CREATE INDEX unlink_marks_by_age ON unlink_marks (marked_at);
