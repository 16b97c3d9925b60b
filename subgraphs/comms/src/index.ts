export { schema } from './schema/index.ts';
export { comms as definition } from './server.ts';
export type { CommsDatabase } from './db/types.ts';
export { generate, type GenerateReport } from './db/seed/generate.ts';
