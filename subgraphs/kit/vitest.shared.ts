// The vitest settings every package uses (each package's vitest.config.ts re-exports this).
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);
// CI collects every package's results here and prints one total (scripts/src/test-summary.ts).
const resultsDir = process.env.PLEIADI_TEST_RESULTS;

export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds; Apollo and Pothos load the CJS one, so our sources must too,
    // or the schema they build is "from another realm".
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // Tests that count statements compare two runs of a query: a reference snapshot expiring
    // between them (they run for minutes) would add a statement to one. Kept for the whole run;
    // the seed still refreshes it, and reference-snapshot.test.ts tests expiry with its own time.
    env: { PLEIADI_REFERENCE_KEPT_MS: String(3_600_000) },
    testTimeout: 120_000,
    hookTimeout: 120_000,
    ...(resultsDir
      ? { reporters: ['default', 'json'], outputFile: { json: path.join(resultsDir, `${path.basename(process.cwd())}.json`) } }
      : {}),
  },
});
