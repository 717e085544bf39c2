-- W3C trace context of the event that made the order ready to authorize: the authorizer runs
-- the provider call and the PaymentAuthorized/Declined it publishes in that trace, so one
-- checkout stays one trace across this queue. NULL without tracing.
ALTER TABLE payment_orders ADD COLUMN authorization_traceparent text;
