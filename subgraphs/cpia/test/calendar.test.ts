// The school calendar the generator plans on: intakes, class sizes, course ends.
import { describe, expect, it } from 'vitest';
import { CLASS_RULES, classesAtIntakes, courseEnd, intakeDates } from '../src/db/seed/calendar.ts';

describe('intakes', () => {
  it('fall on the first Monday of each month but August, up to the first after the end of the data', () => {
    const dates = intakeDates('2025-06-01', '2026-10-31');
    expect(dates.slice(0, 4)).toEqual(['2025-06-02', '2025-07-07', '2025-09-01', '2025-10-06']);
    expect(dates.at(-1)).toBe('2026-11-02');
    expect(dates.every((d) => new Date(`${d}T00:00:00Z`).getUTCDay() === 1 && !d.includes('-08-'))).toBe(true);
  });
});

describe('classes', () => {
  const intakes = ['2025-09-01', '2025-10-06', '2025-11-03', '2025-12-01', '2026-01-05', '2026-02-02', '2026-03-02'];
  const ready = (dates: string[]) => dates.map((d, i) => ({ ready: d, i }));

  it('open several parallel classes, none above the size limit, when many learners wait', () => {
    const many = ready(Array.from({ length: 100 }, () => '2025-08-20'));
    const classes = classesAtIntakes(many, intakes);
    expect(classes.map((c) => c.intake)).toEqual(Array(5).fill('2025-09-01'));
    expect(classes.every((c) => c.members.length <= CLASS_RULES.maxClass && c.members.length >= 15)).toBe(true);
    expect(classes.flatMap((c) => c.members).map((m) => m.i)).toEqual(many.map((m) => m.i));
  });

  it('let a few learners wait for more, but not for ever, and place everyone by the last intake', () => {
    const few = ready(['2025-08-25', '2025-09-10', '2025-10-01', '2025-10-20', '2025-11-15', '2025-12-20', '2026-02-20']);
    const classes = classesAtIntakes(few, intakes);
    // Four or five learners keep waiting; the sixth makes a small class, as the first has waited over two months.
    expect(classes[0]).toEqual({ intake: '2026-01-05', members: few.slice(0, 6) });
    expect(classes.at(-1)!.intake).toBe('2026-03-02');
    expect(classes.flatMap((c) => c.members)).toEqual(few);
    expect(() => classesAtIntakes(ready(['2026-04-01']), intakes)).toThrow(/after the last intake/);
  });
});

describe('course ends', () => {
  it('follow hours per week and pause over Christmas and mid-August', () => {
    expect(courseEnd('2025-10-06', 80, 8)).toBe('2025-12-12');
    expect(courseEnd('2025-11-03', 80, 8)).toBe('2026-01-23');
    expect(courseEnd('2026-07-06', 24, 6)).toBe('2026-07-31');
    expect(courseEnd('2026-07-06', 40, 6)).toBe('2026-09-11');
    expect(courseEnd('2026-03-02', 10, 5)).toBe('2026-03-13');
  });
});
