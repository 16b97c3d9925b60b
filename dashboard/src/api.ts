// The page reads the graph like any client: registered operations (schema/operations/) sent by
// name and hash over GET, with the caller's bearer token; /health for the partners' state.
import operations from 'virtual:pleiadi-operations';

export interface DemoToken {
  label: string;
  role: string;
  purpose?: string;
  token: string;
}

export interface PageConfig {
  /** The gateway's GraphQL endpoint, absolute or relative to the page. */
  graphqlUrl: string;
  healthUrl: string;
  /** Where the GraphiQL explorer is: the gateway's /graphql, or explorer.html beside the page. */
  explorerUrl?: string;
  /** Offered only by the embedded default (`npm start`); absent in any deployment. */
  demoTokens?: DemoToken[];
}

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; serviceName?: string; subgraphs?: string[] } & Record<string, unknown>;
}

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: GraphQLError[];
  status: number;
}

let config: PageConfig = { graphqlUrl: '/graphql', healthUrl: '/health' };

/** config.json beside the page: the gateway serves its own; a static deployment ships one. */
export async function loadConfig(): Promise<PageConfig> {
  // The gateway writes the settings into the page itself; a static deployment ships config.json.
  const inline = document.getElementById('pleiadi-config')?.textContent;
  if (inline) return (config = { ...config, ...(JSON.parse(inline) as Partial<PageConfig>) });
  const response = await fetch('./config.json', { cache: 'no-store' }).catch(() => undefined);
  if (response?.ok) config = { ...config, ...((await response.json()) as Partial<PageConfig>) };
  return config;
}

export const pageConfig = () => config;

export function operationText(name: string): string {
  const operation = operations[name];
  if (!operation) throw new Error(`${name} is not a registered operation`);
  return operation.text;
}

export const registeredOperations = () => operations;

/** Runs a registered operation by name and hash, as a persisted-query GET. */
export async function run<T>(name: string, variables: Record<string, unknown>, token: string | undefined): Promise<GraphQLAnswer<T>> {
  const operation = operations[name];
  if (!operation) throw new Error(`${name} is not a registered operation`);
  const url = new URL(config.graphqlUrl, location.href);
  url.searchParams.set('operationName', name);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: operation.hash } }));
  const headers: Record<string, string> = { accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { headers });
  const body = (await response.json().catch(() => ({ errors: [{ message: `HTTP ${response.status}` }] }))) as Omit<GraphQLAnswer<T>, 'status'>;
  return { ...body, status: response.status };
}

export type PartnerHealth = Record<string, { status: 'up' | 'down'; breaker?: string }>;

export async function health(): Promise<PartnerHealth> {
  const response = await fetch(new URL(config.healthUrl, location.href), { cache: 'no-store' });
  const body = (await response.json()) as { subgraphs?: PartnerHealth };
  return body.subgraphs ?? {};
}

/** The claims of a token, read (not verified: the gateway verifies) to label the page. */
export function claimsOf(token: string): { role?: string; purpose?: string; partnerId?: string; ambit?: string; exp?: number } {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0)))) as ReturnType<typeof claimsOf>;
  } catch {
    return {};
  }
}

/** The partners (subgraphs) an answer's errors name as not having answered. */
export function partnersMissing(errors: GraphQLError[] | undefined): string[] {
  const names = new Set<string>();
  for (const error of errors ?? []) {
    if (error.extensions?.serviceName) names.add(error.extensions.serviceName);
    for (const name of error.extensions?.subgraphs ?? []) names.add(name);
  }
  return [...names].sort();
}

/** One line of an import's rejects report; the value of a personal column comes back withheld. */
export interface ImportReject {
  row: number;
  column?: string;
  value: string;
  code: string;
  message: string;
}

/** The upload door's answer (subgraphs/kit/src/import/table.ts ImportReport, with its subgraph and store). */
export interface ImportAnswer {
  subgraph: string;
  table: string;
  format: string;
  dryRun: boolean;
  allOrNothing: boolean;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  rejects: ImportReject[];
  rejectCount: number;
  committed: boolean;
  fileRefused: boolean;
}

export interface ImportRefusal {
  status: number;
  error: { code: string; message: string };
}

/** Sends a file to the gateway's upload door, `POST /import/<subgraph>/<table>`, beside its GraphQL URL. */
export async function uploadFile(
  subgraph: string,
  table: string,
  body: Blob,
  contentType: string,
  options: { format: string; dryRun: boolean; allOrNothing: boolean },
  token: string | undefined,
): Promise<ImportAnswer | ImportRefusal> {
  const url = new URL(`/import/${encodeURIComponent(subgraph)}/${encodeURIComponent(table)}`, new URL(config.graphqlUrl, location.href));
  url.searchParams.set('format', options.format);
  if (options.dryRun) url.searchParams.set('dryRun', 'true');
  if (options.allOrNothing) url.searchParams.set('allOrNothing', 'true');
  const headers: Record<string, string> = { 'content-type': contentType, accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method: 'POST', headers, body });
  const answer = (await response.json().catch(() => undefined)) as (ImportAnswer & GraphQLAnswer<never>) | undefined;
  if (response.ok && answer && Array.isArray(answer.rejects)) return answer;
  // sendError's shape: { errors: [{ message, extensions: { code } }] }.
  const problem = answer?.errors?.[0];
  return { status: response.status, error: { code: String(problem?.extensions?.code ?? `HTTP_${response.status}`), message: problem?.message ?? response.statusText } };
}
