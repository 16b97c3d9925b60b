// The web door: the regional tables' page (dashboard/, built by Vite) under /app/, and the GraphiQL
// explorer for browsers at the GraphQL URL itself (GET /graphql asking for HTML), instead of
// Apollo's landing page, which loads from a CDN. Both read the graph through /graphql like any
// other client, with registered operations and the caller's own bearer token.
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REPOSITORY_ROOT, sendError, sendJson, type HttpRoute } from '@pleiadi/kit';
import { fileUnder, sendFile } from './static-files.ts';

export interface DemoToken {
  label: string;
  role: string;
  purpose?: string;
  token: string;
}

export interface WebOptions {
  /** The built page (default PLEIADI_WEB_DIR, else dashboard/dist). */
  dir?: string;
  /**
   * Demo tokens the sign-in offers, marked as demo. Only the embedded default (`npm start`, signing
   * with its own local secret) passes them; a deployment never does.
   */
  demoTokens?: () => Promise<DemoToken[]>;
}

export const PAGE_PATH = '/app/';
const DEFAULT_DIR = path.join(REPOSITORY_ROOT, 'dashboard', 'dist');

const wantsHtml = (request: IncomingMessage) => /\btext\/html\b/.test(request.headers.accept ?? '');
/** A browser opening the GraphQL URL, not a client sending an operation by GET. */
const opensExplorer = (request: IncomingMessage, url: URL) =>
  wantsHtml(request) && !url.searchParams.has('query') && !url.searchParams.has('extensions') && !url.searchParams.has('operationName');

export function webRoute(options: WebOptions = {}, env: NodeJS.ProcessEnv = process.env): HttpRoute {
  const dir = path.resolve(options.dir ?? env.PLEIADI_WEB_DIR ?? DEFAULT_DIR);
  const notBuilt = (response: ServerResponse) =>
    sendError(response, 503, 'PAGE_NOT_BUILT', `The web page is not built (no ${dir}): run \`npm run build -w @pleiadi/dashboard\`, or restart \`npm start\`, which builds it.`);

  const pageConfig = async () => {
    const demoTokens = options.demoTokens ? await options.demoTokens() : undefined;
    return { graphqlUrl: '/graphql', healthUrl: '/health', explorerUrl: '/graphql', ...(demoTokens && { demoTokens }) };
  };

  return async (request, response, url) => {
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') return false;
    const { pathname } = url;
    if ((pathname === '/graphql' || pathname === '/') && opensExplorer(request, url)) {
      if (pathname === '/') {
        response.writeHead(302, { location: PAGE_PATH }).end();
        return true;
      }
      const file = await fileUnder(dir, 'explorer.html');
      if (!file) {
        notBuilt(response);
        return true;
      }
      // The explorer's assets are the page's: resolve them under /app/.
      await sendFile(response, file, method, (html) => html.replace('<head>', `<head>\n    <base href="${PAGE_PATH}" />`));
      return true;
    }
    if (pathname === '/app') {
      response.writeHead(301, { location: PAGE_PATH }).end();
      return true;
    }
    if (!pathname.startsWith(PAGE_PATH)) return false;
    const relative = decodeURIComponent(pathname.slice(PAGE_PATH.length)) || 'index.html';
    if (relative === 'config.json') {
      sendJson(response, 200, await pageConfig(), { 'cache-control': 'no-store' });
      return true;
    }
    if (relative === 'build-manifest.json') return false;
    const file = await fileUnder(dir, relative);
    if (file && relative === 'index.html') {
      // The page's settings inline (a data block, never run): one round trip less before it asks the graph.
      const config = JSON.stringify(await pageConfig()).replace(/</g, '\\u003c');
      await sendFile(response, file, method, (html) => html.replace('</head>', `  <script type="application/json" id="pleiadi-config">${config}</script>\n  </head>`), false);
      return true;
    }
    if (file) {
      await sendFile(response, file, method);
      return true;
    }
    if (!(await fileUnder(dir, 'index.html'))) notBuilt(response);
    else sendError(response, 404, 'NOT_FOUND', `No ${pathname} in the web page.`);
    return true;
  };
}
