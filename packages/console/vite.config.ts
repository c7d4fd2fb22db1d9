import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is plain static files (dist/) that the Gatehouse server serves at /. Assets
// load from absolute /assets/ paths, so deep links such as /iam/users/alice work.
export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The AWS SDK clients are most of the weight; one chunk for them keeps the app's own
    // code small to re-download after a change.
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/@aws-sdk') || id.includes('node_modules/@smithy') || id.includes('node_modules/@aws-crypto')) return 'aws-sdk';
          if (id.includes('node_modules/react')) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npm run dev -w packages/console`: the app from Vite, the console API from a Gatehouse
    // already running on its default port.
    proxy: {
      '/console-api': { target: process.env.GATEHOUSE_URL ?? 'http://127.0.0.1:7400', changeOrigin: false },
    },
  },
});
