// Reference data a subgraph reads on nearly every request and that changes only when its seed
// runs (at every start) or when someone corrects it in the database by hand: the territory, the
// partner registry. Read whole (a few hundred rows) into a snapshot per database, kept
// PLEIADI_REFERENCE_KEPT_MS (default a minute): the seed forgets it, so a reload is seen at once
// and a hand correction within that time, and the requests in between read no table for it.
import type { Kysely } from 'kysely';
import { wholeNumberFromEnv } from './env.ts';

export const REFERENCE_KEPT_MS = 60_000;

/** PLEIADI_REFERENCE_KEPT_MS, or a minute. */
export function referenceKeptMs(env = process.env): number {
  return wholeNumberFromEnv(env, 'PLEIADI_REFERENCE_KEPT_MS', { min: 0, max: 86_400_000 }) ?? REFERENCE_KEPT_MS;
}

export interface ReferenceSnapshot<DB, T> {
  /** The snapshot of `db`, read now if none is kept or the kept one is older than KEPT_MS. */
  of(db: Kysely<DB>): Promise<T>;
  /** Drops the snapshot of `db`: the next `of` reads the tables again. */
  forget(db: Kysely<DB>): void;
}

export function referenceSnapshot<DB, T>(read: (db: Kysely<DB>) => Promise<T>, keptMs = referenceKeptMs()): ReferenceSnapshot<DB, T> {
  const kept = new WeakMap<Kysely<DB>, { value: Promise<T>; readAt: number }>();
  return {
    of(db) {
      const snapshot = kept.get(db);
      if (snapshot && Date.now() - snapshot.readAt < keptMs) return snapshot.value;
      const value = read(db);
      kept.set(db, { value, readAt: Date.now() });
      value.catch(() => kept.get(db)?.value === value && kept.delete(db)); // a failed read is not kept
      return value;
    },
    forget(db) {
      kept.delete(db);
    },
  };
}

/** The rows of a snapshot's index found for `keys`, in their order; keys not found are left out. */
export function rowsByKeys<K, T>(index: ReadonlyMap<K, T>, keys: readonly K[]): T[] {
  return keys.flatMap((key) => (index.has(key) ? [index.get(key)!] : []));
}
