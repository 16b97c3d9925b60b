// @ts-check
// Keeps dashboard/dist current for `npm start` (scripts/bin/build.mjs calls ensureDashboard): a
// manifest of every input (size and mtime) is written beside the build, and Vite runs again only
// when an input changed, so a warm start costs a few stat calls. Plain JavaScript: it runs before
// anything is compiled.
//
//   node dashboard/build.mjs      build now (`npm run build -w @pleiadi/dashboard` does the same via vite)
//   node dashboard/build.mjs --if-stale   build only when an input changed (`npm test` does, first)
import console from 'node:console';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const DASHBOARD_DIST = path.join(HERE, 'dist');
const MANIFEST = path.join(DASHBOARD_DIST, 'build-manifest.json');

/** Every file the build reads from the repository: sources, pages, config, registered operations. */
function inputs() {
  /** @param {string} dir @returns {string[]} */
  const walk = (dir) =>
    existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)])) : [];
  const operations = path.join(HERE, '..', 'schema', 'operations');
  return [
    ...['index.html', 'explorer.html', 'vite.config.ts', 'package.json', 'build.mjs'].map((f) => path.join(HERE, f)),
    ...walk(path.join(HERE, 'src')),
    ...walk(path.join(HERE, 'public')),
    ...readdirSync(operations).filter((f) => f.endsWith('.graphql')).map((f) => path.join(operations, f)),
  ].sort();
}

/** @param {string[]} files */
const stamps = (files) => Object.fromEntries(files.map((f) => { const s = statSync(f); return [path.relative(HERE, f), `${s.size}:${s.mtimeMs}`]; }));

/** Why dist/ is not current, or undefined when it is. */
export function dashboardStaleness() {
  if (!existsSync(MANIFEST)) return 'no build yet';
  /** @type {Record<string, string>} */
  const was = JSON.parse(readFileSync(MANIFEST, 'utf8'));
  const now = stamps(inputs());
  const changed = [...new Set([...Object.keys(was), ...Object.keys(now)])].find((f) => was[f] !== now[f]);
  return changed ? `dashboard/${changed} changed` : undefined;
}

export async function buildDashboard() {
  const started = performance.now();
  const before = stamps(inputs());
  const { build } = await import('vite');
  await build({ configFile: path.join(HERE, 'vite.config.ts'), logLevel: 'warn' });
  // Stamps taken before the build: a file edited during it makes the next start build again.
  writeFileSync(MANIFEST, JSON.stringify(before));
  return (performance.now() - started) / 1000;
}

/**
 * Builds the page when dist/ is missing or stale. A failed build leaves no page (never a stale one)
 * and does not stop the graph: the gateway then answers the page's URL with 503 and says why.
 */
export async function ensureDashboard() {
  const reason = dashboardStaleness();
  if (!reason) return;
  try {
    const seconds = await buildDashboard();
    console.error(`built dashboard/dist in ${seconds.toFixed(1)} s (${reason})`);
  } catch (error) {
    rmSync(DASHBOARD_DIST, { recursive: true, force: true });
    console.error(`the web page could not be built (${reason}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale')) await ensureDashboard();
  else console.log(`built dashboard/dist in ${(await buildDashboard()).toFixed(1)} s`);
}
