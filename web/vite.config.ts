import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * React in its own long-lived chunk; antd is left to Rollup, which splits it along the lazy routes
 * so the first page does not load components only later pages use.
 */
function vendorChunk(id: string): string | undefined {
  if (/node_modules\/(react|react-dom|scheduler|react-router)\//.test(id)) return 'react';
  return undefined;
}

// No React plugin is needed: esbuild compiles JSX with the automatic runtime.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      output: { manualChunks: vendorChunk },
      onwarn(warning, warn) {
        // antd marks its modules "use client" for React Server Components; a client bundle ignores that.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
