// Limits on what one operation may ask of the graph, checked at the gateway before any subgraph
// is called (and, for the document size, before the document is even parsed). Each refusal has
// its own stable `extensions.code`, HTTP 400, and a message with the limit and the measured value.
//
// Why not @escape.tech/graphql-armor (max-depth 2.4.2, max-aliases 2.6.2, cost-limit 2.4.3, tried
// side by side on the same documents): its refusals carry no `extensions.code` and every message
// starts "Syntax Error:" although the document parsed, so clients could not tell a deep query
// from a malformed one; and its depth counts a fragment's spread and definition as levels of
// their own (`{ ...F } fragment F on Query { t { t { t { a } } } }` is depth 6 to it, 4 as
// executed), refusing fragment-shaped queries that the same query written inline passes. Our
// measure (operation-measure.ts) follows fragments as executed and prices pages by `first`.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { wholeNumberFromEnv } from '@pleiadi/kit';
import { GraphQLError } from 'graphql';
import { measureOperation, UNPAGED_LIST_SIZE, type OperationMeasure } from './operation-measure.ts';

export { measureOperation, type OperationMeasure } from './operation-measure.ts';
import { rejectRequest, throwIfRejected } from './early-rejection.ts';

export interface RequestLimits {
  /** Deepest field nesting, fragments included: `{ a { b } }` is 2. */
  maxDepth: number;
  /** Aliased fields in the operation as executed (a fragment spread twice counts twice). */
  maxAliases: number;
  /** Distinct top-level fields (response keys) of the operation. */
  maxRootFields: number;
  /** Estimated cost, see `measureOperation`. */
  maxCost: number;
  /** UTF-8 bytes of the query text. */
  maxDocumentBytes: number;
}

export const DEFAULT_LIMITS: Readonly<RequestLimits> = Object.freeze({
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxCost: 50_000,
  maxDocumentBytes: 20_000,
});

export const LimitErrorCode = {
  DOCUMENT_TOO_LARGE: 'DOCUMENT_TOO_LARGE',
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  TOO_MANY_ROOT_FIELDS: 'TOO_MANY_ROOT_FIELDS',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
} as const;
export type LimitErrorCode = (typeof LimitErrorCode)[keyof typeof LimitErrorCode];

// Environment variable, limit, and the range a sensible deployment stays within.
const ENVIRONMENT: { variable: string; key: keyof RequestLimits; min: number; max: number }[] = [
  { variable: 'PLEIADI_MAX_DEPTH', key: 'maxDepth', min: 2, max: 100 },
  { variable: 'PLEIADI_MAX_ALIASES', key: 'maxAliases', min: 0, max: 10_000 },
  { variable: 'PLEIADI_MAX_ROOT_FIELDS', key: 'maxRootFields', min: 1, max: 1_000 },
  { variable: 'PLEIADI_MAX_COST', key: 'maxCost', min: 1, max: 1_000_000_000 },
  // Above the HTTP front's 1 MB body limit the check could never trigger.
  { variable: 'PLEIADI_MAX_DOCUMENT_BYTES', key: 'maxDocumentBytes', min: 100, max: 1_000_000 },
];

/**
 * The limits from PLEIADI_MAX_DEPTH, PLEIADI_MAX_ALIASES, PLEIADI_MAX_ROOT_FIELDS,
 * PLEIADI_MAX_COST and PLEIADI_MAX_DOCUMENT_BYTES; unset or empty means the default. Throws at
 * startup on anything but a whole number in the limit's range, so a typo never silently
 * disables a protection.
 */
export function limitsFromEnvironment(env: NodeJS.ProcessEnv = process.env): RequestLimits {
  const limits: RequestLimits = { ...DEFAULT_LIMITS };
  for (const { variable, key, min, max } of ENVIRONMENT) {
    limits[key] = wholeNumberFromEnv(env, variable, { min, max, default: DEFAULT_LIMITS[key], what: 'a valid limit' }) ?? limits[key];
  }
  return limits;
}

const format = (n: number) => (Number.isFinite(n) && n < 1e15 ? Math.round(n).toLocaleString('en-US') : 'more than 10^15');

function limitError(code: LimitErrorCode, message: string, limit: number, measured: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, limit, measured: Number.isFinite(measured) ? measured : Number.MAX_SAFE_INTEGER, http: { status: 400 } },
  });
}

export function documentTooLarge(bytes: number, limits: RequestLimits): GraphQLError {
  return limitError(
    LimitErrorCode.DOCUMENT_TOO_LARGE,
    `The query document is ${format(bytes)} bytes; the gateway accepts at most ${format(limits.maxDocumentBytes)}. Split it into smaller operations.`,
    limits.maxDocumentBytes,
    bytes,
  );
}

/** The first limit the measured operation exceeds, as the error to answer with; undefined if none. */
export function checkLimits(measure: OperationMeasure, limits: RequestLimits): GraphQLError | undefined {
  if (measure.depth > limits.maxDepth) {
    return limitError(
      LimitErrorCode.QUERY_TOO_DEEP,
      `The query nests fields ${format(measure.depth)} levels deep; the limit is ${format(limits.maxDepth)}. Fetch the deeper data with a separate query.`,
      limits.maxDepth,
      measure.depth,
    );
  }
  if (measure.aliases > limits.maxAliases) {
    return limitError(
      LimitErrorCode.TOO_MANY_ALIASES,
      `The query uses ${format(measure.aliases)} aliases (fragments counted where they are spread); the limit is ${format(limits.maxAliases)}.`,
      limits.maxAliases,
      measure.aliases,
    );
  }
  if (measure.rootFields > limits.maxRootFields) {
    return limitError(
      LimitErrorCode.TOO_MANY_ROOT_FIELDS,
      `The query selects ${format(measure.rootFields)} top-level fields; the limit is ${format(limits.maxRootFields)}. Split it into several queries.`,
      limits.maxRootFields,
      measure.rootFields,
    );
  }
  if (measure.cost !== undefined && measure.cost > limits.maxCost) {
    return limitError(
      LimitErrorCode.QUERY_TOO_COSTLY,
      `The query's estimated cost is ${format(measure.cost)}; the limit is ${format(limits.maxCost)}. ` +
        `Every field costs 1 times the sizes of the lists above it (a connection's page is its "first", 50 when not given; other lists count ${UNPAGED_LIST_SIZE}): ask for smaller pages or fewer nested lists.`,
      limits.maxCost,
      measure.cost,
    );
  }
  return undefined;
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * Enforces `limits` on every operation before execution, so before the gateway plans it or
 * calls a subgraph. The document size is checked on the raw text before parsing; depth,
 * aliases, root fields and cost on the operation selected by `operationName`, after validation.
 */
export function createLimitsPlugin<TContext extends BaseContext = BaseContext>(limits: RequestLimits): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      if (typeof request.query === 'string' && utf8Bytes(request.query) > limits.maxDocumentBytes) {
        rejectRequest(request, documentTooLarge(utf8Bytes(request.query), limits));
      }
      return {
        // A persisted query's text is only known here; it is parsed anyway, but still refused.
        async didResolveSource({ source }) {
          if (utf8Bytes(source) > limits.maxDocumentBytes) rejectRequest(request, documentTooLarge(utf8Bytes(source), limits));
        },
        async didResolveOperation({ schema, document, operation }) {
          throwIfRejected(request);
          // No operation (e.g. an unknown operationName): execution reports it without any fetch.
          if (!operation) return;
          const error = checkLimits(measureOperation(schema, document, operation, request.variables ?? {}), limits);
          if (error) throw error;
        },
      };
    },
  };
}
