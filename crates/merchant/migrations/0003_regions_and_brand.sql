-- Regions the buyer may switch between (JSON array of ISO 3166-1 codes; the
-- region column stays the default), and the merchant's brand colour.
ALTER TABLE checkout_sessions ADD COLUMN regions_json TEXT;
ALTER TABLE checkout_sessions ADD COLUMN brand_color TEXT;
