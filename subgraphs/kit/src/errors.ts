// Stable error codes every subgraph (and the gateway) answers with. Clients switch on
// `extensions.code`; messages are for people and never carry personal data.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** A partner's database could not be reached: only the fields that need it fail. */
  DATA_SOURCE_UNAVAILABLE: 'DATA_SOURCE_UNAVAILABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A caller's mistake: a malformed code, an impossible filter, a page size out of bounds. */
export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, ...(argument ? { argument } : {}) },
  });
}

export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.FORBIDDEN } });
}

/** True for errors raised on purpose with one of our codes; anything else is unexpected. */
export function hasStableCode(error: unknown): boolean {
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR;
}

// Connection-level failures of a database: refused, dropped, shutting down, not accepting yet.
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '3D000']);

export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string; errors?: unknown[] } | undefined;
  if (!e) return false;
  if (e.code && CONNECTION_CODES.has(e.code)) return true;
  if (Array.isArray(e.errors) && e.errors.some(isConnectionError)) return true;
  return /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|PGlite is closed|driver has already been destroyed/i.test(e.message ?? '');
}

/** The error a field gets when the database it needs is down; names the owner, never the address. */
export function dataSourceUnavailable(owner: string, store?: string): GraphQLError {
  return new GraphQLError(`The ${owner} database${store ? ` for ${store}` : ''} is unavailable; fields that need it are null in this response.`, {
    extensions: { code: ErrorCode.DATA_SOURCE_UNAVAILABLE, ...(store ? { store } : {}) },
  });
}
