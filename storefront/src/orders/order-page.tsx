import { useCallback, useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { addressText } from '../account/address-text.ts';
import { CancelOrderDocument, OrderDocument, OrderUpdatedDocument, type OrderQuery } from '../gql/graphql.ts';
import { useLive } from '../live.ts';
import { formatMoney } from '../money.ts';
import { Link } from '../router.tsx';
import { usePolling } from '../use-polling.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { STATUS_LABEL, isSettling } from './status.ts';

/** Polling, only while the orderUpdated subscription is not delivering (socket down, reconnecting). */
const ORDER_POLL_MS = 1_000;

type OrderView = NonNullable<OrderQuery['order']>;

const PAYMENT_LABEL = {
  AUTHORIZED: 'Authorized (not yet charged)',
  DECLINED: 'Declined',
  CAPTURED: 'Charged',
  VOIDED: 'Released (not charged)',
  REFUNDED: 'Refunded',
} as const;

const SHIPMENT_LABEL = {
  PENDING: 'Being prepared',
  DISPATCHED: 'On its way',
  DELIVERED: 'Delivered',
  CANCELLED: 'Cancelled',
} as const;

export function OrderPage(props: { id: string }) {
  const [result, refresh] = useQuery({ query: OrderDocument, variables: { id: props.id } });
  // Live: every status, payment and shipment change pushed by the gateway (graphql-ws).
  const [live] = useSubscription({ query: OrderUpdatedDocument, variables: { id: props.id } });
  const connected = useLive();
  const [cancelling, cancel] = useMutation(CancelOrderDocument);
  // Whichever answered last is the newest state: a pushed payload, or a query (first load,
  // polling while the socket is down, the refetch after cancelling).
  const [latest, setLatest] = useState<OrderView | undefined>(undefined);
  const queried = result.data?.order ?? undefined;
  const pushed = live.data?.orderUpdated;
  useEffect(() => setLatest(queried), [queried]);
  useEffect(() => {
    if (pushed) setLatest(pushed);
  }, [pushed]);
  const order = latest?.id === props.id ? latest : queried;
  const poll = useCallback(() => refresh({ requestPolicy: 'network-only' }), [refresh]);
  // Keep following while the saga runs, and until a confirmed order shows its shipment; by
  // polling only when the subscription is not delivering.
  const following =
    !!order && (isSettling(order.status) || (order.status === 'CONFIRMED' && order.shipments.length === 0));
  const streaming = connected && !!pushed && !live.error;
  usePolling(poll, ORDER_POLL_MS, following && !streaming);
  if (result.error && !order)
    return (
      <ErrorNotice
        error={result.error}
        onRetry={poll}
        messages={{ forbidden: "We couldn't find that order." }}
      />
    );
  if (!order)
    return result.fetching || !result.data ? <Loading /> : <Page title="Order not found">{null}</Page>;
  const canCancel = order.status === 'PENDING' || order.status === 'CONFIRMED';
  return (
    <Page title={`Order ${order.number}`}>
      <div
        aria-live="polite"
        aria-atomic="true"
        className="order-status"
        data-testid="order-live"
        data-live={streaming ? 'subscription' : 'polling'}
      >
        <p>
          Status:{' '}
          <strong
            className={`status status-${order.status.toLowerCase()}`}
            data-testid="order-status"
            data-status={order.status}
          >
            {STATUS_LABEL[order.status]}
          </strong>
        </p>
        {order.status === 'PENDING' && <p>We're reserving your items and checking your payment…</p>}
        {order.status === 'CONFIRMED' && <Notice kind="success">Thank you! Your order is confirmed.</Notice>}
        {order.status === 'PAYMENT_FAILED' && (
          <Notice kind="error">
            Your card was declined{order.payment?.declineReason ? ` (${order.payment.declineReason})` : ''}.
            You have not been charged. <Link href="/">Continue shopping</Link> and try another card.
          </Notice>
        )}
        {order.status === 'REJECTED' && (
          <Notice kind="error">
            Sorry, some items went out of stock before we could reserve them. You have not been charged.
          </Notice>
        )}
      </div>
      <section aria-labelledby="lines">
        <h2 id="lines">Items</h2>
        <ul className="list">
          {order.lines.map((l) => (
            <li key={l.product.id}>
              {l.quantity} × <Link href={`/products/${l.product.id}`}>{l.product.name}</Link> —{' '}
              {formatMoney(l.lineTotal)}
            </li>
          ))}
        </ul>
        <p className="total">Total: {formatMoney(order.total)}</p>
      </section>
      <section aria-labelledby="payment">
        <h2 id="payment">Payment</h2>
        {order.payment ? (
          <p data-testid="payment">
            {order.payment.method
              ? `${order.payment.method.brand} ending ${order.payment.method.last4}: `
              : ''}
            {PAYMENT_LABEL[order.payment.status]}
          </p>
        ) : (
          <p>Waiting for the payment provider.</p>
        )}
      </section>
      <section aria-labelledby="shipping">
        <h2 id="shipping">Shipping</h2>
        {order.shippingAddress && <p>To: {addressText(order.shippingAddress)}</p>}
        {order.shipments.length === 0 ? (
          <p>No shipment yet.</p>
        ) : (
          <ul className="list" data-testid="shipments">
            {order.shipments.map((s) => (
              <li key={s.id}>
                Shipment: {SHIPMENT_LABEL[s.status]}
                {s.carrier ? ` with ${s.carrier}` : ''}
                {s.trackingNumber ? `, tracking ${s.trackingNumber}` : ''}
              </li>
            ))}
          </ul>
        )}
      </section>
      {cancelling.error && (
        <ErrorNotice
          error={cancelling.error}
          messages={{ conflict: 'This order can no longer be cancelled.' }}
        />
      )}
      {canCancel && (
        <button
          type="button"
          className="secondary"
          disabled={cancelling.fetching}
          onClick={() => void cancel({ id: order.id }).then(poll)}
        >
          Cancel order
        </button>
      )}
      <p>
        <Link href="/orders">All your orders</Link>
      </p>
    </Page>
  );
}
