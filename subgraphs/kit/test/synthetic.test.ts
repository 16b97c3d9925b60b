import { describe, expect, it } from 'vitest';
import { checkCharacter, isValidFiscalCode, syntheticFiscalCode, syntheticPopulation, ageOn, SYNTHETIC_FROM, SYNTHETIC_UNTIL } from '../src/synthetic/index.ts';
import { pseudonymOf, normaliseFiscalCode, linkageKey, DEMO_LINKAGE_KEY } from '../src/pseudonym.ts';

describe('synthetic fiscal codes', () => {
  it('follow the official layout and check character', () => {
    // A published textbook example: Mario Rossi, born 1 Jan 1980 in Rome (H501) → RSSMRA80A01H501U.
    expect(checkCharacter('RSSMRA80A01H501')).toBe('U');
    const code = syntheticFiscalCode({ firstName: 'Fatima', lastName: 'El Amrani', birthDate: '1990-07-14', gender: 'F' });
    expect(code).toMatch(/^LMRFTM90L54Z999[A-Z]$/);
    expect(isValidFiscalCode(code)).toBe(true);
    const homocodic = syntheticFiscalCode({ firstName: 'Fatima', lastName: 'El Amrani', birthDate: '1990-07-14', gender: 'F' }, 1);
    expect(homocodic).not.toBe(code);
    expect(isValidFiscalCode(homocodic)).toBe(true);
  });
});

describe('synthetic population', () => {
  const people = [...syntheticPopulation(7, 20_000)];

  it('is the same for the same seed, and a larger population extends a smaller one', () => {
    expect([...syntheticPopulation(7, 50)]).toEqual(people.slice(0, 50));
    expect([...syntheticPopulation(8, 50)]).not.toEqual(people.slice(0, 50));
  });

  it('gives everyone a distinct, valid, clearly synthetic fiscal code', () => {
    expect(new Set(people.map((p) => p.fiscalCode)).size).toBe(people.length);
    expect(people.every((p) => isValidFiscalCode(p.fiscalCode) && /^Z[9V]{3}$/.test(p.fiscalCode.slice(11, 15)))).toBe(true);
  });

  it('has the overlaps the partners see: most CPIA learners also at ATS, fewer with IAL', () => {
    const share = (f: (p: (typeof people)[number]) => boolean, of = people) => of.filter(f).length / of.length;
    const learners = people.filter((p) => p.served.cpia);
    expect(share((p) => p.served.cpia)).toBeGreaterThan(0.4);
    expect(share((p) => p.served.ats, learners)).toBeGreaterThan(0.5);
    expect(share((p) => p.served.ial, learners)).toBeLessThan(0.3);
    expect(people.every((p) => p.served.cpia || p.served.ats || p.served.ial)).toBe(true);
  });

  it('keeps dates in the programme window and minors away from CPIA and IAL', () => {
    expect(people.every((p) => p.firstSeen >= SYNTHETIC_FROM && p.firstSeen <= SYNTHETIC_UNTIL)).toBe(true);
    const minors = people.filter((p) => ageOn(p.birthDate, p.firstSeen) < 16);
    expect(minors.length).toBeGreaterThan(0);
    expect(minors.every((p) => !p.served.cpia && !p.served.ial)).toBe(true);
    const bologna = share2(people, (p) => p.residence === '037006');
    expect(bologna).toBeGreaterThan(0.04);
  });
});

function share2<T>(items: T[], f: (t: T) => boolean) {
  return items.filter(f).length / items.length;
}

describe('pseudonyms', () => {
  it('are HMAC-SHA256 of the normalised fiscal code, equal across partners for the same key', () => {
    expect(normaliseFiscalCode(' rssmra80a01h501u ')).toBe('RSSMRA80A01H501U');
    const a = pseudonymOf('RSSMRA80A01H501U', 'k'.repeat(32));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(pseudonymOf('rssmra80a01h501u', 'k'.repeat(32))).toBe(a);
    expect(pseudonymOf('RSSMRA80A01H501U', 'j'.repeat(32))).not.toBe(a);
  });

  it('need a real key outside the embedded demo', () => {
    expect(linkageKey({ embedded: true }, {})).toBe(DEMO_LINKAGE_KEY);
    expect(() => linkageKey({ embedded: false }, {})).toThrow(/PLEIADI_LINKAGE_KEY/);
    expect(() => linkageKey({ embedded: false }, { PLEIADI_LINKAGE_KEY: 'short' })).toThrow(/32/);
  });
});
