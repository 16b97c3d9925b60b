import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { IalDatabase } from './db/types.ts';

export type Context = SubgraphContext<IalDatabase>;

export const { builder, connection, pageArgs, externalMunicipality, externalAmbit, externalPartner } = createSubgraphBuilder<Context>();

builder.queryType({});
