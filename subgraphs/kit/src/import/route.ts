// The upload door of a partner's own subgraph: `POST /import/<table>` with the file as the body,
// streamed straight into the import engine. Only the gateway can call it (its internal token), and
// only for the owning partner's operator with the purpose `import`; every attempt that names a
// caller is written to the partner's audit trail.
import { Transform, type TransformCallback } from 'node:stream';
import type { Kysely } from 'kysely';
import type { Viewer } from '../context.ts';
import { sendError, sendJson, type HttpRoute } from '../http.ts';
import { verifyInternalToken } from '../identity.ts';
import { linkageKey } from '../pseudonym.ts';
import { appendAuditRows } from '../audit.ts';
import { auditImport, auditRow } from './erase.ts';
import { FORMATS, type CsvEncoding, type ImportFormat } from './readers/index.ts';
import { runImport } from './run.ts';
import type { PartnerImports } from './table.ts';

export const IMPORT_PURPOSE = 'import';
/** Largest upload (bytes); PLEIADI_IMPORT_MAX_BYTES overrides. */
export const DEFAULT_IMPORT_MAX_BYTES = 512 * 1024 * 1024;

const CONTENT_TYPES: Record<string, ImportFormat> = {
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/x-jsonlines': 'jsonl',
};

class TooLarge extends Error {}

function byteLimit(limit: number) {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen > limit) done(new TooLarge());
      else done(null, chunk);
    },
  });
}

export interface ImportRouteOptions {
  subgraph: string;
  imports: PartnerImports;
  stores: Readonly<Record<string, Kysely<unknown>>>;
  internalSecret: string;
  /** Whether the subgraph runs on the embedded demo databases (then the demo linkage key is allowed). */
  embedded: boolean;
}

export function importRoute(options: ImportRouteOptions): HttpRoute {
  const tables = new Map(options.imports.tables.map((t) => [t.name, t]));
  const maxBytes = Number(process.env.PLEIADI_IMPORT_MAX_BYTES) || DEFAULT_IMPORT_MAX_BYTES;
  return async (request, response, url) => {
    const match = /^\/import\/([a-z_-]+)$/.exec(url.pathname);
    if (!match) return false;
    if (request.method !== 'POST') {
      sendError(response, 405, 'METHOD_NOT_ALLOWED', 'Upload the file with POST.', { allow: 'POST' });
      return true;
    }
    let viewer: Viewer;
    try {
      viewer = await verifyInternalToken(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '', options.internalSecret);
    } catch {
      sendError(response, 401, 'UNAUTHENTICATED', `The ${options.subgraph} subgraph answers the PLEIADI gateway only.`);
      return true;
    }
    const table = tables.get(match[1]);
    if (!table) {
      sendError(response, 404, 'NOT_FOUND', `${options.subgraph} has no import "${match[1]}"; its tables: ${[...tables.keys()].join(', ')}.`);
      return true;
    }
    const store = options.imports.storeFor(viewer);
    if (viewer.role !== 'partner' || viewer.purpose !== IMPORT_PURPOSE || !store || !options.stores[store]) {
      // A named caller who may not import is recorded too: the trail shows refused attempts.
      if (viewer.role !== 'anonymous' && options.imports.audited) {
        const main = Object.keys(options.stores)[0];
        await appendAuditRows(options.stores[store ?? main], [auditRow(options.subgraph, store ?? main, viewer, `import:${table.name}`, {}, 'FORBIDDEN')]).catch(() => {});
      }
      sendError(response, 403, 'FORBIDDEN', `Only ${options.imports.title}'s own operators, with the purpose "${IMPORT_PURPOSE}", may import into ${options.subgraph}.`);
      return true;
    }
    const contentType = (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const format = (url.searchParams.get('format') ?? CONTENT_TYPES[contentType]) as ImportFormat | undefined;
    if (!format || !FORMATS.includes(format)) {
      sendError(response, 415, 'UNSUPPORTED_MEDIA_TYPE', `Send text/csv, the XLSX media type or application/x-ndjson (or ?format=${FORMATS.join('|')}).`);
      return true;
    }
    const encoding = url.searchParams.get('encoding') ?? undefined;
    if (encoding && encoding !== 'utf-8' && encoding !== 'windows-1252') {
      sendError(response, 400, 'BAD_REQUEST', 'encoding must be utf-8 or windows-1252.');
      return true;
    }
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) {
      sendError(response, 413, 'PAYLOAD_TOO_LARGE', `Uploads are limited to ${maxBytes} bytes.`);
      return true;
    }
    const flag = (name: string) => ['1', 'true', 'yes'].includes(url.searchParams.get(name) ?? '');
    const db = options.stores[store];
    let key: string;
    try {
      key = linkageKey({ embedded: options.embedded });
    } catch (error) {
      sendError(response, 503, 'NOT_CONFIGURED', (error as Error).message);
      return true;
    }
    try {
      const report = await runImport(
        db,
        table,
        request.pipe(byteLimit(maxBytes)),
        { format, encoding: encoding as CsvEncoding | undefined, dryRun: flag('dryRun'), allOrNothing: flag('allOrNothing') },
        { linkageKey: key, store },
      );
      await auditImport(db, options.imports, store, viewer, report);
      sendJson(response, 200, { subgraph: options.subgraph, store, ...report });
    } catch (error) {
      if (error instanceof TooLarge || (error as { cause?: unknown })?.cause instanceof TooLarge) {
        sendError(response, 413, 'PAYLOAD_TOO_LARGE', `Uploads are limited to ${maxBytes} bytes; nothing past the limit was read.`);
      } else {
        // Never the error's text: a driver message may quote a value.
        sendError(response, 500, 'INTERNAL_SERVER_ERROR', `The ${options.subgraph} import failed; batches already reported were kept, nothing was half-written.`);
      }
    }
    return true;
  };
}
