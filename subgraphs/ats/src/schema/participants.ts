// The people an ambit consortium serves, in full — names, fiscal code, birth date, residence,
// their cases (presa in carico), the services delivered and the community activities attended —
// for the consortium's own operators only, each reading its own ambit's database (see access.ts).
// Every request that returns them is written to that ambit's audit trail, with which of them.
import { badUserInput, forbidden, keysetPage, isValidFiscalCode, normaliseFiscalCode, readPageArgs, type Page, type PageArgs } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { emptyPage, listsByGlobalId, rowsByGlobalId } from '../db/fan-out.ts';
import {
  attendanceOfParticipants,
  casesOfParticipants,
  participants,
  participantsById,
  servicesOfCases,
  type CaseRow,
  type ParticipantRow,
  type ParticipantSearch,
  type ServiceRow,
} from '../db/repositories/participants.ts';
import { globalId, onStore, parseGlobalId, withAmbit, type InAmbit, type Store } from '../db/stores.ts';
import { ownOperators, ownOperatorsOf, ownStore } from './access.ts';
import { requireMunicipality } from './arguments.ts';
import { AtsCommunityActivity } from './community.ts';
import { Participant } from './participant-entity.ts';
import { Ambit, Municipality } from './refs.ts';
import { AtsServiceKind, AtsServicePoint } from './service-point.ts';
import { AtsReferralSource } from './referral-source.ts';

const PERSONAL = { tag: ['personal'] };

/** Scope of the root fields: the caller's own ambit consortium, whatever the Query type requires. */
const OWN_OPERATORS_ONLY = { skipTypeScopes: true, authScopes: (_root: unknown, _args: unknown, ctx: Context) => ownOperators(ctx) } as const;

export const AtsServiceDelivery = builder.objectRef<InAmbit<ServiceRow>>('AtsServiceDelivery').implement({
  description: 'A service delivered to a participant within a case.',
  fields: (t) => ({
    id: t.id({ description: 'The ambit and the number of the service in its database, e.g. BOLOGNA:301.', resolve: (s) => globalId(s) }),
    kind: t.field({ type: AtsServiceKind, resolve: (s) => s.kind }),
    deliveredOn: t.field({ type: 'Date', resolve: (s) => s.delivered_on }),
    durationMinutes: t.exposeInt('duration_minutes'),
    language: t.exposeString('language', { description: 'ISO 639-1 code of the language the service was delivered in.' }),
    mediatorCode: t.exposeString('mediator_code', { nullable: true, description: 'Staff code of the intercultural mediator (e.g. MED-BO-007), never a name.' }),
  }),
});

export const AtsCase = builder.objectRef<InAmbit<CaseRow>>('AtsCase').implement({
  description: 'A case-taking (presa in carico): a participant taken in charge at a service point, and the services delivered since.',
  fields: (t) => ({
    id: t.id({ description: 'The ambit and the number of the case in its database, e.g. BOLOGNA:120.', resolve: (c) => globalId(c) }),
    servicePoint: t.field({
      type: AtsServicePoint,
      description: 'Where the participant was taken in charge.',
      resolve: (c) => globalId({ ambit: c.ambit, id: c.service_point_id }),
    }),
    openedOn: t.field({ type: 'Date', resolve: (c) => c.opened_on }),
    closedOn: t.field({ type: 'Date', nullable: true, description: 'Null while the case is open.', resolve: (c) => c.closed_on }),
    referralSource: t.field({ type: AtsReferralSource, resolve: (c) => c.referral_source }),
    services: t.loadableList({
      type: AtsServiceDelivery,
      description: 'Services delivered within the case, in date order.',
      load: (ids: string[], ctx: Context) => listsByGlobalId(ctx.stores, ids, servicesOfCases, (s) => s.case_id),
      resolve: (c) => globalId(c),
    }),
  }),
});

export const AtsParticipant = builder.objectRef<InAmbit<ParticipantRow>>('AtsParticipant').implement({
  description:
    "A person the ambit consortium serves, with personal data: for the operators of the consortium's own ambit only, and every read is audited.",
  tag: ['personal'],
  // Defence in depth: whatever field returns one, only the operators of its own ambit see it.
  authScopes: (row, ctx) => ownOperatorsOf(row.ambit, ctx),
  fields: (t) => ({
    id: t.id({ description: 'The ambit and the number of the participant in its database, e.g. BOLOGNA:42.', resolve: (p) => globalId(p) }),
    pseudonym: t.string({
      ...PERSONAL,
      description: 'HMAC-SHA256 of the normalised fiscal code with the project-wide linkage key, hex: how partners join without personal data.',
      resolve: (p) => p.pseudonym,
    }),
    fiscalCode: t.exposeString('fiscal_code', { ...PERSONAL, description: 'Codice fiscale.' }),
    firstName: t.exposeString('first_name', PERSONAL),
    lastName: t.exposeString('last_name', PERSONAL),
    birthDate: t.field({ ...PERSONAL, type: 'Date', resolve: (p) => p.birth_date }),
    gender: t.exposeString('gender', { ...PERSONAL, description: 'F or M, as on the fiscal code.' }),
    citizenship: t.exposeString('citizenship', { ...PERSONAL, description: 'ISO 3166-1 alpha-2 code, or OTHER.' }),
    residence: t.field({ ...PERSONAL, type: Municipality, description: 'Municipality of residence.', resolve: (p) => ({ istatCode: p.residence_municipality }) }),
    ambit: t.field({ type: Ambit, description: 'The ambit whose consortium (and database) holds the record.', resolve: (p) => ({ code: p.ambit }) }),
    cases: t.loadableList({
      ...PERSONAL,
      type: AtsCase,
      description: 'Cases of the participant in this ambit, oldest first.',
      load: (ids: string[], ctx: Context) => listsByGlobalId(ctx.stores, ids, casesOfParticipants, (c) => c.participant_id),
      resolve: (p) => globalId(p),
    }),
    communityActivities: t.loadableList({
      ...PERSONAL,
      type: AtsCommunityActivity,
      description: 'Community activities (Azione 03) the participant attended, in date order.',
      // Ids: the activities themselves are then loaded by id, one statement per store.
      load: async (ids: string[], ctx: Context) => {
        const attended = await listsByGlobalId(ctx.stores, ids, attendanceOfParticipants, (a) => a.participant_id);
        return attended.map((rows) => (rows instanceof Error ? rows : rows.map((a) => globalId({ ambit: a.ambit, id: a.activity_id }))));
      },
      resolve: (p) => globalId(p),
    }),
    participant: t.field({
      type: Participant,
      description: "The participant as every partner knows them, by pseudonym: other partners' facts about them for case coordination.",
      // The grant says the caller's partner serves this person.
      resolve: (p, _args, ctx) => ({ pseudonym: p.pseudonym, grant: ctx.grants.sign(p.pseudonym) }),
    }),
  }),
});

const AtsParticipantConnection = connection('AtsParticipant', AtsParticipant);

const AtsParticipantSearch = builder.inputType('AtsParticipantSearch', {
  description: 'All given conditions must hold.',
  fields: (t) => ({
    nameContains: t.string({ description: 'Part of the name, any case; several words must all appear in "first last", e.g. "rossi mar".' }),
    fiscalCode: t.string({ description: 'Exact fiscal code; case and spaces do not matter.' }),
    municipality: t.string({ description: 'ISTAT code of the municipality of residence, e.g. 037006.' }),
    citizenship: t.string({ description: 'ISO 3166-1 alpha-2 code of citizenship, e.g. MA, or OTHER.' }),
    servicePoint: t.id({ description: 'Participants with a case at this service point, e.g. BOLOGNA:42.' }),
  }),
});

type SearchInput = typeof AtsParticipantSearch.$inferInput;

/** The search as a store filter; null when nothing in `store` can match (a service point of another ambit). */
function readSearch(search: SearchInput | null | undefined, store: Store): ParticipantSearch | null {
  if (!search) return {};
  let nameWords: string[] | null = null;
  if (search.nameContains != null) {
    const name = search.nameContains.trim().replace(/\s+/g, ' ');
    // Messages never repeat what was searched: it is personal data.
    if (name.length < 2 || name.length > 100) throw badUserInput('"nameContains" must hold 2 to 100 characters.', 'nameContains');
    nameWords = name.toLowerCase().split(' ');
  }
  let fiscalCode: string | null = null;
  if (search.fiscalCode != null) {
    fiscalCode = normaliseFiscalCode(search.fiscalCode);
    if (!isValidFiscalCode(fiscalCode)) {
      throw badUserInput('"fiscalCode" is not a valid Italian fiscal code: 16 letters and digits ending in the right check character.', 'fiscalCode');
    }
  }
  let citizenship: string | null = null;
  if (search.citizenship != null) {
    citizenship = search.citizenship.toUpperCase();
    if (!/^([A-Z]{2}|OTHER)$/.test(citizenship)) {
      throw badUserInput('"citizenship" must be an ISO 3166-1 alpha-2 code such as MA, or OTHER.', 'citizenship');
    }
  }
  const municipalityCode = search.municipality != null ? requireMunicipality(search.municipality).istatCode : null;
  let servicePointId: number | null = null;
  if (search.servicePoint != null) {
    const point = parseGlobalId(String(search.servicePoint), 'servicePoint');
    if (!point || point.ambit !== store.ambit) return null;
    servicePointId = point.id;
  }
  return { nameWords, fiscalCode, municipalityCode, citizenship, servicePointId };
}

/** The caller's own store; the scope has already said there is one. */
async function callersStore(ctx: Context): Promise<Store> {
  const store = await ownStore(ctx);
  if (!store) throw forbidden("Only the operators of the ambit's own consortium may read its participants.");
  return store;
}

async function pageOfParticipants(store: Store, search: ParticipantSearch | null, args: PageArgs): Promise<Page<InAmbit<ParticipantRow>>> {
  if (!search) {
    readPageArgs(args, 1); // bad page arguments are bad input even when nothing can match
    return emptyPage(args);
  }
  return onStore(store, async (db) => {
    const page = await keysetPage(participants(db, search), {
      // By registration order: a cursor carries the row id, never a name.
      orderBy: ['id'],
      key: (row) => [row.id],
      args,
    });
    return {
      ...page,
      nodes: withAmbit(store.ambit, page.nodes),
      totalCount: () => onStore(store, async () => page.totalCount()),
    };
  });
}

builder.queryFields((t) => ({
  atsParticipants: t.field({
    ...OWN_OPERATORS_ONLY,
    ...PERSONAL,
    type: AtsParticipantConnection,
    nullable: true,
    description:
      "Participants of the caller's own ambit, with personal data, in registration order. For the operators of the consortium of the ambit their token names only; read from that ambit's database and audited.",
    args: { search: t.arg({ type: AtsParticipantSearch }), ...pageArgs(t.arg) },
    resolve: async (_root, { search, first, after }, ctx) => {
      const store = await callersStore(ctx);
      const page = await pageOfParticipants(store, readSearch(search, store), { first, after });
      if (page.nodes.length) ctx.audit.touched('AtsParticipant', page.nodes.length, store.name);
      ctx.audit.readParticipants(page.nodes.map((p) => p.id), store.name);
      return page;
    },
  }),
  atsParticipant: t.field({
    ...OWN_OPERATORS_ONLY,
    ...PERSONAL,
    type: AtsParticipant,
    nullable: true,
    description: "A participant of the caller's own ambit by id (e.g. BOLOGNA:42), with personal data; null when there is none. Audited.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const store = await callersStore(ctx);
      const ref = parseGlobalId(String(id));
      if (!ref) return null;
      if (ref.ambit !== store.ambit) {
        ctx.audit.denied('Query.atsParticipant');
        throw forbidden("A consortium's operators read the participants of their own ambit only.");
      }
      const [row] = await rowsByGlobalId(ctx.stores, [String(id)], participantsById);
      if (row instanceof Error) throw row;
      if (row) ctx.audit.touched('AtsParticipant', 1, store.name);
      if (row) ctx.audit.readParticipants([row.id], store.name);
      return row ?? null;
    },
  }),
}));
