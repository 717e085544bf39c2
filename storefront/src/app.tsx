import { useEffect, type ReactNode } from 'react';
import { AddressesPage } from './account/addresses-page.tsx';
import { LoginPage } from './account/login-page.tsx';
import { SignupPage } from './account/signup-page.tsx';
import { useCart } from './cart.ts';
import { CatalogPage } from './catalog/catalog-page.tsx';
import { CartPage } from './checkout/cart-page.tsx';
import { CheckoutPage } from './checkout/checkout-page.tsx';
import { OrderPage } from './orders/order-page.tsx';
import { OrdersPage } from './orders/orders-page.tsx';
import { ProductPage } from './product/product-page.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { session, useSession } from './session.ts';
import { Page } from './ui/page.tsx';

/** Pages that need a signed-in shopper send everyone else to log in first, and back after. */
function SignedIn(props: { children: ReactNode }) {
  const { token } = useSession();
  useEffect(() => {
    if (!token)
      navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
  }, [token]);
  return token ? props.children : null;
}

function route(path: string): ReactNode {
  const product = /^\/products\/([^/]+)$/.exec(path);
  if (product?.[1]) return <ProductPage key={product[1]} id={decodeURIComponent(product[1])} />;
  const order = /^\/orders\/([^/]+)$/.exec(path);
  if (order?.[1])
    return (
      <SignedIn>
        <OrderPage key={order[1]} id={decodeURIComponent(order[1])} />
      </SignedIn>
    );
  switch (path) {
    case '/':
      return <CatalogPage />;
    case '/signup':
      return <SignupPage />;
    case '/login':
      return <LoginPage />;
    case '/cart':
      return <CartPage />;
    case '/addresses':
      return (
        <SignedIn>
          <AddressesPage />
        </SignedIn>
      );
    case '/checkout':
      return (
        <SignedIn>
          <CheckoutPage />
        </SignedIn>
      );
    case '/orders':
      return (
        <SignedIn>
          <OrdersPage />
        </SignedIn>
      );
    default:
      return (
        <Page title="Page not found">
          <p>
            <Link href="/">Back to the catalog</Link>
          </p>
        </Page>
      );
  }
}

export function App() {
  const { path } = useLocation();
  const { token, name } = useSession();
  const count = useCart().reduce((n, l) => n + l.quantity, 0);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="header">
        <Link href="/" className="logo">
          shopgraph
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <Link href="/">Catalog</Link>
            </li>
            <li>
              <Link href="/cart">Cart ({count})</Link>
            </li>
            {token ? (
              <>
                <li>
                  <Link href="/orders">Orders</Link>
                </li>
                <li>
                  <Link href="/addresses">Addresses</Link>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      session.signOut();
                      navigate('/');
                    }}
                  >
                    Sign out{name ? ` (${name})` : ''}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link href="/login">Log in</Link>
                </li>
                <li>
                  <Link href="/signup">Sign up</Link>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" className="main">
        {route(path)}
      </main>
    </>
  );
}
