export { schema } from './schema/index.ts';
export { anci as definition } from './server.ts';
export type { AnciDatabase } from './db/types.ts';
