// JSON with long strings copied in as they are. Megabytes of base64 — a partner's indicator facts
// for one report — cost JSON.stringify a scan for characters to escape and then an encoding to
// UTF-8, ~2.6 ms per MB, each time they are written: by the partner's subgraph into its answer,
// and by the gateway into the region's request. Here the JSON is written with a short placeholder
// in each such string's place and the string's bytes are copied in for it. Only for bytes that
// need no escaping in JSON: base64, or ASCII known to hold no quote, backslash or control character.
import { randomBytes } from 'node:crypto';

// A placeholder no real value holds: a NUL and this process's random nonce.
const NONCE = randomBytes(12).toString('hex');
const PLACEHOLDER = new RegExp(`"\\\\u0000${NONCE}:(\\d+)\\\\u0000"`, 'g');

/** The string standing for the i-th piece until the JSON is written. */
export function placeholder(i: number): string {
  return `\u0000${NONCE}:${i}\u0000`;
}

/** The UTF-8 bytes of `json`, each placeholder (as JSON.stringify wrote it) replaced by its piece in quotes. */
export function splicedJson(json: string, pieces: readonly Uint8Array[]): Buffer {
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const match of json.matchAll(PLACEHOLDER)) {
    chunks.push(Buffer.from(`${json.slice(from, match.index)}"`, 'utf8'), pieces[Number(match[1])], QUOTE);
    from = match.index + match[0].length;
  }
  chunks.push(Buffer.from(json.slice(from), 'utf8'));
  return Buffer.concat(chunks);
}
const QUOTE = Buffer.from('"');

/**
 * The long strings one answer holds back (on a subgraph's context as `longStrings`): a resolver
 * returns `base64(bytes)` instead of the base64 text, and the door writes the answer with
 * `bytesOf`. Any other way of executing the schema has no such context and gets the text itself.
 */
export class LongStrings {
  private readonly pieces: Uint8Array[] = [];

  /** What to return for the base64 text of `bytes`. */
  base64(bytes: Uint8Array): string {
    this.pieces.push(bytes);
    return placeholder(this.pieces.length - 1);
  }

  /** The answer's bytes with the base64 texts copied in, or undefined when none was held back. */
  bytesOf(json: string): Buffer | undefined {
    if (!this.pieces.length) return undefined;
    return splicedJson(json, this.pieces.map((bytes) => Buffer.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), 'latin1')));
  }
}
