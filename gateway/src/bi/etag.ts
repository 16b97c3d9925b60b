// HTTP validators for feeds, computed honestly: the ETag is the SHA-256 of the exact bytes of the
// body (so different data always gives a different ETag), which is known only once the whole body
// has been produced. So:
// - A conditional request (If-None-Match / If-Modified-Since) is first produced without being sent,
//   hashing the bytes as they come (memory stays bounded); if the digest matches, the answer is 304
//   and nothing crosses the network — the client keeps its copy and reloads nothing.
// - Otherwise the body is streamed with the ETag last seen for the same request (feed, parameters,
//   format, the caller's role and claims), and hashed as it goes; if the data changed meanwhile, the
//   response is aborted before its end instead of completing under a wrong ETag (the client sees a
//   failed transfer and retries, and gets the new ETag). The first pull of a request has no ETag.
// - Last-Modified is when this gateway process first saw the current digest for that request:
//   not when the partners changed the data (they do not say), but never later than the change.
import { createHash } from 'node:crypto';

export interface Validator {
  etag: string;
  since: Date;
}

const MAX_REMEMBERED = 2_000;

export class Validators {
  private readonly known = new Map<string, Validator>();

  get(key: string): Validator | undefined {
    return this.known.get(key);
  }

  /** Records the digest a request's body had; keeps the first time it was seen while unchanged. */
  saw(key: string, etag: string): Validator {
    const previous = this.known.get(key);
    const validator = previous?.etag === etag ? previous : { etag, since: new Date(Math.floor(Date.now() / 1000) * 1000) };
    this.known.delete(key);
    this.known.set(key, validator);
    if (this.known.size > MAX_REMEMBERED) this.known.delete(this.known.keys().next().value!);
    return validator;
  }
}

export const digestOf = (hash: ReturnType<typeof createHash>) => `"${hash.digest('base64url')}"`;

/** Whether a conditional request's validators match the current one (RFC 9110 §13.1). */
export function notModified(headers: { 'if-none-match'?: string; 'if-modified-since'?: string }, current: Validator): boolean {
  const inm = headers['if-none-match'];
  if (inm) return inm.trim() === '*' || inm.split(',').some((tag) => tag.trim().replace(/^W\//, '') === current.etag);
  const ims = headers['if-modified-since'] ? Date.parse(headers['if-modified-since']) : NaN;
  return Number.isFinite(ims) && current.since.getTime() <= ims;
}

export function validatorHeaders(validator: Validator | undefined): Record<string, string> {
  return validator ? { etag: validator.etag, 'last-modified': validator.since.toUTCString() } : {};
}
