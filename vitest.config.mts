import { createRequire } from 'node:module';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// One `npm test`: unit tests (src/**/*.spec.ts) and e2e tests (test/**/*.e2e-spec.ts) against real
// PostgreSQL. SWC compiles the TypeScript so that decorator metadata (NestJS DI) is emitted;
// NestJS 12 itself is ESM and is loaded natively by Node.
const require = createRequire(import.meta.url);

export default defineConfig({
  // One copy of graphql-js: the CommonJS build that Node (and so NestJS) loads, not the .mjs build.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
    }),
  ],
  test: {
    globals: true,
    environment: 'node',
    include: ['src/**/*.spec.ts', 'test/**/*.e2e-spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: Number(process.env.TEST_WORKERS ?? 3),
    reporters: ['default', './test/helpers/summary-reporter.ts'],
  },
});
