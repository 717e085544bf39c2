import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { AddAddressDocument } from '../gql/graphql.ts';
import { ErrorNotice } from '../ui/notice.tsx';

const EMPTY = { name: '', line1: '', line2: '', city: '', postalCode: '', country: '' };
type Fields = typeof EMPTY;
const LABELS: Record<keyof Fields, [label: string, autoComplete: string]> = {
  name: ['Full name', 'name'],
  line1: ['Address line 1', 'address-line1'],
  line2: ['Address line 2 (optional)', 'address-line2'],
  city: ['City', 'address-level2'],
  postalCode: ['Postal code', 'postal-code'],
  country: ['Country code (2 letters, e.g. GB)', 'country'],
};

/** Adds an address to the book; `onAdded` gets its id. */
export function AddressForm(props: { onAdded: (id: string) => void }) {
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [result, add] = useMutation(AddAddressDocument);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const { line2, ...rest } = fields;
    const input = { ...rest, country: rest.country.trim().toUpperCase(), ...(line2.trim() ? { line2 } : {}) };
    const res = await add({ input });
    if (res.data) {
      setFields(EMPTY);
      props.onAdded(res.data.addAddress.id);
    }
  };
  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="new-address">
      <h2 id="new-address">Add an address</h2>
      {(Object.keys(LABELS) as (keyof Fields)[]).map((key) => (
        <div className="field" key={key}>
          <label htmlFor={`address-${key}`}>{LABELS[key][0]}</label>
          <input
            id={`address-${key}`}
            autoComplete={LABELS[key][1]}
            required={key !== 'line2'}
            {...(key === 'country' ? { minLength: 2, maxLength: 2 } : {})}
            value={fields[key]}
            onChange={(e) => setFields({ ...fields, [key]: e.target.value })}
          />
        </div>
      ))}
      {result.error && (
        <ErrorNotice
          error={result.error}
          messages={{
            invalid:
              'Please check the address: every field but line 2 is needed, and a 2-letter country code.',
          }}
        />
      )}
      <button type="submit" disabled={result.fetching}>
        Save address
      </button>
    </form>
  );
}
