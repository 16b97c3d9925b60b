// Where supergraphs come from: a watched file or a polled URL. A reader only reads and says when
// to look again; whether what it read may serve is decided in source.ts.
import { watch, type FSWatcher, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '@pleiadi/kit';
import { reasonOf } from './servable.ts';

const log = createLogger('gateway');
/** Rewrites come in bursts (truncate, write, rename): one reload after the last event. */
export const DEBOUNCE_MS = 200;
const FETCH_TIMEOUT_MS = 10_000;

/** What a reader got: the content, or (HTTP 304) the same content as its previous read. */
export type Read = { sdl: string } | 'unchanged';

export interface Reader {
  label: string;
  read(): Promise<Read>;
  /** Starts whatever calls `check` when the source may have changed; returns its stop. */
  watch(check: () => Promise<void>): Promise<() => void>;
}

export function fileReader(file: string, pollMs: number): Reader {
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

export function urlReader(url: string, pollMs: number): Reader {
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
