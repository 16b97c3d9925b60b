// Whether the gateway answers introspection (`__schema`, `__type`).
//
// Apollo Server's own default turns introspection on whenever NODE_ENV is not 'production' —
// including when NODE_ENV is unset, as in a plain `node`/`tsx` start or most containers. Here it
// is off unless asked for: a deployment that forgets NODE_ENV publishes no schema map.
// `npm start` (scripts/src/start-all.ts) sets NODE_ENV=development when it is unset, so the
// embedded demo keeps introspection for GraphQL tools.

/**
 * PLEIADI_INTROSPECTION=true|false decides when set; otherwise introspection is on only when
 * NODE_ENV is 'development'. Any other PLEIADI_INTROSPECTION value is a startup error.
 */
export function introspectionAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  const explicit = env.PLEIADI_INTROSPECTION?.trim();
  if (explicit === 'true') return true;
  if (explicit === 'false') return false;
  if (explicit) throw new Error(`PLEIADI_INTROSPECTION=${JSON.stringify(env.PLEIADI_INTROSPECTION)} is not valid: expected true or false.`);
  return env.NODE_ENV === 'development';
}
