// The people the network serves, in full — names, fiscal code, date of birth, residence, every
// enrolment — for the network's own operators only (partner cpia-bologna). Everyone else, the
// region and BI tools included, gets FORBIDDEN and no data, and the refusal is audited. Every
// personal field carries @tag(name: "personal"); each request that returns participants is written
// to the audit trail with how many it returned and which (their ids here), never their data.
import { badUserInput, groupByKeys, isValidFiscalCode, normaliseFiscalCode } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { enrolmentsOf, participantPage, participantsById, type EnrolmentRow, type ParticipantRow, type ParticipantSearch } from '../db/repositories/participants.ts';
import { parseId, requireMunicipality } from './arguments.ts';
import { OWN_OPERATORS } from './access.ts';
import { CefrLevel, CpiaCourse, CpiaCourseKind } from './course.ts';
import { CpiaEnrolmentStatus } from './enrolment-status.ts';
import { Participant } from './participant-entity.ts';
import { Municipality } from './territory.ts';

const PERSONAL = { tag: ['personal'] };
const ENTITY = 'CpiaParticipant';

const CpiaGender = builder.enumType('CpiaGender', {
  description: 'As recorded with the fiscal code: F or M.',
  values: ['F', 'M'] as const,
});

export const CpiaEnrolment = builder.objectRef<EnrolmentRow>('CpiaEnrolment').implement({
  description: "A participant's enrolment in a course, as the network records it. For the network's own operators only.",
  authScopes: OWN_OPERATORS,
  ...PERSONAL,
  fields: (t) => ({
    course: t.field({ type: CpiaCourse, resolve: (e) => e.course_id }),
    enrolledOn: t.field({ type: 'Date', resolve: (e) => e.enrolled_on }),
    entryLevel: t.field({ type: CefrLevel, nullable: true, description: 'CEFR level at the placement test; null for courses that do not teach Italian.', resolve: (e) => e.entry_level }),
    exitLevel: t.field({ type: CefrLevel, nullable: true, description: 'CEFR level assessed on completing a language course.', resolve: (e) => e.exit_level }),
    hoursAttended: t.exposeFloat('hours_attended'),
    status: t.field({ type: CpiaEnrolmentStatus, resolve: (e) => e.status }),
    certificateIssued: t.exposeBoolean('certificate_issued'),
  }),
});

export const CpiaParticipant = builder.objectRef<ParticipantRow>(ENTITY).implement({
  description: "A person the CPIA network serves, with their personal data and enrolments. For the network's own operators only; every read is audited.",
  authScopes: OWN_OPERATORS,
  ...PERSONAL,
  fields: (t) => ({
    id: t.id({ ...PERSONAL, resolve: (p) => String(p.id) }),
    pseudonym: t.exposeString('pseudonym', { ...PERSONAL, description: 'HMAC-SHA256 of the normalised fiscal code with the project-wide linkage key, hex.' }),
    fiscalCode: t.exposeString('fiscal_code', PERSONAL),
    firstName: t.exposeString('first_name', PERSONAL),
    lastName: t.exposeString('last_name', PERSONAL),
    birthDate: t.field({ type: 'Date', ...PERSONAL, resolve: (p) => p.birth_date }),
    gender: t.field({ type: CpiaGender, ...PERSONAL, resolve: (p) => p.gender }),
    citizenship: t.exposeString('citizenship', { ...PERSONAL, description: 'ISO 3166-1 alpha-2 code, or OTHER.' }),
    residence: t.field({ type: Municipality, ...PERSONAL, description: 'Municipality of residence.', resolve: (p) => ({ istatCode: p.residence_municipality }) }),
    enrolments: t.loadableList({
      type: CpiaEnrolment,
      ...PERSONAL,
      description: 'Every enrolment, in course start order.',
      load: async (ids: number[], ctx: Context) => groupByKeys(ids, await enrolmentsOf(ctx.db, ids), (e) => e.participant_id),
      resolve: (p) => p.id,
    }),
    participant: t.field({
      type: Participant,
      description: "The same person across partners: what other partners' subgraphs know of them, for case coordination.",
      resolve: (p, _args, ctx) => ({ pseudonym: p.pseudonym, grant: ctx.grants.sign(p.pseudonym) }),
    }),
  }),
});

const CpiaParticipantConnection = connection(ENTITY, CpiaParticipant);

const CpiaParticipantSearch = builder.inputType('CpiaParticipantSearch', {
  description: 'All given criteria must match.',
  fields: (t) => ({
    nameContains: t.string({ ...PERSONAL, description: 'Part of the name, in any letter case: "amrani", "fatima el", "El Amrani Fatima". 2 to 80 characters.' }),
    fiscalCode: t.string({ ...PERSONAL, description: 'The exact fiscal code; spaces and letter case do not matter.' }),
    municipality: t.string({ description: 'ISTAT code of the municipality of residence, e.g. 037006.' }),
    citizenship: t.string({ description: 'ISO 3166-1 alpha-2 code of citizenship, e.g. MA, or OTHER.' }),
    courseKind: t.field({ type: CpiaCourseKind, description: 'Enrolled at least once in a course of this kind.' }),
  }),
});

/** The search as the repository takes it; BAD_USER_INPUT for malformed criteria. Messages never repeat names or codes. */
function readSearch(search: typeof CpiaParticipantSearch.$inferInput | null | undefined): ParticipantSearch {
  const result: ParticipantSearch = {};
  if (search?.nameContains != null) {
    const name = search.nameContains.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 80) throw badUserInput('"nameContains" must have 2 to 80 characters.', 'nameContains');
    if (/[\p{Cc}\p{Cf}]/u.test(name)) throw badUserInput('"nameContains" contains control characters.', 'nameContains');
    result.nameContains = name;
  }
  if (search?.fiscalCode != null) {
    const code = normaliseFiscalCode(search.fiscalCode);
    if (!isValidFiscalCode(code)) throw badUserInput('"fiscalCode" is not a valid Italian fiscal code (16 characters with a matching check character).', 'fiscalCode');
    result.fiscalCode = code;
  }
  if (search?.municipality != null) {
    result.municipalityCode = requireMunicipality(search.municipality);
  }
  if (search?.citizenship != null) {
    const code = search.citizenship.trim().toUpperCase();
    if (!/^([A-Z]{2}|OTHER)$/.test(code)) throw badUserInput('"citizenship" must be an ISO 3166-1 alpha-2 code such as MA, or OTHER.', 'citizenship');
    result.citizenship = code;
  }
  if (search?.courseKind) result.courseKind = search.courseKind;
  return result;
}

builder.queryFields((t) => ({
  cpiaParticipants: t.field({
    type: CpiaParticipantConnection,
    tag: ['personal'],
    // The field's own scope replaces the query type's (authenticated): a refusal is then a refused
    // personal field, which the audit trail records, for anonymous callers too.
    skipTypeScopes: true,
    authScopes: OWN_OPERATORS,
    description: "People the CPIA network serves, in record order. For the network's own operators only; audited.",
    args: { search: t.arg({ type: CpiaParticipantSearch }), ...pageArgs(t.arg) },
    resolve: async (_root, { search, first, after }, ctx) => {
      const page = await participantPage(ctx.db, readSearch(search), { first, after });
      ctx.audit.touched(ENTITY, page.nodes.length);
      ctx.audit.readParticipants(page.nodes.map((p) => p.id));
      return page;
    },
  }),
  cpiaParticipant: t.field({
    type: CpiaParticipant,
    tag: ['personal'],
    nullable: true,
    skipTypeScopes: true,
    authScopes: OWN_OPERATORS,
    description: "A person the CPIA network serves, by id; null when there is none. For the network's own operators only; audited.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const [row] = await participantsById(ctx.db, [parseId(id)]);
      ctx.audit.touched(ENTITY, row ? 1 : 0);
      if (row) ctx.audit.readParticipants([row.id]);
      return row ?? null;
    },
  }),
}));
