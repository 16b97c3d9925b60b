// Italian fiscal codes (codice fiscale) built by the official rules, for synthetic people only:
// the birthplace is always Z999, a code of no real state, so no generated code can be a real
// person's. Check character and homocody (omocodia) follow the Ministry of Finance's rules.

import { checkCharacter } from '../fiscal-code.ts';

export { checkCharacter, isValidFiscalCode } from '../fiscal-code.ts';

const MONTHS = 'ABCDEHLMPRST';
/** Digit positions (0-based) replaced, right to left, by homocody; and their letters. */
const HOMOCODY_POSITIONS = [14, 13, 12, 10, 9, 7, 6];
const HOMOCODY_LETTERS = 'LMNPQRSTUV';
export const SYNTHETIC_BIRTHPLACE = 'Z999';

function letters(text: string): { consonants: string; vowels: string } {
  const clean = text.toUpperCase().normalize('NFD').replace(/[^A-Z]/g, '');
  return { consonants: clean.replace(/[AEIOU]/g, ''), vowels: clean.replace(/[^AEIOU]/g, '') };
}

function surnamePart(surname: string): string {
  const { consonants, vowels } = letters(surname);
  return (consonants + vowels + 'XXX').slice(0, 3);
}

function namePart(name: string): string {
  const { consonants, vowels } = letters(name);
  if (consonants.length >= 4) return consonants[0] + consonants[2] + consonants[3];
  return (consonants + vowels + 'XXX').slice(0, 3);
}


/** The fiscal code of a synthetic person; `homocody` 0–7 disambiguates people with the same data. */
export function syntheticFiscalCode(person: { firstName: string; lastName: string; birthDate: string; gender: 'F' | 'M' }, homocody = 0): string {
  const [year, month, day] = person.birthDate.split('-').map(Number);
  const dayCode = String(person.gender === 'F' ? day + 40 : day).padStart(2, '0');
  const chars = (surnamePart(person.lastName) + namePart(person.firstName) + String(year % 100).padStart(2, '0') + MONTHS[month - 1] + dayCode + SYNTHETIC_BIRTHPLACE).split('');
  for (const position of HOMOCODY_POSITIONS.slice(0, homocody)) chars[position] = HOMOCODY_LETTERS[Number(chars[position])];
  const first15 = chars.join('');
  return first15 + checkCharacter(first15);
}
