// Where a subgraph's data lives when started from the environment: `<NAME>_DATABASE_URL`
// selects a PostgreSQL server; without it, an embedded PGlite under PLEIADI_DATA_DIR (default
// `.data/` at the repository root) is used and filled with demo data on first start.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function dataDir(store: string): string {
  return path.join(process.env.PLEIADI_DATA_DIR ?? path.join(REPOSITORY_ROOT, '.data'), store);
}

/** The connection string variable for a store, e.g. `ANCI_DATABASE_URL`, `ATS_ROMAGNA_DATABASE_URL`. */
export function databaseUrlVariable(store: string): string {
  return `${store.toUpperCase().replace(/\W/g, '_')}_DATABASE_URL`;
}

export function databaseUrl(store: string): string | undefined {
  return process.env[databaseUrlVariable(store)] || undefined;
}

/**
 * The Fetch standard's "bad ports", which Node's fetch (undici) refuses to connect to: a server
 * there would start fine, yet the gateway, `npm start` and every fetch client would fail to reach
 * it with a bare "fetch failed". Checked against Node's own fetch in kit/test/ports.test.ts.
 */
export const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117,
  119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636,
  989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** Why a server must not listen on `port` (`what` names where it came from), or undefined. */
export function portProblem(port: number, what = 'port'): string | undefined {
  if (!Number.isInteger(port) || port < 0 || port > 65535) return `${what} is not a TCP port (0-65535).`;
  if (FETCH_BAD_PORTS.has(port)) {
    return `${what}: port ${port} is one Node's fetch refuses to connect to (a "bad port" of the Fetch standard), so neither the gateway nor npm start could reach a server there; choose another port.`;
  }
  return undefined;
}

/** A listening port from `variable` (e.g. PORT); throws at once, naming it, if no server should use it. */
export function envPort(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (!raw) return fallback;
  const port = /^\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  const problem = portProblem(port, `${variable}=${raw}`);
  if (problem) throw new Error(problem);
  return port;
}

/**
 * A whole number from `variable`, from `min` to `max`: undefined when unset or empty, a startup
 * error naming the variable and the range otherwise, so a typo never silently keeps a default.
 */
export function wholeNumberFromEnv(
  env: NodeJS.ProcessEnv,
  variable: string,
  range: { min: number; max: number; default?: number; what?: string },
): number | undefined {
  const raw = env[variable]?.trim();
  if (!raw) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < range.min || value > range.max) {
    const fallback = range.default === undefined ? '' : ` (default ${range.default})`;
    throw new Error(`${variable}=${JSON.stringify(env[variable])} is not ${range.what ?? 'valid'}: expected a whole number from ${range.min} to ${range.max}${fallback}.`);
  }
  return value;
}

export const DEFAULT_CACHE_MAX_AGE_SECONDS = 30;

/** PLEIADI_CACHE_MAX_AGE: seconds the gateway may reuse this subgraph's shared answers (default 30, 0 never). */
export function cacheMaxAgeSeconds(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, 'PLEIADI_CACHE_MAX_AGE', { min: 0, max: 86_400, default: DEFAULT_CACHE_MAX_AGE_SECONDS }) ?? DEFAULT_CACHE_MAX_AGE_SECONDS;
}
