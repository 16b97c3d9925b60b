// Whether the running subgraphs have what a supergraph routes to them. Composition only checks
// the subgraph schemas it was given: a supergraph composed from a stale or mistaken SDL still
// composes, but sends a subgraph fields it does not have, and every request for them then fails
// (as a misleading error from the subgraph). So before a swap, each subgraph is asked for its own
// SDL (`_service { sdl }`, with the gateway's internal token, as every subgraph call carries) and
// must have every type, field, argument, input field and enum value the supergraph gives it.
import { signInternalToken } from '@pleiadi/kit';
import { Kind, parse, type DocumentNode } from 'graphql';
import { supergraphOf } from './built.ts';
import { reasonOf } from './servable.ts';

export const SUBGRAPH_CHECK_TIMEOUT_MS = 5_000;
const LISTED_IN_MESSAGE = 5;
const MAX_MISSING = 100;

export interface SubgraphCheckOptions {
  /** The secret of the internal tokens the subgraphs accept. */
  internalSecret: string;
  /** Subgraph URL by name where it differs from the supergraph's (as the gateway routes). */
  subgraphUrls?: Record<string, string>;
  timeoutMs?: number;
}

/** Something the supergraph routes to a subgraph that the subgraph lacks. */
export interface MissingElement {
  subgraph: string;
  /** Schema coordinate: `Type.field`, `Type.field(arg:)`, `Input.field`, `Enum.VALUE`, or `Type`. */
  coordinate: string;
}

/** Why a supergraph may not serve yet; `retry`: a subgraph could not be asked, ask again later. */
export class SubgraphMismatch extends Error {
  constructor(
    message: string,
    readonly missing: MissingElement[],
    readonly retry: boolean,
  ) {
    super(message);
  }
}

/** Per subgraph: its URL in the supergraph and the coordinates the supergraph routes to it. */
export function routedElements(supergraphSdl: string): Map<string, { url: string; coordinates: Set<string> }> {
  const routed = new Map<string, { url: string; coordinates: Set<string> }>();
  for (const subgraph of supergraphOf(supergraphSdl).subgraphs()) {
    const coordinates = new Set<string>();
    for (const type of subgraph.schema.types()) {
      // Federation's own machinery (_Any, _Entity, link__*, federation__*) is not the subgraph's.
      if (type.isBuiltIn || type.name.startsWith('_') || type.name.includes('__')) continue;
      coordinates.add(type.name);
      if (type.kind === 'ObjectType' || type.kind === 'InterfaceType') {
        const root = subgraph.schema.schemaDefinition.rootType('query') === type;
        for (const field of type.fields()) {
          // @external fields are resolved elsewhere; _entities and _service are federation's.
          if (field.hasAppliedDirective('external') || (root && field.name.startsWith('_'))) continue;
          coordinates.add(`${type.name}.${field.name}`);
          for (const argument of field.arguments()) coordinates.add(`${type.name}.${field.name}(${argument.name}:)`);
        }
      } else if (type.kind === 'InputObjectType') {
        for (const field of type.fields()) coordinates.add(`${type.name}.${field.name}`);
      } else if (type.kind === 'EnumType') {
        for (const value of type.values) coordinates.add(`${type.name}.${value.name}`);
      }
    }
    routed.set(subgraph.name, { url: subgraph.url, coordinates });
  }
  return routed;
}

/** The same coordinates, read from a subgraph's own SDL (definitions and extensions alike). */
export function coordinatesOfSdl(document: DocumentNode): Set<string> {
  const coordinates = new Set<string>();
  for (const definition of document.definitions) {
    if (!('name' in definition) || !definition.name) continue;
    const type = definition.name.value;
    switch (definition.kind) {
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        coordinates.add(type);
        for (const field of definition.fields ?? []) {
          coordinates.add(`${type}.${field.name.value}`);
          for (const argument of field.arguments ?? []) coordinates.add(`${type}.${field.name.value}(${argument.name.value}:)`);
        }
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
      case Kind.INPUT_OBJECT_TYPE_EXTENSION:
        coordinates.add(type);
        for (const field of definition.fields ?? []) coordinates.add(`${type}.${field.name.value}`);
        break;
      case Kind.ENUM_TYPE_DEFINITION:
      case Kind.ENUM_TYPE_EXTENSION:
        coordinates.add(type);
        for (const value of definition.values ?? []) coordinates.add(`${type}.${value.name.value}`);
        break;
      default:
        coordinates.add(type);
    }
  }
  return coordinates;
}

/** Asks a subgraph for its own SDL; throws a one-line reason (never the answer's text). */
export async function fetchSubgraphSdl(url: string, options: SubgraphCheckOptions): Promise<string> {
  // Any signed-in role passes a subgraph's `signed-in` gate; `_service` reads no data.
  const token = signInternalToken({ role: 'bi', subject: 'pleiadi-gateway', operationName: 'SupergraphCheck' }, options.internalSecret);
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ _service { sdl } }' }),
    signal: AbortSignal.timeout(options.timeoutMs ?? SUBGRAPH_CHECK_TIMEOUT_MS),
  });
  const body = (await response.json().catch(() => undefined)) as { data?: { _service?: { sdl?: unknown } } } | undefined;
  const sdl = body?.data?._service?.sdl;
  if (!response.ok || typeof sdl !== 'string') throw new Error(`HTTP ${response.status}${typeof sdl === 'string' ? '' : ', no _service.sdl in the answer'}`);
  return sdl;
}

const isSubset = (a: ReadonlySet<string>, b: ReadonlySet<string> | undefined) => !!b && [...a].every((x) => b.has(x));

/**
 * Throws a SubgraphMismatch when a subgraph lacks something `supergraphSdl` routes to it.
 *
 * A subgraph that cannot be asked (down, timing out, refusing the token) cannot prove anything:
 * if the supergraph serving now (`servingSdl`) already routes to it everything the new one does,
 * its part is unchanged and does not hold the swap up; otherwise the swap waits (`retry`). At
 * start (no `servingSdl`) there is nothing to fall back on: unreachable subgraphs are only named.
 * Resolves with the subgraphs it could not ask.
 */
export async function assertSubgraphsServe(supergraphSdl: string, options: SubgraphCheckOptions, servingSdl?: string): Promise<{ unverified: string[] }> {
  const routed = routedElements(supergraphSdl);
  const serving = servingSdl === undefined ? undefined : routedElements(servingSdl);
  const results = await Promise.all(
    [...routed].map(async ([name, { url, coordinates }]) => {
      try {
        const own = coordinatesOfSdl(parse(await fetchSubgraphSdl(options.subgraphUrls?.[name] ?? url, options)));
        return { name, missing: [...coordinates].filter((c) => !own.has(c)).sort() };
      } catch (error) {
        return { name, unreachable: reasonOf(error), missing: [] };
      }
    }),
  );
  const missing = results.flatMap(({ name, missing }) => missing.map((coordinate) => ({ subgraph: name, coordinate })));
  if (missing.length) {
    const listed = missing.slice(0, LISTED_IN_MESSAGE).map((m) => `${m.coordinate} (subgraph ${m.subgraph})`);
    const more = missing.length > LISTED_IN_MESSAGE ? ` and ${missing.length - LISTED_IN_MESSAGE} more` : '';
    throw new SubgraphMismatch(`routes to running subgraphs what they do not have: ${listed.join(', ')}${more}`, missing.slice(0, MAX_MISSING), false);
  }
  const unreachable = results.filter((r) => r.unreachable);
  const unchecked = serving ? unreachable.filter((r) => !isSubset(routed.get(r.name)!.coordinates, serving.get(r.name)?.coordinates)) : [];
  if (unchecked.length) {
    const names = unchecked.map((r) => `${r.name} (${r.unreachable})`).join(', ');
    throw new SubgraphMismatch(`cannot check what it newly routes to subgraph ${names}; checking again until it answers`, [], true);
  }
  return { unverified: unreachable.map((r) => `${r.name} (${r.unreachable})`) };
}
