-- The W3C traceparent of the span an event was recorded in (NULL with traces
-- off): its webhooks carry it, so a merchant's trace continues from ours.
ALTER TABLE events ADD COLUMN traceparent TEXT;

-- The health page asks, per endpoint, for its deliveries still pending after a
-- failed attempt: without this it would read every delivery ever made.
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, status);
