// `npm start`, once scripts/bin/start.mjs has made sure the build is current: the subgraphs in a
// host process (on their embedded databases, or on PostgreSQL where <STORE>_DATABASE_URL is set)
// and the gateway in this one, started side by side. Ctrl-C stops them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { hostGroups } from './start/layout.ts';

const buildDir = process.env.PLEIADI_BUILD_DIR;
if (!buildDir) throw new Error('start-all runs from the build: start it with `npm start`.');
const GATEWAY_PORT = process.env.PORT ?? '4000';
// One internal secret shared by the gateway and the subgraphs of this run.
const SHARED = {
  PLEIADI_INTERNAL_SECRET: process.env.PLEIADI_INTERNAL_SECRET ?? randomBytes(32).toString('base64url'),
  NODE_ENV: process.env.NODE_ENV ?? 'development',
};
const hosts: ChildProcess[] = [];
let gateway: { stop(): Promise<void> } | undefined;
let stopping = false;

/** Resolves once every host has said it serves each of its subgraphs (see host.ts). */
function serving(names: string[], timeoutMs = 180_000): Promise<void> {
  const waiting = new Set(names);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${[...waiting].join(', ')} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    for (const host of hosts) {
      host.on('message', (message: { serving?: string }) => {
        if (message.serving) waiting.delete(message.serving);
        if (waiting.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    }
  });
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  const exited = hosts.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  );
  await Promise.all([gateway?.stop(), ...exited]);
  process.exit(exitCode);
}

// `on`, not `once`: Apollo Server re-raises the signal once the gateway has stopped, which would
// end this process by the signal (not exit code 0) before the hosts have closed their databases.
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

try {
  // The hosts first, before this process loads the gateway's libraries: they are the long pole.
  for (const group of hostGroups()) {
    const child = spawn(process.execPath, [path.join(buildDir, 'host.js'), ...group], {
      env: { ...process.env, ...SHARED },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    hosts.push(child);
    child.once('exit', (code, signal) => {
      if (stopping) return;
      console.error(`\nthe host of ${group.join(', ')} stopped unexpectedly (${signal ?? `exit code ${code}`}); stopping the others.`);
      void stopAll(1);
    });
  }
  const subgraphsUp = serving(hostGroups().flat());
  // The gateway needs no subgraph to start (the supergraph is static): it starts meanwhile.
  const { callerSecret, runGateway, welcome } = await import('./start/gateway.ts');
  const jwtSecret = callerSecret();
  gateway = await runGateway({ ...process.env, ...SHARED, PLEIADI_JWT_SECRET: jwtSecret, PORT: GATEWAY_PORT });
  await subgraphsUp;
  const message = await welcome(`http://127.0.0.1:${GATEWAY_PORT}/graphql`, jwtSecret);
  if (!stopping) console.log(message);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  await stopAll(1);
}
