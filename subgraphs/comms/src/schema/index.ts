// The comms subgraph schema: importing the type modules registers them on the builder.
import { builder } from '../builder.ts';
import './refs.ts';
import './language.ts';
import './campaign.ts';
import './material.ts';
import './event.ts';
import './reach.ts';
import './entities.ts';
import './indicator.ts';
import './indicator-facts.ts';

// Not sorted twice: the federation plugin sorts the subgraph schema it builds in any case.
export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', sortSchema: false });
