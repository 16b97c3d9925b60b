// The cpia subgraph as the kit starts it: its schema, migrations and seeds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@pleiadi/kit';
import type { CpiaDatabase } from './db/types.ts';
import { seedDemo } from './db/seed/demo.ts';
import { seedReference } from './db/seed/reference.ts';
import { schema } from './schema/index.ts';
import { cpiaImports } from './import/index.ts';

export const cpia: SubgraphDefinition<CpiaDatabase> = {
  name: 'cpia',
  owner: 'CPIA network (lead: CPIA Metropolitano di Bologna)',
  schema,
  migrations: path.join(path.dirname(fileURLToPath(import.meta.url)), 'db', 'migrations'),
  access: 'signed-in',
  defaultPort: 4003,
  seedReference,
  seedDemo,
  imports: cpiaImports,
  recordKeys: true,
};
