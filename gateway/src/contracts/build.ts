// The contracts of one supergraph: the API schema for `full`, a filtered schema for each narrower
// contract its tags can build, and why the others are not offered.
import type { GraphQLSchema } from 'graphql';
import { apiSchemaOf } from '../supergraph/built.ts';
import { CONTRACT_FILTERS, CONTRACT_NAMES, type ContractName, type NarrowContractName } from './audiences.ts';
import { filterSchema } from './filter.ts';
import { anyTagged, tagsOf } from './tags.ts';

/**
 * The contracts a supergraph offers. `full` always; a narrower one only when its tags select a
 * usable schema: a foreign supergraph without our tags is served, its narrower callers told so.
 */
export type Contracts = { readonly full: GraphQLSchema } & { readonly [N in NarrowContractName]?: GraphQLSchema } & {
  /** Why each contract missing above is not offered: for logs and `npm run compose`, never for callers. */
  readonly notOffered: Readonly<Partial<Record<ContractName, string>>>;
};

export { apiSchemaOf };

/**
 * Every contract a supergraph offers. Throws only when the SDL is not a valid supergraph (which
 * the gateway itself would refuse); a contract that cannot be built is left out, with its reason.
 */
export function buildContracts(supergraphSdl: string): Contracts {
  const api = apiSchemaOf(supergraphSdl);
  const tags = tagsOf(supergraphSdl);
  const schemas: Partial<Record<ContractName, GraphQLSchema>> = {};
  const notOffered: Partial<Record<ContractName, string>> = {};
  for (const name of CONTRACT_NAMES) {
    const filter = CONTRACT_FILTERS[name];
    if (!filter) {
      schemas[name] = api;
    } else if (filter.include && !anyTagged(tags, filter.include)) {
      // Said plainly rather than as whatever filtering everything away would break first.
      notOffered[name] = `no element of the supergraph is tagged ${filter.include.map((t) => `"${t}"`).join(' or ')}`;
    } else {
      try {
        schemas[name] = filterSchema(api, tags, filter);
      } catch (error) {
        notOffered[name] = (error as Error).message;
      }
    }
  }
  return { ...schemas, full: api, notOffered };
}
