// `npm start`: every subgraph in its own process on its embedded database (or on PostgreSQL where
// <NAME>_DATABASE_URL is set), then the gateway. Ctrl-C stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { mintToken, type TokenRequest } from '@pleiadi/gateway';
import { randomSecret, REPOSITORY_ROOT } from '@pleiadi/kit';
import { devJwtSecret } from './dev-secrets.ts';
import { readRegistry } from './registry.ts';

const GATEWAY_PORT = Number(process.env.PORT ?? 4000);
// One internal secret shared by the gateway and the subgraphs of this run; tokens for callers
// are signed with the embedded default's own secret (see dev-secrets.ts).
const SECRETS = {
  PLEIADI_INTERNAL_SECRET: process.env.PLEIADI_INTERNAL_SECRET ?? randomSecret(),
  PLEIADI_JWT_SECRET: devJwtSecret(),
  NODE_ENV: process.env.NODE_ENV ?? 'development',
};
const EXAMPLE_TOKENS: [string, TokenRequest][] = [
  ['region (regional table)', { role: 'region', purpose: 'reporting' }],
  ['bi (BI tools)', { role: 'bi', purpose: 'reporting' }],
  ['partner: CPIA network operator', { role: 'partner', partnerId: 'cpia-bologna', purpose: 'case-coordination' }],
  ['partner: ATS Bologna operator', { role: 'partner', partnerId: 'arcolaio', ambit: 'BOLOGNA', purpose: 'case-coordination' }],
  ['partner: IAL operator', { role: 'partner', partnerId: 'ial-er', purpose: 'case-coordination' }],
];
const children: { name: string; child: ChildProcess }[] = [];
let stopping = false;

function launch(name: string, entry: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...SECRETS, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push({ name, child });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n${name} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the others.`);
    void stopAll(1);
  });
  return child;
}

async function waitHealthy(name: string, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const health = new URL('/health', url);
  while (Date.now() < deadline) {
    if (stopping) return;
    const ok = await fetch(health, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok).catch(() => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${name} did not become healthy at ${health} within ${timeoutMs / 1000} s`);
}

async function stopAll(exitCode: number): Promise<never> {
  stopping = true;
  await Promise.all(
    children.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  process.exit(exitCode);
}

process.once('SIGINT', () => void stopAll(0));
process.once('SIGTERM', () => void stopAll(0));

const registry = readRegistry();
try {
  await Promise.all(
    registry.map(async (entry) => {
      const port = new URL(entry.url).port;
      launch(entry.name, path.join(entry.dir, 'src', 'main.ts'), { PORT: port });
      await waitHealthy(entry.name, entry.url);
    }),
  );
  const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
  launch('gateway', path.join('gateway', 'src', 'main.ts'), { PORT: String(GATEWAY_PORT) });
  await waitHealthy('gateway', gatewayUrl);
  const tokens = await Promise.all(EXAMPLE_TOKENS.map(async ([label, request]) => `  ${label}:\n    ${await mintToken(request, SECRETS.PLEIADI_JWT_SECRET)}`));
  console.log(`
The PLEIADI graph is up: ${gatewayUrl}
Try:
  curl -s ${gatewayUrl} -H 'content-type: application/json' \\
    -d '{"query":"{ municipality(istatCode: \\"037006\\") { name province { name } ambit { name partners { name } } } }"}'
Without a token you are anonymous and see public data. Tokens for each role (8 hours; more
with \`npm run token -- --role partner --partner ial-er --purpose case-coordination\`), sent as
"authorization: Bearer <token>":
${tokens.join('\n')}
Press Ctrl-C to stop.
`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  await stopAll(1);
}
