import { runSubgraphFromEnvironment } from '@pleiadi/kit';
import { region } from './server.ts';

await runSubgraphFromEnvironment(region);
