// The ial subgraph as the kit starts it: its schema, migrations and seeds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@pleiadi/kit';
import type { IalDatabase } from './db/types.ts';
import { seedDemo } from './db/seed/demo.ts';
import { seedReference } from './db/seed/reference.ts';
import { schema } from './schema/index.ts';
import { ialImports } from './import/index.ts';

export const ial: SubgraphDefinition<IalDatabase> = {
  name: 'ial',
  owner: 'IAL Emilia-Romagna',
  schema,
  migrations: path.join(path.dirname(fileURLToPath(import.meta.url)), 'db', 'migrations'),
  access: 'signed-in',
  defaultPort: 4006,
  seedReference,
  seedDemo,
  imports: ialImports,
  recordKeys: true,
};
