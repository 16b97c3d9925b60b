import { createSubgraphBuilder, type SubgraphContext } from '@pleiadi/kit';
import type { AtsDatabase } from './db/types.ts';

/** `stores` holds the four ambit databases by store name; `db` is only the first of them. */
export type Context = SubgraphContext<AtsDatabase>;

export const { builder, connection, pageArgs, externalMunicipality, externalAmbit, externalPartner, auditRecordConnection, indicatorFacts } = createSubgraphBuilder<Context>({ entityFieldAccess: 'signed-in' });

// Operational data of a partner is for signed-in callers (region, partner operators, BI tools).
// The type-level scope covers the root fields but not the federation entry points (_entities,
// _service): there, the server refusing anonymous callers (access: 'signed-in') is the guard.
builder.queryType({ authScopes: { authenticated: true } });
