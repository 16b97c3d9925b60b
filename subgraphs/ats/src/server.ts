// The ats subgraph as the kit starts it: one database per ambit, each migrated and seeded alike.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@pleiadi/kit';
import { seedDemo } from './db/seed/demo.ts';
import { seedReference } from './db/seed/reference.ts';
import { OWNER, STORES } from './db/stores.ts';
import type { AtsDatabase } from './db/types.ts';
import { schema } from './schema/index.ts';
import { atsImports } from './import/index.ts';

export const ats: SubgraphDefinition<AtsDatabase> = {
  name: 'ats',
  owner: OWNER,
  schema,
  migrations: path.join(path.dirname(fileURLToPath(import.meta.url)), 'db', 'migrations'),
  access: 'signed-in',
  defaultPort: 4004,
  stores: STORES,
  seedReference,
  seedDemo,
  imports: atsImports,
  recordKeys: true,
};
