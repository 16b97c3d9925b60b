// The cross-partner Participant: one person as every partner knows them, joined by pseudonym (HMAC
// of the fiscal code with the project's linkage key) and never by name. The network adds what it
// may tell another partner about that person — the kind, dates and outcome of each enrolment — as
// `cpiaEnrolments`, and nothing personal.
//
// Who gets the facts: the network's own operators always; another partner's operator only with a
// grant for that very pseudonym, signed in this request by their own partner's subgraph (which
// proves their partner serves the person), and for the purpose case-coordination; nobody else.
import { forbidden, type Viewer } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import { enrolmentFactsOf, type EnrolmentFactRow } from '../db/repositories/participants.ts';
import { isOwnOperator } from './access.ts';
import { CefrLevel, CpiaCourseKind } from './course.ts';
import { CpiaEnrolmentStatus } from './enrolment-status.ts';

/** A reference to a participant: its key, as another subgraph or this one hands it out. */
export interface ParticipantKey {
  pseudonym: string;
  /** Absent when the network's own operator asks without one. */
  grant?: string | null;
}

const PSEUDONYM = /^[0-9a-f]{64}$/;
const FACTS_FIELD = 'Participant.cpiaEnrolments';

/** Whether the caller may read the network's facts about `key.pseudonym`. */
async function mayRead(viewer: Viewer, ctx: Context, key: ParticipantKey): Promise<boolean> {
  return isOwnOperator(viewer) || (await ctx.grants.allows(key.grant ?? undefined, key.pseudonym));
}

function refusal(ctx: Context, field: string) {
  ctx.audit.denied(field);
  return forbidden('Only the CPIA network, or a partner that serves this participant asking for case coordination, may read this.');
}

export const CpiaEnrolmentFact = builder.objectRef<EnrolmentFactRow>('CpiaEnrolmentFact').implement({
  description: "One enrolment of a participant in the CPIA network's courses, as another partner may know it: no name, no code, no date of birth.",
  fields: (t) => ({
    courseKind: t.field({ type: CpiaCourseKind, resolve: (f) => f.course_kind }),
    status: t.field({ type: CpiaEnrolmentStatus, resolve: (f) => f.status }),
    entryLevel: t.field({ type: CefrLevel, nullable: true, description: 'CEFR level at the placement test; null for courses that do not teach Italian.', resolve: (f) => f.entry_level }),
    exitLevel: t.field({ type: CefrLevel, nullable: true, description: 'CEFR level assessed on completing a language course; null otherwise.', resolve: (f) => f.exit_level }),
    certificateIssued: t.exposeBoolean('certificate_issued'),
    courseStartsOn: t.field({ type: 'Date', resolve: (f) => f.course_starts_on }),
    courseEndsOn: t.field({ type: 'Date', resolve: (f) => f.course_ends_on }),
  }),
});

export const Participant = builder.objectRef<ParticipantKey>('Participant');

Participant.implement({
  description: 'A person served by one or more partners, known across partners only by pseudonym. Each partner adds its own non-personal facts.',
  fields: (t) => ({
    pseudonym: t.string({
      tag: ['pseudonymous'],
      description: 'HMAC-SHA256 of the normalised fiscal code with the project-wide linkage key, hex.',
      resolve: async (p, _args, ctx) => {
        if (!(await mayRead(ctx.viewer, ctx, p))) throw refusal(ctx, 'Participant.pseudonym');
        return p.pseudonym;
      },
    }),
    grant: t.string({
      inaccessible: true,
      description: "Proof, signed by the subgraph of the caller's own partner in this request, that their partner serves this participant.",
      resolve: (p) => p.grant ?? '',
    }),
    cpiaEnrolments: t.loadableList({
      type: CpiaEnrolmentFact,
      nullable: true,
      description:
        'Enrolments in the CPIA network, in course start order; empty when the network does not serve this person. For the network itself, and for a partner that serves the person asking for case coordination.',
      // One key per pseudonym and grant: the same person reached with another grant is checked again.
      loaderOptions: { cacheKeyFn: (key: ParticipantKey) => `${key.pseudonym} ${key.grant ?? ''}` },
      // All keys of a request are checked and read together: one statement however many participants.
      load: async (keys: ParticipantKey[], ctx: Context) => {
        const allowed = await Promise.all(keys.map((key) => mayRead(ctx.viewer, ctx, key)));
        const pseudonyms = [...new Set(keys.filter((key, i) => allowed[i] && PSEUDONYM.test(key.pseudonym)).map((key) => key.pseudonym))];
        const rows = pseudonyms.length ? await enrolmentFactsOf(ctx.db, pseudonyms) : [];
        const byPseudonym = new Map<string, EnrolmentFactRow[]>();
        for (const row of rows) {
          const list = byPseudonym.get(row.pseudonym);
          if (list) list.push(row);
          else byPseudonym.set(row.pseudonym, [row]);
        }
        const served = pseudonyms.filter((p) => byPseudonym.has(p)).length;
        if (allowed.some(Boolean)) ctx.audit.touched('Participant', served);
        ctx.audit.readParticipants(rows.map((row) => row.participant_id));
        return keys.map((key, i) => (allowed[i] ? byPseudonym.get(key.pseudonym) ?? [] : refusal(ctx, FACTS_FIELD)));
      },
      resolve: (p) => ({ pseudonym: p.pseudonym, grant: p.grant ?? null }),
    }),
  }),
});

builder.asEntity(Participant, {
  key: builder.selection<{ pseudonym: string; grant: string }>('pseudonym grant'),
  // Nothing to look up: the key is all there is, and every field checks the caller itself.
  resolveReference: (ref) => ({ pseudonym: ref.pseudonym, grant: ref.grant }),
});
