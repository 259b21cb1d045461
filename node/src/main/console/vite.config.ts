import { defineConfig } from 'vitest/config';

// The console is served by the coordinator from its classpath (node's target/classes/console),
// so Maven packages whatever this build writes there.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
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
