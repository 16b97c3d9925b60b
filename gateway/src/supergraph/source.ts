// Hot reload of the supergraph: a file (watched) or a URL (polled; see readers.ts) feeds Apollo
// Gateway's `supergraphSdl` hook. A new supergraph is checked before the serving one gets it — in
// a throwaway gateway (servable.ts), then against the running subgraphs (subgraph-fit.ts) — so a
// broken one is refused, logged and reported while the last good one keeps serving.
import { createHash } from 'node:crypto';
import type { SupergraphSdlHook } from '@apollo/gateway';
import { createLogger, wholeNumberFromEnv } from '@pleiadi/kit';
import { fileReader, urlReader, type Read } from './readers.ts';
import { assertServableSupergraph, reasonOf } from './servable.ts';
import { assertSubgraphsServe, SubgraphMismatch, type MissingElement, type SubgraphCheckOptions } from './subgraph-fit.ts';

export { DEBOUNCE_MS } from './readers.ts';
export { assertServableSupergraph, reasonOf } from './servable.ts';
export const DEFAULT_POLL_MS = 10_000;

export interface SupergraphSourceOptions {
  /** A supergraph file, watched (fs.watch on its directory, plus a stat poll every `pollMs`). */
  file?: string;
  /** A supergraph URL, polled every `pollMs` with If-None-Match. */
  url?: string;
  pollMs?: number;
  /**
   * More checks a supergraph must pass before it serves, after Apollo's (e.g. that the API
   * contracts build from it); a throw refuses it, at start too.
   */
  validate?: (supergraphSdl: string) => unknown;
  /** Checks every new supergraph against the running subgraphs' own SDL (see subgraph-fit.ts). */
  subgraphCheck?: SubgraphCheckOptions;
}

export interface SupergraphStatus {
  /** Where the supergraph comes from: a file: URL, or the http(s) URL without credentials or query. */
  source: string;
  /** When the supergraph in use was loaded (ISO 8601). */
  loadedAt: string | null;
  /** SHA-256 (hex) of the supergraph in use: Apollo's "composition ID" in its own logs. */
  hash: string | null;
  /** Last time the source was read without error. */
  checkedAt: string | null;
  /** Supergraphs swapped in since start (the first load not counted). */
  updates: number;
  /** Why the source's current content is not the one serving; absent once they agree again. */
  lastError?: { at: string; message: string; hash?: string; missing?: MissingElement[] };
}

export interface SupergraphSource {
  /** For `new ApolloGateway({ supergraphSdl: source.hook })`; serves one gateway. */
  hook: SupergraphSdlHook;
  status(): SupergraphStatus;
  /** Reads the source now (e.g. on SIGHUP); resolves once the check is done. */
  reload(): Promise<void>;
  /** Stops watching and polling. The gateway's own stop does it too, through the hook's cleanup. */
  stop(): void;
}
const log = createLogger('gateway');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const short = (hash: string | null | undefined) => (hash ? hash.slice(0, 12) : 'none');
const now = () => new Date().toISOString();

export function createSupergraphSource(options: SupergraphSourceOptions): SupergraphSource {
  if (!options.file === !options.url) throw new Error('A supergraph source needs exactly one of `file` and `url`.');
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const reader = options.url ? urlReader(options.url, pollMs) : fileReader(options.file!, pollMs);

  let update: ((sdl: string) => void) | undefined;
  let serving: { sdl: string; hash: string } | undefined;
  const status: SupergraphStatus = { source: reader.label, loadedAt: null, hash: null, checkedAt: null, updates: 0 };
  /** The content last read; on a 304 it is still the current one. */
  let lastRead: { sdl: string; hash: string } | undefined;
  /** The last content refused, and why. */
  let refused: SupergraphStatus['lastError'];
  let stopWatching: (() => void) | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;
  let retry: NodeJS.Timeout | undefined;

  /** `retry`: the content may yet serve (a subgraph could not be asked), so it is looked at again. */
  const fail = (message: string, hash?: string, more: { missing?: MissingElement[]; retry?: boolean } = {}) => {
    const repeated = status.lastError?.message === message && status.lastError.hash === hash;
    status.lastError = { at: now(), message, ...(hash ? { hash } : {}), ...(more.missing?.length ? { missing: more.missing } : {}) };
    if (hash && !more.retry) refused = { ...status.lastError };
    if (more.retry) {
      // A watched file gives no new event for the same content: ask again at the poll interval.
      retry = setTimeout(() => void requestCheck(), pollMs);
      retry.unref();
    }
    // A source that stays down is logged once, not at every poll.
    if (!repeated) log.warn(`supergraph from ${reader.label} not loaded, still serving ${short(status.hash)}: ${message}`);
  };

  const check = async () => {
    clearTimeout(retry);
    let read: Read;
    try {
      read = await reader.read();
    } catch (error) {
      if (!stopped) fail(`cannot read the supergraph: ${reasonOf(error)}`);
      return;
    }
    if (stopped || !serving || !update) return;
    status.checkedAt = now();
    if (read !== 'unchanged') lastRead = { sdl: read.sdl, hash: sha256(read.sdl) };
    const { sdl, hash } = lastRead ?? {};
    if (hash === serving.hash) {
      // The source agrees with what is serving again (a broken write reverted, the URL back up).
      if (status.lastError) log.info(`supergraph from ${reader.label} matches the one serving (${short(hash)}) again`);
      delete status.lastError;
      return;
    }
    if (sdl === undefined || hash === undefined || hash === refused?.hash) {
      // Still the content refused before (a 304 means just that): its reason stands again, say
      // after the source was down meanwhile, and it is neither checked nor logged once more.
      if (refused) status.lastError = { ...refused };
      return;
    }
    try {
      await assertServableSupergraph(sdl);
      await options.validate?.(sdl);
    } catch (error) {
      if (!stopped) fail(`invalid supergraph: ${reasonOf(error)}`, hash);
      return;
    }
    if (options.subgraphCheck) {
      try {
        const { unverified } = await assertSubgraphsServe(sdl, options.subgraphCheck, serving.sdl);
        if (unverified.length) log.warn(`supergraph ${short(hash)}: subgraphs not checked (their part is unchanged): ${unverified.join(', ')}`);
      } catch (error) {
        if (stopped) return;
        if (error instanceof SubgraphMismatch) fail(`refused: ${error.message}`, hash, error);
        else fail(`cannot check the subgraphs: ${reasonOf(error)}`, hash, { retry: true });
        return;
      }
    }
    if (stopped) return;
    const previous = serving;
    try {
      update(sdl);
    } catch (error) {
      fail(`the gateway refused the supergraph: ${reasonOf(error)}`, hash);
      // Should the gateway have half-applied it, the last good one (another composition ID) rebuilds it whole.
      try {
        update(previous.sdl);
      } catch {
        // Stopped or stopping: nothing left to serve.
      }
      return;
    }
    serving = { sdl, hash };
    Object.assign(status, { hash, loadedAt: now(), updates: status.updates + 1 });
    delete status.lastError;
    log.info(`supergraph from ${reader.label} updated: ${short(previous.hash)} → ${short(hash)}`);
  };

  /** Checks never overlap; a request during a check runs one more after it. */
  const requestCheck = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await check().catch((error: unknown) => fail(`unexpected: ${reasonOf(error)}`));
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  };

  const stop = () => {
    stopped = true;
    clearTimeout(retry);
    stopWatching?.();
    stopWatching = undefined;
  };

  const hook: SupergraphSdlHook = async (hookOptions) => {
    if (update || stopped) throw new Error('A supergraph source serves one gateway, once.');
    // At start there is no last good supergraph to fall back on: an unreadable source fails the start.
    let first: Read;
    try {
      first = await reader.read();
    } catch (error) {
      throw new Error(`cannot read the supergraph from ${reader.label}: ${reasonOf(error)}`, { cause: error });
    }
    if (first === 'unchanged') throw new Error(`${reader.label} answered 304 to the first request`);
    // Apollo's own checks run when the gateway loads it; the extra ones here. A subgraph that
    // cannot be asked does not hold the start up (its fields fail alone, as when it goes down later).
    try {
      await options.validate?.(first.sdl);
      if (options.subgraphCheck) {
        const { unverified } = await assertSubgraphsServe(first.sdl, options.subgraphCheck);
        if (unverified.length) log.warn(`supergraph from ${reader.label}: subgraphs not checked, unreachable: ${unverified.join(', ')}`);
      }
    } catch (error) {
      throw new Error(`the supergraph from ${reader.label} is refused: ${reasonOf(error)}`, { cause: error });
    }
    update = hookOptions.update;
    serving = { sdl: first.sdl, hash: sha256(first.sdl) };
    lastRead = serving;
    Object.assign(status, { hash: serving.hash, loadedAt: now(), checkedAt: now() });
    const stopReader = await reader.watch(requestCheck);
    if (stopped) stopReader();
    else stopWatching = stopReader;
    log.info(`supergraph from ${reader.label}: ${short(serving.hash)}, ${options.url ? `polled every ${pollMs} ms` : 'watched'}`);
    return { supergraphSdl: first.sdl, cleanup: async () => stop() };
  };

  return { hook, status: () => structuredClone(status), reload: requestCheck, stop };
}

/**
 * PLEIADI_SUPERGRAPH_URL (polled) or PLEIADI_SUPERGRAPH_PATH (watched; `defaultFile` when unset),
 * PLEIADI_SUPERGRAPH_POLL_MS (default 10000).
 */
export function supergraphSourceFromEnvironment(
  env: NodeJS.ProcessEnv = process.env,
  defaultFile: string,
  extra: Pick<SupergraphSourceOptions, 'validate' | 'subgraphCheck'> = {},
): SupergraphSource {
  const url = env.PLEIADI_SUPERGRAPH_URL?.trim();
  const file = env.PLEIADI_SUPERGRAPH_PATH?.trim();
  if (url && file) throw new Error('Set PLEIADI_SUPERGRAPH_URL or PLEIADI_SUPERGRAPH_PATH, not both.');
  if (url && !/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : '')) {
    // Not echoed: it may carry credentials.
    throw new Error('PLEIADI_SUPERGRAPH_URL is not an http(s) URL.');
  }
  const pollMs = wholeNumberFromEnv(env, 'PLEIADI_SUPERGRAPH_POLL_MS', { min: 100, max: 86_400_000, default: DEFAULT_POLL_MS, what: 'valid milliseconds' }) ?? DEFAULT_POLL_MS;
  return createSupergraphSource(url ? { ...extra, url, pollMs } : { ...extra, file: file || defaultFile, pollMs });
}
