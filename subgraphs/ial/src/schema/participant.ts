// The people IAL serves. Two views of them:
// - IalParticipant: the person in full — name, fiscal code, birth date… and the whole job path —
//   for IAL Emilia-Romagna's own operators only;
// - Participant (an entity every people-serving partner resolves by pseudonym): IAL's
//   non-personal facts about the job path, for IAL's operators and, for case coordination, for
//   the operators of a partner that serves the same person itself (it holds a grant its own
//   subgraph signed for that pseudonym).
// Whatever is returned or refused goes into the audit trail, with which participants were read.
import { badUserInput, forbidden, groupByKeys, isValidFiscalCode, normaliseFiscalCode, type Viewer } from '@pleiadi/kit';
import { builder, connection, pageArgs, type Context } from '../builder.ts';
import {
  assessmentsOfPaths, jobPathFacts, jobPathsOfParticipants, participantPage, participantsById, placementsOfPaths, recognitionsOfPaths,
  sessionsOfPaths, traineeshipsOfPaths, type JobPathFactRow, type JobPathRow, type ParticipantRow, type ParticipantSearch, type PlacementRow,
  type QualificationRecognitionRow, type SkillsAssessmentRow, type TraineeshipRow, type OrientationSessionRow,
} from '../db/repositories/participants.ts';
import {
  ASSESSMENT_DOCUMENTS, CONTRACT_KINDS, JOB_PATH_STATUSES, ORIENTATION_KINDS, QUALIFICATION_KINDS, RECOGNITION_OUTCOMES, TRAINEESHIP_OUTCOMES,
} from '../db/types.ts';
import { IalEmployer } from './employer.ts';
import { IalOffice } from './office.ts';
import { IAL_PARTNER_ID } from './partner.ts';
import { Municipality, requireMunicipality } from './territory.ts';

/** IAL Emilia-Romagna's own operators: the only callers who see its participants in full. */
const OWN_OPERATORS = { partner: IAL_PARTNER_ID };
const PERSONAL = ['personal'];
const PSEUDONYMOUS = ['pseudonymous'];

export function isOwnOperator(viewer: Viewer): boolean {
  return viewer.role === 'partner' && viewer.partnerId === IAL_PARTNER_ID;
}

// Enums of the job path, as IAL records it.
const JobPathStatus = builder.enumType('IalJobPathStatus', { description: 'OPEN while IAL follows the person; CLOSED with a closing date.', values: JOB_PATH_STATUSES });
const OrientationKind = builder.enumType('IalOrientationKind', {
  description: 'INDIVIDUAL_GUIDANCE is the personal professional guidance of AMIF indicator O.2.3.3.',
  values: ORIENTATION_KINDS,
});
const AssessmentDocument = builder.enumType('IalAssessmentDocument', {
  description: 'What a skills assessment (messa in trasparenza delle competenze) hands the person: an evidence dossier, the card of the regional certification system, a certificate of competences, or the EU Skills Profile Tool for Third Country Nationals.',
  values: ASSESSMENT_DOCUMENTS,
});
const QualificationKind = builder.enumType('IalQualificationKind', { values: QUALIFICATION_KINDS });
const RecognitionOutcome = builder.enumType('IalRecognitionOutcome', { values: RECOGNITION_OUTCOMES });
const TraineeshipOutcome = builder.enumType('IalTraineeshipOutcome', { description: 'HIRED: the host employer hired the trainee afterwards.', values: TRAINEESHIP_OUTCOMES });
const ContractKind = builder.enumType('IalContractKind', { values: CONTRACT_KINDS });

// ---------------------------------------------------------------------------------------------
// The job path in full (reachable only through IalParticipant; scoped again on every type).

const IalOrientationSession = builder.objectRef<OrientationSessionRow>('IalOrientationSession').implement({
  description: 'A job-orientation session of a job path.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (s) => String(s.id) }),
    heldOn: t.field({ type: 'Date', resolve: (s) => s.held_on }),
    minutes: t.exposeInt('minutes'),
    kind: t.field({ type: OrientationKind, resolve: (s) => s.kind }),
  }),
});

const IalSkillsAssessment = builder.objectRef<SkillsAssessmentRow>('IalSkillsAssessment').implement({
  description: 'A skills assessment (messa in trasparenza delle competenze) completed on a job path.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (a) => String(a.id) }),
    completedOn: t.field({ type: 'Date', resolve: (a) => a.completed_on }),
    outcomeDocument: t.field({ type: AssessmentDocument, resolve: (a) => a.outcome_document }),
  }),
});

const IalQualificationRecognition = builder.objectRef<QualificationRecognitionRow>('IalQualificationRecognition').implement({
  description: 'An application to recognise a qualification obtained in a third country (AMIF indicator R.2.10).',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (q) => String(q.id) }),
    country: t.exposeString('country', { description: 'Where the qualification was obtained, ISO 3166-1 alpha-2.' }),
    qualificationKind: t.field({ type: QualificationKind, resolve: (q) => q.qualification_kind }),
    submittedOn: t.field({ type: 'Date', resolve: (q) => q.submitted_on }),
    outcome: t.field({ type: RecognitionOutcome, resolve: (q) => q.outcome }),
  }),
});

const IalTraineeship = builder.objectRef<TraineeshipRow>('IalTraineeship').implement({
  description: 'A traineeship (tirocinio) at an employer of IAL\'s network.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (x) => String(x.id) }),
    employer: t.field({ type: IalEmployer, resolve: (x) => x.employer_id }),
    startsOn: t.field({ type: 'Date', resolve: (x) => x.starts_on }),
    endsOn: t.field({ type: 'Date', description: 'The planned end while it runs; the actual end once it is over.', resolve: (x) => x.ends_on }),
    hoursPerWeek: t.exposeInt('hours_per_week'),
    outcome: t.field({ type: TraineeshipOutcome, resolve: (x) => x.outcome }),
  }),
});

const IalPlacement = builder.objectRef<PlacementRow>('IalPlacement').implement({
  description: 'A job found on the path: the employer, the contract and the sector at hiring.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (p) => String(p.id) }),
    employer: t.field({ type: IalEmployer, resolve: (p) => p.employer_id }),
    contractKind: t.field({ type: ContractKind, resolve: (p) => p.contract_kind }),
    startsOn: t.field({ type: 'Date', resolve: (p) => p.starts_on }),
    atecoCode: t.exposeString('ateco_code', { description: 'ATECO 2007 division of the job at hiring (two digits).' }),
  }),
});

/** A list under each of many job paths, loaded for all of them in one statement. */
function stepsOfPaths<Row extends { job_path_id: number }>(read: (ctx: Context, ids: number[]) => Promise<Row[]>) {
  return async (ids: number[], ctx: Context) => groupByKeys(ids, await read(ctx, ids), (row) => row.job_path_id);
}

const IalJobPath = builder.objectRef<JobPathRow>('IalJobPath').implement({
  description: 'A person\'s job path at an IAL office: orientation, skills assessment, recognition of qualifications, traineeships and placements.',
  authScopes: OWN_OPERATORS,
  fields: (t) => ({
    id: t.id({ resolve: (j) => String(j.id) }),
    office: t.field({ type: IalOffice, resolve: (j) => j.office_id }),
    status: t.field({ type: JobPathStatus, resolve: (j) => j.status }),
    startedOn: t.field({ type: 'Date', resolve: (j) => j.started_on }),
    closedOn: t.field({ type: 'Date', nullable: true, resolve: (j) => j.closed_on }),
    orientationSessions: t.loadableList({
      type: IalOrientationSession,
      description: 'In date order.',
      load: stepsOfPaths((ctx, ids) => sessionsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    skillsAssessments: t.loadableList({
      type: IalSkillsAssessment,
      load: stepsOfPaths((ctx, ids) => assessmentsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    qualificationRecognitions: t.loadableList({
      type: IalQualificationRecognition,
      load: stepsOfPaths((ctx, ids) => recognitionsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    traineeships: t.loadableList({
      type: IalTraineeship,
      load: stepsOfPaths((ctx, ids) => traineeshipsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
    placements: t.loadableList({
      type: IalPlacement,
      load: stepsOfPaths((ctx, ids) => placementsOfPaths(ctx.db, ids)),
      resolve: (j) => j.id,
    }),
  }),
});

// ---------------------------------------------------------------------------------------------
// The cross-partner entity and IAL's facts on it.

const PSEUDONYM = /^[0-9a-f]{64}$/;

interface ParticipantKey {
  pseudonym: string;
  /** Signed by the subgraph of the partner that serves the person, for its operators; see the kit's grant.ts. */
  grant: string;
}

/**
 * Whether the caller may see IAL's facts about `key.pseudonym` (and the pseudonym itself): IAL's
 * operators always; another partner's operator with a grant for that pseudonym, signed in this
 * request by their own partner's subgraph, for the purpose case-coordination; nobody else.
 */
async function mayRead(ctx: Context, key: ParticipantKey): Promise<boolean> {
  return isOwnOperator(ctx.viewer) || (await ctx.grants.allows(key.grant || undefined, key.pseudonym));
}

/** The refusal of one field, recorded in the audit trail. */
function refusal(ctx: Context, field: string) {
  ctx.audit.denied(field);
  return forbidden('IAL\'s facts about a participant are for IAL\'s operators, and for case coordination by a partner that serves the same person.');
}

export const Participant = builder.objectRef<ParticipantKey>('Participant').implement({
  description: 'A person served by one or more partners, known across partners only by pseudonym (HMAC-SHA256 of the fiscal code with the project\'s linkage key). Each partner adds its own facts.',
  fields: (t) => ({
    pseudonym: t.string({
      tag: PSEUDONYMOUS,
      description: 'HMAC-SHA256 of the normalised fiscal code with the project-wide linkage key, hex. Shown on the same terms as IAL\'s facts.',
      resolve: async (p, _args, ctx) => {
        if (!(await mayRead(ctx, p))) throw refusal(ctx, 'Participant.pseudonym');
        return p.pseudonym;
      },
    }),
    grant: t.exposeString('grant', {
      inaccessible: true,
      description: 'Vouches, inside one request, that the calling operator\'s partner serves this person. Internal to the graph.',
    }),
  }),
});

builder.asEntity(Participant, {
  key: builder.selection<ParticipantKey>('pseudonym grant'),
  // Nothing is read here: what may be seen is decided per field, with the grant.
  resolveReference: (ref) => ({ pseudonym: String(ref.pseudonym), grant: typeof ref.grant === 'string' ? ref.grant : '' }),
});

const IalJobPathFact = builder.objectRef<JobPathFactRow>('IalJobPathFact').implement({
  description: 'IAL\'s facts about a person\'s (latest) job path, fit for another partner\'s case coordination: no names, dates of birth, contacts or free text.',
  fields: (t) => ({
    status: t.field({ type: JobPathStatus, resolve: (f) => f.status }),
    startedOn: t.field({ type: 'Date', resolve: (f) => f.started_on }),
    closedOn: t.field({ type: 'Date', nullable: true, resolve: (f) => f.closed_on }),
    individualGuidance: t.exposeBoolean('individual_guidance', { description: 'Had at least one individual guidance session (AMIF O.2.3.3).' }),
    skillsAssessed: t.exposeBoolean('skills_assessed', { description: 'Completed a skills assessment (messa in trasparenza delle competenze).' }),
    recognitionOutcome: t.field({
      type: RecognitionOutcome,
      nullable: true,
      description: 'Of the latest application to recognise a foreign qualification; null if none.',
      resolve: (f) => f.recognition_outcome,
    }),
    traineeshipOutcome: t.field({ type: TraineeshipOutcome, nullable: true, description: 'Of the latest traineeship; null if none.', resolve: (f) => f.traineeship_outcome }),
    placementContractKind: t.field({ type: ContractKind, nullable: true, description: 'Of the latest placement; null if none.', resolve: (f) => f.placement_contract_kind }),
  }),
});

/**
 * The facts for many participants at once: IAL's operators get them all; another partner's
 * operator those its grant covers (role partner, purpose case-coordination, same pseudonym and
 * partner, valid signature); anything else is refused before the database is asked.
 */
async function jobPathFactsFor(keys: ParticipantKey[], ctx: Context): Promise<(JobPathFactRow | null | Error)[]> {
  const allowed = await Promise.all(keys.map((key) => mayRead(ctx, key)));
  // Malformed pseudonyms are simply not served: no statement for them.
  const wanted = [...new Set(keys.filter((key, i) => allowed[i] && PSEUDONYM.test(key.pseudonym)).map((key) => key.pseudonym))];
  const facts = new Map((wanted.length ? await jobPathFacts(ctx.db, wanted) : []).map((row) => [row.pseudonym, row]));
  if (allowed.includes(true)) ctx.audit.touched('Participant', wanted.filter((pseudonym) => facts.has(pseudonym)).length);
  ctx.audit.readParticipants([...facts.values()].map((row) => row.participant_id));
  return keys.map((key, i) => (allowed[i] ? (facts.get(key.pseudonym) ?? null) : refusal(ctx, 'Participant.ialJobPath')));
}

builder.objectFields(Participant, (t) => ({
  ialJobPath: t.loadable({
    type: IalJobPathFact,
    nullable: true,
    tag: PSEUDONYMOUS,
    description: 'IAL\'s job path of the person; null if IAL does not serve them. For IAL\'s operators, and for case coordination (purpose case-coordination) by the operators of a partner that serves the person too.',
    load: jobPathFactsFor,
    loaderOptions: { cacheKeyFn: (key: ParticipantKey) => `${key.pseudonym}\u0000${key.grant}` },
    resolve: (participant) => participant,
  }),
}));

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
