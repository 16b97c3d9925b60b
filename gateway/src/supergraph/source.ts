// Hot reload of the supergraph: a file (watched) or a URL (polled) feeds Apollo Gateway's
// `supergraphSdl` hook. A new supergraph is checked in a throwaway gateway before the serving one
// gets it, so a broken one is refused, logged and reported while the last good one keeps serving.
import { createHash } from 'node:crypto';
import { watch, type FSWatcher, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApolloGateway, type SupergraphSdlHook } from '@apollo/gateway';
import { createLogger } from '@pleiadi/kit';

export const DEFAULT_POLL_MS = 10_000;
/** Rewrites come in bursts (truncate, write, rename): one reload after the last event. */
export const DEBOUNCE_MS = 200;
const FETCH_TIMEOUT_MS = 10_000;
const MAX_REASON_LENGTH = 1_000;

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
  lastError?: { at: string; message: string; hash?: string };
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
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const short = (hash: string | null | undefined) => (hash ? hash.slice(0, 12) : 'none');
const now = () => new Date().toISOString();

interface GraphQLErrorLike {
  message?: string;
  locations?: readonly { line: number; column: number }[];
  causes?: GraphQLErrorLike[];
  cause?: { code?: string; message?: string };
}

/** One line: Apollo's aggregate errors carry code frames in their message; keep the causes and where. */
export function reasonOf(error: unknown): string {
  const e = (error ?? {}) as GraphQLErrorLike;
  const at = (c: GraphQLErrorLike) => (c.locations?.[0] ? ` (line ${c.locations[0].line}, column ${c.locations[0].column})` : '');
  const firstLine = (c: GraphQLErrorLike) => String(c.message ?? c).split('\n')[0].trim();
  let reason: string;
  if (Array.isArray(e.causes) && e.causes.length) {
    const head = String(e.message).split('Caused by:')[0].trim().replace(/\.+$/, '');
    reason = `${head}: ${e.causes.map((c) => firstLine(c) + at(c)).join('; ')}`;
  } else {
    // fetch() says only "fetch failed"; the cause says why (ECONNREFUSED, a timeout…).
    const cause = e.cause?.code ?? e.cause?.message;
    reason = firstLine(e) + at(e) + (cause ? `: ${cause}` : '');
  }
  return reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH)}…` : reason;
}

/**
 * Throws why `sdl` cannot serve. A throwaway gateway runs what the serving gateway's `update`
 * runs (supergraph build, API schema, query planner), with supergraph validation on even where
 * NODE_ENV=production turns it off. Checking first matters: `update` records the new composition
 * as current before building the API schema, so a failure there would leave the serving gateway
 * half-updated (and deaf to the same SDL sent again).
 */
export async function assertServableSupergraph(sdl: string): Promise<void> {
  // Each ApolloGateway otherwise starts a usage-metrics exporter to Apollo (see gateway.ts).
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const probe = new ApolloGateway({ supergraphSdl: sdl, validateSupergraph: true, logger: silent });
  try {
    await probe.load();
  } finally {
    await probe.stop();
  }
}

/** What a reader got: the content, or (HTTP 304) the same content as its previous read. */
type Read = { sdl: string } | 'unchanged';

interface Reader {
  label: string;
  read(): Promise<Read>;
  /** Starts whatever calls `check` when the source may have changed; returns its stop. */
  watch(check: () => Promise<void>): Promise<() => void>;
}

function fileReader(file: string, pollMs: number): Reader {
  const absolute = path.resolve(file);
  // ino too: an atomic rename-replace may keep size and (coarse) mtime.
  const signature = (s: Stats) => `${s.mtimeMs}:${s.size}:${s.ino}`;
  return {
    label: pathToFileURL(absolute).href,
    read: async () => ({ sdl: await readFile(absolute, 'utf8') }),
    watch: async (check) => {
      let debounce: NodeJS.Timeout | undefined;
      const soon = () => {
        clearTimeout(debounce);
        debounce = setTimeout(() => void check(), DEBOUNCE_MS);
        debounce.unref();
      };
      // The directory, not the file: a watch on the file dies when it is replaced by rename
      // (editors, `mv`, Kubernetes ConfigMap symlink swaps). Any event just triggers a read;
      // an unchanged hash costs nothing more.
      let watcher: FSWatcher | undefined;
      try {
        watcher = watch(path.dirname(absolute), { persistent: false }, soon);
        watcher.on('error', (error) => {
          log.warn(`supergraph: watching ${path.dirname(absolute)} failed (${reasonOf(error)}); polling every ${pollMs} ms only`);
          watcher?.close();
          watcher = undefined;
        });
      } catch (error) {
        log.warn(`supergraph: cannot watch ${path.dirname(absolute)} (${reasonOf(error)}); polling every ${pollMs} ms only`);
      }
      // Fallback where fs.watch is silent (network and some container filesystems).
      let last = await stat(absolute).then(signature, () => 'missing');
      const poll = setInterval(() => {
        void stat(absolute)
          .then(signature, () => 'missing')
          .then((current) => {
            if (current !== last) {
              last = current;
              soon();
            }
          });
      }, pollMs);
      poll.unref();
      return () => {
        watcher?.close();
        clearInterval(poll);
        clearTimeout(debounce);
      };
    },
  };
}

function urlReader(url: string, pollMs: number): Reader {
  const parsed = new URL(url);
  // fetch() refuses credentials in a URL: they become Basic authentication.
  const headers: Record<string, string> = {};
  if (parsed.username || parsed.password) {
    const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    parsed.username = parsed.password = '';
  }
  const target = parsed.href;
  let etag: string | undefined;
  let inFlight: AbortController | undefined;
  return {
    label: `${parsed.origin}${parsed.pathname}`,
    read: async () => {
      inFlight = new AbortController();
      try {
        const response = await fetch(target, {
          headers: etag ? { ...headers, 'if-none-match': etag } : headers,
          signal: AbortSignal.any([inFlight.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]),
        });
        if (response.status === 304 && etag) return 'unchanged';
        if (!response.ok) {
          await response.body?.cancel();
          throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
        }
        const sdl = await response.text();
        // Kept even when the content is then refused: a 304 means "still that refused one".
        etag = response.headers.get('etag') ?? undefined;
        return { sdl };
      } finally {
        inFlight = undefined;
      }
    },
    watch: async (check) => {
      let timer: NodeJS.Timeout | undefined;
      let stopped = false;
      // One request at a time: the next poll is scheduled when the previous one is done.
      const next = () => {
        if (stopped) return;
        timer = setTimeout(() => void check().finally(next), pollMs);
        timer.unref();
      };
      next();
      return () => {
        stopped = true;
        clearTimeout(timer);
        inFlight?.abort();
      };
    },
  };
}

export function createSupergraphSource(options: SupergraphSourceOptions): SupergraphSource {
  if (!options.file === !options.url) throw new Error('A supergraph source needs exactly one of `file` and `url`.');
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const reader = options.url ? urlReader(options.url, pollMs) : fileReader(options.file!, pollMs);

  let update: ((sdl: string) => void) | undefined;
  let serving: { sdl: string; hash: string } | undefined;
  const status: SupergraphStatus = { source: reader.label, loadedAt: null, hash: null, checkedAt: null, updates: 0 };
  /** Hash of the content last read; on a 304 it is still the current one. */
  let lastReadHash: string | undefined;
  /** The last content refused, and why. */
  let refused: SupergraphStatus['lastError'];
  let stopWatching: (() => void) | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  let again = false;

  const fail = (message: string, hash?: string) => {
    const repeated = status.lastError?.message === message && status.lastError.hash === hash;
    status.lastError = { at: now(), message, ...(hash ? { hash } : {}) };
    if (hash) refused = { ...status.lastError };
    // A source that stays down is logged once, not at every poll.
    if (!repeated) log.warn(`supergraph from ${reader.label} not loaded, still serving ${short(status.hash)}: ${message}`);
  };

  const check = async () => {
    let read: Read;
    try {
      read = await reader.read();
    } catch (error) {
      if (!stopped) fail(`cannot read the supergraph: ${reasonOf(error)}`);
      return;
    }
    if (stopped || !serving || !update) return;
    status.checkedAt = now();
    const sdl = read === 'unchanged' ? undefined : read.sdl;
    const hash = sdl === undefined ? lastReadHash : sha256(sdl);
    lastReadHash = hash;
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
    // Apollo's own checks run when the gateway loads it; the extra ones here.
    try {
      await options.validate?.(first.sdl);
    } catch (error) {
      throw new Error(`the supergraph from ${reader.label} is refused: ${reasonOf(error)}`, { cause: error });
    }
    update = hookOptions.update;
    serving = { sdl: first.sdl, hash: sha256(first.sdl) };
    lastReadHash = serving.hash;
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
  extra: Pick<SupergraphSourceOptions, 'validate'> = {},
): SupergraphSource {
  const url = env.PLEIADI_SUPERGRAPH_URL?.trim();
  const file = env.PLEIADI_SUPERGRAPH_PATH?.trim();
  if (url && file) throw new Error('Set PLEIADI_SUPERGRAPH_URL or PLEIADI_SUPERGRAPH_PATH, not both.');
  if (url && !/^https?:$/.test(URL.canParse(url) ? new URL(url).protocol : '')) {
    // Not echoed: it may carry credentials.
    throw new Error('PLEIADI_SUPERGRAPH_URL is not an http(s) URL.');
  }
  const rawPoll = env.PLEIADI_SUPERGRAPH_POLL_MS?.trim();
  let pollMs = DEFAULT_POLL_MS;
  if (rawPoll) {
    pollMs = /^\d+$/.test(rawPoll) ? Number(rawPoll) : NaN;
    if (!Number.isSafeInteger(pollMs) || pollMs < 100 || pollMs > 86_400_000) {
      throw new Error(`PLEIADI_SUPERGRAPH_POLL_MS=${JSON.stringify(rawPoll)} is not valid: expected milliseconds from 100 to 86400000 (default ${DEFAULT_POLL_MS}).`);
    }
  }
  return createSupergraphSource(url ? { ...extra, url, pollMs } : { ...extra, file: file || defaultFile, pollMs });
}
