// The school calendar the generator plans courses on: monthly intakes (none in August), classes
// opened when enough learners wait, and course ends that skip the Christmas and summer breaks.
import { addDays, daysBetween } from '@pleiadi/kit';

/** The first Monday of each month from `from` (August excepted), up to the first one after `until`. */
export function intakeDates(from: string, until: string): string[] {
  const dates: string[] = [];
  for (let month = from.slice(0, 7); !dates.length || dates[dates.length - 1] <= until; month = addDays(`${month}-28`, 7).slice(0, 7)) {
    if (month.endsWith('-08')) continue;
    const weekday = new Date(`${month}-01T00:00:00Z`).getUTCDay();
    dates.push(addDays(`${month}-01`, (8 - weekday) % 7));
  }
  return dates;
}

export interface ClassRules {
  /** A class opens at an intake once this many learners wait… */
  minimum: number;
  /** …or, with at least `small` learners, once the first of them has waited this long… */
  maxWaitDays: number;
  small: number;
  /** …or, however few, once the first has waited this long. */
  longestWaitDays: number;
  /** Waiting learners are split into classes of at most this size. */
  maxClass: number;
}

export const CLASS_RULES: ClassRules = { minimum: 12, maxWaitDays: 60, small: 6, longestWaitDays: 150, maxClass: 22 };

/**
 * Learners of one site and course kind (sorted by the date they are ready) grouped into classes:
 * at each intake the waiting learners start together when there are enough of them or someone
 * has waited long (longer when they are very few); at the last intake everyone left starts.
 */
export function classesAtIntakes<T extends { ready: string }>(requests: readonly T[], intakes: readonly string[], rules = CLASS_RULES): { intake: string; members: T[] }[] {
  const classes: { intake: string; members: T[] }[] = [];
  let next = 0;
  let waiting: T[] = [];
  intakes.forEach((intake, i) => {
    while (next < requests.length && requests[next].ready <= intake) waiting.push(requests[next++]);
    if (!waiting.length) return;
    const isLast = i === intakes.length - 1;
    const waited = daysBetween(waiting[0].ready, intake);
    const opens = waiting.length >= rules.minimum || (waiting.length >= rules.small && waited >= rules.maxWaitDays) || waited >= rules.longestWaitDays;
    if (!opens && !isLast) return;
    const count = Math.ceil(waiting.length / rules.maxClass);
    const size = waiting.length / count;
    for (let c = 0; c < count; c++) classes.push({ intake, members: waiting.slice(Math.round(c * size), Math.round((c + 1) * size)) });
    waiting = [];
  });
  if (next < requests.length) throw new Error('Learners ready after the last intake cannot be placed');
  return classes;
}

/** The last day of a course of `hours` at `hoursPerWeek`, lessons pausing over Christmas and mid-August. */
export function courseEnd(startsOn: string, hours: number, hoursPerWeek: number): string {
  let end = addDays(startsOn, Math.ceil(hours / hoursPerWeek) * 7 - 3);
  for (let year = Number(startsOn.slice(0, 4)); year <= Number(end.slice(0, 4)); year++) {
    if (startsOn <= `${year}-12-24` && end >= `${year}-12-24`) end = addDays(end, 14);
    if (startsOn <= `${year}-08-10` && end >= `${year}-08-10`) end = addDays(end, 21);
  }
  return end;
}
