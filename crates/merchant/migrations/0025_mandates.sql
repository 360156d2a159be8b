-- Mandates: what a buyer agreed the merchant may charge a linked wallet without
-- them. A link with an open mandate is recurring; one without is buyer-present.
-- The interval's running total lives on the row, so one conditional UPDATE both
-- checks and counts a charge: concurrent charges cannot pass the maximum together.
CREATE TABLE mandates (
    id                      TEXT PRIMARY KEY,
    linked_wallet_id        TEXT NOT NULL UNIQUE REFERENCES linked_wallets (id),
    checkout_session_id     TEXT,
    description             TEXT NOT NULL,
    currency                TEXT NOT NULL,
    -- NULL only for a mandate carried over from before limits existed.
    max_per_charge_minor    BIGINT,
    -- day | week | month | year, with max_per_interval_minor; or both NULL.
    interval_unit           TEXT,
    max_per_interval_minor  BIGINT,
    ends_at                 BIGINT,
    created_at              BIGINT NOT NULL,
    ended_at                BIGINT,
    ended_by                TEXT,
    -- The interval the running total counts (its start), and the total.
    period_start            BIGINT,
    period_charged_minor    BIGINT NOT NULL DEFAULT 0
);

-- The terms a checkout asks the buyer to agree to (JSON), and, for a
-- merchant-initiated charge's own session, the mandate and interval it was counted in.
ALTER TABLE checkout_sessions ADD COLUMN mandate_json TEXT;
ALTER TABLE checkout_sessions ADD COLUMN mandate_id TEXT;
ALTER TABLE checkout_sessions ADD COLUMN mandate_period_start BIGINT;

-- Existing links keep what their buyers saw: one made in a setup checkout, or in
-- a recurring one, becomes recurring with a mandate carrying only what its session
-- stated (its order description, no limits), so subscriptions keep charging.
-- Any other link stays buyer-present. The session is the one whose authorization
-- made the link (the latest linked one of that buyer and wallet at that time).
INSERT INTO mandates (id, linked_wallet_id, checkout_session_id, description, currency, created_at, ended_at, ended_by)
SELECT 'md_' || made.link_id, made.link_id, s.id, s.order_description, s.currency, made.created_at,
       CASE WHEN made.status = 'active' THEN NULL ELSE made.updated_at END,
       -- Who ended it, as `wallet.unlinked` said of its link.
       CASE made.status WHEN 'active' THEN NULL WHEN 'unlinked' THEN 'buyer'
                        WHEN 'revoked_by_wallet' THEN 'wallet_app' ELSE 'antom' END
FROM (
    SELECT lw.id AS link_id, lw.created_at, lw.updated_at, lw.status,
           (SELECT a.checkout_session_id FROM authorization_attempts a
             WHERE a.buyer_reference = lw.buyer_reference AND a.wallet = lw.wallet
               AND a.outcome = 'linked' AND a.used_at BETWEEN lw.created_at - 3600 AND lw.created_at + 60
             ORDER BY a.used_at DESC LIMIT 1) AS session_id
    FROM linked_wallets lw
) made
JOIN checkout_sessions s ON s.id = made.session_id
WHERE s.mode = 'setup' OR s.recurring = 1;
