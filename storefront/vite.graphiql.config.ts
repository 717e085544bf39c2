// GraphiQL's build for the gateway (development only): graphiql/dist, served by
// gateway/src/graphiql.ts under /graphiql/. Monaco's workers are bundled too (no CDN).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('graphiql', import.meta.url)),
  base: '/graphiql/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 8_000,
    // GraphiQL's packages mark modules "use no memo" for the React compiler; harmless when bundled.
    rollupOptions: { onwarn: (w, warn) => void (w.code === 'MODULE_LEVEL_DIRECTIVE' || warn(w)) },
  },
  worker: { format: 'es' },
});
