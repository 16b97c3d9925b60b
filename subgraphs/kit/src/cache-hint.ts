// The Cache-Control hint of a subgraph's answers, for the gateway's response cache (it keeps an
// answer no longer than the smallest max-age behind it): what every caller of a role gets alike
// may be reused for PLEIADI_CACHE_MAX_AGE seconds; a partner operator's answers (their own records,
// their grants), an answer with errors, and one a resolver keeps from shared caches, never.
// Apollo's cache-control plugin reached the same header from per-field hints that no schema here
// sets, through a hook on every field of every answer; it is turned off.
import type { GraphQLResponse } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';

const kept = new WeakSet<object>();

/** This request's answer must not be reused for anyone (e.g. exact figures, whose every read is audited). */
export function keepFromSharedCaches(context: object): void {
  kept.add(context);
}

/** The Cache-Control header of an answer. */
export function cacheControlOf(maxAge: number, answer: { privateToCaller: boolean; hasErrors: boolean }): string {
  return maxAge > 0 && !answer.privateToCaller && !answer.hasErrors ? `max-age=${maxAge}, public` : 'no-store';
}

/** Sets the answer's Cache-Control header; called once the answer is final (after its audit trail). */
export function setCacheControl(maxAge: number, contextValue: { viewer?: { role: string } } | undefined, response: GraphQLResponse): void {
  const hasErrors = response.body.kind !== 'single' || Boolean(response.body.singleResult.errors?.length);
  const privateToCaller = contextValue?.viewer?.role === 'partner' || (contextValue !== undefined && kept.has(contextValue));
  response.http.headers.set('cache-control', cacheControlOf(maxAge, { privateToCaller, hasErrors }));
}

/** Apollo's cache-control plugin, off (Apollo Server installs it unless told otherwise). */
export const cacheControlPluginOff = ApolloServerPluginCacheControlDisabled;
