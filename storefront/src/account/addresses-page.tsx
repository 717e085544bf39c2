import { useState } from 'react';
import { useQuery } from 'urql';
import { AddressesDocument } from '../gql/graphql.ts';
import { ErrorNotice, Loading, Notice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { AddressForm } from './address-form.tsx';
import { addressText } from './address-text.ts';

export function AddressesPage() {
  const [result, refresh] = useQuery({ query: AddressesDocument });
  const [saved, setSaved] = useState(false);
  const addresses = result.data?.me?.addresses;
  return (
    <Page title="Your addresses">
      {result.error && !addresses && (
        <ErrorNotice error={result.error} onRetry={() => refresh({ requestPolicy: 'network-only' })} />
      )}
      {result.fetching && !addresses && <Loading />}
      {addresses && addresses.length === 0 && <p>No addresses yet.</p>}
      {addresses && addresses.length > 0 && (
        <ul className="list" aria-label="Saved addresses">
          {addresses.map((a) => (
            <li key={a.id}>{addressText(a)}</li>
          ))}
        </ul>
      )}
      {saved && <Notice kind="success">Address saved.</Notice>}
      <AddressForm
        onAdded={() => {
          setSaved(true);
          refresh({ requestPolicy: 'network-only' });
        }}
      />
    </Page>
  );
}
