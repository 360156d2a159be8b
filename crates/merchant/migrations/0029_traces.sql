-- The W3C traceparent of the span an event was recorded in (NULL with traces
-- off): its webhooks carry it, so a merchant's trace continues from ours.
ALTER TABLE events ADD COLUMN traceparent TEXT;
