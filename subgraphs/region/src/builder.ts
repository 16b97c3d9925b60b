import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { RegionDatabase } from './db/types.ts';

export type Context = SubgraphContext<RegionDatabase>;

export const { builder, connection, pageArgs, externalMunicipality, externalAmbit, externalPartner } = createSubgraphBuilder<Context>({ pageInfoTag: ['public'] });

builder.queryType({});
