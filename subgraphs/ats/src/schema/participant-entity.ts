// The cross-partner Participant: one person as every partner knows them, joined by pseudonym (HMAC
// of the fiscal code with the project's linkage key) and never by name. The ambit consortia add
// what they may tell another partner about that person — for each case, the ambit, the dates, who
// referred them and the kinds of service received — as `atsCases`, and nothing personal.
//
// A person may have cases in several ambits (someone who moved): each ambit's database is asked,
// all in parallel, one statement per database for all the participants of the request.
//
// Who gets the facts of an ambit's database: that ambit consortium's own operators (see
// access.ts); and a partner's operator — another partner's, or a consortium's for the other
// ambits — only with a grant for that very pseudonym, signed in this request by their own
// partner's subgraph (proof that their partner serves the person), asking for case coordination.
import { AMBIT_CODES, forbidden, type AmbitCode } from '@pleiadi/kit';
import { builder, type Context } from '../builder.ts';
import { caseFactsOf, type CaseFactRow } from '../db/repositories/participants.ts';
import { onStore, storeFor, storeOf, type InAmbit } from '../db/stores.ts';
import { ownStore } from './access.ts';
import { AtsReferralSource } from './referral-source.ts';
import { Ambit } from './refs.ts';
import { AtsServiceKind } from './service-point.ts';

/** A reference to a participant: its key, as another subgraph or this one hands it out. */
export interface ParticipantKey {
  pseudonym: string;
  grant?: string | null;
}

const PSEUDONYM = /^[0-9a-f]{64}$/;
const FACTS_FIELD = 'Participant.atsCases';

/** The ambits whose facts about `key.pseudonym` the caller may read; empty when none. */
async function readableAmbits(ctx: Context, key: ParticipantKey): Promise<readonly AmbitCode[]> {
  if (await ctx.grants.allows(key.grant ?? undefined, key.pseudonym)) return AMBIT_CODES;
  const own = await ownStore(ctx);
  return own ? [own.ambit] : [];
}

const byOpeningDate = (a: InAmbit<CaseFactRow>, b: InAmbit<CaseFactRow>) =>
  a.opened_on < b.opened_on ? -1 : a.opened_on > b.opened_on ? 1 : a.ambit < b.ambit ? -1 : a.ambit > b.ambit ? 1 : a.case_id - b.case_id;

function refusal(ctx: Context, field: string) {
  ctx.audit.denied(field);
  return forbidden("Only the ambit's own consortium, or a partner that serves this participant asking for case coordination, may read this.");
}

export const AtsCaseFact = builder.objectRef<InAmbit<CaseFactRow>>('AtsCaseFact').implement({
  description: 'A case of a participant at an ambit consortium, as another partner may know it: no name, no code, no date of birth, no place.',
  fields: (t) => ({
    ambit: t.field({ type: Ambit, description: 'The ambit whose consortium took the person in charge.', resolve: (f) => ({ code: f.ambit }) }),
    openedOn: t.field({ type: 'Date', resolve: (f) => f.opened_on }),
    closedOn: t.field({ type: 'Date', nullable: true, description: 'Null while the case is open.', resolve: (f) => f.closed_on }),
    referralSource: t.field({ type: AtsReferralSource, resolve: (f) => f.referral_source }),
    serviceKinds: t.field({ type: [AtsServiceKind], description: 'The kinds of service received within the case.', resolve: (f) => f.service_kinds }),
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
        if (!(await readableAmbits(ctx, p)).length) throw refusal(ctx, 'Participant.pseudonym');
        return p.pseudonym;
      },
    }),
    grant: t.string({
      inaccessible: true,
      description: "Proof, signed by the subgraph of the caller's own partner in this request, that their partner serves this participant.",
      resolve: (p) => p.grant ?? '',
    }),
    atsCases: t.loadableList({
      type: AtsCaseFact,
      nullable: true,
      tag: ['pseudonymous'],
      description:
        "Cases at the ambit consortia, oldest first, from every ambit's database (a person who moved has cases in several); empty when no consortium serves this person. An ambit consortium's operators see their own ambit's cases; a partner that serves the person, asking for case coordination, sees all.",
      // One key per pseudonym and grant: the same person reached with another grant is checked again.
      loaderOptions: { cacheKeyFn: (key: ParticipantKey) => `${key.pseudonym} ${key.grant ?? ''}` },
      load: async (keys: ParticipantKey[], ctx: Context) => {
        const readable = await Promise.all(keys.map((key) => readableAmbits(ctx, key)));
        // Which pseudonyms to look up in which ambit's database.
        const wanted = new Map<AmbitCode, Set<string>>();
        keys.forEach((key, i) => {
          if (!PSEUDONYM.test(key.pseudonym)) return;
          for (const ambit of readable[i]) wanted.set(ambit, (wanted.get(ambit) ?? new Set()).add(key.pseudonym));
        });
        const found = new Map<AmbitCode, Map<string, InAmbit<CaseFactRow>[]> | Error>();
        await Promise.all(
          [...wanted].map(async ([ambit, pseudonyms]) => {
            try {
              const store = storeFor(ctx.stores, ambit);
              const rows = await onStore(store, (db) => caseFactsOf(db, [...pseudonyms]));
              const byPseudonym = new Map<string, InAmbit<CaseFactRow>[]>();
              for (const row of rows) byPseudonym.set(row.pseudonym, [...(byPseudonym.get(row.pseudonym) ?? []), { ...row, ambit }]);
              found.set(ambit, byPseudonym);
            } catch (error) {
              found.set(ambit, error as Error);
            }
          }),
        );
        // Participants whose facts are returned, by the database they came from: its audit trail.
        const returned = new Map<AmbitCode, Set<string>>();
        // And which of each ambit's participants (its own ids), for the per-person trail.
        const read = new Map<AmbitCode, Set<number>>();
        const answers = keys.map((key, i) => {
          if (!readable[i].length) return refusal(ctx, FACTS_FIELD);
          const facts: InAmbit<CaseFactRow>[] = [];
          for (const ambit of readable[i]) {
            const fromStore = found.get(ambit);
            // A database that is down fails the participants it was needed for.
            if (fromStore instanceof Error) return fromStore;
            facts.push(...(fromStore?.get(key.pseudonym) ?? []));
          }
          for (const fact of facts) {
            returned.set(fact.ambit, (returned.get(fact.ambit) ?? new Set()).add(key.pseudonym));
            read.set(fact.ambit, (read.get(fact.ambit) ?? new Set()).add(fact.participant_id));
          }
          return facts.sort(byOpeningDate);
        });
        for (const [ambit, pseudonyms] of returned) ctx.audit.touched('Participant', pseudonyms.size, storeOf(ambit));
        for (const [ambit, ids] of read) ctx.audit.readParticipants(ids, storeOf(ambit));
        return answers;
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
