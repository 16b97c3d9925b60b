import { describe, expect, it } from 'vitest';
import { checkAmbitCodeFormat, checkDateRange, checkIstatCode, isIsoDate } from '../src/validation.ts';
import { addDays } from '../src/dates.ts';
import { groupByKeys } from '../src/batch.ts';

describe('argument checks', () => {
  it('accept six-digit ISTAT codes only', () => {
    expect(checkIstatCode('037006')).toBe('037006');
    for (const bad of ['37006', '0370066', 'abcdef', '', '03700a']) expect(() => checkIstatCode(bad)).toThrow(/6 digits/);
  });

  it('accept upper-case ambit codes only', () => {
    expect(checkAmbitCodeFormat('EMILIA_NORD')).toBe('EMILIA_NORD');
    for (const bad of ['emilia_nord', 'EMILIA-NORD', '1X', '']) expect(() => checkAmbitCodeFormat(bad)).toThrow(/not an ambit code/);
  });

  it('know real calendar dates and refuse inverted ranges', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(() => checkDateRange('2026-02-01', '2026-01-01')).toThrow(/inverted/);
    expect(() => checkDateRange('2026-01-01', null)).not.toThrow();
  });

  it('do date arithmetic without time-zone drift', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
  });

  it('group batch results in key order', () => {
    expect(groupByKeys(['b', 'a', 'c'], [{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'a', v: 3 }], (r) => r.k).map((g) => g.map((r) => r.v))).toEqual([[2], [1, 3], []]);
  });
});
