import { useState, type FormEvent } from 'react';
import { useQuery } from 'urql';
import { BrandsDocument, CatalogDocument } from '../gql/graphql.ts';
import { formatMoney } from '../money.ts';
import { Link } from '../router.tsx';
import { ErrorNotice, Loading } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';

const PAGE_SIZE = 12;

export function CatalogPage() {
  const [brandId, setBrandId] = useState('');
  const [search, setSearch] = useState('');
  const [typed, setTyped] = useState('');
  // Cursor paging: the cursors of the pages before this one, so "Previous" goes back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const filter = { ...(brandId ? { brandId } : {}), ...(search ? { search } : {}) };
  const [brands] = useQuery({ query: BrandsDocument });
  const [result, refresh] = useQuery({
    query: CatalogDocument,
    variables: { filter, first: PAGE_SIZE, after },
  });
  const restart = () => setCursors([null]);
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setSearch(typed.trim());
    restart();
  };
  const products = result.data?.products;
  return (
    <Page title="Catalog">
      <form className="filters" role="search" onSubmit={onSearch}>
        <div className="field">
          <label htmlFor="brand-filter">Brand</label>
          <select
            id="brand-filter"
            value={brandId}
            onChange={(e) => {
              setBrandId(e.target.value);
              restart();
            }}
          >
            <option value="">All brands</option>
            {brands.data?.brands.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="search">Search</label>
          <input id="search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} />
        </div>
        <button type="submit">Search</button>
      </form>
      {result.error && !products && (
        <ErrorNotice error={result.error} onRetry={() => refresh({ requestPolicy: 'network-only' })} />
      )}
      {result.fetching && !products && <Loading />}
      {products && products.edges.length === 0 && <p>No products match.</p>}
      {products && (
        <ul className="grid" aria-label="Products">
          {products.edges.map(({ node }) => (
            <li key={node.id} className="card">
              <Link href={`/products/${node.id}`} className="card-link">
                <span className="card-brand">{node.brand.name}</span>
                <span className="card-name">{node.name}</span>
              </Link>
              <span className="card-price">{node.price ? formatMoney(node.price) : 'Price on request'}</span>
              <span className={node.stock && node.stock.available > 0 ? 'stock' : 'stock stock-out'}>
                {node.stock && node.stock.available > 0 ? `${node.stock.available} in stock` : 'Out of stock'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <nav className="pager" aria-label="Pages">
        <button type="button" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <span>Page {cursors.length}</span>
        <button
          type="button"
          disabled={!products?.pageInfo.hasNextPage}
          onClick={() => setCursors([...cursors, products?.pageInfo.endCursor ?? null])}
        >
          Next page
        </button>
      </nav>
    </Page>
  );
}
