// The differential harness: starts the four subgraphs of subgraphs.ts, composes them with
// @apollo/composition, serves the supergraph through stock @apollo/gateway + @apollo/server (no
// plugins) and through ours (`startGateway`, contracts off) in every variant — response cache
// on/off × subgraph fetch sharing (in-flight sharing, distinct representations) on/off — and
// compares what each role (anonymous, bi, region, partner) gets.
//
// Compared: HTTP status, `data` (absent and null differ) and `errors` as message, path and
// extensions.code. Errors are compared as a multiset (sorted): GraphQL gives their order no meaning.
import { randomUUID } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authConfigFromEnvironment } from '../../src/auth/caller.ts';
import { mintToken } from '../../src/auth/tokens.ts';
import type { GatewayConfig } from '../../src/config.ts';
import { startGateway } from '../../src/server.ts';
import { SUBGRAPHS, startSubgraph, type RunningSubgraph, type SubgraphName } from './subgraphs.ts';

export const ROLES = ['anonymous', 'bi', 'region', 'partner'] as const;
export type Role = (typeof ROLES)[number];

export interface Variant {
  label: string;
  cache: boolean;
  shareInFlight: boolean;
  distinctRepresentations: boolean;
}
const variant = (cache: boolean, shareInFlight: boolean, distinctRepresentations: boolean): Variant => ({
  label: `cache ${cache ? 'on' : 'off'}, sharing ${shareInFlight ? 'on' : 'off'}, distinct ${distinctRepresentations ? 'on' : 'off'}`,
  cache,
  shareInFlight,
  distinctRepresentations,
});
/**
 * Response cache on/off × subgraph fetch optimisations (in-flight sharing and distinct
 * representations) all on/all off; PLEIADI_COMPAT_FULL=1 crosses the two optimisations too
 * (8 gateways instead of 4, twice the time).
 */
export const VARIANTS: Variant[] = [true, false].flatMap((cache) =>
  process.env.PLEIADI_COMPAT_FULL === '1'
    ? [true, false].flatMap((share) => [true, false].map((distinct) => variant(cache, share, distinct)))
    : [variant(cache, true, true), variant(cache, false, false)],
);

const JWT_SECRET = 'x'.repeat(32);
const INTERNAL_SECRET = 'y'.repeat(32);
/** Our response cache's upper bound when on (the subgraphs' hints are 1 to 60 s). */
const CACHE_TTL_SECONDS = 60;

export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** GET (query string) instead of POST (JSON body). */
  get?: boolean;
}

export interface Outcome {
  status: number;
  data: unknown;
  errors?: { message: string; path?: (string | number)[]; code?: unknown }[];
}

/** A place to send operations to as one role: stock or one variant of ours. */
export type Send = (operation: Operation) => Promise<Outcome>;

export interface Compat {
  supergraphSdl: string;
  stock: (role: Role) => Send;
  ours: (variant: Variant, role: Role) => Send;
}

const ABSENT = '<absent>';

export function normalize(status: number, body: { data?: unknown; errors?: Record<string, unknown>[] }): Outcome {
  const errors = body.errors
    ?.map((e) => ({
      message: String(e.message),
      ...(e.path !== undefined && { path: e.path as (string | number)[] }),
      code: (e.extensions as { code?: unknown } | undefined)?.code,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { status, data: 'data' in body ? body.data : ABSENT, ...(errors && { errors }) };
}

async function post(url: string, token: string | undefined, operation: Operation): Promise<Outcome> {
  const { query, variables, operationName } = operation;
  const authorization = token ? { authorization: `Bearer ${token}` } : undefined;
  const response = operation.get
    ? await fetch(`${url}?${new URLSearchParams({ query, ...(variables && { variables: JSON.stringify(variables) }), ...(operationName && { operationName }) })}`, {
        // Apollo Server's CSRF prevention lets a GET through with this header.
        headers: { 'apollo-require-preflight': 'true', ...authorization },
      })
    : await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorization },
        body: JSON.stringify({ query, variables, operationName }),
      });
  const text = await response.text();
  try {
    return normalize(response.status, JSON.parse(text));
  } catch {
    return { status: response.status, data: ABSENT, errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
}

/** Composes the running subgraphs (their real URLs in the supergraph); throws on composition errors. */
export function compose(subgraphs: RunningSubgraph[]): string {
  const result = composeServices(subgraphs.map(({ name, typeDefs, url }) => ({ name, typeDefs: parse(typeDefs), url })));
  if (result.errors) throw new Error(`composition failed: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.supergraphSdl;
}

/**
 * Starts everything in `beforeAll` and stops it in `afterAll` of the calling file; the returned
 * function gives the running setup inside tests.
 */
export function useCompat(): () => Compat {
  let compat: Compat | undefined;
  const stops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    process.env.APOLLO_TELEMETRY_DISABLED = 'true';
    const subgraphs = await Promise.all((Object.keys(SUBGRAPHS) as SubgraphName[]).map(startSubgraph));
    stops.push(...subgraphs.map((s) => s.stop));
    const supergraphSdl = compose(subgraphs);

    const tokens: Record<Role, string | undefined> = {
      anonymous: undefined,
      bi: await mintToken({ role: 'bi', subject: 'analyst-1' }, JWT_SECRET),
      region: await mintToken({ role: 'region', subject: 'officer-1', ambit: 'ROMAGNA' }, JWT_SECRET),
      partner: await mintToken({ role: 'partner', partnerId: 'acme', subject: 'operator-1' }, JWT_SECRET),
    };

    // Stock: Apollo Gateway over the same supergraph, Apollo Server with no plugins of ours.
    const stockServer = new ApolloServer({ gateway: new ApolloGateway({ supergraphSdl }) });
    const { url: stockUrl } = await startStandaloneServer(stockServer, { listen: { port: 0, host: '127.0.0.1' } });
    stops.push(() => stockServer.stop());

    const auth = authConfigFromEnvironment({ PLEIADI_JWT_SECRET: JWT_SECRET });
    const ourUrls = new Map<Variant, string>();
    for (const variant of VARIANTS) {
      const config: GatewayConfig = {
        port: 0,
        supergraphSdl,
        subgraphUrls: {},
        auth,
        internalSecret: INTERNAL_SECRET,
        // Stock Apollo Server answers introspection outside production; ours when told to.
        introspection: true,
        responseCacheTtlSeconds: variant.cache ? CACHE_TTL_SECONDS : 0,
        subgraphFetch: { shareInFlight: variant.shareInFlight, distinctRepresentations: variant.distinctRepresentations },
        // The supergraph has no PLEIADI tags: served without API contracts (issue 12), "exactly
        // like stock @apollo/gateway plus auth".
        contracts: false,
      };
      const gateway = await startGateway(config);
      stops.push(() => gateway.stop());
      ourUrls.set(variant, gateway.url);
    }

    compat = {
      supergraphSdl,
      // Stock ignores the token; it is sent anyway, so both see the same requests.
      stock: (role) => (operation) => post(stockUrl, tokens[role], operation),
      ours: (variant, role) => (operation) => post(ourUrls.get(variant)!, tokens[role], operation),
    };
  });
  afterAll(async () => {
    // Gateways first (they were started after the subgraphs), then the subgraphs.
    for (const stop of stops.reverse()) await stop().catch(() => {});
  });
  return () => {
    if (!compat) throw new Error('The compat setup did not start (see the error of beforeAll).');
    return compat;
  };
}

export interface QueryCase extends Operation {
  name: string;
  /** Checks stock's own answer, so a case cannot pass by both gateways being empty-handed. */
  stock?: (outcome: Outcome) => void;
  /** Where stock is wrong and ours is right: what ours answers instead of stock's answer. */
  oursInstead?: (stock: Outcome) => Outcome;
}

/**
 * One describe per case, one test per variant of ours: every role asks the operation (twice with
 * the response cache on) and must get what stock answers that role.
 */
export function differential(setup: () => Compat, cases: QueryCase[]): void {
  for (const c of cases) {
    describe(c.name, () => {
      let stock: Promise<Record<Role, Outcome>> | undefined;
      const stockAnswers = () =>
        (stock ??= (async () => {
          const answers = {} as Record<Role, Outcome>;
          for (const role of ROLES) answers[role] = await setup().stock(role)(c);
          return answers;
        })());
      it('stock answers as the case expects', async () => {
        const answers = await stockAnswers();
        c.stock?.(answers.anonymous);
        for (const role of ROLES) expect(answers[role], role).toEqual(answers.anonymous);
      });
      it.each(VARIANTS)('ours ($label) answers every role as stock', async (variant) => {
        const expected = await stockAnswers();
        const got: Record<string, Outcome> = {};
        const want: Record<string, Outcome> = {};
        // Roles side by side; with the cache on, each asks twice in a row (the second answer may be a cached one).
        const attempts = variant.cache ? ['first', 'again'] : ['first'];
        await Promise.all(
          ROLES.map(async (role) => {
            for (const attempt of attempts) got[`${role} (${attempt})`] = await setup().ours(variant, role)(c);
          }),
        );
        for (const role of ROLES) for (const attempt of attempts) want[`${role} (${attempt})`] = c.oursInstead?.(expected[role]) ?? expected[role];
        expect(got).toEqual(want);
      });
    });
  }
}

/**
 * What a stateful scenario observes, through one gateway as one role, with its own fresh run id;
 * `as` sends through the same gateway as another role.
 */
export type Scenario = (send: Send, run: string, as: (role: Role) => Send) => Promise<unknown>;

/** The observation with the run id replaced, so runs with different ids compare equal. */
async function observe(scenario: Scenario, as: (role: Role) => Send, role: Role): Promise<unknown> {
  const run = `run-${randomUUID().slice(0, 8)}`;
  const observation = await scenario(as(role), run, as);
  return JSON.parse(JSON.stringify(observation ?? null).replaceAll(run, '<run>'));
}

/**
 * A stateful scenario (mutations, reads after them) run through stock once per role and through
 * every variant of ours per role, each run with its own state (the run id keys it): every
 * observation must equal stock's. `expectStock` pins what stock observes.
 */
export interface ScenarioOptions {
  /** Variants run at the same time (scenarios that mostly wait). */
  concurrentVariants?: boolean;
  /** Roles one after the other, for scenarios on state all runs share; else side by side. */
  sequentialRoles?: boolean;
}

export function scenario(setup: () => Compat, name: string, run: Scenario, expectStock: (observation: unknown) => void, options: ScenarioOptions = {}): void {
  // Roles run side by side by default (each with its own state): callers of different roles at once.
  const observeAll = async (send: (role: Role) => Send) => {
    const observations: Record<string, unknown> = {};
    if (options.sequentialRoles) for (const role of ROLES) observations[role] = await observe(run, send, role);
    else await Promise.all(ROLES.map(async (role) => (observations[role] = await observe(run, send, role))));
    return observations as Record<Role, unknown>;
  };
  describe(name, () => {
    let stock: Promise<Record<Role, unknown>> | undefined;
    const stockObservations = () => (stock ??= observeAll((role) => setup().stock(role)));
    it('stock observes what the case expects', async () => {
      const observations = await stockObservations();
      for (const role of ROLES) expectStock(observations[role]);
    });
    (options.concurrentVariants ? it.concurrent : it).each(VARIANTS)('ours ($label) observes, for every role, what stock does', async (variant) => {
      const expected = await stockObservations();
      expect(await observeAll((role) => setup().ours(variant, role))).toEqual(expected);
    });
  });
}

/** Runs `n` copies of an operation at once. */
export const concurrently = (send: Send, operation: Operation, n: number) => Promise.all(Array.from({ length: n }, () => send(operation)));

/** A field of an outcome's data (undefined when there is none), for scenarios' observations. */
export function field<T = unknown>(outcome: Outcome, name: string): T | undefined {
  return (outcome.data as Record<string, T> | null | undefined)?.[name];
}

/** An outcome's data, asserting first that it came without errors: for cases' `stock` checks. */
export function dataOf(outcome: Outcome): Record<string, unknown> {
  expect(outcome.errors).toBeUndefined();
  return outcome.data as Record<string, unknown>;
}
