import { useState } from 'react';
import { useQuery } from 'urql';
import { OrdersDocument } from '../gql/graphql.ts';
import { formatMoney } from '../money.ts';
import { Link } from '../router.tsx';
import { ErrorNotice, Loading } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { STATUS_LABEL } from './status.ts';

export function OrdersPage() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [result, refresh] = useQuery({
    query: OrdersDocument,
    variables: { first: 20, after: cursors[cursors.length - 1] ?? null },
    requestPolicy: 'cache-and-network',
  });
  const orders = result.data?.me?.orders;
  return (
    <Page title="Your orders">
      {result.error && !orders && (
        <ErrorNotice error={result.error} onRetry={() => refresh({ requestPolicy: 'network-only' })} />
      )}
      {result.fetching && !orders && <Loading />}
      {orders && orders.edges.length === 0 && (
        <p>
          No orders yet. <Link href="/">Browse the catalog</Link>
        </p>
      )}
      {orders && orders.edges.length > 0 && (
        <ul className="list orders" aria-label="Orders">
          {orders.edges.map(({ node }) => (
            <li key={node.id} className="order-row">
              <Link href={`/orders/${node.id}`}>Order {node.number}</Link>
              <span>{new Date(node.createdAt).toLocaleDateString()}</span>
              <span className={`status status-${node.status.toLowerCase()}`}>
                {STATUS_LABEL[node.status]}
              </span>
              <span>{formatMoney(node.total)}</span>
            </li>
          ))}
        </ul>
      )}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer orders
        </button>
        <button
          type="button"
          disabled={!orders?.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, orders?.pageInfo.endCursor ?? null])}
        >
          Older orders
        </button>
      </nav>
    </Page>
  );
}
