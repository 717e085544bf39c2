import { useCallback, useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { cart, useCart } from '../cart.ts';
import { ProductDocument } from '../gql/graphql.ts';
import { formatMoney } from '../money.ts';
import { Link } from '../router.tsx';
import { usePolling } from '../use-polling.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';

/** How often the page re-reads availability, so it stays live while the shopper looks. */
const AVAILABILITY_POLL_MS = 2_000;

export function ProductPage(props: { id: string }) {
  const [result, refresh] = useQuery({ query: ProductDocument, variables: { id: props.id } });
  const poll = useCallback(() => refresh({ requestPolicy: 'network-only' }), [refresh]);
  usePolling(poll, AVAILABILITY_POLL_MS, !result.error);
  const lines = useCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  const product = result.data?.product;
  if (result.error && !product) return <ErrorNotice error={result.error} onRetry={poll} />;
  if (!product)
    return result.fetching || !result.data ? <Loading /> : <Page title="Product not found">{null}</Page>;
  const available = product.stock?.available ?? 0;
  const inCart = lines.find((l) => l.productId === product.id)?.quantity ?? 0;
  const canAdd = Math.max(0, available - inCart);
  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    if (!product.price || canAdd === 0) return;
    const n = Math.min(Math.max(1, quantity), canAdd);
    cart.add(
      {
        productId: product.id,
        name: product.name,
        brand: product.brand.name,
        unitPrice: product.price,
        maxQuantity: available,
      },
      n,
    );
    setAdded(n);
    setQuantity(1);
  };
  return (
    <Page title={product.name}>
      <p className="brand">{product.brand.name}</p>
      <p className="price">{product.price ? formatMoney(product.price) : 'Price on request'}</p>
      <p
        className={available > 0 ? 'stock' : 'stock stock-out'}
        aria-live="polite"
        data-testid="availability"
      >
        {available > 0 ? `${available} in stock` : 'Out of stock'}
      </p>
      {product.description && <p>{product.description}</p>}
      <dl className="details">
        <dt>SKU</dt>
        <dd>{product.sku}</dd>
        <dt>Category</dt>
        <dd>{product.category}</dd>
        {product.attributes.colour && (
          <>
            <dt>Colour</dt>
            <dd>{product.attributes.colour}</dd>
          </>
        )}
        {product.attributes.size && (
          <>
            <dt>Size</dt>
            <dd>{product.attributes.size}</dd>
          </>
        )}
        {product.attributes.material && (
          <>
            <dt>Material</dt>
            <dd>{product.attributes.material}</dd>
          </>
        )}
      </dl>
      {canAdd > 0 && product.price ? (
        <form className="add" onSubmit={onAdd}>
          <div className="field">
            <label htmlFor="quantity">Quantity (up to {canAdd})</label>
            <input
              id="quantity"
              type="number"
              inputMode="numeric"
              min={1}
              max={canAdd}
              value={quantity}
              onChange={(e) => setQuantity(Math.min(Math.max(1, Number(e.target.value) || 1), canAdd))}
            />
          </div>
          <button type="submit">Add to cart</button>
        </form>
      ) : (
        <Notice kind="info">
          {available === 0
            ? 'This product is out of stock right now.'
            : 'You have all available units in your cart.'}
        </Notice>
      )}
      {added !== null && (
        <Notice kind="success">
          Added {added} to your cart. <Link href="/cart">View cart</Link>
        </Notice>
      )}
    </Page>
  );
}
