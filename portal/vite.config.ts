import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The portal is served from the same origin as the API (local HTTP adapter, or CloudFront), so
// every request stays on the app's own origin.
export default defineConfig({
  plugins: [react()],
  base: '/',
  build: { outDir: 'dist', sourcemap: false, chunkSizeWarningLimit: 2500 },
  server: { proxy: { '/api': 'http://127.0.0.1:4000', '/auth': 'http://127.0.0.1:4000' } },
});
