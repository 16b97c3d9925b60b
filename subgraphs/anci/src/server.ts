// The anci subgraph as the kit starts it: its schema, migrations and seeds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubgraphDefinition } from '@pleiadi/kit';
import type { AnciDatabase } from './db/types.ts';
import { seedDemo } from './db/seed/demo.ts';
import { seedTerritory } from './db/seed/territory.ts';
import { schema } from './schema/index.ts';
import { anciImports } from './import/index.ts';

export const anci: SubgraphDefinition<AnciDatabase> = {
  name: 'anci',
  owner: 'ANCI Emilia-Romagna',
  schema,
  migrations: path.join(path.dirname(fileURLToPath(import.meta.url)), 'db', 'migrations'),
  defaultPort: 4002,
  seedReference: seedTerritory,
  seedDemo,
  imports: anciImports,
};
