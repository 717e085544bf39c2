import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { App } from './app.tsx';
import { createClient } from './client.ts';
import { navigate } from './router.tsx';
import { session } from './session.ts';
import './styles.css';

const client = createClient();
// A token the gateway rejects (expired, revoked) ends the session: back to login, then back here.
session.subscribe(() => {
  const { expired } = session.get();
  if (expired && location.pathname !== '/login')
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, { replace: true });
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Provider value={client}>
      <App />
    </Provider>
  </StrictMode>,
);
