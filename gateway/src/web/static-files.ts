// Files of a built web page, read from a folder and served with their type; never a path outside it.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
};

/** The file under `root` that `relative` names, or undefined (absent, a folder, or outside `root`). */
export async function fileUnder(root: string, relative: string): Promise<string | undefined> {
  const file = path.resolve(root, `.${path.posix.normalize(`/${relative}`)}`);
  if (path.relative(root, file).startsWith('..')) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

/**
 * Sends a file. Hashed assets (Vite's `assets/` names change with their content) are cached for a
 * year; pages are revalidated every time, so a rebuilt page is seen at once.
 */
export async function sendFile(response: ServerResponse, file: string, method: string, transform?: (text: string) => string, cacheable = true): Promise<void> {
  const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
  const immutable = file.includes(`${path.sep}assets${path.sep}`);
  let body: Buffer | string = await readFile(file);
  if (transform) body = transform(body.toString('utf8'));
  response.writeHead(200, {
    'content-type': type,
    'content-length': String(Buffer.byteLength(body)),
    // A page holding per-run settings (demo tokens) is never stored.
    'cache-control': !cacheable ? 'no-store' : immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
    // The page and the explorer load nothing but their own files and talk only to this gateway.
    'content-security-policy': "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
  });
  response.end(method === 'HEAD' ? undefined : body);
}
