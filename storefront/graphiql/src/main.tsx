// GraphiQL for the gateway in development (gateway/src/graphiql.ts serves this build; off in
// production). Everything is bundled here: no CDN, works offline.
import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import '@graphiql/plugin-explorer/style.css';
import { explorerPlugin } from '@graphiql/plugin-explorer';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL, HISTORY_PLUGIN } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { EXAMPLE_TABS } from './examples.ts';

const fetcher = createGraphiQLFetcher({ url: new URL('/graphql', location.href).href });
// The query builder (explorer) and the history; the docs explorer comes by default.
const plugins = [explorerPlugin(), HISTORY_PLUGIN];

createRoot(document.getElementById('graphiql')!).render(
  <StrictMode>
    <GraphiQL
      fetcher={fetcher}
      plugins={plugins}
      defaultTabs={[...EXAMPLE_TABS]}
      // GraphiQL fills the first tab's editors from these (defaultTabs alone leaves them empty).
      initialQuery={EXAMPLE_TABS[0]?.query ?? ''}
      initialVariables={EXAMPLE_TABS[0]?.variables ?? ''}
      defaultEditorToolsVisibility="headers"
      isHeadersEditorEnabled
      shouldPersistHeaders={false}
    />
  </StrictMode>,
);
