-- dispatchShipment no longer ships by itself: it records the request (carrier, tracking number)
-- and asks orders (ShipmentDispatchRequested), which decides between the dispatch and a cancel
-- of the order under the order's row lock. OrderDispatchAccepted then ships it (DISPATCHED);
-- OrderCancelled cancels it. Shipments dispatched before this migration count as requested.
ALTER TABLE shipments
  ADD COLUMN dispatch_requested_at timestamptz,
  ADD COLUMN requested_carrier text,
  ADD COLUMN requested_tracking_number text CONSTRAINT shipments_requested_tracking_number_key UNIQUE;

UPDATE shipments SET dispatch_requested_at = dispatched_at, requested_carrier = carrier,
  requested_tracking_number = tracking_number
WHERE dispatched_at IS NOT NULL;

ALTER TABLE shipments ADD CONSTRAINT shipments_dispatch_request_complete CHECK (
  (dispatch_requested_at IS NULL) = (requested_carrier IS NULL)
  AND (dispatch_requested_at IS NULL) = (requested_tracking_number IS NULL)
  AND (dispatched_at IS NULL OR dispatch_requested_at IS NOT NULL));
