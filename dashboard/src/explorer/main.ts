// The GraphiQL explorer, bundled (no CDN): served by the gateway at its GraphQL URL for browsers,
// with each registered operation of schema/operations/ as an example tab and the token the caller
// signed in with on the page applied to every request (not written into the editable headers).
import 'graphiql/graphiql.css';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { claimsOf, loadConfig, registeredOperations } from '../api.ts';
import { examples } from './examples.ts';

const TOKEN_KEY = 'pleiadi.token';
const config = await loadConfig();
const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
// Served at the gateway's /graphql it posts to where it is; as a static file, to the configured URL.
const endpoint = new URL(location.pathname.endsWith('/graphql') ? location.pathname : config.graphqlUrl, location.href).href;

async function fetcher(params: unknown, options?: { headers?: Record<string, string> }): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  // Headers typed in the editor win (e.g. another token).
  Object.assign(headers, options?.headers ?? {});
  const response = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(params) });
  return response.json();
}

const claims = token ? claimsOf(token) : undefined;
const banner = document.createElement('div');
banner.className = 'pleiadi-explorer-banner';
banner.setAttribute('role', 'status');
banner.style.cssText = 'padding:4px 12px;background:#0f3a5f;color:#fff;font:14px system-ui,sans-serif';
banner.innerHTML = '';
banner.append(
  claims ? `Token applied: ${[claims.role, claims.partnerId, claims.ambit].filter(Boolean).join(' ')}${claims.purpose ? ` · ${claims.purpose}` : ''}. ` : 'No token: anonymous (sign in on the page to apply yours). ',
);
const back = document.createElement('a');
back.href = new URL('./', document.baseURI).href;
back.textContent = 'Back to the page / Torna alla pagina';
back.style.color = '#fff';
banner.append(back);
const container = document.getElementById('explorer')!;
container.style.height = 'calc(100vh - 28px)';
container.before(banner);

const tabs = Object.entries(registeredOperations()).map(([name, op]) => ({
  query: op.text,
  variables: examples[name] ? JSON.stringify(examples[name], null, 2) : null,
}));

createRoot(container).render(createElement(GraphiQL, { fetcher: fetcher as never, defaultTabs: tabs, shouldPersistHeaders: false }));
