import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { RegisterDocument } from '../gql/graphql.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { session } from '../session.ts';
import { ErrorNotice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { safeNext } from './safe-next.ts';

export function SignupPage() {
  const { search } = useLocation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [result, register] = useMutation(RegisterDocument);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await register({ input: { name: name.trim(), email: email.trim(), password } });
    const payload = res.data?.registerCustomer;
    if (payload) {
      session.signIn(payload.token, payload.customer.name);
      navigate(safeNext(search), { replace: true });
    }
  };
  return (
    <Page title="Create your account">
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="name">Name</label>
          <input
            id="name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password (at least 8 characters)</label>
          <input
            id="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={8}
            maxLength={128}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {result.error && (
          <ErrorNotice
            error={result.error}
            messages={{
              conflict: 'An account with this email already exists. Log in instead.',
              invalid: 'Please check your name, email and password (8 to 128 characters).',
            }}
          />
        )}
        <button type="submit" disabled={result.fetching}>
          Create account
        </button>
      </form>
      <p>
        Already have an account? <Link href={`/login${search.size ? `?${search}` : ''}`}>Log in</Link>
      </p>
    </Page>
  );
}
