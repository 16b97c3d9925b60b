// The region subgraph schema: importing the type modules registers them on the builder.
import { builder } from '../builder.ts';
import './partner.ts';
import './programme.ts';
import './indicator.ts';
import './indicator-report.ts';
import './exact-reads.ts';
import './bi-keys.ts';

// Not sorted twice: the federation plugin sorts the subgraph schema it builds in any case.
export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', sortSchema: false });
