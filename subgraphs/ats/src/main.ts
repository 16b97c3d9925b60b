import { runSubgraphFromEnvironment } from '@pleiadi/kit';
import { ats } from './server.ts';

await runSubgraphFromEnvironment(ats);
