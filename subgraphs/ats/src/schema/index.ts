// The ats subgraph schema: importing the type modules registers them on the builder.
import { builder } from '../builder.ts';
import './refs.ts';
import './service-point.ts';
import './community.ts';
import './participant-entity.ts';
import './participants.ts';
import './audit.ts';
import './indicator-facts.ts';

export const schema = builder.toSubGraphSchema({ linkUrl: 'https://specs.apollo.dev/federation/v2.6' });
