// Secrets of the embedded default: a token-signing secret kept under .data/ (git-ignored) so the
// tokens `npm start` prints stay valid across restarts, and a fresh internal secret for each run.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { dataDir, randomSecret } from '@pleiadi/kit';

export function devJwtSecret(env = process.env): string {
  if (env.PLEIADI_JWT_SECRET) return env.PLEIADI_JWT_SECRET;
  const file = path.join(path.dirname(dataDir('x')), 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomSecret(), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
