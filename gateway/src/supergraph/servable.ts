// Whether a supergraph can serve at all, before any subgraph is asked: Apollo's own build of it
// (supergraph validation, API schema, query planner), and one-line reasons for the log and /health.
import { ApolloGateway } from '@apollo/gateway';

const MAX_REASON_LENGTH = 1_000;
const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

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
