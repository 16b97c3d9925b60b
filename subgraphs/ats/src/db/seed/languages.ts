// The language (ISO 639-1) most of the synthetic people of a citizenship speak, for services,
// mediation and the languages spoken at service points. A rough mapping, not a census.
import { CITIZENSHIPS } from '@pleiadi/kit/synthetic';

const LANGUAGE_OF_CITIZENSHIP: Record<string, string> = {
  MA: 'ar', AL: 'sq', UA: 'uk', CN: 'zh', PK: 'ur', IN: 'pa', MD: 'ro', TN: 'ar', NG: 'en',
  SN: 'fr', BD: 'bn', GH: 'en', PH: 'tl', EG: 'ar', LK: 'si', BR: 'pt', PE: 'es', OTHER: 'en',
};

export function languageOf(citizenship: string): string {
  return LANGUAGE_OF_CITIZENSHIP[citizenship] ?? 'en';
}

/** Languages weighted by how many synthetic people speak them. */
export const LANGUAGE_WEIGHTS: [string, number][] = (() => {
  const weights = new Map<string, number>();
  for (const c of CITIZENSHIPS) weights.set(languageOf(c.code), (weights.get(languageOf(c.code)) ?? 0) + c.weight);
  return [...weights].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
})();

/** Italian adjectives of the communities, for the names of invented associations. */
export const COMMUNITY_ADJECTIVES: Record<string, string> = {
  MA: 'marocchina', AL: 'albanese', UA: 'ucraina', CN: 'cinese', PK: 'pakistana', IN: 'indiana',
  MD: 'moldava', TN: 'tunisina', NG: 'nigeriana', SN: 'senegalese', BD: 'bengalese', GH: 'ghanese',
  PH: 'filippina', EG: 'egiziana', LK: 'srilankese', BR: 'brasiliana', PE: 'peruviana',
};
