// Territory master data: Municipality and Ambit are entities owned here; other partners add fields to them.
import { badUserInput, checkAmbitCodeFormat, checkIstatCode, groupByKeys, groupedPages } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import {
  allAmbits,
  allProvinces,
  ambitsByCode,
  municipalitiesByCode,
  municipalityPage,
  provincesByCode,
  provincesOfAmbits,
  type MunicipalityRow,
} from '../db/repositories/territory.ts';

export const Ambit = builder.loadableObject('Ambit', {
  description: 'One of the four territorial ambits of the plan, each served by an ambit consortium (ATS).',
  load: (codes: string[], ctx: Context) => ambitsByCode(ctx.db, codes),
  sort: (ambit) => ambit.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Stable code, e.g. EMILIA_NORD.', tag: ['public'] }),
    name: t.exposeString('name', { tag: ['public'] }),
  }),
});

export const Province = builder.loadableObject('Province', {
  load: (codes: string[], ctx: Context) => provincesByCode(ctx.db, codes),
  sort: (province) => province.code,
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Two-letter code (sigla), e.g. BO.', tag: ['public'] }),
    istatCode: t.exposeString('istat_code', { description: 'Three-digit ISTAT province code.', tag: ['public'] }),
    name: t.exposeString('name', { tag: ['public'] }),
    ambit: t.field({ type: Ambit, tag: ['public'], resolve: (province) => province.ambit_code }),
  }),
});

export const Municipality = builder.loadableObject('Municipality', {
  description: 'A municipality (comune) of Emilia-Romagna, from ISTAT\'s official list.',
  load: (codes: string[], ctx: Context) => municipalitiesByCode(ctx.db, codes),
  sort: (municipality) => municipality.istat_code,
  fields: (t) => ({
    istatCode: t.exposeString('istat_code', { description: 'Six-digit ISTAT code, e.g. 037006 for Bologna.', tag: ['public'] }),
    name: t.exposeString('name', { tag: ['public'] }),
    province: t.field({ type: Province, tag: ['public'], resolve: (m) => m.province_code }),
    ambit: t.field({ type: Ambit, tag: ['public'], resolve: (m) => m.ambit_code }),
  }),
});

builder.asEntity(Municipality, {
  key: builder.selection<{ istatCode: string }>('istatCode'),
  resolveReference: (ref, ctx) => Municipality.getDataloader(ctx).load(ref.istatCode),
});
builder.asEntity(Ambit, {
  key: builder.selection<{ code: string }>('code'),
  resolveReference: (ref, ctx) => Ambit.getDataloader(ctx).load(ref.code),
});

export const MunicipalityConnection = connection('Municipality', Municipality, { tag: ['public'] });

const municipalitiesOf = (parentColumn: 'm.province_code' | 'p.ambit_code', parentKey: (row: MunicipalityRow) => string) =>
  (keys: string[], ctx: Context, args: { first?: number | null; after?: string | null }) =>
    groupedPages(
      ctx.db,
      ctx.db
        .selectFrom('municipality as m')
        .innerJoin('province as p', 'p.code', 'm.province_code')
        .select(['m.istat_code', 'm.name', 'm.province_code', 'p.ambit_code']),
      { parentColumn, parentKey, parents: keys, orderBy: ['m.istat_code'], args },
    );

builder.objectFields(Province, (t) => ({
  municipalities: t.loadable({
    type: MunicipalityConnection,
    byPath: true,
    tag: ['public'],
    args: pageArgs(t.arg),
    load: municipalitiesOf('m.province_code', (row) => row.province_code),
    resolve: (province) => province.code,
  }),
}));

builder.objectFields(Ambit, (t) => ({
  provinces: t.loadableList({
    type: Province,
    tag: ['public'],
    load: async (codes: string[], ctx: Context) =>
      groupByKeys(codes, await provincesOfAmbits(ctx.db, codes), (province) => province.ambit_code),
    resolve: (ambit) => ambit.code,
  }),
  municipalities: t.loadable({
    type: MunicipalityConnection,
    byPath: true,
    tag: ['public'],
    args: pageArgs(t.arg),
    load: municipalitiesOf('p.ambit_code', (row) => row.ambit_code),
    resolve: (ambit) => ambit.code,
  }),
}));

/** Resolves an ambit code given as a filter; unknown codes are the caller's mistake. */
export async function requireAmbit(ctx: Context, code: string, argument = 'ambit'): Promise<string> {
  checkAmbitCodeFormat(code, argument);
  if (!(await Ambit.getDataloader(ctx).load(code))) {
    const known = (await allAmbits(ctx.db)).map((a) => a.code).join(', ');
    throw badUserInput(`Unknown ambit "${code}". Known ambits: ${known}.`, argument);
  }
  return code;
}

export async function requireProvince(ctx: Context, code: string, argument = 'province'): Promise<string> {
  const upper = code.toUpperCase();
  if (!/^[A-Z]{2}$/.test(upper) || !(await Province.getDataloader(ctx).load(upper))) {
    const known = (await allProvinces(ctx.db)).map((p) => p.code).join(', ');
    throw badUserInput(`Unknown province "${code.slice(0, 20)}". Use a two-letter code of Emilia-Romagna: ${known}.`, argument);
  }
  return upper;
}

export async function requireMunicipality(ctx: Context, istatCode: string, argument = 'municipality'): Promise<string> {
  checkIstatCode(istatCode, argument);
  if (!(await Municipality.getDataloader(ctx).load(istatCode))) {
    throw badUserInput(`No municipality of Emilia-Romagna has ISTAT code ${istatCode}.`, argument);
  }
  return istatCode;
}

const MunicipalityFilter = builder.inputType('MunicipalityFilter', {
  fields: (t) => ({
    province: t.string({ description: 'Two-letter province code, e.g. BO.' }),
    ambit: t.string({ description: 'Ambit code, e.g. ROMAGNA.' }),
    nameContains: t.string({ description: 'Case-insensitive part of the name.' }),
  }),
});

builder.queryFields((t) => ({
  municipality: t.field({
    type: Municipality,
    nullable: true,
    tag: ['public'],
    description: 'A municipality by ISTAT code; null when no municipality of the region has it.',
    args: { istatCode: t.arg.string({ required: true }) },
    resolve: (_root, { istatCode }, ctx) => Municipality.getDataloader(ctx).load(checkIstatCode(istatCode)),
  }),
  municipalities: t.field({
    type: MunicipalityConnection,
    tag: ['public'],
    description: 'Municipalities of Emilia-Romagna in ISTAT-code order.',
    args: { filter: t.arg({ type: MunicipalityFilter }), ...pageArgs(t.arg) },
    resolve: async (_root, { filter, first, after }, ctx) => {
      const provinceCode = filter?.province ? await requireProvince(ctx, filter.province) : null;
      const ambitCode = filter?.ambit ? await requireAmbit(ctx, filter.ambit) : null;
      if (filter?.nameContains && filter.nameContains.length > 100) throw badUserInput('"nameContains" is limited to 100 characters.', 'nameContains');
      return municipalityPage(ctx.db, { provinceCode, ambitCode, nameContains: filter?.nameContains }, { first, after });
    },
  }),
  ambit: t.field({
    type: Ambit,
    nullable: true,
    tag: ['public'],
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => Ambit.getDataloader(ctx).load(checkAmbitCodeFormat(code, 'code')),
  }),
  ambits: t.field({ type: [Ambit], tag: ['public'], resolve: (_root, _args, ctx) => allAmbits(ctx.db) }),
  province: t.field({
    type: Province,
    nullable: true,
    tag: ['public'],
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, { code }, ctx) => {
      if (!/^[A-Za-z]{2}$/.test(code)) throw badUserInput(`"${code.slice(0, 20)}" is not a province code: use two letters, e.g. BO.`, 'code');
      return Province.getDataloader(ctx).load(code.toUpperCase());
    },
  }),
  provinces: t.field({
    type: [Province],
    tag: ['public'],
    description: 'The nine provinces of Emilia-Romagna, optionally of one ambit.',
    args: { ambit: t.arg.string() },
    resolve: async (_root, { ambit }, ctx) => allProvinces(ctx.db, ambit ? await requireAmbit(ctx, ambit) : null),
  }),
}));
