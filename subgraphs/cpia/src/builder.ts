import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { CpiaDatabase } from './db/types.ts';

export type Context = SubgraphContext<CpiaDatabase>;

export const { builder, connection, pageArgs, externalMunicipality, externalAmbit, externalPartner } = createSubgraphBuilder<Context>();

builder.queryType({});
