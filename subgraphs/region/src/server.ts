// The region subgraph as the kit starts it: its schema, migrations and seeds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@pleiadi/kit';
import type { RegionDatabase } from './db/types.ts';
import { seedDemo } from './db/seed/demo.ts';
import { seedReference } from './db/seed/reference.ts';
import { schema } from './schema/index.ts';

export const region: SubgraphDefinition<RegionDatabase> = {
  name: 'region',
  owner: 'Regione Emilia-Romagna (ART-ER)',
  schema,
  migrations: path.join(path.dirname(fileURLToPath(import.meta.url)), 'db', 'migrations'),
  defaultPort: 4001,
  seedReference,
  seedDemo,
};
