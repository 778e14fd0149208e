import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The analyzer and the ESLint plugin load TypeScript through a CommonJS wrapper (src/typescript.cts: `require`
    // spares Node's named-export lexing of its 9 MB file). Vite cannot transform `import = require`; in tests the
    // wrapper is TypeScript itself, which Vitest loads from node_modules with Node, as the wrapper would.
    alias: [{ find: /^(?:\.\.?\/)+typescript\.cjs$/, replacement: 'typescript' }],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/fixtures/**'],
    // Vitest fails the run on any unhandled rejection or uncaught exception
    // (dangerouslyIgnoreUnhandledErrors stays false); test/unhandled.test.ts proves it.
    dangerouslyIgnoreUnhandledErrors: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
