-- What Antom says customs may be told of an Alipay CN payment (customsDeclarationAmount,
-- in CNY), and customs' own answer to each declaration (inquiryDeclarationRequests).
ALTER TABLE payment_attempts ADD COLUMN customs_amount_minor BIGINT;
ALTER TABLE payment_attempts ADD COLUMN customs_currency TEXT;
ALTER TABLE declarations ADD COLUMN customs_payment_id TEXT;
ALTER TABLE declarations ADD COLUMN customs_order_id TEXT;
ALTER TABLE declarations ADD COLUMN customs_result_code TEXT;
ALTER TABLE declarations ADD COLUMN customs_result_desc TEXT;
ALTER TABLE declarations ADD COLUMN customs_returned_at TEXT;
