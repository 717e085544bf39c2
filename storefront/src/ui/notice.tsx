import type { ReactNode } from 'react';
import type { CombinedError } from 'urql';
import { generic, problemOf, type Problem } from '../errors.ts';

/** An error a shopper can read, with a retry button when trying again may help. */
export function ErrorNotice(props: {
  error: CombinedError;
  messages?: Partial<Record<Problem, string>>;
  onRetry?: () => void;
}) {
  const problem = problemOf(props.error);
  const message = props.messages?.[problem] ?? generic[problem];
  return (
    <div className="notice notice-error" role="alert">
      <p>{message}</p>
      {props.onRetry && problem !== 'expired' && problem !== 'invalid' && (
        <button type="button" onClick={props.onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Notice(props: { kind: 'info' | 'success' | 'error'; children: ReactNode }) {
  return (
    <div className={`notice notice-${props.kind}`} role={props.kind === 'error' ? 'alert' : 'status'}>
      {props.children}
    </div>
  );
}

export const Loading = () => (
  <p className="loading" role="status">
    Loading…
  </p>
);
