import { runSubgraphFromEnvironment } from '@pleiadi/kit';
import { comms } from './server.ts';

await runSubgraphFromEnvironment(comms);
