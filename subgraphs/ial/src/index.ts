export { schema } from './schema/index.ts';
export { ial as definition } from './server.ts';
export { generate, type GenerateReport } from './db/seed/generate.ts';
export type { IalDatabase } from './db/types.ts';
