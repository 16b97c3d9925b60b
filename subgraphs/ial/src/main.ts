import { runSubgraphFromEnvironment } from '@pleiadi/kit';
import { ial } from './server.ts';

await runSubgraphFromEnvironment(ial);
