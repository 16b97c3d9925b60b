// API contracts: one filtered schema per audience, computed from the @tags of the subgraphs, and
// the plugin that serves each caller only its own. A BI tool introspects and is validated against
// a schema in which personal fields do not exist; an anonymous caller sees only the public
// reference data. The subgraphs still check every field themselves: contracts are what callers
// can see and ask, not the last line.
//
//   full    the whole API schema (partner operators; their subgraphs decide what they may read)
//   bi      full minus every field tagged personal, pseudonymous or oversight (BI tools)
//   region  full minus every field tagged personal or pseudonymous (the regional tables)
//   public  only the fields tagged public (anonymous callers)
//
// Rules: a tag on an object or interface type covers all its fields (from every subgraph, so
// entities such as Municipality are tagged field by field). Exclusion wins over inclusion. A
// type tagged with an excluded tag goes, with every field, argument and input field of its type;
// a field that loses a required argument goes, and so does an input that loses a required field.
// After filtering, what is left empty goes (an object without fields, a connection or edge whose
// nodes went, an input without fields, a union without members), an object keeps an interface
// only while it has all of its fields, then everything no longer reachable from the root types
// goes. Excluding enum values is not supported.
//
// Contracts are optional and never block a supergraph: `full` is always offered; a narrower
// contract whose tags select nothing, or that does not make a valid schema, is not offered, and
// its callers are refused with CONTRACT_UNAVAILABLE. PLEIADI_CONTRACTS=off serves everyone `full`.
//
//   audiences.ts  who gets which contract, what each keeps, the on/off setting
//   tags.ts       the @tags of a supergraph by schema coordinate
//   filter.ts     one contract's schema (@graphql-tools/utils filterSchema, mapSchema, pruneSchema)
//   build.ts      the contracts a supergraph offers
//   store.ts      contracts following hot reloads
//   plugin.ts     the Apollo Server plugin serving them
export {
  CONTRACT_AUDIENCES,
  CONTRACT_FILTERS,
  CONTRACT_NAMES,
  contractFor,
  contractsEnabledFromEnvironment,
  type ContractFilter,
  type ContractName,
  type NarrowContractName,
} from './audiences.ts';
export { tagsOf, type TagMap } from './tags.ts';
export { filterSchema } from './filter.ts';
export { apiSchemaOf, buildContracts, type Contracts } from './build.ts';
export { contractsStore, type ContractsStore } from './store.ts';
export { CONTRACT_UNAVAILABLE, createContractPlugin } from './plugin.ts';
