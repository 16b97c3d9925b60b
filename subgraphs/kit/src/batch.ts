// Helpers for dataloader batch functions: answer in the order of the keys asked.

/** Rows grouped under each key, in key order; a key without rows gets an empty list. */
export function groupByKeys<K, T>(keys: readonly K[], rows: readonly T[], keyOf: (row: T) => K): T[][] {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return keys.map((key) => groups.get(key) ?? []);
}
