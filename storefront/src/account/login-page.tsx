import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { LoginDocument } from '../gql/graphql.ts';
import { Link, navigate, useLocation } from '../router.tsx';
import { session, useSession } from '../session.ts';
import { ErrorNotice, Notice } from '../ui/notice.tsx';
import { Page } from '../ui/page.tsx';
import { safeNext } from './safe-next.ts';

export function LoginPage() {
  const { search } = useLocation();
  const { expired } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [result, login] = useMutation(LoginDocument);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await login({ email: email.trim(), password });
    const payload = res.data?.login;
    if (payload) {
      session.signIn(payload.token, payload.customer.name);
      navigate(safeNext(search), { replace: true });
    }
  };
  return (
    <Page title="Log in">
      {expired && <Notice kind="info">Your session has expired. Please log in again.</Notice>}
      <form className="form" onSubmit={onSubmit}>
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
          <label htmlFor="password">Password</label>
          <input
            id="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </div>
        {result.error && (
          <ErrorNotice
            error={result.error}
            messages={{
              expired: "That email and password don't match an account.",
              invalid: "That email and password don't match an account.",
            }}
          />
        )}
        <button type="submit" disabled={result.fetching}>
          Log in
        </button>
      </form>
      <p>
        New here? <Link href={`/signup${search.size ? `?${search}` : ''}`}>Create an account</Link>
      </p>
    </Page>
  );
}
