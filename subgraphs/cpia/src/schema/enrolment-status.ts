// Where an enrolment stands; shared by the network's own view of a participant and the facts it
// gives other partners.
import { builder } from '../builder.ts';
import { ENROLMENT_STATUSES } from '../db/types.ts';

export const CpiaEnrolmentStatus = builder.enumType('CpiaEnrolmentStatus', {
  description: 'ENROLLED before the course starts, ATTENDING while it runs, then COMPLETED or WITHDRAWN.',
  values: ENROLMENT_STATUSES,
});
