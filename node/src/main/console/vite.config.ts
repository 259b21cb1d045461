import { defineConfig } from 'vitest/config';

// The console is served by the coordinator from its classpath (node's target/classes/console),
// so Maven packages whatever this build writes there.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // `npm run dev` serves the sources with live reload against a coordinator running on the default port.
  server: { proxy: { '/v1': 'http://127.0.0.1:7070' } },
  build: {
    outDir: '../../../target/classes/console',
    emptyOutDir: true,
    // No CDN and no runtime fetches: everything ships in the bundle.
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'happy-dom',
    include: ['test/**/*.test.{ts,tsx}'],
  },
});
