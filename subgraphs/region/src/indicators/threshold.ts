// The small-count threshold: counts of people from 1 to threshold − 1 are withheld. Set by the
// region's deployment (PLEIADI_SMALL_COUNT_THRESHOLD), never below ISTAT's legal minimum of 3.
export const DEFAULT_SMALL_COUNT_THRESHOLD = 5;
export const MINIMUM_SMALL_COUNT_THRESHOLD = 3;

export function smallCountThresholdFrom(env: Record<string, string | undefined>): number {
  const text = env.PLEIADI_SMALL_COUNT_THRESHOLD;
  if (text === undefined || text === '') return DEFAULT_SMALL_COUNT_THRESHOLD;
  const value = Number(text);
  if (!Number.isInteger(value) || value < MINIMUM_SMALL_COUNT_THRESHOLD || value > 100) {
    throw new Error(`PLEIADI_SMALL_COUNT_THRESHOLD must be a whole number from ${MINIMUM_SMALL_COUNT_THRESHOLD} to 100, got "${text}".`);
  }
  return value;
}

/** Read once when the subgraph starts: a wrong setting stops it rather than publishing with another rule. */
export const smallCountThreshold = smallCountThresholdFrom(process.env);
