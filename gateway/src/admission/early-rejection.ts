// Refusing a request before Apollo Server parses and validates it.
//
// Apollo Server 5 answers an error thrown from `requestDidStart`, `didResolveSource`,
// `parsingDidStart` or `validationDidStart` with a masked 500 "Internal server error"; only an
// error thrown from `didResolveOperation` reaches the client with its own code and HTTP status.
// But by then a hostile document has been parsed and validated, and validation can be
// superlinear in the document's size. So a plugin that decides in `requestDidStart` swaps the
// query text for a trivial document (Apollo Server reads `request.query` only after every
// `requestDidStart` has returned) and records its error; `didResolveOperation` throws it.
import type { GraphQLRequest } from '@apollo/server';
import type { GraphQLError } from 'graphql';

// Valid against any schema, with introspection on or off, and never executed.
const STAND_IN_QUERY = '{ __typename }';

const rejections = new WeakMap<GraphQLRequest, GraphQLError>();

/**
 * Marks the request as refused with `error`. Called from `requestDidStart`, it also keeps the
 * request's own text from being parsed; from a later hook it only records the error. The first
 * refusal of a request wins.
 */
export function rejectRequest(request: GraphQLRequest, error: GraphQLError): void {
  if (rejections.has(request)) return;
  rejections.set(request, error);
  request.query = STAND_IN_QUERY;
  // A persisted-query hash no longer matches the stand-in; Apollo would answer with its own error.
  if (request.extensions?.persistedQuery) request.extensions = { ...request.extensions, persistedQuery: undefined };
}

/** Throws the refusal recorded for the request, if any: call it first in `didResolveOperation`. */
export function throwIfRejected(request: GraphQLRequest): void {
  const error = rejections.get(request);
  if (error) throw error;
}
