import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { AtsDatabase } from './db/types.ts';

/** `stores` holds the four ambit databases by store name; `db` is only the first of them. */
export type Context = SubgraphContext<AtsDatabase>;

export const { builder, connection, pageArgs, externalMunicipality, externalAmbit, externalPartner } = createSubgraphBuilder<Context>();

builder.queryType({});
