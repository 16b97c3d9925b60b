// JSON with long strings copied in and out as they are. Megabytes of base64 — a partner's
// indicator facts for one report — cost JSON.stringify a scan for characters to escape and an
// encoding to UTF-8, ~2.6 ms per MB, each time they are written (by the partner's subgraph into
// its answer, by the gateway into the region's request), and JSON.parse a scan again where they
// are read (the region). Written: the JSON has a short placeholder in each such string's place and
// the string's bytes are copied in for it. Read: in a body all ASCII without a backslash the long
// strings are found between quotes and taken as their bytes. Only for bytes that need no escaping
// in JSON: base64, or ASCII known to hold no quote, backslash or control character.
import { isAscii } from 'node:buffer';
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

/**
 * UTF-8 bytes as a string. Bytes that are all ASCII (JSON with the partners' base64 facts: megabytes
 * for the region) are read as Latin-1, the same string for a tenth of the time of Node 20's UTF-8 decoder.
 */
export function textOf(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** Strings at least this long are held back from JSON.parse (parseJsonBody) and carried as they are by the gateway. */
export const LONG_STRING_BYTES = 64 * 1024;
const QUOTE_BYTE = 0x22;
const BACKSLASH_BYTE = 0x5c;

/**
 * Whether JSON bytes may hold long strings that are their own bytes: long enough to hold one, all
 * ASCII and without a backslash — no escape anywhere, so every quote opens or closes a string and
 * nothing in a string needs escaping. True of any part of such JSON too.
 */
export function longStringsVerbatim(bytes: Buffer): boolean {
  return bytes.length >= LONG_STRING_BYTES && isAscii(bytes) && !bytes.includes(BACKSLASH_BYTE);
}
const PIECE = new RegExp(`^\u0000${NONCE}:(\\d+)\u0000$`);

/**
 * JSON.parse of a body's bytes. With `wellFormed` (JSON the gateway wrote: JSON.stringify's, or
 * with strings spliced in that came out of valid JSON), its long strings — the partners' facts in
 * the region's request, megabytes — are read as Latin-1 text instead of through the parser, which
 * scans every character of a string for escapes. Only in bodies all ASCII without a backslash:
 * every quote then opens or closes a string, so the strings are found with indexOf and are their
 * bytes. (A raw control character in such a string, which JSON.parse refuses, would pass: hence
 * only for well-formed bodies.) Any other body goes to JSON.parse as it is, and throws as it does.
 */
export function parseJsonBody(bytes: Buffer, wellFormed = false): unknown {
  const held = wellFormed && longStringsVerbatim(bytes) ? holdBack(bytes) : undefined;
  if (!held) return JSON.parse(textOf(bytes));
  const restore = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const piece = PIECE.exec(value);
      return piece ? held.pieces[Number(piece[1])].toString('latin1') : value;
    }
    if (Array.isArray(value)) return value.map(restore);
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) (value as Record<string, unknown>)[key] = restore((value as Record<string, unknown>)[key]);
    }
    return value;
  };
  return restore(JSON.parse(held.text));
}

/** The body's text with a placeholder for each long string value (not key), and those strings' bytes. */
function holdBack(bytes: Buffer): { text: string; pieces: Buffer[] } | undefined {
  const parts: string[] = [];
  const pieces: Buffer[] = [];
  let from = 0;
  for (let open = bytes.indexOf(QUOTE_BYTE); open !== -1; ) {
    const close = bytes.indexOf(QUOTE_BYTE, open + 1);
    if (close === -1) return undefined; // not JSON: JSON.parse says so
    let next = close + 1;
    while (next < bytes.length && (bytes[next] === 0x20 || bytes[next] === 0x0a || bytes[next] === 0x0d || bytes[next] === 0x09)) next++;
    if (close - open - 1 >= LONG_STRING_BYTES && bytes[next] !== 0x3a) {
      parts.push(bytes.toString('latin1', from, open), JSON.stringify(placeholder(pieces.length)));
      pieces.push(bytes.subarray(open + 1, close));
      from = close + 1;
    }
    open = bytes.indexOf(QUOTE_BYTE, close + 1);
  }
  if (!pieces.length) return undefined;
  parts.push(bytes.toString('latin1', from));
  return { text: parts.join(''), pieces };
}
