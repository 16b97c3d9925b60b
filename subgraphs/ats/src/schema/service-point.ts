// Service points (sportelli) of the four ambit consortia, each read from its ambit's own store,
// and the service points of a Municipality, an Ambit and a consortium's lead Partner.
import type { PageArgs } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { emptyPage, mergedPage, pagePerKey, pagesByStore, rowsByGlobalId } from '../db/fan-out.ts';
import { ambitsLedBy } from '../db/repositories/consortium.ts';
import {
  SERVICE_POINT_ORDER,
  servicePointPagesOfMunicipalities,
  servicePoints,
  servicePointsById,
  type ServicePointFilter,
  type ServicePointRow,
} from '../db/repositories/service-points.ts';
import { ambitOfMunicipality, globalId, isAmbitCode, parseGlobalId, storeFor, type InAmbit, type Store } from '../db/stores.ts';
import { SERVICE_KINDS, SERVICE_POINT_KINDS } from '../db/types.ts';
import { readLanguage, requireAmbit, requireMunicipality, storesFor, WHEN_DOWN } from './arguments.ts';
import { Ambit, Municipality, Partner } from './refs.ts';

export const AtsServicePointKind = builder.enumType('AtsServicePointKind', { values: SERVICE_POINT_KINDS });
export const AtsServiceKind = builder.enumType('AtsServiceKind', {
  description: 'Kinds of service the ambit consortia deliver.',
  values: SERVICE_KINDS,
});

export const AtsServicePoint = builder.loadableObject('AtsServicePoint', {
  description: "A service point (sportello) of an ambit consortium: where people are taken in charge and served.",
  load: (ids: string[], ctx: Context) => rowsByGlobalId(ctx.stores, ids, servicePointsById),
  fields: (t) => ({
    id: t.id({ description: 'The ambit and the number of the point in its database, e.g. BOLOGNA:42.', resolve: (p) => globalId(p) }),
    name: t.exposeString('name'),
    kind: t.field({ type: AtsServicePointKind, resolve: (p) => p.kind }),
    openingHours: t.exposeString('opening_hours'),
    languages: t.stringList({ description: 'ISO 639-1 codes of the languages spoken at the point.', resolve: (p) => p.languages }),
    serviceKinds: t.field({ type: [AtsServiceKind], description: 'The kinds of service the point delivers.', resolve: (p) => p.service_kinds }),
    municipality: t.field({ type: Municipality, resolve: (p) => ({ istatCode: p.municipality_code }) }),
    ambit: t.field({ type: Ambit, resolve: (p) => ({ code: p.ambit }) }),
  }),
});

builder.asEntity(AtsServicePoint, {
  key: builder.selection<{ id: string }>('id'),
  resolveReference: (ref, ctx) => AtsServicePoint.getDataloader(ctx).load(ref.id),
});

export const AtsServicePointConnection = connection('AtsServicePoint', AtsServicePoint);

const AtsServicePointFilter = builder.inputType('AtsServicePointFilter', {
  fields: (t) => ({
    ambit: t.string({ description: 'Ambit code, e.g. ROMAGNA: reads that ambit\'s database only.' }),
    municipality: t.string({ description: 'ISTAT code of the municipality, e.g. 037006.' }),
    kind: t.field({ type: AtsServicePointKind }),
    language: t.string({ description: 'ISO 639-1 code of a language spoken at the point, e.g. ar.' }),
    offers: t.field({ type: AtsServiceKind, description: 'Points that deliver this kind of service.' }),
  }),
});

/** Arguments of the nested lists: the filter without the place, which the parent gives. */
const nestedArgs = (arg: Parameters<typeof pageArgs>[0]) => ({
  kind: arg({ type: AtsServicePointKind }),
  language: arg.string({ description: 'ISO 639-1 code of a language spoken at the point.' }),
  offers: arg({ type: AtsServiceKind }),
  ...pageArgs(arg),
});

type NestedArgs = PageArgs & { kind?: ServicePointFilter['kind']; language?: string | null; offers?: ServicePointFilter['offers'] };

function readNested({ kind, language, offers, first, after }: NestedArgs): { filter: ServicePointFilter; page: PageArgs } {
  return { filter: { kind, offers, language: language ? readLanguage(language) : null }, page: { first, after } };
}

const noPoints = (page: PageArgs) => emptyPage<InAmbit<ServicePointRow>>(page);
const pointsOf = (stores: Store[], filter: ServicePointFilter, page: PageArgs) =>
  mergedPage(stores, (db) => servicePoints(db, filter), { ...SERVICE_POINT_ORDER, args: page });

builder.objectFields(Municipality, (t) => ({
  atsServicePoints: t.loadable({
    nullable: true,
    type: AtsServicePointConnection,
    byPath: true,
    description: 'Service points of the ambit consortium in this municipality (read from its ambit\'s database only).' + WHEN_DOWN,
    args: nestedArgs(t.arg),
    load: async (codes: string[], ctx: Context, args) => {
      const { filter, page } = readNested(args);
      return pagesByStore(ctx.stores, codes, ambitOfMunicipality, (store, group) => servicePointPagesOfMunicipalities(store.db, group, filter, page), page);
    },
    resolve: (m) => m.istatCode,
  }),
}));

builder.objectFields(Ambit, (t) => ({
  atsServicePoints: t.loadable({
    nullable: true,
    type: AtsServicePointConnection,
    byPath: true,
    description: "Service points of the ambit's consortium, from the ambit's own database." + WHEN_DOWN,
    args: nestedArgs(t.arg),
    load: async (codes: string[], ctx: Context, args) => {
      const { filter, page } = readNested(args);
      return pagePerKey(codes, async (code) => (isAmbitCode(code) ? pointsOf([storeFor(ctx.stores, code)], filter, page) : noPoints(page)));
    },
    resolve: (ambit) => ambit.code,
  }),
}));

builder.objectFields(Partner, (t) => ({
  atsServicePoints: t.loadable({
    nullable: true,
    type: AtsServicePointConnection,
    byPath: true,
    description: 'Service points of the ambit consortia the partner leads (empty for a partner that leads none).' + WHEN_DOWN,
    args: nestedArgs(t.arg),
    load: async (ids: string[], ctx: Context, args) => {
      const { filter, page } = readNested(args);
      const led = await ambitsLedBy(ctx.stores, ids);
      return pagePerKey(ids, async (id) => {
        const ambits = led.get(id) ?? [];
        return ambits.length ? pointsOf(ambits.map((a) => storeFor(ctx.stores, a)), filter, page) : noPoints(page);
      });
    },
    resolve: (partner) => String(partner.id),
  }),
}));

builder.queryFields((t) => ({
  atsServicePoint: t.field({
    type: AtsServicePoint,
    nullable: true,
    description: 'A service point by id (e.g. BOLOGNA:42), read from its ambit\'s database; null when there is none.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      parseGlobalId(String(id));
      return AtsServicePoint.getDataloader(ctx).load(String(id));
    },
  }),
  atsServicePoints: t.field({
    nullable: true,
    type: AtsServicePointConnection,
    description:
      'Service points of the ambit consortia, in ISTAT-code order of their municipality. A filter on an ambit or municipality reads that ambit\'s database only; otherwise all four are read in parallel and merged.' + WHEN_DOWN,
    args: { filter: t.arg({ type: AtsServicePointFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) => {
      const ambit = filter?.ambit ? requireAmbit(filter.ambit) : null;
      const municipality = filter?.municipality ? requireMunicipality(filter.municipality) : null;
      return pointsOf(
        storesFor(ctx.stores, ambit, municipality?.ambit),
        {
          municipalityCode: municipality?.istatCode,
          kind: filter?.kind,
          language: filter?.language ? readLanguage(filter.language) : null,
          offers: filter?.offers,
        },
        { first, after },
      );
    },
  }),
}));
