// Long strings handed from one subgraph's answer to another subgraph's request — the partners'
// indicator facts on their way to the region, megabytes of base64 per report — are copied into
// that request's bytes as they arrived, instead of being scanned by JSON.stringify for characters
// to escape and then encoded to UTF-8 with the rest (together ~2.6 ms per MB, most of the
// gateway's work on a dashboard). A string is taken as it is only when it came out of an answer
// that was all ASCII and had no backslash: JSON text holds no raw control character, quote or
// backslash inside a string, so no string of such an answer has anything JSON.stringify would
// escape, and its bytes are its characters.
import { LONG_STRING_BYTES, placeholder, splicedJson } from '@pleiadi/kit';

/** Strings shorter than this are written by JSON.stringify as usual (the kit's threshold, which the region reads them by). */
export const LONG_STRING = LONG_STRING_BYTES;

/** Adds the long strings of an answer (or part of one) whose bytes the kit's `longStringsVerbatim` passed to the request's `verbatimStrings`. */
export function noteVerbatimStrings(request: { verbatimStrings?: Set<string> }, parsed: unknown): void {
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      if (value.length >= LONG_STRING) (request.verbatimStrings ??= new Set()).add(value);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(parsed);
}

/** A request carrying verbatim strings: its bytes, and what tells it from others (to share a fetch by). */
export interface CarryingRequest {
  bytes: Buffer;
  /** The JSON with a placeholder for each string, and each string's length and a sample of it: equal for equal requests. */
  fingerprint: string;
  /** The strings, in order: equal fingerprints are the same request only if these are equal too (sameStrings). */
  strings: readonly string[];
}

const SAMPLES = 32;
/** A long string's length and characters from along it: a key of a few dozen characters instead of megabytes to copy and compare. */
const sampleOf = (s: string) => {
  let sample = `${s.length}:`;
  for (let i = 0; i < SAMPLES; i++) sample += s[Math.floor(((i + 0.5) * s.length) / SAMPLES)];
  return sample;
};

/** Whether two requests' carried strings are equal (the same strings, or equal ones parsed again from one answer). */
export function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * The UTF-8 bytes of JSON.stringify(value), each string of `verbatim` in it copied as it is; or
 * undefined when value holds none of them (then JSON.stringify is the way).
 */
export function jsonWithVerbatim(value: unknown, verbatim: ReadonlySet<string> | undefined): CarryingRequest | undefined {
  if (!verbatim?.size) return undefined;
  const strings: string[] = [];
  // The value with each verbatim string replaced by a placeholder; untouched parts shared, not copied.
  const replaced = (item: unknown): unknown => {
    if (typeof item === 'string') {
      if (item.length < LONG_STRING || !verbatim.has(item)) return item;
      strings.push(item);
      return placeholder(strings.length - 1);
    }
    if (item === null || typeof item !== 'object' || typeof (item as { toJSON?: unknown }).toJSON === 'function') return item;
    if (Array.isArray(item)) {
      const copy = item.map(replaced);
      return copy.some((c, i) => c !== item[i]) ? copy : item;
    }
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(item)) {
      const original = (item as Record<string, unknown>)[key];
      const next = replaced(original);
      if (next !== original) (copy ??= { ...(item as Record<string, unknown>) })[key] = next;
    }
    return copy ?? item;
  };
  const json = JSON.stringify(replaced(value));
  if (!strings.length) return undefined;
  const bytes = splicedJson(json, strings.map((string) => Buffer.from(string, 'latin1')));
  return { bytes, fingerprint: [json, ...strings.map(sampleOf)].join('\n'), strings };
}
