-- A token names one link: lookups by its hash (TOKEN_CANCELED, refresh) must
-- never find two rows and pick one by chance.
DROP INDEX linked_wallets_by_token;
CREATE UNIQUE INDEX linked_wallets_by_token ON linked_wallets (access_token_hash);
