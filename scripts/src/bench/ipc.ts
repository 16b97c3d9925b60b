// The benchmark's processes and how they talk: each child is forked with IPC, answers requests
// `{ id, type, ... }` with `{ id, result }` or `{ id, error }`, and exits when its parent goes away.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPOSITORY_ROOT = path.resolve(HERE, '../../..');

interface Request {
  id: number;
  type: string;
  [key: string]: unknown;
}

/** What every gateway child answers to `stats`: its own CPU time and memory. */
export interface ProcessStats {
  /** HTTP requests the gateway started to serve since it started. */
  requests: number;
  /** CPU time, user + system, since the process started (microseconds). */
  cpuMicros: number;
  /** Resident set size now, and the highest sampled since the previous `stats` (bytes). */
  rss: number;
  peakRss: number;
}

/** What the subgraphs child answers to `stats`: totals since it started. */
export interface SubgraphStats {
  /** GraphQL requests received, per subgraph, and their bodies' total size (bytes). */
  requests: Record<string, number>;
  requestBytes: Record<string, number>;
  /** SQL statements run, per store. */
  statements: Record<string, number>;
  /** CPU time of the subgraphs' process, user + system (microseconds). */
  cpuMicros: number;
}

export interface Child {
  name: string;
  process: ChildProcess;
  call<T>(type: string, payload?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

const children = new Set<Child>();

/** Forks `file` (next to this one) under tsx; resolves with the child's first `ready` message. */
export async function startChild<Ready>(name: string, file: string, args: string[], env: Record<string, string>): Promise<{ child: Child; ready: Ready }> {
  // BENCH_PROFILE_DIR (`npm run bench -- --profile <dir>`): a V8 CPU profile of each child, written as it exits.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  // A folder per child: tsx's loader thread writes a profile of its own beside the main thread's.
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${path.join(profileDir, name.replace(/\W+/g, '-'))}`] : [];
  const process_ = fork(path.join(HERE, file), args, {
    cwd: REPOSITORY_ROOT,
    execArgv: ['--import', 'tsx', ...profile],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const ready = new Promise<Ready>((resolve, reject) => {
    process_.on('message', (message: { id?: number; type?: string; result?: unknown; error?: string }) => {
      if (message.type === 'ready') return resolve(message.result as Ready);
      if (message.type === 'failed') return reject(new Error(`${name}: ${message.error}`));
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(`${name}: ${message.error}`));
      else waiting.resolve(message.result);
    });
    process_.once('exit', (code, signal) => {
      const error = new Error(`${name} exited (${signal ?? `code ${code}`})`);
      reject(error);
      for (const { reject: fail } of pending.values()) fail(error);
      pending.clear();
    });
  });
  const child: Child = {
    name,
    process: process_,
    call: <T>(type: string, payload: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        process_.send({ ...payload, id, type });
      }),
    stop: () => stopProcess(process_).finally(() => children.delete(child)),
  };
  children.add(child);
  try {
    return { child, ready: await ready };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
  });
}

export async function stopAllChildren(): Promise<void> {
  await Promise.all([...children].map((c) => c.stop()));
}

// A child left behind by a crash of the parent would keep its port and CPU: make sure none is.
process.once('exit', () => {
  for (const child of children) child.process.kill('SIGKILL');
});

/**
 * In a child: announces `ready` once `start` resolves, serves requests with `handlers`, and
 * exits when the parent disconnects or asks it to stop.
 */
export function serveChild<T>(start: () => Promise<T>, handlers: Record<string, (request: Request) => Promise<unknown> | unknown>, stop?: () => Promise<void>): void {
  const send = (message: unknown) => process.send?.(message);
  const exit = () => {
    const done = () => process.exit(0);
    (stop ? stop().catch(() => {}) : Promise.resolve()).then(done, done);
    setTimeout(done, 3_000).unref();
  };
  process.on('disconnect', exit);
  process.once('SIGTERM', exit);
  process.once('SIGINT', () => {}); // Ctrl-C reaches the whole group: the parent decides.
  process.on('message', (request: Request) => {
    const handler = handlers[request.type];
    Promise.resolve()
      .then(() => (handler ? handler(request) : Promise.reject(new Error(`unknown request ${request.type}`))))
      .then(
        (result) => send({ id: request.id, result }),
        (error: unknown) => send({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
      );
  });
  start().then(
    (result) => send({ type: 'ready', result }),
    (error: unknown) => {
      send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      setTimeout(() => process.exit(1), 100);
    },
  );
}
