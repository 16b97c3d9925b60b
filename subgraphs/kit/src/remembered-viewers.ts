// Tokens already verified, remembered with the viewer they carry until a given time. Both doors
// that check tokens — the gateway for callers, every subgraph for the gateway's internal tokens —
// see the same token many times while it is valid, and checking it anew is a measurable share of
// their CPU. Bounded: the oldest entry leaves when the map is full. Each caller gets its own copy
// of the viewer, since request handling adds fields to it.
import type { Viewer } from './viewer.ts';

export class RememberedViewers {
  readonly #entries = new Map<string, { viewer: Viewer; until: number }>();

  constructor(private readonly limit: number) {}

  /** The viewer of a token remembered and not yet past its time. */
  get(token: string): Viewer | undefined {
    const known = this.#entries.get(token);
    if (!known) return undefined;
    if (Date.now() < known.until) return { ...known.viewer };
    this.#entries.delete(token);
    return undefined;
  }

  /** Remember a verified token's viewer until `until` (ms since the epoch). */
  remember(token: string, viewer: Viewer, until: number): void {
    if (this.#entries.size >= this.limit) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { viewer: { ...viewer }, until });
  }
}
