import { useRef, useState, type FormEvent } from 'react';
import { useMutation, useQuery, type CombinedError } from 'urql';
import { AddressForm } from '../account/address-form.tsx';
import { addressText } from '../account/address-text.ts';
import { cart, useCart } from '../cart.ts';
import { AddressesDocument, PlaceOrderDocument } from '../gql/graphql.ts';
import { newIdempotencyKey } from '../idempotency.ts';
import { formatMoney, sumMoney } from '../money.ts';
import { Link, navigate } from '../router.tsx';
import { ErrorNotice, Loading } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { TEST_CARDS } from './payment-cards.ts';

export function CheckoutPage() {
  const lines = useCart();
  const [addresses, refreshAddresses] = useQuery({ query: AddressesDocument });
  const [addressId, setAddressId] = useState<string | null>(null);
  const [card, setCard] = useState<string>(TEST_CARDS[0].token);
  const [placing, place] = useMutation(PlaceOrderDocument);
  const [error, setError] = useState<CombinedError | null>(null);
  // One key per checkout attempt: a double click, or "Place order" again after a timeout,
  // sends the same key, and the orders service returns the same order instead of a second one.
  const attemptKey = useRef(newIdempotencyKey());
  const inFlight = useRef(false);
  const book = addresses.data?.me?.addresses ?? [];
  const chosen = addressId ?? book[0]?.id ?? null;
  const total = sumMoney(
    lines.map((l) => ({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })),
  );

  if (lines.length === 0)
    return (
      <Page title="Checkout">
        <p>
          Your cart is empty. <Link href="/">Browse the catalog</Link>
        </p>
      </Page>
    );

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (inFlight.current || !chosen) return;
    inFlight.current = true;
    setError(null);
    const res = await place({
      input: {
        idempotencyKey: attemptKey.current,
        lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })),
        shippingAddressId: chosen,
        paymentToken: card,
      },
    });
    inFlight.current = false;
    if (res.data) {
      cart.clear();
      attemptKey.current = newIdempotencyKey();
      navigate(`/orders/${res.data.placeOrder.id}`);
    } else if (res.error) setError(res.error);
  };

  return (
    <Page title="Checkout">
      <section aria-labelledby="summary">
        <h2 id="summary">Your order</h2>
        <ul className="list" aria-label="Order lines">
          {lines.map((l) => (
            <li key={l.productId}>
              {l.quantity} × {l.name} —{' '}
              {formatMoney({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })}
            </li>
          ))}
        </ul>
        {total && <p className="total">Total: {formatMoney(total)}</p>}
      </section>
      {addresses.fetching && !addresses.data && <Loading />}
      {addresses.error && !addresses.data && (
        <ErrorNotice
          error={addresses.error}
          onRetry={() => refreshAddresses({ requestPolicy: 'network-only' })}
        />
      )}
      {addresses.data && book.length === 0 && (
        <AddressForm
          onAdded={(id) => {
            setAddressId(id);
            refreshAddresses({ requestPolicy: 'network-only' });
          }}
        />
      )}
      {book.length > 0 && (
        <form className="form" onSubmit={onSubmit}>
          <fieldset>
            <legend>Ship to</legend>
            {book.map((a) => (
              <div className="choice" key={a.id}>
                <input
                  type="radio"
                  id={`ship-${a.id}`}
                  name="address"
                  value={a.id}
                  checked={chosen === a.id}
                  onChange={() => setAddressId(a.id)}
                />
                <label htmlFor={`ship-${a.id}`}>{addressText(a)}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Pay with</legend>
            {TEST_CARDS.map((c) => (
              <div className="choice" key={c.token}>
                <input
                  type="radio"
                  id={`card-${c.token}`}
                  name="card"
                  value={c.token}
                  checked={card === c.token}
                  onChange={() => setCard(c.token)}
                />
                <label htmlFor={`card-${c.token}`}>{c.label}</label>
              </div>
            ))}
          </fieldset>
          {error && (
            <ErrorNotice
              error={error}
              messages={{
                invalid:
                  'Some items in your cart are no longer available in that quantity. Check the product pages and your cart.',
                offline:
                  "We can't reach the shop right now. Press Place order again: you won't be charged twice.",
              }}
            />
          )}
          <button type="submit" className="primary" disabled={placing.fetching}>
            {placing.fetching ? 'Placing order…' : 'Place order'}
          </button>
        </form>
      )}
    </Page>
  );
}
