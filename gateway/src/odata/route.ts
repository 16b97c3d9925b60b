// /odata/: an OData v4 service over the aggregate tables (entity-sets.ts) for Power BI, Excel and
// any OData client — service document, $metadata, collections with $filter, $select, $orderby,
// $top, $skip, $count and server-driven paging (@odata.nextLink), /$count. Every request runs as
// its caller (a BI key, a bearer token, or anonymous) through the gateway's own pipeline.
import { createHash } from 'node:crypto';
import type { HttpRoute, Viewer } from '@pleiadi/kit';
import { FeedError, feedViewerOf } from '../auth/bi-keys.ts';
import { notModified } from '../bi/etag.ts';
import { anonymousChallenge, sendFeedError, type FeedDeps } from '../bi/routes.ts';
import { entitySets, unknownSet, type EntitySet } from './entity-sets.ts';
import { matches, pinnedValues } from './filter.ts';
import { metadataXml, serviceDocument } from './metadata.ts';
import { queryOptions, type QueryOptions } from './query-options.ts';
import type { RowContext } from './types.ts';

/** Rows per response page unless the client prefers fewer (Prefer: odata.maxpagesize). */
export const ODATA_PAGE_SIZE = 1000;
const ODATA_HEADERS = { 'odata-version': '4.0' };
const JSON_TYPE = 'application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8';

function compareRows(orderBy: QueryOptions['orderBy']) {
  return (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const { property, descending } of orderBy) {
      const [x, y] = [a[property], b[property]];
      // nulls first ascending, as OData specifies.
      const c = x === y ? 0 : x == null ? -1 : y == null ? 1 : typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1;
      if (c) return descending ? -c : c;
    }
    return 0;
  };
}

interface PageOf {
  rows: Record<string, unknown>[];
  total: number;
  more: boolean;
}

async function pageOf(deps: FeedDeps, caller: Pick<RowContext, 'viewer' | 'requestScope'>, set: EntitySet, options: QueryOptions, size: number): Promise<PageOf> {
  const want = options.top === undefined ? size : Math.min(options.top, size);
  const stream = set.rows({ deps, ...caller, pinned: (property) => pinnedValues(options.filter, property) });
  const keep = (row: Record<string, unknown>) => !options.filter || matches(options.filter, row);
  if (options.orderBy.length) {
    // Sorting needs every matching row: these are aggregate tables of bounded size.
    const all: Record<string, unknown>[] = [];
    for await (const page of stream) all.push(...page.filter(keep));
    all.sort(compareRows(options.orderBy));
    return { rows: all.slice(options.skip, options.skip + want), total: all.length, more: all.length > options.skip + want };
  }
  const rows: Record<string, unknown>[] = [];
  let matched = 0;
  outer: for await (const page of stream) {
    for (const row of page) {
      if (!keep(row)) continue;
      if (matched >= options.skip && matched < options.skip + want) rows.push(row);
      matched += 1;
      // Without $count, one row past the page is enough to know there is a next one.
      if (!options.count && matched > options.skip + want) break outer;
    }
  }
  return { rows, total: matched, more: matched > options.skip + want };
}

function maxPageSize(prefer: string | undefined): number {
  const preference = prefer?.split(',').map((p) => p.trim().split('=')).find(([name]) => name.toLowerCase() === 'odata.maxpagesize');
  const size = Number(preference?.[1]);
  return Number.isSafeInteger(size) && size > 0 ? Math.min(size, ODATA_PAGE_SIZE) : ODATA_PAGE_SIZE;
}

export function odataRoute(deps: FeedDeps): HttpRoute {
  // The entity sets of the registered tables now served (rebuilt when they change with a reload).
  let built: { of: unknown; sets: Map<string, EntitySet> } | undefined;
  return async (request, response, url, requestScope) => {
    if (url.pathname !== '/odata' && !url.pathname.startsWith('/odata/')) return false;
    let viewer: Viewer | undefined;
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') throw new FeedError(405, 'METHOD_NOT_ALLOWED', 'The OData service is read-only: GET only.', { allow: 'GET' });
      const { operations } = deps.tables();
      if (built?.of !== operations) built = { of: operations, sets: entitySets(operations) };
      const sets = built.sets;
      const root = `${url.protocol}//${request.headers.host ?? 'localhost'}/odata`;
      const segments = url.pathname.split('/').slice(2).filter(Boolean).map(decodeURIComponent);
      if (segments.length === 0) {
        response.writeHead(200, { ...ODATA_HEADERS, 'content-type': JSON_TYPE });
        response.end(JSON.stringify(serviceDocument(root, sets)));
        return true;
      }
      if (segments.length === 1 && segments[0] === '$metadata') {
        response.writeHead(200, { ...ODATA_HEADERS, 'content-type': 'application/xml; charset=utf-8' });
        response.end(metadataXml(sets));
        return true;
      }
      const set = sets.get(segments[0]);
      if (!set) throw unknownSet(segments[0], sets);
      const countOnly = segments.length === 2 && segments[1] === '$count';
      if (segments.length > 2 || (segments.length === 2 && !countOnly)) throw new FeedError(404, 'NOT_FOUND', `Only /odata/${set.name} and /odata/${set.name}/$count are served.`);
      viewer = await feedViewerOf(request.headers.authorization, `odata:${set.name}`, deps.verifier);
      const options = queryOptions(url.searchParams, set);
      if (countOnly) {
        const { total } = await pageOf(deps, { viewer, requestScope }, set, { ...options, count: true, top: 0, skip: 0 }, ODATA_PAGE_SIZE);
        response.writeHead(200, { ...ODATA_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
        response.end(String(total));
        return true;
      }
      const prefer = [request.headers.prefer].flat().join(',');
      const size = maxPageSize(prefer);
      const page = await pageOf(deps, { viewer, requestScope }, set, options, size);
      const taken = page.rows.length;
      const body: Record<string, unknown> = {
        '@odata.context': `${root}/$metadata#${set.name}${options.select ? `(${options.select.join(',')})` : ''}`,
      };
      if (options.count) body['@odata.count'] = page.total;
      body.value = options.select ? page.rows.map((row) => Object.fromEntries(options.select!.map((p) => [p, row[p] ?? null]))) : page.rows;
      if (page.more && (options.top === undefined || options.top > taken)) {
        const next = new URL(url.pathname + url.search, root);
        next.searchParams.set('$skip', String(options.skip + taken));
        if (options.top !== undefined) next.searchParams.set('$top', String(options.top - taken));
        body['@odata.nextLink'] = next.toString();
      }
      // A page is produced whole, so its ETag is simply the digest of its bytes (see bi/etag.ts).
      // Encoded once, for the digest and the answer alike (see endWithText in the kit's http.ts).
      const bytes = Buffer.from(JSON.stringify(body), 'utf8');
      const etag = `"${createHash('sha256').update(bytes).digest('base64url')}"`;
      const headers = { ...ODATA_HEADERS, etag, 'cache-control': 'private, no-cache', vary: 'authorization', ...(size < ODATA_PAGE_SIZE || prefer ? { 'preference-applied': `odata.maxpagesize=${size}` } : {}) };
      if (request.headers['if-none-match'] && notModified({ 'if-none-match': request.headers['if-none-match'] }, { etag, since: new Date() })) {
        response.writeHead(304, headers);
        response.end();
        return true;
      }
      response.writeHead(200, { ...headers, 'content-type': JSON_TYPE });
      response.end(bytes);
    } catch (error) {
      if (response.headersSent) response.destroy();
      else sendFeedError(response, anonymousChallenge(error, viewer), true);
    }
    return true;
  };
}
