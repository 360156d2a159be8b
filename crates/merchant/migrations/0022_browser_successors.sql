-- Each claim gives the browser a fresh cookie value (a copied cookie never opens
-- the next checkout). Two tabs claiming at the same moment with the same old
-- value must end with one value holding both checkouts: the first claim's new
-- value (encrypted) is kept for a few seconds as the old value's successor.
CREATE TABLE browser_successors (
    old_hash   TEXT PRIMARY KEY,
    new_value  TEXT NOT NULL,
    until      BIGINT NOT NULL
);
