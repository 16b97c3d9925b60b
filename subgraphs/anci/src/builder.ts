import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { AnciDatabase } from './db/types.ts';

export type Context = SubgraphContext<AnciDatabase>;

export const { builder, connection, pageArgs, indicatorFacts } = createSubgraphBuilder<Context>({ pageInfoTag: ['public'] });

builder.queryType({});
