export { schema } from './schema/index.ts';
export { cpia as definition } from './server.ts';
export type { CpiaDatabase } from './db/types.ts';
export { generate, type GenerateReport } from './db/seed/generate.ts';
