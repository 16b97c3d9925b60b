// The CPIA network: its institutes (one per province) and their sites (sedi).
import { badUserInput, groupByKeys } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { allInstitutes, institutesById, sitePage, sitePagesOfInstitutes, sitesById, sitesOfMunicipalities } from '../db/repositories/network.ts';
import { parseId, requireAmbit, requireMunicipality, requireProvince } from './arguments.ts';
import { Ambit, Municipality } from './territory.ts';

export const CpiaInstitute = builder.loadableObject('CpiaInstitute', {
  description: "A CPIA (Centro Provinciale per l'Istruzione degli Adulti), the public adult-education centre of a province.",
  load: (ids: string[], ctx: Context) => institutesById(ctx.db, ids),
  sort: (institute) => institute.id,
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable id, e.g. cpia-bologna.' }),
    name: t.exposeString('name'),
    provinceCode: t.exposeString('province_code', { description: 'Two-letter code (sigla) of its province, e.g. BO.' }),
    isNetworkLead: t.exposeBoolean('is_network_lead', { description: 'True for CPIA Metropolitano di Bologna, which leads the network in the plan.' }),
    seat: t.field({ type: Municipality, description: 'Where its head office is.', resolve: (i) => ({ istatCode: i.seat_municipality_code }) }),
  }),
});

export const CpiaSite = builder.loadableObject('CpiaSite', {
  description: 'A site (sede) where a CPIA runs courses.',
  load: (ids: number[], ctx: Context) => sitesById(ctx.db, ids),
  sort: (site) => site.id,
  fields: (t) => ({
    id: t.id({ resolve: (site) => String(site.id) }),
    name: t.exposeString('name'),
    municipality: t.field({ type: Municipality, resolve: (site) => ({ istatCode: site.municipality_code }) }),
    ambit: t.field({ type: Ambit, description: 'The ambit of its municipality.', resolve: (site) => ({ code: site.ambit_code }) }),
    institute: t.field({ type: CpiaInstitute, resolve: (site) => site.institute_id }),
  }),
});

export const CpiaSiteConnection = connection('CpiaSite', CpiaSite);

builder.objectFields(CpiaInstitute, (t) => ({
  sites: t.loadable({
    type: CpiaSiteConnection,
    byPath: true,
    description: 'Its sites, in ISTAT order of their municipality.',
    args: pageArgs(t.arg),
    load: (ids: string[], ctx: Context, args) => sitePagesOfInstitutes(ctx.db, ids, args),
    resolve: (institute) => institute.id,
  }),
}));

builder.objectFields(Municipality, (t) => ({
  cpiaSites: t.loadableList({
    type: CpiaSite,
    nullable: true,
    description: 'Sites of the CPIA network in the municipality.',
    load: async (codes: string[], ctx: Context) => groupByKeys(codes, await sitesOfMunicipalities(ctx.db, codes), (site) => site.municipality_code),
    resolve: (municipality) => municipality.istatCode,
  }),
}));

const CpiaSiteFilter = builder.inputType('CpiaSiteFilter', {
  fields: (t) => ({
    ambit: t.string({ description: 'Ambit code, e.g. ROMAGNA.' }),
    province: t.string({ description: 'Two-letter province code, e.g. BO.' }),
    municipality: t.string({ description: 'ISTAT code of the municipality, e.g. 037006.' }),
    institute: t.id({ description: 'Id of the institute, e.g. cpia-parma.' }),
  }),
});

function instituteId(id: string | number): string {
  if (!/^[a-z0-9-]{1,60}$/.test(String(id))) throw badUserInput(`"${String(id).slice(0, 30)}" is not an institute id (lower-case words joined by dashes, e.g. cpia-parma).`, 'institute');
  return String(id);
}

builder.queryFields((t) => ({
  cpiaInstitutes: t.field({
    type: [CpiaInstitute],
    description: 'The CPIA of the network, one per province, in ISTAT order.',
    resolve: (_root, _args, ctx) => allInstitutes(ctx.db),
  }),
  cpiaSite: t.field({
    type: CpiaSite,
    nullable: true,
    description: 'A site by id; null when there is none with that id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => CpiaSite.getDataloader(ctx).load(parseId(id)),
  }),
  cpiaSites: t.field({
    type: CpiaSiteConnection,
    description: 'Sites of the CPIA network in ISTAT order of their municipality.',
    args: { filter: t.arg({ type: CpiaSiteFilter }), ...pageArgs(t.arg) },
    resolve: (_root, { filter, first, after }, ctx) =>
      sitePage(
        ctx.db,
        {
          ambitCode: filter?.ambit ? requireAmbit(filter.ambit) : null,
          provinceCode: filter?.province ? requireProvince(filter.province) : null,
          municipalityCode: filter?.municipality ? requireMunicipality(filter.municipality) : null,
          instituteId: filter?.institute ? instituteId(filter.institute) : null,
        },
        { first, after },
      ),
  }),
}));
