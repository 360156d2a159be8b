-- A webhook attempt keeps its status and why it failed, as a class
-- (timeout, address_not_allowed, connect, request): never the receiver's
-- words, which an address inside our network could have filled.
ALTER TABLE webhook_attempts DROP COLUMN response_head;
UPDATE webhook_attempts SET error = CASE
    WHEN error LIKE 'timed out%' THEN 'timeout'
    ELSE 'connect'
END
WHERE error IS NOT NULL;
