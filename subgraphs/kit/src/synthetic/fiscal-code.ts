// Italian fiscal codes (codice fiscale) built by the official rules, for synthetic people only:
// the birthplace is always Z999, a code of no real state, so no generated code can be a real
// person's. Check character and homocody (omocodia) follow the Ministry of Finance's rules.

const MONTHS = 'ABCDEHLMPRST';
const ODD: Record<string, number> = {
  0: 1, 1: 0, 2: 5, 3: 7, 4: 9, 5: 13, 6: 15, 7: 17, 8: 19, 9: 21,
  A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18,
  N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23,
};
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

export function checkCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const c = first15[i];
    // Positions are counted from 1: odd positions are even indexes.
    sum += i % 2 === 0 ? ODD[c] : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 65;
  }
  return String.fromCharCode(65 + (sum % 26));
}

export function isValidFiscalCode(code: string): boolean {
  return /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/.test(code) && checkCharacter(code.slice(0, 15)) === code[15];
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
