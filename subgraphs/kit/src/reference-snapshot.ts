// Reference data a subgraph reads on nearly every request and that changes only when its seed
// runs (at every start) or when someone corrects it in the database by hand: the territory, the
// partner registry. Read whole (a few hundred rows) into a snapshot per database, kept KEPT_MS:
// the seed forgets it, so a reload is seen at once and a hand correction within a minute, and the
// requests in between read no table for it.
import type { Kysely } from 'kysely';

export const REFERENCE_KEPT_MS = 60_000;

export interface ReferenceSnapshot<DB, T> {
  /** The snapshot of `db`, read now if none is kept or the kept one is older than KEPT_MS. */
  of(db: Kysely<DB>): Promise<T>;
  /** Drops the snapshot of `db`: the next `of` reads the tables again. */
  forget(db: Kysely<DB>): void;
}

export function referenceSnapshot<DB, T>(read: (db: Kysely<DB>) => Promise<T>, keptMs = REFERENCE_KEPT_MS): ReferenceSnapshot<DB, T> {
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
