// The storefront build: a static SPA in dist/, served by server.ts with /graphql proxied to the
// gateway. `vite` (dev) proxies /graphql (and its WebSocket upgrades) the same way (GATEWAY_URL, default localhost:4000).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:4000/graphql';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 350 },
  server: {
    port: 3000,
    proxy: { '/graphql': { target: new URL(gateway).origin, changeOrigin: true, ws: true } },
  },
});
