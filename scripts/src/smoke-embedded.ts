// Boots the embedded default exactly as `npm start` does (fresh data directory), queries it through
// the gateway, stops it with Ctrl-C (SIGINT), then boots it again on the same data: the second
// start must reuse the databases. Exits non-zero on any failure.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPOSITORY_ROOT } from '@pleiadi/kit';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-smoke-'));
const port = Number(process.env.SMOKE_GATEWAY_PORT ?? 4000);
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.endsWith('_DATABASE_URL')));

async function boot(label: string): Promise<number> {
  const started = Date.now();
  // What `npm start` runs (without npm, whose own exit code on Ctrl-C is not the federation's).
  const child = spawn(process.execPath, [path.join('scripts', 'bin', 'start.mjs')], {
    cwd: REPOSITORY_ROOT,
    env: { ...env, PLEIADI_DATA_DIR: dataDir, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    while (!output.includes('The PLEIADI graph is up')) {
      if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
      if (Date.now() - started > 180_000) throw new Error(`npm start did not come up in 180 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const upIn = Date.now() - started;
    const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ municipality(istatCode: "037006") { name ambit { code partners { id } } } municipalities { totalCount } }' }),
    });
    const body = (await response.json()) as { data?: { municipality: { name: string; ambit: { partners: unknown[] } }; municipalities: { totalCount: number } } };
    if (body.data?.municipality?.name !== 'Bologna' || body.data.municipalities.totalCount !== 330 || !body.data.municipality.ambit.partners.length) {
      throw new Error(`unexpected answer: ${JSON.stringify(body)}`);
    }
    console.log(`smoke (${label}): up in ${(upIn / 1000).toFixed(1)} s, Bologna answered through the gateway`);
    child.kill('SIGINT');
    const code = await Promise.race([exited, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 30_000))]);
    if (code !== 0) throw new Error(`Ctrl-C did not stop everything cleanly (exit ${code})`);
    return upIn;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

try {
  const first = await boot('first start, fresh data directory');
  const second = await boot('second start, reusing the data');
  console.log(`smoke: passed (first start ${(first / 1000).toFixed(1)} s, second ${(second / 1000).toFixed(1)} s)`);
} catch (error) {
  console.error(`smoke: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
// Idle keep-alive sockets to the stopped servers would otherwise hold the process open.
process.exit(process.exitCode ?? 0);
