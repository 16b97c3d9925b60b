// Registered (persisted) operations: the `.graphql` files of schema/operations/, each identified,
// as Apollo's automatic persisted queries do, by the SHA-256 hex of its exact text — so
// `sha256sum schema/operations/<file>.graphql` prints the hash a client sends.
//
// With PLEIADI_OPERATIONS=safelist the gateway runs only those operations: a client sends the
// registered text byte for byte, or only `extensions.persistedQuery: { version: 1, sha256Hash }`.
// Anything else is refused with PERSISTED_QUERY_NOT_ALLOWED before it is parsed.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ApolloServerPlugin, BaseContext, PersistedQueryOptions } from '@apollo/server';
import { REPOSITORY_ROOT } from '@pleiadi/kit';
import { GraphQLError, Kind, parse } from 'graphql';
import { rejectRequest, throwIfRejected } from './early-rejection.ts';

export type OperationsMode = 'off' | 'safelist';

/** Registered operation text by the SHA-256 hex of that text. */
export type Safelist = ReadonlyMap<string, string>;

export const DEFAULT_OPERATIONS_DIR = path.join(REPOSITORY_ROOT, 'schema', 'operations');

export const PERSISTED_QUERY_NOT_ALLOWED = 'PERSISTED_QUERY_NOT_ALLOWED';

/** SHA-256 hex of the UTF-8 text, as Apollo's persisted queries compute it. */
export function operationHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Reads every `*.graphql` file of `dir` (not its subfolders). Each must parse and hold exactly
 * one named operation (plus any fragments it uses), and operation names must be unique: a
 * broken registration fails at startup, naming the file, rather than at a client's first call.
 */
export function loadSafelist(dir: string = DEFAULT_OPERATIONS_DIR): Map<string, string> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.graphql')).sort();
  } catch (error) {
    throw new Error(`Cannot read the registered operations in ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const safelist = new Map<string, string>();
  const fileOfOperation = new Map<string, string>();
  for (const file of files) {
    const text = readFileSync(path.join(dir, file), 'utf8');
    let operations;
    try {
      operations = parse(text).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    } catch (error) {
      throw new Error(`Registered operation ${file} is not a GraphQL document: ${(error as Error).message}`, { cause: error });
    }
    if (operations.length !== 1 || !operations[0].name) {
      throw new Error(`Registered operation ${file} must hold exactly one named operation (it has ${operations.length}${operations.length === 1 ? ', unnamed' : ''}).`);
    }
    const name = operations[0].name.value;
    const other = fileOfOperation.get(name);
    if (other) throw new Error(`Registered operations ${other} and ${file} are both named ${name}: names identify operations in logs.`);
    fileOfOperation.set(name, file);
    safelist.set(operationHash(text), text);
  }
  return safelist;
}

/** PLEIADI_OPERATIONS=safelist|off, default off; anything else is a startup error. */
export function operationsModeFromEnvironment(env: NodeJS.ProcessEnv = process.env): OperationsMode {
  const raw = env.PLEIADI_OPERATIONS?.trim();
  if (!raw) return 'off';
  if (raw === 'off' || raw === 'safelist') return raw;
  throw new Error(`PLEIADI_OPERATIONS=${JSON.stringify(env.PLEIADI_OPERATIONS)} is not valid: expected safelist or off.`);
}

function notAllowed(hash: string): GraphQLError {
  return new GraphQLError(
    'This gateway runs only registered operations, and this is not one of them. Send the text of an operation ' +
      'registered in schema/operations/ exactly as registered, or only its SHA-256 in extensions.persistedQuery.sha256Hash.',
    { extensions: { code: PERSISTED_QUERY_NOT_ALLOWED, operationHash: hash, http: { status: 400 } } },
  );
}

const APQ_PREFIX = 'apq:';
// Upper bound on automatic persisted queries kept in `off` mode (each within the document limit).
const MAX_AUTOMATIC_ENTRIES = 1000;

/**
 * The value for ApolloServer's `persistedQueries` option: hash-only requests of registered
 * operations are served from the safelist. In `safelist` mode nothing else is ever stored, so
 * a client cannot register its own text; in `off` mode Apollo's automatic persisted queries keep
 * working, in a bounded store.
 */
export function persistedQueryOptions(safelist: Safelist, mode: OperationsMode): PersistedQueryOptions {
  const automatic = new Map<string, string>();
  // Apollo Server prefixes every key it uses with "apq:".
  const hashOf = (key: string) => (key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key);
  return {
    ttl: null,
    cache: {
      async get(key) {
        const hash = hashOf(key);
        return safelist.get(hash) ?? automatic.get(hash);
      },
      async set(key, value) {
        if (mode !== 'off') return;
        const hash = hashOf(key);
        if (safelist.has(hash)) return;
        automatic.delete(hash);
        automatic.set(hash, value);
        // Maps iterate in insertion order: drop the least recently stored.
        if (automatic.size > MAX_AUTOMATIC_ENTRIES) automatic.delete(automatic.keys().next().value as string);
      },
      async delete(key) {
        return automatic.delete(hashOf(key));
      },
    },
  };
}

/**
 * In `safelist` mode, refuses every operation whose text is not registered — sent as text, or as
 * an unknown hash — with PERSISTED_QUERY_NOT_ALLOWED (HTTP 400), before parsing. In `off` mode it
 * does nothing. Hash-only requests are resolved by `persistedQueryOptions`.
 */
export function createSafelistPlugin<TContext extends BaseContext = BaseContext>(
  safelist: Safelist,
  options: { mode: OperationsMode },
): ApolloServerPlugin<TContext> {
  if (options.mode === 'off') return {};
  if (safelist.size === 0) throw new Error('PLEIADI_OPERATIONS=safelist, but no operation is registered: every request would be refused.');
  return {
    async requestDidStart({ request }) {
      if (typeof request.query === 'string') {
        const hash = operationHash(request.query);
        if (!safelist.has(hash)) rejectRequest(request, notAllowed(hash));
      } else {
        // Apollo Server would answer PERSISTED_QUERY_NOT_FOUND (HTTP 200), inviting the client to
        // send the text; here the text would be refused anyway.
        const hash: unknown = request.extensions?.persistedQuery?.sha256Hash;
        if (typeof hash === 'string' && !safelist.has(hash)) rejectRequest(request, notAllowed(hash.slice(0, 64)));
      }
      return {
        // Text from a persisted-query store: refused if it is not (or no longer) registered.
        async didResolveSource({ source }) {
          const hash = operationHash(source);
          if (!safelist.has(hash)) rejectRequest(request, notAllowed(hash));
        },
        async didResolveOperation() {
          throwIfRejected(request);
        },
      };
    },
  };
}
