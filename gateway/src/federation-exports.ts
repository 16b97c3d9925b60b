// Apollo's federation packages are CommonJS built by TypeScript, whose `export *` makes every
// export of a package's index a getter (`get: () => m[k]`, one shared function body, so the load in
// it sees every name: megamorphic). @apollo/gateway calls federation-internals through that index
// for everything, a few times per field of every answer it shapes: on small queries the getters
// were ~9% of the gateway's CPU. Imported before anything loads @apollo/gateway, this replaces each
// index, once loaded, with a plain object of the same values, which every later `require` gets
// (as if the index ended with `module.exports = { ...module.exports }`), federation-internals'
// operationFromDocument reusing what it built (operation-reuse.ts). A test checks that every other
// value stays what its getter gives. The embedded default's bundle (scripts/bin/build.mjs) does
// the same to the bundled packages and leaves this module out.
import { createRequire } from 'node:module';
import { reuseOperations } from './operation-reuse.ts';

const require = createRequire(import.meta.url);

/** In loading order: query-planner requires federation-internals. */
export const FLATTENED_PACKAGES = ['@apollo/federation-internals', '@apollo/query-planner'] as const;

/** The packages' own exports objects (their getters), kept for the test. */
export const liveExports = new Map<string, Record<string, unknown>>();

// When @apollo/gateway is loaded already (a process that runs Apollo's own gateway first, like
// the benchmark's stock peer), its modules hold the getters: it is left as it is, not half done.
// (Node's ES module loader lists a CommonJS module it is about to load before it loads it.)
const gatewayLoaded = require.cache[require.resolve('@apollo/gateway')]?.loaded === true;
for (const name of gatewayLoaded ? [] : FLATTENED_PACKAGES) {
  const id = require.resolve(name);
  const loaded = require(id) as Record<string, unknown>;
  const cached = require.cache[id];
  if (!cached || !Object.values(Object.getOwnPropertyDescriptors(loaded)).some((d) => d.get)) continue;
  liveExports.set(name, loaded);
  const flat = Object.defineProperty({ ...loaded }, '__esModule', { value: true });
  // On the plain object, the Operation of a request's document is built once (operation-reuse.ts).
  if (name === '@apollo/federation-internals') reuseOperations(flat);
  cached.exports = flat;
}
