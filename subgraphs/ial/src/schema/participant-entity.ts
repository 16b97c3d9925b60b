// The cross-partner entity Participant and IAL's non-personal facts about a person's job path,
// for IAL's operators and, for case coordination, for a partner serving the same person.
import { forbidden } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import { jobPathFacts, type JobPathFactRow } from '../db/repositories/participants.ts';
import { isOwnOperator, PSEUDONYMOUS } from './access.ts';
import { ContractKind, JobPathStatus, RecognitionOutcome, TraineeshipOutcome } from './job-path.ts';

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
export function refusal(ctx: Context, field: string) {
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
