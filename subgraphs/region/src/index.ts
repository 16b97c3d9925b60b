export { schema } from './schema/index.ts';
export { region as definition } from './server.ts';
export type { RegionDatabase } from './db/types.ts';
