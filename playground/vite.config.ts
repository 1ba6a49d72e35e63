/**
 * Vite config of the playground (`npm run playground`, `npm run build:playground` → playground/dist).
 * COOP/COEP make the page cross-origin isolated (SharedArrayBuffer available) on the dev server and in preview.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  root,
  base: './',
  server: { headers: isolation, fs: { allow: [repo] } },
  preview: { headers: isolation, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
});
