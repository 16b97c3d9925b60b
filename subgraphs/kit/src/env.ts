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

export function envPort(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (!raw) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${variable}=${raw} is not a TCP port.`);
  return port;
}
