import { cart, useCart } from '../cart.ts';
import { formatMoney, sumMoney } from '../money.ts';
import { Link } from '../router.tsx';
import { Page } from '../ui/page.tsx';

export function CartPage() {
  const lines = useCart();
  const total = sumMoney(
    lines.map((l) => ({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })),
  );
  return (
    <Page title="Your cart">
      {lines.length === 0 ? (
        <p>
          Your cart is empty. <Link href="/">Browse the catalog</Link>
        </p>
      ) : (
        <>
          <ul className="list cart" aria-label="Cart">
            {lines.map((l) => (
              <li key={l.productId} className="cart-line">
                <span>
                  <Link href={`/products/${l.productId}`}>{l.name}</Link>
                  <span className="muted"> · {l.brand}</span>
                </span>
                <span className="field inline">
                  <label htmlFor={`qty-${l.productId}`}>Quantity</label>
                  <input
                    id={`qty-${l.productId}`}
                    type="number"
                    min={1}
                    max={l.maxQuantity}
                    value={l.quantity}
                    onChange={(e) => cart.setQuantity(l.productId, Number(e.target.value) || 1)}
                  />
                </span>
                <span>
                  {formatMoney({ amount: l.unitPrice.amount * l.quantity, currency: l.unitPrice.currency })}
                </span>
                <button type="button" className="secondary" onClick={() => cart.remove(l.productId)}>
                  Remove <span className="visually-hidden">{l.name}</span>
                </button>
              </li>
            ))}
          </ul>
          {total && <p className="total">Total: {formatMoney(total)}</p>}
          <Link href="/checkout" className="button">
            Go to checkout
          </Link>
        </>
      )}
    </Page>
  );
}
