// @ts-check
// The build `npm start` runs: esbuild bundles the TypeScript of the embedded default into two
// files (the launcher with the gateway, and the host of the subgraphs) that plain `node` runs, so
// no process compiles TypeScript at start. The libraries are bundled in too (all but KEPT_OUT):
// node then reads a few large files instead of resolving and loading ~1,500 small ones, which took
// ~0.4 s of each process's start. A manifest of every input (size and mtime), of the migration
// folders' listings, of the installed packages and of this file lets `ensureBuild` rebuild whenever
// anything changed: a stale build is never served. Plain JavaScript: it runs before anything is compiled.
//
//   node scripts/bin/build.mjs      build now, whether stale or not (`npm run build`)
import console from 'node:console';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { buildDashboard, ensureDashboard } from '../../dashboard/build.mjs';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SELF = fileURLToPath(import.meta.url);
const REGISTRY = path.join(REPOSITORY_ROOT, 'schema', 'subgraphs.json');
const MIGRATION_FILE = /^\d{8}_\d{3}_[\w-]+\.ts$/;

/**
 * Where the bundles go: PLEIADI_BUILD_DIR (the start benchmark builds afresh there) or dist/start.
 * Inside the repository, so that node finds the packages the bundles leave out in node_modules.
 */
export function buildDir(env = process.env) {
  const dir = path.resolve(env.PLEIADI_BUILD_DIR ?? path.join(REPOSITORY_ROOT, 'dist', 'start'));
  if (path.relative(REPOSITORY_ROOT, dir).startsWith('..')) throw new Error(`PLEIADI_BUILD_DIR=${dir} must be inside ${REPOSITORY_ROOT}`);
  return dir;
}

/** @returns {{ name: string, package: string, dir: string }[]} */
function registry() {
  return JSON.parse(readFileSync(REGISTRY, 'utf8')).subgraphs;
}

/** A subgraph's migration folder (the kit's layout: src/db/migrations) and its files. @param {string} dir */
function migrationFolder(dir) {
  const folder = path.join(REPOSITORY_ROOT, dir, 'src', 'db', 'migrations');
  return { folder, files: readdirSync(folder).filter((f) => MIGRATION_FILE.test(f)).sort() };
}

// The host's entry: a loader per subgraph of the registry, each in its own chunk with its
// migrations registered with the kit (a bundle cannot import .ts files from a folder at run time),
// so a host process loads and builds only the schemas of the subgraphs it serves.
function hostEntry() {
  const loaders = registry().map((entry) => `${JSON.stringify(entry.name)}: async () => (await import('pleiadi:subgraph/${entry.name}')).definition`);
  return [`import { hostSubgraphs } from './scripts/src/start/host.ts';`, `await hostSubgraphs({ ${loaders.join(', ')} });`].join('\n');
}

/** @param {string} name */
function subgraphEntry(name) {
  const entry = registry().find((e) => e.name === name);
  const { folder, files } = migrationFolder(entry?.dir ?? '');
  const lines = [`import { registerBundledMigrations } from '@pleiadi/kit';`, `export { definition } from ${JSON.stringify(entry?.package)};`];
  files.forEach((file, i) => lines.push(`import * as m${i} from ${JSON.stringify(path.join(folder, file))};`));
  lines.push(`registerBundledMigrations(${JSON.stringify(folder)}, { ${files.map((file, i) => `${JSON.stringify(file.replace(/\.ts$/, ''))}: m${i}`).join(', ')} });`);
  return lines.join('\n');
}

// Packages node loads itself: PGlite finds its WebAssembly and data files next to its own module;
// pino starts transports from files it resolves; exceljs and the OpenTelemetry SDK are loaded only
// when used (an XLSX upload, OTEL_EXPORTER_OTLP_ENDPOINT), ioredis only with a Redis URL.
const KEPT_OUT = ['@electric-sql/pglite', 'pino', 'thread-stream', 'exceljs', 'ioredis', 'esbuild', '@opentelemetry/sdk-trace-base', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/resources', '@opentelemetry/core', '@opentelemetry/context-async-hooks'];
const keptOut = (/** @type {string} */ specifier) => KEPT_OUT.some((name) => specifier === name || specifier.startsWith(`${name}/`));
// Bundled CommonJS packages call require (for node's built-ins, mostly): an ES module has none.
const REQUIRE_BANNER = "import { createRequire as __pleiadiCreateRequire } from 'node:module'; const require = __pleiadiCreateRequire(import.meta.url);";
// Apollo's federation packages flattened in the bundle, as gateway/src/federation-exports.ts does
// under node (see why there): each index, once loaded, hands later requires a plain object of its
// exports' values. That module does nothing in a bundle (no require cache to reach) and is left out.
const FLATTENED_INDEX = /node_modules\/@apollo\/(federation-internals|query-planner)\/dist\/index\.js$/;
const FLATTEN = "\nmodule.exports = Object.defineProperty({ ...module.exports }, '__esModule', { value: true });\n";
// …and federation-internals' operationFromDocument reusing what it built (gateway/src/operation-reuse.ts).
const REUSE_OPERATIONS = `require(${JSON.stringify(path.join(REPOSITORY_ROOT, 'gateway', 'src', 'operation-reuse.ts'))}).reuseOperations(module.exports);\n`;
const FEDERATION_EXPORTS = /gateway\/src\/federation-exports\.ts$/;
// The installed packages, as npm records them: `npm install` rewrites this file when anything changes.
const INSTALLED = path.join(REPOSITORY_ROOT, 'node_modules', '.package-lock.json');

/** @type {esbuild.Plugin} */
const bundleEntries = {
  name: 'pleiadi-entries',
  setup(build) {
    build.onResolve({ filter: /^pleiadi:/ }, (args) => ({ path: args.path, namespace: 'pleiadi' }));
    build.onLoad({ filter: /.*/, namespace: 'pleiadi' }, (args) => ({
      contents: args.path === 'pleiadi:host' ? hostEntry() : subgraphEntry(args.path.replace('pleiadi:subgraph/', '')),
      resolveDir: REPOSITORY_ROOT,
      loader: 'ts',
    }));
    build.onLoad({ filter: FLATTENED_INDEX }, (args) => ({
      contents: readFileSync(args.path, 'utf8') + FLATTEN + (args.path.includes('federation-internals') ? REUSE_OPERATIONS : ''),
      loader: 'js',
    }));
    build.onLoad({ filter: FEDERATION_EXPORTS }, () => ({ contents: 'export {};', loader: 'ts' }));
    // Bundle the workspace and the libraries, but for the packages kept out.
    build.onResolve({ filter: /^[^./]/ }, (args) => (keptOut(args.path) ? { external: true } : undefined));
    // Code that finds files next to itself (migrations, the supergraph, the repository root) keeps
    // its own location: import.meta.url is the source file's, not the bundle's.
    build.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/** What a build depends on beyond its bundled inputs; any change means a rebuild. */
function fingerprint() {
  const listings = registry().map((entry) => migrationFolder(entry.dir)).map(({ folder, files }) => `${folder}:${files.join(',')}`);
  return createHash('sha256').update([esbuild.version, readFileSync(SELF, 'utf8'), readFileSync(REGISTRY, 'utf8'), stamp(INSTALLED), ...listings].join('\n')).digest('hex');
}

/**
 * @param {string} file
 * @param {number} [builtAt] a file written since the build started may not be what was bundled
 */
function stamp(file, builtAt = Infinity) {
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) return 'missing';
  return stat.mtimeMs >= builtAt ? 'changed during the build' : `${stat.size}:${stat.mtimeMs}`;
}

export async function build(dir = buildDir()) {
  const started = performance.now();
  const builtAt = Date.now() - 1000; // mtimes may be coarser than the clock
  /** @type {esbuild.BuildOptions} */
  const common = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'warning',
    metafile: true,
    plugins: [bundleEntries],
    absWorkingDir: REPOSITORY_ROOT,
    banner: { js: REQUIRE_BANNER },
  };
  // Built aside and moved in whole: another `npm start` in the same checkout never sees half a build.
  const staging = `${dir}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const results = await Promise.all([
    // Split into chunks: a process loads the gateway, or a subgraph, only when it imports it.
    esbuild.build({ ...common, entryPoints: { 'start-all': 'scripts/src/start-all.ts', host: 'pleiadi:host' }, splitting: true, chunkNames: 'chunks/[name]-[hash]', outdir: staging }),
  ]);
  await esbuild.stop(); // its service process would otherwise live as long as `npm start`
  const inputs = Object.fromEntries(
    results
      .flatMap((r) => Object.keys(r.metafile?.inputs ?? {}))
      .filter((input) => !input.startsWith('pleiadi:') && !input.includes('node_modules/')) // packages: by INSTALLED
      .map((input) => [input, stamp(path.join(REPOSITORY_ROOT, input), builtAt)]),
  );
  writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify({ fingerprint: fingerprint(), inputs }));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(dir), { recursive: true });
  renameSync(staging, dir);
  return { seconds: (performance.now() - started) / 1000, inputs: Object.keys(inputs).length };
}

/** Why the build in `dir` cannot be served as it is, or undefined when it is current. */
export function staleness(dir = buildDir()) {
  const manifestPath = path.join(dir, 'manifest.json');
  if (!existsSync(manifestPath)) return 'no build yet';
  /** @type {{ fingerprint: string, inputs: Record<string, string> }} */
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (manifest.fingerprint !== fingerprint()) return 'the build script, registry or migration folders changed';
  const changed = Object.entries(manifest.inputs).find(([input, was]) => stamp(path.join(REPOSITORY_ROOT, input)) !== was);
  return changed ? `${changed[0]} changed` : undefined;
}

/** Builds when the build is missing or stale; returns the directory to run from. */
export async function ensureBuild(dir = buildDir()) {
  const reason = staleness(dir);
  // The web page (dashboard/dist) has its own manifest; it is built beside the bundles when stale.
  const page = ensureDashboard();
  if (reason) {
    const { seconds, inputs } = await build(dir);
    console.error(`built ${path.relative(REPOSITORY_ROOT, dir)} from ${inputs} files in ${seconds.toFixed(1)} s (${reason})`);
  }
  await page;
  return dir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const { seconds, inputs } = await build();
  console.log(`built ${path.relative(REPOSITORY_ROOT, buildDir())} from ${inputs} files in ${seconds.toFixed(1)} s`);
  console.log(`built dashboard/dist in ${(await buildDashboard()).toFixed(1)} s`);
}
