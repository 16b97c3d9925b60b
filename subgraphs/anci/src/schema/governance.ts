// Governance tables (tavoli): regional, territorial and municipal coordination tables of Azione 01.
import { badUserInput, checkDateRange } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import {
  attendeePages,
  meetingPages,
  meetingsById,
  memberPages,
  organisationsById,
  tablePage,
  tablesById,
} from '../db/repositories/governance.ts';
import { GOVERNANCE_LEVELS, LOCAL_AUTHORITY_KINDS, MEMBER_ROLES, ORGANISATION_KINDS } from '../db/types.ts';
import { Ambit, Municipality, requireAmbit, requireMunicipality } from './territory.ts';

export const OrganisationKind = builder.enumType('OrganisationKind', { values: ORGANISATION_KINDS });
export const GovernanceLevel = builder.enumType('GovernanceLevel', { values: GOVERNANCE_LEVELS });
const MemberRole = builder.enumType('MemberRole', { values: MEMBER_ROLES });

export const Organisation = builder.loadableObject('Organisation', {
  description: 'A public or private body taking part in tables or trainings: a municipality, a school, an association…',
  load: (ids: number[], ctx: Context) => organisationsById(ctx.db, ids),
  sort: (o) => o.id,
  fields: (t) => ({
    id: t.id({ resolve: (o) => String(o.id) }),
    name: t.exposeString('name'),
    kind: t.field({ type: OrganisationKind, resolve: (o) => o.kind }),
    isLocalAuthority: t.boolean({
      description: 'Counts as a local or regional authority for AMIF indicator O.2.2.',
      resolve: (o) => LOCAL_AUTHORITY_KINDS.includes(o.kind),
    }),
    municipality: t.field({ type: Municipality, nullable: true, description: 'Where it is seated.', resolve: (o) => o.municipality_code }),
  }),
});

const Membership = builder.objectRef<{ table_id: number; organisation_id: number; role: (typeof MEMBER_ROLES)[number]; joined_on: string }>(
  'GovernanceTableMember',
).implement({
  fields: (t) => ({
    organisation: t.field({ type: Organisation, resolve: (m) => m.organisation_id }),
    role: t.field({ type: MemberRole, resolve: (m) => m.role }),
    joinedOn: t.field({ type: 'Date', resolve: (m) => m.joined_on }),
  }),
});

const Attendance = builder.objectRef<{ meeting_id: number; organisation_id: number }>('MeetingAttendee').implement({
  fields: (t) => ({ organisation: t.field({ type: Organisation, resolve: (a) => a.organisation_id }) }),
});

export const GovernanceTable = builder.loadableObject('GovernanceTable', {
  description: 'A coordination table (tavolo): regional, of an ambit, or of a municipality.',
  load: (ids: number[], ctx: Context) => tablesById(ctx.db, ids),
  sort: (table) => table.id,
  fields: (t) => ({
    id: t.id({ resolve: (table) => String(table.id) }),
    name: t.exposeString('name'),
    level: t.field({ type: GovernanceLevel, resolve: (table) => table.level }),
    topic: t.exposeString('topic'),
    establishedOn: t.field({ type: 'Date', resolve: (table) => table.established_on }),
    ambit: t.field({ type: Ambit, nullable: true, resolve: (table) => table.ambit_code }),
    municipality: t.field({ type: Municipality, nullable: true, resolve: (table) => table.municipality_code }),
  }),
});

export const Meeting = builder.loadableObject('Meeting', {
  load: (ids: number[], ctx: Context) => meetingsById(ctx.db, ids),
  sort: (meeting) => meeting.id,
  fields: (t) => ({
    id: t.id({ resolve: (m) => String(m.id) }),
    heldOn: t.field({ type: 'Date', resolve: (m) => m.held_on }),
    agenda: t.exposeString('agenda'),
    outcomes: t.exposeString('outcomes', { nullable: true }),
    table: t.field({ type: GovernanceTable, resolve: (m) => m.table_id }),
  }),
});

const MembershipConnection = connection('GovernanceTableMember', Membership);
const MeetingConnection = connection('Meeting', Meeting);
const AttendanceConnection = connection('MeetingAttendee', Attendance);
const GovernanceTableConnection = connection('GovernanceTable', GovernanceTable);

builder.objectFields(GovernanceTable, (t) => ({
  members: t.loadable({
    type: MembershipConnection,
    byPath: true,
    args: pageArgs(t.arg),
    load: (ids: number[], ctx: Context, args) => memberPages(ctx.db, ids, args),
    resolve: (table) => table.id,
  }),
  meetings: t.loadable({
    type: MeetingConnection,
    byPath: true,
    description: 'Meetings in date order, optionally within from–to (inclusive).',
    args: { from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date' }), ...pageArgs(t.arg) },
    load: async (ids: number[], ctx: Context, { from, to, ...page }) => {
      checkDateRange(from, to);
      return meetingPages(ctx.db, ids, { from, to }, page);
    },
    resolve: (table) => table.id,
  }),
}));

builder.objectFields(Meeting, (t) => ({
  attendees: t.loadable({
    type: AttendanceConnection,
    byPath: true,
    args: pageArgs(t.arg),
    load: (ids: number[], ctx: Context, args) => attendeePages(ctx.db, ids, args),
    resolve: (meeting) => meeting.id,
  }),
}));

const GovernanceTableFilter = builder.inputType('GovernanceTableFilter', {
  fields: (t) => ({
    level: t.field({ type: GovernanceLevel }),
    ambit: t.string(),
    municipality: t.string({ description: 'ISTAT code of the municipality of a municipal table.' }),
    topicContains: t.string(),
  }),
});

function parseId(id: string | number, argument: string): number {
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value <= 0) throw badUserInput(`"${String(id).slice(0, 20)}" is not a valid id.`, argument);
  return value;
}

builder.queryFields((t) => ({
  governanceTable: t.field({
    authScopes: { authenticated: true },
    type: GovernanceTable,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => GovernanceTable.getDataloader(ctx).load(parseId(id, 'id')),
  }),
  governanceTables: t.field({
    authScopes: { authenticated: true },
    type: GovernanceTableConnection,
    args: { filter: t.arg({ type: GovernanceTableFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, { filter, first, after }, ctx) =>
      tablePage(
        ctx.db,
        {
          level: filter?.level,
          ambitCode: filter?.ambit ? await requireAmbit(ctx, filter.ambit) : null,
          municipalityCode: filter?.municipality ? await requireMunicipality(ctx, filter.municipality) : null,
          topicContains: filter?.topicContains?.slice(0, 100),
        },
        { first, after },
      ),
  }),
  organisation: t.field({
    authScopes: { authenticated: true },
    type: Organisation,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => Organisation.getDataloader(ctx).load(parseId(id, 'id')),
  }),
}));

export { parseId };
