// The people IAL serves, in full — name, fiscal code, birth date… and the whole job path
// (job-path.ts) — for IAL Emilia-Romagna's own operators only (access.ts). Other partners learn
// of a person only by pseudonym, through the Participant entity (participant-entity.ts).
// Whatever is returned or refused goes into the audit trail, with which participants were read.
import { badUserInput, groupByKeys, isValidFiscalCode, normaliseFiscalCode } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import { jobPathsOfParticipants, participantPage, participantsById, type ParticipantRow, type ParticipantSearch } from '../db/repositories/participants.ts';
import { OWN_OPERATORS, PERSONAL, PSEUDONYMOUS } from './access.ts';
import { IalJobPath, JobPathStatus } from './job-path.ts';
import { IalOffice } from './office.ts';
import { Participant } from './participant-entity.ts';
import { Municipality, requireMunicipality } from './territory.ts';


// ---------------------------------------------------------------------------------------------
// The person in full, for IAL's own operators.

export const IalParticipant = builder.objectRef<ParticipantRow>('IalParticipant').implement({
  description: 'A person IAL serves, in full. Personal data: for IAL Emilia-Romagna\'s own operators only, and every read is audited.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ description: 'IAL\'s own id of the person; means nothing elsewhere.', resolve: (p) => String(p.id) }),
    pseudonym: t.exposeString('pseudonym', { tag: PERSONAL, description: 'The project-wide pseudonym, the same at every partner that serves the person.' }),
    fiscalCode: t.exposeString('fiscal_code', { tag: PERSONAL }),
    firstName: t.exposeString('first_name', { tag: PERSONAL }),
    lastName: t.exposeString('last_name', { tag: PERSONAL }),
    birthDate: t.field({ type: 'Date', tag: PERSONAL, resolve: (p) => p.birth_date }),
    gender: t.exposeString('gender', { tag: PERSONAL, description: 'F or M, as recorded.' }),
    citizenship: t.exposeString('citizenship', { tag: PERSONAL, description: 'ISO 3166-1 alpha-2, or OTHER.' }),
    residence: t.field({ type: Municipality, tag: PERSONAL, description: 'Municipality of residence.', resolve: (p) => ({ istatCode: p.residence_municipality }) }),
    jobPaths: t.loadableList({
      type: IalJobPath,
      tag: PERSONAL,
      description: 'Oldest first; usually one.',
      load: async (ids: number[], ctx: Context) => groupByKeys(ids, await jobPathsOfParticipants(ctx.db, ids), (path) => path.participant_id),
      resolve: (p) => p.id,
    }),
    participant: t.field({
      type: Participant,
      tag: PSEUDONYMOUS,
      description: 'The person across partners: the other partners\' facts about them, for case coordination.',
      // The grant says the caller's partner serves this person.
      resolve: (p, _args, ctx) => ({ pseudonym: p.pseudonym, grant: ctx.grants.sign(p.pseudonym) }),
    }),
  }),
});

export const IalParticipantConnection = connection('IalParticipant', IalParticipant);

const IalParticipantSearch = builder.inputType('IalParticipantSearch', {
  description: 'All given criteria must match.',
  fields: (t) => ({
    nameContains: t.string({ description: 'Part of the name, case-insensitive, at least 2 letters: matches "first last" and "last first", e.g. "ross" or "Mario Rossi".' }),
    fiscalCode: t.string({ description: 'The exact fiscal code (spaces and case do not matter).' }),
    municipality: t.string({ description: 'ISTAT code of the municipality of residence, e.g. 037006.' }),
    office: t.id({ description: 'Whose job path is at this IAL office, e.g. ial-bo.' }),
    status: t.field({ type: JobPathStatus, description: 'Whose job path has this status.' }),
  }),
});

const NAME_TEXT = /^[\p{L}\p{M}' .-]+$/u;

/** Checks the search criteria; messages never repeat a name or fiscal code back. */
async function participantSearch(ctx: Context, search: typeof IalParticipantSearch.$inferInput | null | undefined): Promise<ParticipantSearch> {
  const checked: ParticipantSearch = {};
  if (search?.nameContains != null) {
    const text = search.nameContains.trim().replace(/\s+/g, ' ');
    if (text.length < 2 || text.length > 60 || !NAME_TEXT.test(text)) {
      throw badUserInput('"nameContains" must be 2 to 60 letters (spaces, apostrophes, dots and hyphens allowed).', 'nameContains');
    }
    checked.nameContains = text;
  }
  if (search?.fiscalCode != null) {
    const code = normaliseFiscalCode(search.fiscalCode);
    if (!isValidFiscalCode(code)) {
      throw badUserInput('"fiscalCode" is not a valid Italian fiscal code: 16 letters and digits with a matching check character.', 'fiscalCode');
    }
    checked.fiscalCode = code;
  }
  if (search?.municipality != null) checked.municipalityCode = await requireMunicipality(ctx, search.municipality);
  if (search?.office != null) {
    const office = String(search.office);
    if (!/^ial-[a-z]{2}$/.test(office) || !(await IalOffice.getDataloader(ctx).load(office))) {
      throw badUserInput(`"${office.slice(0, 30)}" is not an IAL office: use "ial-" and a province code, e.g. ial-bo.`, 'office');
    }
    checked.officeId = office;
  }
  checked.status = search?.status ?? null;
  return checked;
}

export function parseParticipantId(id: string | number): number {
  const text = String(id);
  if (!/^[1-9][0-9]{0,9}$/.test(text) || Number(text) > 2_147_483_647) {
    throw badUserInput(`"${text.slice(0, 30)}" is not a valid id: participant ids are positive whole numbers.`, 'id');
  }
  return Number(text);
}

builder.queryFields((t) => ({
  ialParticipants: t.field({
    type: IalParticipantConnection,
    // Null when refused, so a refusal does not blank the rest of a federated response.
    nullable: true,
    // The partner scope alone decides (it implies signed-in), so every refusal is audited.
    authScopes: OWN_OPERATORS,
    skipTypeScopes: true,
    tag: PERSONAL,
    description: 'The people IAL serves, in id order, with their personal data and job paths: for IAL Emilia-Romagna\'s operators only. Every read is audited.',
    args: { search: t.arg({ type: IalParticipantSearch }), ...pageArgs(t.arg) },
    resolve: async (_root, { search, first, after }, ctx) => {
      const page = await participantPage(ctx.db, await participantSearch(ctx, search), { first, after });
      ctx.audit.touched('IalParticipant', page.nodes.length);
      ctx.audit.readParticipants(page.nodes.map((p) => p.id));
      return page;
    },
  }),
  ialParticipant: t.field({
    type: IalParticipant,
    nullable: true,
    authScopes: OWN_OPERATORS,
    skipTypeScopes: true,
    tag: PERSONAL,
    description: 'A person IAL serves, by IAL\'s id; null when there is none. For IAL Emilia-Romagna\'s operators only. Audited.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, { id }, ctx) => {
      const [row] = await participantsById(ctx.db, [parseParticipantId(id)]);
      ctx.audit.touched('IalParticipant', row ? 1 : 0);
      if (row) ctx.audit.readParticipants([row.id]);
      return row ?? null;
    },
  }),
}));
