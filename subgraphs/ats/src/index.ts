export { schema } from './schema/index.ts';
export { ats as definition } from './server.ts';
export type { AtsDatabase } from './db/types.ts';
export { generate, type GenerateReport } from './db/seed/generate.ts';
export { STORES, storeOf } from './db/stores.ts';
