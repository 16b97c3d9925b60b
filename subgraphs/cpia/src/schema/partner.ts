// Partner is owned by the region's registry. The network takes part in the plan through its lead,
// CPIA Metropolitano di Bologna, so the lead runs the network's courses; other partners run none here.
import { builder, externalPartner } from '../builder.ts';
import { courseArgs, coursesOf, CpiaCourseConnection } from './course.ts';

export const Partner = externalPartner();

builder.objectFields(Partner, (t) => ({
  cpiaCourses: t.loadable({
    type: CpiaCourseConnection,
    nullable: true,
    byPath: true,
    description: 'Courses of the CPIA network the partner runs: all of them for the network lead (cpia-bologna), none for others. In start-date order.',
    args: courseArgs(t.arg),
    load: coursesOf<string>('partner'),
    resolve: (partner) => partner.id,
  }),
}));
