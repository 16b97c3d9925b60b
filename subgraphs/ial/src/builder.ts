import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { IalDatabase } from './db/types.ts';

export type Context = SubgraphContext<IalDatabase>;

export const { builder, connection, pageArgs, externalMunicipality, externalAmbit, externalPartner, auditRecordConnection, indicatorFacts } = createSubgraphBuilder<Context>({ entityFieldAccess: 'signed-in' });

// Operational data of a partner is for signed-in callers (region, partner operators, BI tools);
// the type-level scope also guards the federation entry points (_entities).
builder.queryType({ authScopes: { authenticated: true } });
