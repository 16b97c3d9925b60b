// Azione 03: migrant associations and community activities (sport, culture, dialogue,
// information) of the ambit consortia, each read from its ambit's own store. Who attended is
// personal data and stays in the database.
import { badUserInput, checkDateRange, type PageArgs } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { emptyPage, mergedPage, pagePerKey, pagesByStore, rowsByGlobalId } from '../db/fan-out.ts';
import {
  ACTIVITY_ORDER,
  activities,
  activitiesById,
  activityPagesOfAssociations,
  activityPagesOfMunicipalities,
  ASSOCIATION_ORDER,
  associations,
  associationsById,
  type ActivityFilter,
  type ActivityRow,
  type AssociationFilter,
} from '../db/repositories/community.ts';
import { ambitOfMunicipality, globalId, isAmbitCode, parseGlobalId, storeFor, type InAmbit, type Store } from '../db/stores.ts';
import { ACTIVITY_KINDS, type ActivityKind } from '../db/types.ts';
import { readCountry, requireAmbit, requireMunicipality, storesFor, WHEN_DOWN } from './arguments.ts';
import { Ambit, Municipality } from './refs.ts';

const AtsActivityKind = builder.enumType('AtsActivityKind', { values: ACTIVITY_KINDS });

export const AtsMigrantAssociation = builder.loadableObject('AtsMigrantAssociation', {
  description: 'A migrant association the ambit consortium works with.',
  load: (ids: string[], ctx: Context) => rowsByGlobalId(ctx.stores, ids, associationsById),
  fields: (t) => ({
    id: t.id({ description: 'The ambit and the number of the association in its database, e.g. ROMAGNA:3.', resolve: (a) => globalId(a) }),
    name: t.exposeString('name'),
    communities: t.stringList({ description: 'ISO 3166-1 alpha-2 codes of the communities it represents.', resolve: (a) => a.communities }),
    municipality: t.field({ type: Municipality, description: 'Where it is seated.', resolve: (a) => ({ istatCode: a.municipality_code }) }),
    ambit: t.field({ type: Ambit, resolve: (a) => ({ code: a.ambit }) }),
  }),
});

export const AtsCommunityActivity = builder.loadableObject('AtsCommunityActivity', {
  description: 'A community activity of Azione 03: sport, culture, dialogue between communities, qualified information.',
  load: (ids: string[], ctx: Context) => rowsByGlobalId(ctx.stores, ids, activitiesById),
  fields: (t) => ({
    id: t.id({ description: 'The ambit and the number of the activity in its database, e.g. BOLOGNA:17.', resolve: (a) => globalId(a) }),
    title: t.exposeString('title'),
    kind: t.field({ type: AtsActivityKind, resolve: (a) => a.kind }),
    heldOn: t.field({ type: 'Date', resolve: (a) => a.held_on }),
    municipality: t.field({ type: Municipality, resolve: (a) => ({ istatCode: a.municipality_code }) }),
    ambit: t.field({ type: Ambit, resolve: (a) => ({ code: a.ambit }) }),
    organiser: t.field({
      type: AtsMigrantAssociation,
      nullable: true,
      description: 'The migrant association that organised it, if one did.',
      resolve: (a) => (a.association_id ? globalId({ ambit: a.ambit, id: a.association_id }) : null),
    }),
  }),
});

builder.asEntity(AtsMigrantAssociation, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => AtsMigrantAssociation.getDataloader(ctx).load(ref.id),
});
builder.asEntity(AtsCommunityActivity, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => AtsCommunityActivity.getDataloader(ctx).load(ref.id),
});

const AtsCommunityActivityConnection = connection('AtsCommunityActivity', AtsCommunityActivity);
const AtsMigrantAssociationConnection = connection('AtsMigrantAssociation', AtsMigrantAssociation);

const noActivities = (page: PageArgs) => emptyPage<InAmbit<ActivityRow>>(page);
const activitiesOf = (stores: Store[], filter: ActivityFilter, page: PageArgs) =>
  mergedPage(stores, (db) => activities(db, filter), { ...ACTIVITY_ORDER, args: page });

/** Arguments of the nested activity lists: kind and dates, the place coming from the parent. */
const nestedArgs = (arg: Parameters<typeof pageArgs>[0]) => ({
  kind: arg({ type: AtsActivityKind }),
  from: arg({ type: 'Date', description: 'Activities held on or after this date.' }),
  to: arg({ type: 'Date', description: 'Activities held on or before this date.' }),
  ...pageArgs(arg),
});

type NestedArgs = PageArgs & { kind?: ActivityKind | null; from?: string | null; to?: string | null };

function readNested({ kind, from, to, first, after }: NestedArgs): { filter: ActivityFilter; page: PageArgs } {
  checkDateRange(from, to);
  return { filter: { kind, from, to }, page: { first, after } };
}

builder.objectFields(AtsMigrantAssociation, (t) => ({
  activities: t.loadable({
    type: AtsCommunityActivityConnection,
    byPath: true,
    description: 'Activities the association organised, in date order.',
    args: nestedArgs(t.arg),
    load: async (ids: string[], ctx: Context, args) => {
      const { filter, page } = readNested(args);
      return pagesByStore(
        ctx.stores,
        ids,
        (id) => parseGlobalId(id)?.ambit,
        (store, group) => activityPagesOfAssociations(store.db, group.map((id) => parseGlobalId(id)!.id), filter, page),
        page,
      );
    },
    resolve: (a) => globalId(a),
  }),
}));

builder.objectFields(Municipality, (t) => ({
  atsCommunityActivities: t.loadable({
    nullable: true,
    type: AtsCommunityActivityConnection,
    byPath: true,
    description: "Community activities held in this municipality, in date order (read from its ambit's database only)." + WHEN_DOWN,
    args: nestedArgs(t.arg),
    load: async (codes: string[], ctx: Context, args) => {
      const { filter, page } = readNested(args);
      return pagesByStore(ctx.stores, codes, ambitOfMunicipality, (store, group) => activityPagesOfMunicipalities(store.db, group, filter, page), page);
    },
    resolve: (m) => m.istatCode,
  }),
}));

builder.objectFields(Ambit, (t) => ({
  atsCommunityActivities: t.loadable({
    nullable: true,
    type: AtsCommunityActivityConnection,
    byPath: true,
    description: "Community activities of the ambit's consortium, in date order, from the ambit's own database." + WHEN_DOWN,
    args: nestedArgs(t.arg),
    load: async (codes: string[], ctx: Context, args) => {
      const { filter, page } = readNested(args);
      return pagePerKey(codes, async (code) => (isAmbitCode(code) ? activitiesOf([storeFor(ctx.stores, code)], filter, page) : noActivities(page)));
    },
    resolve: (ambit) => ambit.code,
  }),
}));

const AtsCommunityActivityFilter = builder.inputType('AtsCommunityActivityFilter', {
  fields: (t) => ({
    ambit: t.string({ description: "Ambit code, e.g. BOLOGNA: reads that ambit's database only." }),
    municipality: t.string({ description: 'ISTAT code of the municipality where activities are held.' }),
    kind: t.field({ type: AtsActivityKind }),
    from: t.field({ type: 'Date', description: 'Activities held on or after this date.' }),
    to: t.field({ type: 'Date', description: 'Activities held on or before this date.' }),
    organiser: t.id({ description: 'Id of the organising migrant association, e.g. ROMAGNA:3.' }),
  }),
});

const AtsMigrantAssociationFilter = builder.inputType('AtsMigrantAssociationFilter', {
  fields: (t) => ({
    ambit: t.string({ description: "Ambit code: reads that ambit's database only." }),
    municipality: t.string({ description: 'ISTAT code of the municipality where associations are seated.' }),
    community: t.string({ description: 'ISO 3166-1 alpha-2 code of a community represented, e.g. MA.' }),
    nameContains: t.string({ description: 'Case-insensitive part of the name.' }),
  }),
});

builder.queryFields((t) => ({
  atsCommunityActivity: t.field({
    type: AtsCommunityActivity,
    nullable: true,
    description: "A community activity by id (e.g. BOLOGNA:17), read from its ambit's database; null when there is none.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      parseGlobalId(String(id));
      return AtsCommunityActivity.getDataloader(ctx).load(String(id));
    },
  }),
  atsCommunityActivities: t.field({
    nullable: true,
    type: AtsCommunityActivityConnection,
    description:
      'Community activities of the ambit consortia in date order. A filter on an ambit, a municipality or an organiser reads that ambit\'s database only; otherwise all four are read in parallel and merged.' + WHEN_DOWN,
    args: { filter: t.arg({ type: AtsCommunityActivityFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) => {
      checkDateRange(filter?.from, filter?.to);
      const ambit = filter?.ambit ? requireAmbit(filter.ambit) : null;
      const municipality = filter?.municipality ? requireMunicipality(filter.municipality) : null;
      const organiser = filter?.organiser ? parseGlobalId(String(filter.organiser), 'organiser') : undefined;
      // An organiser id that names no ambit can have organised nothing.
      if (organiser === null) return noActivities({ first, after });
      return activitiesOf(
        storesFor(ctx.stores, ambit, municipality?.ambit, organiser?.ambit),
        { municipalityCode: municipality?.istatCode, kind: filter?.kind, from: filter?.from, to: filter?.to, associationId: organiser?.id },
        { first, after },
      );
    },
  }),
  atsMigrantAssociation: t.field({
    type: AtsMigrantAssociation,
    nullable: true,
    description: "A migrant association by id (e.g. ROMAGNA:3), read from its ambit's database; null when there is none.",
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      parseGlobalId(String(id));
      return AtsMigrantAssociation.getDataloader(ctx).load(String(id));
    },
  }),
  atsMigrantAssociations: t.field({
    nullable: true,
    type: AtsMigrantAssociationConnection,
    description:
      "Migrant associations the ambit consortia work with, in ISTAT-code order of their seat. A filter on an ambit or municipality reads that ambit's database only." + WHEN_DOWN,
    args: { filter: t.arg({ type: AtsMigrantAssociationFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) => {
      const ambit = filter?.ambit ? requireAmbit(filter.ambit) : null;
      const municipality = filter?.municipality ? requireMunicipality(filter.municipality) : null;
      const nameContains = filter?.nameContains;
      if (nameContains && nameContains.length > 100) throw badUserInput('"nameContains" is limited to 100 characters.', 'nameContains');
      const storeFilter: AssociationFilter = {
        municipalityCode: municipality?.istatCode,
        community: filter?.community ? readCountry(filter.community) : null,
        nameContains,
      };
      return mergedPage(storesFor(ctx.stores, ambit, municipality?.ambit), (db) => associations(db, storeFilter), {
        ...ASSOCIATION_ORDER,
        args: { first, after },
      });
    },
  }),
}));
