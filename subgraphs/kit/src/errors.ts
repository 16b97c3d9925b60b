// Stable error codes every subgraph (and the gateway) answers with. Clients switch on
// `extensions.code`; messages are for people and never carry personal data.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
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
