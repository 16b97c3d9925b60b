// The gateway and each subgraph, started as `npm start` starts them (their own process, the port
// from PORT), stop at once with a message naming the port when it is taken or one Node's fetch
// refuses — rather than leaving `npm start` to wait for a health check that cannot pass.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { subgraphUrlsFromEnvironment } from '@pleiadi/gateway';
import { randomSecret, REPOSITORY_ROOT } from '@pleiadi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRegistry } from '../src/registry.ts';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'pleiadi-ports-'));
const baseEnv = { PLEIADI_INTERNAL_SECRET: randomSecret(), PLEIADI_JWT_SECRET: randomSecret(), PLEIADI_DATA_DIR: dataDir, PLEIADI_LOG: 'info' };

/** Runs an entry point to its exit: code, output and how long it took. */
function run(entry: string, env: Record<string, string>): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', entry], { cwd: REPOSITORY_ROOT, env: { ...process.env, ...baseEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    }),
  );
}

let taken: Server;
let takenPort: number;
beforeAll(async () => {
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  rmSync(dataDir, { recursive: true, force: true });
});

const gateway = path.join('gateway', 'src', 'main.ts');
const subgraphs = readRegistry().map((entry) => [entry.name, path.join(entry.dir, 'src', 'main.ts')] as const);

describe('the gateway', () => {
  it('exits non-zero at once on a port fetch refuses, naming PORT', async () => {
    const result = await run(gateway, { PORT: '6000' });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/could not start: PORT=6000: port 6000 is one Node's fetch refuses/);
  });

  it('exits non-zero at once on a taken port, naming it', async () => {
    const result = await run(gateway, { PORT: String(takenPort) });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`could not start: port ${takenPort} on 127.0.0.1 is already in use`);
  });

  it('refuses a subgraph URL it could never fetch, naming the variable', () => {
    expect(() => subgraphUrlsFromEnvironment({ CPIA_SUBGRAPH_URL: 'http://127.0.0.1:6666/graphql' })).toThrow(/^CPIA_SUBGRAPH_URL: port 6666 is one Node's fetch refuses/);
    expect(() => subgraphUrlsFromEnvironment({ IAL_SUBGRAPH_URL: '127.0.0.1:4006' })).toThrow(/^IAL_SUBGRAPH_URL is not an http\(s\) URL\.$/);
  });
});

// Each run is a cold start (mostly loading the package's code, seconds on a busy machine), so two
// subgraphs run: every subgraph's main is the kit's runSubgraphFromEnvironment, checked here.
describe('each subgraph', () => {
  it('starts through the kit\'s runSubgraphFromEnvironment', () => {
    for (const [, entry] of subgraphs) expect(readFileSync(path.join(REPOSITORY_ROOT, entry), 'utf8')).toMatch(/^await runSubgraphFromEnvironment\(\w+\);$/m);
  });

  it('exits non-zero at once on a port fetch refuses, naming PORT', async () => {
    const result = await run(subgraphs[0][1], { PORT: '6000' });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/could not start: PORT=6000: port 6000 is one Node's fetch refuses/);
  });

  it('exits non-zero at once on a taken port, naming it, before opening its databases', async () => {
    const [name, entry] = subgraphs.find(([n]) => n === 'ats')!;
    const result = await run(entry, { PORT: String(takenPort) });
    expect(result.code).toBe(1);
    expect(result.output).toContain(`could not start: port ${takenPort} on 127.0.0.1 is already in use`);
    // Nothing was migrated or seeded first.
    expect(result.output).not.toMatch(/migrat|seed|serving/i);
    console.log(`[start fails fast] ${name}: exited ${result.ms} ms after spawn (loading its code included)`);
  });

  it('serving people beyond demo data, refuses to start without the record keys\' secret', async () => {
    const [, entry] = subgraphs.find(([n]) => n === 'ial')!;
    const result = await run(entry, { PORT: '0', IAL_DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/pleiadi_never_opened', PLEIADI_DEMO_DATA: '', PLEIADI_RECORD_KEY_SECRET: '' });
    expect(result.code).toBe(1);
    expect(result.output).toContain('could not start: PLEIADI_RECORD_KEY_SECRET is not set');
    expect(result.output).not.toMatch(/migrat|seed|serving/i);
  });
});
