// The ats subgraph schema: importing the type modules registers them on the builder.
import { builder } from '../builder.ts';
import './refs.ts';
import './service-point.ts';
import './community.ts';
import './participant-entity.ts';
import './participants.ts';
import './audit.ts';
import './indicator-facts.ts';

// Not sorted twice: the federation plugin sorts the subgraph schema it builds in any case.
export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6', sortSchema: false });
