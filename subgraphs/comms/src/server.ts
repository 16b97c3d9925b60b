// The comms subgraph as the kit starts it: its schema, migrations and seeds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@pleiadi/kit';
import type { CommsDatabase } from './db/types.ts';
import { seedDemo } from './db/seed/demo.ts';
import { seedReference } from './db/seed/reference.ts';
import { schema } from './schema/index.ts';
import { commsImports } from './import/index.ts';

export const comms: SubgraphDefinition<CommsDatabase> = {
  name: 'comms',
  owner: 'Media Group98',
  schema,
  migrations: path.join(path.dirname(fileURLToPath(import.meta.url)), 'db', 'migrations'),
  access: 'signed-in',
  defaultPort: 4005,
  seedReference,
  seedDemo,
  imports: commsImports,
};
