import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { CommsDatabase } from './db/types.ts';

export type Context = SubgraphContext<CommsDatabase>;

export const { builder, connection, pageArgs, externalMunicipality, externalAmbit, externalPartner } = createSubgraphBuilder<Context>();

builder.queryType({});
