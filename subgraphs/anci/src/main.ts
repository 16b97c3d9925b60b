import { runSubgraphFromEnvironment } from '@pleiadi/kit';
import { anci } from './server.ts';

await runSubgraphFromEnvironment(anci);
