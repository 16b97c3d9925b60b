// The two gateways ours is measured against, each as close to its stock form as our subgraphs
// allow. The subgraphs serve nothing without the internal token a gateway signs for each request
// (see @pleiadi/kit identity.ts), so each peer gets the smallest equivalent of what ours does:
// verify the caller's bearer JWT (the same jose check, `viewerOf`) and sign one internal token per
// request with the caller's role, partner, ambit and purpose, the operation's name and SHA-256 —
// and send it as `authorization` on every subgraph fetch. Nothing else of ours is added.
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { viewerOf, type AuthConfig } from '@pleiadi/gateway';
import { signInternalToken, type Viewer } from '@pleiadi/kit';

export interface PeerOptions {
  supergraphSdl: string;
  /** Hive only: whether identical in-flight subgraph fetches are sent once (its default: yes). */
  deduplicate?: boolean;
  subgraphUrls: Record<string, string>;
  auth: AuthConfig;
  internalSecret: string;
}

export interface RunningPeer {
  url: string;
  stop(): Promise<void>;
}

/** The internal token for one request, as ours signs it once the operation is known. */
export function internalTokenFor(viewer: Viewer, source: string | undefined, operationName: string | null | undefined, secret: string): string {
  return signInternalToken(
    {
      ...viewer,
      operationName: operationName?.slice(0, 100) ?? undefined,
      operationHash: source === undefined ? undefined : createHash('sha256').update(source).digest('hex'),
    },
    secret,
  );
}

interface StockContext {
  viewer: Viewer;
  internalToken?: string;
}

/** Stock `@apollo/gateway` + `@apollo/server` standalone, with a plain `supergraphSdl`. */
export async function startStockGateway(options: PeerOptions): Promise<RunningPeer> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource<StockContext>({
        url: options.subgraphUrls[name] ?? url,
        willSendRequest(fetch) {
          if (!('incomingRequestContext' in fetch)) return; // a health check, not an operation
          const { context, incomingRequestContext: incoming } = fetch;
          context.internalToken ??= internalTokenFor(context.viewer, incoming.source, incoming.operationName, options.internalSecret);
          fetch.request.http?.headers.set('authorization', `Bearer ${context.internalToken}`);
        },
      }),
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { host: '127.0.0.1', port: 0 },
    context: async ({ req }) => ({ viewer: await viewerOf(req.headers.authorization, options.auth) }),
  });
  return { url, stop: () => server.stop() };
}

interface HiveContext {
  internalToken?: string;
}

/**
 * Hive Gateway's runtime with its defaults (no reporting configured), served by node:http. The
 * token goes in the transport's `headers`, not through an `onFetch` hook: Hive de-duplicates
 * identical in-flight subgraph fetches by default, and only headers given to the transport are
 * part of the de-duplication key. Added in `onFetch`, they are not: tried, a partner operator
 * asking with purpose `reporting` got, alongside a concurrent one asking with `case-coordination`,
 * the other's ats cases (20 times out of 20), which alone it is refused.
 */
export async function startHiveGateway(options: PeerOptions): Promise<RunningPeer> {
  const vouch: GatewayPlugin<HiveContext> = {
    async onContextBuilding({ context, extendContext }) {
      const viewer = await viewerOf(context.request.headers.get('authorization') ?? undefined, options.auth);
      extendContext({ internalToken: internalTokenFor(viewer, context.params.query, context.params.operationName, options.internalSecret) });
    },
  };
  const headers: [string, string][] = [['authorization', 'Bearer {context.internalToken}']];
  const runtime = createGatewayRuntime<HiveContext>({
    supergraph: options.supergraphSdl,
    transportEntries: Object.fromEntries(
      Object.entries(options.subgraphUrls).map(([name, url]) => [
        name,
        { location: url, headers, ...(options.deduplicate === false && { options: { deduplicateInflightRequests: false } }) },
      ]),
    ),
    logging: 'warn',
    plugins: () => [vouch],
  });
  const server = createServer(runtime);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await runtime[Symbol.asyncDispose]();
    },
  };
}
