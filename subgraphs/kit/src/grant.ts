// Participant grants: how one partner's subgraph vouches, inside one request, that the calling
// operator's own partner serves a participant. The subgraph that returns its own participant's
// `Participant` reference signs {pseudonym, partner} with the internal secret; a subgraph asked
// for its facts about that participant (`_entities`) serves them to another partner's operator
// only with a valid grant for that very pseudonym and partner, and only for case coordination.
import { jwtVerify } from 'jose';
import type { Viewer } from './viewer.ts';
import { signHs256 } from './identity.ts';

const GRANT_AUDIENCE = 'pleiadi-participant-grant';
const GRANT_TTL_SECONDS = 600;
export const CASE_COORDINATION = 'case-coordination';

export interface ParticipantGrants {
  /** A grant for a participant the caller's own partner serves (synchronous: no batch is split). */
  sign(pseudonym: string): string;
  /** Whether `grant` lets this caller read another partner's facts about `pseudonym`. */
  allows(grant: string | undefined, pseudonym: string): Promise<boolean>;
}

export function participantGrants(viewer: Viewer, secret: string): ParticipantGrants {
  const key = new TextEncoder().encode(secret);
  return {
    sign: (pseudonym) =>
      signHs256({ partnerId: viewer.partnerId ?? null, aud: GRANT_AUDIENCE, sub: pseudonym, exp: Math.floor(Date.now() / 1000) + GRANT_TTL_SECONDS }, secret),
    allows: async (grant, pseudonym) => {
      if (!grant || viewer.role !== 'partner' || viewer.purpose !== CASE_COORDINATION || !viewer.partnerId) return false;
      try {
        const { payload } = await jwtVerify(grant, key, { audience: GRANT_AUDIENCE, algorithms: ['HS256'] });
        return payload.sub === pseudonym && payload.partnerId === viewer.partnerId;
      } catch {
        return false;
      }
    },
  };
}
