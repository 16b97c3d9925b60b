import { runSubgraphFromEnvironment } from '@pleiadi/kit';
import { cpia } from './server.ts';

await runSubgraphFromEnvironment(cpia);
