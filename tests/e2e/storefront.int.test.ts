/// <reference lib="dom" />
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page, Request, WebSocket } from 'playwright-core';
import { bearerFor, gql, startTestStack, type TestStack } from '@shopgraph/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../../storefront/build.ts';
import { loadStorefrontConfig } from '../../storefront/server/config.ts';
import { createStorefrontServer, type StorefrontServer } from '../../storefront/server/server.ts';
import {
  focused,
  launchChromium,
  overflows,
  seriousA11yViolations,
  shot,
  tabTo,
} from './storefront-browser.ts';

// The storefront in Debian's chromium against the whole stack (scripts/stack/services.sh with
// STOREFRONT=1: every service, the gateway, and the storefront server proxying /graphql), on
// ports 17000-17007 and 17100. Screenshots: .data/test-results/storefront/.

const BASE = 17000;
const SHOP = `http://127.0.0.1:${BASE + 100}`;

interface Listed {
  id: string;
  name: string;
  brand: { id: string; name: string };
  stock: { available: number } | null;
}

describe('storefront in a real browser: a shopper signs up, shops, checks out and follows the order', () => {
  let stack: TestStack;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let admin: Record<string, string>;
  let product: Listed;
  let spare: Listed[];
  const pageErrors: string[] = [];
  const a11y: Record<string, unknown[]> = {};

  const available = async (p: Page) => {
    const text = (await p.getByTestId('availability').textContent()) ?? '';
    return /^(\d+) in stock/.exec(text) ? Number(/^(\d+)/.exec(text)![1]) : 0;
  };
  const token = async (p: Page) =>
    (
      JSON.parse((await p.evaluate(() => sessionStorage.getItem('shopgraph.session'))) ?? '{}') as {
        token: string;
      }
    ).token;
  const myOrders = async (p: Page) => {
    const res = await gql<{ me: { orders: { edges: { node: { id: string; status: string } }[] } } }>(
      stack.gateway,
      '{ me { orders(first: 50) { edges { node { id status } } } } }',
      {},
      { authorization: `Bearer ${await token(p)}` },
    );
    return res.data!.me.orders.edges.map((e) => e.node);
  };
  /** Checks the page with axe and remembers serious/critical findings under `name`. */
  const audit = async (p: Page, name: string) => {
    a11y[name] = await seriousA11yViolations(p);
  };
  const watch = (p: Page) => {
    p.on('pageerror', (e) => pageErrors.push(`${p.url()}: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`${p.url()}: ${m.text()}`);
    });
    return p;
  };
  const addToCart = async (p: Page, item: Listed, quantity: number) => {
    await p.goto(`${SHOP}/products/${item.id}`);
    await p.getByLabel(/^Quantity/).fill(String(quantity));
    await p.getByRole('button', { name: 'Add to cart' }).click();
    await p.getByText(`Added ${quantity} to your cart`).waitFor();
  };
  const checkout = async (p: Page, card: RegExp) => {
    await p.goto(`${SHOP}/checkout`);
    await p.getByRole('radio', { name: card }).check();
  };
  const orderStatus = (p: Page, status: string) =>
    p.locator(`[data-testid="order-status"][data-status="${status}"]`).waitFor({ timeout: 45_000 });

  beforeAll(async () => {
    await ensureBuilt('app');
    await ensureBuilt('graphiql');
    stack = await startTestStack({
      name: 'storefront',
      basePort: BASE,
      env: { STOREFRONT: '1', STOREFRONT_PORT: String(BASE + 100) },
    });
    admin = await bearerFor(stack.keys, { role: 'admin', subject: 'storefront-e2e' });
    const res = await gql<{ products: { edges: { node: Listed }[] } }>(
      stack.gateway,
      '{ products(first: 100) { edges { node { id name brand { id name } stock { available } } } } }',
    );
    const listed = res.data!.products.edges.map((e) => e.node);
    // The first product of its brand (first catalog page of the brand filter) with stock to spare.
    const firstOfBrand = listed.filter((p, i) => listed.findIndex((q) => q.brand.id === p.brand.id) === i);
    product = firstOfBrand.find((p) => (p.stock?.available ?? 0) >= 10)!;
    spare = listed.filter((p) => p.id !== product.id && (p.stock?.available ?? 0) >= 5).slice(0, 3);
    expect(product).toBeDefined();
    expect(spare).toHaveLength(3);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = watch(await context.newPage());
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('When a new shopper signs up, adds an address, filters by brand, buys 2 with tok_visa, then the order reaches CONFIRMED with a shipment', async () => {
    await page.goto(`${SHOP}/signup`);
    await page.getByLabel('Name').fill('Grace Hopper');
    await page.getByLabel('Email').fill(`grace-${randomUUID()}@example.com`);
    await page.getByLabel(/^Password/).fill('shopgraph-e2e');
    await shot(page, '01-signup');
    await audit(page, 'signup');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('button', { name: /Sign out \(Grace Hopper\)/ }).waitFor();
    expect(page.url()).toBe(`${SHOP}/`);
    expect(page.url()).not.toContain(await token(page));

    await page.getByRole('link', { name: 'Addresses' }).click();
    await page.getByText('No addresses yet.').waitFor();
    await page.getByLabel('Full name').fill('Grace Hopper');
    await page.getByLabel('Address line 1').fill('1 Navy Yard');
    await page.getByLabel('City').fill('Arlington');
    await page.getByLabel('Postal code').fill('22202');
    await page.getByLabel(/^Country code/).fill('us');
    await page.getByRole('button', { name: 'Save address' }).click();
    await page.getByRole('list', { name: 'Saved addresses' }).getByText('1 Navy Yard').waitFor();
    await shot(page, '02-addresses');
    await audit(page, 'addresses');

    await page.getByRole('link', { name: 'Catalog' }).click();
    await page.getByRole('list', { name: 'Products' }).waitFor();
    await shot(page, '03-catalog');
    await audit(page, 'catalog');
    await page.getByLabel('Brand').selectOption({ label: product.brand.name });
    const cards = page.getByRole('list', { name: 'Products' }).getByRole('listitem');
    await expect
      .poll(async () => (await cards.allTextContents()).every((t) => t.startsWith(product.brand.name)))
      .toBe(true);
    await shot(page, '04-catalog-brand-filter');
    await page
      .getByRole('link', { name: new RegExp(product.name) })
      .first()
      .click();

    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    const before = await available(page);
    expect(before).toBe(product.stock!.available);
    expect(await page.getByLabel(/^Quantity/).getAttribute('max')).toBe(String(before));
    await shot(page, '05-product');
    await audit(page, 'product');
    await page.getByLabel(/^Quantity/).fill('2');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByText('Added 2 to your cart').waitFor();

    await page.getByRole('link', { name: 'Cart (2)' }).click();
    await page.getByRole('list', { name: 'Cart' }).getByRole('link', { name: product.name }).waitFor();
    await shot(page, '06-cart');
    await audit(page, 'cart');
    await page.getByRole('link', { name: 'Go to checkout' }).click();
    await page.getByRole('radio', { name: /1 Navy Yard/ }).waitFor();
    expect(await page.getByRole('radio', { name: /Test Visa/ }).isChecked()).toBe(true);
    await shot(page, '07-checkout');
    await audit(page, 'checkout');
    await page.getByRole('button', { name: 'Place order' }).click();

    await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
    await orderStatus(page, 'CONFIRMED');
    await page
      .getByTestId('shipments')
      .getByText(/Shipment: Being prepared/)
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('payment').textContent()).toMatch(/Authorized/);
    await shot(page, '08-order-confirmed');
    await audit(page, 'order');
    const orders = await myOrders(page);
    expect(orders).toHaveLength(1);
    expect(page.url()).toBe(`${SHOP}/orders/${orders[0]!.id}`);

    await page.getByRole('link', { name: 'Orders' }).first().click();
    await page.getByRole('list', { name: 'Orders' }).getByText('Confirmed').waitFor();
    await shot(page, '09-orders');
    await audit(page, 'orders');
  });

  it('When the second checkout uses tok_decline, then the shopper reads that the card was declined and the product page shows the stock back', async () => {
    await page.goto(`${SHOP}/products/${product.id}`);
    const before = await available(page);
    await page.getByLabel(/^Quantity/).fill('3');
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await checkout(page, /declined/);
    await page.getByRole('button', { name: 'Place order' }).click();
    await orderStatus(page, 'PAYMENT_FAILED');
    await page.getByText(/Your card was declined.*You have\s+not been charged/).waitFor();
    await shot(page, '10-order-declined');

    await page.getByRole('link', { name: new RegExp(product.name) }).click();
    await page.getByRole('heading', { level: 1, name: product.name }).waitFor();
    // The release travels through Kafka; the page polls availability and shows it come back.
    await expect.poll(() => available(page), { timeout: 30_000 }).toBe(before);
    await shot(page, '11-product-stock-back');
  });

  it('When "Place order" is double-clicked, then one order is placed (one idempotency key per attempt)', async () => {
    const count = (await myOrders(page)).length;
    await addToCart(page, product, 1);
    await checkout(page, /Test Visa/);
    await page.getByRole('button', { name: 'Place order' }).dblclick();
    await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
    await orderStatus(page, 'CONFIRMED');
    // And a submit fired twice before React re-renders still sends one request per attempt.
    await addToCart(page, spare[0]!, 1);
    await checkout(page, /Test Visa/);
    await page.evaluate(() => {
      const form = document.querySelector('button.primary')!.closest('form')!;
      form.requestSubmit();
      form.requestSubmit();
    });
    await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
    const orders = await myOrders(page);
    expect(orders).toHaveLength(count + 2);
  });

  it('When the card is slow, then the order page shows PENDING and then CONFIRMED pushed over the WebSocket (orderUpdated), without polling', async () => {
    // Every frame the gateway sends on the page's graphql-transport-ws socket, through the
    // storefront server's /graphql upgrade; and every Order query the page posts.
    const frames: { type: string; status?: string | undefined; at: number }[] = [];
    const orderQueries: number[] = [];
    const onSocket = (ws: WebSocket) => {
      if (!ws.url().endsWith('/graphql')) return;
      ws.on('framereceived', ({ payload }) => {
        const m = JSON.parse(String(payload)) as {
          type: string;
          payload?: { data?: { orderUpdated?: { status: string } } };
        };
        frames.push({ type: m.type, status: m.payload?.data?.orderUpdated?.status, at: Date.now() });
      });
    };
    const onRequest = (r: Request) => {
      if (
        r.url().endsWith('/graphql') &&
        r.method() === 'POST' &&
        /"operationName":"Order"/.test(r.postData() ?? '')
      )
        orderQueries.push(Date.now());
    };
    page.on('websocket', onSocket);
    page.on('request', onRequest);
    try {
      await addToCart(page, spare[1]!, 1);
      await checkout(page, /approves slowly/);
      await page.getByRole('button', { name: 'Place order' }).click();
      await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
      await page.locator('[data-testid="order-live"][data-live="subscription"]').waitFor({ timeout: 20_000 });
      await orderStatus(page, 'CONFIRMED');
      await page.getByTestId('shipments').waitFor({ timeout: 20_000 });
      await shot(page, '12-order-live');
    } finally {
      page.off('websocket', onSocket);
      page.off('request', onRequest);
    }
    const statuses = frames.filter((f) => f.type === 'next').map((f) => f.status);
    // connection_ack exists only in graphql-transport-ws (graphql-ws), the protocol asked for.
    expect(frames[0]?.type).toBe('connection_ack');
    expect(statuses[0]).toBe('PENDING');
    expect(statuses).toContain('CONFIRMED');
    expect(statuses.indexOf('CONFIRMED')).toBeGreaterThan(statuses.lastIndexOf('PENDING'));
    expect(frames.filter((f) => f.type === 'error')).toEqual([]);
    // Once the subscription delivered, the page stopped polling: no Order query after it.
    const firstNext = frames.find((f) => f.type === 'next')!.at;
    expect(orderQueries.filter((at) => at > firstNext + 1_000)).toEqual([]);
  });

  it('When the shopper uses only the keyboard, then a checkout works with the focus ring visible at every step', async () => {
    await page.goto(`${SHOP}/products/${spare[1]!.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await tabTo(page, /^Quantity/);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2');
    await tabTo(page, /^Add to cart$/);
    await page.keyboard.press('Enter');
    await page.getByText('Added 2 to your cart').waitFor();
    await tabTo(page, /^View cart$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Your cart' }).waitFor();
    await tabTo(page, /^Go to checkout$/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Checkout' }).waitFor();
    await tabTo(page, /1 Navy Yard/);
    await tabTo(page, /Test Visa/);
    await page.keyboard.press('ArrowDown'); // radio group: to the next card...
    await page.keyboard.press('ArrowUp'); // ...and back to the approving one
    expect((await focused(page))?.name).toMatch(/Test Visa/);
    await tabTo(page, /^Place order$/);
    await page.keyboard.press('Enter');
    await orderStatus(page, 'CONFIRMED');
  });

  it('When the page is 360 px or 1440 px wide, then nothing overflows and no page logs an error', async () => {
    for (const width of [360, 1440]) {
      const narrow = await browser.newContext({ viewport: { width, height: 800 } });
      const session = await token(page);
      await narrow.addInitScript(
        (t) =>
          sessionStorage.setItem('shopgraph.session', JSON.stringify({ token: t, name: 'Grace Hopper' })),
        session,
      );
      const p = watch(await narrow.newPage());
      const orderId = (await myOrders(page))[0]!.id;
      for (const [name, path, role, label] of [
        ['catalog', '/', 'list', 'Products'],
        ['product', `/products/${product.id}`, 'heading', product.name],
        ['cart', '/cart', 'heading', 'Your cart'],
        ['orders', '/orders', 'list', 'Orders'],
        ['order', `/orders/${orderId}`, 'heading', 'Items'],
        ['login', '/login', 'heading', 'Log in'],
      ] as const) {
        await p.goto(SHOP + path);
        await p.getByRole(role, { name: label, exact: true }).waitFor();
        expect(await overflows(p), `${name} at ${width} px`).toBe(false);
        if (width === 360) await shot(p, `12-${name}-360px`);
      }
      await narrow.close();
    }
    expect(pageErrors).toEqual([]);
  }, 120_000); // twelve page loads; slow on a loaded machine

  it('When pages are checked with axe-core, then none has a serious or critical violation', () => {
    expect(Object.keys(a11y).length).toBeGreaterThanOrEqual(8);
    expect(Object.fromEntries(Object.entries(a11y).filter(([, v]) => v.length > 0))).toEqual({});
  });

  it('When stock runs out, the session expires or the gateway is down, then the shopper reads what happened, never raw GraphQL errors', async () => {
    // Out of stock on the product page.
    const gone = spare[2]!; // no order holds any of it
    const set = await gql(
      stack.gateway,
      'mutation($id: ID!) { setStock(input: { productId: $id, onHand: 0 }) { available } }',
      { id: gone.id },
      admin,
    );
    expect(set.errors).toBeUndefined();
    await page.goto(`${SHOP}/products/${gone.id}`);
    await page.getByText('This product is out of stock right now.').waitFor();
    expect(await page.getByRole('button', { name: 'Add to cart' }).count()).toBe(0);
    await shot(page, '13-product-out-of-stock');

    // Expired session: the gateway rejects the token, the shopper is sent to log in, then back.
    const expired = await browser.newContext();
    await expired.addInitScript(() =>
      sessionStorage.setItem(
        'shopgraph.session',
        JSON.stringify({ token: 'expired.token.value', name: 'Grace' }),
      ),
    );
    const e = await expired.newPage();
    await e.goto(`${SHOP}/orders`);
    await e.getByText('Your session has expired. Please log in again.').waitFor();
    expect(new URL(e.url()).pathname).toBe('/login');
    expect(new URL(e.url()).searchParams.get('next')).toBe('/orders');
    await shot(e, '14-session-expired');
    await expired.close();

    // Gateway down: a storefront whose gateway does not answer offers a retry.
    const down: StorefrontServer = createStorefrontServer(
      loadStorefrontConfig({
        STOREFRONT_PORT: '0',
        HOST: '127.0.0.1',
        GATEWAY_URL: `http://127.0.0.1:${BASE + 99}/graphql`,
      }),
    );
    const { url } = await down.start();
    const offline = await browser.newContext();
    const o = await offline.newPage();
    try {
      await o.goto(url);
      await o.getByText("We can't reach the shop right now. Check your connection and try again.").waitFor();
      await o.getByRole('button', { name: 'Try again' }).waitFor();
      await shot(o, '15-gateway-down');
      const text = (await o.textContent('body')) ?? '';
      for (const raw of ['GATEWAY_UNAVAILABLE', '[Network]', '[GraphQL]', 'did not answer', 'extensions'])
        expect(text).not.toContain(raw);
    } finally {
      await offline.close();
      await down.stop();
    }
  });

  it('When GraphiQL is opened at the gateway, then it runs the preloaded catalog example', async () => {
    const g = await context.newPage();
    await g.goto(stack.gateway);
    await g.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await g.getByText('BrowseCatalog').first().waitFor();
    await g.locator('.graphiql-execute-button').click();
    await g.locator('.result-window').getByText('"products"').waitFor({ timeout: 30_000 });
    await shot(g, '16-graphiql');
    await g.close();
  });
});
