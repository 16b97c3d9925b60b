// How an enrolment stands on the day the data is taken: not started, attending, completed (with
// the CEFR level reached for a language course) or withdrawn.
import { daysBetween, type Random } from '@pleiadi/kit';
import { CEFR_LEVELS, type CefrLevel, type CpiaDatabase } from '../types.ts';

export type Outcome = Pick<CpiaDatabase['enrolment'], 'status' | 'exit_level' | 'hours_attended' | 'certificate_issued'>;

/** Share of the course hours a learner must attend for a certificate. */
export const CERTIFICATE_ATTENDANCE = 0.7;

const rank = (level: CefrLevel) => CEFR_LEVELS.indexOf(level);
const halfHours = (hours: number) => Math.round(hours * 2) / 2;

/**
 * The level reached on completing a language course: learners placed below the course's level
 * mostly reach it, a few go beyond, some do not progress; those already at it may move one up.
 */
export function exitLevel(random: Random, entry: CefrLevel, target: CefrLevel): CefrLevel {
  const e = rank(entry);
  const t = rank(target);
  const reached = e < t ? random.weighted([[t, 65], [t + 1, 10], [e, 25]] as const) : random.chance(0.5) ? e + 1 : e;
  return CEFR_LEVELS[Math.min(reached, CEFR_LEVELS.length - 1)];
}

export function outcome(
  random: Random,
  course: { starts_on: string; ends_on: string; hours: number; cefr_target: CefrLevel | null },
  entry: CefrLevel | null,
  withdrawalRate: number,
  asOf: string,
): Outcome {
  const none = { exit_level: null, certificate_issued: false };
  if (course.starts_on > asOf) return { status: 'ENROLLED', hours_attended: 0, ...none };
  const attendance = 0.55 + 0.45 * Math.sqrt(random.next());
  const withdrawsAt = random.chance(withdrawalRate) ? 0.05 + 0.65 * random.next() : null;
  const elapsed = Math.min(1, (daysBetween(course.starts_on, asOf) + 1) / (daysBetween(course.starts_on, course.ends_on) + 1));
  if (withdrawsAt !== null && withdrawsAt <= elapsed) {
    return { status: 'WITHDRAWN', hours_attended: halfHours(course.hours * withdrawsAt * attendance), ...none };
  }
  if (course.ends_on > asOf) return { status: 'ATTENDING', hours_attended: halfHours(course.hours * elapsed * attendance), ...none };
  const exit = course.cefr_target && entry ? exitLevel(random, entry, course.cefr_target) : null;
  return {
    status: 'COMPLETED',
    hours_attended: halfHours(course.hours * attendance),
    exit_level: exit,
    certificate_issued: attendance >= CERTIFICATE_ATTENDANCE && (!exit || !course.cefr_target || rank(exit) >= rank(course.cefr_target)),
  };
}
