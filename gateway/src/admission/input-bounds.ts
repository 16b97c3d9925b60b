// Bounds on the request's JSON parts (variables, extensions), checked before any other stage walks
// them. A 10 KB body can nest 5,000 levels deep; JSON.stringify, structuredClone and every
// recursive walk overflow the stack on it, which would surface as a 500. The measure here uses an
// explicit stack, so any depth the HTTP front can parse is measured, then refused with a 400.
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { rejectRequest, throwIfRejected } from './early-rejection.ts';

export interface InputBounds {
  /** Deepest nesting of objects and arrays: `{"a": [1]}` is 2. */
  maxDepth: number;
  /** Values in all (objects, arrays, scalars), counted as the walk meets them. */
  maxValues: number;
}

// No input type of the graph nests beyond a handful of levels; a generous margin for foreign ones.
export const DEFAULT_INPUT_BOUNDS: Readonly<InputBounds> = Object.freeze({ maxDepth: 32, maxValues: 100_000 });

export const INPUT_TOO_DEEP = 'BAD_USER_INPUT';

export interface InputMeasure {
  depth: number;
  values: number;
}

/**
 * Depth and value count of a parsed JSON value, stopping as soon as either bound is passed (the
 * returned measure then exceeds it). Iterative: never recurses, whatever the nesting.
 */
export function measureInput(value: unknown, bounds: InputBounds): InputMeasure {
  let depth = 0;
  let values = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [current, level] = stack.pop()!;
    values += 1;
    if (current === null || typeof current !== 'object') continue;
    depth = Math.max(depth, level);
    if (depth > bounds.maxDepth || values > bounds.maxValues) return { depth, values };
    for (const child of Array.isArray(current) ? current : Object.values(current)) stack.push([child, level + 1]);
  }
  return { depth, values };
}

function refusal(part: string, measure: InputMeasure, bounds: InputBounds): GraphQLError {
  const what = measure.depth > bounds.maxDepth ? `nested deeper than ${bounds.maxDepth} levels` : `more than ${bounds.maxValues} values`;
  return new GraphQLError(`The request's ${part} are ${what}; no operation of this graph takes such input.`, {
    extensions: { code: INPUT_TOO_DEEP, http: { status: 400 } },
  });
}

/** Refuses, before anything else reads them, variables or extensions beyond the bounds. */
export function createInputBoundsPlugin<TContext extends BaseContext>(bounds: InputBounds = DEFAULT_INPUT_BOUNDS): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart({ request }) {
      for (const [part, value] of [
        ['variables', request.variables],
        ['extensions', request.extensions],
      ] as const) {
        const measure = measureInput(value ?? null, bounds);
        if (measure.depth > bounds.maxDepth || measure.values > bounds.maxValues) {
          rejectRequest(request, refusal(part, measure, bounds));
          // Nothing after this may walk them: the stand-in document needs neither.
          request.variables = {};
          request.extensions = {};
          break;
        }
      }
      return {
        async didResolveOperation() {
          throwIfRejected(request);
        },
      };
    },
  };
}
